import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TAcceptDocument,
  TAddNodeDocument,
  TCloseDocument,
  TCreateDocument,
  TDeleteDocument,
  TFinishAddNodeDocument,
  THandleDocument,
  TRetreatDocument,
  XCanCreateDocument,
  XTicketActionsDocument,
  XTicketActionsFieldDocument,
  XWorkflowCanCreateDocument,
  type XTicketActionsQuery,
} from '../generated';
import type { GqlResult, TestApp } from '../support/app';
import { createTicket, gqlAs, newLeave, newMode, restAs, signedHeaders, startCasesApp, TO, WF } from '../support/cases';
import { dialects } from '../support/db';
import { print } from 'graphql';

type Entry = XTicketActionsQuery['ticketActions'][number];

describe.each(dialects())('explained actions (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startCasesApp(dialect);
  });
  afterAll(async () => t?.close());

  /** The explain list over GraphQL and REST, which must agree. */
  async function actions(id: number, username: string, expectedVersion?: number): Promise<Entry[]> {
    const gql = await t.gqlOk(XTicketActionsDocument, { id, expectedVersion }, username);
    const res = await t.rest('get', `/tickets/${id}/actions${expectedVersion === undefined ? '' : `?expected_version=${expectedVersion}`}`, username);
    expect(res.body.code, JSON.stringify(res.body)).toBe(0);
    expect(res.body.data.value.map((a: any) => [a.kind, a.transition_id, a.name, a.available, a.reason, a.code, a.message, a.details])).toEqual(
      gql.ticketActions.map((a) => [a.kind, a.transitionId, a.name, a.available, a.reason, a.code, a.message, a.details]),
    );
    return gql.ticketActions;
  }

  function entry(list: Entry[], kind: string, transitionId: number | null = null): Entry {
    const found = list.find((a) => a.kind === kind && a.transitionId === transitionId);
    if (!found) throw new Error(`no ${kind} ${transitionId} in ${JSON.stringify(list)}`);
    return found;
  }

  /** The refused mutation answers the reason and code the explain list gave. */
  function refusedAlike(res: GqlResult<unknown>, explained: Entry): void {
    expect(res.errors?.length, JSON.stringify(res)).toBe(1);
    const ext = res.errors![0].extensions as Record<string, unknown>;
    expect([ext.reason, ext.code]).toEqual([explained.reason, explained.code]);
    expect(res.errors![0].message).toBe(explained.message);
  }

  const handle = (ticketId: number, transitionId: number, extra: Record<string, unknown> = {}) => ({ input: { ticketId, transitionId, ...extra } });

  it('lists every action of the state for the handler, available where the mutation would pass', async () => {
    const id = await newLeave(t);
    const list = await actions(id, 'admin');
    expect(list.map((a) => [a.kind, a.transitionId, a.available])).toEqual([
      ['handle', 2, true],
      ['handle', 3, true],
      ['accept', null, false],
      ['addNodeEnd', null, false],
      ['deliver', null, true],
      ['addNode', null, true],
      ['close', null, true],
      ['retreat', null, false],
      ['comment', null, true],
      ['changeState', null, true],
      ['delete', null, true],
    ]);
    expect(entry(list, 'handle', 2)).toMatchObject({ name: '同意', reason: null, message: null, details: null });
    expect(entry(list, 'retreat')).toMatchObject({ reason: 'RETREAT_NOT_ALLOWED', code: 'FORBIDDEN' });
    const field = await t.gqlOk(XTicketActionsFieldDocument, { id }, 'admin');
    expect(field.ticket.actions).toEqual(list);
  });

  it('NOT_A_HANDLER: on the list and on the refused handle', async () => {
    const id = await newLeave(t);
    const e = entry(await actions(id, 'webb'), 'handle', 2);
    expect(e).toMatchObject({ available: false, reason: 'NOT_A_HANDLER', code: 'NOT_A_PARTICIPANT' });
    refusedAlike(await t.gql(THandleDocument, handle(id, 2), 'webb'), e);
  });

  it('NEEDS_ACCEPT: on the list and on the refused handle; accept itself is available', async () => {
    const id = await newMode(t, TO.ACCEPT);
    const list = await actions(id, 'ops');
    const e = entry(list, 'handle', 140);
    expect(e).toMatchObject({ available: false, reason: 'NEEDS_ACCEPT', code: 'NEED_ACCEPT' });
    expect(entry(list, 'accept').available).toBe(true);
    refusedAlike(await t.gql(THandleDocument, handle(id, 140), 'ops'), e);
  });

  it('NOTHING_TO_ACCEPT and NOT_IN_ADD_NODE: on the list and on the refused actions', async () => {
    const id = await newLeave(t);
    const list = await actions(id, 'admin');
    const accept = entry(list, 'accept');
    const finish = entry(list, 'addNodeEnd');
    expect([accept.reason, finish.reason]).toEqual(['NOTHING_TO_ACCEPT', 'NOT_IN_ADD_NODE']);
    refusedAlike(await t.gql(TAcceptDocument, { input: { ticketId: id } }, 'admin'), accept);
    refusedAlike(await t.gql(TFinishAddNodeDocument, { input: { ticketId: id } }, 'admin'), finish);
  });

  it('IN_ADD_NODE: the added handler may only finish', async () => {
    const id = await newLeave(t);
    await t.gqlOk(TAddNodeDocument, { input: { ticketId: id, targetUsername: 'webb' } }, 'admin');
    const list = await actions(id, 'webb');
    const e = entry(list, 'handle', 2);
    expect(e).toMatchObject({ available: false, reason: 'IN_ADD_NODE', code: 'IN_ADD_NODE' });
    expect(entry(list, 'addNodeEnd').available).toBe(true);
    refusedAlike(await t.gql(THandleDocument, handle(id, 2), 'webb'), e);
  });

  it('WAITING_FOR_OTHERS: a countersign voter who voted waits, and the list says for whom', async () => {
    const id = await newMode(t, TO.ALL);
    await t.gqlOk(THandleDocument, handle(id, 142), 'webb');
    const e = entry(await actions(id, 'webb'), 'handle', 142);
    expect(e).toMatchObject({ available: false, reason: 'WAITING_FOR_OTHERS', code: 'NOT_A_PARTICIPANT', details: { pending: ['lilian'] } });
    expect(e.message).toContain('lilian');
    refusedAlike(await t.gql(THandleDocument, handle(id, 142), 'webb'), e);
    expect(entry(await actions(id, 'lilian'), 'handle', 142).available).toBe(true);
  });

  it('FIELDS_MISSING: the keys still missing from the stored values', async () => {
    const id = await createTicket(t, { workflow_id: WF.REQUIRED, transition_id: 103, title: 'draft' }, 'webb');
    const e = entry(await actions(id, 'webb'), 'handle', 100);
    expect(e).toMatchObject({ available: false, reason: 'FIELDS_MISSING', code: 'FIELD_REQUIRED', details: { missing: ['reason'] } });
    refusedAlike(await t.gql(THandleDocument, handle(id, 100), 'webb'), e);
  });

  it('CONDITION_FAILED: a condition that cannot be evaluated on the stored values', async () => {
    const id = await createTicket(t, { workflow_id: WF.REQUIRED, transition_id: 103, title: 'draft', reason: 'why' }, 'webb');
    const e = entry(await actions(id, 'webb'), 'handle', 100);
    expect(e).toMatchObject({ available: false, reason: 'CONDITION_FAILED', code: 'BAD_INPUT' });
    refusedAlike(await t.gql(THandleDocument, handle(id, 100), 'webb'), e);
  });

  it('NOT_A_MANAGER, NOT_THE_CREATOR and RETREAT_NOT_ALLOWED', async () => {
    const id = await newLeave(t, 'webb');
    const list = await actions(id, 'ops');
    const del = entry(list, 'delete');
    const retreat = entry(list, 'retreat');
    expect([del.reason, retreat.reason, entry(list, 'changeState').reason]).toEqual(['NOT_A_MANAGER', 'NOT_THE_CREATOR', 'NOT_A_MANAGER']);
    refusedAlike(await t.gql(TDeleteDocument, { input: { ticketId: id } }, 'ops'), del);
    refusedAlike(await t.gql(TRetreatDocument, { input: { ticketId: id } }, 'ops'), retreat);
    const own = entry(await actions(id, 'webb'), 'retreat');
    expect(own.reason).toBe('RETREAT_NOT_ALLOWED');
    refusedAlike(await t.gql(TRetreatDocument, { input: { ticketId: id } }, 'webb'), own);
  });

  it('TICKET_CLOSED: nothing is left to do on an ended ticket', async () => {
    const id = await newLeave(t);
    await t.gqlOk(TCloseDocument, { input: { ticketId: id } }, 'admin');
    const list = await actions(id, 'admin');
    expect(list.some((a) => a.kind === 'handle')).toBe(false);
    const accept = entry(list, 'accept');
    expect(accept).toMatchObject({ reason: 'TICKET_CLOSED', code: 'NOT_A_PARTICIPANT' });
    expect(entry(list, 'addNode').reason).toBe('TICKET_CLOSED');
    // A manager may still deliver as admin.
    expect(entry(list, 'deliver').available).toBe(true);
    refusedAlike(await t.gql(TAcceptDocument, { input: { ticketId: id } }, 'admin'), accept);
    const res = await t.gql(THandleDocument, handle(id, 2), 'admin');
    expect(res.errors?.[0].extensions).toMatchObject({ reason: 'TICKET_CLOSED' });
  });

  it('VERSION_STALE: every action is refused for a version the ticket no longer has', async () => {
    const id = await newLeave(t);
    const list = await actions(id, 'admin', 99);
    expect(new Set(list.map((a) => a.reason))).toEqual(new Set(['VERSION_STALE']));
    expect(entry(list, 'handle', 2)).toMatchObject({ code: 'STALE_TICKET', details: { expected: 99 } });
    refusedAlike(await t.gql(THandleDocument, handle(id, 2, { expectedVersion: 99 }), 'admin'), entry(list, 'handle', 2));
    const current = await t.gqlOk(XTicketActionsFieldDocument, { id }, 'admin');
    expect(entry(await actions(id, 'admin', current.ticket.version), 'handle', 2).available).toBe(true);
  });

  /** A refusal of the whole list or simulation, with the reason and code of the refused mutation. */
  function refusedBoth(listed: GqlResult<unknown>, acted: GqlResult<unknown>, reason: string, code: string): void {
    for (const res of [listed, acted]) expect(res.errors?.[0]?.extensions, JSON.stringify(res)).toMatchObject({ reason, code });
  }

  it('UNKNOWN_USER on the list; USERNAME_REQUIRED refuses the list itself, as the handle', async () => {
    const id = await newLeave(t);
    const unknown = entry(await actions(id, 'nobody'), 'handle', 2);
    expect(unknown).toMatchObject({ reason: 'UNKNOWN_USER', code: 'FORBIDDEN' });
    refusedAlike(await t.gql(THandleDocument, handle(id, 2), 'nobody'), unknown);
    const headers = { Authorization: 'Bearer 8cd585da-3cc6-11e8-9946-784f437daad6' };
    const anonymous = await gqlAs(t, print(XTicketActionsDocument), headers, { id });
    refusedBoth(anonymous, await gqlAs(t, print(THandleDocument), headers, handle(id, 2)), 'USERNAME_REQUIRED', 'BAD_INPUT');
  });

  it('APP_NOT_ALLOWED: a ticket and a workflow the app is not granted are refused outright, as their actions', async () => {
    const id = await createTicket(t, { workflow_id: WF.REQUIRED, transition_id: 103, title: 'draft' }, 'webb');
    const headers = { Authorization: 'Bearer vpn-only-token', username: 'webb' };
    const listed = await gqlAs(t, print(XTicketActionsDocument), headers, { id });
    refusedBoth(listed, await gqlAs(t, print(THandleDocument), headers, handle(id, 100)), 'APP_NOT_ALLOWED', 'FORBIDDEN');
    const rest = await restAs(t, 'get', `/tickets/${id}/actions`, signedHeaders({ app: 'vpnonly', token: 'vpn-only-token', username: 'webb' }));
    expect(rest.body).toMatchObject({ code: -1, msg: expect.stringContaining('no permission') });
    const create = await gqlAs(t, print(XCanCreateDocument), headers, { workflowId: WF.REQUIRED });
    const refused = await gqlAs(t, print(TCreateDocument), headers, { input: { workflowId: WF.REQUIRED, transitionId: 103, title: 'x' } });
    refusedBoth(create, refused, 'APP_NOT_ALLOWED', 'FORBIDDEN');
  });

  it('NOT_A_READER: who may not read the ticket gets no list, and may not act either', async () => {
    const id = await createTicket(t, { workflow_id: WF.REQUIRED, transition_id: 103, title: 'draft', reason: 'private' }, 'webb');
    const listed = await t.gql(XTicketActionsDocument, { id }, 'scm');
    expect(listed.errors?.[0]?.extensions).toMatchObject({ reason: 'NOT_A_READER', code: 'FORBIDDEN' });
    expect(JSON.stringify(listed)).not.toContain('private');
    expect((await t.gql(THandleDocument, handle(id, 100), 'scm')).errors?.[0]?.extensions?.code).toBe('NOT_A_PARTICIPANT');
  });

  it('canCreate: LIMIT_EXCEEDED names the rule that refused; the creation is refused alike', async () => {
    const refused = await t.gqlOk(XWorkflowCanCreateDocument, { id: WF.LIMIT_PERSON }, 'admin');
    expect(refused.workflow.canCreate).toMatchObject({
      available: false,
      reason: 'LIMIT_EXCEEDED',
      code: 'LIMIT_EXCEEDED',
      details: { rule: 'allow_persons' },
    });
    const res = await t.gql(TCreateDocument, { input: { workflowId: WF.LIMIT_PERSON, transitionId: 110, title: 'x' } }, 'admin');
    expect(res.errors?.[0].extensions).toMatchObject({ reason: 'LIMIT_EXCEEDED', rule: 'allow_persons' });
    expect(res.errors?.[0].message).toBe(refused.workflow.canCreate.message);
    expect((await t.gqlOk(XCanCreateDocument, { workflowId: WF.LIMIT_PERSON }, 'webb')).canCreate).toEqual({
      available: true,
      reason: null,
      code: null,
      message: null,
      details: null,
    });
  });
});
