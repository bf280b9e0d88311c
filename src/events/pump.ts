import { setMaxListeners } from 'node:events';
import type { MikroORM } from '@mikro-orm/core';
import { createPubSub, type PubSub } from '@graphql-yoga/subscription';
import type { Logger } from 'pino';
import type { TicketEvent } from '../db/entities';
import { EventRepository } from '../db/event-repository';
import { eventSubjects, type EventSubjects } from '../services/event-access';
import { onEventsCommitted } from './signal';

/** Committed events in cursor order, with the tickets as the view rule sees them (loaded once for every subscriber). */
export interface EventBatch {
  events: TicketEvent[];
  subjects: EventSubjects;
}

/** The topic of the process's event channel. */
export const EVENTS_TOPIC = 'ticketEvents';

/** The channel the pump publishes on and the subscriptions listen to. */
export type EventChannel = PubSub<{ [EVENTS_TOPIC]: [EventBatch] }>;

/** A new, empty event channel. */
export function createEventChannel(): EventChannel {
  // Every subscription of the process listens on this target: thousands are expected, none is a leak.
  const eventTarget = new EventTarget();
  setMaxListeners(0, eventTarget);
  return createPubSub<{ [EVENTS_TOPIC]: [EventBatch] }>({ eventTarget });
}

/** The most events read at once. */
const BATCH = 500;
/** How soon to look again while a hole in the cursors may still fill (docs/events.md). */
const HOLE_RETRY_MS = 100;
/** While nobody in this process subscribes, the cursor is moved on at most this often. */
const IDLE_READ_MS = 1000;

/**
 * Reads the event table after its cursor whenever events were committed (in this process, or in another one
 * through Redis) and publishes what it read on the channel, once for all subscribers of the process. The table
 * is the source of truth: a word of new events only makes the pump read.
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
  private listeners = 0;
  private retry: NodeJS.Timeout | null = null;
  private idleRead: NodeJS.Timeout | null = null;
  private stopListening: (() => void) | null = null;
  private stopped = false;

  constructor(
    private readonly orm: MikroORM,
    readonly channel: EventChannel,
    private readonly logger: Logger,
  ) {}

  /** Start after the newest event committed so far. */
  async start(): Promise<void> {
    this.cursor = await new EventRepository(this.orm.em.fork()).lastCursor();
    this.stopListening = onEventsCommitted(() => this.wake());
  }

  /**
   * A subscriber (already listening on the channel) joins: the pump catches up with the table, and the answer is
   * the cursor of the last event published, so whatever is published next comes after it. Call `leave` once
   * the subscriber is gone.
   */
  async join(): Promise<number> {
    this.dirty = true;
    while (this.dirty || this.reading) {
      if (!this.reading) this.readNow();
      await this.reading;
    }
    this.listeners += 1;
    return this.cursor;
  }

  /** A subscriber that joined is gone. */
  leave(): void {
    this.listeners = Math.max(0, this.listeners - 1);
  }

  /** Events were committed: read now if anyone listens, else soon. */
  wake(): void {
    if (this.stopped) return;
    this.dirty = true;
    if (this.listeners) this.readNow();
    else
      this.idleRead ??= setTimeout(() => {
        this.idleRead = null;
        if (this.dirty) this.readNow();
      }, IDLE_READ_MS);
  }

  /** Stop reading; the channel stays for subscribers still draining. */
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

  /** Read every settled event after the cursor; publish them when anyone listens (else only move on). */
  private async drain(): Promise<void> {
    const em = this.orm.em.fork();
    for (;;) {
      const page = await new EventRepository(em).page(this.cursor, BATCH);
      if (page.events.length) {
        const subjects = this.listeners ? await eventSubjects(em, page.events) : null;
        this.cursor = page.cursor;
        if (subjects) this.channel.publish(EVENTS_TOPIC, { events: page.events, subjects });
      }
      if (!page.settled) this.lookAgainSoon();
      if (page.events.length < BATCH) return;
    }
  }

  private lookAgainSoon(): void {
    if (this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.wake();
    }, HOLE_RETRY_MS);
  }
}
