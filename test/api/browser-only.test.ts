import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportDefinitions } from '../../src/db/definitions';
import { DEMO_TOKEN } from '../../src/server/graphiql-defaults';
import { signature } from '../../src/services/auth.service';
import { startTestApp, type TestApp } from '../support/app';
import { dialects } from '../support/db';
import { fingerprint } from '../support/snapshot';
import { bearer, CREATE_LEAVE, gqlWith, issueSigningSecret, LEAVE_INPUT, MY_TODO, opsToken } from '../support/tokens';

const ADMIN = { Authorization: `Bearer ${DEMO_TOKEN}`, username: 'admin' };
const REFUSAL = /the app "ops" is browser-only: the username header is refused, users act through per-user tokens/;

describe.each(dialects())('browser-only apps (%s)', (dialect) => {
  let t: TestApp;
  let secret: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    secret = await issueSigningSecret(t);
  });
  afterAll(async () => t?.close());

  function signed(username: string) {
    const ts = String(Math.floor(Date.now() / 1000));
    return { appname: 'ops', timestamp: ts, signature: signature(ts, DEMO_TOKEN), username };
  }

  it('once the flag is set, the app token and the signature with a username header are refused on both faces; tokens work', async () => {
    const set = await gqlWith(t, ADMIN, 'mutation { updateApp(id: 1, input: { browserOnly: true }) { browserOnly } }');
    expect(set.data.updateApp.browserOnly).toBe(true);
    const before = await fingerprint(t.orm);

    const gql = await gqlWith(t, { Authorization: `Bearer ${DEMO_TOKEN}`, username: 'webb' }, CREATE_LEAVE, { input: LEAVE_INPUT });
    expect(gql.status).toBe(403);
    expect(gql.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(gql.errors?.[0]?.message).toMatch(REFUSAL);
    const rest = await request(t.app)
      .post('/api/v1.0/tickets')
      .set(signed('webb'))
      .send({ workflow_id: 1, transition_id: 1, title: 'x', reason: 'r', date_start: '2026-12-01 09:00:00', date_end: '2026-12-02 09:00:00' });
    expect(rest.body).toMatchObject({ code: -1 });
    expect(rest.body.msg).toMatch(REFUSAL);
    expect(await fingerprint(t.orm)).toBe(before);

    const token = await opsToken(secret, 'webb');
    const created = await gqlWith(t, bearer(token), CREATE_LEAVE, { input: LEAVE_INPUT });
    expect(created.errors).toBeUndefined();
    expect((await gqlWith(t, bearer(await opsToken(secret, 'admin')), MY_TODO)).data.tickets.total).toBeGreaterThan(0);
  });

  it('the app token alone (no user) still answers what needs no user', async () => {
    const res = await gqlWith(t, { Authorization: `Bearer ${DEMO_TOKEN}` }, '{ workflows { id } }');
    expect(res.errors).toBeUndefined();
  });

  it('the flag is exported with the definitions, and REST sets it with browser_only', async () => {
    expect(await exportDefinitions(t.orm)).toMatch(/name: ops[\s\S]*browser_only: true/);
    const token = await opsToken(secret, 'admin');
    const list = await request(t.app).get('/api/v1.0/accounts/app_token').set(bearer(token));
    expect(list.body.data.value[0]).toMatchObject({ app_name: 'ops', browser_only: true });
    const off = await request(t.app).patch('/api/v1.0/accounts/app_token/1').set(bearer(token)).send({ browser_only: 0 });
    expect(off.body.code, JSON.stringify(off.body)).toBe(0);
    expect((await gqlWith(t, { Authorization: `Bearer ${DEMO_TOKEN}`, username: 'webb' }, MY_TODO)).errors).toBeUndefined();
    const bad = await request(t.app).patch('/api/v1.0/accounts/app_token/1').set(bearer(token)).send({ browser_only: 'yes' });
    expect(bad.body).toMatchObject({ code: -1, msg: expect.stringContaining('browser_only') });
  });

  it('REST issues and revokes signing secrets; the secret is in that answer only and never listed', async () => {
    const token = await opsToken(secret, 'admin');
    const issued = await request(t.app).post('/api/v1.0/accounts/app_token/1/signing_secret').set(bearer(token));
    expect(issued.body).toEqual({ code: 0, msg: '', data: { id: 1, signing_secret: expect.stringMatching(/^[\w-]{43}$/) } });
    secret = issued.body.data.signing_secret;
    const list = await request(t.app)
      .get('/api/v1.0/accounts/app_token')
      .set(bearer(await opsToken(secret, 'admin')));
    expect(JSON.stringify(list.body)).not.toContain(secret);
    const audit = await gqlWith(
      t,
      bearer(await opsToken(secret, 'admin')),
      '{ auditEntries(filter: { entityType: "app" }) { items { action summary after } } }',
    );
    expect(audit.data.auditEntries.items[0]).toMatchObject({ action: 'rotateAppSigningSecret', summary: 'rotated the signing secret of app "ops" (id 1)' });
    expect(JSON.stringify(audit.data)).not.toContain(secret);
    expect(
      (
        await request(t.app)
          .delete('/api/v1.0/accounts/app_token/1/signing_secret')
          .set(bearer(await opsToken(secret, 'admin')))
      ).body.code,
    ).toBe(0);
    expect(
      (
        await request(t.app)
          .get('/api/v1.0/workflows')
          .set(bearer(await opsToken(secret, 'admin')))
      ).body.msg,
    ).toContain('has no signing secret');
  });

  it('only superusers issue signing secrets', async () => {
    const res = await gqlWith(t, { Authorization: `Bearer ${DEMO_TOKEN}`, username: 'webb' }, 'mutation { rotateAppSigningSecret(id: 1) { signingSecret } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
