import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLoongateSchemaSync } from '../../src/graphql/schema';
import { ROUTES } from '../../src/rest/routes';
import { DEMO_TOKEN } from '../../src/server/graphiql-defaults';
import type { TestApp } from '../support/app';
import { createTicket, startCasesApp, WF } from '../support/cases';
import { dialects } from '../support/db';
import { gqlRowCalls, restRowCalls, type TargetRows } from '../support/row-calls';
import { fingerprint } from '../support/snapshot';

/** A plain user who neither handles, manages, created nor ever touched the ticket. */
const OUTSIDER = 'webb';
/** The refusals of semantics §3 (handle, admin, view, creator), strict mode. */
const NO_RIGHTS =
  /not c(?:u)?rrent participant, no permission|is not a current handler of this ticket|user has no permission to manage this ticket|not relation about this ticket|only the creator|does not allow retreat/;
const SECRETS = ['private reason', 'first approval'];

/** What §3.6 (strict mode) lets a user without rights do on each ticket route: everything else is refused. */
const ALLOWED: Record<string, 'empty list' | 'not a hook'> = {
  'GET /tickets/{id}/transitions': 'empty list',
  'POST /tickets/{id}/hook_call_back': 'not a hook',
};

describe.each(dialects())('a user without rights on a ticket (%s)', (dialect) => {
  let t: TestApp;
  let rows: TargetRows;
  const auth = { Authorization: `Bearer ${DEMO_TOKEN}`, username: OUTSIDER };

  beforeAll(async () => {
    t = await startCasesApp(dialect);
    const ticket = await createTicket(
      t,
      { workflow_id: WF.REQUIRED, transition_id: 100, title: 'rights', reason: 'private reason', days: 1, suggestion: 'first approval' },
      'hr',
    );
    rows = { ticket, workflow: WF.REQUIRED, state: 103, transition: 101, customField: 100, app: 1, job: 0 };
  });
  afterAll(async () => t?.close());

  it('is refused by every ticket route §3 guards, sees no transitions, and changes nothing', async () => {
    const calls = restRowCalls(
      ROUTES.filter((r) => r.path.startsWith('/tickets/{id}')),
      rows,
    );
    expect(calls.length).toBeGreaterThan(15);
    for (const call of calls) {
      const before = await fingerprint(t.orm);
      const req = request(t.app)[call.method](call.url).set(auth);
      const res = call.body === undefined ? await req : await req.send(call.body);
      const text = JSON.stringify(res.body);
      const expected = ALLOWED[call.name];
      if (expected === 'empty list') expect(res.body, call.name).toEqual({ code: 0, msg: '', data: { value: [] } });
      else if (expected === 'not a hook') expect(res.body.msg, call.name).toBe('工单当前处理人类型非hook，不执行回调操作');
      else expect(res.body, `${call.name}: ${text}`).toMatchObject({ code: -1, msg: expect.stringMatching(NO_RIGHTS) });
      for (const secret of SECRETS) expect(text, call.name).not.toContain(secret);
      expect(await fingerprint(t.orm), call.name).toBe(before);
    }
  });

  it('is refused by every GraphQL query and mutation naming the ticket', async () => {
    const calls = gqlRowCalls(buildLoongateSchemaSync(), rows).filter((c) => c.names.includes('ticket') && !c.collection);
    expect(calls.map((c) => c.name)).toEqual(expect.arrayContaining(['ticket', 'ticketTransitions', 'handleTicket', 'closeTicket', 'updateTicketFields']));
    for (const call of calls) {
      const before = await fingerprint(t.orm);
      const res = await request(t.app).post('/graphql').set(auth).send({ query: call.query });
      const text = JSON.stringify(res.body);
      if (call.name === 'ticketTransitions') expect(res.body, call.query).toEqual({ data: { ticketTransitions: [] } });
      else if (call.name === 'hookCallback') expect(res.body.errors?.[0]?.message, call.query).toBe('the ticket waits for no hook in its current state');
      else expect(res.body.errors?.[0]?.message, `${call.query}: ${text}`).toMatch(NO_RIGHTS);
      for (const secret of SECRETS) expect(text, call.query).not.toContain(secret);
      expect(await fingerprint(t.orm), call.query).toBe(before);
    }
  });

  it('lists the ticket (category all, §3.6) but reads none of its details through the list or the batch states', async () => {
    const details = 'id title values fieldList { fieldKey fieldValue } flowLogs { items { suggestion } } flowSteps { logs { suggestion } } jobs { id }';
    for (const query of [
      `{ tickets(category: ALL, filter: { ticketIds: [${rows.ticket}] }) { items { ${details} } } }`,
      `{ ticketStates(ids: [${rows.ticket}]) { ${details} } }`,
    ]) {
      const res = await request(t.app).post('/graphql').set(auth).send({ query });
      const text = JSON.stringify(res.body);
      for (const secret of SECRETS) expect(text, query).not.toContain(secret);
      expect(res.body.errors?.[0]?.message, query).toMatch(NO_RIGHTS);
    }
    const listed = await request(t.app)
      .post('/graphql')
      .set(auth)
      .send({ query: `{ tickets(category: ALL, filter: { ticketIds: [${rows.ticket}] }) { items { id title } } }` });
    expect(listed.body.data.tickets.items).toEqual([{ id: rows.ticket, title: 'rights' }]);
  });

  it('the handler, the creator and a superuser do read the details', async () => {
    for (const username of ['david', 'hr', 'admin']) {
      const res = await request(t.app)
        .post('/graphql')
        .set({ ...auth, username })
        .send({ query: `{ ticket(id: ${rows.ticket}) { values flowLogs { items { suggestion } } } }` });
      expect(res.body.data.ticket.values.reason, username).toBe('private reason');
    }
  });
});
