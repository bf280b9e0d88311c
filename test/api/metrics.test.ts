import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TTicketsDocument } from '../generated';
import { startTestApp, type TestApp } from '../support/app';
import { dialects } from '../support/db';

describe.each(dialects())('GET /metrics (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t?.close());

  const scrape = async () => {
    const res = await request(t.app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    return res.text;
  };
  const sample = (text: string, name: string, labels = '') => {
    const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
    return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
  };

  it('counts requests per route and status, and GraphQL operations per name and outcome, with latency histograms', async () => {
    expect((await t.rest('get', '/tickets?category=all')).body.code).toBe(0);
    await t.gqlOk(TTicketsDocument, { category: 'ALL' });
    await t.gql(TTicketsDocument, { category: 'DUTY' }, '');
    const text = await scrape();
    expect(sample(text, 'loongate_http_requests_total', '{method="GET",route="/api/v1.0/tickets",status="200"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'loongate_graphql_operations_total', '{operation="TTickets",type="query",outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'loongate_graphql_operations_total', '{operation="TTickets",type="query",outcome="error"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'loongate_http_request_duration_seconds_count', '{method="GET",route="/api/v1.0/tickets"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'loongate_graphql_operation_duration_seconds_count', '{operation="TTickets",type="query"}')).toBeGreaterThanOrEqual(2);
  });

  it('reports the database pool, the outbox queue and the requests in flight (the scrape itself)', async () => {
    const text = await scrape();
    expect(sample(text, 'loongate_db_pool_connections', '{state="max"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'loongate_outbox_jobs', '{status="pending"}')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'loongate_http_requests_in_flight')).toBe(1);
  });
});
