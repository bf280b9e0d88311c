import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntry } from '../../src/db/entities';
import { mintDevToken } from '../../src/services/dev-token';
import { startTestApp, type TestApp } from '../support/app';
import { bearer, gqlWith, MY_TODO } from '../support/tokens';

describe('loongate token (development)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite', { LOONGATE_TOKEN_MAX_LIFETIME: '900' });
  });
  afterAll(async () => t?.close());

  it('gives the app a signing secret once and mints a token the server accepts for that user', async () => {
    const first = await mintDevToken(t.orm, t.config, { username: 'webb', appName: 'ops', env: {} });
    expect(first.issuedSecret).toBe(true);
    expect(first.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(900_000);
    const second = await mintDevToken(t.orm, t.config, { username: 'admin', appName: 'ops', lifetimeSeconds: 60, env: {} });
    expect(second.issuedSecret).toBe(false);
    const todo = await gqlWith(t, bearer(second.token), MY_TODO);
    expect(todo.errors).toBeUndefined();
    expect((await gqlWith(t, bearer(first.token), MY_TODO)).errors).toBeUndefined();
    expect(await t.orm.em.fork().count(AuditEntry, { action: 'rotateAppSigningSecret', actor: 'loongate token' })).toBe(1);
  });

  it('refuses production, a lifetime over the maximum, unknown users and apps, naming what was wrong', async () => {
    await expect(mintDevToken(t.orm, t.config, { username: 'webb', appName: 'ops', env: { NODE_ENV: 'production' } })).rejects.toThrow(/development only/);
    await expect(mintDevToken(t.orm, t.config, { username: 'webb', appName: 'ops', lifetimeSeconds: 901, env: {} })).rejects.toThrow(
      /longer than LOONGATE_TOKEN_MAX_LIFETIME \(900 s\)/,
    );
    await expect(mintDevToken(t.orm, t.config, { username: 'nobody', appName: 'ops', env: {} })).rejects.toThrow(/no active user named "nobody"/);
    await expect(mintDevToken(t.orm, t.config, { username: 'webb', appName: 'nope', env: {} })).rejects.toThrow(/no app named "nope"/);
  });
});
