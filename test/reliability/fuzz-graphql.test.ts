import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildLoongateSchemaSync } from '../../src/graphql/schema';
import { DEMO_TOKEN } from '../../src/server/graphiql-defaults';
import type { TestApp } from '../support/app';
import { dialects } from '../support/db';
import { describeGql, gqlCaseArb, gqlProblems, mutationFields, sendGql } from './support/gql-cases';
import { leaks } from './support/oracle';
import { fingerprint, restoreTables } from '../support/snapshot';
import { fuzzOptions, loadWorld, startFuzzApp, Tally, type World } from './support/world';

const BUDGET = 640;
const schema = buildLoongateSchemaSync();
const MUTATIONS = mutationFields(schema).map((f) => [f.name, f] as const);

/** Requests below the GraphQL layer: unreadable bodies and wrong content types. */
const TRANSPORT: { name: string; contentType: string; body: string; encoding?: string }[] = [
  { name: 'invalid JSON', contentType: 'application/json', body: '{"query": ' },
  {
    name: 'a body over 1 MB',
    contentType: 'application/json',
    body: JSON.stringify({ query: `mutation { closeTicket(input: {ticketId: 1, suggestion: "${'x'.repeat(1_100_000)}"}) { id } }` }),
  },
  { name: 'a corrupt gzip body', contentType: 'application/json', body: '{"query": "{ me { username } }"}', encoding: 'gzip' },
  { name: 'a JSON array (batch)', contentType: 'application/json', body: '[{"query": "mutation { closeTicket(input: {ticketId: 1}) { id } }"}]' },
  { name: 'JSON null', contentType: 'application/json', body: 'null' },
  { name: 'no query', contentType: 'application/json', body: '{}' },
  { name: 'a number as query', contentType: 'application/json', body: '{"query": 5}' },
  {
    name: 'variables that are not an object',
    contentType: 'application/json',
    body: '{"query": "mutation($i: TicketActionInput!) { closeTicket(input: $i) { id } }", "variables": [1]}',
  },
  { name: 'text/plain', contentType: 'text/plain', body: 'mutation { closeTicket(input: {ticketId: 1}) { id } }' },
  {
    name: 'a form',
    contentType: 'application/x-www-form-urlencoded',
    body: 'query=mutation%20%7B%20closeTicket(input%3A%20%7BticketId%3A%201%7D)%20%7B%20id%20%7D%20%7D',
  },
];

describe.each(dialects())('hostile GraphQL input (%s)', (dialect) => {
  let t: TestApp;
  let world: World;
  const tally = new Tally();
  beforeAll(async () => {
    const env = process.env.NODE_ENV;
    process.env.NODE_ENV = 'development';
    try {
      t = await startFuzzApp(dialect);
    } finally {
      process.env.NODE_ENV = env;
    }
  }, 120_000);
  afterAll(async () => {
    tally.print(`GraphQL outcomes (${dialect})`);
    await t?.close();
  });
  beforeEach(async () => {
    await restoreTables(t.orm);
    world = await loadWorld(t);
  });

  it.each(MUTATIONS)(
    '%s answers a well-formed success or errors naming the input, and an error changes nothing',
    async (name, field) => {
      await fc.assert(
        fc.asyncProperty(gqlCaseArb(field, world), async (c) => {
          const before = await fingerprint(t.orm);
          const x = await sendGql(t, field, c);
          const problems = gqlProblems(x, field, world);
          tally.add(name, x.body?.errors?.length ? `${x.body.errors[0].extensions?.code}: ${String(x.body.errors[0].message).slice(0, 50)}` : 'success');
          if (x.body?.errors?.length) {
            const after = await fingerprint(t.orm);
            if (after !== before) problems.push(`the database changed on an error:\n    before ${before}\n    after  ${after}`);
          } else {
            await restoreTables(t.orm);
          }
          if (problems.length) throw new Error(`${describeGql(x)}\n  problems:\n  - ${problems.join('\n  - ')}`);
        }),
        fuzzOptions(dialect, BUDGET, MUTATIONS.length),
      );
    },
    120_000,
  );

  it('answers a malformed document with HTTP 400 and BAD_INPUT', async () => {
    const res = await request(t.app)
      .post('/graphql')
      .set({ Authorization: `Bearer ${DEMO_TOKEN}`, username: 'admin' })
      .send({ query: 'mutation { closeTicket(input: {ticketId: 1}, : 1) { id } }' })
      .ok(() => true);
    expect(res.body.errors[0]).toMatchObject({ message: expect.stringMatching(/^Syntax Error: /), extensions: { code: 'BAD_INPUT' } });
    expect(res.status).toBe(400);
  });

  describe.each(TRANSPORT)('transport: $name', ({ contentType, body, encoding }) => {
    it('is answered with a JSON GraphQL error, no HTML and no stack trace', async () => {
      let req = request(t.app)
        .post('/graphql')
        .set({ Authorization: `Bearer ${DEMO_TOKEN}`, username: 'admin', 'Content-Type': contentType });
      if (encoding) req = req.set('Content-Encoding', encoding);
      const res = await req.send(body).ok(() => true);
      expect(res.status).toBeLessThan(500);
      expect(res.headers['content-type']).toContain('application/json');
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_INPUT');
      expect(leaks(res.text, [body])).toEqual([]);
    });
  });
});
