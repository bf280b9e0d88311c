import type { EntityManager } from '@mikro-orm/core';
import type { Ticket } from '../db/entities';
import { User } from '../db/entities';
import { ActState, Intervene, ParticipantType, StateType } from '../domain/constants';
import { AppError, ErrorCode } from '../domain/errors';
import { actStateAfterIntervention } from '../domain/transitions';
import type { ServiceContext } from './context';
import { stateOf, startState } from './definitions';
import { requireHandle, requireManager, requireReader } from './ticket-access';
import { assign, logAction, notifyChange, resolveFor, scheduleAfterChange, touch, withLockedTicket } from './ticket-flow';
import { ticketValues } from './ticket-store';

/** Arguments shared by the intervention actions. */
export interface ActionInput {
  ticketId: number;
  suggestion?: string | null;
  expectedVersion?: number | null;
}

async function requireActiveUser(em: EntityManager, username: string, role: string): Promise<void> {
  if (!username) throw AppError.badInput(`${role} is required`);
  const user = await em.findOne(User, { username, isActive: true, isDeleted: false });
  if (!user) throw AppError.badInput(`${role} "${username}" is not an existing active user`);
}

function personal(username: string) {
  return { participantTypeId: ParticipantType.PERSONAL, participant: username, users: [username], multiAllPerson: {} };
}

/** Accept a ticket offered to several handlers (§4.5). */
export function acceptTicket(ctx: ServiceContext, input: ActionInput): Promise<Ticket> {
  return withLockedTicket(ctx, input.ticketId, input.expectedVersion, async (em, ticket, defs) => {
    const check = await requireHandle(ctx, em, ticket, defs);
    if (!check.needAccept) throw AppError.badInput('participant is one people, do not accept ticket first');
    await assign(em, ticket, personal(ctx.username));
    touch(ticket);
    await logAction(ctx, em, ticket, defs, { stateId: ticket.stateId, interveneTypeId: Intervene.ACCEPT, suggestion: input.suggestion || '接单处理' });
    await notifyChange(em, ticket, defs);
    return ticket;
  });
}

/** Hand the ticket to another user, as its handler or as a workflow admin (§4.6, §12.9). */
export function deliverTicket(ctx: ServiceContext, input: ActionInput & { targetUsername: string; fromAdmin?: boolean }): Promise<Ticket> {
  return withLockedTicket(ctx, input.ticketId, input.expectedVersion, async (em, ticket, defs) => {
    if (input.fromAdmin) requireManager(ctx, defs);
    else await requireHandle(ctx, em, ticket, defs);
    await requireActiveUser(em, input.targetUsername, 'target_username');
    await assign(em, ticket, personal(input.targetUsername));
    touch(ticket);
    await logAction(ctx, em, ticket, defs, { stateId: ticket.stateId, interveneTypeId: Intervene.DELIVER, suggestion: input.suggestion ?? '' });
    await notifyChange(em, ticket, defs);
    return ticket;
  });
}

/** Ask another user to act first; the ticket returns to the caller when they finish (§4.7, nesting keeps a stack). */
export function addNode(ctx: ServiceContext, input: ActionInput & { targetUsername: string }): Promise<Ticket> {
  return withLockedTicket(ctx, input.ticketId, input.expectedVersion, async (em, ticket, defs) => {
    await requireHandle(ctx, em, ticket, defs);
    await requireActiveUser(em, input.targetUsername, 'target_username');
    if (input.targetUsername === ctx.username) throw AppError.badInput('target_username: cannot add yourself');
    const stack = [...ticket.addNodeStack, ctx.username];
    await assign(em, ticket, personal(input.targetUsername));
    Object.assign(ticket, { inAddNode: true, addNodeMan: ctx.username, addNodeStack: stack });
    touch(ticket);
    await logAction(ctx, em, ticket, defs, { stateId: ticket.stateId, interveneTypeId: Intervene.ADD_NODE, suggestion: input.suggestion ?? '' });
    await notifyChange(em, ticket, defs);
    return ticket;
  });
}

/** Finish an add-node: the ticket goes back to whoever added the caller (§4.8 with the Decision). */
export function finishAddNode(ctx: ServiceContext, input: ActionInput): Promise<Ticket> {
  return withLockedTicket(ctx, input.ticketId, input.expectedVersion, async (em, ticket, defs) => {
    await requireHandle(ctx, em, ticket, defs);
    if (!ticket.inAddNode) throw new AppError(ErrorCode.BAD_INPUT, 'the ticket is not in add-node mode, nothing to finish');
    const stack = [...ticket.addNodeStack];
    const back = stack.pop() ?? ticket.addNodeMan;
    await assign(em, ticket, personal(back));
    Object.assign(ticket, { inAddNode: stack.length > 0, addNodeMan: stack.at(-1) ?? '', addNodeStack: stack });
    touch(ticket);
    await logAction(ctx, em, ticket, defs, { stateId: ticket.stateId, interveneTypeId: Intervene.ADD_NODE_END, suggestion: input.suggestion ?? '' });
    await notifyChange(em, ticket, defs);
    return ticket;
  });
}

