import crypto from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDefinitions } from '../../src/db/definitions';
import { FlowLog, OutboxJob, Ticket, TicketUser, TicketValue } from '../../src/db/entities';
import { buildLoongateSchemaSync } from '../../src/graphql/schema';
import { ROUTES } from '../../src/rest/routes';
import * as op from '../generated';
import { startTestApp, type TestApp } from '../support/app';
import { dialects } from '../support/db';
import { gqlRowCalls, PEOPLE_ROUTES, restRowCalls, type TargetRows } from '../support/row-calls';
import { fingerprint } from '../support/snapshot';

const OTHER = { name: 'other', token: 'other-app-token-0123456789' };
/** The refusals that say the app may not reach the workflow (or, masked, that the ticket is not there). */
const ISOLATION =
  /has no permission to (?:the workflow_id|workflow \d+)|have no permission to create this workflow ticket|which "other" is not granted|ticket is not existed/;
/** What the foreign ticket, its workflow and its audit entries hold: none of it may appear in an answer to "other". */
const SECRETS = ['secret', 'private', '请假流程', 'audit-secret'];
/** The foreign rows: workflow 1 of the demo with its states, transitions and fields, the demo app granted it, and a job. */
const ROWS = (ticket: number, job = 1): TargetRows => ({ ticket, workflow: 1, state: 2, transition: 2, customField: 3, app: 1, job });

function signed(username: string) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return {
    appname: OTHER.name,
    timestamp,
    signature: crypto
      .createHash('md5')
      .update(timestamp + OTHER.token)
      .digest('hex'),
    username,
  };
}

