import { Ticket, Workflow, WorkflowAdmin } from '../db/entities';
import { TicketRepository } from '../db/ticket-repository';
import { AppError } from '../domain/errors';
import type { ServiceContext } from './context';

/** A ticket that waits for users who can no longer act on it. */
export interface DepartedHandlers {
  ticket: Ticket;
  /** The deleted, inactive or unknown users it waits for. */
  usernames: string[];
}

/** The most tickets one answer lists. */
const MAX_TICKETS = 500;

/**
 * Tickets waiting for users who were deleted or deactivated after they became handlers: such a user acts on no
 * ticket, so a manager must deliver each of these to someone else. Superusers see every workflow the app
 * reaches, workflow managers their workflows.
 */
export async function ticketsAwaitingDepartedUsers(ctx: ServiceContext): Promise<DepartedHandlers[]> {
  if (!ctx.user) throw AppError.forbidden(`username: ${ctx.username} is not existed or has been deleted`);
  let scope: number[] | null = ctx.app.allWorkflows ? null : [...ctx.app.workflowIds];
  if (!ctx.user.isAdmin) {
    const managed = new Set([
      ...(await ctx.em.find(WorkflowAdmin, { username: ctx.username })).map((a) => a.workflowId),
      ...(await ctx.em.find(Workflow, { creator: ctx.username, isDeleted: false }, { fields: ['id'] })).map((w) => w.id),
    ]);
    scope = (scope ?? [...managed]).filter((id) => managed.has(id));
    if (!scope.length) return [];
  }
  const rows = await new TicketRepository(ctx.em).dutyOfDeparted(scope, MAX_TICKETS * 4);
  const byTicket = new Map<number, string[]>();
  for (const r of rows) byTicket.set(r.ticketId, [...(byTicket.get(r.ticketId) ?? []), r.username]);
  const ids = [...byTicket.keys()].slice(0, MAX_TICKETS);
  const tickets = ids.length ? await ctx.em.find(Ticket, { id: ids }, { orderBy: { id: 'desc' } }) : [];
  return tickets.map((ticket) => ({ ticket, usernames: byTicket.get(ticket.id)! }));
}
