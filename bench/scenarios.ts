import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Request } from 'autocannon';
import { Kind, parse, print, visit, type DefinitionNode, type DocumentNode, type FragmentDefinitionNode } from 'graphql';
import { HANDLER } from './tickets';

/** The demo app's credentials. */
export const APP = { name: 'ops', token: '8cd585da-3cc6-11e8-9946-784f437daad6' };

/**
 * What each scenario does, once per face; `list-10k` (category all, one page of 10,000 rows) runs only when asked for.
 * `create-keyed` and `handle-keyed` are create and handle with a fresh Idempotency-Key on every request.
 */
export const ACTIONS = ['list-all', 'list-duty', 'detail', 'transitions', 'flowlogs', 'create', 'handle', 'create-keyed', 'handle-keyed', 'list-10k'] as const;

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
  /** Ticket ids 1..maxId exist (seeded). */
  maxId: number;
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

function restHeaders(): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = crypto
    .createHash('md5')
    .update(timestamp + APP.token)
    .digest('hex');
  return { appname: APP.name, timestamp, signature, username: HANDLER, 'content-type': 'application/json' };
}

const gqlHeaders = () => ({ authorization: `Bearer ${APP.token}`, username: HANDLER, 'content-type': 'application/json' });
const randomId = (max: number) => 1 + Math.floor(Math.random() * max);
const createFields = (n: number) => ({ reason: `bench create ${n}`, date_start: '2026-12-01 09:00:00', date_end: '2026-12-03 18:00:00' });

const keyHeader = (keyed: boolean): Record<string, string> => (keyed ? { 'idempotency-key': crypto.randomUUID() } : {});

/** A REST request signed afresh each time it is sent: a signature expires after 120 s, a run may last longer. */
function signed(method: string, vary: () => Pick<Request, 'path' | 'body'>, keyed = false): Request {
  return { method, headers: restHeaders(), setupRequest: (r) => ({ ...r, ...vary(), headers: { ...restHeaders(), ...keyHeader(keyed) } }) };
}

function restRequest(action: BaseAction, data: ScenarioData, next: () => number, keyed: boolean): Request {
  const base = '/api/v1.0/tickets';
  switch (action) {
    case 'list-all':
    case 'list-duty':
      return signed('GET', () => ({ path: `${base}?category=${action.slice(5)}&per_page=${data.perPage}` }));
    case 'list-10k':
      return signed('GET', () => ({ path: `${base}?category=all&per_page=${LARGE_PAGE}` }));
    case 'detail':
      return signed('GET', () => ({ path: `${base}/${randomId(data.maxId)}` }));
    case 'transitions':
      return signed('GET', () => ({ path: `${base}/${randomId(data.maxId)}/transitions` }));
    case 'flowlogs':
      return signed('GET', () => ({ path: `${base}/${randomId(data.maxId)}/flowlogs` }));
    case 'create':
      return signed('POST', () => ({ path: base, body: JSON.stringify({ workflow_id: 1, transition_id: 1, title: 'bench', ...createFields(next()) }) }), keyed);
    case 'handle':
      return signed('PATCH', () => ({ path: `${base}/${next()}`, body: JSON.stringify({ transition_id: 2, suggestion: 'bench' }) }), keyed);
  }
}

function graphqlVariables(action: BaseAction, data: ScenarioData, next: () => number): Record<string, unknown> {
  switch (action) {
    case 'list-all':
    case 'list-duty':
      return { category: action.slice(5).toUpperCase(), page: 1, perPage: data.perPage, filter: {} };
    case 'list-10k':
      return { category: 'ALL', page: 1, perPage: LARGE_PAGE, filter: {} };
    case 'detail':
    case 'transitions':
      return { id: randomId(data.maxId) };
    case 'flowlogs':
      return { id: randomId(data.maxId), page: 1, perPage: 10, ascending: false, withTicketData: false };
    case 'create':
      return { input: { workflowId: 1, transitionId: 1, title: 'bench', fields: createFields(next()) } };
    case 'handle':
      return { input: { ticketId: next(), transitionId: 2, suggestion: 'bench', fields: {} } };
  }
}

const OPERATION: Record<BaseAction, string> = {
  'list-all': 'TicketList',
  'list-duty': 'TicketList',
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
  const request: Request = {
    method: 'POST',
    path: '/graphql',
    headers: gqlHeaders(),
    setupRequest: (r) => ({
      ...r,
      headers: { ...gqlHeaders(), ...keyHeader(keyed) },
      body: JSON.stringify({ operationName: OPERATION[base], query, variables: graphqlVariables(base, data, next) }),
    }),
  };
  return { name, face, action, requests: [request], ok: (s, b) => s === 200 && !b.includes('"errors"'), poolLeft: () => pool.length - cursor };
}
