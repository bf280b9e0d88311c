import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from './support/client';
import { startCluster, type Cluster, type Problems } from './support/cluster';
import { eventually } from '../support/process';
import { startLoad, tally } from './support/load';

// MariaDB only, like the race suite (two processes cannot share a SQLite file under load, see races.test.ts).
const MYSQL = !!process.env.LOONGATE_TEST_MYSQL;
const LOAD_S = 32;
/** The kill comes once the doomed server has acknowledged this many changes (at most 20 s into the load). */
const KILL_AFTER_ACKS = 15;
const DOWN_S = 3;

type JobStatus = { id: number; status: string; attempts: number };

describe.skipIf(!MYSQL)('crash under load: one of two server processes SIGKILLed mid-load and restarted (skipped without LOONGATE_TEST_MYSQL)', () => {
  let cluster: Cluster;
  let answers: Answer[];
  let problems: Problems;
  let killedAt: number;
  let restartedAt: number;
  /** Jobs pending or running while the worker was down, and the same jobs at the end. */
  let waiting: JobStatus[];
  let after: Map<number, JobStatus>;

  const jobs = async (where: string): Promise<JobStatus[]> => {
    const rows = await cluster.orm.em.getConnection().execute<JobStatus[]>(`select id, status, attempts from outbox_jobs where ${where}`);
    return rows.map((r: JobStatus) => ({ id: Number(r.id), status: r.status, attempts: Number(r.attempts) }));
  };

  beforeAll(async () => {
    // Only server 1 runs the outbox worker: the jobs waiting while it is dead can only run after its restart.
    // A slow receiver keeps jobs in flight at the kill; a short lock lets the restarted worker take them over.
    cluster = await startCluster({ workers: [false, true], receiverDelayMs: 200, env: { LOONGATE_JOB_TIMEOUT_MS: '2000', LOONGATE_JOB_LOCK_MS: '4000' } });
    const load = startLoad({ clients: 64, seconds: LOAD_S, maxRequests: 8000, urls: cluster.urls, initialTickets: 24 });
    const acked = () => load.answers.filter((a) => a.server === 1 && a.outcome === 'ok' && a.op.action !== 'read').length;
    await eventually(() => acked() >= KILL_AFTER_ACKS, 20_000, 'changes acknowledged by server 1').catch(() => undefined);
    await cluster.kill(1);
    killedAt = Date.now();
    await sleep(DOWN_S * 1000);
    waiting = await jobs("status in ('pending', 'running')");
    await cluster.start(1);
    restartedAt = Date.now();
    answers = await load.done;
    await cluster.settle(30_000);
    after = new Map((await jobs('1 = 1')).map((j) => [j.id, j]));
    problems = await cluster.check(answers, true);
    console.info(
      `crash-load: ${answers.length} requests, ${waiting.length} jobs waiting for the restart (${waiting.filter((j) => j.status === 'running').length} in flight at the kill), ${cluster.receiver.hits.length} hook and notice calls\n${tally(answers)}`,
    );
  }, 300_000);
  afterAll(async () => cluster?.close());

  it('the kill cut requests off, and the killed server acknowledged changes before the kill and after the restart', () => {
    const toKilled = answers.filter((a) => a.server === 1 && a.op.action !== 'read');
    expect(toKilled.filter((a) => a.outcome === 'unknown' || a.code === 'ECONNREFUSED').length).toBeGreaterThan(0);
    expect(toKilled.filter((a) => a.outcome === 'ok' && a.at + a.ms < killedAt).length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(toKilled.filter((a) => a.outcome === 'ok' && a.at > restartedAt).length).toBeGreaterThan(0);
  });

  it('every request answered code 0 or without GraphQL errors is in the database with its flow log', () => {
    expect(problems.acknowledged).toEqual([]);
    expect(problems.versions).toEqual([]);
  });

  it('nothing is half-written: no ticket without its creation log, no log, duty row, value or job of a missing ticket', () => {
    expect(problems.orphans).toEqual([]);
    expect(problems.oneLogPerChange).toEqual([]);
  });

  it('the ticket invariants of the race suite hold across the crash', () => {
    expect({ chain: problems.chain, votes: problems.votes, serials: problems.serials, duty: problems.duty, participants: problems.participants }).toEqual({
      chain: [],
      votes: [],
      serials: [],
      duty: [],
      participants: [],
    });
  });

  it('no request answered a 5xx or an INTERNAL error, and no server logged an error', () => {
    expect({ answers: problems.errors, logged: problems.logged }).toEqual({ answers: [], logged: [] });
  });

  it('jobs waiting while the only worker was dead ran after its restart, each once more (one in flight at the kill is taken over once its lock expires)', () => {
    expect(waiting.filter((j) => j.status === 'pending').length).toBeGreaterThan(0);
    for (const job of waiting) {
      const now = after.get(job.id)!;
      expect(['done', 'void'], `job ${job.id}`).toContain(now.status);
      expect(now.attempts, `job ${job.id} (was ${job.status} after ${job.attempts} attempts)`).toBe(job.attempts + 1);
    }
    expect(problems.settled).toEqual([]);
    expect(problems.attempts).toEqual([]);
    expect(problems.delivery).toEqual([]);
  });
});
