import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { Logger } from 'pino';
import type { EventPump } from './pump';
import { onEventsCommitted } from './signal';

/** The Redis channel on which server processes tell each other that ticket events were committed. */
export const EVENTS_CHANNEL = 'loongate:ticket-events';

/**
 * Tells the other server processes when this one committed ticket events, and wakes this process's pump (when
 * it has one: `loongate worker` only tells) when another one did. The word carries no events, only who sent it: every pump reads the event table after its
 * own cursor, so a word lost while Redis was away costs latency, not events (the pump reads again when the
 * connection is back).
 */
export class RedisBridge {
  private readonly id = randomUUID();
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private stopListening: (() => void) | null = null;

  constructor(
    url: string,
    private readonly pump: EventPump | null,
    private readonly logger: Logger,
  ) {
    this.publisher = new Redis(url, { lazyConnect: true });
    this.subscriber = new Redis(url, { lazyConnect: true });
    for (const client of [this.publisher, this.subscriber]) client.on('error', (err) => this.logger.warn({ err }, 'redis connection error'));
  }

  /** Connect both clients and listen; fails when Redis cannot be reached at start. */
  async start(): Promise<void> {
    const pump = this.pump;
    await Promise.all([this.publisher.connect(), pump && this.subscriber.connect()]);
    if (pump) {
      this.subscriber.on('message', (_channel: string, sender: string) => {
        if (sender !== this.id) pump.wake();
      });
      // After a reconnection the subscription is renewed; what was said meanwhile is read from the table.
      this.subscriber.on('ready', () => pump.wake());
      await this.subscriber.subscribe(EVENTS_CHANNEL);
    }
    this.stopListening = onEventsCommitted(() => {
      this.publisher.publish(EVENTS_CHANNEL, this.id).catch((err: unknown) => this.logger.warn({ err }, 'redis publish failed'));
    });
  }

  async stop(): Promise<void> {
    this.stopListening?.();
    await Promise.all([this.pump && this.subscriber.quit().catch(() => undefined), this.publisher.quit().catch(() => undefined)]);
  }
}
