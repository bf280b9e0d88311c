import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDefinitions } from '../../src/db/definitions';
import { User } from '../../src/db/entities';
import { TAwaitingDepartedDocument, TCommentDocument, TCreateDocument, THandleDocument, TTransitionsDocument } from '../generated';
import type { TestApp } from '../support/app';
import { createTicket, expectGqlError, expectRestError, newLeave, startCasesApp, ticketRow } from '../support/cases';
import { dialects } from '../support/db';
import { fingerprint } from '../support/snapshot';

const refusal = (name: string) => `username: ${name} is not existed or has been deleted (only existing users act on tickets)`;

describe.each(dialects())('deleted and unknown users act on no ticket (%s)', (dialect) => {
  let t: TestApp;
  let ticketId: number;
  let transitionId: number;

  beforeAll(async () => {
    t = await startCasesApp(dialect);
    await importDefinitions(t.orm, 'users:\n  - {username: leaver, alias: 离职, dept: 1}\n');
    ticketId = await newLeave(t);
    const handler = (await ticketRow(t, ticketId)).participant;
    transitionId = (await t.gqlOk(TTransitionsDocument, { id: ticketId }, handler)).ticketTransitions[0]!.transitionId;
    const delivered = await t.rest('post', `/tickets/${ticketId}/deliver`, 'admin', { target_username: 'leaver', from_admin: 1 });
    expect(delivered.body, JSON.stringify(delivered.body)).toMatchObject({ code: 0 });
    expect(await ticketRow(t, ticketId)).toMatchObject({ participant: 'leaver' });
    expect((await t.gqlOk(TTransitionsDocument, { id: ticketId }, 'leaver')).ticketTransitions.length).toBeGreaterThan(0);
    const id = (await t.orm.em.fork().findOneOrFail(User, { username: 'leaver' })).id;
    const removed = await t.rest('delete', `/accounts/users/${id}`, 'admin');
    expect(removed.body, JSON.stringify(removed.body)).toMatchObject({ code: 0 });
  });
  afterAll(async () => t?.close());

  it('a soft-deleted handler is refused by every ticket action on both faces, naming the user, and nothing changes', async () => {
    const before = await fingerprint(t.orm);
    expectGqlError(await t.gql(THandleDocument, { input: { ticketId, transitionId, fields: {} } }, 'leaver'), 'FORBIDDEN', refusal('leaver'));
    expectGqlError(await t.gql(TCommentDocument, { input: { ticketId, suggestion: 'still here' } }, 'leaver'), 'FORBIDDEN', refusal('leaver'));
    const calls: [string, 'patch' | 'post', Record<string, unknown>][] = [
      [`/tickets/${ticketId}`, 'patch', { transition_id: transitionId }],
      [`/tickets/${ticketId}/accept`, 'post', {}],
      [`/tickets/${ticketId}/deliver`, 'post', { target_username: 'admin' }],
      [`/tickets/${ticketId}/add_node`, 'post', { target_username: 'admin' }],
      [`/tickets/${ticketId}/comments`, 'post', { suggestion: 'still here' }],
      [`/tickets/${ticketId}/close`, 'post', {}],
      [`/tickets/${ticketId}/retreat`, 'post', {}],
      [`/tickets/${ticketId}/fields`, 'patch', { title: 'renamed' }],
    ];
    for (const [path, method, body] of calls) {
      const res = await t.rest(method, `${path}?strict_status=1`, 'leaver', body);
      expect(res.status, path).toBe(403);
      expect(res.body, path).toMatchObject({ code: -1, msg: refusal('leaver') });
    }
    expect(await fingerprint(t.orm)).toBe(before);
    expect(await ticketRow(t, ticketId)).toMatchObject({ participant: 'leaver' });
  });

  it('a deleted or unknown user creates no ticket', async () => {
    const before = await fingerprint(t.orm);
    for (const name of ['leaver', 'ghost']) {
      expectRestError(await t.rest('post', '/tickets', name, { workflow_id: 2, transition_id: 6, title: 'vpn', reason: 'r' }), refusal(name));
      const gql = await t.gql(TCreateDocument, { input: { workflowId: 2, transitionId: 6, title: 'vpn', fields: { reason: 'r' } } }, name);
      expectGqlError(gql, 'FORBIDDEN', refusal(name));
    }
    expect(await fingerprint(t.orm)).toBe(before);
  });

  it('the tickets waiting for a deleted handler are listed for managers, and only for them', async () => {
    const listed = await t.gqlOk(TAwaitingDepartedDocument, {}, 'admin');
    expect(listed.ticketsAwaitingDepartedUsers).toEqual([{ ticket: { id: ticketId, participant: 'leaver' }, usernames: ['leaver'] }]);
    expect((await t.gqlOk(TAwaitingDepartedDocument, {}, 'webb')).ticketsAwaitingDepartedUsers).toEqual([]);
    expectGqlError(await t.gql(TAwaitingDepartedDocument, {}, 'leaver'), 'FORBIDDEN', 'leaver');
  });

  it('an existing user still acts, and a workflow admin can take the ticket back from the deleted handler', async () => {
    await createTicket(t, { workflow_id: 2, transition_id: 6, title: 'vpn', reason: 'r' }, 'webb');
    const back = await t.rest('post', `/tickets/${ticketId}/deliver`, 'admin', { target_username: 'admin', from_admin: 1 });
    expect(back.body, JSON.stringify(back.body)).toMatchObject({ code: 0 });
    expect(await ticketRow(t, ticketId)).toMatchObject({ participant: 'admin' });
    expect((await t.gqlOk(TAwaitingDepartedDocument, {}, 'admin')).ticketsAwaitingDepartedUsers).toEqual([]);
  });
});
