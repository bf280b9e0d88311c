import os from 'node:os';
import path from 'node:path';
import autocannon, { type Request } from 'autocannon';
import { Command, InvalidArgumentError } from 'commander';
import { databaseVersion, openDb, parseTarget, type Target } from './db';
import { scenario, type Action, type Face, type Scenario } from './scenarios';
import { dataSet } from './datasets';
import { seed } from './seed';
import type { Workload } from './workload';
import { RssSampler, startServer } from './server';
import { writeSoak, type Sample, type SoakResult } from './soak-report';

const ROOT = path.resolve(__dirname, '..', '..');
const READS: Action[] = ['list-all', 'list-duty', 'detail', 'transitions', 'flowlogs'];
const WRITES: Action[] = ['create', 'handle'];
const FACES: Face[] = ['rest', 'graphql'];

interface Options {
  db: 'sqlite' | 'mysql';
  minutes: number;
  interval: number;
  tickets: number;
  connections: number;
  rate: number;
  port: number;
  mysqlUrl: string;
  sqliteFile: string;
  out: string;
}

const positive = (v: string) => {
  const n = Number(v.replace(/k$/i, '000'));
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`"${v}" is not a positive number`);
  return n;
};

function parseArgs(argv: string[]): Options {
  return new Command('npm run soak --')
    .description(
      'Seed a database, start loongate on it with its outbox worker, drive a steady mix of reads and writes, and sample RSS, latency and errors; results go to bench/results/soak.{json,md}.',
    )
    .option(
      '--db <db>',
      'sqlite or mysql',
      (v) => {
        if (v !== 'sqlite' && v !== 'mysql') throw new InvalidArgumentError('use sqlite or mysql');
        return v;
      },
      'sqlite',
    )
    .option('--minutes <n>', 'how long to drive the server', positive, 10)
    .option('--interval <s>', 'seconds per sample', positive, 10)
    .option('--tickets <n>', 'tickets to seed', positive, 10_000)
    .option('--connections <n>', 'concurrent connections', positive, 8)
    .option('--rate <n>', 'requests per second over all connections (a steady pace, not the maximum)', positive, 20)
    .option('--port <n>', 'server port', positive, 8398)
    .option('--mysql-url <url>', 'MariaDB database to (re)create', 'mysql://root@127.0.0.1:3306/loongate_soak')
    .option('--sqlite-file <path>', 'SQLite file to (re)create', path.join(ROOT, 'data', 'soak.db'))
    .option('--out <dir>', 'results folder', path.join(ROOT, 'bench', 'results'))
    .parse(argv)
    .opts<Options>();
}

/** The id of the ticket a create answered, to be handled later. */
function createdId(face: Face, body: string): number | null {
  const json = JSON.parse(body);
  const id = face === 'rest' ? json?.data?.ticket_id : json?.data?.createTicket?.id;
  return Number.isInteger(id) ? id : null;
}

/** The mix: every read and write scenario on both faces, once per round; creates refill the handle pools. */
function mix(workload: Workload, pool: number[], window: { failures: number; sample?: string }): Request[] {
  const pools: Record<Face, number[]> = { rest: pool.filter((_, i) => i % 2 === 0), graphql: pool.filter((_, i) => i % 2 === 1) };
  const scenarios: Scenario[] = FACES.flatMap((face) =>
    [...READS, ...WRITES].map((action) => scenario(face, action, { workload, handlePool: pools[face], perPage: 20 })),
  );
  return scenarios.flatMap((s) =>
    s.requests.map((r) => ({
      ...r,
      onResponse: (status: number, body: string) => {
        if (!s.ok(status, body)) {
          window.failures += 1;
          window.sample ??= `${s.name}: ${status} ${body.slice(0, 300)}`;
          return;
        }
        const id = s.action === 'create' ? createdId(s.face, body) : null;
        if (id !== null) pools[s.face].push(id);
      },
    })),
  );
}

const mb = (bytes: number | null) => Math.round(((bytes ?? 0) / 2 ** 20) * 10) / 10;

function line(s: Sample): string {
  const t = `${Math.floor(s.at / 60)}:${String(Math.round(s.at % 60)).padStart(2, '0')}`;
  return `[soak] ${t.padStart(6)}  ${String(s.rps).padStart(6)} req/s  p50 ${String(s.p50).padStart(5)} ms  p99 ${String(s.p99).padStart(5)} ms  errors ${s.errors} (${s.errorRate} %)  RSS ${s.rssMB} MB (peak ${s.peakRssMB})`;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv);
  const target: Target = parseTarget(o.db === 'sqlite' ? `sqlite:${o.sqliteFile}` : o.mysqlUrl);
  console.error(`[soak] seeding ${o.tickets} tickets into ${o.db}`);
  const seeded = await seed(target, { tickets: o.tickets, handlePool: Math.floor(o.tickets / 4), days: 180, openDays: 30 });
  const db = await openDb(target);
  const demo = dataSet('demo');
  const [pool, database, workload] = await Promise.all([demo.handlePool(db), databaseVersion(db), demo.workload(db)]);
  await db.close();
  const loadAvgBefore = os.loadavg();
  const server = await startServer(target, { port: o.port, worker: true, nodeFlags: [], profileDir: null });
  const samples: Sample[] = [];
  const started = Date.now();
  try {
    const window = { failures: 0, sample: undefined as string | undefined };
    const requests = mix(workload, pool, window);
    console.error(`[soak] ${o.minutes} min at ${o.rate} req/s over ${o.connections} connections, a sample every ${o.interval} s`);
    for (let i = Math.max(1, Math.round((o.minutes * 60) / o.interval)); i > 0; i--) {
      Object.assign(window, { failures: 0, sample: undefined });
      const rss = new RssSampler(() => server.rss());
      rss.start();
      const res = await autocannon({ url: server.baseUrl, connections: o.connections, overallRate: o.rate, duration: o.interval, requests, timeout: 30 });
      const errors = res.errors + res.timeouts + Math.max(res.non2xx, window.failures);
      const sample: Sample = {
        at: Math.round((Date.now() - started) / 100) / 10,
        requests: res.requests.total,
        rps: Math.round((res.requests.total / res.duration) * 10) / 10,
        p50: res.latency.p50,
        p99: res.latency.p99,
        max: res.latency.max,
        errors,
        errorRate: Math.round((errors / Math.max(1, res.requests.total)) * 10_000) / 100,
        rssMB: mb(server.rss()),
        peakRssMB: mb(rss.stop()),
        ...(window.sample ? { errorSample: window.sample } : {}),
      };
      samples.push(sample);
      console.error(line(sample));
      const exit = server.exit();
      if (exit) throw new Error(`[soak] the server stopped (${exit}) after ${sample.at} s; nobody asked it to`);
    }
  } finally {
    await server.stop();
  }
  const result: SoakResult = {
    dialect: o.db,
    tickets: o.tickets,
    minutes: o.minutes,
    interval: o.interval,
    connections: o.connections,
    rate: o.rate,
    startedAt: new Date(started).toISOString(),
    env: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '?', loadAvgBefore, loadAvgAfter: os.loadavg(), database },
    seedSeconds: seeded.seconds,
    samples,
  };
  console.error(`[soak] wrote ${writeSoak(o.out, result).join(' and ')}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
