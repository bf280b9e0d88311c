import { DeadlockException, LockWaitTimeoutException, OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import { AppError, ErrorCode } from '../domain/errors';

const CONFLICT_MESSAGE = 'the ticket is being changed by another request; reload and retry';
/** MySQL/MariaDB error numbers of a value the column cannot hold, and how to say it. */
const UNSTORABLE: Record<number, string> = {
  1406: 'too long',
  1366: 'not valid text',
  1292: 'out of range',
  1264: 'out of range',
  4025: 'not JSON the database accepts',
};

type DriverError = { errno?: number; message?: string; sqlMessage?: string };
const messageOf = (err: unknown) => String((err as DriverError)?.message ?? '');

/**
 * A transaction that lost a race for a lock: MariaDB chose it as a deadlock victim or it waited too long,
 * or SQLite found the database busy. Nothing was written; trying again is the answer.
 */
export function isLockRace(err: unknown): boolean {
  if (err instanceof DeadlockException || err instanceof LockWaitTimeoutException || err instanceof OptimisticLockError) return true;
  const errno = (err as DriverError)?.errno;
  return errno === 1213 || errno === 1205 || /SQLITE_BUSY/.test(messageOf(err));
}

/** MariaDB chose the transaction as a deadlock victim: it rolled back at once, and running it again is safe. */
export function isDeadlock(err: unknown): boolean {
  return err instanceof DeadlockException || (err as DriverError)?.errno === 1213;
}

function unstorable(err: DriverError): AppError | null {
  const why = err.errno === undefined ? undefined : UNSTORABLE[err.errno];
  if (!why) return null;
  const text = String(err.sqlMessage ?? '');
  const column = /column [`']?(?:\w+`\.`)*(\w+)/.exec(text)?.[1] ?? /CONSTRAINT `([\w.]+)`/.exec(text)?.[1] ?? 'a column';
  return AppError.badInput(`a value for ${column} cannot be stored: it is ${why}`, { column });
}

/** What a database error means to the caller (a conflict, a value that cannot be stored), or null when it is a fault. */
export function databaseRefusal(err: unknown): AppError | null {
  if (isLockRace(err)) return new AppError(ErrorCode.CONFLICT, CONFLICT_MESSAGE);
  if (err instanceof UniqueConstraintViolationException) return new AppError(ErrorCode.CONFLICT, 'a row with the same unique key already exists');
  if (messageOf(err).includes('\u0000') && /unrecognized token/.test(messageOf(err)))
    return AppError.badInput('text values must not contain the NUL character (U+0000)');
  return err && typeof err === 'object' ? unstorable(err as DriverError) : null;
}
