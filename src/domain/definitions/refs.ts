import type { Issues, PathSegment } from './errors';
import type { KnownRows, Ref } from './plan';

interface Entry {
  id?: number;
  name: string;
  path: readonly PathSegment[];
}

/** Reports a second use of the same id or key within one kind. */
export class UniqueTracker<K> {
  private readonly seen = new Map<K, readonly PathSegment[]>();

  constructor(
    private readonly what: string,
    private readonly issues: Issues,
  ) {}

  /** Record `key` at `path`; false (and an error) when it was seen before. */
  claim(key: K, path: readonly PathSegment[], shown = typeof key === 'string' ? JSON.stringify(key) : String(key)): boolean {
    const other = this.seen.get(key);
    if (other) {
      this.issues.add(path, `duplicate ${this.what} ${shown}`, other);
      return false;
    }
    this.seen.set(key, path);
    return true;
  }
}

/** The rows of one kind the file defines, plus those the database has, for resolving references. */
export class RefIndex {
  private readonly byId = new Map<number, Entry>();
  private readonly byName = new Map<string, Entry>();
  private readonly ids: UniqueTracker<number>;
  private readonly names: UniqueTracker<string>;

  constructor(
    readonly kind: string,
    private readonly issues: Issues,
    private readonly known: Map<string | number, number> | undefined,
    private readonly nameKey = 'name',
  ) {
    this.ids = new UniqueTracker(`${kind} id`, issues);
    this.names = new UniqueTracker(`${kind} ${nameKey}`, issues);
  }

  /** Register a row of the file; duplicates of id or natural key are reported. */
  add(entry: Entry): void {
    if (entry.id !== undefined && this.ids.claim(entry.id, [...entry.path, 'id'])) this.byId.set(entry.id, entry);
    if (this.names.claim(entry.name, [...entry.path, this.nameKey])) this.byName.set(entry.name, entry);
  }

  /** The file row a reference names, if any. */
  entry(ref: number | string): Entry | undefined {
    return typeof ref === 'number' ? this.byId.get(ref) : this.byName.get(ref);
  }

  /** Resolve an id or natural key; an unknown reference is reported and gives undefined. */
  resolve(ref: number | string, path: readonly PathSegment[]): Ref | undefined {
    if (typeof ref === 'number') {
      if (this.byId.has(ref) || this.known?.get(ref) === ref) return { id: ref };
      this.issues.add(path, `unknown ${this.kind} ${ref}`);
      return undefined;
    }
    const entry = this.byName.get(ref);
    if (entry?.id !== undefined) return { id: entry.id };
    const id = this.knownId(ref);
    if (id !== undefined) return { id };
    if (entry) return { name: ref };
    this.issues.add(path, `unknown ${this.kind} "${ref}"`);
    return undefined;
  }

  /** The database id a row of this natural key has (unless the file gives that id to another row). */
  knownId(name: string): number | undefined {
    const id = this.known?.get(name);
    if (id === undefined) return undefined;
    const pinned = this.byId.get(id);
    return pinned && pinned.name !== name ? undefined : id;
  }
}

/** Usernames the file defines or the database has. */
export class UserIndex {
  private readonly names = new Set<string>();
  private readonly tracker: UniqueTracker<string>;
  private readonly ids: UniqueTracker<number>;

  constructor(
    private readonly issues: Issues,
    private readonly known: Set<string> | undefined,
  ) {
    this.tracker = new UniqueTracker('username', issues);
    this.ids = new UniqueTracker('user id', issues);
  }

  /** Register a user of the file. */
  add(username: string, id: number | undefined, path: readonly PathSegment[]): void {
    if (id !== undefined) this.ids.claim(id, [...path, 'id']);
    if (this.tracker.claim(username, [...path, 'username'])) this.names.add(username);
  }

  /** Report `username` at `path` unless it is a user of the file or the database. */
  check(username: string, path: readonly PathSegment[]): boolean {
    if (this.names.has(username) || this.known?.has(username)) return true;
    this.issues.add(path, `unknown user "${username}"`);
    return false;
  }

  /** Check every username of a list, reporting each bad one at its index; also reports repeats. */
  checkList(usernames: readonly string[], path: readonly PathSegment[]): void {
    const seen = new UniqueTracker<string>('username', this.issues);
    usernames.forEach((name, i) => {
      if (seen.claim(name, [...path, i])) this.check(name, [...path, i]);
    });
  }
}

/** Everything the cross-reference checks share. */
export interface Context {
  issues: Issues;
  known?: KnownRows;
  users: UserIndex;
  depts: RefIndex;
  roles: RefIndex;
  workflows: RefIndex;
  /** The file's states of every workflow: pinned id → workflow name, and name → workflow names. */
  stateOwners: { byId: Map<number, string>; byName: Map<string, string[]> };
  stateIds: UniqueTracker<number>;
  transitionIds: UniqueTracker<number>;
  fieldIds: UniqueTracker<number>;
  noticeIds: UniqueTracker<number>;
  /** Hosts hook and notice URLs may name (null: the defaults); undefined skips the check. */
  hookAllow?: readonly string[] | null;
}

/** Resolve each reference of a list (reporting repeats); undefined when any is bad. */
export function resolveList(index: RefIndex, refs: readonly (number | string)[], path: readonly PathSegment[], issues: Issues): Ref[] | undefined {
  const seen = new UniqueTracker<number | string>(index.kind, issues);
  const out: Ref[] = [];
  let ok = true;
  refs.forEach((ref, i) => {
    const resolved = seen.claim(ref, [...path, i]) ? index.resolve(ref, [...path, i]) : undefined;
    if (resolved) out.push(resolved);
    else ok = false;
  });
  return ok ? out : undefined;
}
