import type { EntityManager } from '@mikro-orm/core';
import type { State, Ticket } from '../db/entities';
import { FieldAttribute, ParticipantType, ROBOT } from '../domain/constants';
import { AppError, ErrorCode } from '../domain/errors';
import { keysWithAttribute, missingRequired, ticketTitle } from '../domain/fields';
import { castVote, pendingVoters } from '../domain/votes';
import { actStateAfter, chooseDestination } from '../domain/transitions';
import type { Resolution } from '../domain/participants';
import type { ServiceContext } from './context';
import { requireWorkflowDefs, stateOf } from './definitions';
import { requireHandle, requireLiveActor } from './ticket-access';
import { assign, lastHandlerIn, resolveFor, scheduleAfterChange, touch } from './ticket-flow';
import { addFlowLog, allValues, checkVersion, findTicket, ticketValues, validateValues, valuesAfterWrite, writeValues } from './ticket-store';

/** What a handler sends to move a ticket. */
export interface HandleTicketInput {
  ticketId: number;
  transitionId: number;
  suggestion?: string | null;
  /** Values of fields writable in the current state, keyed by field key (title included). */
  fields: Record<string, unknown>;
  expectedVersion?: number | null;
}

/** How the system (timers, hooks, scripts, sub-tickets) acts instead of a person. */
export interface SystemActor {
  /** Log participant and type; the hook logs as `hook`/10 when it moves a ticket. */
  logAs?: { participant: string; participantTypeId: number };
  /** Skip writing the flow log (the script task logs itself). */
  skipLog?: boolean;
}

/** Handle a ticket through a transition (§6.1), in one transaction with the ticket row locked. */
export function handleTicket(ctx: ServiceContext, input: HandleTicketInput, system?: SystemActor): Promise<Ticket> {
  if (!system && !ctx.username) throw AppError.badInput('参数不合法,请提供username，transition_id');
  if (!system) requireLiveActor(ctx);
  return ctx.em.transactional(async (em) => {
    const ticket = await findTicket(ctx, em, input.ticketId, true);
    checkVersion(ticket, input.expectedVersion);
    const defs = await requireWorkflowDefs(em, ticket.workflowId);
    const source = stateOf(defs, ticket.stateId);
    if (!system) {
      const check = await requireHandle(ctx, em, ticket, defs);
      if (check.needAccept) throw new AppError(ErrorCode.NEED_ACCEPT, '需要先接单再处理');
      if (check.inAddNode) throw new AppError(ErrorCode.IN_ADD_NODE, '工单当前处于加签中，只允许加签完成操作');
    }
    const transition = defs.transitions.find((t) => t.id === input.transitionId && t.sourceStateId === source.id);
    if (!transition) throw new AppError(ErrorCode.INVALID_TRANSITION, 'transition_id is invalid', { transitionId: input.transitionId });
    const writable = new Set(keysWithAttribute(source.fields, FieldAttribute.REQUIRED, FieldAttribute.OPTIONAL));
    const updates = Object.fromEntries(Object.entries(input.fields).filter(([k]) => writable.has(k)));
    const stored = await ticketValues(em, ticket, defs, ctx.config.timeZone);
    if (transition.fieldRequireCheck && !system) {
      const missing = missingRequired(source.fields, { ...stored, title: ticket.title, ...updates });
      if (missing.length) throw new AppError(ErrorCode.FIELD_REQUIRED, `此工单的必填字段为:${missing.join(',')}`, { missing });
    }
    const rows = await validateValues(em, defs, updates, ctx.config.timeZone);
    if (updates.title != null) ticket.title = ticketTitle(updates.title);
    const actor = system ? ROBOT : ctx.username;
    const values = { ...allValues(ticket, stored, ctx.config.timeZone), ...updates, transition_id: transition.id, suggestion: input.suggestion ?? '', username: actor };

    const relation = { worker: system ? undefined : ctx.username };
    const voting = !system && pendingVoters(ticket.multiAllPerson).length > 0;
    const vote = voting ? castVote(ticket.multiAllPerson, ctx.username, transition) : null;
    let destination = source;
    if (!vote || vote.outcome === 'agreed') {
      destination = stateOf(defs, chooseDestination(transition, values));
      const resolution = await resolveDestination(ctx, em, ticket, destination, values);
      await assign(em, ticket, resolution, relation);
      ticket.stateId = destination.id;
      ticket.inAddNode = false;
      ticket.addNodeMan = '';
      ticket.addNodeStack = [];
    } else {
      ticket.multiAllPerson = vote.ledger;
      const pending = vote.pending;
      await assign(em, ticket, { participantTypeId: pending.length > 1 ? ParticipantType.MULTI : ParticipantType.PERSONAL, participant: pending.join(','), users: pending, multiAllPerson: vote.ledger as Resolution['multiAllPerson'] }, relation);
      ticket.multiAllPerson = vote.ledger;
    }
    ticket.actStateId = actStateAfter(destination.typeId, transition.attributeTypeId);
    touch(ticket);
    await em.flush();
    await writeValues(em, ticket.id, rows);
    await em.flush();
    if (!system?.skipLog) {
      const suffix = vote?.outcome === 'reset' ? ' (handlers chose different actions; every handler votes again)' : '';
      addFlowLog(em, ticket.id, {
        stateId: source.id, transitionId: transition.id, suggestion: (input.suggestion ?? '') + suffix,
        participant: system?.logAs?.participant ?? actor, participantTypeId: system?.logAs?.participantTypeId ?? ParticipantType.PERSONAL,
        snapshot: allValues(ticket, valuesAfterWrite(stored, rows, ctx.config.timeZone), ctx.config.timeZone),
      });
    }
    const moved = destination.id !== source.id || !vote;
    await scheduleAfterChange(em, ticket, defs, destination, { notify: true, timers: true, automation: moved, parentCheck: moved });
    await em.flush();
    return ticket;
  });
}

async function resolveDestination(ctx: ServiceContext, em: EntityManager, ticket: Ticket, destination: State, values: Record<string, unknown>): Promise<Resolution> {
  if (destination.rememberLastMan && destination.distributeTypeId !== 4) {
    const last = await lastHandlerIn(em, ticket.id, destination.id);
    if (last) return { participantTypeId: ParticipantType.PERSONAL, participant: last, users: [last], multiAllPerson: {} };
  }
  return resolveFor(ctx, em, ticket, destination, { creator: ticket.creator, values });
}
