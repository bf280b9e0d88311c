import { type Opt, Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** What a job does. */
export type JobKind = 'hook' | 'notice' | 'timer' | 'script' | 'parent' | 'sla' | 'webhook';

/** A side effect of a ticket change, written in the change's transaction. */
@Entity({ tableName: 'outbox_jobs' })
@Index({ properties: ['status', 'runAt'] })
@Index({ properties: ['ticketId'] })
@Index({ properties: ['finishedAt'] })
export class OutboxJob {
  [OptionalProps]?: 'status' | 'attempts' | 'maxAttempts' | 'lastError' | 'runAt' | 'createdAt' | 'lockedBy' | 'lockedUntil' | 'finishedAt';

  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Property({ length: 20 })
  kind!: JobKind;

  @Property()
  ticketId!: number;

  @Property({ type: 'json' })
  payload: Opt<Record<string, unknown>> = {};

  /** pending, running, done, failed (retries exhausted), void (no longer applies). */
  @Property({ length: 20 })
  status: Opt<string> = 'pending';

  @Property()
  attempts: Opt<number> = 0;

  @Property()
  maxAttempts: Opt<number> = 5;

  @Property({ type: 'text' })
  lastError: Opt<string> = '';

  @Property({ type: Date, length: 3 })
  runAt: Opt<Date> = new Date();

  @Property({ length: 100 })
  lockedBy: Opt<string> = '';

  @Property({ type: Date, length: 3, nullable: true })
  lockedUntil: Date | null = null;

  @Property({ type: Date, length: 3, nullable: true })
  finishedAt: Date | null = null;

  @Property({ type: Date, length: 3 })
  createdAt: Opt<Date> = new Date();
}

/** One attempt to run an outbox job. */
@Entity({ tableName: 'outbox_attempts' })
export class OutboxAttempt {
  [OptionalProps]?: 'at' | 'responseCode' | 'error';

  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Property()
  @Index()
  jobId!: number;

  @Property({ type: Date, length: 3 })
  at: Opt<Date> = new Date();

  /** ok, error. */
  @Property({ length: 20 })
  outcome!: string;

  @Property({ type: 'integer', nullable: true })
  responseCode: number | null = null;

  @Property({ type: 'text' })
  error: Opt<string> = '';
}
