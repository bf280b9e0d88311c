import type { EntityManager } from '@mikro-orm/core';
import { FlowLog, Ticket as TicketRow, TicketValue, type State, type Ticket } from '../db/entities';
import { fromStored } from '../domain/fields';
import { ParticipantType, ROBOT, StateType, TransitionType } from '../domain/constants';
import { resolveParticipants, type Resolution } from '../domain/participants';
import { mergeRelation } from '../domain/permissions';
import type { ServiceContext } from './context';
import { outgoing, requireWorkflowDefs, type WorkflowDefs } from './definitions';
import { DbDirectory } from './directory';
import { requireLiveActor } from './ticket-access';
import { addFlowLog, allValues, checkVersion, enqueue, findTicket, syncTicketUsers, ticketValues, type RelationExtras } from './ticket-store';

/** Inputs to resolving who handles a ticket in a state. */
export interface EnterOptions {
  creator: string;
  /** Request values overlaid on the stored ones for participant type field. */
  values: Record<string, unknown>;
}

async function parentValueReader(em: EntityManager, ticket: Pick<Ticket, 'parentTicketId'>, timeZone: string) {
  if (!ticket.parentTicketId) return undefined;
  const parent = await em.findOne(TicketRow, { id: ticket.parentTicketId, isDeleted: false });
  if (!parent) return undefined;
  const rows = await em.find(TicketValue, { ticketId: parent.id });
  const map = new Map(rows.map((r) => [r.fieldKey, fromStored(r.fieldTypeId, r, timeZone)]));
  return (key: string) => map.get(key) ?? null;
}

/** Resolve the handlers of a state for a ticket. */
export async function resolveFor(ctx: ServiceContext, em: EntityManager, ticket: Pick<Ticket, 'parentTicketId'>, state: State, opts: EnterOptions): Promise<Resolution> {
  const parentFieldValue = await parentValueReader(em, ticket, ctx.config.timeZone);
  return resolveParticipants(
    { state, creator: opts.creator, fieldValue: (k) => opts.values[k] ?? null, parentFieldValue },
    new DbDirectory(em),
  );
}

/** The latest human who handled the ticket in a state through a transition (remember_last_man, §5). */
export async function lastHandlerIn(em: EntityManager, ticketId: number, stateId: number): Promise<string | null> {
  const log = await em.findOne(
    FlowLog,
    { ticketId, stateId, transitionId: { $gt: 0 }, participantTypeId: ParticipantType.PERSONAL, participant: { $ne: ROBOT } },
    { orderBy: { id: 'desc' } },
  );
  return log?.participant ?? null;
}

/** Put a resolution on the ticket: participant columns, relation and the in_process index. */
export async function assign(em: EntityManager, ticket: Ticket, r: Resolution, extras: RelationExtras = {}): Promise<void> {
  applyResolution(ticket, r);
  await syncTicketUsers(em, ticket, r.users, extras);
}

/** The participant columns and relation of a resolution, without the index (for a ticket not yet inserted). */
export function applyResolution(ticket: Ticket, r: Resolution): void {
  ticket.participantTypeId = r.participantTypeId;
  ticket.participant = r.participant;
  ticket.multiAllPerson = r.multiAllPerson;
  ticket.relation = mergeRelation(ticket.relation, r.users);
}

/** Bump the ticket's version and modification time (every mutation does, §12.20). */
export function touch(ticket: Ticket): void {
  ticket.version += 1;
  ticket.updatedAt = new Date();
}

/** Queue what follows a ticket change: notices, timers of the state entered, hooks/scripts, parent completion. */
export async function scheduleAfterChange(em: EntityManager, ticket: Ticket, defs: WorkflowDefs, state: State, opts: { notify: boolean; timers: boolean; automation: boolean; parentCheck: boolean }): Promise<void> {
  if (opts.notify) {
    for (const n of defs.notices) enqueue(em, 'notice', ticket.id, { noticeId: n.id, version: ticket.version });
  }
  if (opts.timers) {
    for (const t of outgoing(defs, state.id)) {
      if (t.typeId !== TransitionType.TIMER || t.timer <= 0) continue;
      enqueue(em, 'timer', ticket.id, { transitionId: t.id, stateId: state.id, version: ticket.version }, new Date(Date.now() + t.timer * 1000));
    }
  }
  if (opts.automation && ticket.participantTypeId === ParticipantType.HOOK) enqueue(em, 'hook', ticket.id, { stateId: state.id, version: ticket.version });
  if (opts.automation && ticket.participantTypeId === ParticipantType.SCRIPT) enqueue(em, 'script', ticket.id, { stateId: state.id, version: ticket.version });
  if (opts.parentCheck && state.typeId === StateType.END && ticket.parentTicketId) {
    enqueue(em, 'parent', ticket.parentTicketId, { childId: ticket.id, parentStateId: ticket.parentTicketStateId });
  }
}

/** Run a ticket mutation by a live user (or the system) in one transaction with the ticket row locked and the version checked. */
export function withLockedTicket<T>(
  ctx: ServiceContext,
  ticketId: number,
  expectedVersion: number | null | undefined,
  fn: (em: EntityManager, ticket: Ticket, defs: WorkflowDefs) => Promise<T>,
): Promise<T> {
  requireLiveActor(ctx);
  return ctx.em.transactional(async (em) => {
    const ticket = await findTicket(ctx, em, ticketId, true);
    checkVersion(ticket, expectedVersion);
    const defs = await requireWorkflowDefs(em, ticket.workflowId);
    const out = await fn(em, ticket, defs);
    await em.flush();
    return out;
  });
}

/** Write an intervention log for the acting user with a snapshot of the ticket. */
export async function logAction(ctx: ServiceContext, em: EntityManager, ticket: Ticket, defs: WorkflowDefs, entry: { stateId: number; interveneTypeId: number; suggestion?: string; participant?: string; participantTypeId?: number }): Promise<void> {
  await em.flush();
  addFlowLog(em, ticket.id, {
    stateId: entry.stateId, interveneTypeId: entry.interveneTypeId, suggestion: entry.suggestion ?? '',
    participant: entry.participant ?? ctx.username, participantTypeId: entry.participantTypeId,
    snapshot: allValues(ticket, await ticketValues(em, ticket, defs, ctx.config.timeZone), ctx.config.timeZone),
  });
}

/** Queue the workflow's notices about a change that leaves the ticket in its state (accept, deliver, comment…). */
export function notifyChange(em: EntityManager, ticket: Ticket, defs: WorkflowDefs): Promise<void> {
  return scheduleAfterChange(em, ticket, defs, defs.states.get(ticket.stateId)!, { notify: true, timers: false, automation: false, parentCheck: false });
}
