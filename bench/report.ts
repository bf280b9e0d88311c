import fs from 'node:fs';
import path from 'node:path';
import type { Row } from './measure';
import type { SeedReport } from './seed';

/** Everything one `npm run bench` run against one database measured. */
export interface RunResult {
  /** The data set (absent in results written before there were two: demo). */
  data?: string;
  dialect: string;
  tickets: number;
  perPage: number;
  connections: number;
  duration: number;
  startedAt: string;
  env: {
    node: string;
    cpus: number;
    cpuModel: string;
    loadAvgBefore: number[];
    database: string;
    worker: boolean;
    nodeFlags?: string[];
    calibration: { rps: number; cpuMsPerRequest: number };
  };
  seed: SeedReport | null;
  /** Statements per request of REST GETs sent one at a time, by path. */
  probe: Record<string, number>;
  rows: Row[];
  serverPeakRssMB: number;
}

/** The file stem of a run: `[<data set>-]<dialect>-<tickets>` (e.g. mysql-100000, loonflow-mysql-7000); the demo set is unnamed. */
export const stem = (r: Pick<RunResult, 'data' | 'dialect' | 'tickets' | 'connections'>) =>
  `${r.data && r.data !== 'demo' ? `${r.data}-` : ''}${r.dialect}-${r.tickets}${r.connections === 16 ? '' : `-c${r.connections}`}`;

const conns = (n: number) => `${n} connection${n === 1 ? '' : 's'}`;
const num = (n: number) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: 2 }) : '–');

const latencies = (w: Row, duration: number) =>
  w.requests
    ? `${w.p50} | ${w.p90} | ${w.p99} | ${w.max}`
    : Array(4)
        .fill(`> ${duration * 1000}`)
        .join(' | ');

