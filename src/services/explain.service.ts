import type { Ticket } from '../db/entities';
import { TicketRepository } from '../db/ticket-repository';
import { AppError } from '../domain/errors';
import { explainActions, type ExplainedAction } from '../domain/machine/explain';
import { creationLimitRefusal } from '../domain/machine/limits';
import { authorizeCreate, ticketRefusal } from '../domain/machine/policy';
import type { Refusal } from '../domain/machine/refusal';
import type { ServiceContext } from './context';
import { requireWorkflowDefs } from './definitions';
import { creationFacts } from './limits';
import { actorOf, portsFor, snapshotOf } from './ticket-engine';

/** Every action of the ticket's current state for the acting user, available or with the reason it would be refused. */
export async function actionsOf(ctx: ServiceContext, ticket: Ticket, expectedVersion?: number | null): Promise<ExplainedAction[]> {
  const defs = await requireWorkflowDefs(ctx.em, ticket.workflowId);
  const snapshot = await snapshotOf(ctx, ctx.em, ticket, defs);
  return explainActions(snapshot, defs, actorOf(ctx), portsFor(ctx, ctx.em, ticket), ticketRefusal(ctx.app, ticket, expectedVersion));
}

/**
 * The explain list of a ticket by id. A ticket of a workflow the app is not granted is listed with every action
 * refused (APP_NOT_ALLOWED), as the actions themselves would be; a missing or deleted ticket is TICKET_NOT_FOUND.
 */
export async function ticketActions(ctx: ServiceContext, ticketId: number, expectedVersion?: number | null): Promise<ExplainedAction[]> {
  const ticket = await new TicketRepository(ctx.em).readLive(ticketId);
  if (!ticket) throw AppError.ticketNotFound();
  return actionsOf(ctx, ticket, expectedVersion);
}

/** May the acting user create a ticket of the workflow now? The app's scope and the creation limits, as createTicket checks them. */
export async function creationRefusal(ctx: ServiceContext, workflowId: number): Promise<Refusal | null> {
  const actor = actorOf(ctx);
  const refused = authorizeCreate(actor, workflowId);
  if (refused) return refused;
  const limit = (await requireWorkflowDefs(ctx.em, workflowId)).workflow.limitExpression;
  return creationLimitRefusal(actor.username, limit, await creationFacts(ctx, ctx.em, workflowId, limit));
}
