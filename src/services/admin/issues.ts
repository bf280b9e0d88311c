import { DefinitionError, formatPath, type DefinitionIssue } from '../../domain/definitions';
import { StrandError } from '../../db/definitions';
import { AppError, ErrorCode } from '../../domain/errors';

type Doc = Record<string, unknown>;
type PathSegment = string | number;

const SECTIONS: Record<string, string> = { depts: 'dept', users: 'user', roles: 'role', apps: 'app', workflows: 'workflow' };
const CHILDREN: Record<string, string> = {
  states: 'state', transitions: 'transition', custom_fields: 'custom field', notices: 'notice',
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

/** Name the entry a document path points into, e.g. `workflow "leave" (id 1) > transition "ok" (new) > to`. */
export function describePath(doc: Doc, path: string): string {
  const parts = segments(path);
  const section = parts && typeof parts[0] === 'string' ? SECTIONS[parts[0]] : undefined;
  if (!parts || !section) return path;
  const top = entryAt(doc[parts[0] as string], parts[1]);
  const where = [label(section, top)];
  let rest = parts.slice(2);
  const child = typeof rest[0] === 'string' ? CHILDREN[rest[0]] : undefined;
  if (child && typeof rest[1] === 'number') {
    where.push(label(child, entryAt(top?.[rest[0] as string], rest[1])));
    rest = rest.slice(2);
  }
  if (rest.length) where.push(formatPath(rest));
  return where.join(' > ');
}

function described(issues: readonly DefinitionIssue[], doc: Doc | undefined): DefinitionIssue[] {
  return issues.map((i) => ({ path: doc && i.path ? describePath(doc, i.path) : i.path, message: i.message }));
}

/** Turn a refused write into the API's error: what is wrong and where, named after the document's entries. */
export function refusal(error: unknown, doc?: Doc): unknown {
  if (!(error instanceof DefinitionError)) return error;
  const issues = described(error.errors, doc);
  const message = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('\n');
  if (error instanceof StrandError) return new AppError(ErrorCode.CONFLICT, message, { issues, tickets: error.tickets });
  return AppError.badInput(message, { issues });
}
