import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseOriginList, type OriginPattern } from './server/cors-origins';

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
  LOONGATE_REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')
    .optional(),
  LOONGATE_BENCH: z.enum(['0', '1']).default('0'),
  LOONGATE_LIST_TOTAL_TTL_MS: z.coerce.number().int().min(0).max(600_000).default(1000),
  LOONGATE_IDEMPOTENCY_TTL: z.coerce.number().int().min(60).max(2_592_000).default(86_400),
  NODE_ENV: z.string().optional(),
  LOONGATE_HEAP_GROWTH_PERCENT: z.coerce.number().int().min(0).max(1000).default(100),
  LOONGATE_CORS_ORIGINS: z.string().optional(),
  LOONGATE_CORS_MAX_AGE: z.coerce.number().int().min(0).max(86_400).default(600),
  LOONGATE_TOKEN_MAX_LIFETIME: z.coerce.number().int().min(1).max(604_800).default(3600),
  LOONGATE_TOKEN_CLOCK_SKEW: z.coerce.number().int().min(0).max(600).default(30),
  LOONGATE_OIDC_ISSUER: z.url({ protocol: /^https?$/, error: 'expected the issuer URL (https://id.example.com/realms/x)' }).optional(),
  LOONGATE_OIDC_AUDIENCE: z.string().optional(),
  LOONGATE_OIDC_USERNAME_CLAIM: z
    .string()
    .regex(/^[\w.:-]{1,100}$/, 'expected a claim name')
    .default('preferred_username'),
  LOONGATE_OIDC_APP: z.string().optional(),
  LOONGATE_OIDC_JWKS_URL: z.url({ protocol: /^https?$/, error: 'expected the URL of the key set' }).optional(),
  LOONGATE_OIDC_JWKS_CACHE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(600),
  LOONGATE_OIDC_JWKS_COOLDOWN_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
});

/** Single sign-on: tokens of an OpenID Connect provider, verified against its key set. */
export interface OidcConfig {
  issuer: string;
  audience: string;
  /** The claim holding the loongate username (preferred_username by default). */
  usernameClaim: string;
  /** The app SSO users act through (its workflows and flags apply). */
  appName: string;
  /** The key set; null: the jwks_uri of the issuer's discovery document. */
  jwksUrl: string | null;
  /** How long fetched keys are used before they are fetched again. */
  jwksCacheSeconds: number;
  /** The least time between two fetches caused by an unknown key id (a rotated key). */
  jwksCooldownSeconds: number;
}

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
  /** Redis that tells every server process of committed ticket events (docs/events.md); null: this process only. */
  redisUrl: string | null;
  /** Bench mode: count SQL statements in /metrics (loongate_sql_statements_total). */
  bench: boolean;
  /** How long a ticket-list total may be reused while this process commits nothing (0: only by concurrent identical lists). */
  listTotalTtlMs: number;
  /** How long the answer of a request sent with an Idempotency-Key is kept, in seconds. */
  idempotencyTtlSeconds: number;
  /** NODE_ENV=production: GraphQL errors give no "Did you mean" suggestions. */
  production: boolean;
  /** How far V8 may grow the heap past what its last full collection kept, in percent (0: V8's own choice). */
  heapGrowthPercent: number;
  /** Origins allowed to call /graphql and /api/v1.0 from a browser; empty: no CORS. */
  corsOrigins: OriginPattern[];
  /** How long a browser may cache a preflight answer, in seconds. */
  corsMaxAgeSeconds: number;
  /** The longest an app-minted per-user token may live (exp − now), in seconds. */
  tokenMaxLifetimeSeconds: number;
  /** Clock difference tolerated on exp, nbf and iat of per-user tokens, in seconds. */
  tokenClockSkewSeconds: number;
  /** Single sign-on; null when LOONGATE_OIDC_ISSUER is unset. */
  oidc: OidcConfig | null;
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

function originList(value: string | undefined): OriginPattern[] {
  try {
    return parseOriginList(value);
  } catch (err) {
    throw new Error(`LOONGATE_CORS_ORIGINS: ${(err as Error).message} (got "${value}")`);
  }
}

function oidcConfig(e: z.output<typeof envSchema>): OidcConfig | null {
  if (!e.LOONGATE_OIDC_ISSUER) {
    const stray = (['LOONGATE_OIDC_AUDIENCE', 'LOONGATE_OIDC_APP', 'LOONGATE_OIDC_JWKS_URL'] as const).find((k) => e[k]);
    if (stray) throw new Error(`${stray}: is set but LOONGATE_OIDC_ISSUER is not (single sign-on needs the issuer)`);
    return null;
  }
  if (!e.LOONGATE_OIDC_AUDIENCE) throw new Error('LOONGATE_OIDC_AUDIENCE: required with LOONGATE_OIDC_ISSUER (the client id tokens are issued for)');
  if (!e.LOONGATE_OIDC_APP) throw new Error('LOONGATE_OIDC_APP: required with LOONGATE_OIDC_ISSUER (the app SSO users act through)');
  return {
    issuer: e.LOONGATE_OIDC_ISSUER,
    audience: e.LOONGATE_OIDC_AUDIENCE,
    usernameClaim: e.LOONGATE_OIDC_USERNAME_CLAIM,
    appName: e.LOONGATE_OIDC_APP,
    jwksUrl: e.LOONGATE_OIDC_JWKS_URL ?? null,
    jwksCacheSeconds: e.LOONGATE_OIDC_JWKS_CACHE_SECONDS,
    jwksCooldownSeconds: e.LOONGATE_OIDC_JWKS_COOLDOWN_SECONDS,
  };
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
    hookAllow: e.LOONGATE_HOOK_ALLOW
      ? e.LOONGATE_HOOK_ALLOW.split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : null,
    scriptsDir: e.LOONGATE_SCRIPTS_DIR ? path.resolve(e.LOONGATE_SCRIPTS_DIR) : null,
    redisUrl: e.LOONGATE_REDIS_URL ?? null,
    bench: e.LOONGATE_BENCH === '1',
    listTotalTtlMs: e.LOONGATE_LIST_TOTAL_TTL_MS,
    idempotencyTtlSeconds: e.LOONGATE_IDEMPOTENCY_TTL,
    heapGrowthPercent: e.LOONGATE_HEAP_GROWTH_PERCENT,
    production: e.NODE_ENV === 'production',
    corsOrigins: originList(e.LOONGATE_CORS_ORIGINS),
    corsMaxAgeSeconds: e.LOONGATE_CORS_MAX_AGE,
    tokenMaxLifetimeSeconds: e.LOONGATE_TOKEN_MAX_LIFETIME,
    tokenClockSkewSeconds: e.LOONGATE_TOKEN_CLOCK_SKEW,
    oidc: oidcConfig(e),
  };
}
