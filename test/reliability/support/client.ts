import crypto from 'node:crypto';
import { DEMO_TOKEN } from '../../../src/server/graphiql-defaults';

/** The ticket actions (and the read) the load sends. */
export type Action = 'create' | 'handle' | 'accept' | 'deliver' | 'addNode' | 'finishAddNode' | 'changeState' | 'close' | 'retreat' | 'comment' | 'read';

/** One request of the load, in the terms of both faces. */
export interface Op {
  action: Action;
  user: string;
  ticketId?: number;
  transitionId?: number;
  workflowId?: number;
  target?: string;
  stateId?: number;
  fromAdmin?: boolean;
  /** Sent as expectedVersion (GraphQL) or If-Match (REST). */
  version?: number;
}

/** What a ticket looked like in an answer. */
export interface Seen {
  id: number;
  stateId: number;
  participant: string;
  participantTypeId: number;
  inAddNode: boolean;
  creator: string;
  version: number;
}

/**
 * ok: code 0 / no GraphQL errors; refused: an application error (code -1 or an error code); error: a 5xx or an
 * INTERNAL error; unknown: no answer (connection lost), the request may or may not have been applied.
 */
export type Outcome = 'ok' | 'refused' | 'error' | 'unknown';

/** One recorded answer. */
export interface Answer {
  op: Op;
  face: 'rest' | 'graphql';
  server: number;
  outcome: Outcome;
  /** The error code or message of a refusal or error. */
  code: string;
  /** The created ticket's id (create), else the op's ticket. */
  ticketId: number | null;
  /** The ticket as a GraphQL answer showed it. */
  seen?: Seen;
  /** When the request was sent and how long its answer took (ms). */
  at: number;
  ms: number;
}

/** What a face makes of an answer; send adds the rest. */
type Reply = Pick<Answer, 'outcome' | 'code' | 'ticketId' | 'seen'>;

const TICKET = 'id stateId participant participantTypeId inAddNode creator version';

const GQL: Record<Action, { query: string; field: string; vars(op: Op): Record<string, unknown> }> = {
  create: {
    field: 'createTicket',
    query: `mutation($input: CreateTicketInput!) { createTicket(input: $input) { ${TICKET} } }`,
    vars: (op) => ({ input: { workflowId: op.workflowId, transitionId: op.transitionId, title: 'race', fields: { note: op.user } } }),
  },
  handle: {
    field: 'handleTicket',
    query: `mutation($input: HandleTicketInput!) { handleTicket(input: $input) { ${TICKET} } }`,
    vars: (op) => ({ input: { ticketId: op.ticketId, transitionId: op.transitionId, suggestion: 'race', expectedVersion: op.version } }),
  },
  accept: { field: 'acceptTicket', query: `mutation($input: TicketActionInput!) { acceptTicket(input: $input) { ${TICKET} } }`, vars: (op) => action(op) },
  deliver: {
    field: 'deliverTicket',
    query: `mutation($input: TargetUserInput!) { deliverTicket(input: $input) { ${TICKET} } }`,
    vars: (op) => action(op, { targetUsername: op.target, fromAdmin: !!op.fromAdmin }),
  },
  addNode: {
    field: 'addNode',
    query: `mutation($input: TargetUserInput!) { addNode(input: $input) { ${TICKET} } }`,
    vars: (op) => action(op, { targetUsername: op.target }),
  },
  finishAddNode: {
    field: 'finishAddNode',
    query: `mutation($input: TicketActionInput!) { finishAddNode(input: $input) { ${TICKET} } }`,
    vars: (op) => action(op),
  },
  changeState: {
    field: 'changeTicketState',
    query: `mutation($input: ChangeTicketStateInput!) { changeTicketState(input: $input) { ${TICKET} } }`,
    vars: (op) => action(op, { stateId: op.stateId }),
  },
  close: { field: 'closeTicket', query: `mutation($input: TicketActionInput!) { closeTicket(input: $input) { ${TICKET} } }`, vars: (op) => action(op) },
  retreat: { field: 'retreatTicket', query: `mutation($input: TicketActionInput!) { retreatTicket(input: $input) { ${TICKET} } }`, vars: (op) => action(op) },
  comment: {
    field: 'addTicketComment',
    query: `mutation($input: TicketActionInput!) { addTicketComment(input: $input) { ${TICKET} } }`,
    vars: (op) => action(op, { suggestion: `comment by ${op.user}` }),
  },
  read: { field: 'ticket', query: `query($id: Int!) { ticket(id: $id) { ${TICKET} } }`, vars: (op) => ({ id: op.ticketId }) },
};

