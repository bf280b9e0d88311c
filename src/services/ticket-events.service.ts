import { Ticket, type TicketEvent } from '../db/entities';
import { selectReadOnly } from '../db/read-only';
import { appAllows } from '../domain/machine/policy';
import { EventRepository } from '../db/event-repository';
import { AppError } from '../domain/errors';
import { unknownEventTypes } from '../domain/events';
import type { ServiceContext } from './context';
import { eventSubjects, mayView } from './event-access';
import { ticketDefs } from './definitions';
import { requireReader } from './ticket-access';
import { actorOf } from './ticket-engine';

/** The most events one feed page scans. */
export const MAX_FEED_LIMIT = 500;

/** Which events a reader wants (all of those it may see when empty). */
export interface EventFilter {
  ticketId?: number | null;
  workflowIds?: number[] | null;
  types?: string[] | null;
}

/** A page of the feed: the events the caller may see, and the cursor to ask after next. */
export interface FeedPage {
  items: TicketEvent[];
  cursor: number;
  /** The page scanned `limit` events: more may follow at once. */
  hasMore: boolean;
}

/** Fail with a message naming the bad part of a filter. */
export function checkEventFilter(filter: EventFilter): void {
  const problem = unknownEventTypes(filter.types ?? []);
  if (problem) throw AppError.badInput(problem, { parameter: 'types' });
  if (filter.workflowIds && !filter.workflowIds.length) throw AppError.badInput('workflowIds: name at least one workflow, or leave the filter out');
}

/**
 * Fail when the filter names a ticket the caller may not read, as a detail read would (a deleted ticket's events
 * stay readable). Workflows the app does not reach are not refused: like any list, the feed answers without them.
 */
export async function checkEventScope(ctx: ServiceContext, filter: EventFilter): Promise<void> {
  checkEventFilter(filter);
  if (filter.ticketId == null) return;
  const [ticket] = await selectReadOnly(ctx.em, Ticket, 'select * from `tickets` where `id` = ?', [filter.ticketId]);
  if (!ticket || !appAllows(ctx.app, ticket.workflowId)) throw AppError.ticketNotFound();
  await requireReader(ctx, ctx.em, ticket, await ticketDefs(ctx.em, ticket));
}

/** Whether an event passes the filter. */
export function matchesFilter(event: TicketEvent, filter: EventFilter): boolean {
  if (filter.ticketId != null && event.ticketId !== filter.ticketId) return false;
  if (filter.workflowIds && !filter.workflowIds.includes(event.workflowId)) return false;
  return !filter.types?.length || filter.types.includes(event.type);
}

/** Of `events`, those the caller may see and wants, in cursor order. */
export async function visibleEvents(ctx: ServiceContext, events: readonly TicketEvent[], filter: EventFilter = {}): Promise<TicketEvent[]> {
  const wanted = events.filter((e) => matchesFilter(e, filter));
  const subjects = await eventSubjects(ctx.em, wanted);
  const actor = actorOf(ctx);
  return wanted.filter((e) => mayView(ctx.app, actor, e, subjects));
}

/**
 * A page of the event feed after `after`: up to `limit` events are scanned, in cursor order, and those the
 * caller may see (as a detail read) and wants are answered. The cursor moves past what was scanned.
 */
export async function eventFeed(ctx: ServiceContext, after: number, limit: number, filter: EventFilter = {}): Promise<FeedPage> {
  if (!Number.isInteger(after) || after < 0) throw AppError.badInput('after: must be a cursor (an integer, 0 or more)', { parameter: 'after' });
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_FEED_LIMIT)
    throw AppError.badInput(`limit: must be an integer from 1 to ${MAX_FEED_LIMIT}`, { parameter: 'limit' });
  await checkEventScope(ctx, filter);
  const page = await new EventRepository(ctx.em).page(after, limit);
  return { items: await visibleEvents(ctx, page.events, filter), cursor: page.cursor, hasMore: page.events.length === limit };
}
