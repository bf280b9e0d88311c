import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { dialects } from '../support/db';

const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** Every key of the spec's example is present with the type it shows. */
function hasShape(value: Record<string, unknown>, shape: Record<string, string>): void {
  for (const [key, type] of Object.entries(shape)) {
    expect(value, key).toHaveProperty([key]);
    const v = value[key];
    if (type === 'time') expect(v, key).toMatch(TIME);
    else if (type === 'array') expect(Array.isArray(v), key).toBe(true);
    else if (type === 'object') expect(v !== null && typeof v === 'object' && !Array.isArray(v), key).toBe(true);
    else expect(typeof v, key).toBe(type);
  }
}

const TICKET = {
  id: 'number',
  creator: 'string',
  gmt_created: 'time',
  gmt_modified: 'time',
  is_deleted: 'boolean',
  title: 'string',
  workflow_id: 'number',
  sn: 'string',
  state_id: 'number',
  parent_ticket_id: 'number',
  parent_ticket_state_id: 'number',
  participant_type_id: 'number',
  participant: 'string',
  relation: 'string',
  in_add_node: 'boolean',
  add_node_man: 'string',
  script_run_last_result: 'boolean',
  act_state_id: 'number',
  multi_all_person: 'string',
};
const LOG_PARTICIPANT = {
  participant_type_id: 'number',
  participant: 'string',
  participant_alias: 'string',
  participant_email: 'string',
  participant_phone: 'string',
};

describe.each(dialects())("every REST read answers the keys and types of loonflow's examples (%s)", (dialect) => {
  let t: TestApp;
  let id: number;
  const get = async (path: string, username = 'admin') => {
    const res = await t.rest('get', path, username).expect(200);
    expect(res.body, path).toMatchObject({ code: 0, msg: expect.any(String) });
    return res.body.data;
  };

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const res = await t.rest('post', '/tickets', 'admin', {
      workflow_id: 1,
      transition_id: 1,
      title: 'shape',
      reason: 'r',
      date_start: '2020-04-13 00:00:00',
      date_end: '2020-04-14 00:00:00',
    });
    id = res.body.data.ticket_id;
  });
  afterAll(async () => t?.close());

  it('GET /tickets', async () => {
    const data = await get('/tickets?category=all');
    hasShape(data, { value: 'array', total: 'number', page: 'number', per_page: 'number' });
    const item = data.value[0];
    hasShape(item, { ...TICKET, state: 'object', participant_info: 'object', creator_info: 'object', workflow: 'object', workflow_info: 'object' });
    hasShape(item.state, { state_id: 'number', state_name: 'string' });
    hasShape(item.participant_info, {
      participant_type_id: 'number',
      participant: 'string',
      participant_name: 'string',
      participant_type_name: 'string',
      participant_alias: 'string',
    });
    hasShape(item.workflow, { workflow_id: 'number', workflow_name: 'string' });
    hasShape(item.creator_info, { username: 'string', alias: 'string', is_active: 'boolean', email: 'string', phone: 'string', dept_info: 'object' });
  });

  it('GET /tickets/{id}', async () => {
    const { value } = await get(`/tickets/${id}`);
    hasShape(value, { ...TICKET, field_list: 'array', creator_info: 'object', state_info: 'object' });
    hasShape(value.field_list[0], {
      field_key: 'string',
      field_name: 'string',
      order_id: 'number',
      field_type_id: 'number',
      field_attribute: 'number',
      field_choice: 'object',
    });
    expect(value.field_list[0]).toHaveProperty('field_value');
  });

  it('GET /tickets/{id}/transitions', async () => {
    const { value } = await get(`/tickets/${id}/transitions`);
    hasShape(value[0], {
      transition_id: 'number',
      transition_name: 'string',
      field_require_check: 'boolean',
      is_accept: 'boolean',
      in_add_node: 'boolean',
      enable_alert: 'boolean',
      alert_enable: 'boolean',
      alert_text: 'string',
      attribute_type_id: 'number',
    });
  });

  it('GET /tickets/{id}/flowlogs and /flowsteps', async () => {
    const logs = await get(`/tickets/${id}/flowlogs?ticket_data=1`);
    hasShape(logs, { value: 'array', total: 'number', page: 'number', per_page: 'number' });
    hasShape(logs.value[0], {
      id: 'number',
      ticket_id: 'number',
      state: 'object',
      transition: 'object',
      participant_info: 'object',
      suggestion: 'string',
      gmt_created: 'time',
      intervene_type_id: 'number',
      ticket_data: 'object',
    });
    hasShape(logs.value[0].transition, { transition_id: 'number', transition_name: 'string', attribute_type_id: 'number' });
    hasShape(logs.value[0].participant_info, LOG_PARTICIPANT);
    const steps = await get(`/tickets/${id}/flowsteps`);
    hasShape(steps, { value: 'array', current_state_id: 'number' });
    hasShape(steps.value[0], { state_id: 'number', state_name: 'string', order_id: 'number', state_flow_log_list: 'array' });
    hasShape(steps.value[0].state_flow_log_list[0], {
      id: 'number',
      transition: 'object',
      participant_info: 'object',
      participant: 'string',
      participant_type_id: 'number',
      suggestion: 'string',
      state_id: 'number',
      intervene_type_id: 'number',
      gmt_created: 'time',
    });
  });

  it('GET /tickets/states, /participant_info, /num_statistics', async () => {
    const states = await get(`/tickets/states?ticket_ids=${id}`);
    hasShape(states[String(id)], { state_id: 'number', state_name: 'string' });
    const info = await get(`/tickets/${id}/participant_info`);
    hasShape(info, { participant_username_list: 'array', participant_info_list: 'array' });
    hasShape(info.participant_info_list[0], { username: 'string', alias: 'string', phone: 'string', email: 'string' });
    const stats = await get('/tickets/num_statistics');
    hasShape(stats[0], { day: 'string', count: 'number' });
  });

  it('GET the workflow routes callers build their forms from', async () => {
    const list = await get('/workflows');
    hasShape(list.value[0], {
      id: 'number',
      name: 'string',
      description: 'string',
      view_permission_check: 'boolean',
      display_form_str: 'string',
      gmt_created: 'time',
    });
    hasShape(await get('/workflows/1'), { id: 'number', name: 'string', limit_expression: 'object', title_template: 'string' });
    const init = await get('/workflows/1/init_state');
    hasShape(init, { id: 'number', name: 'string', type_id: 'number', transition: 'array', field_list: 'array', state_field_str: 'object' });
    hasShape((await get('/workflows/1/states')).value[0], {
      id: 'number',
      name: 'string',
      order_id: 'number',
      participant_type_id: 'number',
      distribute_type_id: 'number',
    });
    hasShape(await get('/workflows/states/2'), { id: 'number', workflow_id: 'number', state_field_str: 'object' });
    hasShape((await get('/workflows/1/transitions')).value[0], {
      id: 'number',
      name: 'string',
      source_state_id: 'number',
      destination_state_id: 'number',
      condition_expression: 'array',
      attribute_type_id: 'number',
      field_require_check: 'boolean',
    });
    hasShape((await get('/workflows/1/custom_fields')).value[0], {
      id: 'number',
      field_key: 'string',
      field_name: 'string',
      field_type_id: 'number',
      order_id: 'number',
      field_choice: 'object',
    });
  });
});
