import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { databaseRefusal } from '../db/errors';
import { AppError, ErrorCode } from '../domain/errors';

const CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));
/** Map a thrown error to the closed set of codes; unknown errors are logged and masked. */
export function toAppError(error: unknown): AppError | null {
  return error instanceof AppError ? error : databaseRefusal(error);
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
