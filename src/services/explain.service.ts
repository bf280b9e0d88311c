import type { Ticket } from '../db/entities';
import { explainActions, type ExplainedAction } from '../domain/machine/explain';
import { creationLimitRefusal } from '../domain/machine/limits';
import { authorizeCreate, ticketRefusal } from '../domain/machine/policy';
import { RefusalReason, type Refusal } from '../domain/machine/refusal';
import type { ServiceContext } from './context';
import { requireWorkflowDefs, ticketDefs } from './definitions';
import { creationFacts } from './limits';
import { findTicket, requireReader } from './ticket-access';
import { actorOf, portsFor, snapshotOf } from './ticket-engine';

/**
 * Every action of the ticket's current state for the acting user, available or with the reason it would be
 * refused. Only a user who may read the ticket sees the list (it names the handlers and what the state waits for).
 */
export async function actionsOf(ctx: ServiceContext, ticket: Ticket, expectedVersion?: number | null): Promise<ExplainedAction[]> {
  const defs = await ticketDefs(ctx.em, ticket);
  await requireReader(ctx, ctx.em, ticket, defs);
  const snapshot = await snapshotOf(ctx, ctx.em, ticket, defs);
  return explainActions(snapshot, defs, actorOf(ctx), portsFor(ctx, ctx.em, ticket), ticketRefusal(ctx.app, ticket, expectedVersion));
}

/**
 * The explain list of a ticket by id. Like every read, a ticket of a workflow the app is not granted is refused
 * outright (APP_NOT_ALLOWED, as its actions would be), and a missing or deleted one is TICKET_NOT_FOUND.
 */
export async function ticketActions(ctx: ServiceContext, ticketId: number, expectedVersion?: number | null): Promise<ExplainedAction[]> {
  return actionsOf(ctx, await findTicket(ctx, ctx.em, ticketId), expectedVersion);
}

/**
 * May the acting user create a ticket of the workflow now? A name and the creation limits, as createTicket checks
 * them. A workflow the app is not granted is refused outright (APP_NOT_ALLOWED), like every read of it.
 */
export async function creationRefusal(ctx: ServiceContext, workflowId: number): Promise<Refusal | null> {
  const actor = actorOf(ctx);
  const refused = authorizeCreate(actor, workflowId);
  if (refused?.reason === RefusalReason.APP_NOT_ALLOWED) throw refused;
  if (refused) return refused;
  const limit = (await requireWorkflowDefs(ctx.em, workflowId)).workflow.limitExpression;
  return creationLimitRefusal(actor.username, limit, await creationFacts(ctx, ctx.em, workflowId, limit));
}
