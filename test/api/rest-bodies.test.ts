import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ticket } from '../../src/db/entities';
import { startTestApp, type TestApp } from '../support/app';
import { dialects } from '../support/db';
import { listen, signedAs, type RawAnswer } from '../support/raw-http';

/** How legacy clients label a JSON body: requests.post(url, data=json.dumps(body)) sends no Content-Type at all. */
const LABELS: Record<string, string | undefined> = {
  'application/json': 'application/json',
  'application/json; charset=utf-8': 'application/json; charset=utf-8',
  'no Content-Type': undefined,
  'text/plain': 'text/plain',
  'form encoding holding JSON': 'application/x-www-form-urlencoded',
};

const LEAVE = { workflow_id: 1, transition_id: 1, title: '出去看看', reason: '世界这么大', date_start: '2026-04-13 09:00:00', date_end: '2026-04-23 18:00:00' };

describe.each(dialects())('REST bodies are JSON whatever the Content-Type (%s)', (dialect) => {
  let t: TestApp;
  let http: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    http = await listen(t.app);
  });
  afterAll(async () => {
    await http?.close();
    await t?.close();
  });

  const call = (method: string, path: string, username: string, body: unknown, contentType: string | undefined): Promise<RawAnswer> =>
    http.send({
      method,
      path: `/api/v1.0${path}`,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { ...signedAs(username), ...(contentType ? { 'content-type': contentType } : {}) },
    });

  /** Every body-taking ticket action in turn on one new ticket; the answers and the ticket as they leave it. */
  async function walk(contentType: string | undefined) {
    const created = await call('POST', '/tickets', 'admin', LEAVE, contentType);
    const id = created.body?.data?.ticket_id as number;
    const answers: Record<string, unknown> = { create: { ...created.body, data: id > 0 ? 'a ticket id' : created.body?.data } };
    const steps: [string, string, string, string, unknown][] = [
      ['fields', 'PATCH', `/tickets/${id}/fields`, 'admin', { title: '改个标题', reason: '改个理由' }],
      ['comments', 'POST', `/tickets/${id}/comments`, 'admin', { suggestion: '一条评论' }],
      ['add_node', 'POST', `/tickets/${id}/add_node`, 'admin', { target_username: 'webb', suggestion: '请看看' }],
      ['add_node_end', 'POST', `/tickets/${id}/add_node_end`, 'webb', { suggestion: '看过了' }],
      ['deliver', 'POST', `/tickets/${id}/deliver`, 'admin', { target_username: 'lilian', suggestion: '交给你' }],
      ['handle', 'PATCH', `/tickets/${id}`, 'lilian', { transition_id: 2, suggestion: '同意' }],
      ['state', 'PUT', `/tickets/${id}/state`, 'admin', { state_id: 2, suggestion: '退回审批' }],
    ];
    for (const [name, method, path, username, body] of steps) answers[name] = (await call(method, path, username, body, contentType)).body;
    const detail = (await call('GET', `/tickets/${id}`, 'admin', {}, contentType)).body;
    const logs = (await call('GET', `/tickets/${id}/flowlogs?per_page=20`, 'admin', undefined, undefined)).body;
    const v = detail.data?.value ?? {};
    return {
      answers,
      ticket: {
        state_id: v.state_id,
        participant: v.participant,
        participant_type_id: v.participant_type_id,
        act_state_id: v.act_state_id,
        title: v.title,
        fields: (v.field_list ?? []).map((f: { field_key: string; field_value: unknown }) => [f.field_key, f.field_value]),
      },
      logs: (logs.data?.value ?? []).map((l: any) => [l.transition.transition_id, l.intervene_type_id, l.participant, l.suggestion, l.state.state_id]),
    };
  }

  it('create, fields, comments, add_node, add_node_end, deliver, handle and PUT state give the same results for every label', async () => {
    const reference = await walk('application/json');
    expect(
      Object.values(reference.answers).every((a: any) => a.code === 0),
      JSON.stringify(reference.answers),
    ).toBe(true);
    expect(reference.ticket).toMatchObject({ state_id: 2, title: '改个标题', act_state_id: 1 });
    expect(reference.logs, JSON.stringify(reference.logs)).toHaveLength(7);
    for (const [label, contentType] of Object.entries(LABELS)) {
      expect(await walk(contentType), label).toEqual(reference);
    }
  });

  it('a GET carrying {} answers what the same GET without a body answers', async () => {
    const plain = await call('GET', '/tickets?category=all&per_page=5', 'admin', undefined, undefined);
    for (const contentType of Object.values(LABELS)) {
      const withBody = await call('GET', '/tickets?category=all&per_page=5', 'admin', {}, contentType);
      expect(withBody.body, String(contentType)).toEqual(plain.body);
    }
    expect(plain.body.code).toBe(0);
  });

  it('a body that is not JSON answers code -1 naming the problem and creates nothing', async () => {
    const before = await t.orm.em.fork().count(Ticket, {});
    const send = (body: string, contentType?: string) =>
      http.send({
        method: 'POST',
        path: '/api/v1.0/tickets',
        body,
        headers: { ...signedAs('admin'), ...(contentType ? { 'content-type': contentType } : {}) },
      });
    for (const contentType of Object.values(LABELS)) {
      const broken = await send('{"workflow_id": 1, "transition_id": ', contentType);
      expect(broken.status, broken.text).toBe(200);
      expect(broken.body, String(contentType)).toMatchObject({ code: -1, msg: expect.stringMatching(/^请求参数不合法:the body is not valid JSON \(.+\)$/) });
      const list = await send('[1, 2]', contentType);
      expect(list.body, String(contentType)).toMatchObject({ code: -1, msg: '请求参数不合法:the body must be a JSON object' });
    }
    const form = await send('workflow_id=1&transition_id=1&title=x', 'application/x-www-form-urlencoded');
    expect(form.body).toMatchObject({ code: -1, msg: expect.stringContaining('form fields (key=value pairs)') });
    expect(form.body.msg).toContain('send the fields as a JSON object');
    expect(await t.orm.em.fork().count(Ticket, {})).toBe(before);
  });

  it('a body in a declared charset other than UTF-8 is decoded by it; an unknown charset is refused by name', async () => {
    const latin1 = Buffer.from(JSON.stringify({ ...LEAVE, title: 'café', reason: 'à bientôt' }), 'latin1');
    const res = await http.send({
      method: 'POST',
      path: '/api/v1.0/tickets',
      body: latin1,
      headers: { ...signedAs('admin'), 'content-type': 'text/plain; charset=latin1' },
    });
    expect(res.body, res.text).toMatchObject({ code: 0 });
    const row = await t.orm.em.fork().findOneOrFail(Ticket, { id: res.body.data.ticket_id });
    expect(row.title).toBe('café');
    const odd = await http.send({
      method: 'POST',
      path: '/api/v1.0/tickets',
      body: '{}',
      headers: { ...signedAs('admin'), 'content-type': 'application/json; charset=klingon' },
    });
    expect(odd.body).toMatchObject({ code: -1, msg: expect.stringContaining('unsupported charset "KLINGON"') });
  });
});
