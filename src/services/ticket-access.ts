import type { EntityManager } from '@mikro-orm/core';
import type { Ticket } from '../db/entities';
import { TicketRepository } from '../db/ticket-repository';
import { AppError } from '../domain/errors';
import { appRefusal, isHandler, managerRefusal, requireAllowed, type PolicySubject } from '../domain/machine/policy';
import type { ServiceContext } from './context';
import type { WorkflowDefs } from './definitions';
import { actorOf, handlersOf } from './ticket-engine';

/** A live ticket the app reaches, read-only (see read-only.ts): what reads show and never change. */
export async function findTicket(ctx: ServiceContext, em: EntityManager, id: number): Promise<Ticket> {
  const ticket = await new TicketRepository(em).readLive(id);
  if (!ticket) throw AppError.ticketNotFound();
  const refusal = appRefusal(ctx.app, ticket.workflowId);
  if (refusal) throw refusal;
  return ticket;
}

/** What the policy needs to know about a ticket. */
export async function subjectOf(em: EntityManager, ticket: Ticket, definition: WorkflowDefs): Promise<PolicySubject> {
  return { ticket, handlers: await handlersOf(em, ticket), definition };
}

/** Fail unless the acting user may read the ticket (handler, manager, or the view rule); says whether they handle it. */
export async function requireReader(ctx: ServiceContext, em: EntityManager, ticket: Ticket, defs: WorkflowDefs): Promise<{ isHandler: boolean }> {
  const subject = await subjectOf(em, ticket, defs);
  const actor = actorOf(ctx);
  requireAllowed(actor, 'view', subject);
  return { isHandler: isHandler(actor, subject) };
}

/** Fail unless the acting user manages the workflow. */
export function requireManager(ctx: ServiceContext, defs: WorkflowDefs): void {
  const refusal = managerRefusal(actorOf(ctx), defs);
  if (refusal) throw refusal;
}
