import fs from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { parseTarget, resetDatabase, type Target } from './db';
import { cli } from './seed';
import { RssSampler, startServer } from './server';

const ROOT = path.resolve(__dirname, '..', '..');
const TOKEN = '8cd585da-3cc6-11e8-9946-784f437daad6';
const HEADERS = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, username: 'admin' };
const LEAVE = { workflowId: 1, transitionId: 1, title: 'bench', fields: { date_start: '2020-04-13 00:00:00', date_end: '2020-04-23 00:00:00', reason: 'x' } };

interface Options {
  db: 'sqlite' | 'mysql';
  mysqlUrl: string;
  sqliteFile: string;
  subscriptions: number;
  tickets: number;
  rate: number;
  seconds: number;
  port: number;
  out: string;
  profile: boolean;
}

const positive = (v: string) => {
  const n = Number(v.replace(/k$/i, '000'));
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`"${v}" is not a positive whole number`);
  return n;
};

const dialect = (v: string): 'sqlite' | 'mysql' => {
  if (v !== 'sqlite' && v !== 'mysql') throw new InvalidArgumentError(`"${v}": use sqlite or mysql`);
  return v;
};

function parseArgs(argv: string[]): Options {
  return new Command('npm run bench:events --')
    .description(
      'Start loongate, open many ticketEvents subscriptions spread over some tickets, comment on those tickets at a steady rate, and report how long each event took to reach its subscribers and the server RSS; results go to bench/results/events-<db>.{json,md}.',
    )
    .option('--db <db>', 'sqlite or mysql', dialect, 'sqlite')
    .option('--mysql-url <url>', 'MariaDB database to (re)create', 'mysql://root@127.0.0.1:3306/loongate_bench_events')
    .option('--sqlite-file <path>', 'SQLite file to (re)create', path.join(ROOT, 'data', 'bench-events.db'))
    .option('--subscriptions <n>', 'open subscriptions (one WebSocket each)', positive, 1000)
    .option('--tickets <n>', 'tickets the subscriptions and changes are spread over', positive, 50)
    .option('--rate <n>', 'ticket changes per second', positive, 200)
    .option('--seconds <n>', 'how long changes are made', positive, 20)
    .option('--port <n>', 'server port', positive, 8093)
    .option('--out <dir>', 'results folder', path.join(ROOT, 'bench', 'results'))
    .option('--profile', 'write a V8 CPU profile of the server to <out>/profiles/events-<db>', false)
    .parse(argv)
    .opts<Options>();
}

