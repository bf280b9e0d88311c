import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Where the bundled demo definitions live (shipped with the package). */
export const DEMO_DEFINITIONS = path.join(__dirname, '..', 'definitions', 'demo.yaml');

/** A parsed DATABASE_URL. */
export type DatabaseTarget =
  | { dialect: 'sqlite'; file: string }
  | { dialect: 'mysql'; host: string; port: number; user: string; password: string; dbName: string };

/** Parse `sqlite:./x.db`, `sqlite::memory:`, `sqlite:/abs.db`, `mysql://u:p@h:3306/db`, `mariadb://…`. */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!file) throw new Error('DATABASE_URL: sqlite: needs a file path or :memory:');
    return { dialect: 'sqlite', file };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`DATABASE_URL: "${url}" is not a URL (expected sqlite:PATH or mysql://user:pass@host:port/db)`);
  }
  if (parsed.protocol !== 'mysql:' && parsed.protocol !== 'mariadb:') {
    throw new Error(`DATABASE_URL: unsupported scheme "${parsed.protocol}" (use sqlite:, mysql: or mariadb:)`);
  }
  const dbName = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!dbName) throw new Error('DATABASE_URL: the MySQL URL names no database (…:3306/<db>)');
  return {
    dialect: 'mysql',
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 3306,
    user: decodeURIComponent(parsed.username || 'root'),
    password: decodeURIComponent(parsed.password),
    dbName,
  };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().min(1).default('sqlite:./data/loongate.db'),
  LOONGATE_SEED: z.string().optional(),
  LOONGATE_TZ: z.string().optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  LOONGATE_STRICT: z.enum(['0', '1']).default('1'),
  LOONGATE_STRICT_STATUS: z.enum(['0', '1']).default('0'),
  LOONGATE_WORKER: z.enum(['0', '1']).default('1'),
  LOONGATE_HOOK_ALLOW: z.string().optional(),
  LOONGATE_SCRIPTS_DIR: z.string().optional(),
  LOONGATE_BENCH: z.enum(['0', '1']).default('0'),
  LOONGATE_LIST_TOTAL_TTL_MS: z.coerce.number().int().min(0).max(600_000).default(1000),
  NODE_ENV: z.string().optional(),
  LOONGATE_HEAP_GROWTH_PERCENT: z.coerce.number().int().min(0).max(1000).default(100),
});

/** The validated runtime configuration. */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  database: DatabaseTarget;
  /** File imported at start when the database holds no workflows; null: skip (the default on MySQL/MariaDB). */
  seed: string | null;
  timeZone: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** auto: readable lines when stdout is a terminal, JSON lines otherwise. */
  logFormat: 'auto' | 'json' | 'pretty';
  /** The strict permission mode, LOONGATE_STRICT (docs/permissions.md). */
  strict: boolean;
  /** REST answers real HTTP status codes. */
  strictStatus: boolean;
  worker: boolean;
  hookAllow: string[] | null;
  scriptsDir: string | null;
  /** Bench mode: count SQL statements in /metrics (loongate_sql_statements_total). */
  bench: boolean;
  /** How long a ticket-list total may be reused while this process commits nothing (0: only by concurrent identical lists). */
  listTotalTtlMs: number;
  /** NODE_ENV=production: GraphQL errors give no "Did you mean" suggestions. */
  production: boolean;
  /** How far V8 may grow the heap past what its last full collection kept, in percent (0: V8's own choice). */
  heapGrowthPercent: number;
}

function checkTimeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    throw new Error(`LOONGATE_TZ: unknown time zone "${zone}" (use an IANA name such as Asia/Shanghai or UTC)`);
  }
}

/**
 * What LOONGATE_SEED asks for. Unset: the bundled demo on SQLite (the zero-setup start), nothing on MySQL/MariaDB,
 * so a production database never receives the demo superuser and app token unasked.
 */
function resolveSeed(value: string | undefined, database: DatabaseTarget): string | null {
  const asked = value?.trim() ?? '';
  if (asked === '') return database.dialect === 'sqlite' ? DEMO_DEFINITIONS : null;
  if (asked === 'none') return null;
  if (asked === 'demo') return DEMO_DEFINITIONS;
  const file = path.resolve(asked);
  if (!fs.existsSync(file)) throw new Error(`LOONGATE_SEED: no file "${file}" (use demo, none or the path of a definitions file)`);
  return file;
}

/** Read and validate the configuration; throws an Error naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '' || false)));
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue.path[0]);
    throw new Error(`${name}: ${issue.message} (got "${env[name]}")`);
  }
  const e = result.data;
  const database = parseDatabaseUrl(e.DATABASE_URL);
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    database,
    seed: resolveSeed(env.LOONGATE_SEED, database),
    timeZone: checkTimeZone(e.LOONGATE_TZ ?? Intl.DateTimeFormat().resolvedOptions().timeZone),
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    strict: e.LOONGATE_STRICT === '1',
    strictStatus: e.LOONGATE_STRICT_STATUS === '1',
    worker: e.LOONGATE_WORKER === '1',
    hookAllow: e.LOONGATE_HOOK_ALLOW ? e.LOONGATE_HOOK_ALLOW.split(',').map((s) => s.trim()).filter(Boolean) : null,
    scriptsDir: e.LOONGATE_SCRIPTS_DIR ? path.resolve(e.LOONGATE_SCRIPTS_DIR) : null,
    bench: e.LOONGATE_BENCH === '1',
    listTotalTtlMs: e.LOONGATE_LIST_TOTAL_TTL_MS,
    heapGrowthPercent: e.LOONGATE_HEAP_GROWTH_PERCENT,
    production: e.NODE_ENV === 'production',
  };
}
