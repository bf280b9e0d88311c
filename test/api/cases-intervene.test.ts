import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TAddNodeDocument,
  TChangeStateDocument,
  TCloseDocument,
  TCommentDocument,
  TDeleteDocument,
  TFlowLogsDocument,
  TRetreatDocument,
  TRetryDocument,
  TTicketDocument,
  TTicketStatesDocument,
  TUpdateFieldsDocument,
} from '../generated';
import type { TestApp } from '../support/app';
import {
  createTicket,
  expectGqlError,
  expectRestError,
  flowLogs,
  handleOk,
  newLeave,
  newMode,
  newVpn,
  outboxJobs,
  patchTicket,
  startCasesApp,
  ticketRow,
  ticketUsers,
  TO,
  WF,
} from '../support/cases';
import { dialects } from '../support/db';

describe.each(dialects())('§13 interventions (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startCasesApp(dialect);
  });
  afterAll(async () => t?.close());

  const put = (id: number, username: string, body?: Record<string, unknown>) => t.rest('put', `/tickets/${id}/state`, username, body);
  const changeGql = (ticketId: number, stateId: number, username = 'admin') => t.gql(TChangeStateDocument, { input: { ticketId, stateId } }, username);
  const lastLog = async (id: number) => (await flowLogs(t, id)).at(-1)!;
  const values = async (id: number, username = 'admin') => (await t.gqlOk(TTicketDocument, { id }, username)).ticket.values as Record<string, unknown>;

  it('case 69: a superuser forces the state; log at the source state', async () => {
    const [a, b] = [await newLeave(t), await newLeave(t)];
    expect((await put(a, 'admin', { state_id: 3, suggestion: 'skip' })).body).toEqual({ code: 0, msg: '', data: {} });
    expect((await changeGql(b, 3)).data?.changeTicketState).toMatchObject({ stateId: 3, participant: 'hr', actStateId: 1 });
    for (const id of [a, b]) {
      expect(await ticketRow(t, id)).toMatchObject({ stateId: 3, participantTypeId: 1, participant: 'hr', actStateId: 1 });
      expect(await lastLog(id)).toMatchObject({ interveneTypeId: 8, transitionId: 0, stateId: 2, participant: 'admin' });
      expect(await ticketUsers(t, id)).toMatchObject({ hr: { inProcess: true }, admin: { inProcess: false } });
    }
  });

  it('case 70: a non-manager cannot force the state', async () => {
    const id = await newLeave(t);
    expectRestError(await put(id, 'webb', { state_id: 3 }), 'user has no permission to manage this ticket');
    expectGqlError(await changeGql(id, 3, 'webb'), 'FORBIDDEN', 'user has no permission to manage this ticket');
    expectRestError(await put(id, 'nobody', { state_id: 3 }), 'username: nobody is not existed or has been deleted');
    expect((await ticketRow(t, id)).stateId).toBe(2);
  });

  it('case 71: an end-state target closes the ticket (act_state 5); leaving it reopens (Decision §12.10)', async () => {
    const [a, b] = [await newLeave(t), await newLeave(t, 'webb')];
    expect((await put(a, 'admin', { state_id: 4 })).body.code).toBe(0);
    expect((await changeGql(b, 4)).data?.changeTicketState).toMatchObject({ stateId: 4, actStateId: 5, participant: '' });
    for (const id of [a, b]) expect(await ticketRow(t, id)).toMatchObject({ stateId: 4, actStateId: 5, participant: '' });
    expect((await put(a, 'admin', { state_id: 2 })).body.code).toBe(0);
    expect(await ticketRow(t, a)).toMatchObject({ stateId: 2, actStateId: 1, participant: 'admin' });
    expect((await changeGql(b, 1)).data?.changeTicketState).toMatchObject({ stateId: 1, actStateId: 0, participant: 'webb' });
  });

  it('case 72: a state of another workflow is refused', async () => {
    const id = await newLeave(t);
    expectRestError(await put(id, 'admin', { state_id: 6 }), 'state_id 6 is not a state of workflow 1');
    expectGqlError(await changeGql(id, 6), 'BAD_INPUT', 'state_id 6 is not a state of workflow 1');
    expect((await ticketRow(t, id)).stateId).toBe(2);
  });

  it('case 73: state_id 0, absent or extra keys are refused', async () => {
    const id = await newLeave(t);
    expectRestError(await put(id, 'admin', { state_id: 0 }), '请求参数不合法:');
    expectRestError(await put(id, 'admin', { suggestion: 'x' }), '请求参数不合法:');
    expectRestError(await put(id, 'admin', { state_id: 3, foo: 1 }), '请求参数不合法:');
    expectGqlError(await t.gql(TChangeStateDocument, { input: { ticketId: id } as any }), 'BAD_INPUT', 'stateId');
  });

  it('case 74: a hook-state target queues the hook request; add-node is reset', async () => {
    const [a, b] = [await newVpn(t), await newVpn(t)];
    await t.gqlOk(TAddNodeDocument, { input: { ticketId: a, targetUsername: 'lilian' } }, 'ops');
    expect((await put(a, 'admin', { state_id: 7 })).body.code).toBe(0);
    expect((await changeGql(b, 7)).data?.changeTicketState.stateId).toBe(7);
    for (const id of [a, b]) {
      const row = await ticketRow(t, id);
      expect(row).toMatchObject({ participantTypeId: 10, participant: '***', inAddNode: false, addNodeMan: '' });
      expect((await outboxJobs(t, id)).map((j) => [j.kind, j.payload])).toEqual([['hook', { stateId: 7, version: row.version }]]);
    }
  });

  it('case 75: batch states map ticket ids to their states', async () => {
    const [leave, vpn] = [await newLeave(t), await newVpn(t)];
    const res = await t.rest('get', `/tickets/states?ticket_ids=${leave},${vpn}`);
    expect(res.body).toEqual({
      code: 0,
      msg: '',
      data: { [leave]: { state_id: 2, state_name: 'tl审批中' }, [vpn]: { state_id: 6, state_name: '运维人员-审批中' } },
    });
    const gql = await t.gqlOk(TTicketStatesDocument, { ids: [leave, vpn] });
    expect(gql.ticketStates.map((s) => [s.id, s.stateId, s.state.name]).sort()).toEqual(
      [
        [leave, 2, 'tl审批中'],
        [vpn, 6, '运维人员-审批中'],
      ].sort(),
    );
  });

  it('case 76: unknown ids are left out of the batch', async () => {
    const leave = await newLeave(t);
    const res = await t.rest('get', `/tickets/states?ticket_ids=${leave},99999`);
    expect(Object.keys(res.body.data)).toEqual([String(leave)]);
    expect((await t.gqlOk(TTicketStatesDocument, { ids: [99999, leave] })).ticketStates.map((s) => s.id)).toEqual([leave]);
    expectRestError(await t.rest('get', '/tickets/states'), 'ticket_ids');
  });

  it('case 77: fields are written without a log', async () => {
    const [a, b] = [await newLeave(t), await newLeave(t)];
    expect((await t.rest('patch', `/tickets/${a}/fields`, 'admin', { title: 'x', reason: 'y' })).body).toEqual({ code: 0, msg: '', data: {} });
    await t.gqlOk(TUpdateFieldsDocument, { input: { ticketId: b, fields: { title: 'x', reason: 'y' } } });
    for (const id of [a, b]) {
      expect((await ticketRow(t, id)).title).toBe('x');
      expect((await values(id)).reason).toBe('y');
      expect(await flowLogs(t, id)).toHaveLength(1);
    }
  });

  it('case 78: null clears a value', async () => {
    const [a, b] = [await newLeave(t), await newLeave(t)];
    expect((await t.rest('patch', `/tickets/${a}/fields`, 'admin', { reason: null })).body.code).toBe(0);
    expect((await t.gqlOk(TUpdateFieldsDocument, { input: { ticketId: b, fields: { reason: null } } })).updateTicketFields.values).toMatchObject({
      reason: null,
    });
    for (const id of [a, b]) expect((await values(id)).reason).toBeNull();
  });

  it('case 79: unknown keys are ignored; base keys other than title too (Decision §4.14)', async () => {
    const id = await newLeave(t);
    const before = await values(id);
    expect((await t.rest('patch', `/tickets/${id}/fields`, 'admin', { unknown: 1, state_id: 9, creator: 'webb' })).body).toEqual({
      code: 0,
      msg: '',
      data: {},
    });
    expect(await ticketRow(t, id)).toMatchObject({ stateId: 2, creator: 'admin', title: '世界这么大，出去看看' });
    expect(await values(id)).toEqual(before);
    await t.gqlOk(TUpdateFieldsDocument, { input: { ticketId: id, fields: { unknown: 1 } } });
    expect(await values(id)).toEqual(before);
    expectRestError(await t.rest('patch', `/tickets/${id}/fields`, 'admin'), 'post参数为空');
    expectRestError(await t.rest('patch', `/tickets/${id}/fields`, 'webb', { title: 'hijack' }), 'no permission');
    expectGqlError(await t.gql(TUpdateFieldsDocument, { input: { ticketId: id, fields: { title: 'hijack' } } }, 'webb'), 'NOT_A_PARTICIPANT');
  });

  it('case 80: retrying a failed script resets the flag and queues the script again', async () => {
    const [a, b] = [await newMode(t, TO.SCRIPT), await newMode(t, TO.SCRIPT)];
    for (const id of [a, b]) await patchTicket(t, id, { scriptRunLastResult: false });
    expect((await t.rest('post', `/tickets/${a}/retry_script`, 'admin')).body).toEqual({
      code: 0,
      msg: 'Ticket script or hook retry start successful',
      data: {},
    });
    expect((await t.gqlOk(TRetryDocument, { input: { ticketId: b } })).retryTicketScript.scriptRunLastResult).toBe(true);
    for (const id of [a, b]) {
      const row = await ticketRow(t, id);
      expect(row).toMatchObject({ scriptRunLastResult: true, stateId: 138 });
      expect((await outboxJobs(t, id)).filter((j) => j.kind === 'script').map((j) => j.payload)).toEqual([
        { stateId: 138, version: 1 },
        { stateId: 138, version: row.version },
      ]);
    }
  });

  it('case 80 (strict): only a handler or a workflow admin may retry (Decision §3.6)', async () => {
    const id = await newMode(t, TO.SCRIPT, {}, 'webb');
    expectRestError(await t.rest('post', `/tickets/${id}/retry_script`, 'webb'), 'only the current handler or a workflow admin may do this');
    expectGqlError(await t.gql(TRetryDocument, { input: { ticketId: id } }, 'webb'), 'NOT_A_PARTICIPANT', 'only the current handler or a workflow admin');
    expect((await t.rest('post', `/tickets/${id}/retry_script`, 'lilian')).body.code).toBe(0);
  });

  it('case 81: retry on a human-handled state is refused', async () => {
    const id = await newLeave(t);
    const message = "The ticket's participant_type is not robot or hook, do not allow retry";
    expectRestError(await t.rest('post', `/tickets/${id}/retry_script`, 'admin'), message);
    expectGqlError(await t.gql(TRetryDocument, { input: { ticketId: id } }), 'BAD_INPUT', message);
  });

  it('case 82: a comment is logged as 新增评论 at the current state', async () => {
    const [a, b] = [await newLeave(t), await newLeave(t)];
    expect((await t.rest('post', `/tickets/${a}/comments`, 'admin', { suggestion: 'hi' })).body).toEqual({
      code: 0,
      msg: 'add ticket comment successful',
      data: {},
    });
    await t.gqlOk(TCommentDocument, { input: { ticketId: b, suggestion: 'hi' } });
    for (const id of [a, b]) {
      expect(await lastLog(id)).toMatchObject({ interveneTypeId: 5, transitionId: 0, stateId: 2, participant: 'admin', suggestion: 'hi' });
      const gql = await t.gqlOk(TFlowLogsDocument, { id });
      expect(gql.ticket.flowLogs.items[0]).toMatchObject({ transitionName: '新增评论', interveneType: 'COMMENT', suggestion: 'hi' });
    }
  });

  it('case 83: a comment needs a non-empty suggestion and nothing else', async () => {
    const id = await newLeave(t);
    expectRestError(await t.rest('post', `/tickets/${id}/comments`, 'admin', {}), '请求参数不合法:');
    expectRestError(await t.rest('post', `/tickets/${id}/comments`, 'admin', { suggestion: '' }), '请求参数不合法:');
    expectRestError(await t.rest('post', `/tickets/${id}/comments`, 'admin', { suggestion: 'a', foo: 1 }), '请求参数不合法:');
    expectGqlError(await t.gql(TCommentDocument, { input: { ticketId: id, suggestion: '' } }), 'BAD_INPUT', 'suggestion');
    expect(await flowLogs(t, id)).toHaveLength(1);
  });

  it('close: a manager, or the creator in the start state, closes into the first end state', async () => {
    const [a, b] = [await newLeave(t), await newLeave(t)];
    expect((await t.rest('post', `/tickets/${a}/close`, 'admin', { suggestion: 'bye' })).body).toEqual({ code: 0, msg: '', data: {} });
    expect((await t.gqlOk(TCloseDocument, { input: { ticketId: b, suggestion: 'bye' } })).closeTicket).toMatchObject({
      stateId: 4,
      actStateId: 5,
      participant: '',
    });
    for (const id of [a, b]) {
      expect(await ticketRow(t, id)).toMatchObject({ stateId: 4, actStateId: 5, participant: '', participantTypeId: 0 });
      expect(await lastLog(id)).toMatchObject({ interveneTypeId: 7, stateId: 4, suggestion: '强制关闭工单:bye' });
      expect(Object.values(await ticketUsers(t, id)).some((u) => u.inProcess)).toBe(false);
    }
    const mine = await newLeave(t, 'webb');
    expectRestError(await t.rest('post', `/tickets/${mine}/close`, 'webb', {}), 'user has no permission to manage this ticket');
    await handleOk(t, mine, 'admin', { transition_id: 3 });
    expect((await t.rest('post', `/tickets/${mine}/close`, 'webb', {})).body.code).toBe(0);
  });

  it('retreat: the creator withdraws from a state that allows it', async () => {
    const body = { workflow_id: WF.REQUIRED, transition_id: 100, title: 'x', reason: 'r', days: 1 };
    const [a, b] = [await createTicket(t, body, 'hr'), await createTicket(t, body, 'hr')];
    expectRestError(await t.rest('post', `/tickets/${a}/retreat`, 'david', {}), 'only the creator may retreat a ticket');
    expect((await t.rest('post', `/tickets/${a}/retreat`, 'hr', { suggestion: 'oops' })).body).toEqual({ code: 0, msg: '', data: {} });
    expect((await t.gqlOk(TRetreatDocument, { input: { ticketId: b } }, 'hr')).retreatTicket).toMatchObject({ stateId: 100, actStateId: 3, participant: 'hr' });
    for (const id of [a, b]) {
      expect(await ticketRow(t, id)).toMatchObject({ stateId: 100, actStateId: 3, participant: 'hr' });
      expect(await lastLog(id)).toMatchObject({ interveneTypeId: 10, stateId: 100, participant: 'hr' });
    }
    const leave = await newLeave(t);
    expectGqlError(await t.gql(TRetreatDocument, { input: { ticketId: leave } }), 'FORBIDDEN', 'the current state does not allow retreat');
  });

  it('delete: a manager soft-deletes; the ticket is gone for every reader', async () => {
    const [a, b] = [await newLeave(t), await newLeave(t)];
    expectRestError(await t.rest('delete', `/tickets/${a}`, 'webb'), 'user has no permission to manage this ticket');
    expect((await t.rest('delete', `/tickets/${a}`, 'admin')).body).toEqual({ code: 0, msg: '', data: {} });
    expect((await t.gqlOk(TDeleteDocument, { input: { ticketId: b } })).deleteTicket.isDeleted).toBe(true);
    for (const id of [a, b]) {
      expect((await ticketRow(t, id)).isDeleted).toBe(true);
      expect(await lastLog(id)).toMatchObject({ interveneTypeId: 6, stateId: 2, participant: 'admin' });
      expectRestError(await t.rest('get', `/tickets/${id}`, 'admin'), 'ticket is not existed or has been deleted');
      expectRestError(await t.rest('post', `/tickets/${id}/comments`, 'admin', { suggestion: 'x' }), 'ticket is not existed or has been deleted');
      expect((await t.rest('get', `/tickets?category=all&ticket_ids=${id}`, 'admin')).body.data.total).toBe(0);
    }
  });
});
