import type { MikroORM } from '@mikro-orm/core';
import { parseDatabaseUrl, type DatabaseTarget } from '../../src/config';
import { migrateUp, openOrm } from '../../src/db/orm';

/** The databases the API suites run on: SQLite always, MariaDB when LOONGATE_TEST_MYSQL is set. */
export function dialects(): ('sqlite' | 'mysql')[] {
  return process.env.LOONGATE_TEST_MYSQL ? ['sqlite', 'mysql'] : ['sqlite'];
}

let counter = 0;

/** A fresh, migrated database of the dialect; `drop` removes it. SQL statements are counted in `queries`. */
export async function freshDatabase(
  dialect: 'sqlite' | 'mysql',
): Promise<{ orm: MikroORM; target: DatabaseTarget; queries: { count: number; recent: string[] }; drop(): Promise<void> }> {
  const queries = { count: 0, recent: [] as string[] };
  const overrides = {
    debug: ['query' as const],
    logger: (message: string) => {
      queries.count += 1;
      queries.recent.push(message);
      if (queries.recent.length > 200) queries.recent.shift();
    },
  };
  if (dialect === 'sqlite') {
    const target = parseDatabaseUrl('sqlite::memory:');
    const orm = await openOrm(target, overrides);
    await migrateUp(orm);
    return { orm, target, queries, drop: () => orm.close() };
  }
  const url = process.env.LOONGATE_TEST_MYSQL;
  if (!url) throw new Error('LOONGATE_TEST_MYSQL is not set');
  const server = parseDatabaseUrl(url);
  const admin = await openOrm(server).catch((err) => {
    throw new Error(`LOONGATE_TEST_MYSQL=${url} is unreachable: ${err.message}`);
  });
  const dbName = `lg_test_${process.pid}_${++counter}_${Date.now() % 100000}`;
  await admin.em.getConnection().execute(`create database \`${dbName}\``);
  const target = { ...server, dbName } as DatabaseTarget;
  const orm = await openOrm(target, overrides);
  await migrateUp(orm);
  return {
    orm,
    target,
    queries,
    drop: async () => {
      await orm.close();
      await admin.em.getConnection().execute(`drop database if exists \`${dbName}\``);
      await admin.close();
    },
  };
}
