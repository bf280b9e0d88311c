import { Ticket } from '../db/entities';
import { AppError, ErrorCode } from '../domain/errors';
import { actStateAfter, chooseDestination } from '../domain/transitions';
import { FieldAttribute } from '../domain/constants';
import type { ServiceContext } from './context';
import { requireWorkflowDefs, startState, stateOf } from './definitions';
import { checkCreationLimit } from './limits';
import { requireLiveActor } from './ticket-access';
import { applyResolution, resolveFor, scheduleAfterChange } from './ticket-flow';
import { addFlowLog, allValues, allocateSn, appAllows, noValues, syncTicketUsers, validateValues, valuesAfterWrite, writeValues } from './ticket-store';
import { keysWithAttribute, missingRequired, ticketTitle } from '../domain/fields';

/** What a caller sends to create a ticket. */
export interface CreateTicketInput {
  workflowId: number;
  transitionId: number;
  title?: string | null;
  suggestion?: string | null;
  parentTicketId?: number | null;
  parentTicketStateId?: number | null;
  /** Custom values keyed by field key. */
  fields: Record<string, unknown>;
}

/** Create a ticket and move it through its first transition, in one transaction (§4.2). */
export async function createTicket(ctx: ServiceContext, input: CreateTicketInput): Promise<Ticket> {
  if (!ctx.username) throw AppError.badInput('username is required (send the username header)');
  requireLiveActor(ctx);
  if (!appAllows(ctx, input.workflowId)) throw AppError.forbidden(`APP:${ctx.app.name} have no permission to create this workflow ticket`);
  const defs = await requireWorkflowDefs(ctx.em, input.workflowId);
  const start = startState(defs);
  const transition = defs.transitions.find((t) => t.id === input.transitionId);
  if (!transition || transition.sourceStateId !== start.id) {
    throw new AppError(ErrorCode.INVALID_TRANSITION, 'transition_id is invalid', { transitionId: input.transitionId });
  }
  const body: Record<string, unknown> = { ...input.fields, title: input.title ?? input.fields.title };
  const title = body.title == null ? '' : ticketTitle(body.title);
  if (transition.fieldRequireCheck) {
    const missing = missingRequired(start.fields, body);
    if (missing.length) {
      throw new AppError(ErrorCode.FIELD_REQUIRED, `此工单的必填字段为:${keysWithAttribute(start.fields, FieldAttribute.REQUIRED).join(',')} (missing: ${missing.join(',')})`, { missing });
    }
  }
  const writable = new Set(keysWithAttribute(start.fields, FieldAttribute.REQUIRED, FieldAttribute.OPTIONAL));
  const customInput = Object.fromEntries(Object.entries(input.fields).filter(([k]) => writable.has(k)));
  const rows = await validateValues(ctx.em, defs, customInput, ctx.config.timeZone);
  const conditionValues = { ...body, transition_id: input.transitionId, suggestion: input.suggestion ?? '', username: ctx.username };
  const destination = stateOf(defs, chooseDestination(transition, conditionValues));
  const parentTicketId = input.parentTicketId ?? 0;
  const resolution = await resolveFor(ctx, ctx.em, { parentTicketId }, destination, { creator: ctx.username, values: body });

  return ctx.em.transactional(async (em) => {
    await checkCreationLimit(ctx, em, input.workflowId, defs.workflow.limitExpression);
    const now = new Date();
    const ticket = em.create(Ticket, {
      title,
      workflowId: input.workflowId,
      sn: await allocateSn(em, ctx.config.database.dialect, ctx.app.snPrefix || 'loonflow', now, ctx.config.timeZone),
      stateId: destination.id,
      parentTicketId,
      parentTicketStateId: input.parentTicketStateId ?? 0,
      creator: ctx.username,
      relation: ctx.username,
      actStateId: actStateAfter(destination.typeId, transition.attributeTypeId),
      createdAt: now,
      updatedAt: now,
    });
    applyResolution(ticket, resolution);
    await em.persistAndFlush(ticket);
    await syncTicketUsers(em, ticket, resolution.users, { creator: ctx.username, newTicket: true });
    await writeValues(em, ticket.id, rows, true);
    addFlowLog(em, ticket.id, {
      stateId: start.id, transitionId: transition.id, suggestion: input.suggestion ?? '', participant: ctx.username,
      snapshot: allValues(ticket, valuesAfterWrite(noValues(defs), rows, ctx.config.timeZone), ctx.config.timeZone),
    });
    await scheduleAfterChange(em, ticket, defs, destination, { notify: true, timers: true, automation: true, parentCheck: true });
    await em.flush();
    return ticket;
  });
}
