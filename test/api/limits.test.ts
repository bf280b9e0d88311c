import { getIntrospectionQuery } from 'graphql';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPHQL_LIMITS } from '../../src/server/armor';
import { startTestApp, type TestApp } from '../support/app';

const AUTH = { Authorization: 'Bearer 8cd585da-3cc6-11e8-9946-784f437daad6', username: 'admin' };

describe('GraphQL and body limits', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp('sqlite'); });
  afterAll(async () => t?.close());

  const post = (query: string) => request(t.app).post('/graphql').set(AUTH).send({ query });

  it('answers GraphiQL\'s introspection query and refuses one nested deeper than the depth limit', async () => {
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

  it('refuses too many tokens', async () => {
    const res = await post(`{ ${'me { username } '.repeat(GRAPHQL_LIMITS.tokens)} }`);
    expect(res.body.errors?.[0].message).toMatch(/token/i);
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
