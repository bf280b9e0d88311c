import type { Ticket } from '../db/entities';
import type { ServiceContext } from './context';
import { actOn } from './ticket-engine';

/** Arguments shared by the intervention actions. */
export interface ActionInput {
  ticketId: number;
  suggestion?: string | null;
  expectedVersion?: number | null;
}

const said = (input: ActionInput) => input.suggestion ?? '';

/** Accept a ticket offered to several handlers: it becomes the caller's alone. */
export function acceptTicket(ctx: ServiceContext, input: ActionInput): Promise<Ticket> {
  return actOn(ctx, input, { kind: 'accept', suggestion: said(input) });
}

/** Hand the ticket to another user, as its handler or (fromAdmin) as a workflow admin. */
export function deliverTicket(ctx: ServiceContext, input: ActionInput & { targetUsername: string; fromAdmin?: boolean }): Promise<Ticket> {
  return actOn(ctx, input, { kind: 'deliver', target: input.targetUsername, fromAdmin: !!input.fromAdmin, suggestion: said(input) });
}

/** A workflow manager hands a voter's pending countersign vote (say, a departed user's) to another user. */
export function reassignVote(ctx: ServiceContext, input: ActionInput & { fromUsername: string; targetUsername: string }): Promise<Ticket> {
  return actOn(ctx, input, { kind: 'deliver', target: input.targetUsername, fromAdmin: true, voter: input.fromUsername, suggestion: said(input) });
}

/** Hand the ticket to the members of a role or dept (an SLA escalation; participant type dept or role with its value). */
export function deliverToGroup(ctx: ServiceContext, input: ActionInput & { group: { participantTypeId: number; participant: string } }): Promise<Ticket> {
  return actOn(ctx, input, { kind: 'deliverToGroup', group: input.group, suggestion: said(input) });
}

/** Add a user to the ticket's relation: they may read it and find it in their relation list (an SLA escalation). */
export function addWatcher(ctx: ServiceContext, input: ActionInput & { username: string }): Promise<Ticket> {
  return actOn(ctx, input, { kind: 'addWatcher', target: input.username, suggestion: said(input) });
}

/** Ask another user to act first; the ticket returns to the caller when they finish (nesting keeps a stack). */
export function addNode(ctx: ServiceContext, input: ActionInput & { targetUsername: string }): Promise<Ticket> {
  return actOn(ctx, input, { kind: 'addNode', target: input.targetUsername, suggestion: said(input) });
}

/** Finish an add-node: the ticket goes back to whoever added the caller. */
export function finishAddNode(ctx: ServiceContext, input: ActionInput): Promise<Ticket> {
  return actOn(ctx, input, { kind: 'addNodeEnd', suggestion: said(input) });
}

/** Force the ticket into a state of its workflow (managers). */
export function changeTicketState(ctx: ServiceContext, input: ActionInput & { stateId: number }): Promise<Ticket> {
  return actOn(ctx, input, { kind: 'changeState', stateId: input.stateId, suggestion: said(input) });
}

/** Close a ticket: move it to the first end state (managers, or the creator in the start state). */
export function closeTicket(ctx: ServiceContext, input: ActionInput): Promise<Ticket> {
  return actOn(ctx, input, { kind: 'close', suggestion: said(input) });
}

/** Withdraw a ticket to the start state (the creator, where the state allows it). */
export function retreatTicket(ctx: ServiceContext, input: ActionInput): Promise<Ticket> {
  return actOn(ctx, input, { kind: 'retreat', suggestion: said(input) });
}

/** Soft-delete a ticket (managers). */
export function deleteTicket(ctx: ServiceContext, input: ActionInput): Promise<Ticket> {
  return actOn(ctx, input, { kind: 'delete', suggestion: said(input) });
}

/** Add a comment to the ticket's history (in strict mode, readers only). */
export function addTicketComment(ctx: ServiceContext, input: ActionInput & { suggestion: string }): Promise<Ticket> {
  return actOn(ctx, input, { kind: 'comment', suggestion: input.suggestion ?? '' });
}
