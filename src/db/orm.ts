import { AsyncLocalStorage } from 'node:async_hooks';
import path from 'node:path';
import { DefaultLogger, MikroORM, type LogContext, type LoggerOptions, type Options } from '@mikro-orm/core';
import { LibSqlDriver } from '@mikro-orm/libsql';
import { MariaDbDriver } from '@mikro-orm/mariadb';
import { Migrator } from '@mikro-orm/migrations';
import type { DatabaseTarget } from '../config';
import { attachCatalog } from './catalog';
import { CommitListener } from './list-totals';
import { ENTITIES } from './entities';
import { migrationsList as mysqlMigrations } from './migrations/mysql';
import { migrationsList as sqliteMigrations } from './migrations/sqlite';

/** Who sent a statement: an API request (the default), the outbox worker, or a /metrics scrape. */
export type StatementSource = 'request' | 'worker' | 'metrics';

const statementSource = new AsyncLocalStorage<StatementSource>();
let statementHook: ((source: StatementSource) => void) | null = null;

/** Run fn with its SQL statements counted as sent by source. */
export function sendingAs<T>(source: StatementSource, fn: () => T): T {
  return statementSource.run(source, fn);
}

/** Call fn for every SQL statement any ORM of this process sends (bench mode); null stops it. */
export function onSqlStatement(fn: ((source: StatementSource) => void) | null): void {
  statementHook = fn;
}

class StatementLogger extends DefaultLogger {
  override logQuery(context: { query: string } & LogContext): void {
    statementHook?.(statementSource.getStore() ?? 'request');
    super.logQuery(context);
  }
}

/** The migrations folder of a dialect, next to this compiled file (or source file under vitest). */
export function migrationsPath(dialect: DatabaseTarget['dialect'], root = __dirname): string {
  return path.join(root, 'migrations', dialect);
}

/** How long a SQLite statement waits for a lock another process holds before it fails as busy. */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/** MikroORM options for one database target. */
export function ormOptions(target: DatabaseTarget, overrides: Partial<Options> = {}): Options {
  const migrations = {
    path: migrationsPath(target.dialect),
    migrationsList: target.dialect === 'sqlite' ? sqliteMigrations : mysqlMigrations,
    transactional: target.dialect === 'sqlite',
    allOrNothing: target.dialect === 'sqlite',
    snapshot: false,
    emit: 'ts' as const,
  };
  const common: Options = {
    entities: ENTITIES,
    extensions: [Migrator],
    subscribers: [new CommitListener()],
    forceUtcTimezone: true,
    allowGlobalContext: false,
    debug: false,
    logger: () => undefined,
    loggerFactory: (options: LoggerOptions) => new StatementLogger(options),
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    migrations,
    ...overrides,
  };
  if (target.dialect === 'sqlite') {
    // Another process writing the file (`loongate import` beside a running server) makes SQLite answer "database
    // is locked" at once by default; with a busy timeout the statement waits for the lock instead.
    const driverOptions = { connection: { timeout: SQLITE_BUSY_TIMEOUT_MS } };
    return { ...common, driver: LibSqlDriver, dbName: target.file, driverOptions } as Options;
  }
  return {
    ...common,
    driver: MariaDbDriver,
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    dbName: target.dbName,
    timezone: '+00:00',
    pool: overrides.pool ?? { min: 0, max: 20 },
    // The driver gives up on a new connection after 1 s by default: a busy host misses that when a burst of
    // requests opens the pool, and the requests fail as internal errors (test/reliability/races.test.ts).
    driverOptions: { connection: { connectTimeout: 10_000 } },
  } as Options;
}

/** Open the ORM; the SQLite file's folder is created when missing. */
export async function openOrm(target: DatabaseTarget, overrides: Partial<Options> = {}): Promise<MikroORM> {
  if (target.dialect === 'sqlite' && target.file !== ':memory:') {
    const fs = await import('node:fs');
    fs.mkdirSync(path.dirname(path.resolve(target.file)), { recursive: true });
  }
  const orm = await MikroORM.init(ormOptions(target, overrides));
  if (target.dialect === 'sqlite') {
    // Write-ahead log: a commit costs one sync of the log instead of the rollback journal's several (still
    // synchronous = FULL, so what is acknowledged survives a power cut), and readers never wait for a writer.
    // The mode is kept in the file; the log and its index sit beside it (-wal, -shm).
    if (target.file !== ':memory:') await orm.em.getConnection().execute('pragma journal_mode = wal');
    attachCatalog(orm.em, orm.em, true);
    return orm;
  }
  // Reference data is read through a small pool of its own: a transaction holding a connection while it
  // waits for a row lock can then never starve the read it needs to finish.
  const reader = await MikroORM.init(ormOptions(target, { ...overrides, pool: { min: 0, max: 4 } }));
  attachCatalog(orm.em, reader.em, false);
  const close = orm.close.bind(orm);
  orm.close = async (force?: boolean) => {
    await reader.close(force);
    await close(force);
  };
  return orm;
}

/** Apply pending migrations; returns the names applied. */
export async function migrateUp(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}
