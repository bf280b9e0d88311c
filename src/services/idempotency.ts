import { createHash } from 'node:crypto';
import { type EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import stableStringify from 'safe-stable-stringify';
import { IdempotentAnswer } from '../db/entities';
import { isLockRace } from '../db/errors';
import { ownTransactionByRequest } from '../db/request-transaction';
import { AppError, ErrorCode } from '../domain/errors';
import { announceEvents } from '../events/signal';

/** The header a caller names its key in (both faces). */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** The header that marks an answer as the stored one of an earlier request. */
export const REPLAYED_HEADER = 'idempotent-replayed';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** The longest username a key row holds: that of the users table, so a longer one is no one's. */
const USERNAME_LENGTH = 100;

/** The answer of a keyed request, as sent: HTTP status and JSON body. */
export interface StoredAnswer {
  status: number;
  body: string;
}

/** Whose key it is and what request came with it. */
export interface KeyedRequest {
  appId: number;
  username: string;
  key: string;
  /** fingerprintOf the canonical request. */
  fingerprint: string;
}

/** A key this request holds: its transaction is open on the request's entity manager until one of these ends it. */
export interface KeyClaim {
  /** Store the answer and commit it together with the request's effects. */
  complete(answer: StoredAnswer): Promise<void>;
  /** Roll back the request's effects and free the key. */
  abandon(): Promise<void>;
}

/** Either the earlier request's answer, or the claim to run this one. */
export type KeyOutcome = { replay: StoredAnswer } | { claim: KeyClaim };

/** SHA-256 of a request in canonical JSON (object keys sorted), so a resent request matches whatever its key order. */
export function fingerprintOf(request: unknown): string {
  return createHash('sha256')
    .update(stableStringify(request) ?? '')
    .digest('hex');
}

/** The key as sent (in the header, or in the GraphQL argument `name`), checked: 1 to 255 visible ASCII characters. */
export function checkedKey(raw: string, name = 'Idempotency-Key'): string {
  if (!KEY_PATTERN.test(raw)) throw AppError.badInput(`${name}: expected 1 to 255 visible ASCII characters (no spaces)`, { parameter: name });
  return raw;
}

/**
 * Test-only: kill the process right after an answer is committed and before it is sent, so a process test can
 * show a retry gets the stored answer. Read only when NODE_ENV is `test`.
 */
const killAfterCommit = process.env.NODE_ENV === 'test' && process.env.LOONGATE_TEST_KILL_AFTER_ANSWER_COMMIT === '1';

/**
 * The claim's and the answer's statements, written out (the columns of IdempotentAnswer): building them with the
 * ORM's query builder costs more CPU than sending them, and every keyed request pays for both on top of its work.
 */
const INSERT_CLAIM =
  'insert into `idempotency_keys` (`app_id`, `username`, `idempotency_key`, `fingerprint`, `status`, `body`, `created_at`, `expires_at`) values (?, ?, ?, ?, 0, ?, ?, ?)';
const STORE_ANSWER = 'update `idempotency_keys` set `status` = ?, `body` = ? where `id` = ?';

function claimOn(em: EntityManager, id: number, release: () => void): KeyClaim {
  return {
    async complete(answer) {
      try {
        await em.getConnection().execute(STORE_ANSWER, [answer.status, answer.body, id], 'run', em.getTransactionContext());
        await em.commit();
      } catch (err) {
        if (em.isInTransaction()) await em.rollback();
        throw err;
      } finally {
        release();
      }
      // The ticket actions inside left their events for the outermost commit to announce: this one.
      announceEvents();
      if (killAfterCommit) process.kill(process.pid, 'SIGKILL');
    },
    abandon: () => em.rollback().finally(release),
  };
}

/** The requests of this process holding or waiting for each key, as the tail of their queue. */
const queues = new Map<string, Promise<void>>();

/**
 * Wait until the requests of this process that came earlier with the same key are done. Repeats inside one
 * process then wait here, not each holding a database connection blocked on the key; the database's unique key
 * still orders requests of different processes.
 */
async function turnFor(request: KeyedRequest): Promise<() => void> {
  const id = `${request.appId}\u0000${request.username}\u0000${request.key}`;
  const earlier = queues.get(id) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = earlier.then(() => mine);
  queues.set(id, tail);
  await earlier;
  return () => {
    release();
    if (queues.get(id) === tail) queues.delete(id);
  };
}

/** What a key already stored means for this request; null when the row is gone or expired (the key is free again). */
async function earlierAnswer(em: EntityManager, request: KeyedRequest): Promise<StoredAnswer | null> {
  const scope = { appId: request.appId, username: request.username, idempotencyKey: request.key };
  const row = await em.fork().findOne(IdempotentAnswer, scope);
  if (!row) return null;
  if (row.expiresAt.getTime() <= Date.now()) {
    await em.fork().nativeDelete(IdempotentAnswer, { id: row.id, expiresAt: row.expiresAt });
    return null;
  }
  if (row.fingerprint !== request.fingerprint) {
    throw new AppError(
      ErrorCode.IDEMPOTENCY_KEY_REUSED,
      `Idempotency-Key "${request.key}" was first sent with another request; a key names one request (use a new key for a new request)`,
    );
  }
  return { status: row.status, body: row.body };
}

const inUse = (key: string) =>
  new AppError(ErrorCode.IDEMPOTENCY_KEY_IN_USE, `Idempotency-Key "${key}": the first request with this key is still running; retry later`);

/**
 * Claim the key for this request, race-free across processes: the row goes in with a unique key inside the
 * request's transaction (begun here on `em`, the request's manager). A concurrent request with the same key
 * waits on that key until the first one commits (and then replays its answer) or rolls back (and then runs);
 * if the database gives up waiting, it is refused as IDEMPOTENCY_KEY_IN_USE.
 */
export async function claimKey(em: EntityManager, request: KeyedRequest, ttlSeconds: number): Promise<KeyOutcome> {
  if (request.username.length > USERNAME_LENGTH) {
    throw AppError.badInput(`username: at most ${USERNAME_LENGTH} characters (no user has a longer name)`, { parameter: 'username' });
  }
  const release = await turnFor(request);
  const deadline = Date.now() + BUSY_WAIT_MS;
  try {
    for (let attempt = 1; ; attempt++) {
      const id = await insertClaim(em, request, ttlSeconds);
      if (id === BUSY) {
        if (Date.now() >= deadline) throw inUse(request.key);
        await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
        continue;
      }
      if (id !== null) return { claim: claimOn(em, id, release) };
      const earlier = await earlierAnswer(em, request);
      if (earlier) {
        release();
        return { replay: earlier };
      }
      if (attempt >= 3) throw inUse(request.key);
    }
  } catch (err) {
    release();
    throw err;
  }
}

/** The database did not let the insert wait for the key. */
const BUSY = Symbol('busy');
/** How long a busy database is asked again before the key is answered as in use, and how often. */
const BUSY_WAIT_MS = 10_000;
const BUSY_RETRY_MS = 50;

/**
 * Begin the request's transaction and insert the key; null (and no transaction) when the key is taken, BUSY when
 * the database gave up waiting: SQLite written by another process refuses at once, MariaDB after its lock wait
 * timeout (longer than BUSY_WAIT_MS, so that one is not asked again).
 */
async function insertClaim(em: EntityManager, request: KeyedRequest, ttlSeconds: number): Promise<number | null | typeof BUSY> {
  await em.begin();
  try {
    const now = Date.now();
    // Dates as the ORM sends them: epoch milliseconds on SQLite, a Date the driver formats on MariaDB.
    const at = (ms: number) => em.getPlatform().processDateProperty(new Date(ms));
    const params = [request.appId, request.username, request.key, request.fingerprint, '', at(now), at(now + ttlSeconds * 1000)];
    const { insertId } = await em.getConnection().execute<{ insertId: number }>(INSERT_CLAIM, params, 'run', em.getTransactionContext());
    ownTransactionByRequest(em);
    return Number(insertId);
  } catch (raw) {
    await em.rollback();
    const err = em
      .getPlatform()
      .getExceptionConverter()
      .convertException(raw as Error);
    if (err instanceof UniqueConstraintViolationException) return null;
    if (isLockRace(err) || isLockRace(raw) || (raw as { code?: string })?.code === 'SQLITE_BUSY') return BUSY;
    throw err;
  }
}
