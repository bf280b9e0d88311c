import type { EntityManager } from '@mikro-orm/core';
import type { Config } from '../config';
import { App, OutboxAttempt, OutboxJob, Ticket } from '../db/entities';
import { Intervene, ParticipantType, ROBOT, StateType } from '../domain/constants';
import { AppError } from '../domain/errors';
import { EventType } from '../domain/events';
import { EventRepository } from '../db/event-repository';
import { inEventTransaction } from '../events/signal';
import { requirePlainText } from '../domain/fields';
import type { ServiceContext } from './context';
import { outgoing, ticketDefs } from './definitions';
import type { SystemLog } from '../domain/machine/model';
import { Refusal, RefusalReason } from '../domain/machine/refusal';
import { findTicket, requireManager, requireReader } from './ticket-access';
import { actOn, eventOf, lockTicket } from './ticket-engine';
import { handleTicket } from './ticket-handle.service';

/** The context the outbox worker acts in: every workflow, as the system actor. */
export function systemContext(em: EntityManager, config: Config): ServiceContext {
  const app = Object.assign(new App(), { name: 'loongate', allWorkflows: true, workflowIds: [], snPrefix: 'loonflow' });
  return { em, config, app, username: ROBOT, user: null, system: true };
}

/** Move a ticket through the first transition out of a state as the system, if it is still there. */
export async function advanceBySystem(
  ctx: ServiceContext,
  input: { ticketId: number; stateId: number; transitionId?: number; suggestion: string; fields?: Record<string, unknown>; expectedVersion?: number },
  actor: SystemLog = {},
): Promise<Ticket | null> {
  const ticket = await ctx.em.findOne(Ticket, { id: input.ticketId, isDeleted: false });
  if (!ticket || ticket.stateId !== input.stateId) return null;
  const defs = await ticketDefs(ctx.em, ticket);
  const transitionId = input.transitionId ?? outgoing(defs, input.stateId)[0]?.id;
  if (!transitionId) throw AppError.badInput(`state ${input.stateId} has no outgoing transition to advance through`);
  return handleTicket(
    ctx,
    { ticketId: ticket.id, transitionId, suggestion: input.suggestion, fields: input.fields ?? {}, expectedVersion: input.expectedVersion },
    actor,
  );
}

/** Record the outcome of a hook or script on the ticket's history; a failure marks the ticket. */
export async function recordAutomation(
  ctx: ServiceContext,
  ticketId: number,
  entry: { ok: boolean; suggestion: string; participant: string; participantTypeId: number; interveneTypeId?: number },
): Promise<void> {
  await actOn(ctx, { ticketId }, { kind: 'recordAutomation', ...entry, interveneTypeId: entry.interveneTypeId ?? 0 });
}

/** The suggestion of the move that follows a hook which answered without waiting. */
export const HOOK_ADVANCE_SUGGESTION = 'hook执行完成后自行流转';

/**
 * A hook that answered success without waiting (wait: false): its answer is logged as the hook (participant
 * `hook`, type 10), then the ticket moves through the state's first transition as loonrobot, as every automatic
 * move does; both in one transaction.
 */
export function hookAnsweredAdvance(ctx: ServiceContext, input: { ticketId: number; stateId: number; msg: string }): Promise<Ticket | null> {
  return inEventTransaction(ctx.em, async (em) => {
    const tx = { ...ctx, em };
    await recordAutomation(tx, input.ticketId, { ok: true, suggestion: input.msg, participant: 'hook', participantTypeId: ParticipantType.HOOK });
    return advanceBySystem(tx, { ticketId: input.ticketId, stateId: input.stateId, suggestion: HOOK_ADVANCE_SUGGESTION });
  });
}

