import type { EntityManager, MikroORM } from '@mikro-orm/core';
import type { Config } from '../config';
import { App, User, type WebhookSubscription } from '../db/entities';
import { EventRepository } from '../db/event-repository';
import { WebhookRepository } from '../db/webhook-repository';
import type { Actor } from '../domain/machine/model';
import { webhookWants } from '../domain/webhooks';
import { eventSubjects, mayView } from '../services/event-access';

/** The most events turned into deliveries per transaction. */
const BATCH = 200;

/** Who a webhook acts as: its app, and the user whose view rights filter its events. */
async function ownerOf(em: EntityManager, hook: WebhookSubscription, strict: boolean): Promise<{ app: App; actor: Actor } | null> {
  const app = await em.findOne(App, { name: hook.appName, isDeleted: false });
  if (!app) return null;
  const user = await em.findOne(User, { username: hook.username, isDeleted: false });
  return { app, actor: { username: hook.username, user, app, strict, system: false } };
}

/**
 * Turn committed events into webhook deliveries: in one transaction, with the dispatcher's cursor row locked
 * (several workers take turns), read the settled events after the cursor, queue a delivery job per webhook
 * that wants the event and whose user may view the ticket, and move the cursor. A crash before the commit
 * leaves both as they were: the next worker does it again, and every event is queued once. Without an active
 * webhook the cursor moves to the newest event unread. Answers how many events were read.
 */
export async function dispatchWebhooks(orm: MikroORM, config: Config): Promise<number> {
  return orm.em.fork().transactional(async (em) => {
    const repo = new WebhookRepository(em);
    const cursor = await repo.lockDispatchCursor();
    if (!cursor) return 0;
    const events = new EventRepository(em);
    const hooks = await repo.active();
    if (!hooks.length) {
      // Nobody listens: no event is read, and a webhook created later starts from now, not from a backlog.
      cursor.value = Math.max(cursor.value, await events.lastCursor());
      return 0;
    }
    const page = await events.page(cursor.value, BATCH);
    if (!page.events.length) return 0;
    const subjects = await eventSubjects(em, page.events);
    for (const hook of hooks) {
      const owner = await ownerOf(em, hook, config.strict);
      if (!owner) continue;
      for (const event of page.events) {
        if (webhookWants(hook, event) && mayView(owner.app, owner.actor, event, subjects)) repo.enqueueDelivery(hook.id, event);
      }
    }
    cursor.value = page.cursor;
    return page.events.length;
  });
}
