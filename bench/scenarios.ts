import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Request } from 'autocannon';
import { Kind, parse, print, visit, type DefinitionNode, type DocumentNode, type FragmentDefinitionNode } from 'graphql';
import type { BenchApp, Workload } from './workload';

/**
 * What each scenario does, once per face; `list-due` is the list of category all sorted by SLA due time, `list-breached`
 * the list of category all filtered to tickets with a breached SLA clock (newest first); `list-10k`
 * (category all, one page of 10,000 rows) runs only when asked for. `create-keyed` and `handle-keyed` are create and
 * handle with a fresh Idempotency-Key on every request.
 */
export const ACTIONS = [
  'list-all',
  'list-duty',
  'list-due',
  'list-breached',
  'detail',
  'transitions',
  'flowlogs',
  'create',
  'handle',
  'create-keyed',
  'handle-keyed',
  'list-10k',
] as const;

/** One action. */
export type Action = (typeof ACTIONS)[number];

/** An action without its key: what the request does. */
type BaseAction = Exclude<Action, 'create-keyed' | 'handle-keyed'>;

/** The request an action sends, and whether it carries an Idempotency-Key. */
export function baseAction(action: Action): { base: BaseAction; keyed: boolean } {
  if (action === 'create-keyed') return { base: 'create', keyed: true };
  if (action === 'handle-keyed') return { base: 'handle', keyed: true };
  return { base: action, keyed: false };
}

/** Whether the action writes (and moves tickets of the handle pool for handle). */
export const writes = (action: Action): boolean => ['create', 'handle'].includes(baseAction(action).base);

/** The scenarios a run drives unless --actions names others. */
export const DEFAULT_ACTIONS: Action[] = ACTIONS.filter((a) => a !== 'list-10k');

/** Rows of the large-page scenario: the most one page serves (MAX_PER_PAGE). */
export const LARGE_PAGE = 10_000;

/** REST (loonflow signature) or GraphQL (Bearer). */
export type Face = 'rest' | 'graphql';

/** What the scenarios draw from. */
export interface ScenarioData {
  workload: Workload;
  /** Tickets the handle scenarios may move, consumed in order. */
  handlePool: number[];
  /** Page size of the list scenarios. */
  perPage: number;
}

/** A scenario ready for autocannon, with a response check. */
export interface Scenario {
  name: string;
  face: Face;
  action: Action;
  requests: Request[];
  /** True when the answer is a success (HTTP 200 and no application error). */
  ok(status: number, body: string): boolean;
  /** Ids left in the handle pool (handle scenarios). */
  poolLeft?(): number;
}

const ROOT = path.resolve(__dirname, '..', '..');
const OPERATIONS = path.join(ROOT, 'src', 'rest', 'operations');
let operations: Map<string, DocumentNode> | null = null;

function fragmentsUsed(node: DefinitionNode, fragments: Map<string, FragmentDefinitionNode>, into: Map<string, FragmentDefinitionNode>): void {
  visit(node, {
    FragmentSpread(spread) {
      const name = spread.name.value;
      const def = fragments.get(name);
      if (!def || into.has(name)) return;
      into.set(name, def);
      fragmentsUsed(def, fragments, into);
    },
  });
}

