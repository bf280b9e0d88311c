import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { databaseVersion, openDb, parseTarget, type Target } from './db';
import { measure, smoke, statementsOf, warmUp, type Row } from './measure';
import { writeRun, writeSummary, type RunResult } from './report';
import { DATA_SETS, dataSet, type DataSetName } from './datasets';
import { ACTIONS, baseAction, DEFAULT_ACTIONS, scenario, writes, type Action, type Face, type ScenarioData } from './scenarios';
import type { SeedReport } from './seed';
import { calibrate, startServer } from './server';
import type { Workload } from './workload';

/** Vpn tickets left waiting for zhangsan's vote (loonflow data set): enough for the handle scenario at 16 connections. */
const LOONFLOW_POOL = 8_000;

const ROOT = path.resolve(__dirname, '..', '..');

interface Options {
  data: DataSetName;
  db: string[];
  mysqlUrl?: string;
  sqliteFile?: string;
  tickets: number;
  connections: number;
  duration: number;
  warmup: number;
  perPage: number;
  actions: Action[];
  faces: Face[];
  reuse: boolean;
  handlePool?: number;
  days: number;
  openDays: number;
  port: number;
  worker: boolean;
  nodeFlags: string[];
  profile: boolean;
  out: string;
  summary: boolean;
  seedOnly: boolean;
}

const int = (v: string) => {
  const n = Number(v.replace(/_/g, '').replace(/k$/i, '000').replace(/m$/i, '000000'));
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`"${v}" is not a whole number`);
  return n;
};
const oneOf =
  <T extends string>(allowed: readonly T[]) =>
  (v: string) => {
    if (!allowed.includes(v as T)) throw new InvalidArgumentError(`unknown ${v} (use ${allowed.join(' or ')})`);
    return v as T;
  };
const list =
  <T extends string>(allowed: readonly T[]) =>
  (v: string) => {
    const items = v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = items.filter((i) => !allowed.includes(i as T));
    if (bad.length) throw new InvalidArgumentError(`unknown ${bad.join(', ')} (use ${allowed.join(', ')})`);
    return items as T[];
  };

function parseArgs(argv: string[]): Options {
  return new Command('npm run bench --')
    .description('Seed a database, start loongate on it and drive it with autocannon (REST and GraphQL); results go to bench/results.')
    .option('--data <name>', `data set: ${DATA_SETS.join(' or ')} (loonflow: its own demo data, seeded through the API)`, oneOf(DATA_SETS), 'demo')
    .option('--db <list>', 'databases: sqlite, mysql or both', list(['sqlite', 'mysql'] as const), ['sqlite'])
    .option('--mysql-url <url>', 'MariaDB database to (re)create (default mysql://root@127.0.0.1:3306/loongate_bench_<tickets>)')
    .option('--sqlite-file <path>', 'SQLite file to (re)create (default data/bench-<tickets>.db)')
    .option('--tickets <n>', 'tickets to seed (1m, 10k work)', int, 100_000)
    .option('--connections <n>', 'concurrent connections', int, 16)
    .option('--duration <s>', 'seconds measured per scenario', int, 10)
    .option('--warmup <s>', 'seconds of unmeasured load before each scenario', int, 2)
    .option('--per-page <n>', 'page size of the list scenarios', int, 20)
    .option('--actions <list>', `scenarios: ${ACTIONS.join(', ')} (default all but list-10k, one page of 10,000 rows)`, list(ACTIONS), DEFAULT_ACTIONS)
    .option('--faces <list>', 'rest, graphql or both', list(['rest', 'graphql'] as const), ['rest', 'graphql'])
    .option('--reuse', 'keep the database when it already holds the tickets (no seeding)', false)
    .option('--handle-pool <n>', 'tickets seeded for the handle scenarios (default min(20000, tickets / 4))', int)
    .option('--days <n>', 'created_at spreads over this many days', int, 180)
    .option('--open-days <n>', 'only tickets of the last n days are still open (plus the handle pool)', int, 30)
    .option('--port <n>', 'server port', int, 8399)
    .option('--no-worker', 'run the server without its outbox worker (SQL/req counts API requests only either way)')
    .option(
      '--node-flags <flags>',
      'flags for the server\'s node process, space-separated (e.g. "--max-old-space-size=256")',
      (v: string) => v.split(/\s+/).filter(Boolean),
      [],
    )
    .option('--profile', 'write a V8 CPU profile of the server to <out>/profiles', false)
    .option('--out <dir>', 'results folder', path.join(ROOT, 'bench', 'results'))
    .option('--summary', 'only rebuild <out>/summary.md from the JSON results', false)
    .option('--seed-only', 'seed the database(s) and stop', false)
    .parse(argv)
    .opts<Options>();
}

function targetFor(dialect: string, o: Options): Target {
  const name = `${o.data === 'demo' ? '' : `${o.data}_`}${o.tickets}`;
  if (dialect === 'sqlite') return parseTarget(`sqlite:${o.sqliteFile ?? path.join(ROOT, 'data', `bench-${name.replace('_', '-')}.db`)}`);
  return parseTarget(o.mysqlUrl ?? `mysql://root@127.0.0.1:3306/loongate_bench_${name}`);
}

