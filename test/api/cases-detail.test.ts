import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { print } from 'graphql';
import { User } from '../../src/db/entities';
import { DEMO_TOKEN } from '../../src/server/graphiql-defaults';
import { TFieldListDocument } from '../generated';
import { flushCatalogEdit, type TestApp } from '../support/app';
import { createTicket, expectGqlError, expectRestError, gqlAs, handleOk, newLeave, newVpn, restAs, signedHeaders, startCasesApp, WF } from '../support/cases';
import { dialects } from '../support/db';

type Field = { field_key: string; order_id: number; field_attribute: number; field_value: unknown };
const keysOf = (list: Field[]) => list.map((f) => [f.field_key, f.order_id, f.field_attribute]);

describe.each(dialects())('§13 detail (%s)', (dialect) => {
  let t: TestApp;
  let leave: number;
  let guarded: number;
  beforeAll(async () => {
    t = await startCasesApp(dialect);
    leave = await newLeave(t);
    guarded = await createTicket(t, { workflow_id: WF.REQUIRED, transition_id: 100, title: 'guarded', reason: 'r', days: 1 }, 'hr');
  });
  afterAll(async () => t?.close());

  async function restFields(id: number, username: string): Promise<Field[]> {
    const res = await t.rest('get', `/tickets/${id}`, username);
    expect(res.body.code, JSON.stringify(res.body)).toBe(0);
    return res.body.data.value.field_list;
  }

  async function gqlFields(id: number, username: string) {
    const data = await t.gqlOk(TFieldListDocument, { id }, username);
    return data.ticket.fieldList.map((f) => [f.fieldKey, f.orderId, f.fieldAttribute]);
  }

  it('case 22: a request without username is refused', async () => {
    const res = await restAs(t, 'get', `/tickets/${leave}`, signedHeaders());
    expectRestError(res, '参数不全，请提供username');
    const gql = await gqlAs(t, print(TFieldListDocument), { Authorization: `Bearer ${DEMO_TOKEN}` }, { id: leave });
    expectGqlError(gql, 'BAD_INPUT', 'username is required');
  });

  it("case 23: the handler sees the state's fields with the state's attributes, by order", async () => {
    const expected = [
      ['title', 20, 1],
      ['date_start', 30, 1],
      ['date_end', 31, 1],
      ['state.state_name', 41, 1],
      ['participant_info.participant_name', 50, 1],
      ['workflow.workflow_name', 60, 1],
      ['reason', 200, 1],
    ];
    const list = await restFields(leave, 'admin');
    expect(keysOf(list)).toEqual(expected);
    expect(await gqlFields(leave, 'admin')).toEqual(expected);
    expect(Object.fromEntries(list.map((f) => [f.field_key, f.field_value]))).toMatchObject({
      title: '世界这么大，出去看看',
      'state.state_name': 'tl审批中',
      'participant_info.participant_name': 'admin',
      'workflow.workflow_name': '请假流程',
      reason: '<p>世界这么大</p>',
    });
    const res = await t.rest('get', `/tickets/${leave}`, 'admin');
    expect(res.body.data.value).toMatchObject({
      id: leave,
      workflow_id: 1,
      state_id: 2,
      participant_type_id: 1,
      participant: 'admin',
      creator: 'admin',
      act_state_id: 1,
      multi_all_person: '{}',
      gmt_created: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
      creator_info: { username: 'admin', alias: '超级管理员', is_active: true, dept_info: { id: 1, name: 'loonflow' } },
      state_info: { id: 2, name: 'tl审批中', participant_type_id: 5, participant: 'creator_tl', state_field_str: { title: 1, reason: 1 } },
    });
  });

  it("the creator of a ticket sent back to the start state handles it there: the start state's attributes, title included", async () => {
    const id = await newLeave(t, 'webb');
    await handleOk(t, id, 'admin', { transition_id: 3, suggestion: '请补充' });
    const expected = [
      ['title', 20, 2],
      ['date_start', 30, 2],
      ['date_end', 31, 2],
      ['reason', 200, 2],
    ];
    expect(keysOf(await restFields(id, 'webb'))).toEqual(expected);
    expect(await gqlFields(id, 'webb')).toEqual(expected);
    // Someone who only views it still sees the display form, read-only.
    expect(keysOf(await restFields(id, 'hr')).every(([, , attribute]) => attribute === 1)).toBe(true);
    const draft = await createTicket(t, { workflow_id: WF.REQUIRED, transition_id: 103, title: 'draft', reason: 'r' }, 'webb');
    expect(keysOf(await restFields(draft, 'webb'))).toEqual([
      ['days', 10, 3],
      ['title', 20, 2],
      ['reason', 200, 2],
    ]);
  });

  it('case 24: a viewer of an open workflow sees the display form, read-only', async () => {
    const expected = [
      ['sn', 10, 1],
      ['title', 20, 1],
      ['state.state_name', 41, 1],
      ['participant_info.participant_name', 50, 1],
      ['workflow.workflow_name', 60, 1],
      ['gmt_created', 100, 1],
    ];
    expect(keysOf(await restFields(leave, 'webb'))).toEqual(expected);
    expect(await gqlFields(leave, 'webb')).toEqual(expected);
  });

  it('case 25: with the view check on, a user outside the relation is refused', async () => {
    const message = 'user is not relation about this ticket and the workflow open view permission check';
    expectRestError(await t.rest('get', `/tickets/${guarded}`, 'webb'), message);
    expectGqlError(await t.gql(TFieldListDocument, { id: guarded }, 'webb'), 'FORBIDDEN', message);
    expect(keysOf(await restFields(guarded, 'hr'))).toEqual([
      ['title', 20, 1],
      ['state.state_name', 41, 1],
    ]);
    expect(keysOf(await restFields(guarded, 'david')).map(([k]) => k)).toEqual(['days', 'title', 'reason', 'note']);
  });

  it('case 26: a superuser may view without being related', async () => {
    const em = t.orm.em.fork();
    const webb = await em.findOneOrFail(User, { username: 'webb' });
    webb.isAdmin = true;
    await flushCatalogEdit(t, em);
    try {
      expect(keysOf(await restFields(guarded, 'webb'))).toEqual([
        ['title', 20, 1],
        ['state.state_name', 41, 1],
      ]);
      expect(await gqlFields(guarded, 'webb')).toEqual([
        ['title', 20, 1],
        ['state.state_name', 41, 1],
      ]);
    } finally {
      webb.isAdmin = false;
      await flushCatalogEdit(t, em);
    }
    expect((await t.rest('get', `/tickets/${guarded}`, 'boss')).body.code).toBe(0);
  });

  it('case 27: an unknown user with the view check on is refused', async () => {
    expectRestError(await t.rest('get', `/tickets/${guarded}`, 'nobody'), 'user is not existed or has been deleted');
    expectGqlError(await t.gql(TFieldListDocument, { id: guarded }, 'nobody'), 'FORBIDDEN', 'user is not existed or has been deleted');
  });

  it('case 28: a ticket in a hook state shows participant "hook" and handler ***', async () => {
    const vpn = await newVpn(t);
    await handleOk(t, vpn, 'ops', { transition_id: 8 });
    const res = await t.rest('get', `/tickets/${vpn}`, 'webb');
    expect(res.body.data.value).toMatchObject({
      state_id: 7,
      participant_type_id: 10,
      participant: '***',
      state_info: { participant: 'hook', participant_type_id: 10 },
    });
    const field = (res.body.data.value.field_list as Field[]).find((f) => f.field_key === 'participant_info.participant_name');
    expect(field?.field_value).toBe('***');
    const gql = await t.gqlOk(TFieldListDocument, { id: vpn }, 'webb');
    expect(gql.ticket.state.participant).toBe('hook');
    expect(gql.ticket.fieldList.find((f) => f.fieldKey === 'participant_info.participant_name')?.fieldValue).toBe('***');
  });

  it('case 29: datetime values read back as YYYY-MM-DD HH:MM:SS; unset fields are null', async () => {
    const id = await createTicket(t, { workflow_id: 1, transition_id: 1, title: 'half', reason: 'r', date_start: '2020-04-13 08:30:00' });
    const values = Object.fromEntries((await restFields(id, 'admin')).map((f) => [f.field_key, f.field_value]));
    expect(values).toMatchObject({ date_start: '2020-04-13 08:30:00', date_end: null, reason: 'r' });
    const gql = await t.gqlOk(TFieldListDocument, { id }, 'admin');
    const gv = Object.fromEntries(gql.ticket.fieldList.map((f) => [f.fieldKey, f.fieldValue]));
    expect(gv).toMatchObject({ date_start: '2020-04-13 08:30:00', date_end: null });
  });
});
