/** One segment of a path into the document: an object key or an array index. */
export type PathSegment = string | number;

/** One problem found in a definition file, located by the path of the bad value. */
export interface DefinitionIssue {
  path: string;
  message: string;
  /** For a duplicate: the path of the entry that came first (the message says `also at <path>`). */
  also?: string;
}

/** All the problems of a definition file; `.message` lists them one per line, first first. */
export class DefinitionError extends Error {
  constructor(readonly errors: DefinitionIssue[]) {
    super(errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('\n'));
    this.name = 'DefinitionError';
  }
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Render `['workflows', 0, 'to']` as `workflows[0].to`; keys that are not identifiers are quoted. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

const SECTIONS = ['depts', 'users', 'roles', 'apps', 'workflows'];

function rank(path: readonly PathSegment[]): [number, number] {
  const section = SECTIONS.indexOf(String(path[0] ?? ''));
  return [section, typeof path[1] === 'number' ? path[1] : -1];
}

/** Collects issues; they are reported in document order (section, then item), then in the order found. */
export class Issues {
  private readonly entries: { path: readonly PathSegment[]; issue: DefinitionIssue }[] = [];

  add(path: readonly PathSegment[], message: string, also?: readonly PathSegment[]): void {
    const issue: DefinitionIssue = { path: formatPath(path), message };
    if (also) Object.assign(issue, { message: `${message} (also at ${formatPath(also)})`, also: formatPath(also) });
    this.entries.push({ path, issue });
  }

  get count(): number {
    return this.entries.length;
  }

  /** The collected issues as one error. */
  error(): DefinitionError {
    const sorted = [...this.entries].sort((a, b) => {
      const [sa, ia] = rank(a.path);
      const [sb, ib] = rank(b.path);
      return sa - sb || ia - ib;
    });
    return new DefinitionError(sorted.map((e) => e.issue));
  }
}
