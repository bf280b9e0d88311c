import type { TicketEvent } from '../db/entities';
import { EventRepository } from '../db/event-repository';
import { TicketRepository } from '../db/ticket-repository';
import { AppError } from '../domain/errors';
import { appAllows, usernameRequired } from '../domain/machine/policy';
import { EVENTS_TOPIC, type EventPump } from '../events/pump';
import type { ServiceContext } from './context';
import { mayView } from './event-access';
import { actorOf } from './ticket-engine';
import { checkEventScope, matchesFilter, visibleEvents, type EventFilter } from './ticket-events.service';

/** How many missed events one catch-up read fetches. */
const CATCH_UP_PAGE = 500;

/** A change of the acting user's duty list. */
export interface DutyChange {
  event: TicketEvent;
  added: boolean;
  dutyCount: number;
}

function checkCursor(afterCursor: number | null | undefined): void {
  if (afterCursor != null && (!Number.isInteger(afterCursor) || afterCursor < 0))
    throw AppError.badInput('afterCursor: must be a cursor (an integer, 0 or more)', { parameter: 'afterCursor' });
}

/**
 * The events a subscriber wants: the missed ones after `afterCursor` read from the table, then live ones as
 * the pump publishes them, each once and in cursor order, each only if the caller may see it. The stream
 * listens on the process's channel before it asks the pump where it stands, so nothing published from then on
 * is missed; without `afterCursor` it starts after what the pump has published so far.
 */
async function* events(ctx: ServiceContext, pump: EventPump, afterCursor: number | null | undefined, filter: EventFilter) {
  const actor = actorOf(ctx);
  const live = pump.channel.subscribe(EVENTS_TOPIC)[Symbol.asyncIterator]();
  // The channel attaches its listener when first asked for a value.
  const first = live.next();
  let joined = false;
  try {
    const position = await pump.join();
    joined = true;
    let last = afterCursor ?? position;
    if (afterCursor != null) {
      for (;;) {
        const page = await new EventRepository(ctx.em).page(last, CATCH_UP_PAGE);
        yield* await visibleEvents(ctx, page.events, filter);
        last = page.cursor;
        if (page.events.length < CATCH_UP_PAGE) break;
      }
    }
    for (let next = first; ; next = live.next()) {
      const batch = await next;
      if (batch.done) return;
      for (const event of batch.value.events) {
        if (event.id <= last) continue;
        last = event.id;
        if (matchesFilter(event, filter) && mayView(ctx.app, actor, event, batch.value.subjects)) yield event;
      }
    }
  } finally {
    if (joined) pump.leave();
    await live.return?.();
  }
}

/** Subscribe to ticket events (checked before the first event: bad input fails the subscription at once). */
export async function subscribeEvents(
  ctx: ServiceContext,
  pump: EventPump,
  filter: EventFilter,
  afterCursor?: number | null,
): Promise<AsyncIterable<TicketEvent>> {
  await checkEventScope(ctx, filter);
  checkCursor(afterCursor);
  return events(ctx, pump, afterCursor, filter);
}

async function* dutyChanges(ctx: ServiceContext, source: AsyncIterable<TicketEvent>, username: string): AsyncGenerator<DutyChange> {
  const repo = new TicketRepository(ctx.em);
  for await (const event of source) {
    const added = event.dutyAdded.includes(username);
    if (!added && !event.dutyRemoved.includes(username)) continue;
    if (!appAllows(ctx.app, event.workflowId)) continue;
    yield { event, added, dutyCount: await repo.dutyCount(username) };
  }
}

/**
 * Subscribe to the acting user's duty list: each event that added the user to a ticket's handlers or removed
 * them, with the user's duty count after it. The duty list is the user's own: no view rule applies.
 */
export function subscribeDuty(ctx: ServiceContext, pump: EventPump, afterCursor?: number | null): AsyncIterable<DutyChange> {
  if (!ctx.username) throw usernameRequired('view');
  checkCursor(afterCursor);
  const system = { ...ctx, system: true };
  return dutyChanges(ctx, events(system, pump, afterCursor, {}), ctx.username);
}