async function ticketCount(target: Target): Promise<number> {
  if (target.dialect === 'sqlite' && !fs.existsSync(target.file)) return 0;
  const db = await openDb(target).catch(() => null);
  if (!db) return 0;
  try {
    const [row] = await db.query<{ n: number }>('select count(*) as n from tickets');
    return Number(row?.n ?? 0);
  } catch {
    return 0;
  } finally {
    await db.close();
  }
}

async function probe(baseUrl: string, workload: Workload): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const id = workload.readId();
  const paths = [
    ...['category=all', 'category=duty', 'category=all&sort=sla_due_at', 'category=all&sla_breached=1'].flatMap((c) =>
      [1, 20, 100, 1000, 10_000].map((n) => `/api/v1.0/tickets?${c}&per_page=${n}`),
    ),
    `/api/v1.0/tickets/${id}`,
    `/api/v1.0/tickets/${id}/transitions`,
    `/api/v1.0/tickets/${id}/flowlogs?per_page=1`,
    `/api/v1.0/tickets/${id}/flowlogs?per_page=100`,
  ];
  for (const p of paths) out[p] = await statementsOf(baseUrl, p, workload.app, workload.userOf(p.includes('?category') ? 'list-all' : 'detail'));
  return out;
}

async function prepare(target: Target, o: Options): Promise<SeedReport | null> {
  if (o.reuse && (await ticketCount(target)) >= o.tickets) return null;
  console.error(`[bench] seeding ${o.tickets} tickets of the ${o.data} data set into ${target.dialect}`);
  const seeded = await dataSet(o.data).seed(target, {
    port: o.port,
    tickets: o.tickets,
    handlePool: o.handlePool ?? (o.data === 'demo' ? Math.min(20_000, Math.floor(o.tickets / 4)) : LOONFLOW_POOL),
    days: o.days,
    openDays: o.openDays,
  });
  console.error(`[bench] seeded in ${seeded.seconds.toFixed(1)} s ${JSON.stringify(seeded.phases)}: ${JSON.stringify(seeded.rows)}`);
  return seeded;
}

async function runOne(dialect: string, o: Options): Promise<RunResult> {
  const target = targetFor(dialect, o);
  const loadAvgBefore = os.loadavg();
  const seeded = await prepare(target, o);
  const calibration = await calibrate(o.port, o.connections);
  const profileDir = o.profile ? path.join(o.out, 'profiles', `${dialect}-${o.tickets}`) : null;
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  const server = await startServer(target, { port: o.port, worker: o.worker, nodeFlags: o.nodeFlags, profileDir });
  const db = await openDb(target);
  const rows: Row[] = [];
  let result: RunResult;
  try {
    const set = dataSet(o.data);
    const workload = await set.workload(db);
    const data = (pool: number[]): ScenarioData => ({ workload, handlePool: pool, perPage: o.perPage });
    // Every read scenario once, unmeasured: otherwise the first scenario pays for V8 compiling the server's hot code.
    const reads = o.actions.filter((a) => !writes(a));
    console.error(`[bench] ${dialect} warm-up: ${reads.length * o.faces.length} read scenarios, ${o.warmup} s each`);
    for (const action of reads) for (const face of o.faces) await warmUp(server, scenario(face, action, data([])), o);
    for (const action of o.actions) {
      for (const face of o.faces) {
        const handles = baseAction(action).base === 'handle';
        const pool = handles ? await set.handlePool(db) : [];
        const s = scenario(face, action, data(pool));
        await smoke(server.baseUrl, s);
        console.error(`[bench] ${dialect} ${s.name}${handles ? ` (pool of ${pool.length - 1})` : ''}`);
        const row = await measure(server, s, o, db);
        console.error(
          `[bench]   ${row.rps} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, ${row.errors} errors, ${row.statementsPerRequest} SQL/req, ${row.cpuMsPerRequest} CPU ms/req, ${row.peakRssMB} MB, ${row.locks?.lockWaits ?? 0} lock waits, ${row.locks?.deadlocks ?? 0} deadlocks`,
        );
        rows.push(row);
      }
    }
    result = {
      data: o.data,
      dialect,
      tickets: o.tickets,
      perPage: o.perPage,
      connections: o.connections,
      duration: o.duration,
      startedAt: new Date().toISOString(),
      env: {
        node: process.version,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? '?',
        loadAvgBefore,
        database: await databaseVersion(db),
        worker: o.worker,
        nodeFlags: o.nodeFlags,
        calibration,
      },
      seed: seeded,
      probe: await probe(server.baseUrl, workload),
      rows,
      serverPeakRssMB: Math.round(((server.peakRss() ?? 0) / 2 ** 20) * 10) / 10,
    };
  } finally {
    await db.close();
    await server.stop();
  }
  return result;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv);
  if (o.seedOnly) {
    for (const dialect of o.db) await prepare(targetFor(dialect, o), o);
    return;
  }
  if (!o.summary) {
    for (const dialect of o.db) {
      const result = await runOne(dialect, o);
      console.error(`[bench] wrote ${writeRun(o.out, result)}`);
    }
  }
  console.error(`[bench] wrote ${writeSummary(o.out)}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
