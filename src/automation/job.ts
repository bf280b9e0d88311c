import type { EntityManager, MikroORM } from '@mikro-orm/core';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { OutboxJob } from '../db/entities';

/** What running a job came to. done/void finish it; retry tries again later; failed gives up. */
export interface JobOutcome {
  result: 'done' | 'void' | 'retry' | 'failed';
  responseCode?: number;
  error?: string;
}

/** What a job runner may use. */
export interface JobDeps {
  orm: MikroORM;
  config: Config;
  logger: Logger;
  /** Per-request timeout for hooks, notices and scripts. */
  timeoutMs: number;
  /** True on the job's last allowed attempt: a runner marks the ticket instead of asking for a retry. */
  lastAttempt: boolean;
}

/** Runs one kind of job. */
export type JobRunner = (job: OutboxJob, deps: JobDeps) => Promise<JobOutcome>;

/** A short description of a thrown error. */
export function describeError(err: unknown): string {
  const e = err as Error & { cause?: { code?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timed out';
  return [e?.message ?? String(err), e?.cause?.code].filter(Boolean).join(': ');
}

/** A later job of the same kind for the same ticket (a retry or a new visit) supersedes this one: only the newest runs. */
export async function supersededBy(em: EntityManager, job: OutboxJob): Promise<OutboxJob | null> {
  return em.findOne(OutboxJob, { ticketId: job.ticketId, kind: job.kind, id: { $gt: job.id } }, { orderBy: { id: 'desc' } });
}
