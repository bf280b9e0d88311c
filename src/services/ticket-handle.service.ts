import type { Ticket } from '../db/entities';
import type { SystemLog } from '../domain/machine/model';
import type { ServiceContext } from './context';
import { actOn } from './ticket-engine';

/** What a handler sends to move a ticket. */
export interface HandleTicketInput {
  ticketId: number;
  transitionId: number;
  suggestion?: string | null;
  /** Values of fields writable in the current state, keyed by field key (title included). */
  fields: Record<string, unknown>;
  expectedVersion?: number | null;
}

/**
 * Move a ticket through a transition. The system context (timers, hooks, scripts, sub-tickets) acts without the
 * person rules; `systemLog` says how its move is logged.
 */
export function handleTicket(ctx: ServiceContext, input: HandleTicketInput, systemLog?: SystemLog): Promise<Ticket> {
  const action = { kind: 'handle', transitionId: input.transitionId, fields: input.fields, suggestion: input.suggestion ?? '', system: systemLog } as const;
  return actOn(ctx, input, action);
}
