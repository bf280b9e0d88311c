import fs from 'node:fs';
import path from 'node:path';
import Database from 'libsql';
import * as mariadb from 'mariadb';

/** The two databases loongate runs on. */
export type Dialect = 'sqlite' | 'mysql';

/** A parsed DATABASE_URL (the subset the bench uses). */
export type Target = { dialect: 'sqlite'; file: string } | { dialect: 'mysql'; host: string; port: number; user: string; password: string; database: string };

/** A thin connection for seeding and pool look-ups, bypassing the ORM. */
export interface BenchDb {
  dialect: Dialect;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  exec(sql: string): Promise<void>;
  insert(table: string, columns: string[], rows: unknown[][]): Promise<void>;
  close(): Promise<void>;
}

const MAX_PARAMS = 30_000;
const MAX_ROWS = 2_000;

/** Parse `sqlite:PATH` or `mysql://user:pass@host:port/db` (also `mariadb://`). */
export function parseTarget(url: string): Target {
  if (url.startsWith('sqlite:')) return { dialect: 'sqlite', file: path.resolve(url.slice('sqlite:'.length)) };
  const u = new URL(url);
  if (u.protocol !== 'mysql:' && u.protocol !== 'mariadb:') throw new Error(`unsupported database URL ${url}`);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!/^\w+$/.test(database)) throw new Error(`the bench database name must be a plain word (got "${database}")`);
  return {
    dialect: 'mysql',
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password),
    database,
  };
}

/** The DATABASE_URL of a target, as the server reads it. */
export function targetUrl(t: Target): string {
  if (t.dialect === 'sqlite') return `sqlite:${t.file}`;
  const auth = t.password ? `${encodeURIComponent(t.user)}:${encodeURIComponent(t.password)}` : encodeURIComponent(t.user);
  return `mysql://${auth}@${t.host}:${t.port}/${t.database}`;
}

/** Drop and recreate the database (MariaDB) or delete the file (SQLite). */
export async function resetDatabase(t: Target): Promise<void> {
  if (t.dialect === 'sqlite') {
    for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(t.file + suffix, { force: true });
    fs.mkdirSync(path.dirname(t.file), { recursive: true });
    return;
  }
  const conn = await mariadb.createConnection({ host: t.host, port: t.port, user: t.user, password: t.password });
  try {
    await conn.query(`drop database if exists \`${t.database}\``);
    await conn.query(`create database \`${t.database}\` default character set utf8mb4`);
  } finally {
    await conn.end();
  }
}

function placeholders(columns: number, rows: number): string {
  const row = `(${new Array(columns).fill('?').join(',')})`;
  return new Array(rows).fill(row).join(',');
}

function batches(columns: number, rows: unknown[][]): unknown[][][] {
  const size = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / columns)));
  const out: unknown[][][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

function openSqlite(file: string): BenchDb {
  const db = new Database(file);
  const statements = new Map<string, { run(...params: unknown[]): unknown }>();
  const prepared = (sql: string) => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = db.prepare(sql)));
    return s;
  };
  return {
    dialect: 'sqlite',
    async query<T>(sql: string, params: unknown[] = []) {
      const s = db.prepare(sql);
      return (s.reader ? s.all(...params) : (s.run(...params), [])) as T[];
    },
    async exec(sql: string) {
      db.exec(sql);
    },
    async insert(table, columns, rows) {
      const head = `insert into \`${table}\` (${columns.map((c) => `\`${c}\``).join(',')}) values `;
      for (const batch of batches(columns.length, rows)) prepared(head + placeholders(columns.length, batch.length)).run(...batch.flat());
    },
    async close() {
      db.close();
    },
  };
}

async function openMysql(t: Extract<Target, { dialect: 'mysql' }>): Promise<BenchDb> {
  const conn = await mariadb.createConnection({
    host: t.host,
    port: t.port,
    user: t.user,
    password: t.password,
    database: t.database,
    timezone: '+00:00',
    bigIntAsNumber: true,
    insertIdAsNumber: true,
    decimalAsNumber: true,
  });
  return {
    dialect: 'mysql',
    async query<T>(sql: string, params: unknown[] = []) {
      const res = await conn.query(sql, params);
      return (Array.isArray(res) ? res : []) as T[];
    },
    async exec(sql: string) {
      await conn.query(sql);
    },
    async insert(table, columns, rows) {
      const head = `insert into \`${table}\` (${columns.map((c) => `\`${c}\``).join(',')}) values `;
      for (const batch of batches(columns.length, rows)) await conn.query(head + placeholders(columns.length, batch.length), batch.flat());
    },
    async close() {
      await conn.end();
    },
  };
}

/** Open the target with its native driver. */
export async function openDb(t: Target): Promise<BenchDb> {
  return t.dialect === 'sqlite' ? openSqlite(t.file) : openMysql(t);
}

/** The database's name and version, for the reports. */
export async function databaseVersion(db: BenchDb): Promise<string> {
  if (db.dialect === 'sqlite') return `SQLite ${(await db.query<{ v: string }>('select sqlite_version() as v'))[0].v}`;
  return `MariaDB ${(await db.query<{ v: string }>('select version() as v'))[0].v}`;
}

/** InnoDB's lock counters: how often and how long row locks were waited for, and deadlocks (zeros on SQLite). */
export interface LockCounters {
  lockWaits: number;
  lockWaitMs: number;
  deadlocks: number;
}

/** The server-wide lock counters now; the difference over a scenario is its contention. */
export async function lockCounters(db: BenchDb): Promise<LockCounters> {
  if (db.dialect === 'sqlite') return { lockWaits: 0, lockWaitMs: 0, deadlocks: 0 };
  const rows = await db.query<{ Variable_name: string; Value: string }>(
    "show global status where Variable_name in ('Innodb_row_lock_waits', 'Innodb_row_lock_time', 'Innodb_deadlocks')",
  );
  const value = (name: string) => Number(rows.find((r) => r.Variable_name === name)?.Value ?? 0);
  return { lockWaits: value('Innodb_row_lock_waits'), lockWaitMs: value('Innodb_row_lock_time'), deadlocks: value('Innodb_deadlocks') };
}
