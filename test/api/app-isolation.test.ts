import crypto from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDefinitions } from '../../src/db/definitions';
import { ROUTES } from '../../src/rest/routes';
import { TCreateDocument } from '../generated';
import { startTestApp, type TestApp } from '../support/app';
import { dialects } from '../support/db';

const OTHER = { name: 'other', token: 'other-app-token-0123456789' };

function signed(token: string, app: string, username: string) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return { appname: app, timestamp, signature: crypto.createHash('md5').update(timestamp + token).digest('hex'), username };
}

describe.each(dialects())('an app never reaches a ticket of a workflow it is not granted (%s)', (dialect) => {
  let t: TestApp;
  let foreignTicket: number;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    await importDefinitions(t.orm, `apps:\n  - {name: ${OTHER.name}, token: ${OTHER.token}, workflows: [2], sn_prefix: other}\n`);
    const leave = { workflowId: 1, transitionId: 1, title: 'secret', fields: { reason: 'private', date_start: '2020-04-13 00:00:00', date_end: '2020-04-14 00:00:00' } };
    foreignTicket = (await t.gqlOk(TCreateDocument, { input: leave })).createTicket.id;
  });
  afterAll(async () => t?.close());

  it('every REST route with the foreign ticket id answers code -1 and leaks nothing', async () => {
    const ticketRoutes = ROUTES.filter((r) => r.path.startsWith('/tickets/{id}'));
    expect(ticketRoutes.length).toBeGreaterThan(15);
    for (const route of ticketRoutes) {
      const path = `/api/v1.0${route.path.replace('{id}', String(foreignTicket))}`;
      const body = { transition_id: 2, target_username: 'webb', state_id: 3, suggestion: 'x', title: 'changed' };
      const res = await request(t.app)[route.method](path).set(signed(OTHER.token, OTHER.name, 'admin')).send(route.method === 'get' ? undefined : body);
      expect(res.body.code, `${route.method} ${route.path}`).toBe(-1);
      expect(JSON.stringify(res.body)).not.toContain('secret');
      expect(JSON.stringify(res.body)).not.toContain('private');
    }
  });

  it('lists, batch states and statistics leave the foreign ticket out', async () => {
    const h = signed(OTHER.token, OTHER.name, 'admin');
    const list = await request(t.app).get(`/api/v1.0/tickets?category=all&ticket_ids=${foreignTicket}`).set(h);
    expect(list.body).toMatchObject({ code: 0, data: { total: 0 } });
    const states = await request(t.app).get(`/api/v1.0/tickets/states?ticket_ids=${foreignTicket}`).set(h);
    expect(states.body).toMatchObject({ code: 0, data: {} });
    const workflow = await request(t.app).get('/api/v1.0/workflows/1').set(h);
    expect(workflow.body.code).toBe(-1);
  });

  it('every GraphQL query field and mutation refuses the foreign ticket', async () => {
    const auth = { Authorization: `Bearer ${OTHER.token}`, username: 'admin' };
    const id = foreignTicket;
    const queries = [
      `{ ticket(id: ${id}) { id title } }`,
      `{ ticketStates(ids: [${id}]) { id } }`,
      `{ tickets(category: ALL, filter: { ticketIds: [${id}] }) { total items { id } } }`,
      `{ workflow(id: 1) { id } }`,
      `mutation { handleTicket(input: { ticketId: ${id}, transitionId: 2 }) { id } }`,
      `mutation { acceptTicket(input: { ticketId: ${id} }) { id } }`,
      `mutation { deliverTicket(input: { ticketId: ${id}, targetUsername: "webb", fromAdmin: true }) { id } }`,
      `mutation { addNode(input: { ticketId: ${id}, targetUsername: "webb" }) { id } }`,
      `mutation { finishAddNode(input: { ticketId: ${id} }) { id } }`,
      `mutation { changeTicketState(input: { ticketId: ${id}, stateId: 3 }) { id } }`,
      `mutation { updateTicketFields(input: { ticketId: ${id}, fields: { title: "x" } }) { id } }`,
      `mutation { retryTicketScript(input: { ticketId: ${id} }) { id } }`,
      `mutation { addTicketComment(input: { ticketId: ${id}, suggestion: "hi" }) { id } }`,
      `mutation { closeTicket(input: { ticketId: ${id} }) { id } }`,
      `mutation { retreatTicket(input: { ticketId: ${id} }) { id } }`,
      `mutation { deleteTicket(input: { ticketId: ${id} }) { id } }`,
      `mutation { hookCallback(input: { ticketId: ${id}, result: true }) { id } }`,
    ];
    for (const query of queries) {
      const res = await request(t.app).post('/graphql').set(auth).send({ query });
      const body = JSON.stringify(res.body);
      expect(body, query).not.toContain('secret');
      if (query.includes('ticketStates') || query.includes('tickets(')) {
        expect(res.body.data, query).toBeTruthy();
        expect(body, query).not.toContain(`"id":${id}`);
      } else {
        expect(res.body.errors?.[0].extensions.code, query).toMatch(/FORBIDDEN|TICKET_NOT_FOUND/);
      }
    }
  });
});