/** A hook's answer to a waiting ticket: advance as loonrobot with its field values, or mark the failure. */
export async function hookCallback(
  ctx: ServiceContext,
  input: { ticketId: number; result: boolean; msg: string; fieldValue: Record<string, unknown> },
): Promise<Ticket> {
  requirePlainText('msg', input.msg);
  const ticket = await findTicket(ctx, ctx.em, input.ticketId);
  if (ticket.participantTypeId !== ParticipantType.HOOK)
    throw new Refusal(RefusalReason.NOT_WAITING_FOR_HOOK, 'the ticket waits for no hook in its current state');
  const system = systemContext(ctx.em, ctx.config);
  if (!input.result) {
    await recordAutomation(system, ticket.id, {
      ok: false,
      suggestion: input.msg || 'hook reported a failure',
      participant: 'hook',
      participantTypeId: ParticipantType.HOOK,
      interveneTypeId: Intervene.HOOK,
    });
  } else {
    await advanceBySystem(system, { ticketId: ticket.id, stateId: ticket.stateId, suggestion: input.msg, fields: input.fieldValue });
  }
  return ctx.em.fork({ keepTransactionContext: true }).findOneOrFail(Ticket, ticket.id);
}

/** Whether every live sub-ticket linked to (parent, state) has ended. */
export async function allChildrenEnded(em: EntityManager, parentId: number, parentStateId: number): Promise<boolean> {
  const children = await em.find(Ticket, { parentTicketId: parentId, parentTicketStateId: parentStateId, isDeleted: false });
  if (!children.length) return false;
  for (const child of children) {
    const defs = await ticketDefs(em, child);
    if (defs.states.get(child.stateId)?.typeId !== StateType.END) return false;
  }
  return true;
}

/** The outbox jobs of a ticket the caller may read (handlers, viewers and managers). */
export async function ticketJobs(ctx: ServiceContext, ticket: Ticket): Promise<OutboxJob[]> {
  await requireReader(ctx, ctx.em, ticket, await ticketDefs(ctx.em, ticket));
  return ctx.em.find(OutboxJob, { ticketId: ticket.id, kind: { $ne: 'webhook' } }, { orderBy: { id: 'asc' } });
}

/** Run a failed, void or pending job again now (admins of the ticket's workflow); a hook or script clears the ticket's failure mark. */
export async function retryJob(ctx: ServiceContext, jobId: number): Promise<OutboxJob> {
  const job = await ctx.em.findOne(OutboxJob, jobId);
  if (!job) throw AppError.notFound(`job ${jobId} does not exist`);
  const ticket = await findTicket(ctx, ctx.em, job.ticketId);
  requireManager(ctx, await ticketDefs(ctx.em, ticket));
  return inEventTransaction(ctx.em, async (em) => {
    const locked = await lockTicket(ctx, em, ticket.id);
    const row = await em.findOneOrFail(OutboxJob, jobId, { refresh: true });
    if (row.status === 'running' || row.status === 'done')
      throw AppError.badInput(`job ${jobId} is ${row.status}, only pending, failed or void jobs can be retried`);
    if ((row.kind === 'hook' || row.kind === 'script') && !locked.scriptRunLastResult) {
      Object.assign(locked, { scriptRunLastResult: true, version: locked.version + 1, updatedAt: new Date() });
      await em.flush();
      const { type, actor } = eventOf(ctx, EventType.AUTOMATION_RETRIED);
      const at = { fromStateId: locked.stateId, toStateId: locked.stateId, version: locked.version };
      await new EventRepository(em).append({
        ticketId: locked.id,
        workflowId: locked.workflowId,
        type,
        actor,
        ...at,
        flowLogId: null,
        dutyAdded: [],
        dutyRemoved: [],
      });
    }
    Object.assign(row, { status: 'pending', attempts: 0, runAt: new Date(), lastError: '', lockedBy: '', lockedUntil: null, finishedAt: null });
    return row;
  });
}

/** The attempts of a job, oldest first. */
export function jobAttempts(ctx: ServiceContext, jobId: number): Promise<OutboxAttempt[]> {
  return ctx.em.find(OutboxAttempt, { jobId }, { orderBy: { id: 'asc' } });
}
