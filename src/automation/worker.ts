import os from 'node:os';
import { IsolationLevel, type MikroORM } from '@mikro-orm/core';
import { isLockRace } from '../db/errors';
import { OutboxRepository } from '../db/outbox-repository';
import { sendingAs } from '../db/orm';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { refreshCatalog } from '../db/catalog';
import { IdempotentAnswer, OutboxAttempt, OutboxJob, type JobKind } from '../db/entities';
import { outsideText } from '../domain/fields';
import { runHook } from './hook.runner';
import { describeError, type JobOutcome, type JobRunner } from './job';
import { runNotice } from './notice.runner';
import { runParent } from './parent.runner';
import { runScript } from './script.runner';
import { runEscalation } from './sla.runner';
import { runTimer } from './timer.runner';
import { dispatchWebhooks } from './webhook.dispatch';
import { runWebhook } from './webhook.runner';

const RUNNERS: Record<JobKind, JobRunner> = {
  hook: runHook,
  notice: runNotice,
  timer: runTimer,
  script: runScript,
  parent: runParent,
  sla: runEscalation,
  webhook: runWebhook,
};

/** Tuning of the outbox worker. */
export interface WorkerOptions {
  pollMs: number;
  batch: number;
  timeoutMs: number;
  maxAttempts: number;
  backoffMs: number;
  /** How long a claimed job stays with its worker; a job still running after that is taken over (the worker died). */
  lockMs: number;
}

/** Defaults, overridable through the environment (LOONGATE_JOB_POLL_MS, _BATCH, _TIMEOUT_MS, _ATTEMPTS, _BACKOFF_MS, _LOCK_MS). */
export function workerOptions(env: NodeJS.ProcessEnv = process.env): WorkerOptions {
  const num = (name: string, fallback: number) => {
    const v = Number(env[name]);
    return Number.isFinite(v) && v > 0 ? v : fallback;
  };
  const timeoutMs = num('LOONGATE_JOB_TIMEOUT_MS', 10_000);
  return {
    pollMs: num('LOONGATE_JOB_POLL_MS', 500),
    batch: num('LOONGATE_JOB_BATCH', 10),
    timeoutMs,
    maxAttempts: num('LOONGATE_JOB_ATTEMPTS', 5),
    backoffMs: num('LOONGATE_JOB_BACKOFF_MS', 1000),
    lockMs: num('LOONGATE_JOB_LOCK_MS', timeoutMs * 3 + 5000),
  };
}

/** Transactions that may lose a lock race this many times before the error stands. */
const LOCK_RACE_ATTEMPTS = 3;

/** How often the worker deletes expired idempotency keys. */
const KEY_SWEEP_MS = 60_000;

/** The longest error kept on a job and its attempts. */
const MAX_ERROR_CHARS = 2000;

/**
 * Run a short transaction again when the database chose it as a deadlock victim or it waited too long
 * for a lock: under load, claims, finishes and the inserts of request transactions meet on the index of
 * `outbox_jobs`, and MariaDB resolves that by failing one of them. Nothing was written; trying again is
 * the answer.
 */
export async function retryLockRaces<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!isLockRace(err) || attempt >= LOCK_RACE_ATTEMPTS) throw err;
    }
  }
}

/**
 * On MySQL/MariaDB the claim reads under READ COMMITTED: InnoDB then locks only the job rows it claims, not the gaps of the
 * `(status, run_at)` index it scanned, so the inserts of request transactions queuing new jobs never wait for a
 * claim and are never chosen as deadlock victims against it (REPEATABLE READ's next-key locks made them so).
 */
const CLAIM_ISOLATION = { isolationLevel: IsolationLevel.READ_COMMITTED };

