import { AppError, ErrorCode } from '../errors';

/**
 * Why the engine refuses an action: finer than the error codes of the API, so that a caller (or the
 * explain view) can tell "not your turn" from "accept it first". Each reason maps to one error code.
 */
export enum RefusalReason {
  USERNAME_REQUIRED = 'USERNAME_REQUIRED',
  UNKNOWN_USER = 'UNKNOWN_USER',
  APP_NOT_ALLOWED = 'APP_NOT_ALLOWED',
  NOT_A_HANDLER = 'NOT_A_HANDLER',
  NO_ACTION_NEEDED = 'NO_ACTION_NEEDED',
  TICKET_CLOSED = 'TICKET_CLOSED',
  WAITING_FOR_OTHERS = 'WAITING_FOR_OTHERS',
  VERSION_STALE = 'VERSION_STALE',
  NEEDS_ACCEPT = 'NEEDS_ACCEPT',
  NOTHING_TO_ACCEPT = 'NOTHING_TO_ACCEPT',
  IN_ADD_NODE = 'IN_ADD_NODE',
  NOT_IN_ADD_NODE = 'NOT_IN_ADD_NODE',
  NOT_A_MANAGER = 'NOT_A_MANAGER',
  NOT_A_READER = 'NOT_A_READER',
  NOT_THE_CREATOR = 'NOT_THE_CREATOR',
  RETREAT_NOT_ALLOWED = 'RETREAT_NOT_ALLOWED',
  TRANSITION_NOT_AVAILABLE = 'TRANSITION_NOT_AVAILABLE',
  FIELDS_MISSING = 'FIELDS_MISSING',
  FIELD_INVALID = 'FIELD_INVALID',
  TARGET_INVALID = 'TARGET_INVALID',
  STATE_NOT_IN_WORKFLOW = 'STATE_NOT_IN_WORKFLOW',
  NO_END_STATE = 'NO_END_STATE',
  NOT_AUTOMATED = 'NOT_AUTOMATED',
  NOT_WAITING_FOR_HOOK = 'NOT_WAITING_FOR_HOOK',
  NOTHING_TO_UPDATE = 'NOTHING_TO_UPDATE',
  PARENT_INVALID = 'PARENT_INVALID',
  NO_HANDLER = 'NO_HANDLER',
  CONDITION_FAILED = 'CONDITION_FAILED',
  LIMIT_EXCEEDED = 'LIMIT_EXCEEDED',
  INVALID_INPUT = 'INVALID_INPUT',
}

const CODE_OF: Record<RefusalReason, ErrorCode> = {
  USERNAME_REQUIRED: ErrorCode.BAD_INPUT,
  UNKNOWN_USER: ErrorCode.FORBIDDEN,
  APP_NOT_ALLOWED: ErrorCode.FORBIDDEN,
  NOT_A_HANDLER: ErrorCode.NOT_A_PARTICIPANT,
  NO_ACTION_NEEDED: ErrorCode.NOT_A_PARTICIPANT,
  TICKET_CLOSED: ErrorCode.NOT_A_PARTICIPANT,
  WAITING_FOR_OTHERS: ErrorCode.NOT_A_PARTICIPANT,
  VERSION_STALE: ErrorCode.STALE_TICKET,
  NEEDS_ACCEPT: ErrorCode.NEED_ACCEPT,
  NOTHING_TO_ACCEPT: ErrorCode.BAD_INPUT,
  IN_ADD_NODE: ErrorCode.IN_ADD_NODE,
  NOT_IN_ADD_NODE: ErrorCode.BAD_INPUT,
  NOT_A_MANAGER: ErrorCode.FORBIDDEN,
  NOT_A_READER: ErrorCode.FORBIDDEN,
  NOT_THE_CREATOR: ErrorCode.FORBIDDEN,
  RETREAT_NOT_ALLOWED: ErrorCode.FORBIDDEN,
  TRANSITION_NOT_AVAILABLE: ErrorCode.INVALID_TRANSITION,
  FIELDS_MISSING: ErrorCode.FIELD_REQUIRED,
  FIELD_INVALID: ErrorCode.FIELD_INVALID,
  TARGET_INVALID: ErrorCode.BAD_INPUT,
  STATE_NOT_IN_WORKFLOW: ErrorCode.BAD_INPUT,
  NO_END_STATE: ErrorCode.BAD_INPUT,
  NOT_AUTOMATED: ErrorCode.BAD_INPUT,
  NOT_WAITING_FOR_HOOK: ErrorCode.BAD_INPUT,
  NOTHING_TO_UPDATE: ErrorCode.BAD_INPUT,
  PARENT_INVALID: ErrorCode.BAD_INPUT,
  NO_HANDLER: ErrorCode.BAD_INPUT,
  CONDITION_FAILED: ErrorCode.BAD_INPUT,
  LIMIT_EXCEEDED: ErrorCode.LIMIT_EXCEEDED,
  INVALID_INPUT: ErrorCode.BAD_INPUT,
};

/** A refused action: the reason, the error code it answers with, a message and data (missing keys, handlers…). */
export class Refusal extends AppError {
  constructor(
    readonly reason: RefusalReason,
    message: string,
    detail: Record<string, unknown> = {},
  ) {
    super(CODE_OF[reason], message, { ...detail, reason });
    this.name = 'Refusal';
  }

  /** The refusal an AppError raised by a rule of the domain (field coercion, participants, conditions) stands for. */
  static from(err: AppError): Refusal {
    if (err instanceof Refusal) return err;
    const reason = err.code === ErrorCode.FIELD_INVALID ? RefusalReason.FIELD_INVALID : RefusalReason.INVALID_INPUT;
    return new Refusal(reason, err.message, err.detail);
  }
}

/** Refuse with a reason. */
export function refuse(reason: RefusalReason, message: string, detail: Record<string, unknown> = {}): never {
  throw new Refusal(reason, message, detail);
}

/** The ticket moved since the caller looked (an action's or an explain view's expected version). */
export function staleRefusal(expected: number, actual: number): Refusal {
  return new Refusal(RefusalReason.VERSION_STALE, `ticket changed meanwhile: expected version ${expected}, it is ${actual}; reload and retry`, {
    expected,
    actual,
  });
}
