import { ErrorCode } from '../domain/errors';

/** loonflow's response envelope. */
export interface Envelope {
  code: 0 | -1;
  msg: string;
  data: unknown;
}

/** A successful answer. */
export function ok(data: unknown, msg = ''): Envelope {
  return { code: 0, msg, data };
}

const AUTH_CODES: ReadonlySet<string> = new Set([
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.TOKEN_EXPIRED,
  ErrorCode.TOKEN_BAD_SIGNATURE,
  ErrorCode.TOKEN_WRONG_AUDIENCE,
  ErrorCode.TOKEN_UNKNOWN_USER,
  ErrorCode.TOKEN_INVALID,
]);

/** Whether the code refuses a request's credentials. */
export const isAuthFailure = (code: string): boolean => AUTH_CODES.has(code);

/** A failed answer (loonflow answers auth failures with a list, everything else with an object). */
export function fail(msg: string, code: string): Envelope {
  return { code: -1, msg, data: isAuthFailure(code) ? [] : {} };
}

const STATUS: Record<string, number> = {
  ...Object.fromEntries([...AUTH_CODES].map((code) => [code, 401])),
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_A_PARTICIPANT]: 403,
  [ErrorCode.TICKET_NOT_FOUND]: 404,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.STALE_TICKET]: 409,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.IDEMPOTENCY_KEY_IN_USE]: 409,
  [ErrorCode.TICKET_ALREADY_OPEN]: 409,
  [ErrorCode.IDEMPOTENCY_KEY_REUSED]: 422,
  [ErrorCode.INTERNAL]: 500,
};

/** The HTTP status of an error code in strict-status mode (everything else is a 400). */
export function statusOf(code: string): number {
  return STATUS[code] ?? 400;
}
