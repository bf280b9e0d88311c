import type { Ticket, TicketVote } from '../db/entities';
import { TicketRepository } from '../db/ticket-repository';
import { pendingVoters } from '../domain/countersign';
import type { ServiceContext } from './context';
import { ticketDefs } from './definitions';
import { DbDirectory } from './directory';

/** The votes of one visit to a countersign state. */
export interface VoteVisit {
  stateId: number;
  visit: number;
  current: boolean;
  votes: (TicketVote & { transitionName: string })[];
  pending: string[];
  departed: string[];
}

/**
 * The ticket's countersign ledger by state visit, oldest first: every recorded vote, and for the visit the ticket
 * is in, who still has to vote (from the round's ledger) and which of them can no longer act.
 */
export async function ticketVotes(ctx: ServiceContext, ticket: Ticket): Promise<VoteVisit[]> {
  const [rows, defs] = await Promise.all([new TicketRepository(ctx.em).votes(ticket.id), ticketDefs(ctx.em, ticket)]);
  const names = new Map(defs.transitions.map((t) => [t.id, t.name]));
  const visits = new Map<number, VoteVisit>();
  const visitOf = (visit: number, stateId: number): VoteVisit => {
    const found = visits.get(visit) ?? { stateId, visit, current: visit === ticket.visit, votes: [], pending: [], departed: [] };
    visits.set(visit, found);
    return found;
  };
  for (const row of rows) visitOf(row.visit, row.stateId).votes.push({ ...row, transitionName: names.get(row.transitionId) ?? '' });
  const pending = pendingVoters(ticket.multiAllPerson);
  if (pending.length) {
    const current = visitOf(ticket.visit, ticket.stateId);
    const active = await new DbDirectory(ctx.em).activeUsers(pending);
    current.pending = pending;
    current.departed = pending.filter((u) => !active.has(u));
  }
  return [...visits.values()].sort((a, b) => a.visit - b.visit);
}
