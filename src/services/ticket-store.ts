import { LockMode, type EntityManager } from '@mikro-orm/core';
import { FlowLog, OutboxJob, Ticket, TicketUser, TicketValue, type JobKind } from '../db/entities';
import { selectReadOnly } from '../db/read-only';
import { AppError } from '../domain/errors';
import { fromStored, toStored, usernamesIn, type FieldValue } from '../domain/fields';
import { dayKey, formatDateTime } from '../domain/time';
import { capSuggestion } from '../domain/transitions';
import type { ServiceContext } from './context';
import { DbDirectory } from './directory';
import type { WorkflowDefs } from './definitions';

/** May the caller's app use this workflow? */
export function appAllows(ctx: ServiceContext, workflowId: number): boolean {
  return ctx.app.allWorkflows || ctx.app.workflowIds.includes(workflowId);
}

/**
 * Load a live ticket the app may see. With `lock`, a managed entity whose row stays locked for the rest
 * of the transaction; without, a read-only one (see read-only.ts) that must not be changed.
 */
export async function findTicket(ctx: ServiceContext, em: EntityManager, id: number, lock = false): Promise<Ticket> {
  const ticket = lock
    ? await em.findOne(Ticket, { id, isDeleted: false }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true })
    : (await selectReadOnly(em, Ticket, 'select * from `tickets` where `id` = ? and `is_deleted` = 0', [id]))[0];
  if (!ticket) throw AppError.ticketNotFound();
  if (!appAllows(ctx, ticket.workflowId)) throw AppError.forbidden('the app has no permission to the workflow_id');
  return ticket;
}

/** Fail with STALE_TICKET when the caller saw another version. */
export function checkVersion(ticket: Ticket, expected: number | null | undefined): void {
  if (expected != null && expected !== ticket.version) throw AppError.staleTicket(expected, ticket.version);
}

/** Custom values of a ticket keyed by field key (unset fields are null). */
export async function ticketValues(em: EntityManager, ticket: Ticket, defs: WorkflowDefs, timeZone: string): Promise<Record<string, FieldValue>> {
  const rows = await selectReadOnly(em, TicketValue, 'select * from `ticket_values` where `ticket_id` = ?', [ticket.id]);
  const out = noValues(defs);
  for (const row of rows) if (row.fieldKey in out) out[row.fieldKey] = fromStored(row.fieldTypeId, row, timeZone);
  return out;
}

/** Validate the given custom values against their fields; returns typed rows to write. */
export async function validateValues(em: EntityManager, defs: WorkflowDefs, input: Record<string, unknown>, timeZone: string) {
  const entries = Object.entries(input).filter(([k]) => defs.fieldsByKey.has(k));
  const names = entries.flatMap(([k, v]) => usernamesIn(defs.fieldsByKey.get(k)!, v));
  const knownUsers = await new DbDirectory(em).activeUsers(names);
  return entries.map(([key, raw]) => {
    const field = defs.fieldsByKey.get(key)!;
    return { field, stored: toStored(field, raw, { timeZone, knownUsers }) };
  });
}

/** Write validated custom values: upsert each row, delete the row for a null. */
export async function writeValues(em: EntityManager, ticketId: number, rows: Awaited<ReturnType<typeof validateValues>>, newTicket = false): Promise<void> {
  if (!rows.length) return;
  const existing = newTicket ? [] : await em.find(TicketValue, { ticketId, fieldKey: rows.map((r) => r.field.fieldKey) });
  const byKey = new Map(existing.map((r) => [r.fieldKey, r]));
  for (const { field, stored } of rows) {
    const row = byKey.get(field.fieldKey);
    if (!stored) {
      if (row) em.remove(row);
      continue;
    }
    const blank = { stringValue: null, textValue: null, intValue: null, floatValue: null, boolValue: null, dateValue: null, datetimeValue: null };
    if (row) Object.assign(row, { ...blank, ...stored, fieldTypeId: field.fieldTypeId });
    else em.persist(em.create(TicketValue, { ticketId, fieldKey: field.fieldKey, fieldTypeId: field.fieldTypeId, ...blank, ...stored }));
  }
}

/** `before` (as `ticketValues` read it) with the rows `writeValues` stored, as `ticketValues` would read them back. */
export function valuesAfterWrite(before: Record<string, FieldValue>, rows: Awaited<ReturnType<typeof validateValues>>, timeZone: string): Record<string, FieldValue> {
  const written = rows.map(({ field, stored }) => [field.fieldKey, stored ? fromStored(field.fieldTypeId, stored, timeZone) : null]);
  return { ...before, ...Object.fromEntries(written) };
}

/** The values of a ticket with none stored yet. */
export function noValues(defs: WorkflowDefs): Record<string, FieldValue> {
  return Object.fromEntries(defs.fields.map((f) => [f.fieldKey, null]));
}

