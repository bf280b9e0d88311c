import { getIntrospectionQuery } from 'graphql';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPHQL_LIMITS } from '../../src/server/armor';
import { startTestApp, type TestApp } from '../support/app';

const AUTH = { Authorization: 'Bearer 8cd585da-3cc6-11e8-9946-784f437daad6', username: 'admin' };

describe('GraphQL and body limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(async () => t?.close());

  const post = (query: string) => request(t.app).post('/graphql').set(AUTH).send({ query });

  it("answers GraphiQL's introspection query and refuses one nested deeper than the depth limit", async () => {
    expect((await post(getIntrospectionQuery())).body.data.__schema).toBeTruthy();
    const nest = (n: number) => `{ __type(name: "Ticket") { fields { ${'type { ofType { '.repeat(n)}name${' } }'.repeat(n)} } } }`;
    const res = await post(nest(GRAPHQL_LIMITS.depth));
    expect(res.body.errors.map((e: { message: string }) => e.message).join('\n')).toMatch(/depth/i);
  });

  it('refuses a query over the cost limit', async () => {
    const fields = Array.from({ length: 120 }, () => 'tickets(category: ALL) { items { id sn title state { id name } workflow { id name } } }').join(' ');
    const res = await post(`{ ${fields} }`);
    expect(res.body.errors?.[0].message).toMatch(/cost/i);
  });

  it('refuses too many aliases', async () => {
    const aliases = Array.from({ length: GRAPHQL_LIMITS.aliases + 1 }, (_, i) => `a${i}: me { username }`).join(' ');
    const res = await post(`{ ${aliases} }`);
    expect(res.body.errors?.[0].message).toMatch(/alias/i);
  });

  it('refuses too many tokens with HTTP 400 and BAD_INPUT, naming the limit', async () => {
    const res = await post(`{ ${'me { username } '.repeat(GRAPHQL_LIMITS.tokens)} }`);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(new RegExp(`more that ${GRAPHQL_LIMITS.tokens} tokens`)),
      extensions: { code: 'BAD_INPUT' },
    });
  });

  it('answers a syntax error with HTTP 400 and BAD_INPUT, naming where it is', async () => {
    for (const query of ['{ me { username }', 'mutation { closeTicket(input: {ticketId: 1}, : 1) { id } }', '{ me { "x" } }', '']) {
      const res = await post(query);
      expect(res.status, query).toBe(400);
      expect(res.body.errors?.[0], query).toMatchObject({ extensions: { code: 'BAD_INPUT' } });
      expect(res.body.errors[0].message, query).toMatch(/^(Syntax Error: |GraphQL operations must contain)/);
    }
  });

  it('answers the other limits with HTTP 400 too', async () => {
    const aliases = Array.from({ length: GRAPHQL_LIMITS.aliases + 1 }, (_, i) => `a${i}: me { username }`).join(' ');
    const directives = `{ me ${'@include(if: true) '.repeat(GRAPHQL_LIMITS.directives + 1)} { username } }`;
    for (const query of [`{ ${aliases} }`, directives]) {
      const res = await post(query);
      expect(res.status, query).toBe(400);
      expect(res.body.errors?.[0].extensions.code, query).toBe('BAD_INPUT');
    }
  });

  it('REST answers unreadable or oversized requests with a refusal naming the problem, never HTTP 500', async () => {
    const ids = Array.from({ length: 2000 }, (_, i) => i + 1).join(',');
    const cases = [
      t.rest('get', `/tickets/states?strict_status=1&ticket_ids=${ids}`),
      t.rest('get', '/tickets?strict_status=1&category=all&per_page=1%20union%20select'),
      t.rest('post', '/tickets?strict_status=1').set('content-type', 'application/json').send('{"workflow_id": 1,'),
      t.rest('post', '/tickets?strict_status=1', 'admin', JSON.parse(`${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`)),
      t.rest('patch', '/tickets/1?strict_status=1', 'admin', { transition_id: { $gt: 0 } }),
    ];
    for (const res of await Promise.all(cases)) {
      expect(res.status, res.text).toBeLessThan(500);
      expect(res.body.msg, res.text).not.toBe('internal error');
    }
  });

  it('refuses a body over 1 MB on both faces', async () => {
    const big = 'x'.repeat(1_100_000);
    const gql = await request(t.app).post('/graphql').set(AUTH).send({ query: `{ me { username } }`, variables: { big } });
    expect(gql.status).toBe(413);
    const rest = await t.rest('post', '/tickets', 'admin', { workflow_id: 1, transition_id: 1, title: big });
    expect(rest.body).toMatchObject({ code: -1 });
    expect(rest.body.msg).toMatch(/1 MB/);
  });
});
