import { EventEmitter, on } from 'node:events';
import type { TicketEvent } from '../db/entities';
import { EventRepository } from '../db/event-repository';
import { TicketRepository } from '../db/ticket-repository';
import { AppError } from '../domain/errors';
import { appAllows, usernameRequired } from '../domain/machine/policy';
import { type Interest, interestKeys } from '../domain/events';
import type { EventBatch, EventPump } from '../events/pump';
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
 * A stream that ends as soon as its consumer stops it. A generator waiting for the next batch would only see
 * `return()` once a batch came, and a subscription to a ticket that never changes again would stay joined to
 * the pump for good: stopping aborts the wait instead.
 */
function closable<T>(stream: (signal: AbortSignal) => AsyncGenerator<T>): AsyncIterableIterator<T> {
  const abort = new AbortController();
  const inner = stream(abort.signal);
  const outer: AsyncIterableIterator<T> = {
    next: (...args) => inner.next(...args),
    return: (value?: unknown) => {
      abort.abort();
      return inner.return(value);
    },
    throw: (err?: unknown) => {
      abort.abort();
      return inner.throw(err);
    },
    [Symbol.asyncIterator]: () => outer,
  };
  return outer;
}

/**
 * The events a subscriber wants: the missed ones after `afterCursor` read from the table, then live ones as
 * the pump hands them over, each once and in cursor order, each only if the caller may see it. The stream's
 * inbox is open before it joins the pump, so nothing handed over from then on is missed; without
 * `afterCursor` it starts after what the pump had read when it joined.
 */
async function* events(
  ctx: ServiceContext,
  pump: EventPump,
  interest: Interest,
  afterCursor: number | null | undefined,
  filter: EventFilter,
  signal: AbortSignal,
) {
  const actor = actorOf(ctx);
  const inbox = new EventEmitter();
  const live = on(inbox, 'batch', { signal }) as AsyncIterator<[EventBatch]>;
  const member = await pump.join(interestKeys(interest), (batch) => inbox.emit('batch', batch));
  let last = afterCursor ?? member.position;
  try {
    if (afterCursor != null) {
      for (;;) {
        const page = await new EventRepository(ctx.em).page(last, CATCH_UP_PAGE);
        yield* await visibleEvents(ctx, page.events, filter);
        last = page.cursor;
        if (page.events.length < CATCH_UP_PAGE) break;
      }
    }
    for (;;) {
      const next = await live.next().catch((err: unknown) => {
        if (signal.aborted) return { done: true as const, value: undefined };
        throw err;
      });
      if (next.done) return;
      const [batch] = next.value;
      for (const event of batch.events) {
        if (event.id <= last) continue;
        last = event.id;
        if (matchesFilter(event, filter) && mayView(ctx.app, actor, event, batch.subjects)) yield event;
      }
    }
  } finally {
    member.leave();
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
  const interest = filter.ticketId != null ? { ticketId: filter.ticketId } : { workflowIds: filter.workflowIds ?? null };
  return closable((signal) => events(ctx, pump, interest, afterCursor, filter, signal));
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
  const username = ctx.username;
  return closable((signal) => dutyChanges(ctx, events(system, pump, { dutyOf: username }, afterCursor, {}, signal), username));
}
