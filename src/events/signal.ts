import { EventEmitter } from 'node:events';
import type { EntityManager } from '@mikro-orm/core';
import { isDeadlock } from '../db/errors';
import { inTransaction } from '../db/request-transaction';

/**
 * The process's word that ticket events were committed. It carries no events: whoever listens reads the event
 * table after its own cursor (docs/events.md), so a missed or doubled word loses or doubles nothing.
 */
const committed = new EventEmitter();
committed.setMaxListeners(0);

/** Say that events were committed (after the outermost commit). */
export function announceEvents(): void {
  committed.emit('events');
}

/** Hear when events were committed in this process; answers the function that stops listening. */
export function onEventsCommitted(listener: () => void): () => void {
  committed.on('events', listener);
  return () => committed.off('events', listener);
}

/** How often a transaction chosen as a deadlock victim is run in all before the conflict is answered. */
const DEADLOCK_ATTEMPTS = 3;

let deadlockRetries = 0;

/** How many ticket transactions this process ran again after a deadlock (the `loongate_deadlock_retries_total` metric). */
export function deadlockRetryCount(): number {
  return deadlockRetries;
}

/**
 * Run `work` in a transaction of `em` and announce the events it appended once they are committed: at once
 * when this transaction is the outermost one, else the outermost caller announces after its own commit.
 *
 * An outermost transaction that MariaDB chose as a deadlock victim was rolled back whole and is run again
 * (`work` reads and decides afresh), up to three times, instead of answering the caller a conflict it did not
 * cause. A nested one is not: its outer transaction (a keyed request's) is rolled back too, and only the
 * caller of that one can start over.
 */
export async function inEventTransaction<T>(em: EntityManager, work: (em: EntityManager) => Promise<T>): Promise<T> {
  if (em.isInTransaction()) return inTransaction(em, work);
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await em.transactional(work);
      announceEvents();
      return result;
    } catch (err) {
      if (!isDeadlock(err) || attempt >= DEADLOCK_ATTEMPTS) throw err;
      deadlockRetries += 1;
    }
  }
}
