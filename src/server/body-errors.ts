import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { ErrorCode } from '../domain/errors';

/** Answer unreadable /graphql bodies as a GraphQL error (never Express's HTML page with a stack trace). */
export function graphqlBodyErrors(logger: Logger) {
  return (err: Error & { type?: string; status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    const clientError = typeof err.status === 'number' && err.status >= 400 && err.status < 500;
    if (!clientError) logger.error({ err }, 'GraphQL request failed');
    const message = clientError ? `the request body could not be read: ${err.message}` : 'internal error';
    res.status(clientError ? err.status! : 500).json({ errors: [{ message, extensions: { code: clientError ? ErrorCode.BAD_INPUT : ErrorCode.INTERNAL } }] });
  };
}
