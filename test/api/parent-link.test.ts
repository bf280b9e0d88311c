import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ticket } from '../../src/db/entities';
import { TCreateDocument } from '../generated';
import type { TestApp } from '../support/app';
import { createTicket, newLeave, restAs, signedHeaders, startCasesApp, WF } from '../support/cases';
import { dialects } from '../support/db';
import { print } from 'graphql';

const VPN_ONLY = { app: 'vpnonly', token: 'vpn-only-token' };
const vpnChild = (parent: Record<string, number>) => ({ workflow_id: 2, transition_id: 6, title: 'child', reason: 'r', ...parent });

describe.each(dialects())('a sub-ticket links only to a parent its creator may act on (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startCasesApp(dialect);
  });
  afterAll(async () => t?.close());

  const ticketCount = () => t.orm.em.fork().count(Ticket, {});

  it("an app not granted the parent's workflow is refused on both faces, and nothing is created", async () => {
    const leave = await newLeave(t);
    const before = await ticketCount();
    const rest = await restAs(
      t,
      'post',
      '/tickets',
      signedHeaders({ ...VPN_ONLY, username: 'admin' }),
      vpnChild({ parent_ticket_id: leave, parent_ticket_state_id: 2 }),
    );
    expect(rest.body).toMatchObject({ code: -1, msg: 'the app has no permission to the workflow_id' });

    const input = { workflowId: 2, transitionId: 6, title: 'child', parentTicketId: leave, parentTicketStateId: 2, fields: { reason: 'r' } };
    const gql = await request(t.app)
      .post('/graphql')
      .set({ Authorization: `Bearer ${VPN_ONLY.token}`, username: 'admin' })
      .send({ query: print(TCreateDocument), variables: { input } });
    expect(gql.body.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(await ticketCount()).toBe(before);
  });

  it('a user who may not read the parent (view check on, not related, not a manager) is refused', async () => {
    const parent = await createTicket(t, { workflow_id: WF.REQUIRED, transition_id: 100, title: 'private', reason: 'r', days: 1 }, 'webb');
    const before = await ticketCount();
    const refused = await t.rest('post', '/tickets', 'ops', vpnChild({ parent_ticket_id: parent, parent_ticket_state_id: 101 }));
    expect(refused.body).toMatchObject({ code: -1, msg: expect.stringContaining('user is not relation about this ticket') });
    expect(await ticketCount()).toBe(before);

    const handler = await createTicket(t, vpnChild({ parent_ticket_id: parent, parent_ticket_state_id: 101 }), 'david');
    expect(await t.orm.em.fork().findOneOrFail(Ticket, handler)).toMatchObject({ parentTicketId: parent, parentTicketStateId: 101 });
  });

  it("a linked state must belong to the parent's workflow, and needs a parent", async () => {
    const leave = await newLeave(t);
    const before = await ticketCount();
    const foreignState = await t.rest('post', '/tickets', 'admin', vpnChild({ parent_ticket_id: leave, parent_ticket_state_id: 6 }));
    expect(foreignState.body).toMatchObject({ code: -1, msg: "parent_ticket_state_id 6 is not a state of the parent ticket's workflow 1" });
    const orphan = await t.rest('post', '/tickets', 'admin', vpnChild({ parent_ticket_state_id: 2 }));
    expect(orphan.body).toMatchObject({ code: -1, msg: 'parent_ticket_state_id 2 is given without a parent_ticket_id' });
    const missing = await t.rest('post', '/tickets', 'admin', vpnChild({ parent_ticket_id: 999_999, parent_ticket_state_id: 2 }));
    expect(missing.body).toMatchObject({ code: -1 });
    expect(await ticketCount()).toBe(before);
  });
});
