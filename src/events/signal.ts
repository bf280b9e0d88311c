import { EventEmitter } from 'node:events';
import type { EntityManager } from '@mikro-orm/core';
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

/**
 * Run `work` in a transaction of `em` and announce the events it appended once they are committed: at once
 * when this transaction is the outermost one, else the outermost caller announces after its own commit.
 */
export async function inEventTransaction<T>(em: EntityManager, work: (em: EntityManager) => Promise<T>): Promise<T> {
  const outermost = !em.isInTransaction();
  const result = await inTransaction(em, work);
  if (outermost) announceEvents();
  return result;
}
