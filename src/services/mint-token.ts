import crypto from 'node:crypto';
import { SignJWT } from 'jose';

/** A new per-app signing secret: 32 random bytes, base64url. */
export const newSigningSecret = (): string => crypto.randomBytes(32).toString('base64url');

/** What an app-minted per-user token says. */
export interface MintOptions {
  /** The app's signing secret. */
  secret: string;
  /** The app's name (the `app` claim). */
  app: string;
  /** The acting user (the `sub` claim). */
  username: string;
  lifetimeSeconds: number;
  now?: number;
}

/** Sign a per-user token the way an app's backend does: HS256 with claims sub, app, iat and exp. */
export function mintUserToken(opts: MintOptions): Promise<string> {
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  return new SignJWT({ app: opts.app })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(opts.username)
    .setIssuedAt(now)
    .setExpirationTime(now + opts.lifetimeSeconds)
    .sign(new TextEncoder().encode(opts.secret));
}
