import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { AppError, ErrorCode } from '../domain/errors';

const CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));
const CONFLICT_MESSAGE = 'the ticket is being changed by another request; reload and retry';
const UNSTORABLE: Record<number, string> = { 1406: 'too long', 1366: 'not valid text', 1292: 'out of range', 1264: 'out of range', 4025: 'not JSON the database accepts' };

function unstorable(e: { errno?: number; sqlMessage?: string }): AppError | null {
  const why = e.errno === undefined ? undefined : UNSTORABLE[e.errno];
  if (!why) return null;
  const text = String(e.sqlMessage ?? '');
  const column = /column [`']?(?:\w+`\.`)*(\w+)/.exec(text)?.[1] ?? /CONSTRAINT `([\w.]+)`/.exec(text)?.[1] ?? 'a column';
  return AppError.badInput(`a value for ${column} cannot be stored: it is ${why}`, { column });
}

/** Map a thrown error to the closed set of codes; unknown errors are logged and masked. */
export function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  const e = error as { name?: string; code?: string | number; errno?: number; message?: string; sqlMessage?: string };
  if (e?.name === 'OptimisticLockError' || e?.name === 'DeadlockException' || e?.name === 'LockWaitTimeoutException' || e?.errno === 1213 || e?.errno === 1205) {
    return new AppError(ErrorCode.CONFLICT, CONFLICT_MESSAGE);
  }
  if (e?.name === 'UniqueConstraintViolationException') return new AppError(ErrorCode.CONFLICT, 'a row with the same unique key already exists');
  if (typeof e?.message === 'string' && /SQLITE_BUSY/.test(e.message)) return new AppError(ErrorCode.CONFLICT, CONFLICT_MESSAGE);
  if (typeof e?.message === 'string' && e.message.includes('\u0000') && /unrecognized token/.test(e.message)) {
    return AppError.badInput('text values must not contain the NUL character (U+0000)');
  }
  return e ? unstorable(e) : null;
}

/** Apollo's formatError: codes in extensions.code, nothing internal leaked. */
export function createFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const app = toAppError(original);
    if (app) return { message: app.message, path: formatted.path, locations: formatted.locations, extensions: { code: app.code, ...app.detail } };
    if (original instanceof GraphQLError && !(original.originalError && !(original.originalError instanceof GraphQLError))) {
      const given = formatted.extensions?.code;
      const code = typeof given === 'string' && CODES.has(given) ? given : ErrorCode.BAD_INPUT;
      return { ...formatted, extensions: { ...formatted.extensions, code } };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error in a GraphQL operation');
    return { message: 'internal error', path: formatted.path, locations: formatted.locations, extensions: { code: ErrorCode.INTERNAL } };
  };
}