describe.each(dialects())('an app never reaches a ticket of a workflow it is not granted (%s)', (dialect) => {
  let t: TestApp;
  let rows: TargetRows;

  /** The whole database, and the foreign ticket in detail. */
  async function state(): Promise<string> {
    const em = t.orm.em.fork();
    const ticket = rows.ticket;
    const detail = [
      await em.findOne(Ticket, ticket),
      await em.find(TicketValue, { ticketId: ticket }),
      await em.find(FlowLog, { ticketId: ticket }),
      await em.find(TicketUser, { ticketId: ticket }),
      await em.find(OutboxJob, { ticketId: ticket }),
    ];
    return `${await fingerprint(t.orm)}\n${JSON.stringify(detail)}`;
  }

  beforeAll(async () => {
    t = await startTestApp(dialect);
    await importDefinitions(t.orm, `apps:\n  - {name: ${OTHER.name}, token: ${OTHER.token}, workflows: [2], sn_prefix: other}\n`);
    const leave = {
      workflowId: 1,
      transitionId: 1,
      title: 'secret',
      fields: { reason: 'private', date_start: '2020-04-13 00:00:00', date_end: '2020-04-14 00:00:00' },
    };
    const ticket = (await t.gqlOk(op.TCreateDocument, { input: leave })).createTicket.id;
    const em = t.orm.em.fork();
    const job = em.create(OutboxJob, { kind: 'notice', ticketId: ticket, payload: { title: 'secret' }, status: 'failed', lastError: 'secret' });
    await em.flush();
    rows = ROWS(ticket, job.id);
    await t.gqlOk(op.AUpdateWorkflowDocument, { id: 1, input: { description: 'audit-secret' } });
  });
  afterAll(async () => t?.close());

  it('the REST walk covers every route of the table but the people routes and the one creating a workflow', () => {
    const walked = restRowCalls(ROUTES, ROWS(1)).map((c) => c.name);
    const skipped = ROUTES.map((r) => `${r.method.toUpperCase()} ${r.path}`).filter((n) => !walked.includes(n));
    expect(skipped.filter((n) => !PEOPLE_ROUTES.test(n.split(' ')[1]!))).toEqual(['POST /workflows']);
    expect(walked).toEqual(
      expect.arrayContaining(['PATCH /tickets/{id}', 'POST /tickets', 'GET /tickets', 'DELETE /workflows/{id}', 'POST /accounts/app_token/{id}/rotate']),
    );
  });

  it('every REST route refuses the foreign rows, or lists without them, and changes nothing', async () => {
    for (const call of restRowCalls(ROUTES, rows)) {
      const before = await state();
      const req = request(t.app)[call.method](call.url).set(signed('admin'));
      const res = call.body === undefined ? await req : await req.send(call.body);
      const text = JSON.stringify(res.body);
      if (call.collection) expect(res.body.code, `${call.name}: ${text}`).toBe(0);
      else expect(res.body, call.name).toMatchObject({ code: -1, msg: expect.stringMatching(ISOLATION) });
      for (const secret of SECRETS) expect(text, call.name).not.toContain(secret);
      expect(await state(), call.name).toBe(before);
    }
  }, 180_000);

  it('every GraphQL query and mutation naming a foreign ticket, workflow, state, transition, field or app refuses, or lists without it', async () => {
    const calls = gqlRowCalls(buildLoongateSchemaSync(), rows);
    const names = calls.map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'ticket',
        'ticketStates',
        'tickets',
        'ticketTransitions',
        'handleTicket',
        'deleteTicket',
        'hookCallback',
        'createTicket',
        'retryJob',
        'updateApp',
        'rotateAppToken',
      ]),
    );
    for (const call of calls) {
      const before = await state();
      const res = await request(t.app)
        .post('/graphql')
        .set({ Authorization: `Bearer ${OTHER.token}`, username: 'admin' })
        .send({ query: call.query });
      const text = JSON.stringify(res.body);
      if (call.collection) expect(res.body.errors, `${call.query}: ${text}`).toBeUndefined();
      else expect(res.body.errors?.[0]?.message, `${call.query}: ${text}`).toMatch(ISOLATION);
      for (const secret of SECRETS) expect(text, call.query).not.toContain(secret);
      expect(await state(), call.query).toBe(before);
    }
  }, 180_000);

  it('an import that names the foreign workflow, or grants it to an app, is refused and changes nothing', async () => {
    const documents = [
      'workflows:\n  - {id: 1, name: 请假流程, description: taken over}\n',
      'workflows:\n  - {name: 请假流程, description: taken over}\n',
      'apps:\n  - {name: grab, token: grab-token-0123456789, workflows: [1]}\n',
      'apps:\n  - {name: grab, token: grab-token-0123456789, workflows: all}\n',
      'apps:\n  - {id: 1, name: ops, token: grab-token-0123456789, workflows: [1, 2]}\n',
    ];
    for (const yaml of documents) {
      const before = await state();
      const res = await request(t.app)
        .post('/graphql')
        .set({ Authorization: `Bearer ${OTHER.token}`, username: 'admin' })
        .send({ query: 'mutation($yaml: String!) { importDefinitions(yaml: $yaml) }', variables: { yaml } });
      expect(res.body.errors?.[0]?.message, `${yaml}: ${JSON.stringify(res.body)}`).toMatch(ISOLATION);
      expect(await state(), yaml).toBe(before);
    }
  });

  it('an app still manages the apps and workflows within its own grants', async () => {
    const auth = { Authorization: `Bearer ${OTHER.token}`, username: 'admin' };
    const created = await request(t.app)
      .post('/graphql')
      .set(auth)
      .send({ query: 'mutation { createApp(input: { name: "helper", workflowIds: [2] }) { app { id workflowIds } } }' });
    expect(created.body.data.createApp.app.workflowIds).toEqual([2]);
    const id = created.body.data.createApp.app.id;
    const rotated = await request(t.app)
      .post('/graphql')
      .set(auth)
      .send({ query: `mutation { rotateAppToken(id: ${id}) { token } }` });
    expect(rotated.body.data.rotateAppToken.token).toEqual(expect.any(String));
    const workflow = await request(t.app).post('/graphql').set(auth).send({ query: 'mutation { createWorkflow(input: { name: "other-flow" }) { id } }' });
    const granted = await request(t.app)
      .post('/graphql')
      .set(auth)
      .send({ query: `mutation { updateApp(id: ${id}, input: { workflowIds: [2, ${workflow.body.data.createWorkflow.id}] }) { workflowIds } }` });
    expect(granted.body.data.updateApp.workflowIds).toHaveLength(2);
  });
});
