import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { targetUrl, type Target } from './db';

/** How to start the server under test. */
export interface ServerOptions {
  port: number;
  worker: boolean;
  /** V8/Node flags for the server process (e.g. --max-old-space-size=256); none by default. */
  nodeFlags: string[];
  /** Folder for a V8 CPU profile of the whole server run (node --cpu-prof); null: no profile. */
  profileDir: string | null;
  /** More environment for the server. */
  env?: Record<string, string>;
}

/** A running server process. */
export interface ServerHandle {
  pid: number;
  baseUrl: string;
  /** Resident set size now, in bytes (Linux /proc; null elsewhere). */
  rss(): number | null;
  /** Peak resident set size since start (VmHWM), in bytes. */
  peakRss(): number | null;
  /** CPU seconds (user + system) the process used so far (Linux /proc; null elsewhere). */
  cpuSeconds(): number | null;
  /** How the process ended (`code 1`, `SIGTERM`), or null while it runs. */
  exit(): string | null;
  stop(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '..', '..');

function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const line = fs
      .readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${field}:`));
    return line ? Number(line.replace(/\D+/g, '')) * 1024 : null;
  } catch {
    return null;
  }
}

function procCpu(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

async function waitReady(baseUrl: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} before it was ready`);
    const ok = await fetch(`${baseUrl}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server was not ready within ${timeoutMs / 1000} s`);
}

/**
 * Start `node bin/loongate.js serve` against the seeded database as the README's production section does: NODE_ENV
 * and LOG_LEVEL left to their defaults (production; a JSON request log at info, written to /dev/null here), the
 * worker in the process unless told otherwise. Bench mode (LOONGATE_BENCH=1) adds the statement counter.
 */
export async function startServer(target: Target, opts: ServerOptions): Promise<ServerHandle> {
  const args = [...opts.nodeFlags, ...(opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`] : [])];
  const { NODE_ENV, LOG_LEVEL, ...inherited } = process.env;
  const child = spawn(process.execPath, [...args, path.join(ROOT, 'bin', 'loongate.js'), 'serve'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...inherited,
      DATABASE_URL: targetUrl(target),
      LOONGATE_SEED: 'none',
      LOONGATE_WORKER: opts.worker ? '1' : '0',
      PORT: String(opts.port),
      HOST: '127.0.0.1',
      LOONGATE_TZ: 'UTC',
      LOONGATE_BENCH: '1',
      ...opts.env,
    },
  });
  const baseUrl = `http://127.0.0.1:${opts.port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A bench that dies must not leave its server behind: the next run would find the port taken and measure it.
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  exited.then(() => process.off('exit', orphanGuard));
  try {
    await waitReady(baseUrl, child, 60_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const pid = child.pid!;
  return {
    pid,
    baseUrl,
    rss: () => procStatus(pid, 'VmRSS'),
    peakRss: () => procStatus(pid, 'VmHWM'),
    cpuSeconds: () => procCpu(pid),
    exit: () => child.signalCode ?? (child.exitCode === null ? null : `code ${child.exitCode}`),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Samples a process's RSS every 100 ms and keeps the highest. */
export class RssSampler {
  private peak = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly read: () => number | null) {}

  /** Start sampling from zero. */
  start(): void {
    this.peak = this.read() ?? 0;
    this.timer = setInterval(() => (this.peak = Math.max(this.peak, this.read() ?? 0)), 100);
  }

  /** Stop and return the peak in bytes (0 when unknown). */
  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.peak = Math.max(this.peak, this.read() ?? 0);
    return this.peak;
  }
}

/** The counters the runner reads from /metrics around a scenario. */
export interface Counters {
  statements: number;
  requests: number;
  inFlight: number;
}

/** Wait until nothing runs on the server: no request in flight but the scrape, no SQL for 500 ms (at most 60 s). */
export async function settle(baseUrl: string): Promise<Counters> {
  let last = await readCounters(baseUrl);
  for (let i = 0; i < 120; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const now = await readCounters(baseUrl);
    if (now.inFlight <= 1 && now.statements === last.statements) return now;
    last = now;
  }
  return last;
}

/** Read the statements API requests sent (loongate_sql_statements_total, the worker's excluded) and the HTTP requests served (the /metrics scrapes excluded). */
export async function readCounters(baseUrl: string): Promise<Counters> {
  const res = await fetch(`${baseUrl}/metrics`);
  const text = await res.text();
  if (!res.ok) throw new Error(`GET /metrics answered ${res.status}: ${text.slice(0, 300)}`);
  let statements = 0;
  let requests = 0;
  let inFlight = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('loongate_http_requests_in_flight ')) inFlight = Number(line.split(' ')[1]);
    if (line.startsWith('loongate_sql_statements_total{source="request"} ')) statements = Number(line.split(' ')[1]);
    if (line.startsWith('loongate_http_requests_total{') && !line.includes('route="/metrics"')) requests += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  if (!text.includes('loongate_sql_statements_total'))
    throw new Error('the server exposes no loongate_sql_statements_total: is LOONGATE_BENCH=1 supported by this build?');
  return { statements, requests, inFlight };
}

/** Drive a bare node:http server the same way: how fast this machine is right now (other load included). */
export async function calibrate(port: number, connections: number, seconds = 3): Promise<{ rps: number; cpuMsPerRequest: number }> {
  const child = spawn(
    process.execPath,
    ['-e', `require('node:http').createServer((q, s) => s.end('{"status":"ok"}')).listen(${port}, '127.0.0.1', () => console.log('up'))`],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  try {
    const before = procCpu(child.pid!) ?? 0;
    const res = await autocannon({ url: `http://127.0.0.1:${port}`, connections, duration: seconds });
    const cpu = (procCpu(child.pid!) ?? 0) - before;
    return { rps: Math.round(res.requests.total / res.duration), cpuMsPerRequest: Math.round((cpu * 1000 * 1000) / Math.max(1, res.requests.total)) / 1000 };
  } finally {
    child.kill('SIGKILL');
  }
}
