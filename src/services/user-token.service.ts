import type { EntityManager } from '@mikro-orm/core';
import { decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import type { Config, OidcConfig } from '../config';
import { catalogOf } from '../db/catalog';
import { App, User } from '../db/entities';
import { ErrorCode } from '../domain/errors';
import { oidcKeys } from './oidc-keys';
import { joseRefusal, tokenRefusal } from './user-token-errors';

/** The caller a per-user token establishes. */
export interface TokenCaller {
  app: App;
  username: string;
  user: User;
}

/** Algorithms an identity provider may sign with (never HS*: its keys are public). */
const OIDC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** Whether a bearer credential is a JWT: three base64url parts, the first a header naming its algorithm (never an app token). */
export function looksLikeJwt(bearer: string): boolean {
  if (!/^[\w-]+\.[\w-]*\.[\w-]*$/.test(bearer)) return false;
  try {
    return typeof decodeProtectedHeader(bearer).alg === 'string';
  } catch {
    return false;
  }
}

async function appNamed(em: EntityManager, name: string): Promise<App | null> {
  return (await catalogOf(em)).cached(`app:${name}`, (fresh) => fresh.findOne(App, { name, isDeleted: false }));
}

async function userOf(em: EntityManager, username: string, source: string): Promise<User> {
  const user = await (await catalogOf(em)).cached(`user:${username}`, (fresh) => fresh.findOne(User, { username, isDeleted: false }));
  if (!user) throw tokenRefusal(ErrorCode.TOKEN_UNKNOWN_USER, `${source} names the user "${username}", who does not exist`);
  if (!user.isActive) throw tokenRefusal(ErrorCode.TOKEN_UNKNOWN_USER, `${source} names the user "${username}", who is inactive`);
  return user;
}

function unverifiedClaims(token: string): JWTPayload {
  try {
    return decodeJwt(token);
  } catch (err) {
    throw joseRefusal(err, 'any key');
  }
}

async function appMinted(em: EntityManager, config: Config, token: string, claims: JWTPayload, now: number): Promise<TokenCaller> {
  if (typeof claims.app !== 'string' || !claims.app) {
    throw tokenRefusal(ErrorCode.TOKEN_INVALID, 'the token has no app claim (app-minted tokens name their app) and is not from LOONGATE_OIDC_ISSUER');
  }
  const app = await appNamed(em, claims.app);
  if (!app) throw tokenRefusal(ErrorCode.TOKEN_INVALID, `the token's app claim names no app ("${claims.app}")`);
  if (!app.signingSecret) throw tokenRefusal(ErrorCode.TOKEN_INVALID, `the app "${app.name}" has no signing secret: issue one with rotateAppSigningSecret`);
  const source = `the signing secret of the app "${app.name}"`;
  const skew = config.tokenClockSkewSeconds;
  const { payload } = await jwtVerify(token, new TextEncoder().encode(app.signingSecret), {
    algorithms: ['HS256'],
    clockTolerance: skew,
    currentDate: new Date(now * 1000),
    requiredClaims: ['sub', 'exp'],
  }).catch((err: unknown) => {
    throw joseRefusal(err, source);
  });
  if (typeof payload.sub !== 'string' || !payload.sub.trim()) throw tokenRefusal(ErrorCode.TOKEN_INVALID, "the token's sub claim must name the user");
  const max = config.tokenMaxLifetimeSeconds;
  if (payload.exp! - now > max + skew) {
    throw tokenRefusal(ErrorCode.TOKEN_INVALID, `the token lives ${payload.exp! - now} s, longer than LOONGATE_TOKEN_MAX_LIFETIME (${max} s)`);
  }
  return { app, username: payload.sub, user: await userOf(em, payload.sub, 'the token') };
}

async function singleSignOn(em: EntityManager, config: Config, oidc: OidcConfig, token: string, now: number): Promise<TokenCaller> {
  const source = `the identity provider ${oidc.issuer}`;
  const keys = await oidcKeys(oidc);
  const { payload } = await jwtVerify(token, keys, {
    issuer: oidc.issuer,
    audience: oidc.audience,
    algorithms: OIDC_ALGORITHMS,
    clockTolerance: config.tokenClockSkewSeconds,
    currentDate: new Date(now * 1000),
    requiredClaims: ['exp'],
  }).catch((err: unknown) => {
    throw joseRefusal(err, source);
  });
  const username = payload[oidc.usernameClaim];
  if (typeof username !== 'string' || !username.trim()) {
    throw tokenRefusal(ErrorCode.TOKEN_INVALID, `the token has no ${oidc.usernameClaim} claim (LOONGATE_OIDC_USERNAME_CLAIM) naming the user`);
  }
  const app = await appNamed(em, oidc.appName);
  if (!app) throw tokenRefusal(ErrorCode.UNAUTHENTICATED, `LOONGATE_OIDC_APP names no app ("${oidc.appName}")`);
  return { app, username: username.trim(), user: await userOf(em, username.trim(), 'the token') };
}

/**
 * Verify a per-user token: one from LOONGATE_OIDC_ISSUER against the provider's keys, else one an app's backend
 * signed (HS256) with the app's signing secret. The user comes from the token's claims only.
 */
export async function verifyUserToken(em: EntityManager, config: Config, token: string, now = Math.floor(Date.now() / 1000)): Promise<TokenCaller> {
  const claims = unverifiedClaims(token);
  if (config.oidc && claims.iss === config.oidc.issuer) return singleSignOn(em, config, config.oidc, token, now);
  return appMinted(em, config, token, claims, now);
}
