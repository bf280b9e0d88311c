import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { catalogOf } from '../db/catalog';
import { App, User } from '../db/entities';
import { AppError, ErrorCode } from '../domain/errors';

/** How far a signature timestamp may be from now. */
export const SIGNATURE_WINDOW_SECONDS = 120;

/** The caller and actor established from request headers. */
export interface Caller {
  app: App;
  username: string;
  user: User | null;
}

/** Read one header (lower-case name). */
export type HeaderReader = (name: string) => string | undefined;

function refuse(reason: string): AppError {
  return new AppError(ErrorCode.UNAUTHENTICATED, `permission check fail：${reason}`);
}

/** Constant-time equality of two strings of any length. */
export function safeEqual(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb) && a.length === b.length;
}

/** loonflow's signature: lowercase hex md5(timestamp + token). */
export function signature(timestamp: string, token: string): string {
  return crypto
    .createHash('md5')
    .update(timestamp + token)
    .digest('hex');
}

async function bySignature(em: EntityManager, header: HeaderReader, now: number): Promise<App> {
  const appname = header('appname');
  if (!appname) throw refuse('appname is not provide in request header');
  const found = await (await catalogOf(em)).cached(`app:${appname}`, (fresh) => fresh.findOne(App, { name: appname, isDeleted: false }));
  const app = found?.name === appname ? found : null;
  if (!app)
    throw refuse(`Appname:${appname} in request header is unauthorized, please contact administrator to add authorization for appname:${appname} in loonflow`);
  const timestamp = header('timestamp') ?? '';
  if (!/^\d{1,12}$/.test(timestamp)) throw refuse('timestamp is not provide in request header, or is not unix seconds');
  if (Math.abs(now - Number(timestamp)) > SIGNATURE_WINDOW_SECONDS)
    throw refuse('The signature you provide in request header is expire, please ensure in 120s');
  if (!safeEqual((header('signature') ?? '').toLowerCase(), signature(timestamp, app.token)))
    throw refuse('The signature you provide in request header is invalid');
  return app;
}

async function byBearer(em: EntityManager, token: string): Promise<App> {
  const apps = await (await catalogOf(em)).cached('apps', (fresh) => fresh.find(App, { isDeleted: false }));
  let found: App | undefined;
  for (const app of apps) if (safeEqual(token, app.token)) found = app;
  if (!found) throw refuse('the bearer token is invalid');
  return found;
}

/**
 * The live user of exactly this name, or null. The database compares names byte for byte (binary collation on
 * MariaDB), and so does this check: a look-alike (`ÀDMIN`, `Admin`) is never another user.
 */
async function userNamed(em: EntityManager, username: string): Promise<User | null> {
  if (!username) return null;
  const user = await (await catalogOf(em)).cached(`user:${username}`, (fresh) => fresh.findOne(User, { username, isDeleted: false }));
  return user?.username === username ? user : null;
}

/** Authenticate a request: Bearer app token, or loonflow signature headers; the actor comes from `username`, as the user row spells it. */
export async function authenticate(em: EntityManager, header: HeaderReader, now = Math.floor(Date.now() / 1000)): Promise<Caller> {
  const authorization = header('authorization');
  const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (authorization && !bearer) throw refuse('the Authorization header must be "Bearer <app token>"');
  const app = bearer ? await byBearer(em, bearer) : await bySignature(em, header, now);
  const sent = (header('username') ?? '').trim();
  const user = await userNamed(em, sent);
  return { app, username: user?.username ?? sent, user };
}
