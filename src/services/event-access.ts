import type { EntityManager } from '@mikro-orm/core';
import { Ticket, type TicketEvent } from '../db/entities';
import { selectReadOnly } from '../db/read-only';
import type { Actor } from '../domain/machine/model';
import { appAllows, authorize, type PolicySubject } from '../domain/machine/policy';
import type { AppGrants } from '../domain/permissions';
import { workflowDefs } from './definitions';
import { handlersOf } from './ticket-engine';

/** The tickets of some events as the view rule sees them now, keyed by ticket id (deleted tickets too). */
export type EventSubjects = Map<number, PolicySubject>;

/** Load what deciding who may see `events` needs: each ticket once, its workflow and its handlers. */
export async function eventSubjects(em: EntityManager, events: readonly Pick<TicketEvent, 'ticketId'>[]): Promise<EventSubjects> {
  const ids = [...new Set(events.map((e) => e.ticketId))];
  const subjects: EventSubjects = new Map();
  if (!ids.length) return subjects;
  const tickets = await selectReadOnly(em, Ticket, `select * from \`tickets\` where \`id\` in (${ids.map(() => '?').join(', ')})`, ids);
  for (const ticket of tickets) {
    const definition = await workflowDefs(em, ticket.workflowId, ticket.workflowVersion);
    if (definition) subjects.set(ticket.id, { ticket, handlers: await handlersOf(em, ticket), definition });
  }
  return subjects;
}

/** Whether the caller (app and acting user) may see an event: the app reaches the workflow and the user may read the ticket. */
export function mayView(app: AppGrants, actor: Actor, event: Pick<TicketEvent, 'ticketId' | 'workflowId'>, subjects: EventSubjects): boolean {
  const subject = subjects.get(event.ticketId);
  return !!subject && appAllows(app, event.workflowId) && !authorize(actor, 'view', subject);
}
