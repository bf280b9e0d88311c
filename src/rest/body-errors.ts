import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { ErrorCode } from '../domain/errors';
import { fail, statusOf } from './envelope';

/**
 * Turn what fails before a REST route runs into loonflow envelopes (never an HTML error page): body-parser
 * failures, and a path whose percent-encoding does not decode (`/tickets/%zz`, a URIError from the router).
 */
export function restBodyErrors(logger: Logger, strictStatus: boolean) {
  return (err: Error & { type?: string; status?: number; expose?: boolean }, req: Request, res: Response, _next: NextFunction) => {
    const unreadable = !!err.expose && Number(err.status) >= 400 && Number(err.status) < 500;
    const known =
      err instanceof URIError
        ? `请求参数不合法:the path is not valid percent-encoding (${err.message})`
        : err.type === 'entity.parse.failed'
          ? `请求参数不合法:the body is not valid JSON (${err.message})`
          : err.type === 'entity.too.large'
            ? '请求参数不合法:the body is larger than 1 MB'
            : err.type === 'encoding.unsupported' || err.type === 'charset.unsupported'
              ? `请求参数不合法:${err.message}`
              : unreadable
                ? `请求参数不合法:the body could not be read (${err.message})`
                : null;
    if (!known) logger.error({ err }, 'REST request failed');
    const code = known ? ErrorCode.BAD_INPUT : ErrorCode.INTERNAL;
    const strict = strictStatus || req.query.strict_status === '1';
    res.status(strict ? (err.type === 'entity.too.large' ? 413 : statusOf(code)) : 200).json(fail(known ?? 'internal error', code));
  };
}