/** The all-values dictionary of §9.4 (ticket columns with formatted times, plus custom values). */
export function allValues(ticket: Ticket, values: Record<string, FieldValue>, timeZone: string): Record<string, unknown> {
  return {
    id: ticket.id, sn: ticket.sn, title: ticket.title, workflow_id: ticket.workflowId, state_id: ticket.stateId,
    parent_ticket_id: ticket.parentTicketId, parent_ticket_state_id: ticket.parentTicketStateId,
    participant_type_id: ticket.participantTypeId, participant: ticket.participant, relation: ticket.relation,
    in_add_node: ticket.inAddNode, add_node_man: ticket.addNodeMan, script_run_last_result: ticket.scriptRunLastResult,
    act_state_id: ticket.actStateId, multi_all_person: JSON.stringify(ticket.multiAllPerson), creator: ticket.creator,
    is_deleted: ticket.isDeleted, gmt_created: formatDateTime(ticket.createdAt, timeZone),
    gmt_modified: formatDateTime(ticket.updatedAt, timeZone), ...values,
  };
}

/** A flow log to write. */
export interface LogEntry {
  stateId: number;
  transitionId?: number;
  suggestion?: string;
  interveneTypeId?: number;
  participant: string;
  participantTypeId?: number;
  snapshot: Record<string, unknown>;
}

/** Append a flow log (the ticket row must already be flushed, see stack.md on deadlocks). */
export function addFlowLog(em: EntityManager, ticketId: number, entry: LogEntry): FlowLog {
  const log = em.create(FlowLog, {
    ticketId,
    stateId: entry.stateId,
    transitionId: entry.transitionId ?? 0,
    suggestion: capSuggestion(entry.suggestion ?? ''),
    interveneTypeId: entry.interveneTypeId ?? 0,
    participant: entry.participant,
    participantTypeId: entry.participantTypeId ?? 1,
    ticketData: entry.snapshot,
  });
  em.persist(log);
  return log;
}

/** Who else the relation index must know about: the creator (on create) and the user who acted (on handle). */
export interface RelationExtras {
  creator?: string;
  worker?: string;
  /** The ticket was just inserted: it has no rows yet. */
  newTicket?: boolean;
}

/** Make exactly `users` in_process for the ticket (§7.2, §12.11), adding the creator's row and marking the worker's. */
export async function syncTicketUsers(em: EntityManager, ticket: Pick<Ticket, 'id' | 'createdAt'>, users: string[], extras: RelationExtras = {}): Promise<void> {
  const ticketId = ticket.id;
  const rows = extras.newTicket ? [] : await em.find(TicketUser, { ticketId });
  const byName = new Map(rows.map((r) => [r.username, r]));
  const wanted = new Set(users.filter(Boolean));
  for (const row of rows) row.inProcess = wanted.has(row.username);
  for (const name of [...wanted, extras.creator, extras.worker]) {
    if (!name || byName.has(name)) continue;
    const row = em.create(TicketUser, { ticketId, username: name, inProcess: wanted.has(name), worked: false, createdAt: ticket.createdAt });
    byName.set(name, row);
    em.persist(row);
  }
  if (extras.worker) byName.get(extras.worker)!.worked = true;
}

/** The highest counter among the serials `<stem>NNNN` already stored (tickets imported or created before the counter row). */
async function highestSerial(em: EntityManager, stem: string): Promise<number> {
  const rows = await em.find(Ticket, { sn: { $like: `${stem}%` } }, { fields: ['sn'] });
  return rows.reduce((max, t) => {
    const rest = t.sn.slice(stem.length);
    return t.sn.startsWith(stem) && /^\d+$/.test(rest) ? Math.max(max, Number(rest)) : max;
  }, 0);
}

/** Allocate the next serial number `<prefix>_YYYYMMDDNNNN` atomically inside the transaction (§10.1). */
export async function allocateSn(em: EntityManager, dialect: 'sqlite' | 'mysql', prefix: string, now: Date, timeZone: string): Promise<string> {
  const day = dayKey(now, timeZone);
  const key = `${prefix}:${day}`;
  const stem = `${prefix}_${day}`;
  const conn = em.getConnection();
  const trx = em.getTransactionContext();
  const read = () => conn.execute<{ value: number }[]>('select `value` from serial_counters where `key` = ?', [key], 'all', trx);
  const first = (await read()).length ? 1 : (await highestSerial(em, stem)) + 1;
  const upsert = dialect === 'sqlite'
    ? 'insert into serial_counters (`key`, `value`) values (?, ?) on conflict(`key`) do update set `value` = `value` + 1'
    : 'insert into serial_counters (`key`, `value`) values (?, ?) on duplicate key update `value` = `value` + 1';
  await conn.execute(upsert, [key, first], 'run', trx);
  const [row] = await read();
  return `${stem}${String(row.value).padStart(4, '0')}`;
}

/** Queue a side effect in the current transaction. */
export function enqueue(em: EntityManager, kind: JobKind, ticketId: number, payload: Record<string, unknown>, runAt = new Date()): void {
  em.persist(em.create(OutboxJob, { kind, ticketId, payload, runAt }));
}
