import { setTimeout as sleep } from 'node:timers/promises';
import { send, type Answer, type Op, type Seen } from './client';

/** The races workflow (races.yaml): states, transitions and who acts where. */
const WF = 40;
const S = { DRAFT: 400, CLAIM: 401, VOTE: 402, REVIEW: 403, HOOK: 404, CONFIRM: 405, DONE: 406, QUORUM: 407 } as const;
const T = { SUBMIT: 400, TAKE: 401, APPROVE: 402, REJECT: 403, GRANT: 404, FINISH: 406, AGAIN: 407, PASS: 408, BLOCK: 409 } as const;
const CREATORS = ['webb', 'david', 'goods_1'];
const CLAIMERS = ['ops', 'ops2', 'hr'];
const HELPERS = ['lilian', 'scm'];
const EVERYONE = ['admin', 'webb', 'ops', 'ops2', 'hr', 'lilian', 'david', 'goods_1', 'scm'];

/** How long and how hard to drive the servers. */
export interface LoadOptions {
  clients: number;
  seconds: number;
  maxRequests: number;
  /** Base URLs of the servers now (a restarted server gets a new one). */
  urls(): string[];
  /** Tickets created before the clients start, the first hot set. */
  initialTickets: number;
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const chance = (p: number) => Math.random() < p;

/** The shared picture the clients act on: the hot tickets and what the last answers showed of them. */
class Board {
  readonly hot: number[] = [];
  readonly seen = new Map<number, Seen>();

  add(id: number): void {
    this.hot.push(id);
    if (this.hot.length > 32) this.hot.shift();
  }

  learn(a: Answer): void {
    if (a.outcome !== 'ok' || a.ticketId === null) return;
    if (a.op.action === 'create') this.add(a.ticketId);
    const known = this.seen.get(a.ticketId);
    if (a.seen && (!known || known.version < a.seen.version)) this.seen.set(a.ticketId, a.seen);
    // A REST change answers no ticket: read it again before acting on it.
    if (!a.seen && a.op.action !== 'read') this.seen.delete(a.ticketId);
  }
}

function handle(t: Seen, user: string, transitionId: number): Op {
  return { action: 'handle', user, ticketId: t.id, transitionId };
}

/** An admin or creator stepping in on any ticket, whatever its state. */
function intervention(t: Seen): Op {
  const ticketId = t.id;
  return pick<Op>([
    { action: 'close', user: 'admin', ticketId },
    { action: 'changeState', user: 'admin', ticketId, stateId: pick([S.CLAIM, S.VOTE, S.REVIEW, S.QUORUM, S.HOOK, S.CONFIRM]) },
    { action: 'retreat', user: t.creator, ticketId },
    { action: 'comment', user: pick(EVERYONE), ticketId },
    { action: 'deliver', user: 'admin', ticketId, target: pick(CLAIMERS), fromAdmin: true },
  ]);
}

/** What a handler of the ticket would do next in its state, as far as the last answer showed it. */
function step(t: Seen): Op {
  const handlers = t.participant.split(',').filter(Boolean);
  const h = handlers.length ? pick(handlers) : 'admin';
  switch (t.stateId) {
    case S.DRAFT:
      return handle(t, t.creator, T.SUBMIT);
    case S.CLAIM:
      if (handlers.length > 1) return { action: 'accept', user: h, ticketId: t.id };
      return chance(0.2) ? { action: 'deliver', user: h, ticketId: t.id, target: pick(CLAIMERS) } : handle(t, h, T.TAKE);
    case S.VOTE:
      return handle(t, h, chance(0.05) ? T.REJECT : T.APPROVE);
    case S.REVIEW:
      if (t.inAddNode) return { action: 'finishAddNode', user: h, ticketId: t.id };
      if (chance(0.4)) return { action: 'addNode', user: h, ticketId: t.id, target: pick(HELPERS) };
      return handle(t, h, T.GRANT);
    case S.QUORUM:
      return handle(t, h, chance(0.05) ? T.BLOCK : T.PASS);
    case S.CONFIRM:
      return handle(t, t.creator, chance(0.5) ? T.FINISH : T.AGAIN);
    case S.DONE:
      return { action: 'changeState', user: 'admin', ticketId: t.id, stateId: pick([S.CLAIM, S.VOTE, S.REVIEW, S.QUORUM]) };
    default:
      return { action: 'read', user: 'admin', ticketId: t.id };
  }
}

function nextOp(board: Board): Op {
  if (!board.hot.length || chance(0.08)) return { action: 'create', user: pick(CREATORS), workflowId: WF, transitionId: T.SUBMIT };
  const id = pick(board.hot);
  const t = board.seen.get(id);
  if (!t || chance(0.15)) return { action: 'read', user: 'admin', ticketId: id };
  const op = chance(0.08) ? intervention(t) : step(t);
  // Some requests carry the version seen, some act blind: both must be safe.
  return chance(0.3) ? { ...op, version: t.version } : op;
}

async function sendAnywhere(opts: LoadOptions, op: Op): Promise<Answer> {
  const urls = opts.urls();
  const server = Math.floor(Math.random() * urls.length);
  return send(urls[server]!, server, chance(0.5) ? 'rest' : 'graphql', op);
}

/** A running load: the answers so far, and its end. */
export interface Load {
  answers: Answer[];
  done: Promise<Answer[]>;
}

/** Drive the servers with `clients` concurrent clients on a shared set of hot tickets, recording every answer. */
export function startLoad(opts: LoadOptions): Load {
  const board = new Board();
  const answers: Answer[] = [];
  const record = (a: Answer) => (answers.push(a), board.learn(a));
  const run = async () => {
    await Promise.all(
      Array.from({ length: opts.initialTickets }, async (_, i) => {
        record(await sendAnywhere(opts, { action: 'create', user: CREATORS[i % CREATORS.length]!, workflowId: WF, transitionId: T.SUBMIT }));
      }),
    );
    const deadline = Date.now() + opts.seconds * 1000;
    let sent = answers.length;
    await Promise.all(
      Array.from({ length: opts.clients }, async () => {
        while (Date.now() < deadline && sent < opts.maxRequests) {
          sent += 1;
          const answer = await sendAnywhere(opts, nextOp(board));
          record(answer);
          // A server that is down refuses at once: back off instead of spending the request budget on it.
          if (answer.code === 'ECONNREFUSED') await sleep(100);
        }
      }),
    );
    return answers;
  };
  return { answers, done: run() };
}

/** Answers counted by action and outcome, with the median and slowest latency, for the log of a run. */
export function tally(answers: Answer[]): string {
  const rows = new Map<string, Answer[]>();
  for (const a of answers) rows.set(a.op.action, [...(rows.get(a.op.action) ?? []), a]);
  return [...rows]
    .map(([action, xs]) => {
      const ms = xs.map((a) => a.ms).sort((a, b) => a - b);
      const outcomes = ['ok', 'refused', 'error', 'unknown'].map((o) => [o, xs.filter((a) => a.outcome === o).length] as const).filter(([, n]) => n);
      return `  ${action.padEnd(13)} ${outcomes.map(([o, n]) => `${o} ${n}`).join(', ')}; p50 ${ms[ms.length >> 1]} ms, max ${ms.at(-1)} ms`;
    })
    .join('\n');
}
