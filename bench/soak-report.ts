import fs from 'node:fs';
import path from 'node:path';

/** One sampling window of the soak. */
export interface Sample {
  /** Seconds since the load started, at the end of the window. */
  at: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  /** Socket errors, timeouts, non-2xx answers and answers carrying an application error. */
  errors: number;
  /** Errors per hundred requests. */
  errorRate: number;
  /** Server RSS at the end of the window, and its peak during the window. */
  rssMB: number;
  peakRssMB: number;
  errorSample?: string;
}

/** A whole soak run (bench/results/soak.json). */
export interface SoakResult {
  dialect: string;
  tickets: number;
  minutes: number;
  interval: number;
  connections: number;
  rate: number;
  startedAt: string;
  env: { node: string; cpus: number; cpuModel: string; loadAvgBefore: number[]; loadAvgAfter: number[]; database: string };
  seedSeconds: number;
  samples: Sample[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;
const round = (n: number) => Math.round(n * 10) / 10;

/** The figures the README quotes: totals, latency, and RSS once warm (after the first minute), median of each half. */
export function summarize(r: SoakResult) {
  const s = r.samples;
  const requests = s.reduce((n, x) => n + x.requests, 0);
  const errors = s.reduce((n, x) => n + x.errors, 0);
  const warm = s.filter((x) => x.at > 60);
  const half = Math.ceil(warm.length / 2);
  return {
    requests,
    errors,
    errorRate: Math.round((errors / Math.max(1, requests)) * 10_000) / 100,
    rps: round(requests / Math.max(1, s.at(-1)?.at ?? 1)),
    p50Median: median(s.map((x) => x.p50)),
    p99Median: median(s.map((x) => x.p99)),
    p99Worst: Math.max(0, ...s.map((x) => x.p99)),
    rssFirstMB: s[0]?.rssMB ?? 0,
    rssLastMB: s.at(-1)?.rssMB ?? 0,
    rssEarlyMB: median(warm.slice(0, half).map((x) => x.rssMB)),
    rssLateMB: median(warm.slice(half).map((x) => x.rssMB)),
    rssPeakMB: Math.max(0, ...s.map((x) => x.peakRssMB)),
  };
}

function markdown(r: SoakResult): string {
  const t = summarize(r);
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  return [
    `## Soak: ${r.dialect}, ${r.minutes} min paced at ${r.rate} req/s over ${r.connections} connections`,
    '',
    `${r.startedAt} · node ${r.env.node} · ${r.env.cpus} × ${r.env.cpuModel.split(' ').slice(0, 2).join(' ')} · ${r.env.database} · ${r.tickets.toLocaleString('en')} tickets seeded · worker on · load ${load(r.env.loadAvgBefore)} before, ${load(r.env.loadAvgAfter)} after`,
    '',
    'The mix, in equal parts on REST and GraphQL as `admin`: list all, list duty, detail, transitions, flow logs, create, handle (5 reads, 2 writes). Creates refill the pool of tickets to handle.',
    '',
    `**${t.requests.toLocaleString('en')} requests, ${t.rps} req/s; ${t.errors} errors (${t.errorRate} %); p50 ${t.p50Median} ms and p99 ${t.p99Median} ms (median of the samples), worst p99 ${t.p99Worst} ms; RSS ${t.rssFirstMB} MB at the first sample; once warm a median of ${t.rssEarlyMB} MB in the first half and ${t.rssLateMB} MB in the second (peak ${t.rssPeakMB} MB, ${t.rssLastMB} MB at the end).**`,
    '',
    '| at | requests | req/s | p50 ms | p99 ms | max ms | errors | error % | RSS MB | peak RSS MB |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...r.samples.map(
      (s) => `| ${s.at} s | ${s.requests} | ${s.rps} | ${s.p50} | ${s.p99} | ${s.max} | ${s.errors} | ${s.errorRate} | ${s.rssMB} | ${s.peakRssMB} |`,
    ),
    '',
    ...r.samples
      .filter((s) => s.errorSample)
      .slice(0, 5)
      .map((s) => `* error at ${s.at} s: \`${s.errorSample}\``),
    '',
  ].join('\n');
}

/** Write `<dir>/soak.json` and `<dir>/soak.md`; returns both paths. */
export function writeSoak(dir: string, r: SoakResult): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const json = path.join(dir, 'soak.json');
  const md = path.join(dir, 'soak.md');
  fs.writeFileSync(json, `${JSON.stringify({ ...r, summary: summarize(r) }, null, 2)}\n`);
  fs.writeFileSync(md, markdown(r));
  return [json, md];
}
