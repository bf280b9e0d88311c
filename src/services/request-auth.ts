import type { EntityManager } from '@mikro-orm/core';
import type { Config } from '../config';
import { AppError, ErrorCode } from '../domain/errors';
import { authenticate, type Caller, type HeaderReader } from './auth.service';
import { tokenRefusal } from './user-token-errors';
import { looksLikeJwt, verifyUserToken } from './user-token.service';

/**
 * Authenticate a request, either way: a per-user token (`Authorization: Bearer <JWT>`), whose claims name the user,
 * or an app credential (app token as Bearer, or loonflow's signature) with the user in the `username` header,
 * which browser-only apps refuse.
 */
export async function authenticateRequest(em: EntityManager, config: Config, header: HeaderReader, now = Math.floor(Date.now() / 1000)): Promise<Caller> {
  const bearer = header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const username = (header('username') ?? '').trim();
  if (bearer && looksLikeJwt(bearer)) {
    if (username) throw tokenRefusal(ErrorCode.TOKEN_INVALID, 'a per-user token names its user itself: send no username header with it');
    return verifyUserToken(em, config, bearer, now);
  }
  const caller = await authenticate(em, header, now);
  if (caller.app.browserOnly && username) {
    throw new AppError(
      ErrorCode.FORBIDDEN,
      `permission check fail：the app "${caller.app.name}" is browser-only: the username header is refused, users act through per-user tokens`,
    );
  }
  return caller;
}
