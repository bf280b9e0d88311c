import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntityManager } from '@mikro-orm/core';
import { TicketRepository } from '../../src/db/ticket-repository';
import { startTestApp, type TestApp } from '../support/app';
import { dialects } from '../support/db';

describe.each(dialects())('serial numbers of creates inside a transaction (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t?.close());

  const allocate = (em: EntityManager) => new TicketRepository(em).allocateSn(dialect, 'held', new Date('2026-12-08T10:00:00Z'), 'UTC');

  it('a create inside a transaction bumps the day serial outside it: the counter row is not held until its commit', async () => {
    const held = t.orm.em.fork();
    await held.begin();
    try {
      const first = await allocate(held);
      expect(first).toBe('held_202612080001');
      if (dialect === 'mysql') {
        // Another connection bumps the same row while the first transaction is still open: no lock to wait for.
        const other = t.orm.em.fork();
        await other.transactional(async (em) => {
          await em.getConnection().execute('set session innodb_lock_wait_timeout = 1', [], 'run', em.getTransactionContext());
          expect(await allocate(em)).toBe('held_202612080002');
        });
      } else {
        expect(await allocate(held)).toBe('held_202612080002');
      }
    } finally {
      await held.rollback();
    }
    // On MariaDB the bumps were committed on their own; SQLite's went through the transaction, rolled back with it.
    expect(await allocate(t.orm.em.fork())).toBe(dialect === 'mysql' ? 'held_202612080003' : 'held_202612080001');
  });
});
