import { DefinitionError, formatPath, type DefinitionIssue } from '../../domain/definitions';
import { StrandError } from '../../db/definitions';
import { AppError, ErrorCode } from '../../domain/errors';

type Doc = Record<string, unknown>;
type PathSegment = string | number;

const SECTIONS: Record<string, string> = { depts: 'dept', users: 'user', roles: 'role', apps: 'app', workflows: 'workflow' };
const CHILDREN: Record<string, string> = {
  states: 'state',
  transitions: 'transition',
  custom_fields: 'custom field',
  notices: 'notice',
};
const SEGMENT = /\.?([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/gy;

function segments(path: string): PathSegment[] | undefined {
  const out: PathSegment[] = [];
  SEGMENT.lastIndex = 0;
  while (SEGMENT.lastIndex < path.length) {
    const m = SEGMENT.exec(path);
    if (!m) return undefined;
    out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]!) as string)));
  }
  return out;
}

function entryAt(list: unknown, index: PathSegment | undefined): Doc | undefined {
  return Array.isArray(list) && typeof index === 'number' ? (list[index] as Doc | undefined) : undefined;
}

function label(kind: string, entry: Doc | undefined): string {
  const name = entry?.name ?? entry?.username ?? entry?.key;
  const id = typeof entry?.id === 'number' ? `(id ${entry.id})` : '(new)';
  return [kind, typeof name === 'string' ? JSON.stringify(name) : undefined, id].filter(Boolean).join(' ');
}

/** Where a document path points: the entries it passes through, named, and the key inside the last one. */
interface Located {
  where: string[];
  /** The kind of the innermost entry (`workflow`, `state`, `custom field`, `user`, …). */
  entry: string;
  /** The path inside that entry, e.g. `participant.value[0]` (empty: the entry itself). */
  key: string;
}

function locate(doc: Doc, path: string): Located | undefined {
  const parts = segments(path);
  const section = parts && typeof parts[0] === 'string' ? SECTIONS[parts[0]] : undefined;
  if (!parts || !section) return undefined;
  const top = entryAt(doc[parts[0] as string], parts[1]);
  const where = [label(section, top)];
  let entry = section;
  let rest = parts.slice(2);
  const child = typeof rest[0] === 'string' ? CHILDREN[rest[0]] : undefined;
  if (child && typeof rest[1] === 'number') {
    where.push(label(child, entryAt(top?.[rest[0] as string], rest[1])));
    entry = child;
    rest = rest.slice(2);
  }
  return { where, entry, key: formatPath(rest) };
}

const render = (at: Located) => [...at.where, at.key].filter(Boolean).join(' > ');

/** Name the entry a document path points into, e.g. `workflow "leave" (id 1) > transition "ok" (new) > to`. */
export function describePath(doc: Doc, path: string): string {
  const at = locate(doc, path);
  return at ? render(at) : path;
}

/** A refused write's issue, located in the document: `entry` and `key` say which value of which entry is wrong. */
interface DescribedIssue {
  path: string;
  message: string;
  entry?: string;
  key?: string;
}

function described(issues: readonly DefinitionIssue[], doc: Doc | undefined): DescribedIssue[] {
  return issues.map((i) => {
    const at = doc && i.path ? locate(doc, i.path) : undefined;
    const also = doc && i.also ? locate(doc, i.also) : undefined;
    const message = also ? i.message.replace(`(also at ${i.also})`, `(also at ${also.where.join(' > ')})`) : i.message;
    return at ? { path: render(at), message, entry: at.entry, key: at.key } : { path: i.path, message };
  });
}

/** Turn a refused write into the API's error: what is wrong and where, named after the document's entries. */
export function refusal(error: unknown, doc?: Doc): unknown {
  if (!(error instanceof DefinitionError)) return error;
  const issues = described(error.errors, doc);
  const message = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('\n');
  if (error instanceof StrandError) return new AppError(ErrorCode.CONFLICT, message, { issues, tickets: error.tickets });
  return AppError.badInput(message, { issues });
}
