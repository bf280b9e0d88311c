import type { EntityManager } from '@mikro-orm/core';

/** Most entries one revision keeps before it starts over (users are cached one by one). */
const MAX_ENTRIES = 50_000;

/** The current revision (through the transaction of `em`, if any: its connection may be the only one). */
async function readRevision(em: EntityManager): Promise<number> {
  const sql = 'select revision from catalog_revision where id = 1';
  const rows = await em.getConnection().execute<{ revision: number }[]>(sql, [], 'all', em.getTransactionContext());
  return Number(rows[0]?.revision ?? 0);
}

const writers = new WeakSet<EntityManager>();

/** The transaction of `em` writes definitions: reference data it reads must not be shared. */
export function markCatalogWriter(em: EntityManager): void {
  writers.add(em);
}

/** Bump the revision inside the transaction of a definitions write: readers reload after it commits. */
export async function bumpCatalogRevision(em: EntityManager): Promise<void> {
  await em.getConnection().execute('update `catalog_revision` set `revision` = `revision` + 1 where `id` = 1', [], 'run', em.getTransactionContext());
}

/**
 * Reference data of one catalog revision, shared by every request of the process: apps, users,
 * org and workflow definitions. Rows are loaded through their own entity manager, so they belong
 * to no request and are never flushed; treat them as read-only.
 */
export class Catalog {
  /**
   * `root` is forked for each load; with `direct`, loads go through `root` itself (a transaction's
   * manager), into `entries` (this catalog's, or a private map for a transaction that writes definitions).
   * `settled` holds the keys whose load has finished.
   */
  constructor(
    readonly revision: number,
    private readonly root: EntityManager,
    private readonly direct = false,
    private readonly entries = new Map<string, Promise<unknown>>(),
    private readonly settled = new Set<string>(),
  ) {}

  /**
   * This catalog as seen from `em`. On a single-connection database (SQLite) a transaction holds the
   * connection, so loads go through it; they see committed reference data, unless the transaction
   * writes definitions itself: what that one reads is kept apart.
   */
  from(em: EntityManager, singleConnection: boolean): Catalog {
    if (!singleConnection || !em.isInTransaction()) return this;
    return writers.has(em) ? new Catalog(this.revision, em, true) : new Catalog(this.revision, em, true, this.entries, this.settled);
  }

  /** Forks of the root itself: a global manager would otherwise fork the transaction the caller is in. */
  private manager(): EntityManager {
    return this.direct ? this.root : this.root.fork({ disableContextResolution: true });
  }

  /**
   * Whether the entry under `key` may be awaited. A transaction holding the only connection must not
   * wait for a load still queued behind it: it reads for itself instead.
   */
  private usable(key: string): boolean {
    return this.entries.has(key) && (!this.direct || this.settled.has(key));
  }

  private store(key: string, value: Promise<unknown>): void {
    if (this.entries.has(key)) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear(), this.settled.clear();
    this.entries.set(key, value);
    value.then(
      () => this.entries.get(key) === value && this.settled.add(key),
      () => this.entries.get(key) === value && this.entries.delete(key),
    );
  }

  /** The value under `key`, loaded once per revision. A failed load is forgotten. */
  cached<T>(key: string, load: (em: EntityManager) => Promise<T>): Promise<T> {
    if (this.usable(key)) return this.entries.get(key) as Promise<T>;
    const value = load(this.manager());
    this.store(key, value);
    return value;
  }

  /** Values for many keys, loading only the missing ones in one call; null for a key the loader did not return. */
  async many<K extends string | number, V>(
    kind: string,
    keys: readonly K[],
    load: (em: EntityManager, missing: K[]) => Promise<Map<K, V>>,
  ): Promise<(V | null)[]> {
    const key = (k: K) => `${kind}:${k}`;
    const missing = new Set([...new Set(keys)].filter((k) => !this.usable(key(k))));
    const loaded = missing.size ? load(this.manager(), [...missing]) : null;
    const fresh = (k: K) => loaded!.then((m) => m.get(k) ?? null);
    for (const k of missing) this.store(key(k), fresh(k));
    return Promise.all(keys.map((k) => (missing.has(k) ? fresh(k) : (this.entries.get(key(k)) as Promise<V | null>))));
  }
}

/** The catalog of the newest revision this process has read. */
class CatalogSource {
  private latest: Catalog | null = null;

  constructor(
    readonly root: EntityManager,
    readonly singleConnection: boolean,
  ) {}

  /** Read the revision and return a catalog at least that new. */
  async refresh(em: EntityManager): Promise<Catalog> {
    const revision = await readRevision(em);
    if (this.latest?.revision !== revision) this.latest = new Catalog(revision, this.root);
    return this.latest;
  }

  current(): Catalog | null {
    return this.latest;
  }

  /** Forget everything (after a write this process committed). */
  reset(): void {
    this.latest = null;
  }
}

const sources = new WeakMap<object, CatalogSource>();

/**
 * Give the ORM of `em` its catalog (openOrm does this); reference data is loaded through forks of
 * `root`. With a single connection (SQLite) a transaction holds it, so reads inside one go through it.
 */
export function attachCatalog(em: EntityManager, root: EntityManager, singleConnection: boolean): void {
  const source = new CatalogSource(root, singleConnection);
  // Work done through the side pool (`sidePool`) sees the same catalog.
  for (const config of [em.config, root.config]) sources.set(config, source);
}

function sourceOf(em: EntityManager): CatalogSource {
  const source = sources.get(em.config);
  if (!source) throw new Error('this ORM was not opened with openOrm: it has no catalog');
  return source;
}

/** Start of a request or job: read the revision so that what follows sees reference data at least that new. */
export function refreshCatalog(em: EntityManager): Promise<Catalog> {
  return sourceOf(em).refresh(em);
}

/** The catalog of the ORM `em` belongs to, as seen from `em`: the latest refreshed, else read now. */
export async function catalogOf(em: EntityManager): Promise<Catalog> {
  const source = sourceOf(em);
  const catalog = source.current() ?? (await source.refresh(em));
  return catalog.from(em, source.singleConnection);
}

/**
 * A manager on the catalog's own small pool (MySQL/MariaDB), for reads and single statements that must never
 * queue behind the connections request transactions hold (the event pump's reads, a create's serial bump inside
 * a keyed request's transaction): transactions waiting for such a statement can then never exhaust the pool it
 * needs. SQLite has one connection, and serialises writers anyway: `em` itself.
 */
export function sidePool(em: EntityManager): EntityManager {
  const source = sourceOf(em);
  return source.singleConnection ? em : source.root.fork({ disableContextResolution: true });
}

/** `em`, or the side pool when `em` is in a transaction: for a statement that must commit on its own. */
export function outsideTransactions(em: EntityManager): EntityManager {
  return em.isInTransaction() ? sidePool(em) : em;
}

/** Drop the cached reference data of the ORM `em` belongs to. */
export function resetCatalog(em: EntityManager): void {
  sourceOf(em).reset();
}
