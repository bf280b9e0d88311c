import type { EntityManager } from '@mikro-orm/core';
import { SlaVisit, type Ticket } from '../db/entities';
import { TicketRepository } from '../db/ticket-repository';
import { clocksOf, listColumns, type SlaClock, type SlaRules } from '../domain/sla/clock';
import { slaRules } from '../domain/sla/rules';
import type { Escalation } from '../domain/sla/schema';
import type { WorkflowDefs } from './definitions';

/** What an escalation job carries: the clock, the visit it was planned in (its token) and the escalation's index. */
export interface EscalationPayload {
  scope: 'state' | 'ticket';
  visitId: number;
  escalation: number;
}

const rulesCache = new WeakMap<WorkflowDefs, SlaRules | null>();

/** The clock rules of a workflow (null: it has no SLA), kept as long as its cached definitions. */
export function slaRulesOf(defs: WorkflowDefs): SlaRules | null {
  if (!rulesCache.has(defs)) rulesCache.set(defs, slaRules(defs.workflow.sla, [...defs.states.values()]));
  return rulesCache.get(defs)!;
}

/** A ticket's visits, oldest first. */
export function visitsOf(em: EntityManager, ticketId: number): Promise<SlaVisit[]> {
  return em.find(SlaVisit, { ticketId }, { orderBy: { enteredAt: 'asc', id: 'asc' } });
}

/** The visits of several tickets, oldest first, in the order of the ids. */
export async function visitsOfTickets(em: EntityManager, ticketIds: readonly number[]): Promise<SlaVisit[][]> {
  const rows = await em.find(SlaVisit, { ticketId: { $in: [...ticketIds] } }, { orderBy: { enteredAt: 'asc', id: 'asc' } });
  return ticketIds.map((id) => rows.filter((v) => v.ticketId === id));
}

/** The escalations of a clock. */
export function escalationsOf(defs: WorkflowDefs, clock: Pick<SlaClock, 'scope' | 'stateId'>): Escalation[] {
  return (clock.scope === 'ticket' ? defs.workflow.sla?.escalations : defs.states.get(clock.stateId!)?.sla?.escalations) ?? [];
}

/**
 * The SLA part of applying a change that moved the ticket (or created it: `previousStateId` null): close the open
 * visit and open one for the current state; when the workflow has SLA rules, store the list columns and plan the
 * escalations of the clocks that run from the new visit. A change that leaves the ticket in its state costs nothing
 * here: its visit goes on. Without rules the new visit is written by the change's own flush.
 */
export async function recordStateVisit(em: EntityManager, ticket: Ticket, defs: WorkflowDefs, previousStateId: number | null): Promise<void> {
  if (previousStateId === ticket.stateId) return;
  const now = new Date();
  if (previousStateId !== null) await new TicketRepository(em).closeOpenVisit(ticket.id, now);
  const visit = em.create(SlaVisit, { ticketId: ticket.id, workflowId: ticket.workflowId, stateId: ticket.stateId, enteredAt: now });
  const rules = slaRulesOf(defs);
  if (!rules) return;
  await em.flush();
  const clocks = clocksOf(rules, await visitsOf(em, ticket.id), now);
  Object.assign(ticket, listColumns(clocks, now));
  const repo = new TicketRepository(em);
  for (const clock of clocks) {
    if (!clock.running || clock.paused || !clock.dueAt || clock.visitId !== visit.id) continue;
    escalationsOf(defs, clock).forEach((e, i) => {
      const payload: EscalationPayload = { scope: clock.scope, visitId: visit.id, escalation: i };
      repo.enqueue('sla', ticket.id, { ...payload }, new Date(clock.dueAt!.getTime() + e.at));
    });
  }
}
