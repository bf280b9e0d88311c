import autocannon, { type Request } from 'autocannon';
import { lockCounters, type BenchDb, type LockCounters } from './db';
import { restHeaders, type Scenario } from './scenarios';
import { readCounters, RssSampler, settle, type ServerHandle } from './server';
import type { BenchApp } from './workload';

/** How hard and how long to drive each scenario. */
export interface LoadOptions {
  connections: number;
  duration: number;
  warmup: number;
}

/** The measured outcome of one scenario. */
export interface Row {
  name: string;
  face: string;
  action: string;
  connections: number;
  seconds: number;
  requests: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Socket errors, timeouts, non-2xx answers and application errors (REST code -1, GraphQL errors). */
  errors: number;
  errorSample?: string;
  statementsPerRequest: number;
  /** Server CPU (user + system) per request: what throughput would be on an idle core. */
  cpuMsPerRequest: number;
  peakRssMB: number;
  poolLeft?: number;
  /** Row lock waits, their total milliseconds and deadlocks in the database over the scenario (MariaDB). */
  locks?: LockCounters;
}

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

function withCheck(s: Scenario, failures: { count: number; sample?: string }): Request[] {
  return s.requests.map((r) => ({
    ...r,
    onResponse: (status: number, body: string) => {
      if (s.ok(status, body)) return;
      failures.count += 1;
      failures.sample ??= `${status} ${body.slice(0, 300)}`;
    },
  }));
}

/** Send one request of the scenario outside autocannon; throws with the answer when it fails. */
export async function smoke(baseUrl: string, s: Scenario): Promise<void> {
  const base = s.requests[0];
  const req = base.setupRequest ? base.setupRequest({ ...base }, {})! : base;
  const res = await fetch(baseUrl + req.path, { method: req.method, headers: req.headers, body: req.body as string | undefined });
  const body = await res.text();
  if (!s.ok(res.status, body)) throw new Error(`${s.name}: ${req.method} ${req.path} answered ${res.status} ${body.slice(0, 500)}`);
}

/** Warm up, then drive the scenario and read statements per request and peak RSS from the server. */
/** Run a scenario for the warm-up time, unmeasured. */
export async function warmUp(server: ServerHandle, s: Scenario, load: LoadOptions): Promise<void> {
  if (load.warmup > 0) await autocannon({ url: server.baseUrl, connections: load.connections, requests: s.requests, timeout: 30, duration: load.warmup });
}

export async function measure(server: ServerHandle, s: Scenario, load: LoadOptions, db: BenchDb): Promise<Row> {
  const failures = { count: 0, sample: undefined as string | undefined };
  const requests = withCheck(s, failures);
  const opts = { url: server.baseUrl, connections: load.connections, requests, timeout: 30 };
  if (load.warmup > 0) await autocannon({ ...opts, duration: load.warmup });
  const before = await settle(server.baseUrl);
  failures.count = 0;
  failures.sample = undefined;
  const locksBefore = await lockCounters(db);
  const cpuBefore = server.cpuSeconds() ?? 0;
  const sampler = new RssSampler(() => server.rss());
  sampler.start();
  const res = await autocannon({ ...opts, duration: load.duration });
  const after = await settle(server.baseUrl);
  const peak = sampler.stop();
  const locksAfter = await lockCounters(db);
  const cpu = (server.cpuSeconds() ?? 0) - cpuBefore;
  const served = Math.max(1, after.requests - before.requests);
  const row: Row = {
    name: s.name,
    face: s.face,
    action: s.action,
    connections: load.connections,
    seconds: round(res.duration, 2),
    requests: res.requests.total,
    rps: round(res.requests.total / res.duration),
    p50: res.latency.p50,
    p90: res.latency.p90,
    p99: res.latency.p99,
    max: res.latency.max,
    errors: res.errors + res.timeouts + Math.max(res.non2xx, failures.count),
    statementsPerRequest: round((after.statements - before.statements) / served, 2),
    cpuMsPerRequest: round((cpu * 1000) / served, 2),
    peakRssMB: round(peak / 2 ** 20),
    locks: {
      lockWaits: locksAfter.lockWaits - locksBefore.lockWaits,
      lockWaitMs: locksAfter.lockWaitMs - locksBefore.lockWaitMs,
      deadlocks: locksAfter.deadlocks - locksBefore.deadlocks,
    },
  };
  if (failures.sample) row.errorSample = failures.sample;
  if (s.action.startsWith('handle') && s.poolLeft) row.poolLeft = s.poolLeft();
  return row;
}

/** Statements per request of one REST GET, sent sequentially n times (no load). */
export async function statementsOf(baseUrl: string, path: string, app: BenchApp, username: string, n = 3): Promise<number> {
  const before = await readCounters(baseUrl);
  for (let i = 0; i < n; i++) {
    const res = await fetch(baseUrl + path, { headers: restHeaders(app, username) });
    const body = await res.text();
    if (!body.startsWith('{"code":0')) throw new Error(`probe ${path}: ${body.slice(0, 300)}`);
  }
  const after = await readCounters(baseUrl);
  return round((after.statements - before.statements) / n, 2);
}

/** A keyed scenario measured against its unkeyed twin in alternating batches. */
export interface PairedCost {
  face: string;
  action: string;
  rounds: number;
  /** Requests of each side. */
  requests: number;
  plainCpuMsPerRequest: number;
  keyedCpuMsPerRequest: number;
  plainStatementsPerRequest: number;
  keyedStatementsPerRequest: number;
}

/**
 * Server CPU and statements per request of a keyed scenario and its unkeyed twin, sent in alternating batches
 * (unkeyed, keyed, unkeyed, …): on a machine others load too, whatever the load does during the measurement
 * falls on both sides alike, which scenarios measured one after the other cannot promise.
 */
export async function pairedCost(server: ServerHandle, plain: Scenario, keyed: Scenario, load: LoadOptions, rounds: number): Promise<PairedCost> {
  const batch = load.connections * 10;
  const totals = { plain: { cpu: 0, statements: 0, requests: 0 }, keyed: { cpu: 0, statements: 0, requests: 0 } };
  for (let round = 0; round < rounds; round++) {
    for (const [side, s] of [
      ['plain', plain],
      ['keyed', keyed],
    ] as const) {
      const before = await settle(server.baseUrl);
      const cpuBefore = server.cpuSeconds() ?? 0;
      await autocannon({ url: server.baseUrl, connections: load.connections, requests: s.requests, timeout: 30, amount: batch });
      const after = await settle(server.baseUrl);
      totals[side].cpu += (server.cpuSeconds() ?? 0) - cpuBefore;
      totals[side].statements += after.statements - before.statements;
      totals[side].requests += after.requests - before.requests;
    }
  }
  const perRequest = (side: 'plain' | 'keyed', what: 'cpu' | 'statements', scale: number) =>
    round((totals[side][what] * scale) / Math.max(1, totals[side].requests), 2);
  return {
    face: plain.face,
    action: plain.action,
    rounds,
    requests: Math.min(totals.plain.requests, totals.keyed.requests),
    plainCpuMsPerRequest: perRequest('plain', 'cpu', 1000),
    keyedCpuMsPerRequest: perRequest('keyed', 'cpu', 1000),
    plainStatementsPerRequest: perRequest('plain', 'statements', 1),
    keyedStatementsPerRequest: perRequest('keyed', 'statements', 1),
  };
}
