import type { EntityManager } from '@mikro-orm/core';
import { SlaFiring, SlaVisit, Ticket } from '../db/entities';
import { TicketRepository } from '../db/ticket-repository';
import { ParticipantType } from '../domain/constants';
import { escalationAction, type Escalation } from '../domain/sla/schema';
import { advanceBySystem, systemContext } from '../services/automation.service';
import type { ServiceContext } from '../services/context';
import { outgoing, ticketDefs, type WorkflowDefs } from '../services/definitions';
import { addWatcher, deliverTicket, deliverToGroup } from '../services/ticket-intervene.service';
import { type EscalationPayload, escalationsOf } from '../services/sla-clocks';
import type { JobRunner } from './job';

/** The suggestion logged by the moves and hand-overs of escalations. */
export const ESCALATION_SUGGESTION = 'SLA escalation';

async function act(ctx: ServiceContext, ticket: Ticket, defs: WorkflowDefs, e: Escalation): Promise<void> {
  const ticketId = ticket.id;
  const suggestion = ESCALATION_SUGGESTION;
  switch (escalationAction(e)) {
    case 'notify': {
      const repo = new TicketRepository(ctx.em);
      for (const n of defs.notices) repo.enqueue('notice', ticketId, { noticeId: n.id, version: ticket.version, escalation: true });
      await ctx.em.flush();
      return;
    }
    case 'reassign':
      await deliverTicket(ctx, { ticketId, targetUsername: e.reassign!, fromAdmin: true, suggestion });
      return;
    case 'reassign_role':
      await deliverToGroup(ctx, { ticketId, group: { participantTypeId: ParticipantType.ROLE, participant: String(e.reassign_role) }, suggestion });
      return;
    case 'reassign_dept':
      await deliverToGroup(ctx, { ticketId, group: { participantTypeId: ParticipantType.DEPT, participant: String(e.reassign_dept) }, suggestion });
      return;
    case 'add_watcher':
      await addWatcher(ctx, { ticketId, username: e.add_watcher!, suggestion: `${suggestion}: ${e.add_watcher} watches the ticket` });
      return;
    case 'transition': {
      const transition = outgoing(defs, ticket.stateId).find((t) => t.name === e.transition);
      if (!transition) throw new Error(`state ${ticket.stateId} has no transition "${e.transition}" for the escalation`);
      await advanceBySystem(ctx, { ticketId, stateId: ticket.stateId, transitionId: transition.id, suggestion });
    }
  }
}

/** Fire one escalation if the ticket is still in the visit it was planned for; once, even when the job runs again. */
async function fire(em: EntityManager, job: Parameters<JobRunner>[0], ctx: ServiceContext): Promise<'done' | 'void'> {
  const payload = job.payload as unknown as EscalationPayload;
  const ticket = await em.findOne(Ticket, { id: job.ticketId, isDeleted: false });
  const open = ticket && (await em.findOne(SlaVisit, { ticketId: ticket.id, leftAt: null }));
  if (!ticket || !open || open.id !== payload.visitId) return 'void';
  const defs = await ticketDefs(em, ticket);
  const escalation = escalationsOf(defs, { scope: payload.scope, stateId: open.stateId })[payload.escalation];
  if (!escalation) return 'void';
  const key = { ticketId: ticket.id, scope: payload.scope, visitId: payload.scope === 'state' ? open.id : 0, escalation: payload.escalation };
  if (await em.findOne(SlaFiring, key)) return 'void';
  em.persist(em.create(SlaFiring, { ...key, action: escalationAction(escalation) }));
  await em.flush();
  await act(ctx, ticket, defs, escalation);
  return 'done';
}

/** Run an SLA escalation (docs/sla.md): the firing record and the action commit together, or neither does. */
export const runEscalation: JobRunner = async (job, deps) => {
  const result = await deps.orm.em.fork().transactional((em) => fire(em, job, systemContext(em, deps.config)));
  return { result };
};
