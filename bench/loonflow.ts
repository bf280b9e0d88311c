import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { openDb, resetDatabase, type BenchDb, type Target } from './db';
import { restHeaders } from './scenarios';
import { cli, type SeedOptions, type SeedReport } from './seed';
import { startServer } from './server';
import { anyOf, type CreateRequest, type Workload } from './workload';

/** loonflow's own demo data: its users, app `ops` and workflows 1 请假申请 and 2 vpn申请, with loonflow's ids. */
export const LOONFLOW_FILE = path.resolve(__dirname, '..', '..', 'bench', 'fixtures', 'loonflow-demo.yaml');

const APP = { name: 'ops', token: '4e57d414-c6aa-11ea-9ed0-784f437daad6' };

/** The vpn request's team-lead approval (state 7): zhangsan and admin must both vote (countersign). */
const VPN_APPROVAL = 7;
const VOTER = 'zhangsan';
const VOTE = 8;
/** Tickets seeded at once (one request in flight each). */
const LANES = 16;

/** Who creates tickets: the active users of the demo data. */
const CREATORS = ['aaaa', 'bbb', 'dfsf@163.com', 'dsfsffsdf', '3333', 'sss', 'fdsfds', '23424', 'zhangsan', 'lisi', 'wangwu', 'jack'];

/** One step after the create: a user acts (`accept` before handling a state offered to several users), or the automation. */
type Step = { as: 'creator' | string; transition?: number; accept?: true } | { automationTo: number };

interface Path {
  workflow: 1 | 2;
  weight: number;
  steps: Step[];
}

const vote = (as: string, transition: number): Step => ({ as, transition });
/** How far real use carries tickets: most finished, the rest spread over every waiting state. */
const PATHS: Path[] = [
  { workflow: 1, weight: 16, steps: [] },
  { workflow: 1, weight: 8, steps: [vote('zhangsan', 3)] },
  { workflow: 1, weight: 12, steps: [vote('zhangsan', 3), vote('lisi', 3)] },
  { workflow: 1, weight: 50, steps: [vote('zhangsan', 3), vote('lisi', 3), vote('jack', 5)] },
  { workflow: 1, weight: 14, steps: [vote('zhangsan', 4), vote('lisi', 4)] },
  { workflow: 2, weight: 20, steps: [] },
  { workflow: 2, weight: 10, steps: [vote('zhangsan', 8)] },
  { workflow: 2, weight: 15, steps: [vote('zhangsan', 8), vote('admin', 8)] },
  { workflow: 2, weight: 15, steps: [vote('zhangsan', 8), vote('admin', 8), { as: 'lisi', accept: true }, vote('lisi', 9), { automationTo: 10 }] },
  {
    workflow: 2,
    weight: 40,
    steps: [vote('zhangsan', 8), vote('admin', 8), { as: 'wangwu', accept: true }, vote('wangwu', 9), { automationTo: 10 }, vote('creator', 11)],
  },
];

/** Six leave requests to one vpn request, as in loonflow's measurement (6,000 + 1,000). */
const WORKFLOW_SHARE = { 1: 6 / 7, 2: 1 / 7 };

function leaveFields(n: number): Record<string, unknown> {
  return {
    leave_start: '2026-12-01 09:00:00',
    leave_end: '2026-12-03 18:00:00',
    leave_proxy: 'lisi',
    leave_type: '1',
    leave_reason: n,
    attachment_field: `https://files.example.com/leave/${n}.pdf`,
    multi_user_field: 'lisi,wangwu',
    user_fleld: 'jack',
    text_field: `leave request ${n}`,
    multi_select_field: '1,2',
    select_field: '2',
    bool_field: true,
    checkbox_field: '1',
    multi_checkbox_field: '1,3',
  };
}

const vpnCreate = (n: number): CreateRequest => ({ workflowId: 2, transitionId: 7, title: `vpn申请 ${n}`, fields: { vpn_reason: `remote work ${n}` } });
const leaveCreate = (n: number): CreateRequest => ({ workflowId: 1, transitionId: 1, title: `请假 ${n}`, fields: leaveFields(n) });