/** The folder for the server's CPU profile (created), or null without --profile. */
function profileDirOf(o: Options): string | null {
  if (!o.profile) return null;
  const dir = path.join(o.out, 'profiles', `events-${o.db}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

async function gql<T>(base: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers: HEADERS, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data: T; errors?: unknown[] };
  if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Open one subscription per socket; resolves once the server acknowledged the socket. */
function open(base: string, ticketId: number, after: number, onEvent: (key: string, at: number) => void): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = createClient({
      url: `${base.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { Authorization: `Bearer ${TOKEN}`, username: 'admin' },
      lazy: false,
      retryAttempts: 0,
      on: { connected: () => resolve(client), error: reject },
    });
    client.subscribe<{ ticketEvents: { ticketId: number; version: number } }>(
      {
        query: 'subscription ($id: Int!, $after: Int) { ticketEvents(ticketId: $id, afterCursor: $after) { ticketId version } }',
        variables: { id: ticketId, after },
      },
      {
        next: ({ data }) => data && onEvent(`${data.ticketEvents.ticketId}:${data.ticketEvents.version}`, performance.now()),
        error: reject,
        complete: () => undefined,
      },
    );
  });
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv);
  const target: Target = parseTarget(o.db === 'mysql' ? o.mysqlUrl : `sqlite:${o.sqliteFile}`);
  await resetDatabase(target);
  cli(target, ['migrate']);
  cli(target, ['import', path.join(ROOT, 'definitions', 'demo.yaml')]);
  const server = await startServer(target, { port: o.port, worker: false, nodeFlags: [], profileDir: profileDirOf(o) });
  const clients: Client[] = [];
  try {
    const tickets: number[] = [];
    for (let i = 0; i < o.tickets; i++)
      tickets.push(
        (
          await gql<{ createTicket: { id: number } }>(server.baseUrl, 'mutation ($input: CreateTicketInput!) { createTicket(input: $input) { id } }', {
            input: LEAVE,
          })
        ).createTicket.id,
      );
    const { cursor } = (await gql<{ ticketEvents: { cursor: number } }>(server.baseUrl, '{ ticketEvents(after: 0, limit: 500) { cursor } }', {})).ticketEvents;

    // When each change's request left, when its answer came, and when each subscriber got it.
    const sent = new Map<string, { start: number; answered: number }>();
    const received: { key: string; at: number }[] = [];
    const rssIdle = server.rss();
    for (let i = 0; i < o.subscriptions; i++)
      clients.push(await open(server.baseUrl, tickets[i % tickets.length], cursor, (key, at) => received.push({ key, at })));
    const rssOpen = server.rss();

    const sampler = new RssSampler(() => server.rss());
    sampler.start();
    const total = o.rate * o.seconds;
    const started = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let n = 0; n < total; n++) {
      const due = started + (n * 1000) / o.rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const ticketId = tickets[n % tickets.length];
      const start = performance.now();
      inFlight.push(
        gql<{ addTicketComment: { id: number; version: number } }>(
          server.baseUrl,
          'mutation ($input: TicketActionInput!) { addTicketComment(input: $input) { id version } }',
          { input: { ticketId, suggestion: `bench ${n}` } },
        ).then((d) => {
          sent.set(`${ticketId}:${d.addTicketComment.version}`, { start, answered: performance.now() });
        }),
      );
    }
    await Promise.all(inFlight);
    const elapsed = (performance.now() - started) / 1000;
    const perTicket = o.subscriptions / tickets.length;
    const expected = sent.size * perTicket;
    const deadline = Date.now() + 30_000;
    while (received.filter((r) => sent.has(r.key)).length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const peakRss = sampler.stop();

    const fromSend: number[] = [];
    const fromAnswer: number[] = [];
    for (const r of received) {
      const s = sent.get(r.key);
      if (!s) continue;
      fromSend.push(r.at - s.start);
      fromAnswer.push(Math.max(0, r.at - s.answered));
    }
    fromSend.sort((a, b) => a - b);
    fromAnswer.sort((a, b) => a - b);
    const mb = (b: number | null) => (b === null ? null : Math.round((b / 1024 / 1024) * 10) / 10);
    const result = {
      db: o.db,
      subscriptions: o.subscriptions,
      tickets: o.tickets,
      targetRate: o.rate,
      achievedRate: Math.round((sent.size / elapsed) * 10) / 10,
      changes: sent.size,
      deliveriesExpected: expected,
      deliveries: fromSend.length,
      latencyFromRequestMs: { p50: percentile(fromSend, 50), p99: percentile(fromSend, 99), max: fromSend.at(-1) },
      latencyAfterAnswerMs: { p50: percentile(fromAnswer, 50), p99: percentile(fromAnswer, 99), max: fromAnswer.at(-1) },
      rssMb: { idle: mb(rssIdle), subscriptionsOpen: mb(rssOpen), peak: mb(peakRss) },
    };
    const round = (v: number | undefined) => (v === undefined ? 'n/a' : v.toFixed(1));
    fs.mkdirSync(o.out, { recursive: true });
    fs.writeFileSync(path.join(o.out, `events-${o.db}.json`), `${JSON.stringify(result, null, 2)}\n`);
    const md = [
      `# Event delivery: ${o.subscriptions} subscriptions, ${o.rate} changes/s (${o.db})`,
      '',
      `${result.changes} comments on ${o.tickets} tickets in ${elapsed.toFixed(1)} s (${result.achievedRate}/s); each ticket has ${perTicket} subscribers.`,
      '',
      '| measure | p50 ms | p99 ms | max ms |',
      '|---|---|---|---|',
      `| request sent → event at subscriber | ${round(result.latencyFromRequestMs.p50)} | ${round(result.latencyFromRequestMs.p99)} | ${round(result.latencyFromRequestMs.max)} |`,
      `| answer received → event at subscriber | ${round(result.latencyAfterAnswerMs.p50)} | ${round(result.latencyAfterAnswerMs.p99)} | ${round(result.latencyAfterAnswerMs.max)} |`,
      '',
      `Deliveries: ${result.deliveries} of ${result.deliveriesExpected}. Server RSS: ${result.rssMb.idle} MB idle, ${result.rssMb.subscriptionsOpen} MB with the subscriptions open, ${result.rssMb.peak} MB at peak.`,
      '',
    ].join('\n');
    fs.writeFileSync(path.join(o.out, `events-${o.db}.md`), md);
    console.log(md);
  } finally {
    for (const c of clients) await c.dispose();
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