/** Claims due outbox jobs and runs them; several workers may share one database. */
export class OutboxWorker {
  private readonly id = `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private lastKeySweep = 0;

  constructor(
    private readonly orm: MikroORM,
    private readonly config: Config,
    private readonly logger: Logger,
    private readonly options: WorkerOptions = workerOptions(),
  ) {}

  /** Start polling. */
  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Stop polling and wait for the jobs in hand. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /**
   * Queue the webhook deliveries of new events, then claim and run one batch; returns how many jobs ran. Now and
   * then, expired idempotency keys are deleted first.
   */
  async tick(): Promise<number> {
    if (Date.now() - this.lastKeySweep >= KEY_SWEEP_MS) await this.sweepExpiredKeys();
    await retryLockRaces(() => dispatchWebhooks(this.orm, this.config));
    const jobs = await this.claim();
    await Promise.all(jobs.map((job) => this.run(job)));
    return jobs.length;
  }

  /** Delete the stored answers of idempotency keys past their expiry; returns how many. */
  async sweepExpiredKeys(now = new Date()): Promise<number> {
    this.lastKeySweep = now.getTime();
    const deleted = await this.orm.em.fork().nativeDelete(IdempotentAnswer, { expiresAt: { $lte: now } });
    if (deleted) this.logger.info({ deleted }, 'expired idempotency keys deleted');
    return deleted;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = sendingAs('worker', () => this.tick()).then(
        (n) => this.schedule(n === this.options.batch ? 0 : this.options.pollMs),
        (err) => {
          this.logger.error({ err }, 'outbox worker tick failed');
          this.schedule(this.options.pollMs * 4);
        },
      );
    }, delay);
  }

  private claim(): Promise<OutboxJob[]> {
    return retryLockRaces(() => this.claimOnce());
  }

  /** How many attempts a job has in all. */
  private attemptsAllowed(job: OutboxJob): number {
    return Math.min(job.maxAttempts, this.options.maxAttempts);
  }

  private async claimOnce(): Promise<OutboxJob[]> {
    const now = new Date();
    const em = this.orm.em.fork() as SqlEntityManager;
    return em.transactional(
      async (tem) => {
        const jobs = await new OutboxRepository(tem as SqlEntityManager, this.config.database.dialect).claimable(now, this.options.batch);
        const lockedUntil = new Date(now.getTime() + this.options.lockMs);
        const claimed: OutboxJob[] = [];
        for (const job of jobs) {
          if (job.status === 'running') {
            const last = job.attempts >= this.attemptsAllowed(job);
            const error = outsideText(
              `worker ${job.lockedBy} did not finish attempt ${job.attempts}${last ? ', the last,' : ''} before its lock expired`,
              MAX_ERROR_CHARS,
            );
            tem.persist(tem.create(OutboxAttempt, { jobId: job.id, at: now, outcome: 'lost', error }));
            if (last) {
              Object.assign(job, { status: 'failed', lastError: error, lockedBy: '', lockedUntil: null, finishedAt: now });
              continue;
            }
          }
          Object.assign(job, { status: 'running', lockedBy: this.id, lockedUntil, attempts: job.attempts + 1 });
          claimed.push(job);
        }
        return claimed;
      },
      this.config.database.dialect === 'mysql' ? CLAIM_ISOLATION : {},
    );
  }

  private async run(job: OutboxJob): Promise<void> {
    const runner = RUNNERS[job.kind];
    const lastAttempt = job.attempts >= this.attemptsAllowed(job);
    let outcome: JobOutcome;
    try {
      await refreshCatalog(this.orm.em.fork());
      outcome = runner
        ? await runner(job, { orm: this.orm, config: this.config, logger: this.logger, timeoutMs: this.options.timeoutMs, lastAttempt })
        : { result: 'failed', error: `unknown job kind ${job.kind}` };
    } catch (err) {
      this.logger.error({ err, jobId: job.id, kind: job.kind }, 'outbox job threw');
      outcome = { result: lastAttempt ? 'failed' : 'retry', error: describeError(err) };
    }
    await this.finish(job, outcome);
  }

  /**
   * Record the attempt and end it. When the record cannot be written, the attempt still ends: the job row alone
   * takes the outcome (the attempt was counted when it was claimed), so a job never runs past its attempts
   * because its history could not be stored.
   */
  private async finish(job: OutboxJob, outcome: JobOutcome): Promise<void> {
    const ended = { ...outcome, error: outsideText(outcome.error ?? '', MAX_ERROR_CHARS) };
    try {
      await retryLockRaces(() => this.finishOnce(job, ended, true));
    } catch (err) {
      this.logger.error({ err, jobId: job.id, kind: job.kind }, 'outbox attempt could not be recorded; the job ends it without the record');
      const error = outsideText(`${ended.error} (the attempt could not be recorded: ${describeError(err)})`.trimStart(), MAX_ERROR_CHARS);
      await retryLockRaces(() => this.finishOnce(job, { ...ended, error }, false)).catch((again: unknown) => {
        this.logger.error({ err: again, jobId: job.id, kind: job.kind }, 'outbox job could not be ended; its lock expiry will');
      });
    }
  }

  private async finishOnce(job: OutboxJob, outcome: JobOutcome, record: boolean): Promise<void> {
    const em = this.orm.em.fork();
    const row = await em.findOneOrFail(OutboxJob, job.id);
    const now = new Date();
    const backoff = Math.min(this.options.backoffMs * 2 ** Math.max(0, row.attempts - 1), 3600_000);
    const status = outcome.result === 'retry' ? 'pending' : outcome.result;
    Object.assign(row, {
      status,
      lastError: outcome.error ?? '',
      lockedBy: '',
      lockedUntil: null,
      runAt: outcome.result === 'retry' ? new Date(now.getTime() + backoff) : row.runAt,
      finishedAt: outcome.result === 'retry' ? null : now,
    });
    if (record)
      em.persist(
        em.create(OutboxAttempt, { jobId: row.id, at: now, outcome: outcome.result, responseCode: outcome.responseCode ?? null, error: outcome.error ?? '' }),
      );
    await em.flush();
    this.logger.info(
      { jobId: row.id, kind: row.kind, ticketId: row.ticketId, outcome: outcome.result, attempt: row.attempts, error: outcome.error },
      'outbox job ran',
    );
  }
}
