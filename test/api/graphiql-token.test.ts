import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_TOKEN, isLoopbackHost, mayPrefillDemoToken } from '../../src/server/graphiql-defaults';
import { DEMO_DEFINITIONS } from '../../src/config';
import { startTestApp, type TestApp } from '../support/app';

describe('GraphiQL prefills the demo token only on loopback with the bundled demo seed', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  const page = async (env: Record<string, string>) => {
    t = await startTestApp('sqlite', env);
    const res = await request(t.app).get('/graphql').set('Accept', 'text/html').expect(200);
    return res.text;
  };

  it('listening on 127.0.0.1 with the demo seed: the page carries the demo token', async () => {
    expect(await page({ HOST: '127.0.0.1' })).toContain(`Bearer ${DEMO_TOKEN}`);
  });

  it.each([
    ['all interfaces (0.0.0.0)', { HOST: '0.0.0.0' }],
    ['all IPv6 interfaces (::)', { HOST: '::' }],
    ['a public address', { HOST: '192.0.2.10' }],
    ['loopback without the demo seed', { HOST: '127.0.0.1', LOONGATE_SEED: 'none' }],
    ['loopback with another seed file', { HOST: '127.0.0.1', LOONGATE_SEED: 'test/fixtures/cases.yaml' }],
  ])('%s: the page shows placeholders, never the token', async (_name, env) => {
    const html = await page(env);
    expect(html).not.toContain(DEMO_TOKEN);
    expect(html).toContain('"Authorization":"Bearer \\u003capp token\\u003e"');
  });
});

describe('loopback hosts', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['10.0.0.1', false],
    ['example.com', false],
    ['127.example.com', false],
    ['', false],
  ])('%s → %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });

  it('the demo token needs both the loopback address and the bundled seed', () => {
    expect(mayPrefillDemoToken({ host: '127.0.0.1', seed: DEMO_DEFINITIONS })).toBe(true);
    expect(mayPrefillDemoToken({ host: '0.0.0.0', seed: DEMO_DEFINITIONS })).toBe(false);
    expect(mayPrefillDemoToken({ host: '127.0.0.1', seed: null })).toBe(false);
  });
});
