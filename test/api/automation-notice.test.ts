import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THandleDocument } from '../generated';
import type { TestApp } from '../support/app';
import { drain, jobsOf, makeDue, memoryLogger, signedWith, startAutomationSuite, stopAutomationSuite, testWorker } from '../support/automation';
import { createTicket } from '../support/cases';
import { dialects } from '../support/db';
import type { Answer, Receiver } from '../support/receiver';

describe.each(dialects())('automation: notices (%s)', (dialect) => {
  let t: TestApp;
  let receiver: Receiver;
  const answers: Record<string, Answer> = {};
  beforeAll(async () => {
    ({ t, receiver } = await startAutomationSuite(dialect, (hit) => answers[hit.path]));
  });
  afterAll(() => stopAutomationSuite(t, receiver));

  const noticesFor = (path: string, id: number) => receiver.on(path).filter((h) => h.body.ticket_value_info?.id === id);
  const newestFlowLog = async (id: number) => (await t.rest('get', `/tickets/${id}/flowlogs`, 'admin')).body.data.value[0];

  it('after create every notice of the workflow gets the signed loonflow payload with the rendered templates', async () => {
    const { logger, lines } = memoryLogger();
    const id = await createTicket(t, { workflow_id: 32, transition_id: 320, title: 'laptop', reason: 'broken screen', suggestion: 'please' });
    expect((await jobsOf(t, id)).map((j) => [j.kind, j.status])).toEqual([
      ['notice', 'pending'],
      ['notice', 'pending'],
    ]);
    await drain(testWorker(t, {}, {}, logger));

    const [a] = noticesFor('/notice-a', id);
    const [b] = noticesFor('/notice-b', id);
    expect(signedWith(a!, 'token-a')).toBe(true);
    expect(signedWith(b!, 'token-b')).toBe(true);
    expect(b!.body).toEqual(a!.body);
    expect(a!.body).toMatchObject({
      title_result: 'laptop 待处理',
      content_result: '原因:broken screen; 创建人:admin; 缺:',
      participant: 'webb,ops',
      participant_type_id: 2,
      multi_all_person: '{}',
      ticket_value_info: { id, title: 'laptop', reason: 'broken screen', creator: 'admin', state_id: 321, workflow_id: 32 },
      last_flow_log: {
        ticket_id: id,
        transition: { transition_id: 320, transition_name: '提交', attribute_type_id: 1 },
        state: { state_id: 320, state_name: '草稿' },
        participant: 'admin',
        participant_type_id: 1,
        suggestion: 'please',
        intervene_type_id: 0,
        participant_info: { participant_type_id: 1, participant: 'admin', participant_alias: '超级管理员', participant_email: 'admin@example.com' },
      },
      participant_info_list: [
        { username: 'webb', alias: 'webb', email: 'webb@example.com' },
        { username: 'ops', alias: '运维', email: 'ops@example.com' },
      ],
    });
    expect(a!.body.last_flow_log.gmt_created).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    // Exactly the newest item of GET /tickets/{id}/flowlogs, key for key.
    expect(a!.body.last_flow_log).toEqual(await newestFlowLog(id));
    const warning = lines.find((l) => l.msg === 'notice template names unknown keys; rendered empty');
    expect(warning).toMatchObject({ level: 40, ticketId: id, workflowId: 32, missing: ['nope'] });
    expect((await jobsOf(t, id)).map((j) => [j.status, j.attempts])).toEqual([
      ['done', 1],
      ['done', 1],
    ]);
  });

  it('every handle sends the notices again with the new state, handler and last log', async () => {
    const id = await createTicket(t, { workflow_id: 32, transition_id: 320, title: 'monitor' });
    await drain(testWorker(t));
    await t.gqlOk(THandleDocument, { input: { ticketId: id, transitionId: 321, fields: {}, suggestion: 'approved' } }, 'ops');
    await drain(testWorker(t));
    const sent = noticesFor('/notice-a', id);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.body).toMatchObject({
      title_result: 'monitor 待处理',
      content_result: '原因:; 创建人:admin; 缺:',
      participant: '',
      ticket_value_info: { state_id: 322, act_state_id: 4 },
      last_flow_log: {
        transition: { transition_id: 321, transition_name: '同意' },
        state: { state_id: 321, state_name: '审批' },
        participant: 'ops',
        suggestion: 'approved',
      },
      participant_info_list: [],
    });
    expect(sent[1]!.body.last_flow_log).toEqual(await newestFlowLog(id));
    expect(noticesFor('/notice-b', id)).toHaveLength(2);
  });

  it('notices sent from a backlog show the ticket as each change left it', async () => {
    const id = await createTicket(t, { workflow_id: 32, transition_id: 320, title: 'backlog' });
    await t.gqlOk(THandleDocument, { input: { ticketId: id, transitionId: 321, fields: {}, suggestion: 'done' } }, 'webb');
    await drain(testWorker(t));
    const sent = noticesFor('/notice-a', id)
      .map((h) => h.body)
      .sort((x, y) => x.last_flow_log.id - y.last_flow_log.id);
    expect(sent).toMatchObject([
      {
        participant: 'webb,ops',
        ticket_value_info: { state_id: 321 },
        last_flow_log: { transition: { transition_id: 320 } },
        participant_info_list: [{ username: 'webb' }, { username: 'ops' }],
      },
      {
        participant: '',
        ticket_value_info: { state_id: 322 },
        last_flow_log: { transition: { transition_id: 321 }, participant: 'webb' },
        participant_info_list: [],
      },
    ]);
  });

  it('a notice receiver that fails is retried on its own; the other notice is not sent twice', async () => {
    answers['/notice-b'] = { status: 500, body: { msg: 'down' } };
    const id = await createTicket(t, { workflow_id: 32, transition_id: 320, title: 'keyboard' });
    const worker = testWorker(t, { maxAttempts: 2, backoffMs: 10 });
    await worker.tick();
    const [a, b] = await jobsOf(t, id);
    expect([a!.status, b!.status, b!.lastError]).toEqual(['done', 'pending', 'HTTP 500']);
    delete answers['/notice-b'];
    await makeDue(t, b!.id);
    await drain(worker);
    expect((await jobsOf(t, id)).map((j) => [j.status, j.attempts])).toEqual([
      ['done', 1],
      ['done', 2],
    ]);
    expect(noticesFor('/notice-a', id)).toHaveLength(1);
    expect(noticesFor('/notice-b', id)).toHaveLength(2);
  });
});
