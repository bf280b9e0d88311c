import { LockMode, type EntityManager } from '@mikro-orm/core';
import { OutboxJob, SerialCounter, WebhookSubscription } from './entities';

/** The counter row holding the cursor up to which events were turned into webhook deliveries. */
export const DISPATCH_CURSOR_KEY = 'webhooks:dispatched';

/** Webhook subscriptions, their deliveries (outbox jobs of kind `webhook`) and the dispatcher's cursor. */
export class WebhookRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Make sure the dispatcher's cursor exists, starting at `cursor` when it does not: the first webhook's
   * creation places it at the newest event, so the dispatcher never scans the history before any webhook.
   */
  async ensureDispatchCursor(dialect: 'sqlite' | 'mysql', cursor: number): Promise<void> {
    const sql =
      dialect === 'sqlite'
        ? 'insert into serial_counters (`key`, `value`) values (?, ?) on conflict(`key`) do nothing'
        : 'insert into serial_counters (`key`, `value`) values (?, ?) on duplicate key update `value` = `value`';
    await this.em.getConnection().execute(sql, [DISPATCH_CURSOR_KEY, cursor], 'run', this.em.getTransactionContext());
  }

  /** The dispatcher's cursor, its row locked for the transaction; null before the first webhook. */
  lockDispatchCursor(): Promise<SerialCounter | null> {
    return this.em.findOne(SerialCounter, { key: DISPATCH_CURSOR_KEY }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  }

  /** Webhooks that take deliveries now. */
  active(): Promise<WebhookSubscription[]> {
    return this.em.find(WebhookSubscription, { isDeleted: false, paused: false });
  }

  /** A live webhook of the app. */
  findOfApp(appName: string, id: number): Promise<WebhookSubscription | null> {
    return this.em.findOne(WebhookSubscription, { id, appName, isDeleted: false });
  }

  /** Queue the delivery of an event to a webhook in the current transaction. */
  enqueueDelivery(subscriptionId: number, event: { id: number; ticketId: number }): OutboxJob {
    const job = this.em.create(OutboxJob, { kind: 'webhook', ticketId: event.ticketId, payload: { subscriptionId, eventId: event.id } });
    this.em.persist(job);
    return job;
  }

  /** A webhook's deliveries, newest first. */
  deliveries(subscriptionId: number, limit: number): Promise<OutboxJob[]> {
    return this.em.find(OutboxJob, { kind: 'webhook', payload: { subscriptionId } }, { orderBy: { id: 'desc' }, limit });
  }
}
