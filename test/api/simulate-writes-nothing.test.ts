import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DEFINITIONS } from '../../src/config';
import { XCanCreateDocument, XSimulateCreateDocument, XSimulateTransitionDocument, XSimulateWorkflowDocument, XTicketActionsDocument } from '../generated';
import type { TestApp } from '../support/app';
import { newLeave, newMode, TO, startCasesApp, WF } from '../support/cases';
import { dialects } from '../support/db';

describe.each(dialects())('explain and simulation write nothing (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startCasesApp(dialect);
  });
  afterAll(async () => t?.close());

  /** The row count of every table of the database. */
  async function rowCounts(): Promise<Record<string, number>> {
    const conn = t.orm.em.getConnection();
    const tables: string[] =
      dialect === 'sqlite'
        ? (await conn.execute<{ name: string }[]>("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")).map(
            (r: { name: string }) => r.name,
          )
        : (await conn.execute<Record<string, string>[]>('show tables')).map((r: Record<string, string>) => Object.values(r)[0]);
    const out: Record<string, number> = {};
    for (const table of tables.sort()) out[table] = Number((await conn.execute<{ n: number }[]>(`select count(*) as n from \`${table}\``))[0].n);
    return out;
  }

  it('500 simulations and explain lists leave every table as it was', async () => {
    const leave = await newLeave(t);
    const vote = await newMode(t, TO.ALL);
    const definition = fs.readFileSync(DEMO_DEFINITIONS, 'utf8');
    const fields = { title: 'x', reason: 'r', days: 5, date_start: '2026-01-05 09:00:00', date_end: '2026-01-06 18:00:00' };
    const before = await rowCounts();
    expect(before.tickets).toBeGreaterThan(0);
    const calls = [
      (i: number) => t.gqlOk(XSimulateTransitionDocument, { ticketId: leave, transitionId: 2 + (i % 2), fields }, i % 3 ? 'admin' : 'webb'),
      (i: number) => t.gqlOk(XSimulateTransitionDocument, { ticketId: vote, transitionId: 142 + (i % 2) }, i % 2 ? 'webb' : 'lilian'),
      (i: number) => t.gqlOk(XSimulateCreateDocument, { workflowId: [1, WF.MODES, WF.REQUIRED][i % 3], transitionId: [1, TO.TIMER, 100][i % 3], fields }),
      () => t.gqlOk(XSimulateWorkflowDocument, { workflowId: 1, path: [1, 2, 4], fields }, 'webb'),
      (i: number) => t.gqlOk(XTicketActionsDocument, { id: i % 2 ? leave : vote }, 'admin'),
      () => t.gqlOk(XCanCreateDocument, { workflowId: WF.LIMIT_COUNT }, 'admin'),
    ];
    for (let i = 0; i < 500; i++) {
      if (i % 100 === 99)
        await t.gqlOk(XSimulateWorkflowDocument, { definition, workflowName: '请假流程', createAs: 'webb', path: [1, 2, 4], fields }, 'admin');
      else await calls[i % calls.length](i);
    }
    expect(await rowCounts()).toEqual(before);
  }, 300_000);
});
