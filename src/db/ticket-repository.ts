import { LockMode, type EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { ParticipantType, ROBOT } from '../domain/constants';
import { dutyDiff, type DutyDiff } from '../domain/events';
import { fromStored, type FieldDef, type FieldValue } from '../domain/fields';
import type { CastVote, LogPlan, ValueWrite } from '../domain/machine/model';
import { dayKey } from '../domain/time';
import { capSuggestion } from '../domain/transitions';
import { FlowLog, OutboxJob, SlaVisit, Ticket, TicketUser, TicketValue, TicketVote, type JobKind } from './entities';
import { selectReadOnly } from './read-only';
import { outsideTransactions } from './catalog';

/** Who else the duty index must know about: the creator (on create) and the user who acted (on handle). */
export interface DutyExtras {
  creator?: string;
  worker?: string;
  /** The ticket was just inserted: it has no rows yet. */
  newTicket?: boolean;
}

const BLANK_VALUE = { stringValue: null, textValue: null, intValue: null, floatValue: null, boolValue: null, dateValue: null, datetimeValue: null };

/** Tickets and what hangs off them — values, flow logs, the duty index, serial numbers, jobs — in one entity manager. */
export class TicketRepository {
  constructor(private readonly em: EntityManager) {}

  /** A live ticket, its row locked for the rest of the transaction. */
  lockLive(id: number): Promise<Ticket | null> {
    return this.em.findOne(Ticket, { id, isDeleted: false }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  }

  /** A live ticket as a read-only entity (see read-only.ts): never to be changed. */
  async readLive(id: number): Promise<Ticket | null> {
    return (await selectReadOnly(this.em, Ticket, 'select * from `tickets` where `id` = ? and `is_deleted` = 0', [id]))[0] ?? null;
  }

  /** Custom values of a ticket keyed by field key; fields without a value are null. */
  async values(ticketId: number, fields: readonly FieldDef[], timeZone: string): Promise<Record<string, FieldValue>> {
    const rows = await selectReadOnly(this.em, TicketValue, 'select * from `ticket_values` where `ticket_id` = ?', [ticketId]);
    const out: Record<string, FieldValue> = Object.fromEntries(fields.map((f) => [f.fieldKey, null]));
    for (const row of rows) if (row.fieldKey in out) out[row.fieldKey] = fromStored(row.fieldTypeId, row, timeZone);
    return out;
  }

  /** Custom values of any live ticket, whatever its workflow (a parent's, for participant type parent_field). */
  async valuesOf(ticketId: number, timeZone: string): Promise<Record<string, FieldValue> | undefined> {
    if (!(await this.em.count(Ticket, { id: ticketId, isDeleted: false }))) return undefined;
    const rows = await this.em.find(TicketValue, { ticketId });
    return Object.fromEntries(rows.map((r) => [r.fieldKey, fromStored(r.fieldTypeId, r, timeZone)]));
  }

  /** Write validated values: upsert each row, delete the row of a cleared value. */
  async writeValues(ticketId: number, writes: readonly ValueWrite[], newTicket = false): Promise<void> {
    if (!writes.length) return;
    const existing = newTicket ? [] : await this.em.find(TicketValue, { ticketId, fieldKey: writes.map((w) => w.field.fieldKey) });
    const byKey = new Map(existing.map((r) => [r.fieldKey, r]));
    for (const { field, stored } of writes) {
      const row = byKey.get(field.fieldKey);
      if (!stored) {
        if (row) this.em.remove(row);
      } else if (row) {
        Object.assign(row, { ...BLANK_VALUE, ...stored, fieldTypeId: field.fieldTypeId });
      } else {
        this.em.persist(this.em.create(TicketValue, { ticketId, fieldKey: field.fieldKey, fieldTypeId: field.fieldTypeId, ...BLANK_VALUE, ...stored }));
      }
    }
  }

  /** Append a flow log with the ticket as it is after the change. */
  addFlowLog(ticketId: number, log: LogPlan, snapshot: Record<string, unknown>): FlowLog {
    const row = this.em.create(FlowLog, { ...log, ticketId, suggestion: capSuggestion(log.suggestion), ticketData: snapshot });
    this.em.persist(row);
    return row;
  }

  /** Record a countersign vote cast in the ticket's visit `visit` to `stateId`. */
  addVote(ticketId: number, at: { stateId: number; visit: number }, vote: CastVote): void {
    this.em.persist(this.em.create(TicketVote, { ...vote, ...at, ticketId, suggestion: capSuggestion(vote.suggestion) }));
  }

  /** The ticket's votes, oldest first. */
  votes(ticketId: number): Promise<TicketVote[]> {
    return this.em.find(TicketVote, { ticketId }, { orderBy: { id: 'asc' } });
  }

  /** How many live flow logs the ticket has. */
  async flowLogCount(ticketId: number): Promise<number> {
    const [row] = await this.em
      .getConnection()
      .execute<{ n: number }[]>(
        'select count(*) as n from `flow_logs` where `ticket_id` = ? and `is_deleted` = 0',
        [ticketId],
        'all',
        this.em.getTransactionContext(),
      );
    return Number(row.n);
  }

  /** A page of the ticket's live flow logs by id, as read-only entities. */
  flowLogs(ticketId: number, page: { offset: number; limit: number; ascending: boolean }): Promise<FlowLog[]> {
    const order = page.ascending ? 'asc' : 'desc';
    const sql = `select * from \`flow_logs\` where \`ticket_id\` = ? and \`is_deleted\` = 0 order by \`id\` ${order} limit ? offset ?`;
    return selectReadOnly(this.em, FlowLog, sql, [ticketId, page.limit, page.offset]);
  }

  /** The latest person (not the system) who moved the ticket out of a state. */
  async lastHandlerIn(ticketId: number, stateId: number): Promise<string | null> {
    const log = await this.em.findOne(
      FlowLog,
      { ticketId, stateId, transitionId: { $gt: 0 }, participantTypeId: ParticipantType.PERSONAL, participant: { $ne: ROBOT } },
      { orderBy: { id: 'desc' } },
    );
    return log?.participant ?? null;
  }

  /** Give a watcher a row of the duty index (for the `relation` list), unless they have one; their duty is left alone. */
  async addWatcher(ticket: Pick<Ticket, 'id' | 'createdAt'>, username: string): Promise<void> {
    if (await this.em.findOne(TicketUser, { ticketId: ticket.id, username })) return;
    this.em.persist(this.em.create(TicketUser, { ticketId: ticket.id, username, inProcess: false, worked: false, createdAt: ticket.createdAt }));
  }

  /**
   * Make exactly `users` the ticket's duty (in_process) rows, adding the creator's row and marking the worker's;
   * answers whose duty list gained or lost the ticket.
   */
  async syncDuty(ticket: Pick<Ticket, 'id' | 'createdAt'>, users: readonly string[], extras: DutyExtras = {}): Promise<DutyDiff> {
    const rows = extras.newTicket ? [] : await this.em.find(TicketUser, { ticketId: ticket.id });
    const byName = new Map(rows.map((r) => [r.username, r]));
    const wanted = new Set(users.filter(Boolean));
    const diff = dutyDiff(
      rows.filter((r) => r.inProcess).map((r) => r.username),
      wanted,
    );
    for (const row of rows) row.inProcess = wanted.has(row.username);
    for (const name of [...wanted, extras.creator, extras.worker]) {
      if (!name || byName.has(name)) continue;
      const row = this.em.create(TicketUser, { ticketId: ticket.id, username: name, inProcess: wanted.has(name), worked: false, createdAt: ticket.createdAt });
      byName.set(name, row);
      this.em.persist(row);
    }
    if (extras.worker) byName.get(extras.worker)!.worked = true;
    return diff;
  }

  /** The highest counter among the serials `<stem>NNNN` already stored (tickets imported or created before the counter row). */
  private async highestSerial(stem: string): Promise<number> {
    const rows = await this.em.find(Ticket, { sn: { $like: `${stem}%` } }, { fields: ['sn'] });
    return rows.reduce((max, t) => {
      const rest = t.sn.slice(stem.length);
      return t.sn.startsWith(stem) && /^\d+$/.test(rest) ? Math.max(max, Number(rest)) : max;
    }, 0);
  }

  /** Add `by` to the day's counter and answer its new value, in one statement that commits at once (outside a transaction). */
  private async bumpCounter(dialect: 'sqlite' | 'mysql', key: string, by: number): Promise<number> {
    // Outside the transaction the caller may be in (a keyed request's): on MariaDB through a connection no
    // transaction holds, so the counter row is held for this statement only; on SQLite the transaction holds the
    // only connection, and the bump goes through it.
    const em = outsideTransactions(this.em);
    const conn = em.getConnection();
    const tx = em.getTransactionContext();
    if (dialect === 'sqlite') {
      const sql = 'insert into serial_counters (`key`, `value`) values (?, ?) on conflict(`key`) do update set `value` = `value` + ? returning `value`';
      const [row] = await conn.execute<{ value: number }[]>(sql, [key, by, by], 'all', tx);
      return Number(row.value);
    }
    // LAST_INSERT_ID(expr) hands the new value back in the statement's own answer, on MySQL and MariaDB alike.
    const sql = 'insert into serial_counters (`key`, `value`) values (?, last_insert_id(?)) on duplicate key update `value` = last_insert_id(`value` + ?)';
    const result = await conn.execute<{ insertId: number }>(sql, [key, by, by], 'run', tx);
    return Number(result.insertId);
  }

  /**
   * Close the ticket's open state visit. It is found by a plain read and updated by its primary key: an update
   * that searched `ticket_id` would lock, on MariaDB, the index gap after the ticket's last visit too, where the
   * visits of other tickets go in (tickets without visits: those older than the table, or a fresh create after
   * the newest ticket), and moves of neighbouring tickets would deadlock on it. The ticket's row lock, held by
   * the caller, keeps its visits still between the read and the update.
   */
  async closeOpenVisit(ticketId: number, now: Date): Promise<void> {
    const sql = 'select `id` from `sla_visits` where `ticket_id` = ? and `left_at` is null';
    const open = await this.em.getConnection().execute<{ id: number }[]>(sql, [ticketId], 'all', this.em.getTransactionContext());
    if (open.length) await this.em.nativeUpdate(SlaVisit, { id: { $in: open.map((row: { id: number }) => Number(row.id)) } }, { leftAt: now });
  }

  /**
   * The next serial number `<prefix>_YYYYMMDDNNNN`. The counter row per prefix and day is bumped in a statement
   * of its own, outside the ticket's transaction, so concurrent creates never wait for each other's commit; a
   * create that fails afterwards leaves a gap. The day's first number skips past serials already stored for
   * that day (tickets imported before the counter existed).
   */
  async allocateSn(dialect: 'sqlite' | 'mysql', prefix: string, now: Date, timeZone: string): Promise<string> {
    const day = dayKey(now, timeZone);
    const key = `${prefix}:${day}`;
    const stem = `${prefix}_${day}`;
    let value = await this.bumpCounter(dialect, key, 1);
    if (value === 1) {
      const taken = await this.highestSerial(stem);
      if (taken > 0) value = await this.bumpCounter(dialect, key, taken);
    }
    return `${stem}${String(value).padStart(4, '0')}`;
  }

  /**
   * Live tickets that wait for someone who can no longer act: a duty row (in process) whose user is deleted,
   * inactive or unknown. Limited to `workflowIds` (null: every workflow); at most `limit` rows, newest first.
   */
  async dutyOfDeparted(workflowIds: number[] | null, limit: number): Promise<{ ticketId: number; username: string }[]> {
    const qb = (this.em as SqlEntityManager)
      .getKnex()
      .select('tu.ticket_id as ticketId', 'tu.username as username')
      .from('ticket_users as tu')
      .join('tickets as t', 't.id', 'tu.ticket_id')
      .leftJoin('users as u', (on) => on.on('u.username', 'tu.username').andOnVal('u.is_deleted', 0).andOnVal('u.is_active', 1))
      .where('tu.in_process', 1)
      .andWhere('t.is_deleted', 0)
      .whereNull('u.id')
      .orderBy('tu.ticket_id', 'desc')
      .limit(limit);
    if (workflowIds) qb.whereIn('t.workflow_id', workflowIds);
    const { sql, bindings } = qb.toSQL().toNative();
    const rows = await this.em.getConnection().execute<{ ticketId: number; username: string }[]>(sql, [...bindings], 'all', this.em.getTransactionContext());
    return rows.map((r: { ticketId: number; username: string }) => ({ ticketId: Number(r.ticketId), username: String(r.username) }));
  }

  /** How many live tickets wait for the user (the duty list's length). */
  async dutyCount(username: string): Promise<number> {
    const sql =
      'select count(*) as n from `ticket_users` as tu join `tickets` as t on t.`id` = tu.`ticket_id` where tu.`username` = ? and tu.`in_process` = 1 and t.`is_deleted` = 0';
    const [row] = await this.em.getConnection().execute<{ n: number }[]>(sql, [username], 'all', this.em.getTransactionContext());
    return Number(row.n);
  }

  /** Queue a job in the current transaction. */
  enqueue(kind: JobKind, ticketId: number, payload: Record<string, unknown>, runAt = new Date()): void {
    this.em.persist(this.em.create(OutboxJob, { kind, ticketId, payload, runAt }));
  }
}