/** The markdown table of one run. */
export function markdown(r: RunResult): string {
  const lines = [
    `## ${r.data ?? 'demo'} data, ${r.dialect}, ${num(r.tickets)} tickets, ${conns(r.connections)}, ${r.duration} s per scenario`,
    '',
    `${r.startedAt} · node ${r.env.node} · ${r.env.cpus} × ${r.env.cpuModel} · ${r.env.database} · worker ${r.env.worker ? 'on' : 'off'}${r.env.nodeFlags?.length ? ` · node flags ${r.env.nodeFlags.join(' ')}` : ''} · load before ${r.env.loadAvgBefore.map((l) => l.toFixed(2)).join(' ')}`,
    r.seed
      ? `seeded in ${num(r.seed.seconds)} s (schema ${num(r.seed.phases.schema)} s, bulk inserts ${num(r.seed.phases.insert)} s, indexes ${num(r.seed.phases.index ?? 0)} s, analyze ${num(r.seed.phases.analyze)} s): ${Object.entries(
          r.seed.rows,
        )
          .map(([t, n]) => `${num(n)} ${t}`)
          .join(', ')}`
      : 'database reused (not seeded by this run)',
    `machine calibration: a bare node:http server answers ${num(r.env.calibration.rps)} req/s at ${conns(r.connections)}, ${num(r.env.calibration.cpuMsPerRequest)} CPU ms/req`,
    '',
    '| scenario | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | SQL/req | CPU ms/req | peak RSS MB | lock waits (ms) · deadlocks |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...r.rows.map(
      (w) =>
        `| ${w.name} | ${num(w.rps)} | ${latencies(w, r.duration)} | ${w.errors} | ${num(w.statementsPerRequest)} | ${num(w.cpuMsPerRequest)} | ${num(w.peakRssMB)} | ${w.locks ? `${num(w.locks.lockWaits)} (${num(w.locks.lockWaitMs)}) · ${num(w.locks.deadlocks)}` : '–'} |`,
    ),
    '',
    `Server peak RSS over the whole run: ${num(r.serverPeakRssMB)} MB.`,
  ];
  const errors = r.rows.filter((w) => w.errorSample);
  if (errors.length)
    lines.push('', 'First error of each failing scenario:', '', ...errors.map((w) => `* ${w.name}: \`${w.errorSample!.replace(/`/g, "'").slice(0, 200)}\``));
  if (Object.keys(r.probe).length) {
    lines.push(
      '',
      'SQL statements per request, one request at a time:',
      '',
      '| request | SQL/req |',
      '|---|---:|',
      ...Object.entries(r.probe).map(([p, n]) => `| \`${p}\` | ${num(n)} |`),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Write `<dir>/<dialect>-<tickets>.json` and `.md`. */
export function writeRun(dir: string, r: RunResult): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${stem(r)}.json`), `${JSON.stringify(r, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, `${stem(r)}.md`), markdown(r));
  return path.join(dir, `${stem(r)}.md`);
}

interface Target {
  action: string;
  rps: number;
  p99: number;
  /** Server CPU per request, where the data set sets one. */
  cpuMs?: number;
}

/** The targets per data set (MariaDB, 16 connections on this 2-core machine). */
const TARGETS: Record<string, Target[]> = {
  demo: [
    { action: 'detail', rps: 1500, p99: 40 },
    { action: 'list-all', rps: 800, p99: 60 },
    { action: 'list-duty', rps: 800, p99: 60 },
    { action: 'list-due', rps: 800, p99: 60 },
    { action: 'list-breached', rps: 800, p99: 60 },
    { action: 'create', rps: 400, p99: 80 },
    { action: 'handle', rps: 400, p99: 80 },
  ],
  loonflow: [
    { action: 'detail', rps: 1000, p99: 40, cpuMs: 0.9 },
    { action: 'list-all', rps: 600, p99: 60, cpuMs: 1.5 },
    { action: 'create', rps: 550, p99: 60, cpuMs: 1.6 },
    { action: 'handle', rps: 600, p99: 60, cpuMs: 1.5 },
  ],
};

function targetLines(r: RunResult): string[] {
  const out = [
    `### Targets on ${r.data ?? 'demo'} data, ${r.dialect}, ${num(r.tickets)} tickets, ${conns(r.connections)}`,
    '',
    '| check | target | measured | |',
    '|---|---|---|---|',
  ];
  const mark = (ok: boolean) => (ok ? 'met' : '**missed**');
  for (const t of TARGETS[r.data ?? 'demo'] ?? []) {
    for (const w of r.rows.filter((x) => x.action === t.action)) {
      out.push(`| ${w.name} throughput | ≥ ${t.rps} req/s | ${num(w.rps)} req/s (${num((w.rps / t.rps) * 100)} %) | ${mark(w.rps >= t.rps)} |`);
      out.push(`| ${w.name} p99 | ≤ ${t.p99} ms | ${w.p99} ms | ${mark(w.p99 <= t.p99)} |`);
      if (t.cpuMs) out.push(`| ${w.name} CPU | ≤ ${t.cpuMs} ms/req | ${num(w.cpuMsPerRequest)} ms/req | ${mark(w.cpuMsPerRequest <= t.cpuMs)} |`);
    }
  }
  for (const w of r.rows.filter((x) => x.face === 'rest')) {
    const g = r.rows.find((x) => x.face === 'graphql' && x.action === w.action);
    if (!g) continue;
    const extra = (w.cpuMsPerRequest / g.cpuMsPerRequest - 1) * 100;
    const slower = (g.rps / w.rps - 1) * 100;
    out.push(
      `| REST cost over GraphQL, ${w.action} | ≤ 15 % more CPU/req | ${num(extra)} % (${num(w.cpuMsPerRequest)} vs ${num(g.cpuMsPerRequest)} ms; req/s ${num(-slower)} %; ${num(w.statementsPerRequest)} vs ${num(g.statementsPerRequest)} SQL) | ${mark(extra <= 15)} |`,
    );
  }
  for (const k of r.rows.filter((x) => x.action.endsWith('-keyed'))) {
    const plain = r.rows.find((x) => x.face === k.face && x.action === k.action.replace(/-keyed$/, ''));
    if (!plain) continue;
    const extra = (k.cpuMsPerRequest / plain.cpuMsPerRequest - 1) * 100;
    out.push(
      `| Idempotency-Key cost, ${k.name} | ≤ 10 % more CPU/req | ${num(extra)} % (${num(k.cpuMsPerRequest)} vs ${num(plain.cpuMsPerRequest)} ms; req/s ${num(k.rps)} vs ${num(plain.rps)}; ${num(k.statementsPerRequest)} vs ${num(plain.statementsPerRequest)} SQL) | ${mark(extra <= 10)} |`,
    );
  }
  out.push(`| peak RSS under load | < 300 MB | ${num(r.serverPeakRssMB)} MB | ${mark(r.serverPeakRssMB < 300)} |`);
  return out;
}

const r0 = (runs: RunResult[]) => runs[runs.length - 1];

function scalingLines(runs: RunResult[]): string[] {
  const out: string[] = [];
  for (const group of [...new Set(runs.map((r) => `${r.data ?? 'demo'}/${r.dialect}/${r.connections}`))]) {
    const mine = runs.filter((r) => `${r.data ?? 'demo'}/${r.dialect}/${r.connections}` === group).sort((a, b) => a.tickets - b.tickets);
    if (mine.length < 2) continue;
    const smallest = mine[0];
    out.push(
      `### Scaling on ${smallest.dialect}, ${conns(smallest.connections)} (relative to ${num(smallest.tickets)} tickets)`,
      '',
      `| scenario | ${mine.map((r) => `${num(r.tickets)}: req/s · p50 · p99 · SQL/req`).join(' | ')} | mean latency vs ${num(smallest.tickets)} |`,
      `|---|${mine.map(() => '---|').join('')}---|`,
    );
    for (const w of smallest.rows) {
      const cells = mine
        .map((r) => r.rows.find((x) => x.name === w.name))
        .map((x) =>
          !x
            ? '–'
            : x.requests
              ? `${num(x.rps)} · ${x.p50} · ${x.p99} · ${num(x.statementsPerRequest)}`
              : `0 · > ${r0(mine).duration * 1000} · – · ${num(x.statementsPerRequest)}`,
        );
      const largest = mine[mine.length - 1].rows.find((x) => x.name === w.name);
      // Closed-loop load at a fixed number of connections: mean latency = connections / req/s, so the ratio of
      // mean latencies is the inverse ratio of req/s (p50 is whole milliseconds, too coarse at one connection).
      const ratio = !largest
        ? '–'
        : !largest.requests
          ? `> ${num((r0(mine).duration * 1000) / Math.max(1, w.p50))}×`
          : w.rps > 0
            ? `${num(w.rps / largest.rps)}×`
            : '–';
      out.push(`| ${w.name} | ${cells.join(' | ')} | ${ratio} |`);
    }
    out.push('');
  }
  return out;
}

/** Rebuild `<dir>/summary.md` from every run JSON in the folder: the tables, the targets and the scaling comparison. */
export function writeSummary(dir: string): string {
  const runs = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as RunResult)
    .filter((r) => Array.isArray(r.rows))
    .sort((a, b) => (a.data ?? 'demo').localeCompare(b.data ?? 'demo') || a.dialect.localeCompare(b.dialect) || a.tickets - b.tickets);
  const parts = [
    '# loongate benchmark results',
    '',
    "Generated by `npm run bench` from the JSON files in this folder. CPU ms/req is the server process's CPU (all threads, GC included) per answered request; on a busy machine it is the steadier number, latency and req/s follow the machine's load.",
    '',
  ];
  for (const r of runs) parts.push(markdown(r), ...(r.connections === 16 ? targetLines(r) : []), '');
  parts.push(...scalingLines(runs));
  const file = path.join(dir, 'summary.md');
  fs.writeFileSync(file, parts.join('\n'));
  return file;
}
