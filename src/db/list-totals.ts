import type { EntityManager, EventSubscriber, TransactionEventArgs } from '@mikro-orm/core';

interface Entry {
  generation: number;
  startedAt: number;
  total: Promise<number>;
}

/** Most distinct lists whose totals are kept. */
const MAX_ENTRIES = 10_000;

/**
 * Totals of ticket lists, shared by identical lists: a count runs once for all the requests that
 * ask while it runs, and its answer is reused for `ttlMs` unless this process commits a
 * transaction meanwhile (any commit may add or move tickets). Other processes' writes show within
 * `ttlMs`. The items of a page are always read fresh; only the total is shared.
 */
export class ListTotals {
  private generation = 0;
  private readonly entries = new Map<string, Entry>();

  /** A transaction of this process committed. */
  committed(): void {
    this.generation += 1;
  }

  total(key: string, ttlMs: number, count: () => Promise<number>): Promise<number> {
    const now = Date.now();
    const entry = this.entries.get(key);
    if (entry && entry.generation === this.generation && now - entry.startedAt <= ttlMs) return entry.total;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const fresh: Entry = { generation: this.generation, startedAt: now, total: count() };
    this.entries.set(key, fresh);
    fresh.total.then(
      // Shared while it runs; reusable afterwards only with a TTL.
      () => ttlMs === 0 && this.entries.get(key) === fresh && this.entries.delete(key),
      () => this.entries.get(key) === fresh && this.entries.delete(key),
    );
    return fresh.total;
  }
}

const totals = new WeakMap<object, ListTotals>();

/** The list totals of the ORM `em` belongs to. */
export function listTotalsOf(em: EntityManager): ListTotals {
  let found = totals.get(em.config);
  if (!found) totals.set(em.config, (found = new ListTotals()));
  return found;
}

/** Tells the ORM's list totals about every commit. */
export class CommitListener implements EventSubscriber {
  afterTransactionCommit(args: TransactionEventArgs): void {
    listTotalsOf(args.em).committed();
  }
}
