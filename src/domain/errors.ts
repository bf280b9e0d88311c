/** The closed set of error codes both faces answer with. */
export enum ErrorCode {
  BAD_INPUT = 'BAD_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  /** A per-user token past its exp (clock skew allowed). */
  TOKEN_EXPIRED = 'TOKEN_EXPIRED',
  /** A per-user token whose signature does not verify with the app's secret or the provider's keys. */
  TOKEN_BAD_SIGNATURE = 'TOKEN_BAD_SIGNATURE',
  /** A single sign-on token issued for another audience. */
  TOKEN_WRONG_AUDIENCE = 'TOKEN_WRONG_AUDIENCE',
  /** A per-user token naming a user loongate does not know (or who is inactive). */
  TOKEN_UNKNOWN_USER = 'TOKEN_UNKNOWN_USER',
  /** A per-user token that is malformed, lacks a claim, lives too long or names no app. */
  TOKEN_INVALID = 'TOKEN_INVALID',
  FORBIDDEN = 'FORBIDDEN',
  TICKET_NOT_FOUND = 'TICKET_NOT_FOUND',
  NOT_FOUND = 'NOT_FOUND',
  NOT_A_PARTICIPANT = 'NOT_A_PARTICIPANT',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  FIELD_REQUIRED = 'FIELD_REQUIRED',
  FIELD_INVALID = 'FIELD_INVALID',
  NEED_ACCEPT = 'NEED_ACCEPT',
  IN_ADD_NODE = 'IN_ADD_NODE',
  LIMIT_EXCEEDED = 'LIMIT_EXCEEDED',
  STALE_TICKET = 'STALE_TICKET',
  CONFLICT = 'CONFLICT',
  /** A create (or a reopening) the workflow's uniqueness rule refuses: another ticket is open for the same value. */
  TICKET_ALREADY_OPEN = 'TICKET_ALREADY_OPEN',
  /** An Idempotency-Key sent again with another request than the one it first came with. */
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  /** An Idempotency-Key whose first request is still running (and did not finish while this one waited). */
  IDEMPOTENCY_KEY_IN_USE = 'IDEMPOTENCY_KEY_IN_USE',
  INTERNAL = 'INTERNAL',
}

/** An expected failure: a code, a message a person can act on, and optional structured detail. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  /** A parameter or body value was wrong. */
  static badInput(message: string, detail: Record<string, unknown> = {}): AppError {
    return new AppError(ErrorCode.BAD_INPUT, message, detail);
  }

  /** The caller may not do this. */
  static forbidden(message: string): AppError {
    return new AppError(ErrorCode.FORBIDDEN, message);
  }

  /** The ticket does not exist, is deleted, or is outside the caller's workflows. */
  static ticketNotFound(): AppError {
    return new AppError(ErrorCode.TICKET_NOT_FOUND, 'ticket is not existed or has been deleted');
  }

  /** Some other row is missing. */
  static notFound(what: string): AppError {
    return new AppError(ErrorCode.NOT_FOUND, what);
  }
}
