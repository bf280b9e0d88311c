import { Validator } from '@seriousme/openapi-schema-validator';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_ROUTES } from '../../src/rest/routes-admin';
import { signature } from '../../src/services/auth.service';
import { startTestApp, type TestApp } from '../support/app';
import { dialects } from '../support/db';

type Envelope = { code: number; msg: string; data: any };
const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

describe.each(dialects())("loonflow's workflow and account routes (%s)", (dialect) => {
  let t: TestApp;
  const call = async (method: 'get' | 'post' | 'patch' | 'delete', path: string, body?: object, username = 'admin') =>
    (await t.rest(method, path, username, body).expect(200)).body as Envelope;

  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it("builds and takes apart a workflow in loonflow's body shapes", async () => {
    const created = await call('post', '/workflows', {
      name: '报销',
      description: '费用报销',
      view_permission_check: 0,
      workflow_admin: 'lilian,hr',
      display_form_str: '["title","sn"]',
      limit_expression: '{"period": 24, "count": 3, "level": 1}',
      title_template: '',
      content_template: '内容:{title}',
    });
    expect(created).toEqual({ code: 0, msg: '', data: { workflow_id: expect.any(Number) } });
    const id = created.data.workflow_id;
    const detail = await call('get', `/workflows/${id}`);
    expect(detail.data.workflow_admin.split(',').sort()).toEqual(['hr', 'lilian']);
    expect(detail.data).toMatchObject({
      name: '报销',
      view_permission_check: false,
      display_form_str: '["title","sn"]',
      limit_expression: { period: 24, count: 3, level: 1 },
      creator: 'admin',
    });
    expect(await call('patch', `/workflows/${id}`, { description: '报销审批' })).toEqual({ code: 0, msg: '', data: {} });

    const field = await call('post', `/workflows/${id}/custom_fields`, {
      field_key: 'amount',
      field_name: '金额',
      field_type_id: 15,
      order_id: 1,
      default_value: '',
      description: '',
      field_template: '',
      placeholder: '元',
      boolean_field_display: '{}',
      field_choice: '{}',
      label: '{}',
    });
    expect(field).toEqual({ code: 0, msg: '', data: { value: { custom_field_id: expect.any(Number) } } });
    const [start, end] = (await call('get', `/workflows/${id}/states`)).data.value;
    const [submit] = (await call('get', `/workflows/${id}/transitions`)).data.value;
    const state = await call('post', `/workflows/${id}/states`, {
      name: '财务审批',
      order_id: 1,
      type_id: 0,
      is_hidden: 0,
      participant_type_id: 2,
      participant: 'hr,scm',
      distribute_type_id: 1,
      state_field_str: '{"title": 1, "amount": 2}',
      label: '{}',
      redirect_transition_ids: String(submit.id),
      transitions: [
        { name: '同意', destination_state_id: end.id, transition_type_id: 1, attribute_type_id: 1, field_require_check: 1, alert_enable: 0, alert_text: '' },
      ],
    });
    expect(state).toEqual({ code: 0, msg: '', data: { state_id: expect.any(Number) } });
    const stateRow = (await call('get', `/workflows/states/${state.data.state_id}`)).data;
    expect(stateRow).toMatchObject({
      name: '财务审批',
      participant_type_id: 2,
      participant: 'hr,scm',
      distribute_type_id: 1,
      state_field_str: { title: 1, amount: 2 },
      gmt_created: expect.stringMatching(TIME),
    });

    const refuse = await call('post', `/workflows/${id}/transitions`, {
      name: '拒绝',
      transition_type_id: 1,
      source_state_id: state.data.state_id,
      destination_state_id: start.id,
      attribute_type_id: 2,
      condition_expression: '[]',
      field_require_check: 0,
      alert_enable: 1,
      alert_text: '确定拒绝?',
    });
    expect(refuse).toEqual({ code: 0, msg: '', data: { value: { transition_id: expect.any(Number) } } });
    expect(await call('patch', `/workflows/${id}/transitions/${refuse.data.value.transition_id}`, { transition_type_id: 2, timer: 3600 })).toMatchObject({
      code: 0,
    });
    const transitions = (await call('get', `/workflows/${id}/transitions`)).data.value;
    expect(transitions.find((x: { id: number }) => x.id === refuse.data.value.transition_id)).toMatchObject({
      name: '拒绝',
      transition_type_id: 2,
      timer: 3600,
      attribute_type_id: 2,
      alert_enable: true,
      alert_text: '确定拒绝?',
      field_require_check: false,
    });
    expect(await call('patch', `/workflows/${id}/states/${state.data.state_id}`, { participant_type_id: 4, participant: 1 })).toMatchObject({ code: 0 });
    expect((await call('get', `/workflows/states/${state.data.state_id}`)).data).toMatchObject({ participant_type_id: 4, participant: '1' });

    const lonely = await call('post', `/workflows/${id}/states`, { name: '孤岛', type_id: 0 });
    expect(lonely).toMatchObject({ code: -1, data: {} });
    expect(lonely.msg).toContain('workflow "报销" (id ');
    expect(lonely.msg).toContain('state "孤岛" is not reachable');
    expect((await call('patch', `/workflows/1/states/7`, { name: 'x' })).msg).toBe('state 7 does not exist in workflow 1');
    expect((await call('post', `/workflows/${id}/transitions`, { name: 'x', source_state_id: 1 })).msg).toBe(
      '请求参数不合法:destination_state_id: is a required property',
    );
    expect((await call('post', `/workflows/${id}/states`, { name: 'x', type_id: 7 })).msg).toContain('type_id: unknown id 7');

    expect(await call('delete', `/workflows/${id}/transitions/${refuse.data.value.transition_id}`)).toEqual({ code: 0, msg: '', data: {} });
    expect(await call('delete', `/workflows/${id}/custom_fields/${field.data.value.custom_field_id}`)).toEqual({
      code: 0,
      msg: '',
      data: { value: { custom_field_id: field.data.value.custom_field_id } },
    });
    expect(await call('delete', `/workflows/${id}/states/${state.data.state_id}?redirect_to=${end.id}`)).toEqual({ code: 0, msg: '', data: {} });
    expect((await call('get', `/workflows/${id}/transitions`)).data.value).toMatchObject([{ source_state_id: start.id, destination_state_id: end.id }]);
    expect(await call('delete', `/workflows/${id}`)).toEqual({ code: 0, msg: '', data: {} });
    expect((await call('get', `/workflows/${id}`)).code).toBe(-1);
  });

  it("lists and changes users, depts and roles in loonflow's shapes", async () => {
    const users = await call('get', '/accounts/users?search_value=ops&per_page=1&page=2');
    expect(users.data).toMatchObject({ page: 2, per_page: 1, total: 2 });
    expect(users.data.value[0]).toEqual({
      id: 11,
      creator: '',
      gmt_created: expect.stringMatching(TIME),
      gmt_modified: expect.stringMatching(TIME),
      is_deleted: false,
      username: 'ops2',
      alias: '运维2',
      email: 'ops2@example.com',
      phone: '',
      is_active: true,
      is_admin: false,
      dept_ids: '7',
      user_dept_info_list: [{ id: 7, name: '运维部' }],
    });
    const user = await call('post', '/accounts/users', {
      username: 'dan',
      alias: 'Dan',
      email: 'd@example.com',
      phone: '1',
      dept_ids: '4,7',
      is_active: 1,
      is_admin: 0,
    });
    expect(user).toEqual({ code: 0, msg: '', data: { user_id: expect.any(Number) } });
    expect(await call('patch', `/accounts/users/${user.data.user_id}`, { dept_id: 5 })).toEqual({ code: 0, msg: '', data: {} });
    const dan = (await call('get', '/accounts/users?search_value=dan')).data.value[0];
    expect(dan).toMatchObject({ username: 'dan', dept_ids: '5', user_dept_info_list: [{ id: 5, name: '交易部' }], creator: 'admin' });
    expect((await call('post', '/accounts/users', { username: 'eve' }, 'webb')).msg).toBe('only superusers may change users, depts, roles and apps');
    expect((await call('post', '/accounts/users', { username: 'eve', password: 'x' })).msg).toContain('additional property "password" is not allowed');

    const depts = (await call('get', '/accounts/depts?per_page=100')).data;
    expect(depts.total).toBe(7);
    expect(depts.value[0]).toMatchObject({ id: 1, name: 'loonflow', parent_dept_id: 0, leader: 'admin', approver: 'admin', label: {} });
    const dept = await call('post', '/accounts/depts', { name: '法务部', parent_dept_id: 1, leader: 'hr', approver: 'hr,scm', label: '{"floor": 3}' });
    expect(dept).toEqual({ code: 0, msg: '', data: { dept_id: expect.any(Number) } });
    expect(await call('patch', `/accounts/depts/${dept.data.dept_id}`, { parent_dept_id: 0 })).toMatchObject({ code: 0 });
    const legal = (await call('get', '/accounts/depts?search_value=法务')).data.value[0];
    expect(legal).toMatchObject({ name: '法务部', parent_dept_id: 0, approver: 'hr,scm', label: { floor: 3 } });
    expect(await call('delete', `/accounts/depts/${dept.data.dept_id}`)).toEqual({ code: 0, msg: '', data: {} });

    const role = await call('post', '/accounts/roles', { name: '财务', description: '财务人员', label: '{}' });
    expect(role).toEqual({ code: 0, msg: '', data: { role_id: expect.any(Number) } });
    expect(await call('post', `/accounts/roles/${role.data.role_id}/users`, { user_id: user.data.user_id })).toMatchObject({ code: 0 });
    const members = (await call('get', `/accounts/roles/${role.data.role_id}/users`)).data;
    expect(members).toMatchObject({ total: 1, value: [{ username: 'dan' }] });
    expect(await call('delete', `/accounts/roles/${role.data.role_id}/users/${user.data.user_id}`)).toMatchObject({ code: 0 });
    expect(await call('patch', `/accounts/roles/${role.data.role_id}`, { description: '会计' })).toMatchObject({ code: 0 });
    expect((await call('get', '/accounts/roles?search_value=财务')).data.value[0]).toMatchObject({ name: '财务', description: '会计', label: {} });
    expect(await call('delete', `/accounts/roles/${role.data.role_id}`)).toMatchObject({ code: 0 });
    expect(await call('delete', `/accounts/users/${user.data.user_id}`)).toMatchObject({ code: 0 });
    expect((await call('get', '/accounts/users?search_value=dan')).data.total).toBe(0);
  });

  it('creates app tokens shown once, rotates and retires them', async () => {
    const list = (await call('get', '/accounts/app_token')).data;
    expect(list.value).toEqual([
      {
        id: 1,
        creator: '',
        gmt_created: expect.stringMatching(TIME),
        gmt_modified: expect.stringMatching(TIME),
        is_deleted: false,
        app_name: 'ops',
        ticket_sn_prefix: 'ops',
        workflow_ids: '1,2,3',
        all_workflows: false,
        read_only_definitions: false,
        browser_only: false,
      },
    ]);
    expect(list.value[0]).not.toHaveProperty('token');
    const created = await call('post', '/accounts/app_token', { app_name: 'bi', ticket_sn_prefix: 'bi', workflow_ids: '1' });
    expect(created).toEqual({ code: 0, msg: '', data: { id: expect.any(Number), token: expect.any(String) } });
    const signed = (token: string) => {
      const ts = String(Math.floor(Date.now() / 1000));
      return request(t.app)
        .get('/api/v1.0/workflows')
        .set({ appname: 'bi', timestamp: ts, signature: signature(ts, token), username: 'admin' });
    };
    expect((await signed(created.data.token)).body.data.value.map((w: { id: number }) => w.id)).toEqual([1]);
    const rotated = await call('post', `/accounts/app_token/${created.data.id}/rotate`);
    expect(rotated.data.token).not.toBe(created.data.token);
    expect((await signed(created.data.token)).body.code).toBe(-1);
    const all = await call('patch', `/accounts/app_token/${created.data.id}`, { workflow_ids: 'all' });
    expect(all.msg).toBe('the app "ops" may not create or change the app "bi": it reaches every workflow, which "ops" is not granted');
    expect(await call('patch', `/accounts/app_token/${created.data.id}`, { workflow_ids: '1,2' })).toMatchObject({ code: 0 });
    expect((await signed(rotated.data.token)).body.data.total).toBe(2);
    expect(await call('delete', `/accounts/app_token/${created.data.id}`)).toMatchObject({ code: 0 });
    expect((await signed(rotated.data.token)).body.code).toBe(-1);
  });

  it('documents every admin route in the OpenAPI document', async () => {
    const { body } = await request(t.app).get('/api/v1.0/openapi.json').expect(200);
    const result = await new Validator().validate(body);
    expect(result.errors ?? []).toEqual([]);
    for (const route of ADMIN_ROUTES) expect(body.paths[`/api/v1.0${route.path}`]?.[route.method], `${route.method} ${route.path}`).toBeTruthy();
  });
});
