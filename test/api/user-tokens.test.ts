import { SignJWT } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../../src/db/entities';
import { DEMO_TOKEN } from '../../src/server/graphiql-defaults';
import { mintUserToken } from '../../src/services/mint-token';
import { flushCatalogEdit, startTestApp, type TestApp } from '../support/app';
import { dialects } from '../support/db';
import { fingerprint } from '../support/snapshot';
import { bearer, CREATE_LEAVE, gqlWith, HANDLE, issueSigningSecret, LEAVE_INPUT, MY_TODO, opsToken } from '../support/tokens';

describe.each(dialects())('app-minted per-user tokens (%s)', (dialect) => {
  let t: TestApp;
  let secret: string;

  beforeAll(async () => {
    t = await startTestApp(dialect, { LOONGATE_TOKEN_MAX_LIFETIME: '600', LOONGATE_TOKEN_CLOCK_SKEW: '30' });
    secret = await issueSigningSecret(t);
  });
  afterAll(async () => t?.close());

  /** A refused token: HTTP 401, the code and the reason, on GraphQL and on REST, and nothing changes. */
  async function refused(token: string, code: string, reason: RegExp, headers: Record<string, string> = {}) {
    const before = await fingerprint(t.orm);
    const gql = await gqlWith(t, { ...bearer(token), ...headers }, CREATE_LEAVE, { input: LEAVE_INPUT });
    expect(gql.status).toBe(401);
    expect(gql.errors?.[0]?.extensions?.code, JSON.stringify(gql.errors)).toBe(code);
    expect(gql.errors?.[0]?.message).toMatch(reason);
    const rest = await request(t.app)
      .get('/api/v1.0/tickets?category=duty')
      .set({ ...bearer(token), ...headers });
    expect(rest.body).toMatchObject({ code: -1, data: [] });
    expect(rest.body.msg).toMatch(reason);
    const strict = await request(t.app)
      .get('/api/v1.0/tickets?category=duty&strict_status=1')
      .set({ ...bearer(token), ...headers });
    expect(strict.status).toBe(401);
    expect(await fingerprint(t.orm)).toBe(before);
  }

  it('names the user in its claims: webb opens a leave request, admin handles it, each through their own token', async () => {
    const webb = await opsToken(secret, 'webb');
    const created = await gqlWith(t, bearer(webb), CREATE_LEAVE, { input: LEAVE_INPUT });
    expect(created.errors).toBeUndefined();
    const id = created.data.createTicket.id;
    const admin = await opsToken(secret, 'admin');
    const todo = await gqlWith(t, bearer(admin), MY_TODO);
    expect(todo.data.tickets.items.map((i: { id: number }) => i.id)).toContain(id);
    expect((await gqlWith(t, bearer(webb), MY_TODO)).data.tickets.items.map((i: { id: number }) => i.id)).not.toContain(id);
    const handled = await gqlWith(t, bearer(admin), HANDLE, { input: { ticketId: id, transitionId: 2, suggestion: 'ok' } });
    expect(handled.errors).toBeUndefined();
    expect(handled.data.handleTicket.state.name).not.toBe(created.data.createTicket.state.name);
    const log = await request(t.app).get(`/api/v1.0/tickets/${id}/flowlogs`).set(bearer(admin)).expect(200);
    expect(log.body.code).toBe(0);
    expect(log.body.data.value.map((l: { participant: string }) => l.participant)).toEqual(['admin', 'webb']);
  });

  it('keeps every permission rule: webb may not handle a ticket waiting for admin', async () => {
    const webb = await opsToken(secret, 'webb');
    const id = (await gqlWith(t, bearer(webb), CREATE_LEAVE, { input: LEAVE_INPUT })).data.createTicket.id;
    const res = await gqlWith(t, bearer(webb), HANDLE, { input: { ticketId: id, transitionId: 2 } });
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_A_PARTICIPANT');
  });

  it('refuses an expired token (beyond the clock skew) with TOKEN_EXPIRED, and accepts one within the skew', async () => {
    const now = Math.floor(Date.now() / 1000);
    await refused(await opsToken(secret, 'webb', 60, now - 60 - 31), 'TOKEN_EXPIRED', /the token expired/);
    const withinSkew = await opsToken(secret, 'webb', 60, now - 60 - 20);
    expect((await gqlWith(t, bearer(withinSkew), MY_TODO)).errors).toBeUndefined();
  });

  it('refuses a token signed with another secret, or after the secret is rotated, with TOKEN_BAD_SIGNATURE', async () => {
    await refused(
      await opsToken('not-the-secret-of-ops-0123456789abcdef', 'webb'),
      'TOKEN_BAD_SIGNATURE',
      /does not verify with the signing secret of the app "ops"/,
    );
    const old = await opsToken(secret, 'webb');
    expect((await gqlWith(t, bearer(old), MY_TODO)).errors).toBeUndefined();
    secret = await issueSigningSecret(t);
    await refused(old, 'TOKEN_BAD_SIGNATURE', /does not verify/);
    expect((await gqlWith(t, bearer(await opsToken(secret, 'webb')), MY_TODO)).errors).toBeUndefined();
  });

  it('refuses a token naming an unknown, deleted or inactive user with TOKEN_UNKNOWN_USER', async () => {
    await refused(await opsToken(secret, 'nobody'), 'TOKEN_UNKNOWN_USER', /names the user "nobody", who does not exist/);
    const em = t.orm.em.fork();
    const ops2 = await em.findOneOrFail(User, { username: 'ops2' });
    ops2.isActive = false;
    await flushCatalogEdit(t, em);
    await refused(await opsToken(secret, 'ops2'), 'TOKEN_UNKNOWN_USER', /"ops2", who is inactive/);
  });

  it('refuses malformed tokens, missing claims, other algorithms and lifetimes over the maximum with TOKEN_INVALID', async () => {
    const key = new TextEncoder().encode(secret);
    const now = Math.floor(Date.now() / 1000);
    const header = Buffer.from('{"alg":"HS256"}').toString('base64url');
    await refused(`${header}.not-json.sig`, 'TOKEN_INVALID', /not a valid JWT/);
    const asAppToken = await gqlWith(t, bearer('a.b.c'), MY_TODO);
    expect(asAppToken.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringContaining('the bearer token is invalid') });
    await refused(
      await new SignJWT({ app: 'ops' })
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime(now + 60)
        .sign(key),
      'TOKEN_INVALID',
      /sub/,
    );
    await refused(await new SignJWT({ app: 'ops' }).setProtectedHeader({ alg: 'HS256' }).setSubject('webb').sign(key), 'TOKEN_INVALID', /exp/);
    await refused(
      await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('webb')
        .setExpirationTime(now + 60)
        .sign(key),
      'TOKEN_INVALID',
      /no app claim/,
    );
    await refused(await mintUserToken({ secret, app: 'nope', username: 'webb', lifetimeSeconds: 60 }), 'TOKEN_INVALID', /names no app \("nope"\)/);
    await refused(
      await new SignJWT({ app: 'ops' })
        .setProtectedHeader({ alg: 'HS512' })
        .setSubject('webb')
        .setExpirationTime(now + 60)
        .sign(key),
      'TOKEN_INVALID',
      /algorithm/,
    );
    await refused(await opsToken(secret, 'webb', 3600), 'TOKEN_INVALID', /longer than LOONGATE_TOKEN_MAX_LIFETIME \(600 s\)/);
  });

  it('refuses a username header next to a per-user token: the token names the user', async () => {
    await refused(await opsToken(secret, 'webb'), 'TOKEN_INVALID', /send no username header/, { username: 'admin' });
  });

  it('refuses every token of an app whose secret was revoked, and of an app without a secret', async () => {
    const token = await opsToken(secret, 'webb');
    const revoke = await gqlWith(
      t,
      { Authorization: `Bearer ${DEMO_TOKEN}`, username: 'admin' },
      'mutation { revokeAppSigningSecret(id: 1) { hasSigningSecret } }',
    );
    expect(revoke.data.revokeAppSigningSecret.hasSigningSecret).toBe(false);
    await refused(token, 'TOKEN_INVALID', /the app "ops" has no signing secret/);
    const again = await gqlWith(t, { Authorization: `Bearer ${DEMO_TOKEN}`, username: 'admin' }, 'mutation { revokeAppSigningSecret(id: 1) { id } }');
    expect(again.errors?.[0]?.extensions?.code).toBe('BAD_INPUT');
    expect(again.errors?.[0]?.message).toContain('has no signing secret to revoke');
    secret = await issueSigningSecret(t);
  });

  it('the app token with a username header keeps working, on both faces', async () => {
    const res = await gqlWith(t, { Authorization: `Bearer ${DEMO_TOKEN}`, username: 'webb' }, MY_TODO);
    expect(res.errors).toBeUndefined();
    expect((await t.rest('get', '/tickets?category=duty', 'webb')).body.code).toBe(0);
  });
});