/** The vpn tickets waiting for zhangsan's vote, oldest first: what the handle scenario votes on. */
export async function loonflowHandlePool(db: BenchDb): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    'select t.id from tickets t join ticket_users u on u.ticket_id = t.id and u.username = ? and u.in_process = 1 where t.workflow_id = 2 and t.state_id = ? and t.is_deleted = 0 order by t.id',
    [VOTER, VPN_APPROVAL],
  );
  return rows.map((r) => Number(r.id));
}

/** The four requests of loonflow's measurement: list all as admin; detail, create and the countersign vote as zhangsan. */
export async function loonflowWorkload(db: BenchDb): Promise<Workload> {
  const waiting = await db.query<{ id: number }>('select id from tickets where workflow_id = 2 and state_id = ? and is_deleted = 0 order by id', [
    VPN_APPROVAL,
  ]);
  if (!waiting.length) throw new Error('no vpn ticket waits in state 7: seed the loonflow data set first');
  return {
    app: APP,
    userOf: (action) => (action === 'list-all' || action === 'list-10k' ? 'admin' : VOTER),
    readId: anyOf(waiting.map((r) => Number(r.id))),
    create: vpnCreate,
    handleTransition: VOTE,
  };
}

/** A receiver for the data set's hook and notices: answers every call with loonflow's success. */
async function receiver(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.setHeader('content-type', 'application/json').end('{"code":0,"msg":"","data":{}}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

class Client {
  constructor(private readonly baseUrl: string) {}

  /** Send a request; a lock race (MariaDB chose the transaction as a deadlock victim: nothing was written) is sent again, as a client would. */
  async send(method: string, url: string, username: string, body?: unknown): Promise<Record<string, any>> {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(this.baseUrl + url, {
        method,
        headers: restHeaders(APP, username),
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const answer = (await res.json()) as { code: number; msg: string; data: Record<string, any> };
      if (answer.code === 0) return answer.data;
      if (!answer.msg.includes('reload and retry') || attempt === 5) throw new Error(`${method} ${url} as ${username}: ${answer.msg}`);
      this.lockRaces += 1;
    }
  }

  /** Requests sent again after a lock race. */
  lockRaces = 0;
}

/** The steps left once the ticket waits for the automation: taken after the worker has run every job. */
interface Rest {
  id: number;
  creator: string;
  to: number;
  steps: Step[];
}

async function act(client: Client, id: number, creator: string, step: Step): Promise<void> {
  if ('automationTo' in step) return;
  const as = step.as === 'creator' ? creator : step.as;
  if (step.accept) await client.send('POST', `/api/v1.0/tickets/${id}/accept`, as, {});
  else await client.send('PATCH', `/api/v1.0/tickets/${id}`, as, { transition_id: step.transition, suggestion: 'ok' });
}

/** Create the ticket and take its steps up to the automation; returns what is left after it. */
async function walk(client: Client, n: number, path: Path, creator: string): Promise<Rest | null> {
  const c = path.workflow === 1 ? leaveCreate(n) : vpnCreate(n);
  const created = await client.send('POST', '/api/v1.0/tickets', creator, {
    workflow_id: c.workflowId,
    transition_id: c.transitionId,
    title: c.title,
    ...c.fields,
  });
  const id = Number(created.ticket_id);
  for (const [i, step] of path.steps.entries()) {
    if ('automationTo' in step) return { id, creator, to: step.automationTo, steps: path.steps.slice(i + 1) };
    await act(client, id, creator, step);
  }
  return null;
}

/** Finish a ticket the automation moved on (the worker has drained its jobs: the hook has run). */
async function finish(client: Client, rest: Rest): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const state = Number((await client.send('GET', `/api/v1.0/tickets/${rest.id}`, rest.creator)).value?.state_id);
    if (state === rest.to) break;
    if (Date.now() > deadline) throw new Error(`ticket ${rest.id} is in state ${state}, not ${rest.to}, after its hook ran: does the hook fail?`);
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const step of rest.steps) await act(client, rest.id, rest.creator, step);
}

function pick(paths: Path[], r: number): Path {
  let left = r * paths.reduce((s, p) => s + p.weight, 0);
  return paths.find((p) => (left -= p.weight) < 0) ?? paths[0];
}

/** The plan of the n-th ticket: the handle pool first (vpn tickets left in state 7), then the mix. */
function planOf(n: number, pool: number): Path {
  if (n < pool) return PATHS.find((p) => p.workflow === 2 && !p.steps.length)!;
  const workflow = (n * 7919) % 7 < 7 * WORKFLOW_SHARE[1] ? 1 : 2;
  return pick(
    PATHS.filter((p) => p.workflow === workflow),
    ((n * 2654435761) % 4294967296) / 4294967296,
  );
}

/** Wait until the server's worker has run every job (hooks, notices), as its /metrics tells. */
async function drained(baseUrl: string): Promise<void> {
  for (;;) {
    const text = await (await fetch(`${baseUrl}/metrics`)).text();
    const idle = ['pending', 'running'].every((status) => new RegExp(`^loongate_outbox_jobs\\{status="${status}"\\} 0$`, 'm').test(text));
    if (idle) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function rowCounts(target: Target): Promise<SeedReport['rows']> {
  const db = await openDb(target);
  try {
    const count = async (table: string) => Number((await db.query<{ n: number }>(`select count(*) as n from ${table}`))[0].n);
    return {
      tickets: await count('tickets'),
      ticket_values: await count('ticket_values'),
      flow_logs: await count('flow_logs'),
      ticket_users: await count('ticket_users'),
    };
  } finally {
    await db.close();
  }
}

/**
 * Fresh database with loonflow's demo data; every ticket created and moved through the API by a server of this build
 * (worker on, its hook and notices answered by a local receiver), so every row is what real use writes.
 */
export async function seedLoonflow(target: Target, opts: SeedOptions & { port: number }): Promise<SeedReport> {
  const started = Date.now();
  const sink = await receiver();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'loongate-bench-')), 'loonflow-demo.yaml');
  fs.writeFileSync(file, fs.readFileSync(LOONFLOW_FILE, 'utf8').replaceAll('http://127.0.0.1:9', sink.url));
  await resetDatabase(target);
  cli(target, ['import', file]);
  const schema = (Date.now() - started) / 1000;
  // The worker takes large batches: seeding queues notices faster than the default pace sends them.
  const env = { LOONGATE_JOB_BATCH: '200', LOONGATE_JOB_POLL_MS: '100' };
  const server = await startServer(target, { port: opts.port, worker: true, nodeFlags: [], profileDir: null, env });
  const progress = Date.now();
  const bar = new SingleBar(
    { format: 'seeding {bar} {percentage}% | {value}/{total} tickets | {eta_formatted} left', hideCursor: true, stream: process.stderr },
    Presets.shades_classic,
  );
  const total = opts.tickets + opts.handlePool;
  let next = 0;
  let done = 0;
  try {
    const client = new Client(server.baseUrl);
    bar.start(total, 0);
    const rests: Rest[] = [];
    const lane = async () => {
      for (let n = next++; n < total; n = next++) {
        const rest = await walk(client, n, planOf(n, opts.handlePool), CREATORS[n % CREATORS.length]);
        if (rest) rests.push(rest);
        bar.update(++done);
      }
    };
    await Promise.all(Array.from({ length: LANES }, lane));
    bar.stop();
    console.error(`[bench] waiting for the worker to run the hooks and notices, then finishing ${rests.length} tickets`);
    await drained(server.baseUrl);
    await Promise.all(
      Array.from({ length: LANES }, async () => {
        for (let rest = rests.pop(); rest; rest = rests.pop()) await finish(client, rest);
      }),
    );
    await drained(server.baseUrl);
    await server.stop();
    console.error(
      `[bench] ${total} tickets through the API in ${((Date.now() - progress) / 1000).toFixed(1)} s (${client.lockRaces} requests sent again after a lock race)`,
    );
    const rows = await rowCounts(target);
    const seconds = (Date.now() - started) / 1000;
    return { tickets: total, rows, seconds, phases: { schema, insert: seconds - schema, index: 0, analyze: 0 } };
  } finally {
    bar.stop();
    await server.stop();
    await sink.close();
  }
}
