import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TFlowLogsDocument, TFlowStepsDocument } from '../generated';
import type { TestApp } from '../support/app';
import { createTicket, expectGqlError, expectRestError, handleOk, newLeave, newMode, newVpn, startCasesApp, TO, WF } from '../support/cases';
import { dialects } from '../support/db';

const TIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;

describe.each(dialects())('§13 flow logs and steps (%s)', (dialect) => {
  let t: TestApp;
  let leave: number;
  beforeAll(async () => {
    t = await startCasesApp(dialect);
    leave = await newLeave(t);
    await handleOk(t, leave, 'admin', { transition_id: 2, suggestion: 'agreed' });
    expect((await t.rest('post', `/tickets/${leave}/comments`, 'admin', { suggestion: 'hi' })).body.code).toBe(0);
  });
  afterAll(async () => t?.close());

  it('case 84: flowlogs page newest first with aliases from the users', async () => {
    const res = await t.rest('get', `/tickets/${leave}/flowlogs`, 'admin');
    expect(res.body).toMatchObject({ code: 0, msg: '', data: { total: 3, page: 1, per_page: 10 } });
    const items = res.body.data.value;
    expect(items.map((l: any) => [l.transition.transition_name, l.intervene_type_id, l.state.state_id, l.suggestion])).toEqual([
      ['新增评论', 5, 3, 'hi'],
      ['同意', 0, 2, 'agreed'],
      ['提交', 0, 1, ''],
    ]);
    expect(items[1]).toEqual({
      id: expect.any(Number),
      ticket_id: leave,
      state: { state_id: 2, state_name: 'tl审批中' },
      transition: { transition_id: 2, transition_name: '同意', attribute_type_id: 1 },
      intervene_type_id: 0,
      participant_type_id: 1,
      participant: 'admin',
      participant_info: {
        participant_type_id: 1,
        participant: 'admin',
        participant_alias: '超级管理员',
        participant_email: 'admin@example.com',
        participant_phone: '',
      },
      suggestion: 'agreed',
      gmt_created: expect.stringMatching(TIME),
    });
    expect(items[0].transition).toEqual({ transition_id: 0, transition_name: '新增评论', attribute_type_id: 3 });
    const gql = await t.gqlOk(TFlowLogsDocument, { id: leave });
    expect(gql.ticket.flowLogs.total).toBe(3);
    expect(gql.ticket.flowLogs.items.map((l) => [l.id, l.transitionName, l.participantInfo.participantAlias])).toEqual(
      items.map((l: any) => [l.id, l.transition.transition_name, '超级管理员']),
    );
  });

  it('case 85: ticket_data=1 adds the snapshot of each log', async () => {
    const plain = await t.rest('get', `/tickets/${leave}/flowlogs`, 'admin');
    expect(plain.body.data.value[0]).not.toHaveProperty('ticket_data');
    const res = await t.rest('get', `/tickets/${leave}/flowlogs?ticket_data=1`, 'admin');
    const data = res.body.data.value.map((l: any) => l.ticket_data);
    for (const d of data) {
      expect(d).toMatchObject({
        sn: expect.stringMatching(/^ops_/),
        reason: '<p>世界这么大</p>',
        date_start: '2020-04-13 00:00:00',
        date_end: '2020-04-23 00:00:00',
      });
    }
    expect(data.map((d: any) => d.state_id)).toEqual([3, 3, 2]);
    const gql = await t.gqlOk(TFlowLogsDocument, { id: leave });
    expect(gql.ticket.flowLogs.items.map((l) => (l.ticketData as any).state_id)).toEqual([3, 3, 2]);
  });

  it('case 86: a page beyond the end gives the last page, and echoes it (Decision §7.3)', async () => {
    const res = await t.rest('get', `/tickets/${leave}/flowlogs?page=99&per_page=2`, 'admin');
    expect(res.body.data).toMatchObject({ total: 3, page: 2, per_page: 2 });
    expect(res.body.data.value.map((l: any) => l.transition.transition_name)).toEqual(['提交']);
    const gql = await t.gqlOk(TFlowLogsDocument, { id: leave, page: 99, perPage: 2 });
    expect(gql.ticket.flowLogs).toMatchObject({ total: 3, page: 2, perPage: 2 });
    expect(gql.ticket.flowLogs.items.map((l) => l.transitionName)).toEqual(['提交']);
    expectRestError(await t.rest('get', `/tickets/${leave}/flowlogs?per_page=0`, 'admin'), 'per_page');
    expectRestError(await t.rest('get', `/tickets/${leave}/flowlogs?page=x`, 'admin'), 'page');
  });

  it('case 87: flowsteps list the states by order with their logs', async () => {
    const vpn = await newVpn(t);
    const res = await t.rest('get', `/tickets/${vpn}/flowsteps`, 'admin');
    expect(res.body.code).toBe(0);
    const { value, current_state_id } = res.body.data;
    expect(current_state_id).toBe(6);
    expect(value.map((s: any) => [s.state_id, s.state_name, s.order_id, s.state_flow_log_list.length])).toEqual([
      [5, '发起人-新建中', 1, 1],
      [6, '运维人员-审批中', 2, 0],
      [7, 'vpn授权中', 3, 0],
      [8, '发起人-确认中', 4, 0],
      [9, '结束', 5, 0],
    ]);
    expect(value[0].state_flow_log_list[0]).toEqual({
      id: expect.any(Number),
      transition: { transition_name: '提交', transition_id: 6 },
      participant_type_id: 1,
      participant: 'admin',
      participant_info: {
        participant_type_id: 1,
        participant: 'admin',
        participant_alias: '超级管理员',
        participant_email: 'admin@example.com',
        participant_phone: '',
      },
      intervene_type_id: 0,
      suggestion: '',
      state_id: 5,
      attribute_type_id: 1,
      gmt_created: expect.stringMatching(TIME),
    });
    const gql = await t.gqlOk(TFlowStepsDocument, { id: vpn });
    expect(gql.ticket.stateId).toBe(6);
    expect(gql.ticket.flowSteps.map((s) => [s.stateId, s.logs.length])).toEqual([
      [5, 1],
      [6, 0],
      [7, 0],
      [8, 0],
      [9, 0],
    ]);
  });

  it('case 88: a hidden state is shown only while the ticket is in it', async () => {
    const steps = async (id: number) => {
      const res = await t.rest('get', `/tickets/${id}/flowsteps`, 'admin');
      const gql = await t.gqlOk(TFlowStepsDocument, { id });
      const ids = res.body.data.value.map((s: any) => s.state_id);
      expect(gql.ticket.flowSteps.map((s) => s.stateId)).toEqual(ids);
      return ids;
    };
    const elsewhere = await steps(await newMode(t, TO.TIMER));
    expect(elsewhere).toEqual([130, 131, 132, 133, 134, 135, 136, 138, 139, 137]);
    const inside = await steps(await newMode(t, TO.HIDDEN));
    expect(inside).toEqual([130, 131, 132, 133, 134, 135, 136, 138, 139, 140, 137]);
  });

  it('strict: flowlogs and flowsteps need view permission where the workflow checks it (Decision §3.6)', async () => {
    const id = await createTicket(t, { workflow_id: WF.REQUIRED, transition_id: 100, title: 'x', reason: 'r', days: 1 }, 'hr');
    const message = 'user is not relation about this ticket and the workflow open view permission check';
    expectRestError(await t.rest('get', `/tickets/${id}/flowlogs`, 'webb'), message);
    expectRestError(await t.rest('get', `/tickets/${id}/flowsteps`, 'webb'), message);
    expectGqlError(await t.gql(TFlowStepsDocument, { id }, 'webb'), 'FORBIDDEN', message);
    expect((await t.rest('get', `/tickets/${id}/flowlogs`, 'david')).body.data.total).toBe(1);
  });
});
