import type { EntityManager } from '@mikro-orm/core';
import type { JobKind, Ticket } from '../db/entities';
import { EventRepository } from '../db/event-repository';
import { TicketRepository } from '../db/ticket-repository';
import { ParticipantType, ROBOT, StateType, TransitionType } from '../domain/constants';
import { AppError } from '../domain/errors';
import { eventTypeOf, type EventType } from '../domain/events';
import { inEventTransaction } from '../events/signal';
import type { FieldValue } from '../domain/fields';
import { decide, type Decision } from '../domain/machine/decide';
import type { Actor, JobPlan, MachinePorts, TicketAction, TicketChange, TicketSnapshot } from '../domain/machine/model';
import { ticketRefusal } from '../domain/machine/policy';
import { currentHandlers } from '../domain/permissions';
import { claimedValue } from '../domain/machine/uniqueness';
import { allValues, valuesAfter } from '../domain/machine/values';
import type { ServiceContext } from './context';
import { outgoing, ticketDefs, stateOf, type WorkflowDefs } from './definitions';
import { DbDirectory } from './directory';
import { recordStateVisit } from './sla-clocks';
import { moveOpenClaim } from './open-claims';

/** The engine's actor for a request: the named user through the calling app, or the system. */
export function actorOf(ctx: ServiceContext): Actor {
  const system = !!ctx.system;
  return { username: system ? ROBOT : ctx.username, user: ctx.user, app: ctx.app, strict: ctx.config.strict, system };
}

/** The lookups the engine may ask for while deciding about `ticket`. */
export function portsFor(ctx: ServiceContext, em: EntityManager, ticket: Pick<Ticket, 'id' | 'parentTicketId'>): MachinePorts {
  const repo = new TicketRepository(em);
  return {
    directory: new DbDirectory(em),
    timeZone: ctx.config.timeZone,
    lastHandlerIn: (stateId) => repo.lastHandlerIn(ticket.id, stateId),
    parentValues: async () => (ticket.parentTicketId ? repo.valuesOf(ticket.parentTicketId, ctx.config.timeZone) : undefined),
  };
}

/** The users who may act on the ticket now: its participant, or the members of a legacy dept or role participant. */
export async function handlersOf(em: EntityManager, ticket: Pick<Ticket, 'participantTypeId' | 'participant'>): Promise<string[]> {
  const dir = new DbDirectory(em);
  if (ticket.participantTypeId === ParticipantType.DEPT) return dir.usersInDepts(ticket.participant.split(',').map(Number));
  if (ticket.participantTypeId === ParticipantType.ROLE) return dir.roleMembers(Number(ticket.participant));
  return currentHandlers(ticket);
}

/** Everything the engine reads about a ticket. */
export async function snapshotOf(ctx: ServiceContext, em: EntityManager, ticket: Ticket, defs: WorkflowDefs): Promise<TicketSnapshot> {
  const [values, handlers] = await Promise.all([new TicketRepository(em).values(ticket.id, defs.fields, ctx.config.timeZone), handlersOf(em, ticket)]);
  return { ticket, values, handlers };
}

/** Fail with the refusal unless the engine allowed the action. */
export function changeOf<C extends TicketChange>(decision: Decision<C>): C {
  if (!decision.allowed) throw decision.refusal;
  return decision.change;
}

/** A job a change queues: its kind, the ticket it is about, its payload, and how long after the change it runs. */
export interface PlannedJob {
  kind: JobKind;
  ticketId: number;
  payload: Record<string, unknown>;
  delaySeconds: number;
}

/** The ticket columns the jobs of a change depend on, as the change left them. */
type JobSubject = Pick<Ticket, 'id' | 'stateId' | 'participantTypeId' | 'parentTicketId' | 'parentTicketStateId' | 'version'>;

/** What follows a change: notices, timers of the state the ticket is in, its hook or script, the parent's check. */
export function plannedJobs(ticket: JobSubject, defs: WorkflowDefs, jobs: JobPlan): PlannedJob[] {
  const state = stateOf(defs, ticket.stateId);
  const out: PlannedJob[] = [];
  const add = (kind: JobKind, payload: Record<string, unknown>, delaySeconds = 0, ticketId = ticket.id) => out.push({ kind, ticketId, payload, delaySeconds });
  if (jobs.notify) for (const n of defs.notices) add('notice', { noticeId: n.id, version: ticket.version });
  if (jobs.timers) {
    for (const t of outgoing(defs, state.id)) {
      if (t.typeId === TransitionType.TIMER && t.timer > 0) add('timer', { transitionId: t.id, stateId: state.id, version: ticket.version }, t.timer);
    }
  }
  if (jobs.automation && ticket.participantTypeId === ParticipantType.HOOK) add('hook', { stateId: state.id, version: ticket.version });
  if (jobs.automation && ticket.participantTypeId === ParticipantType.SCRIPT) add('script', { stateId: state.id, version: ticket.version });
  if (jobs.parentCheck && state.typeId === StateType.END && ticket.parentTicketId) {
    add('parent', { childId: ticket.id, parentStateId: ticket.parentTicketStateId }, 0, ticket.parentTicketId);
  }
  return out;
}

