import { errors } from 'jose';
import { AppError, ErrorCode } from '../domain/errors';

/** A refused per-user token: the code says why, the message says what to do. */
export function tokenRefusal(code: ErrorCode, reason: string): AppError {
  return new AppError(code, `permission check fail：${reason}`);
}

/** Map what jose throws while verifying a token to one of the token codes. */
export function joseRefusal(err: unknown, source: string): AppError {
  if (err instanceof errors.JWTExpired) return tokenRefusal(ErrorCode.TOKEN_EXPIRED, `the token expired (exp ${err.payload.exp}); get a new one`);
  if (err instanceof errors.JWSSignatureVerificationFailed) {
    return tokenRefusal(ErrorCode.TOKEN_BAD_SIGNATURE, `the token's signature does not verify with ${source}`);
  }
  if (err instanceof errors.JWKSNoMatchingKey) {
    return tokenRefusal(ErrorCode.TOKEN_BAD_SIGNATURE, `the token is signed with a key ${source} does not publish`);
  }
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'aud')
      return tokenRefusal(ErrorCode.TOKEN_WRONG_AUDIENCE, `the token is issued for another audience (${JSON.stringify(err.payload.aud ?? null)})`);
    return tokenRefusal(ErrorCode.TOKEN_INVALID, `the token's ${err.claim} claim is refused: ${err.message}`);
  }
  if (err instanceof errors.JOSEAlgNotAllowed) return tokenRefusal(ErrorCode.TOKEN_INVALID, `the token's algorithm is not accepted: ${err.message}`);
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid || err instanceof errors.JWKSMultipleMatchingKeys) {
    return tokenRefusal(ErrorCode.UNAUTHENTICATED, `the keys of ${source} could not be used: ${err.message}`);
  }
  if (err instanceof errors.JOSEError) return tokenRefusal(ErrorCode.TOKEN_INVALID, `the token is not a valid JWT: ${err.message}`);
  if (err instanceof AppError) return err;
  return tokenRefusal(ErrorCode.UNAUTHENTICATED, `the keys of ${source} could not be fetched: ${(err as Error)?.message ?? err}`);
}
