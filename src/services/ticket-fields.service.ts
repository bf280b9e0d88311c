import type { Ticket } from '../db/entities';
import { Intervene, ParticipantType } from '../domain/constants';
import { ticketTitle } from '../domain/fields';
import { AppError, ErrorCode } from '../domain/errors';
import type { ServiceContext } from './context';
import { requireHandlerOrManager } from './ticket-access';
import { logAction, scheduleAfterChange, touch, withLockedTicket } from './ticket-flow';
import { validateValues, writeValues } from './ticket-store';
import { stateOf } from './definitions';

/** Rewrite field values of a ticket (§4.14 with the Decision: only `title` among base keys). */
export function updateTicketFields(ctx: ServiceContext, input: { ticketId: number; fields: Record<string, unknown>; expectedVersion?: number | null }): Promise<Ticket> {
  if (!Object.keys(input.fields).length) return Promise.reject(AppError.badInput('post参数为空'));
  return withLockedTicket(ctx, input.ticketId, input.expectedVersion, async (em, ticket, defs) => {
    if (ctx.config.strict) await requireHandlerOrManager(ctx, em, ticket, defs);
    const { title, ...rest } = input.fields;
    if (title !== undefined) ticket.title = ticketTitle(title);
    await writeValues(em, ticket.id, await validateValues(em, defs, rest, ctx.config.timeZone));
    touch(ticket);
    return ticket;
  });
}

/** Run the hook or script of the current state again (§4.15). */
export function retryTicketScript(ctx: ServiceContext, input: { ticketId: number; expectedVersion?: number | null }): Promise<Ticket> {
  return withLockedTicket(ctx, input.ticketId, input.expectedVersion, async (em, ticket, defs) => {
    if (ctx.config.strict) await requireHandlerOrManager(ctx, em, ticket, defs);
    if (ticket.participantTypeId !== ParticipantType.SCRIPT && ticket.participantTypeId !== ParticipantType.HOOK) {
      throw new AppError(ErrorCode.BAD_INPUT, "The ticket's participant_type is not robot or hook, do not allow retry");
    }
    ticket.scriptRunLastResult = true;
    touch(ticket);
    await logAction(ctx, em, ticket, defs, { stateId: ticket.stateId, interveneTypeId: Intervene.HOOK, suggestion: 'retry requested' });
    await scheduleAfterChange(em, ticket, defs, stateOf(defs, ticket.stateId), { notify: false, timers: false, automation: true, parentCheck: false });
    return ticket;
  });
}
