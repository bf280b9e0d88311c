import { LockMode } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { OutboxJob } from './entities';

/** The outbox's queries. Jobs are written with the change that queues them (TicketRepository.enqueue). */
export class OutboxRepository {
  constructor(
    private readonly em: SqlEntityManager,
    private readonly dialect: 'sqlite' | 'mysql',
  ) {}

  /**
   * Jobs a worker may claim, oldest due first: pending ones that are due, and running ones whose worker's lock
   * expired. On MySQL/MariaDB the rows are locked for the caller's transaction and rows another worker holds
   * are skipped (`FOR UPDATE SKIP LOCKED`); SQLite serialises writers anyway.
   */
  claimable(now: Date, limit: number): Promise<OutboxJob[]> {
    const qb = this.em
      .createQueryBuilder(OutboxJob)
      .where({
        $or: [
          { status: 'pending', runAt: { $lte: now } },
          { status: 'running', lockedUntil: { $lt: now } },
        ],
      })
      .orderBy({ runAt: 'asc', id: 'asc' })
      .limit(limit);
    if (this.dialect === 'mysql') qb.setLockMode(LockMode.PESSIMISTIC_PARTIAL_WRITE);
    return qb.getResult();
  }
}
