import { DeadlockException, type EntityManager } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../../src/db/entities';
import { inEventTransaction } from '../../src/events/signal';
import { freshDatabase } from '../support/db';

const deadlock = () => new DeadlockException(Object.assign(new Error('Deadlock found when trying to get lock; try restarting transaction'), { errno: 1213 }));

describe('a transaction chosen as a deadlock victim', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    db = await freshDatabase('sqlite');
  });
  afterAll(() => db?.drop());

  /** A unit of work that writes a user, and dies as a deadlock victim on its first `failures` runs. */
  const work = (username: string, failures: number) => {
    let runs = 0;
    const run = async (em: EntityManager) => {
      runs += 1;
      em.create(User, { username });
      await em.flush();
      if (runs <= failures) throw deadlock();
      return runs;
    };
    return { run, runs: () => runs };
  };

  it('is run again, from the start, and only its last run is kept', async () => {
    const w = work('retried', 2);
    expect(await inEventTransaction(db.orm.em.fork(), w.run)).toBe(3);
    expect(await db.orm.em.fork().count(User, { username: 'retried' })).toBe(1);
  });

  it('answers the deadlock after three runs', async () => {
    const w = work('given-up', 5);
    await expect(inEventTransaction(db.orm.em.fork(), w.run)).rejects.toBeInstanceOf(DeadlockException);
    expect(w.runs()).toBe(3);
    expect(await db.orm.em.fork().count(User, { username: 'given-up' })).toBe(0);
  });

  it('is not run again inside an outer transaction: the outer one was rolled back with it', async () => {
    const w = work('nested', 1);
    const em = db.orm.em.fork();
    await em.begin();
    await expect(inEventTransaction(em, w.run)).rejects.toBeInstanceOf(DeadlockException);
    await em.rollback();
    expect(w.runs()).toBe(1);
  });
});
