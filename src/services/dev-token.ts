import type { MikroORM } from '@mikro-orm/core';
import type { Config } from '../config';
import { bumpCatalogRevision } from '../db/catalog';
import { App, AuditEntry, User } from '../db/entities';
import { mintUserToken, newSigningSecret } from './mint-token';

/** What `loongate token` mints. */
export interface DevTokenOptions {
  username: string;
  /** The app the token acts through (default: the demo app, ops). */
  appName: string;
  lifetimeSeconds?: number;
  /** The environment (NODE_ENV=production refuses). */
  env?: NodeJS.ProcessEnv;
}

/** What `loongate token` did. */
export interface DevToken {
  token: string;
  expiresAt: Date;
  /** True when the app had no signing secret and was given one. */
  issuedSecret: boolean;
}

/**
 * Mint a per-user token for development, signed with the app's secret as the app's backend would (the app is given a
 * secret first when it has none). Refused when NODE_ENV is production: there, backends mint tokens themselves.
 */
export async function mintDevToken(orm: MikroORM, config: Config, opts: DevTokenOptions): Promise<DevToken> {
  if ((opts.env ?? process.env).NODE_ENV === 'production')
    throw new Error("token is for development only (NODE_ENV is production): let the app's backend mint tokens");
  const lifetime = opts.lifetimeSeconds ?? Math.min(3600, config.tokenMaxLifetimeSeconds);
  if (lifetime > config.tokenMaxLifetimeSeconds) {
    throw new Error(`--lifetime ${lifetime} is longer than LOONGATE_TOKEN_MAX_LIFETIME (${config.tokenMaxLifetimeSeconds} s)`);
  }
  return orm.em.fork().transactional(async (em) => {
    const app = await em.findOne(App, { name: opts.appName, isDeleted: false });
    if (!app) throw new Error(`--app: no app named "${opts.appName}" (import definitions or start the server once to load the demo)`);
    const user = await em.findOne(User, { username: opts.username, isDeleted: false, isActive: true });
    if (!user) throw new Error(`no active user named "${opts.username}"`);
    const issuedSecret = !app.signingSecret;
    if (!app.signingSecret) {
      app.signingSecret = newSigningSecret();
      em.persist(
        em.create(AuditEntry, {
          actor: 'loongate token',
          appName: app.name,
          action: 'rotateAppSigningSecret',
          entityType: 'app',
          entityId: app.id,
          summary: `issued the signing secret of app "${app.name}" (id ${app.id}) for a development token`,
          before: null,
          after: null,
        }),
      );
      await em.flush();
      await bumpCatalogRevision(em);
    }
    const now = Math.floor(Date.now() / 1000);
    const token = await mintUserToken({ secret: app.signingSecret, app: app.name, username: user.username, lifetimeSeconds: lifetime, now });
    return { token, expiresAt: new Date((now + lifetime) * 1000), issuedSecret };
  });
}
