import type { EntityManager } from '@mikro-orm/core';

/** The open transactions a whole request owns (a request sent with an idempotency key). */
const owned = new WeakSet<object>();

/**
 * Say that the transaction open on `em` belongs to its request as a whole: the request's answer commits it or
 * rolls it back entirely, and nothing inside it goes on after a failure. Work run inside it then needs no
 * savepoint of its own (see `inTransaction`).
 */
export function ownTransactionByRequest(em: EntityManager): void {
  const trx = em.getTransactionContext();
  if (trx) owned.add(trx);
}

/**
 * Run `work` in a transaction of `em` and flush its changes. Inside a transaction its request owns, `work` joins
 * it: a savepoint would only guard a partial rollback nobody asks for, and costs two statements (savepoint and
 * release) on every keyed write. Anywhere else (a request of its own, the worker's jobs) it is `em.transactional`:
 * a transaction, or a savepoint when one is already open, so a caller that survives a failure keeps its own work.
 */
export async function inTransaction<T>(em: EntityManager, work: (em: EntityManager) => Promise<T>): Promise<T> {
  const trx = em.getTransactionContext();
  if (!trx || !owned.has(trx)) return em.transactional(work);
  const result = await work(em);
  await em.flush();
  return result;
}
