import { SignJWT } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { dialects } from '../support/db';
import { fingerprint } from '../support/snapshot';
import { startLocalProvider, type LocalProvider } from '../support/jwks-server';
import { bearer, CREATE_LEAVE, gqlWith, LEAVE_INPUT, MY_TODO } from '../support/tokens';

const AUDIENCE = 'loongate-spa';

describe.each(dialects())('single sign-on tokens verified against a local JWKS (%s)', (dialect) => {
  let t: TestApp;
  let idp: LocalProvider;

  beforeAll(async () => {
    idp = await startLocalProvider();
    t = await startTestApp(dialect, {
      LOONGATE_OIDC_ISSUER: idp.issuer,
      LOONGATE_OIDC_AUDIENCE: AUDIENCE,
      LOONGATE_OIDC_APP: 'ops',
      LOONGATE_OIDC_USERNAME_CLAIM: 'preferred_username',
      LOONGATE_OIDC_JWKS_COOLDOWN_SECONDS: '0',
      LOONGATE_TOKEN_CLOCK_SKEW: '30',
    });
  });
  afterAll(async () => {
    await t?.close();
    await idp?.close();
  });

  const claims = (username: string | undefined, extra: Record<string, unknown> = {}) => ({
    iss: idp.issuer,
    aud: AUDIENCE,
    sub: `id-${username}`,
    ...(username ? { preferred_username: username } : {}),
    ...extra,
  });

  async function refused(token: string, code: string, reason: RegExp) {
    const before = await fingerprint(t.orm);
    const gql = await gqlWith(t, bearer(token), CREATE_LEAVE, { input: LEAVE_INPUT });
    expect(gql.status).toBe(401);
    expect(gql.errors?.[0]?.extensions?.code, JSON.stringify(gql.errors)).toBe(code);
    expect(gql.errors?.[0]?.message).toMatch(reason);
    const rest = await request(t.app).get('/api/v1.0/tickets?category=duty').set(bearer(token));
    expect(rest.body).toMatchObject({ code: -1, data: [] });
    expect(rest.body.msg).toMatch(reason);
    expect(await fingerprint(t.orm)).toBe(before);
  }

  it('acts as the user of the username claim, through LOONGATE_OIDC_APP, and fetches the keys once', async () => {
    const token = await idp.sign(idp.published[0]!, claims('webb'));
    const created = await gqlWith(t, bearer(token), CREATE_LEAVE, { input: LEAVE_INPUT });
    expect(created.errors).toBeUndefined();
    const detail = await request(t.app).get(`/api/v1.0/tickets/${created.data.createTicket.id}`).set(bearer(token));
    expect(detail.body.data.value).toMatchObject({ creator: 'webb', sn: expect.stringMatching(/^ops_/) });
    const admin = await idp.sign(idp.published[0]!, claims('admin'));
    expect((await gqlWith(t, bearer(admin), MY_TODO)).data.tickets.items.map((i: { id: number }) => i.id)).toContain(created.data.createTicket.id);
    expect(idp.fetches).toBe(1);
  });

  it('refuses a token of another audience with TOKEN_WRONG_AUDIENCE', async () => {
    await refused(
      await idp.sign(idp.published[0]!, claims('webb', { aud: 'another-client' })),
      'TOKEN_WRONG_AUDIENCE',
      /another audience \("another-client"\)/,
    );
  });

  it('refuses an expired token with TOKEN_EXPIRED, and tolerates the clock skew', async () => {
    const now = Math.floor(Date.now() / 1000);
    await refused(await idp.sign(idp.published[0]!, claims('webb'), { now: now - 400, expiresIn: 300 }), 'TOKEN_EXPIRED', /the token expired/);
    const skewed = await idp.sign(idp.published[0]!, claims('webb'), { now: now - 310, expiresIn: 300 });
    expect((await gqlWith(t, bearer(skewed), MY_TODO)).errors).toBeUndefined();
  });

  it('refuses a token signed with a key the provider does not publish with TOKEN_BAD_SIGNATURE', async () => {
    const forged = { ...(await idp.newKey('k1')) };
    await refused(await idp.sign(forged, claims('admin')), 'TOKEN_BAD_SIGNATURE', /does not verify with the identity provider/);
    const unknownKid = await idp.newKey('k-unknown');
    await refused(await idp.sign(unknownKid, claims('admin')), 'TOKEN_BAD_SIGNATURE', /signed with a key the identity provider .* does not publish/);
  });

  it('refuses an HS256 token claiming the issuer (never verified with a public key as a secret)', async () => {
    const hs = await new SignJWT(claims('admin'))
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(JSON.stringify(idp.published[0]!.jwk)));
    await refused(hs, 'TOKEN_INVALID', /algorithm/);
  });

  it('refuses an unknown user with TOKEN_UNKNOWN_USER, and a token without the username claim with TOKEN_INVALID', async () => {
    await refused(await idp.sign(idp.published[0]!, claims('stranger')), 'TOKEN_UNKNOWN_USER', /"stranger", who does not exist/);
    await refused(await idp.sign(idp.published[0]!, claims(undefined)), 'TOKEN_INVALID', /no preferred_username claim/);
  });

  it('follows a key rotation: a token of the new key fetches the key set again, the retired key is refused', async () => {
    const old = idp.published[0]!;
    const oldToken = await idp.sign(old, claims('webb'));
    expect((await gqlWith(t, bearer(oldToken), MY_TODO)).errors).toBeUndefined();
    const fetchesBefore = idp.fetches;
    const next = await idp.newKey('k2');
    idp.published = [next];
    const token = await idp.sign(next, claims('webb'));
    expect((await gqlWith(t, bearer(token), MY_TODO)).errors).toBeUndefined();
    expect(idp.fetches).toBe(fetchesBefore + 1);
    expect((await gqlWith(t, bearer(token), MY_TODO)).errors).toBeUndefined();
    expect(idp.fetches).toBe(fetchesBefore + 1);
    await refused(oldToken, 'TOKEN_BAD_SIGNATURE', /does not publish/);
  });
});

describe('single sign-on key fetches are bounded by the cooldown', () => {
  let t: TestApp;
  let idp: LocalProvider;
  beforeAll(async () => {
    idp = await startLocalProvider();
    t = await startTestApp('sqlite', { LOONGATE_OIDC_ISSUER: idp.issuer, LOONGATE_OIDC_AUDIENCE: AUDIENCE, LOONGATE_OIDC_APP: 'ops' });
  });
  afterAll(async () => {
    await t?.close();
    await idp?.close();
  });

  it('tokens with key ids the provider never published do not fetch the key set again within the cooldown', async () => {
    const good = await idp.sign(idp.published[0]!, { iss: idp.issuer, aud: AUDIENCE, preferred_username: 'webb' });
    expect((await gqlWith(t, bearer(good), MY_TODO)).errors).toBeUndefined();
    expect(idp.fetches).toBe(1);
    for (const kid of ['x1', 'x2', 'x3']) {
      const forged = await idp.sign(await idp.newKey(kid), { iss: idp.issuer, aud: AUDIENCE, preferred_username: 'admin' });
      expect((await gqlWith(t, bearer(forged), MY_TODO)).errors?.[0]?.extensions?.code).toBe('TOKEN_BAD_SIGNATURE');
    }
    expect(idp.fetches).toBe(1);
  });
});