/** The GraphQL text of a named operation of src/rest/operations (what the REST route executes), with its fragments. */
export function operationText(name: string): string {
  if (!operations) {
    const defs = fs
      .readdirSync(OPERATIONS)
      .filter((f) => f.endsWith('.graphql'))
      .flatMap((f) => parse(fs.readFileSync(path.join(OPERATIONS, f), 'utf8')).definitions);
    const fragments = new Map(defs.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
    operations = new Map();
    for (const d of defs) {
      if (d.kind !== Kind.OPERATION_DEFINITION || !d.name) continue;
      const used = new Map<string, FragmentDefinitionNode>();
      fragmentsUsed(d, fragments, used);
      operations.set(d.name.value, { kind: Kind.DOCUMENT, definitions: [d, ...used.values()] });
    }
  }
  const doc = operations.get(name);
  if (!doc) throw new Error(`operation ${name} not found in ${OPERATIONS}`);
  return print(doc);
}

/** loonflow's signature headers for an app and user (a signature expires after 120 s). */
export function restHeaders(app: BenchApp, username: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = crypto
    .createHash('md5')
    .update(timestamp + app.token)
    .digest('hex');
  return { appname: app.name, timestamp, signature, username, 'content-type': 'application/json' };
}

const gqlHeaders = (app: BenchApp, username: string) => ({ authorization: `Bearer ${app.token}`, username, 'content-type': 'application/json' });

const keyHeader = (keyed: boolean): Record<string, string> => (keyed ? { 'idempotency-key': crypto.randomUUID() } : {});

function restRequest(action: BaseAction, data: ScenarioData, next: () => number, keyed: boolean): Request {
  const base = '/api/v1.0/tickets';
  const w = data.workload;
  const headers = () => ({ ...restHeaders(w.app, w.userOf(action)), ...keyHeader(keyed) });
  // Signed afresh each time it is sent: a run may last longer than a signature.
  const signed = (method: string, vary: () => Pick<Request, 'path' | 'body'>): Request => ({
    method,
    headers: headers(),
    setupRequest: (r) => ({ ...r, ...vary(), headers: headers() }),
  });
  switch (action) {
    case 'list-all':
    case 'list-duty':
      return signed('GET', () => ({ path: `${base}?category=${action.slice(5)}&per_page=${data.perPage}` }));
    case 'list-due':
      return signed('GET', () => ({ path: `${base}?category=all&sort=sla_due_at&per_page=${data.perPage}` }));
    case 'list-breached':
      return signed('GET', () => ({ path: `${base}?category=all&sla_breached=1&per_page=${data.perPage}` }));
    case 'list-10k':
      return signed('GET', () => ({ path: `${base}?category=all&per_page=${LARGE_PAGE}` }));
    case 'detail':
      return signed('GET', () => ({ path: `${base}/${w.readId()}` }));
    case 'transitions':
      return signed('GET', () => ({ path: `${base}/${w.readId()}/transitions` }));
    case 'flowlogs':
      return signed('GET', () => ({ path: `${base}/${w.readId()}/flowlogs` }));
    case 'create':
      return signed('POST', () => {
        const c = w.create(next());
        return { path: base, body: JSON.stringify({ workflow_id: c.workflowId, transition_id: c.transitionId, title: c.title, ...c.fields }) };
      });
    case 'handle':
      return signed('PATCH', () => ({ path: `${base}/${next()}`, body: JSON.stringify({ transition_id: w.handleTransition, suggestion: 'bench' }) }));
  }
}

function graphqlVariables(action: BaseAction, data: ScenarioData, next: () => number): Record<string, unknown> {
  switch (action) {
    case 'list-all':
    case 'list-duty':
      return { category: action.slice(5).toUpperCase(), page: 1, perPage: data.perPage, filter: {} };
    case 'list-due':
      return { category: 'ALL', page: 1, perPage: data.perPage, filter: { sortByDueAt: true } };
    case 'list-breached':
      return { category: 'ALL', page: 1, perPage: data.perPage, filter: { slaBreached: true } };
    case 'list-10k':
      return { category: 'ALL', page: 1, perPage: LARGE_PAGE, filter: {} };
    case 'detail':
    case 'transitions':
      return { id: data.workload.readId() };
    case 'flowlogs':
      return { id: data.workload.readId(), page: 1, perPage: 10, ascending: false, withTicketData: false };
    case 'create':
      return { input: data.workload.create(next()) };
    case 'handle':
      return { input: { ticketId: next(), transitionId: data.workload.handleTransition, suggestion: 'bench', fields: {} } };
  }
}

const OPERATION: Record<BaseAction, string> = {
  'list-all': 'TicketList',
  'list-duty': 'TicketList',
  'list-due': 'TicketList',
  'list-breached': 'TicketList',
  'list-10k': 'TicketList',
  detail: 'TicketDetail',
  transitions: 'TicketTransitions',
  flowlogs: 'TicketFlowLogs',
  create: 'CreateTicket',
  handle: 'HandleTicket',
};

/** Build one scenario; handle scenarios consume data.handlePool. */
export function scenario(face: Face, action: Action, data: ScenarioData): Scenario {
  let cursor = 0;
  const pool = data.handlePool;
  const { base, keyed } = baseAction(action);
  const next = base === 'handle' ? () => (cursor < pool.length ? pool[cursor++] : 0) : () => ++cursor;
  const name = `${face} ${action}`;
  if (face === 'rest') {
    return {
      name,
      face,
      action,
      requests: [restRequest(base, data, next, keyed)],
      ok: (s, b) => s === 200 && b.startsWith('{"code":0'),
      poolLeft: () => pool.length - cursor,
    };
  }
  const query = operationText(OPERATION[base]);
  const headers = () => ({ ...gqlHeaders(data.workload.app, data.workload.userOf(base)), ...keyHeader(keyed) });
  const request: Request = {
    method: 'POST',
    path: '/graphql',
    headers: headers(),
    setupRequest: (r) => ({
      ...r,
      headers: headers(),
      body: JSON.stringify({ operationName: OPERATION[base], query, variables: graphqlVariables(base, data, next) }),
    }),
  };
  return { name, face, action, requests: [request], ok: (s, b) => s === 200 && !b.includes('"errors"'), poolLeft: () => pool.length - cursor };
}
