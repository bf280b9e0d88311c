import type { EntityManager, EventSubscriber, TransactionEventArgs } from '@mikro-orm/core';

interface Entry {
  generation: number;
  startedAt: number;
  total: Promise<number>;
  settled: boolean;
  /** How long the count took, once settled. */
  tookMs: number;
  /** A recount started after the TTL ran out; `total` is answered until it lands. */
  refresh?: Promise<number>;
}

/** Most distinct lists whose totals are kept. */
const MAX_ENTRIES = 10_000;

/** A total is reused for the TTL, or ten times as long as it took to count: recounts cost at most a tenth of one database thread. */
function lifetime(ttlMs: number, entry: Entry): number {
  return ttlMs === 0 ? 0 : Math.max(ttlMs, 10 * entry.tookMs);
}

/**
 * Totals of ticket lists, shared by identical lists: a count runs once for all the requests that
 * ask while it runs, and its answer is reused for `ttlMs` unless this process commits a
 * transaction meanwhile (any commit may add or move tickets). Once the TTL runs out the answer is
 * still given while one recount runs in the background, so a slow count never stalls a list;
 * other processes' writes show within `ttlMs` plus one count. The items of a page are always read
 * fresh; only the total is shared.
 */
export class ListTotals {
  private generation = 0;
  private readonly entries = new Map<string, Entry>();

  /** A transaction of this process committed. */
  committed(): void {
    this.generation += 1;
  }

  total(key: string, ttlMs: number, count: () => Promise<number>): Promise<number> {
    const entry = this.entries.get(key);
    const current = entry?.generation === this.generation ? entry : undefined;
    if (current && (!current.settled || Date.now() - current.startedAt <= lifetime(ttlMs, current))) return current.total;
    if (current && ttlMs > 0) {
      current.refresh ??= this.count(key, ttlMs, count, current);
      return current.total;
    }
    return this.count(key, ttlMs, count);
  }

  /** Run a count; its entry answers while it runs, unless it refreshes `stale`, which answers until it lands. */
  private count(key: string, ttlMs: number, count: () => Promise<number>, stale?: Entry): Promise<number> {
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const entry: Entry = { generation: this.generation, startedAt: Date.now(), total: count(), settled: false, tookMs: 0 };
    if (!stale) this.entries.set(key, entry);
    entry.total.then(
      () => {
        entry.settled = true;
        entry.tookMs = Date.now() - entry.startedAt;
        if (stale && this.entries.get(key) === stale) this.entries.set(key, entry);
        if (ttlMs === 0 && this.entries.get(key) === entry) this.entries.delete(key);
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
        if (stale) stale.refresh = undefined;
      },
    );
    return entry.total;
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
