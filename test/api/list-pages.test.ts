import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ticket } from '../../src/db/entities';
import { MAX_PER_PAGE } from '../../src/domain/paging';
import { LARGE_PAGES_AT_ONCE, largePages } from '../../src/services/large-pages';
import { TTicketsDocument } from '../generated';
import type { TestApp } from '../support/app';
import { expectRestError, newLeave, startCasesApp } from '../support/cases';
import { dialects } from '../support/db';
import { listen, signedAs } from '../support/raw-http';

const EXTRA = 5;

describe.each(dialects())('list pages as loonflow callers ask for them (%s)', (dialect) => {
  let t: TestApp;
  let leave: number;
  beforeAll(async () => {
    t = await startCasesApp(dialect);
    leave = await newLeave(t);
    // MAX_PER_PAGE + EXTRA tickets of the VPN workflow, written in bulk (the list only reads the ticket rows).
    const em = t.orm.em.fork();
    const now = Date.now();
    for (let start = 0; start < MAX_PER_PAGE + EXTRA; start += 500) {
      const rows = Array.from({ length: Math.min(500, MAX_PER_PAGE + EXTRA - start) }, (_, k) => {
        const n = start + k;
        return {
          title: `bulk ${n}`,
          workflowId: 2,
          sn: `bulk_${String(n).padStart(6, '0')}`,
          stateId: 6,
          participantTypeId: 2,
          participant: 'ops,ops2',
          relation: 'admin,ops,ops2',
          creator: 'admin',
          createdAt: new Date(now - 60_000 - n * 1000),
          updatedAt: new Date(now - 60_000),
          addNodeStack: [],
          multiAllPerson: {},
        };
      });
      await em.insertMany(Ticket, rows);
    }
  });
  afterAll(async () => t?.close());

  const list = (query: string) => t.rest('get', `/tickets?category=all&workflow_ids=2&${query}`, 'admin');

  it(`serves ${MAX_PER_PAGE.toLocaleString('en')} rows in one page; a larger per_page is served at that size and echoed`, async () => {
    const full = await list(`per_page=${MAX_PER_PAGE}`);
    expect(full.body.code, full.text.slice(0, 300)).toBe(0);
    expect(full.body.data).toMatchObject({ page: 1, per_page: MAX_PER_PAGE, total: MAX_PER_PAGE + EXTRA });
    expect(full.body.data.value).toHaveLength(MAX_PER_PAGE);
    expect(new Set(full.body.data.value.map((r: { id: number }) => r.id)).size).toBe(MAX_PER_PAGE);
    const large = await list('per_page=999999');
    expect(large.body.data).toMatchObject({ page: 1, per_page: MAX_PER_PAGE, total: MAX_PER_PAGE + EXTRA });
    expect(large.body.data.value).toHaveLength(MAX_PER_PAGE);
    for (const asked of ['10001', '2147483647', '99999999999']) {
      const res = await list(`per_page=${asked}&sn=bulk_00000`);
      expect(res.body.data, asked).toMatchObject({ page: 1, per_page: MAX_PER_PAGE, total: 10 });
    }
    const rest = await list('per_page=999999&page=2');
    expect(rest.body.data).toMatchObject({ page: 2, per_page: MAX_PER_PAGE });
    expect(rest.body.data.value).toHaveLength(EXTRA);
    const gql = await t.gqlOk(TTicketsDocument, { category: 'ALL', filter: { workflowIds: [2] }, perPage: 999_999 });
    expect(gql.tickets).toMatchObject({ page: 1, perPage: MAX_PER_PAGE, total: MAX_PER_PAGE + EXTRA });
    expect(gql.tickets.items).toHaveLength(MAX_PER_PAGE);
  });

  it('a page of 0 or below answers the last page and echoes its number, on both faces', async () => {
    for (const page of ['0', '-1', '-99999999999']) {
      const res = await list(`per_page=3000&page=${page}`);
      expect(res.body.data, page).toMatchObject({ page: 4, per_page: 3000, total: MAX_PER_PAGE + EXTRA });
      expect(res.body.data.value, page).toHaveLength(MAX_PER_PAGE + EXTRA - 9000);
    }
    for (const page of [0, -1]) {
      const gql = await t.gqlOk(TTicketsDocument, { category: 'ALL', filter: { workflowIds: [2] }, perPage: 3000, page });
      expect(gql.tickets, String(page)).toMatchObject({ page: 4, perPage: 3000 });
      expect(gql.tickets.items).toHaveLength(MAX_PER_PAGE + EXTRA - 9000);
    }
    const logs = await t.rest('get', `/tickets/${leave}/flowlogs?per_page=1&page=0`, 'admin');
    expect(logs.body.data).toMatchObject({ page: 1, per_page: 1, total: 1 });
    const users = await t.rest('get', '/accounts/users?per_page=3&page=0', 'admin');
    expect(users.body.data.page).toBe(Math.ceil(users.body.data.total / 3));
    const workflows = await t.rest('get', '/workflows?per_page=1&page=-2', 'admin');
    expect(workflows.body.data.page).toBe(workflows.body.data.total);
  });

  it('large pages take turns that end once each answer is built: callers that stop reading hold none', async () => {
    const server = await listen(t.app);
    try {
      // These callers never read their answers (10,000 rows do not fit in the socket buffers), yet hold no turn.
      const stalled = await Promise.all(
        Array.from({ length: LARGE_PAGES_AT_ONCE + 1 }, () =>
          server.open({ method: 'GET', path: `/api/v1.0/tickets?category=all&workflow_ids=2&per_page=${MAX_PER_PAGE}`, headers: signedAs('admin') }),
        ),
      );
      const rest = Array.from({ length: 2 }, () => list('per_page=2000'));
      const gql = Array.from({ length: 2 }, () => t.gqlOk(TTicketsDocument, { category: 'ALL', filter: { workflowIds: [2] }, perPage: 2000 }));
      for (const r of await Promise.all(rest)) expect(r.body.data.value).toHaveLength(2000);
      for (const g of await Promise.all(gql)) expect(g.tickets.items).toHaveLength(2000);
      expect(largePages.highWater).toBeGreaterThanOrEqual(1);
      expect(largePages.highWater).toBeLessThanOrEqual(LARGE_PAGES_AT_ONCE);
      expect(largePages.waiting).toBe(0);
      for (const answer of await Promise.all(stalled.map((r) => r.read()))) expect(answer.body.data.value).toHaveLength(MAX_PER_PAGE);
      // Every turn was given back, refusals included: all of them are free at once.
      expectRestError(await list('per_page=5000&create_start=yesterday'), 'create_start');
      const turns = await Promise.all(Array.from({ length: LARGE_PAGES_AT_ONCE }, () => largePages.take()));
      for (const giveBack of turns) giveBack();
    } finally {
      await server.close();
    }
  });

  it('other lists take large pages the same way; a page size below 1 or not an integer is refused by name', async () => {
    const logs = await t.rest('get', `/tickets/${leave}/flowlogs?per_page=999999`, 'admin');
    expect(logs.body.data).toMatchObject({ page: 1, per_page: MAX_PER_PAGE, total: 1 });
    const users = await t.rest('get', '/accounts/users?per_page=10000', 'admin');
    expect(users.body.data).toMatchObject({ page: 1, per_page: MAX_PER_PAGE });
    expect(users.body.data.value).toHaveLength(users.body.data.total);
    expect((await t.rest('get', '/workflows?per_page=999999', 'admin')).body.data.per_page).toBe(MAX_PER_PAGE);
    for (const bad of ['0', '-5', '1.5', 'ten']) {
      expectRestError(await list(`per_page=${bad}`), 'per_page');
      expectRestError(await t.rest('get', `/tickets/${leave}/flowlogs?per_page=${bad}`, 'admin'), 'per_page');
    }
    expectRestError(await list('page=first'), 'page');
  });
});
