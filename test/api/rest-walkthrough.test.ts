import crypto from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { dialects } from '../support/db';

const TOKEN = '8cd585da-3cc6-11e8-9946-784f437daad6';

/** Headers exactly as loonflow's documentation signs them: md5(timestamp + token). */
function loonflowHeaders(username: string) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = crypto
    .createHash('md5')
    .update(timestamp + TOKEN)
    .digest('hex');
  return { appname: 'ops', timestamp, signature, username };
}

describe.each(dialects())('a loonflow caller walks a leave request to the end through REST alone (%s)', (dialect) => {
  let t: TestApp;
  const api = (method: 'get' | 'post' | 'patch', path: string, username: string, body?: object) => {
    const req = request(t.app)[method](`/api/v1.0${path}`).set(loonflowHeaders(username));
    return (body ? req.send(body) : req).expect(200).then((r) => r.body as { code: number; msg: string; data: any });
  };

  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it('creates, reads, handles twice, and sees the history on the way', async () => {
    const init = await api('get', '/workflows/1/init_state', 'admin');
    expect(init.code).toBe(0);
    expect(init.data.transition.map((x: { transition_id: number }) => x.transition_id)).toEqual([1]);

    const created = await api('post', '/tickets', 'admin', {
      workflow_id: 1,
      transition_id: 1,
      title: '世界这么大，出去看看',
      reason: '<p>世界这么大</p>',
      date_start: '2020-04-13 00:00:00',
      date_end: '2020-04-23 00:00:00',
      suggestion: '请批准',
    });
    expect(created).toEqual({ code: 0, msg: '', data: { ticket_id: expect.any(Number) } });
    const id = created.data.ticket_id;

    const detail = await api('get', `/tickets/${id}`, 'admin');
    expect(detail.data.value).toMatchObject({ id, state_id: 2, participant: 'admin', participant_type_id: 1, act_state_id: 1, creator: 'admin' });
    expect(detail.data.value.gmt_created).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(detail.data.value.field_list.find((f: { field_key: string }) => f.field_key === 'date_start').field_value).toBe('2020-04-13 00:00:00');

    const transitions = await api('get', `/tickets/${id}/transitions`, 'admin');
    expect(transitions.data.value.map((x: { transition_name: string }) => x.transition_name)).toEqual(['同意', '拒绝']);

    expect(await api('patch', `/tickets/${id}`, 'admin', { transition_id: 2, suggestion: '同意' })).toEqual({ code: 0, msg: '', data: { value: true } });
    const duty = await api('get', '/tickets?category=duty', 'hr');
    expect(duty.data.value.map((x: { id: number }) => x.id)).toContain(id);

    expect((await api('patch', `/tickets/${id}`, 'hr', { transition_id: 4, suggestion: '准了' })).code).toBe(0);
    const done = await api('get', `/tickets/${id}`, 'admin');
    expect(done.data.value).toMatchObject({ state_id: 4, act_state_id: 4, participant: '' });

    const logs = await api('get', `/tickets/${id}/flowlogs`, 'admin');
    expect(logs.data.total).toBe(3);
    expect(logs.data.value.map((l: { transition: { transition_name: string } }) => l.transition.transition_name)).toEqual(['同意', '同意', '提交']);
    expect(logs.data.value[2]).toMatchObject({ state: { state_id: 1, state_name: '发起人-编辑中' }, participant: 'admin', suggestion: '请批准' });
    expect(logs.data.value[0].participant_info).toMatchObject({ participant: 'hr', participant_alias: '人事', participant_email: 'hr@example.com' });

    const steps = await api('get', `/tickets/${id}/flowsteps`, 'admin');
    expect(steps.data.current_state_id).toBe(4);
    expect(steps.data.value.map((s: { state_id: number }) => s.state_id)).toEqual([1, 2, 3, 4]);
    expect(steps.data.value.map((s: { state_flow_log_list: unknown[] }) => s.state_flow_log_list.length)).toEqual([1, 1, 1, 0]);

    const hrDuty = await api('get', '/tickets?category=duty', 'hr');
    expect(hrDuty.data.value.map((x: { id: number }) => x.id)).not.toContain(id);
  });
});
