import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOKEN } from '../../src/server/graphiql-defaults';
import { startTestApp, type TestApp } from '../support/app';

const PAGE = 'http://127.0.0.1:6100';
const AUTH = { Authorization: `Bearer ${DEMO_TOKEN}`, username: 'admin' };

describe('CORS from LOONGATE_CORS_ORIGINS', () => {
  let t: TestApp;
  let off: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite', { LOONGATE_CORS_ORIGINS: `${PAGE},https://*.example.com`, LOONGATE_CORS_MAX_AGE: '900' });
    off = await startTestApp('sqlite');
  });
  afterAll(async () => {
    await t?.close();
    await off?.close();
  });

  const preflight = (app: TestApp, path: string, origin: string, headers = 'authorization,content-type') =>
    request(app.app).options(path).set({ Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': headers });

  it.each(['/graphql', '/api/v1.0/tickets', '/api/v1.0/tickets/1/accept'])('answers the preflight of an allowed origin on %s', async (path) => {
    const res = await preflight(t, path, PAGE, 'authorization,content-type,if-match,idempotency-key,appname,timestamp,signature,username').expect(204);
    expect(res.headers['access-control-allow-origin']).toBe(PAGE);
    expect(res.headers['access-control-allow-headers']).toBe(
      'authorization,content-type,idempotency-key,if-match,x-request-id,appname,timestamp,signature,username',
    );
    expect(res.headers['access-control-allow-methods']).toContain('PATCH');
    expect(res.headers['access-control-max-age']).toBe('900');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(res.headers.vary).toMatch(/Origin/);
  });

  it('gives an answer to an allowed origin the CORS headers, exposing etag and the request id', async () => {
    const res = await request(t.app)
      .post('/graphql')
      .set({ ...AUTH, Origin: 'https://app.example.com' })
      .send({ query: '{ workflows { id } }' })
      .expect(200);
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(res.headers['access-control-expose-headers']).toBe('etag,x-request-id');
    expect(res.body.data.workflows.length).toBeGreaterThan(0);
    const rest = await request(t.app)
      .get('/api/v1.0/workflows')
      .set({ ...AUTH, Origin: PAGE })
      .expect(200);
    expect(rest.headers['access-control-allow-origin']).toBe(PAGE);
  });

  it.each(['http://127.0.0.1:6101', 'https://example.com', 'https://app.example.com.evil.test', 'null'])('gives %s no CORS headers', async (origin) => {
    const pre = await preflight(t, '/graphql', origin);
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    expect(pre.headers['access-control-allow-headers']).toBeUndefined();
    const res = await request(t.app)
      .post('/graphql')
      .set({ ...AUTH, Origin: origin })
      .send({ query: '{ workflows { id } }' });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('leaves health and metrics alone', async () => {
    const res = await request(t.app).get('/healthz').set('Origin', PAGE).expect(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('without an allow-list sends no CORS headers and answers no preflight', async () => {
    // An unsigned OPTIONS is refused like any unsigned request to /api/v1.0 (authentication comes before routing).
    const pre = await preflight(off, '/api/v1.0/tickets', PAGE);
    expect(pre.body).toMatchObject({ code: -1, msg: expect.stringMatching(/^permission check fail/) });
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    const res = await request(off.app)
      .post('/graphql')
      .set({ ...AUTH, Origin: PAGE })
      .send({ query: '{ workflows { id } }' })
      .expect(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