/** Queue what follows a change, in the change's transaction. */
export function scheduleJobs(repo: TicketRepository, ticket: Ticket, defs: WorkflowDefs, jobs: JobPlan): void {
  for (const job of plannedJobs(ticket, defs, jobs)) repo.enqueue(job.kind, job.ticketId, job.payload, new Date(Date.now() + job.delaySeconds * 1000));
}

/**
 * The value the ticket holds under its workflow's uniqueness rule, given its values. A ticket migrating out of a
 * state its new version lacks was open there (only end states close a claim), so it counts as in a normal state.
 */
function claimOf(defs: WorkflowDefs, ticket: Ticket, values: Record<string, FieldValue>): string | null {
  if (!defs.workflow.oneOpenPer) return null;
  return claimedValue(defs.workflow.oneOpenPer, { ...ticket, stateTypeId: defs.states.get(ticket.stateId)?.typeId ?? StateType.NORMAL, values });
}

/** The event a change appends: its type and who acted. */
export interface EventOf {
  type: EventType;
  actor: string;
}

/** The event an action taken in `ctx` appends. */
export function eventOf(ctx: ServiceContext, type: EventType): EventOf {
  return { type, actor: actorOf(ctx).username };
}

/**
 * Write a decided change: the vote it casts (in the visit it was cast in), the ticket's columns (a new version
 * unless the ticket is new), its claim under the workflow's uniqueness rule, duty index (and a watcher's row), values, flow log with the
 * ticket as the change left it, jobs and the SLA state visit; then one flush, and the change's event as the
 * transaction's last write (docs/events.md).
 */
export async function applyChange(
  em: EntityManager,
  ticket: Ticket,
  defs: WorkflowDefs,
  before: Record<string, FieldValue>,
  change: TicketChange,
  timeZone: string,
  event: EventOf,
  newTicket = false,
): Promise<void> {
  const repo = new TicketRepository(em);
  if (change.vote) repo.addVote(ticket.id, { stateId: ticket.stateId, visit: ticket.visit }, change.vote);
  const claimBefore = newTicket ? null : claimOf(defs, ticket, before);
  const fromStateId = newTicket ? (change.log?.stateId ?? ticket.stateId) : ticket.stateId;
  Object.assign(ticket, change.set);
  if (!newTicket) {
    ticket.version += 1;
    ticket.updatedAt = new Date();
  }
  const duty = change.duty
    ? await repo.syncDuty(ticket, change.duty.users, { worker: change.duty.worker, creator: change.duty.creator, newTicket })
    : { added: [], removed: [] };
  if (change.watcher) await repo.addWatcher(ticket, change.watcher);
  await repo.writeValues(ticket.id, change.values, newTicket);
  const after = valuesAfter(before, change.values, timeZone);
  await moveOpenClaim(em, ticket, defs, claimBefore, claimOf(defs, ticket, after));
  const log = change.log && repo.addFlowLog(ticket.id, change.log, allValues(ticket, after, timeZone));
  scheduleJobs(repo, ticket, defs, change.jobs);
  await recordStateVisit(em, ticket, defs, newTicket ? null : fromStateId);
  await em.flush();
  await new EventRepository(em).append({
    ticketId: ticket.id,
    workflowId: ticket.workflowId,
    type: event.type,
    actor: event.actor,
    fromStateId,
    toStateId: ticket.stateId,
    flowLogId: log ? log.id : null,
    dutyAdded: duty.added,
    dutyRemoved: duty.removed,
    version: ticket.version,
  });
}

/** Load a live ticket the app reaches, with its row locked, and check the version the caller saw. */
export async function lockTicket(ctx: ServiceContext, em: EntityManager, ticketId: number, expectedVersion?: number | null): Promise<Ticket> {
  const ticket = await new TicketRepository(em).lockLive(ticketId);
  if (!ticket) throw AppError.ticketNotFound();
  const refusal = ticketRefusal(ctx.app, ticket, expectedVersion);
  if (refusal) throw refusal;
  return ticket;
}

/** What an action on an existing ticket names. */
export interface TicketTarget {
  ticketId: number;
  expectedVersion?: number | null;
}

/** Act on a ticket: lock it, decide, apply — one transaction. The system acts without the person rules. */
export function actOn(ctx: ServiceContext, target: TicketTarget, action: TicketAction): Promise<Ticket> {
  return inEventTransaction(ctx.em, async (em) => {
    const ticket = await lockTicket(ctx, em, target.ticketId, target.expectedVersion);
    const defs = await ticketDefs(em, ticket);
    const snapshot = await snapshotOf(ctx, em, ticket, defs);
    const change = changeOf(await decide(snapshot, defs, actorOf(ctx), action, portsFor(ctx, em, ticket)));
    await applyChange(em, ticket, defs, snapshot.values, change, ctx.config.timeZone, eventOf(ctx, eventTypeOf(action)));
    return ticket;
  });
}

/** The ticket and its custom values as one dictionary: what hooks, scripts and notices receive. */
export async function ticketDocument(em: EntityManager, ticket: Ticket, defs: WorkflowDefs, timeZone: string): Promise<Record<string, unknown>> {
  return allValues(ticket, await new TicketRepository(em).values(ticket.id, defs.fields, timeZone), timeZone);
}