function action(op: Op, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { input: { ticketId: op.ticketId, expectedVersion: op.version, ...extra } };
}

function restRequest(op: Op): { method: string; path: string; body?: unknown } {
  const t = `/tickets/${op.ticketId}`;
  switch (op.action) {
    case 'create':
      return { method: 'POST', path: '/tickets', body: { workflow_id: op.workflowId, transition_id: op.transitionId, title: 'race', note: op.user } };
    case 'handle':
      return { method: 'PATCH', path: t, body: { transition_id: op.transitionId, suggestion: 'race' } };
    case 'accept':
      return { method: 'POST', path: `${t}/accept`, body: {} };
    case 'deliver':
      return { method: 'POST', path: `${t}/deliver`, body: { target_username: op.target, from_admin: op.fromAdmin ? 1 : 0 } };
    case 'addNode':
      return { method: 'POST', path: `${t}/add_node`, body: { target_username: op.target } };
    case 'finishAddNode':
      return { method: 'POST', path: `${t}/add_node_end`, body: {} };
    case 'changeState':
      return { method: 'PUT', path: `${t}/state`, body: { state_id: op.stateId } };
    case 'close':
      return { method: 'POST', path: `${t}/close`, body: {} };
    case 'retreat':
      return { method: 'POST', path: `${t}/retreat`, body: {} };
    case 'comment':
      return { method: 'POST', path: `${t}/comments`, body: { suggestion: `comment by ${op.user}` } };
    case 'read':
      return { method: 'GET', path: t };
  }
}

function restHeaders(op: Op): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = crypto
    .createHash('md5')
    .update(timestamp + DEMO_TOKEN)
    .digest('hex');
  const headers: Record<string, string> = { appname: 'ops', timestamp, signature, username: op.user, 'content-type': 'application/json' };
  if (op.version !== undefined) headers['if-match'] = String(op.version);
  return headers;
}

async function sendRest(base: string, op: Op): Promise<Reply> {
  const { method, path, body } = restRequest(op);
  const res = await fetch(`${base}/api/v1.0${path}`, { method, headers: restHeaders(op), body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await res.json().catch(() => null)) as { code?: number; msg?: string; data?: any } | null;
  if (res.status >= 500 || !json) return { outcome: 'error', code: `HTTP ${res.status}`, ticketId: op.ticketId ?? null };
  if (json.code !== 0) return { outcome: 'refused', code: String(json.msg), ticketId: op.ticketId ?? null };
  return { outcome: 'ok', code: '', ticketId: op.action === 'create' ? Number(json.data.ticket_id) : op.ticketId! };
}

async function sendGraphql(base: string, op: Op): Promise<Reply> {
  const { query, field, vars } = GQL[op.action];
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_TOKEN}`, username: op.user },
    body: JSON.stringify({ query, variables: vars(op) }),
  });
  const json = (await res.json().catch(() => null)) as {
    data?: Record<string, Seen> | null;
    errors?: { message: string; extensions?: { code?: string } }[];
  } | null;
  const error = json?.errors?.[0];
  if (res.status >= 500 || !json || error?.extensions?.code === 'INTERNAL')
    return { outcome: 'error', code: error?.message ?? `HTTP ${res.status}`, ticketId: op.ticketId ?? null };
  if (error) return { outcome: 'refused', code: error.extensions?.code ?? error.message, ticketId: op.ticketId ?? null };
  const seen = json.data![field]!;
  return { outcome: 'ok', code: '', ticketId: seen.id, seen };
}

/** Send one op to a server over a face; a lost connection is an `unknown` answer, never a throw. */
export async function send(base: string, server: number, face: 'rest' | 'graphql', op: Op): Promise<Answer> {
  const started = Date.now();
  try {
    const answer = face === 'rest' ? await sendRest(base, op) : await sendGraphql(base, op);
    return { op, face, server, ...answer, at: started, ms: Date.now() - started };
  } catch (err) {
    const refused = (err as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED';
    return {
      op,
      face,
      server,
      outcome: refused ? 'refused' : 'unknown',
      code: refused ? 'ECONNREFUSED' : String(err),
      ticketId: op.ticketId ?? null,
      at: started,
      ms: Date.now() - started,
    };
  }
}
