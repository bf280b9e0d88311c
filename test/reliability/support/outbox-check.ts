import type { Received } from '../../support/receiver';
import type { DbState, JobRow } from './db-state';

/** The invariants of the outbox; each lists its violations (empty: holds). */
export interface OutboxProblems {
  /** Every job finished (done or void): none left pending, running or failed. */
  settled: string[];
  /** No job row run twice: one attempt row per claim, one final outcome, and a single attempt unless a crash lost one. */
  attempts: string[];
  /** The receiver got each hook and notice call once per attempt that got its answer (plus, after a crash, the lost ones at most). */
  delivery: string[];
}

const FINAL = new Set(['done', 'void', 'failed']);

/** The receiver path a job calls, or null for jobs that call nothing (timers, scripts, parents). */
function pathOf(job: JobRow, db: DbState): string | null {
  if (job.kind === 'notice') return new URL(db.noticeUrls.get(Number(job.payload.noticeId)) ?? 'http://x/?').pathname;
  if (job.kind !== 'hook') return null;
  const hook = JSON.parse(db.states.get(Number(job.payload.stateId))?.participant ?? '{}') as { hook_url?: string };
  return hook.hook_url ? new URL(hook.hook_url).pathname : null;
}

/** The (path, ticket) a receiver hit is about. */
function keyOfHit(hit: Received): string {
  const ticketId = hit.body?.ticket_value_info?.id ?? hit.body?.id;
  return `${hit.path} ticket ${ticketId}`;
}

/** Check the outbox against what the receiver got; `crashed`: a killed worker may have lost attempts (at-least-once). */
export function outboxInvariants(db: DbState, hits: Received[], crashed: boolean): OutboxProblems {
  const out: OutboxProblems = { settled: [], attempts: [], delivery: [] };
  const answered = new Map<string, number>();
  const lost = new Map<string, number>();
  for (const job of db.jobs) {
    if (job.status !== 'done' && job.status !== 'void')
      out.settled.push(`job ${job.id} (${job.kind}, ticket ${job.ticketId}) is ${job.status}: ${job.lastError}`);
    const lostTries = job.tries.filter((t) => t.outcome === 'lost').length;
    const finals = job.tries.filter((t) => FINAL.has(t.outcome)).length;
    if (job.tries.length !== job.attempts) out.attempts.push(`job ${job.id}: ${job.tries.length} attempt rows for ${job.attempts} claims`);
    if (finals > 1) out.attempts.push(`job ${job.id}: finished ${finals} times`);
    if (job.attempts > 1 + (crashed ? lostTries : 0))
      out.attempts.push(`job ${job.id} (${job.kind}): ${job.attempts} attempts (${job.tries.map((t) => t.outcome).join(', ')}): ${job.lastError}`);
    const path = pathOf(job, db);
    if (!path) continue;
    const key = `${path} ticket ${job.ticketId}`;
    answered.set(key, (answered.get(key) ?? 0) + job.tries.filter((t) => t.responseCode !== null).length);
    lost.set(key, (lost.get(key) ?? 0) + lostTries);
  }
  const got = new Map<string, number>();
  for (const hit of hits) got.set(keyOfHit(hit), (got.get(keyOfHit(hit)) ?? 0) + 1);
  for (const key of new Set([...answered.keys(), ...got.keys()])) {
    const n = got.get(key) ?? 0;
    const min = answered.get(key) ?? 0;
    const max = min + (lost.get(key) ?? 0);
    if (n < min || n > max)
      out.delivery.push(`${key}: the receiver got ${n} calls, the jobs record ${min} answered attempts${max > min ? ` and ${max - min} lost` : ''}`);
  }
  return out;
}
