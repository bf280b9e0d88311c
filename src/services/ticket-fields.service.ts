import type { Ticket } from '../db/entities';
import type { ServiceContext } from './context';
import { actOn } from './ticket-engine';

/** Rewrite field values of a ticket: custom fields, and `title` among the base columns. */
export function updateTicketFields(
  ctx: ServiceContext,
  input: { ticketId: number; fields: Record<string, unknown>; expectedVersion?: number | null },
): Promise<Ticket> {
  return actOn(ctx, input, { kind: 'updateFields', fields: input.fields });
}

/** Run the hook or script of the current state again. */
export function retryTicketScript(ctx: ServiceContext, input: { ticketId: number; expectedVersion?: number | null }): Promise<Ticket> {
  return actOn(ctx, input, { kind: 'retryAutomation' });
}
