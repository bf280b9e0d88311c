import type { EntityManager, RequiredEntityData } from '@mikro-orm/core';
import type { DefinitionIssue, Ref } from '../../domain/definitions';
import { BaseRow } from '../entities';
import type { Existing } from './existing';

/** The kinds of rows an import writes, in write order. */
export const IMPORT_KINDS = [
  'depts',
  'users',
  'userDepts',
  'roles',
  'userRoles',
  'workflows',
  'workflowAdmins',
  'customFields',
  'states',
  'transitions',
  'notices',
  'apps',
] as const;

/** A kind of rows an import writes. */
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** What an import did to the rows of one kind. */
export interface KindCounts {
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
}

/** What an import did, per kind. */
export type ImportSummary = Record<ImportKind, KindCounts>;

/** Structural equality of column values (object key order is ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && deepEqual((a as never)[k], (b as never)[k]));
}

/** Assign only the values that differ; true when something changed. */
export function assignChanged<T extends object>(row: T, values: Partial<T>): boolean {
  let changed = false;
  for (const [key, value] of Object.entries(values) as [keyof T, T[keyof T]][]) {
    if (!deepEqual(row[key], value)) {
      row[key] = value;
      changed = true;
    }
  }
  return changed;
}

/** The id a reference stands for, once the rows it may name have been written. */
export function resolveRef(ref: Ref, ids: ReadonlyMap<string, number>): number {
  if ('id' in ref) return ref.id;
  const id = ids.get(ref.name);
  if (id === undefined) throw new Error(`definitions import: "${ref.name}" was not written`);
  return id;
}

/** Group rows by a key; live rows come before soft-deleted ones, then by id. */
export function groupRows<R extends { id: number }>(rows: readonly R[], key: (row: R) => string): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  const deleted = (row: R) => (row instanceof BaseRow && row.isDeleted ? 1 : 0);
  for (const row of [...rows].sort((a, b) => deleted(a) - deleted(b) || a.id - b.id)) {
    groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  }
  return groups;
}

/** Matches plan rows to table rows: by pinned id, else by natural key among the rows nobody pinned or took. */
export class RowMatcher<R extends { id: number }> {
  private readonly byId: Map<number, R>;
  private readonly claimed = new Set<number>();

  constructor(rows: readonly R[]) {
    this.byId = new Map(rows.map((row) => [row.id, row]));
  }

  /** Reserve the ids the file pins, before any natural-key matching. */
  pin(ids: readonly (number | undefined)[]): void {
    for (const id of ids) if (id !== undefined) this.claimed.add(id);
  }

  match(id: number | undefined, candidates: readonly R[] | undefined): R | undefined {
    if (id !== undefined) return this.byId.get(id);
    const row = candidates?.find((r) => !this.claimed.has(r.id));
    if (row) this.claimed.add(row.id);
    return row;
  }

  /** Whether a row was matched or pinned. */
  taken(row: R): boolean {
    return this.claimed.has(row.id);
  }
}

/** Match rows of a table with a unique natural key; another row holding a file row's key is a conflict. */
export function matchUnique<P extends { id?: number; path: string }, R extends { id: number }>(
  plans: readonly P[],
  rows: readonly R[],
  keys: { plan: (p: P) => string; row: (r: R) => string; field: string },
  kind: string,
  issues: DefinitionIssue[],
): (R | undefined)[] {
  const matcher = new RowMatcher(rows);
  matcher.pin(plans.map((p) => p.id));
  const groups = groupRows(rows, keys.row);
  return plans.map((p) => {
    const row = matcher.match(p.id, groups.get(keys.plan(p)));
    for (const other of groups.get(keys.plan(p)) ?? []) {
      if (other === row) continue;
      const state = other instanceof BaseRow && other.isDeleted ? ' (soft-deleted)' : '';
      issues.push({ path: `${p.path}.${keys.field}`, message: `${kind} "${keys.plan(p)}" already exists with id ${other.id}${state}` });
    }
    return row;
  });
}

/** The EntityManager of the import transaction, with counting and progress. */
export class WriteContext {
  readonly summary = Object.fromEntries(IMPORT_KINDS.map((k) => [k, { created: 0, updated: 0, unchanged: 0, removed: 0 }])) as ImportSummary;
  private done = 0;
  private readonly created: { row: object; pinned: boolean }[] = [];

  constructor(
    readonly em: EntityManager,
    readonly existing: Existing,
    private readonly total: number,
    private readonly onProgress?: (done: number, total: number) => void,
  ) {}

  count(kind: ImportKind, outcome: keyof KindCounts): void {
    this.summary[kind][outcome]++;
    if (outcome === 'removed') return;
    this.done++;
    this.onProgress?.(this.done, this.total);
  }

  /** Create the row (with the pinned id, if any) or assign what differs, reviving a soft-deleted row. */
  upsert<T extends object>(kind: ImportKind, entity: new () => T, row: T | undefined, values: Partial<T>, id?: number): T {
    if (row) {
      const revive = row instanceof BaseRow ? { isDeleted: false } : {};
      this.count(kind, assignChanged(row, { ...values, ...revive }) ? 'updated' : 'unchanged');
      return row;
    }
    const data = { ...values, ...(id === undefined ? {} : { id }) } as RequiredEntityData<T>;
    const created = this.em.create(entity, data, { persist: false });
    this.created.push({ row: created, pinned: id !== undefined });
    this.count(kind, 'created');
    return created;
  }

  /** Write pending rows, pinned ids first: a MariaDB batch mixing given and generated ids maps ids wrongly. */
  async flush(): Promise<void> {
    const created = this.created.splice(0);
    this.em.persist(created.filter((c) => c.pinned).map((c) => c.row));
    await this.em.flush();
    const generated = created.filter((c) => !c.pinned).map((c) => c.row);
    if (generated.length === 0) return;
    this.em.persist(generated);
    await this.em.flush();
  }

  /** Make a membership list exactly `desired`: remove extra rows, update kept ones, create missing ones. */
  sync<R extends object, K>(
    kind: ImportKind,
    current: readonly R[],
    desired: readonly K[],
    keyOf: (row: R) => K,
    values: (key: K, index: number) => Partial<R>,
    entity: new () => R,
  ): void {
    const have = new Map(current.map((row) => [keyOf(row), row]));
    const wanted = new Set(desired);
    for (const row of current) {
      if (!wanted.has(keyOf(row))) {
        this.em.remove(row);
        this.count(kind, 'removed');
      }
    }
    desired.forEach((key, i) => {
      this.upsert(kind, entity, have.get(key), values(key, i));
    });
  }
}
