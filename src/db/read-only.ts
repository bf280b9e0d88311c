import type { EntityClass, EntityManager } from '@mikro-orm/core';

/**
 * Rows of a raw select as entities outside the identity map of `em`: what a read shows and never
 * changes. The ORM's hydrator converts the columns (dates, booleans, JSON, custom types) as `em.find`
 * would, into a plain object (not an instance of the entity class: its prototype turns every property
 * into a change-tracking accessor, and reading those costs more than the row itself): no query
 * planning, no identity map. They must never be modified, persisted or flushed.
 */
export function readOnlyEntities<T extends object>(em: EntityManager, entity: EntityClass<T>, rows: Record<string, unknown>[]): T[] {
  const metadata = em.getMetadata();
  const meta = metadata.get<T>(entity.name);
  const hydrator = em.config.getHydrator(metadata);
  const factory = em.getEntityFactory();
  const comparator = em.getComparator();
  return rows.map((row) => {
    const out = {} as T;
    hydrator.hydrate(out, meta, comparator.mapResult(entity.name, row) as object, factory, 'full', false, true);
    return out;
  });
}

/** Run `sql` through the transaction of `em` (if any) and read its rows as read-only entities. */
export async function selectReadOnly<T extends object>(em: EntityManager, entity: EntityClass<T>, sql: string, params: unknown[]): Promise<T[]> {
  const rows = await em.getConnection().execute<Record<string, unknown>[]>(sql, params, 'all', em.getTransactionContext());
  return readOnlyEntities(em, entity, rows);
}
