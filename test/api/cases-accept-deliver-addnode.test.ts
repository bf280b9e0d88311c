import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workflow } from '../../src/db/entities';
import { TAcceptDocument, TAddNodeDocument, TDeliverDocument, TFinishAddNodeDocument } from '../generated';
import { flushCatalogEdit, type TestApp } from '../support/app';
import { createTicket, expectGqlError, expectRestError, flowLogs, newLeave, newMode, startCasesApp, ticketRow, ticketUsers, TO, WF } from '../support/cases';
import { dialects } from '../support/db';

describe.each(dialects())('§13 accept, deliver, add-node (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startCasesApp(dialect);
    const em = t.orm.em.fork();
    (await em.findOneOrFail(Workflow, { id: WF.REQUIRED })).creator = 'scm';
    await flushCatalogEdit(t, em);
  });
  afterAll(async () => t?.close());

  const post = (id: number, action: string, username: string, body?: Record<string, unknown>) => t.rest('post', `/tickets/${id}/${action}`, username, body);
  const lastLog = async (id: number) => (await flowLogs(t, id)).at(-1)!;

  it('case 56: a candidate accepts and becomes the only handler', async () => {
    const [a, b] = [await newMode(t, TO.ACCEPT, { assignee: 'hr' }), await newMode(t, TO.ACCEPT)];
    expect((await post(a, 'accept', 'ops')).body).toEqual({ code: 0, msg: '', data: {} });
    expect((await t.gqlOk(TAcceptDocument, { input: { ticketId: b } }, 'ops')).acceptTicket).toMatchObject({ participant: 'ops', participantTypeId: 1 });
    for (const id of [a, b]) {
      expect(await ticketRow(t, id)).toMatchObject({ participantTypeId: 1, participant: 'ops', stateId: 131 });
      expect(await lastLog(id)).toMatchObject({ interveneTypeId: 4, transitionId: 0, stateId: 131, participant: 'ops', suggestion: '接单处理' });
      expect(await ticketUsers(t, id)).toMatchObject({ ops: { inProcess: true }, ops2: { inProcess: false } });
    }
    const logs = await t.rest('get', `/tickets/${a}/flowlogs`, 'ops');
    expect(logs.body.data.value[0].transition).toEqual({ transition_id: 0, transition_name: '接单操作', attribute_type_id: 3 });
    expect((await t.rest('patch', `/tickets/${a}`, 'ops', { transition_id: 140 })).body.code).toBe(0);
    expect(await ticketRow(t, a)).toMatchObject({ stateId: 135, participant: 'hr' });
  });

  it('case 57: a single handler has nothing to accept', async () => {
    const id = await newLeave(t);
    expectRestError(await post(id, 'accept', 'admin'), 'participant is one people, do not accept ticket first');
    expectGqlError(
      await t.gql(TAcceptDocument, { input: { ticketId: id } }, 'admin'),
      'BAD_INPUT',
      'only one user handles this ticket: there is nothing to accept',
    );
  });

  it('case 58: a non-candidate cannot accept', async () => {
    const id = await newMode(t, TO.ACCEPT);
    expectRestError(await post(id, 'accept', 'webb'), 'not crrent participant, no permission');
    expectGqlError(await t.gql(TAcceptDocument, { input: { ticketId: id } }, 'webb'), 'NOT_A_PARTICIPANT', 'webb is not a current handler of this ticket');
    expect((await ticketRow(t, id)).participant).toBe('ops,ops2');
  });

  it('case 59: the handler delivers the ticket to another user', async () => {
    const [a, b] = [await newLeave(t), await newLeave(t)];
    expect((await post(a, 'deliver', 'admin', { target_username: 'webb', suggestion: 'pls' })).body).toEqual({ code: 0, msg: '', data: true });
    expect((await t.gqlOk(TDeliverDocument, { input: { ticketId: b, targetUsername: 'webb', suggestion: 'pls' } })).deliverTicket.participant).toBe('webb');
    for (const id of [a, b]) {
      expect(await ticketRow(t, id)).toMatchObject({ stateId: 2, participantTypeId: 1, participant: 'webb', relation: 'admin,webb' });
      expect(await lastLog(id)).toMatchObject({ interveneTypeId: 1, transitionId: 0, stateId: 2, participant: 'admin', suggestion: 'pls' });
      expect(await ticketUsers(t, id)).toMatchObject({ admin: { inProcess: false }, webb: { inProcess: true } });
    }
  });

  it('case 60: a non-handler cannot deliver without from_admin', async () => {
    const id = await newLeave(t);
    expectRestError(await post(id, 'deliver', 'webb', { target_username: 'webb' }), 'not current participant, no permission');
    expectGqlError(
      await t.gql(TDeliverDocument, { input: { ticketId: id, targetUsername: 'webb' } }, 'webb'),
      'NOT_A_PARTICIPANT',
      'webb is not a current handler of this ticket',
    );
    expect((await ticketRow(t, id)).participant).toBe('admin');
  });

  it('case 61: the workflow creator or a workflow admin delivers with from_admin', async () => {
    const body = { workflow_id: WF.REQUIRED, transition_id: 100, title: 'x', reason: 'r', days: 1 };
    const [a, b] = [await createTicket(t, body, 'hr'), await createTicket(t, body, 'hr')];
    expect((await post(a, 'deliver', 'scm', { target_username: 'lilian', from_admin: 1 })).body).toMatchObject({ code: 0, data: true });
    await t.gqlOk(TDeliverDocument, { input: { ticketId: b, targetUsername: 'lilian', fromAdmin: true } }, 'scm');
    for (const id of [a, b]) {
      expect((await ticketRow(t, id)).participant).toBe('lilian');
      expect(await lastLog(id)).toMatchObject({ interveneTypeId: 1, participant: 'scm' });
    }
    const modes = await newMode(t, TO.MULTI);
    expect((await post(modes, 'deliver', 'lilian', { target_username: 'hr', from_admin: 1 })).body.code).toBe(0);
    expect((await ticketRow(t, modes)).participant).toBe('hr');
  });

  it('case 62: a plain user with from_admin is refused', async () => {
    const id = await newLeave(t);
    expectRestError(await post(id, 'deliver', 'webb', { target_username: 'webb', from_admin: 1 }), 'user has no permission to manage this ticket');
    expectGqlError(
      await t.gql(TDeliverDocument, { input: { ticketId: id, targetUsername: 'webb', fromAdmin: true } }, 'webb'),
      'FORBIDDEN',
      'user has no permission to manage this ticket',
    );
  });

  it('case 63: an empty target or an extra key is refused; the target must be an active user (port)', async () => {
    const id = await newLeave(t);
    expectRestError(await post(id, 'deliver', 'admin', { target_username: '' }), '请求参数不合法:');
    expectRestError(await post(id, 'deliver', 'admin', { target_username: 'webb', foo: 1 }), '请求参数不合法:');
    expectRestError(await post(id, 'deliver', 'admin', {}), '请求参数不合法:');
    expectGqlError(await t.gql(TDeliverDocument, { input: { ticketId: id, targetUsername: '' } }), 'BAD_INPUT', 'targetUsername');
    expectRestError(await post(id, 'deliver', 'admin', { target_username: 'ghost' }), 'target_username "ghost" is not an existing active user');
    expectGqlError(await t.gql(TDeliverDocument, { input: { ticketId: id, targetUsername: 'ghost' } }), 'BAD_INPUT', 'ghost');
    expectRestError(await post(id, 'add_node', 'admin', { target_username: '' }), '请求参数不合法:');
    expect((await ticketRow(t, id)).participant).toBe('admin');
  });

  it('case 64: add-node hands the ticket to the target and remembers the initiator', async () => {
    const [a, b] = [await newLeave(t), await newLeave(t)];
    expect((await post(a, 'add_node', 'admin', { target_username: 'lilian', suggestion: 'help' })).body).toEqual({ code: 0, msg: '', data: {} });
    expect((await t.gqlOk(TAddNodeDocument, { input: { ticketId: b, targetUsername: 'lilian', suggestion: 'help' } })).addNode).toMatchObject({
      participant: 'lilian',
      inAddNode: true,
      addNodeMan: 'admin',
    });
    for (const id of [a, b]) {
      expect(await ticketRow(t, id)).toMatchObject({ participantTypeId: 1, participant: 'lilian', inAddNode: true, addNodeMan: 'admin', stateId: 2 });
      expect(await lastLog(id)).toMatchObject({ interveneTypeId: 2, participant: 'admin', stateId: 2, suggestion: 'help' });
    }
  });

  it('case 65: the target finishes and the ticket returns to the initiator', async () => {
    for (const face of ['rest', 'gql']) {
      const id = await newLeave(t);
      await t.gqlOk(TAddNodeDocument, { input: { ticketId: id, targetUsername: 'lilian' } });
      if (face === 'rest') expect((await post(id, 'add_node_end', 'lilian', { suggestion: 'done' })).body).toEqual({ code: 0, msg: '', data: {} });
      else await t.gqlOk(TFinishAddNodeDocument, { input: { ticketId: id, suggestion: 'done' } }, 'lilian');
      expect(await ticketRow(t, id)).toMatchObject({ participant: 'admin', inAddNode: false, addNodeMan: '', stateId: 2 });
      expect(await lastLog(id)).toMatchObject({ interveneTypeId: 3, participant: 'lilian', suggestion: 'done' });
      expect((await t.rest('patch', `/tickets/${id}`, 'admin', { transition_id: 2 })).body.code).toBe(0);
    }
  });

  it('case 65 (nested): a nested add-node returns to each initiator in turn (Decision §12.8)', async () => {
    const id = await newLeave(t);
    await post(id, 'add_node', 'admin', { target_username: 'lilian' });
    await post(id, 'add_node', 'lilian', { target_username: 'hr' });
    expect(await ticketRow(t, id)).toMatchObject({ participant: 'hr', addNodeMan: 'lilian', inAddNode: true });
    await post(id, 'add_node_end', 'hr', {});
    expect(await ticketRow(t, id)).toMatchObject({ participant: 'lilian', addNodeMan: 'admin', inAddNode: true });
    await post(id, 'add_node_end', 'lilian', {});
    expect(await ticketRow(t, id)).toMatchObject({ participant: 'admin', addNodeMan: '', inAddNode: false });
  });

  it('case 66: the initiator cannot finish the add-node', async () => {
    const id = await newLeave(t);
    await post(id, 'add_node', 'admin', { target_username: 'lilian' });
    expectRestError(await post(id, 'add_node_end', 'admin', {}), 'not current participant, no permission');
    expectGqlError(
      await t.gql(TFinishAddNodeDocument, { input: { ticketId: id } }, 'admin'),
      'NOT_A_PARTICIPANT',
      'admin is not a current handler of this ticket',
    );
    expect((await ticketRow(t, id)).participant).toBe('lilian');
  });

  it('case 67: add_node_end outside add-node mode is refused (Decision §4.8)', async () => {
    const id = await newLeave(t);
    expectRestError(await post(id, 'add_node_end', 'admin', {}), 'not in add-node mode');
    expectGqlError(await t.gql(TFinishAddNodeDocument, { input: { ticketId: id } }, 'admin'), 'BAD_INPUT', 'not in add-node mode');
    expect(await ticketRow(t, id)).toMatchObject({ participant: 'admin', inAddNode: false });
  });

  it('case 68: add_node_end without a body is refused', async () => {
    const id = await newLeave(t);
    await post(id, 'add_node', 'admin', { target_username: 'lilian' });
    expectRestError(await post(id, 'add_node_end', 'lilian'), '请求参数不合法:');
    expect((await ticketRow(t, id)).inAddNode).toBe(true);
  });
});
