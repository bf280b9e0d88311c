import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TCreateDocument, TTicketsDocument } from '../generated';
import { startTestApp, type TestApp } from '../support/app';
import { dialects } from '../support/db';

describe.each(dialects())('no N+1 in the ticket list (%s)', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const creators = ['admin', 'webb', 'ops', 'hr', 'lilian', 'david', 'goods_1', 'goods_2', 'ops2', 'scm'];
    for (let i = 0; i < 60; i++) {
      const vpn = i % 2 === 0;
      await t.gqlOk(
        TCreateDocument,
        {
          input: vpn
            ? { workflowId: 2, transitionId: 6, title: `vpn ${i}`, fields: { reason: 'r' } }
            : {
                workflowId: 1,
                transitionId: 1,
                title: `leave ${i}`,
                fields: { reason: 'r', date_start: '2020-04-13 00:00:00', date_end: '2020-04-14 00:00:00' },
              },
        },
        creators[i % creators.length],
      );
    }
  });
  afterAll(async () => t?.close());

  async function statementsFor(perPage: number): Promise<number> {
    const before = t.queries.count;
    const page = await t.gqlOk(TTicketsDocument, { category: 'ALL', perPage });
    expect(page.tickets.items).toHaveLength(perPage);
    expect(page.tickets.items.every((i) => i.creatorInfo.alias && i.state.name && i.workflow.name && i.participantInfo.participantAlias !== undefined)).toBe(
      true,
    );
    return t.queries.count - before;
  }

  it('a page of 50 with creator, state, workflow and participant info costs no more statements than a page of 5', async () => {
    const small = await statementsFor(5);
    const large = await statementsFor(50);
    expect(large).toBeLessThanOrEqual(small);
    expect(large).toBeLessThan(20);
  });
});
