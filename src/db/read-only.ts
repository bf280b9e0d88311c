import type { EntityClass, EntityManager } from '@mikro-orm/core';

/**
 * Rows of a raw select as entities outside the identity map of `em`: what a read shows and never
 * changes. Building them from the result costs a fraction of `em.find` (which plans the query,
 * tracks and merges every row); they must never be modified or flushed.
 */
export function readOnlyEntities<T extends object>(em: EntityManager, entity: EntityClass<T>, rows: Record<string, unknown>[]): T[] {
  const factory = em.getEntityFactory();
  const comparator = em.getComparator();
  return rows.map((row) => factory.create(entity, comparator.mapResult(entity.name, row) as T, { merge: false, newEntity: false, initialized: true, convertCustomTypes: true }));
}

/** Run `sql` through the transaction of `em` (if any) and read its rows as read-only entities. */
export async function selectReadOnly<T extends object>(em: EntityManager, entity: EntityClass<T>, sql: string, params: unknown[]): Promise<T[]> {
  const rows = await em.getConnection().execute<Record<string, unknown>[]>(sql, params, 'all', em.getTransactionContext());
  return readOnlyEntities(em, entity, rows);
}
