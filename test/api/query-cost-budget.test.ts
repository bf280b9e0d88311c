import { parse } from 'graphql';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/rest/routes';
import { buildLoongateSchemaSync } from '../../src/graphql/schema';
import { DEMO_TOKEN, EXAMPLE_QUERY } from '../../src/server/graphiql-defaults';
import { MAX_PER_PAGE } from '../../src/domain/paging';
import { QUERY_COST_BUDGET, queryCost } from '../../src/server/query-cost';
import { startTestApp, type TestApp } from '../support/app';

const AUTH = { Authorization: `Bearer ${DEMO_TOKEN}`, username: 'admin' };
/** The query: 15 aliases of a 1,000-ticket page, each ticket with 1,000 flow logs. */
const ATTACK = `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: tickets(category: ALL, perPage: 1000) { items { id title flowLogs(perPage: 1000) { items { id suggestion participant ticketData } } } }`).join(' ')} }`;

describe('GraphQL cost multiplies by page sizes, within a per-request budget', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(async () => t?.close());

  const post = (query: string, variables: Record<string, unknown> = {}) => request(t.app).post('/graphql').set(AUTH).send({ query, variables });

  it('refuses 15 aliases of tickets(perPage: 1000) with flowLogs(perPage: 1000) inside, with HTTP 400 naming the budget, before any SQL runs', async () => {
    const statements = t.queries.count;
    const started = Date.now();
    const res = await post(ATTACK);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_INPUT' },
      message: expect.stringMatching(/^the query costs [\d,]+, over the budget of 1,000,000 per request/),
    });
    expect(Number(/costs ([\d,]+)/.exec(res.body.errors[0].message)![1]!.replaceAll(',', ''))).toBeGreaterThan(15_000_000);
    const ran = t.queries.recent.slice(-(t.queries.count - statements));
    expect(
      ran.filter((sql) => /tickets|flow_logs/.test(sql)),
      ran.join('\n'),
    ).toEqual([]);
  });

  it('counts page sizes given as variables', async () => {
    const res = await post('query($n: Int!) { tickets(category: ALL, perPage: $n) { items { flowLogs(perPage: $n) { items { id } } } } }', { n: 1000 });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toMatch(/^the query costs 2,002,001, over the budget/);
    const small = await post('query($n: Int!) { tickets(category: ALL, perPage: $n) { items { flowLogs(perPage: $n) { items { id } } } } }', { n: 100 });
    expect(small.body.errors).toBeUndefined();
  });

  it("a page of 1,000 tickets with their details, and GraphiQL's example, stay within the budget and run", async () => {
    const page =
      '{ tickets(category: ALL, perPage: 1000) { total items { id sn title state { id name } workflow { id name } participantInfo { participant participantAlias } flowLogs { items { id suggestion } } } } }';
    const res = await post(page);
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    expect(queryCost(buildLoongateSchemaSync(), parse(page))).toBeLessThan(QUERY_COST_BUDGET / 4);
    expect(queryCost(buildLoongateSchemaSync(), parse(EXAMPLE_QUERY))).toBeLessThan(QUERY_COST_BUDGET / 50);
    expect((await post(EXAMPLE_QUERY)).body.errors).toBeUndefined();
  });

  it("every REST route's read at its largest page and 1,000 ids stays within the budget: both faces answer the same requests", async () => {
    const schema = buildLoongateSchemaSync();
    const ids = Array.from({ length: 1000 }, (_, i) => i + 1);
    const period = { workflowIds: ids, from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' };
    const largest = {
      perPage: MAX_PER_PAGE,
      page: 1,
      ids,
      id: 1,
      workflowId: 1,
      roleId: 1,
      category: 'ALL',
      ascending: false,
      withTicketData: true,
      ...period,
      after: 0,
      limit: 500,
    };
    const reads = ROUTES.filter((r) => r.method === 'get');
    expect(reads.length).toBeGreaterThanOrEqual(20);
    for (const route of reads) {
      const cost = queryCost(schema, route.document, largest);
      expect(cost, `${route.method.toUpperCase()} ${route.path}`).toBeLessThanOrEqual(QUERY_COST_BUDGET);
    }
  });

  it('stops costing a document whose fragments expand past 10,000 fields', () => {
    const frags = ['fragment F0 on Ticket { id title sn }'];
    for (let i = 1; i < 10; i++) frags.push(`fragment F${i} on Ticket { ...F${i - 1} ...F${i - 1} ...F${i - 1} }`);
    expect(() => queryCost(buildLoongateSchemaSync(), parse(`{ ticketStates(ids: [1]) { ...F9 } } ${frags.join(' ')}`))).toThrow(
      /maximum allowed number of nodes/,
    );
  });
});