/** Force the ticket into a state (admin intervention, §4.12 with the §12.10 fixes). */
export function changeTicketState(ctx: ServiceContext, input: ActionInput & { stateId: number }): Promise<Ticket> {
  return withLockedTicket(ctx, input.ticketId, input.expectedVersion, async (em, ticket, defs) => {
    requireManager(ctx, defs);
    const target = defs.states.get(input.stateId);
    if (!target) throw AppError.badInput(`state_id ${input.stateId} is not a state of workflow ${ticket.workflowId}`);
    const source = ticket.stateId;
    const values = await ticketValues(em, ticket, defs, ctx.config.timeZone);
    const resolution = await resolveFor(ctx, em, ticket, target, { creator: ticket.creator, values });
    await assign(em, ticket, resolution);
    Object.assign(ticket, { stateId: target.id, inAddNode: false, addNodeMan: '', addNodeStack: [], actStateId: actStateAfterIntervention(target.typeId) });
    touch(ticket);
    await logAction(ctx, em, ticket, defs, { stateId: source, interveneTypeId: Intervene.CHANGE_STATE, suggestion: input.suggestion ?? '' });
    await scheduleAfterChange(em, ticket, defs, target, { notify: true, timers: true, automation: true, parentCheck: false });
    return ticket;
  });
}

/** Close a ticket: move it to the first end state (admin, or the creator in the start state). */
export function closeTicket(ctx: ServiceContext, input: ActionInput): Promise<Ticket> {
  return withLockedTicket(ctx, input.ticketId, input.expectedVersion, async (em, ticket, defs) => {
    const inStart = stateOf(defs, ticket.stateId).typeId === StateType.START;
    if (!(inStart && ticket.creator === ctx.username)) requireManager(ctx, defs);
    const end = [...defs.states.values()].find((s) => s.typeId === StateType.END);
    if (!end) throw AppError.badInput(`workflow ${ticket.workflowId} has no end state`);
    await assign(em, ticket, { participantTypeId: ParticipantType.NONE, participant: '', users: [], multiAllPerson: {} });
    Object.assign(ticket, { stateId: end.id, inAddNode: false, addNodeMan: '', addNodeStack: [], actStateId: ActState.CLOSED });
    touch(ticket);
    await logAction(ctx, em, ticket, defs, { stateId: end.id, interveneTypeId: Intervene.CLOSE, suggestion: `强制关闭工单:${input.suggestion ?? ''}` });
    await scheduleAfterChange(em, ticket, defs, end, { notify: true, timers: false, automation: false, parentCheck: false });
    return ticket;
  });
}

/** Withdraw a ticket to the start state (the creator, where the state allows it). */
export function retreatTicket(ctx: ServiceContext, input: ActionInput): Promise<Ticket> {
  return withLockedTicket(ctx, input.ticketId, input.expectedVersion, async (em, ticket, defs) => {
    if (ticket.creator !== ctx.username) throw AppError.forbidden('only the creator may retreat a ticket');
    if (!stateOf(defs, ticket.stateId).enableRetreat) throw AppError.forbidden('the current state does not allow retreat');
    const start = startState(defs);
    await assign(em, ticket, personal(ticket.creator));
    Object.assign(ticket, { stateId: start.id, inAddNode: false, addNodeMan: '', addNodeStack: [], actStateId: ActState.RETREATED });
    touch(ticket);
    await logAction(ctx, em, ticket, defs, { stateId: start.id, interveneTypeId: Intervene.RETREAT, suggestion: input.suggestion ?? '' });
    await scheduleAfterChange(em, ticket, defs, start, { notify: true, timers: false, automation: false, parentCheck: false });
    return ticket;
  });
}

/** Soft-delete a ticket (admin, §4.17). */
export function deleteTicket(ctx: ServiceContext, input: ActionInput): Promise<Ticket> {
  return withLockedTicket(ctx, input.ticketId, input.expectedVersion, async (em, ticket, defs) => {
    requireManager(ctx, defs);
    await logAction(ctx, em, ticket, defs, { stateId: ticket.stateId, interveneTypeId: Intervene.DELETE, suggestion: input.suggestion ?? '' });
    ticket.isDeleted = true;
    touch(ticket);
    return ticket;
  });
}

/** Add a comment to the ticket's history (strict mode: readers only). */
export function addTicketComment(ctx: ServiceContext, input: ActionInput & { suggestion: string }): Promise<Ticket> {
  if (!input.suggestion?.trim()) return Promise.reject(AppError.badInput('suggestion: must be a non-empty string'));
  return withLockedTicket(ctx, input.ticketId, input.expectedVersion, async (em, ticket, defs) => {
    if (ctx.config.strict) await requireReader(ctx, em, ticket, defs);
    touch(ticket);
    await logAction(ctx, em, ticket, defs, { stateId: ticket.stateId, interveneTypeId: Intervene.COMMENT, suggestion: input.suggestion });
    await notifyChange(em, ticket, defs);
    return ticket;
  });
}
