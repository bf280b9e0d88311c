import type { MikroORM } from '@mikro-orm/core';
import type { Logger } from 'pino';
import type { TicketEvent } from '../db/entities';
import { sidePool } from '../db/catalog';
import { EventRepository } from '../db/event-repository';
import { routingKeysOf } from '../domain/events';
import { eventSubjects, type EventSubjects } from '../services/event-access';
import { onEventsCommitted } from './signal';

/** Committed events in cursor order, with the tickets as the view rule sees them (loaded once for every subscriber). */
export interface EventBatch {
  events: TicketEvent[];
  subjects: EventSubjects;
}

/** Where the pump hands a subscriber the events routed to it. */
export type Deliver = (batch: EventBatch) => void;

/** A subscriber the pump delivers to: where it starts, and how it stops. */
export interface Membership {
  /** The cursor of the last event read before the subscriber joined: whatever it is handed comes after it. */
  position: number;
  /** Deliver nothing more. */
  leave(): void;
}

/** The most events read at once. */
const BATCH = 500;
/** How soon to look again while a hole in the cursors may still fill (docs/events.md). */
const HOLE_RETRY_MS = 100;
/** While nobody in this process subscribes, the cursor is moved on at most this often. */
const IDLE_READ_MS = 1000;

/**
 * Reads the event table after its cursor whenever events were committed (in this process, or in another one
 * through Redis) and hands each subscriber of the process the events routed to it by their keys (a ticket, a
 * workflow, a user's duty list: `routingKeysOf`), so a change wakes only the subscriptions that may want it. The
 * table is the source of truth: a word of new events only makes the pump read.
 *
 * A process without subscribers (most REST servers) must not pay a read per write: the pump then only moves its
 * cursor on, once a second at most, and the first subscriber to join waits for it to catch up.
 */
export class EventPump {
  private cursor = 0;
  private reading: Promise<void> | null = null;
  private again = false;
  /** Events were committed since the last read began. */
  private dirty = false;
  /** The subscribers listening under each routing key. */
  private readonly routes = new Map<string, Set<Deliver>>();
  private members = 0;
  private retry: NodeJS.Timeout | null = null;
  private idleRead: NodeJS.Timeout | null = null;
  private stopListening: (() => void) | null = null;
  private stopped = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly logger: Logger,
  ) {}

  /** Start after the newest event committed so far. */
  async start(): Promise<void> {
    this.cursor = await new EventRepository(this.orm.em.fork()).lastCursor();
    this.stopListening = onEventsCommitted(() => this.wake());
  }

  /**
   * A subscriber joins under its routing keys: the pump catches up with the table first, so the subscriber is
   * handed exactly the events read after `position`.
   */
  async join(keys: readonly string[], deliver: Deliver): Promise<Membership> {
    this.dirty = true;
    while (this.dirty || this.reading) {
      if (!this.reading) this.readNow();
      await this.reading;
    }
    for (const key of keys) {
      const set = this.routes.get(key) ?? new Set<Deliver>();
      this.routes.set(key, set.add(deliver));
    }
    this.members += 1;
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      this.members -= 1;
      for (const key of keys) {
        const set = this.routes.get(key);
        set?.delete(deliver);
        if (set?.size === 0) this.routes.delete(key);
      }
    };
    return { position: this.cursor, leave };
  }

  /** How many subscribers are joined now. */
  get subscribers(): number {
    return this.members;
  }

  /** Events were committed: read now if anyone listens, else soon. */
  wake(): void {
    if (this.stopped) return;
    this.dirty = true;
    if (this.members) this.readNow();
    else
      this.idleRead ??= setTimeout(() => {
        this.idleRead = null;
        if (this.dirty) this.readNow();
      }, IDLE_READ_MS);
  }

  /** Stop reading; subscribers keep what they were handed. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopListening?.();
    for (const timer of [this.retry, this.idleRead]) if (timer) clearTimeout(timer);
    await this.reading;
  }

  /** Read now (or right after the read in progress). */
  private readNow(): void {
    if (this.stopped) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.dirty = false;
    this.reading = this.drain()
      .catch((err: unknown) => this.logger.error({ err }, 'reading ticket events failed'))
      .finally(() => {
        this.reading = null;
        if (this.again) {
          this.again = false;
          this.readNow();
        }
      });
  }

  /** Read every settled event after the cursor and hand them to their subscribers (with none, only move on). */
  private async drain(): Promise<void> {
    const em = sidePool(this.orm.em.fork());
    for (;;) {
      const page = await new EventRepository(em).page(this.cursor, BATCH);
      const routed = this.route(page.events);
      if (routed.size) {
        const subjects = await eventSubjects(em, [...new Set([...routed.values()].flat())]);
        for (const [deliver, events] of routed) deliver({ events, subjects });
      }
      this.cursor = page.cursor;
      if (!page.settled) this.lookAgainSoon();
      if (page.events.length < BATCH) return;
    }
  }

  /** Each subscriber's share of `events`, in cursor order and each event once. */
  private route(events: readonly TicketEvent[]): Map<Deliver, TicketEvent[]> {
    const shares = new Map<Deliver, TicketEvent[]>();
    if (!this.members) return shares;
    for (const event of events) {
      for (const key of routingKeysOf(event)) {
        for (const deliver of this.routes.get(key) ?? []) {
          const share = shares.get(deliver);
          if (!share) shares.set(deliver, [event]);
          else if (share.at(-1) !== event) share.push(event);
        }
      }
    }
    return shares;
  }

  private lookAgainSoon(): void {
    if (this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.wake();
    }, HOLE_RETRY_MS);
  }
}
