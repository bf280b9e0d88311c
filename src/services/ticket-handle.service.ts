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

/** Move a ticket through a transition; with `system`, as the system (timers, hooks, scripts, sub-tickets). */
export function handleTicket(ctx: ServiceContext, input: HandleTicketInput, system?: SystemLog): Promise<Ticket> {
  const action = { kind: 'handle', transitionId: input.transitionId, fields: input.fields, suggestion: input.suggestion ?? '', system } as const;
  return actOn(ctx, input, action, !!system);
}
