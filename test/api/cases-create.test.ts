import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { importDefinitions } from '../../src/db/definitions';
import { Ticket } from '../../src/db/entities';
import { TCreateDocument } from '../generated';
import type { TestApp } from '../support/app';
import { createTicket, expectGqlError, expectRestError, flowLogs, startCasesApp, ticketRow, ticketUsers, ticketValueKeys, WF } from '../support/cases';
import { dialects } from '../support/db';

const LEAVE = { workflow_id: 1, transition_id: 1, title: 't', reason: 'r', date_start: '2020-04-13 00:00:00', date_end: '2020-04-14 00:00:00' };
/** A workflow whose transitions out of the start state all carry the refuse attribute. */
const REFUSING_STARTS = `
apps:
  - {id: 1, name: ops, token: 8cd585da-3cc6-11e8-9946-784f437daad6, workflows: [1, 2, 10, 11, 12, 13, 14], sn_prefix: ops}
workflows:
  - id: 14
    name: cases-refusing-starts
    view_permission_check: false
    states:
      - {id: 150, name: 草稿, type: start, fields: {title: required}}
      - {id: 151, name: 审批, participant: {type: user, value: admin}}
      - {id: 152, name: 完成, type: end}
    transitions:
      - {id: 150, name: 保存草稿, from: 150, to: 150, attribute: refuse, field_require_check: false}
      - {id: 151, name: 提交, from: 150, to: 151, attribute: refuse, field_require_check: false}
      - {id: 152, name: 直接结束, from: 150, to: 152, attribute: refuse, field_require_check: false}
      - {id: 153, name: 退回, from: 151, to: 150, attribute: refuse, field_require_check: false}
`;
const LEAVE_GQL = { workflowId: 1, transitionId: 1, title: 't', fields: { reason: 'r', date_start: '2020-04-13 00:00:00', date_end: '2020-04-14 00:00:00' } };

describe.each(dialects())('§13 create (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startCasesApp(dialect);
  });
  afterAll(async () => t?.close());

  const ticketCount = () => t.orm.em.fork().count(Ticket, {});

  /** Create through both faces; returns [restId, gqlId]. */
  async function createBoth(body: Record<string, unknown>, gqlInput: Record<string, unknown>, username = 'admin'): Promise<[number, number]> {
    const restId = await createTicket(t, body, username);
    const gql = await t.gqlOk(TCreateDocument, { input: gqlInput as any }, username);
    return [restId, gql.createTicket.id];
  }

  /** The REST and GraphQL attempts fail the same way and create nothing. */
  /** REST answers `message` (loonflow's wording); GraphQL `gqlMessage` (the engine's English) when given, else the same. */
  async function refusedBoth(
    body: Record<string, unknown>,
    gqlInput: Record<string, unknown>,
    message: string,
    code: string,
    username = 'admin',
    gqlMessage = message,
  ) {
    const before = await ticketCount();
    expectRestError(await t.rest('post', '/tickets', username, body), message);
    expectGqlError(await t.gql(TCreateDocument, { input: gqlInput as any }, username), code, gqlMessage);
    expect(await ticketCount()).toBe(before);
  }

  it('case 7: a leave request goes to the team leader, personal admin, act_state 1', async () => {
    const res = await t.rest('post', '/tickets', 'admin', LEAVE);
    expect(res.body).toEqual({ code: 0, msg: '', data: { ticket_id: expect.any(Number) } });
    const gql = await t.gqlOk(TCreateDocument, { input: LEAVE_GQL });
    expect(gql.createTicket).toMatchObject({ stateId: 2, participant: 'admin', participantTypeId: 1, actStateId: 1 });
    for (const id of [res.body.data.ticket_id, gql.createTicket.id]) {
      expect(await ticketRow(t, id)).toMatchObject({
        stateId: 2,
        participantTypeId: 1,
        participant: 'admin',
        actStateId: 1,
        creator: 'admin',
        relation: 'admin',
        title: 't',
      });
    }
  });

  it('case 8: creation writes one log and the creator row in_process, not worked', async () => {
    for (const id of await createBoth(LEAVE, LEAVE_GQL)) {
      const logs = await flowLogs(t, id);
      expect(logs).toHaveLength(1);
      expect(logs[0]).toMatchObject({ transitionId: 1, stateId: 1, participant: 'admin', participantTypeId: 1, interveneTypeId: 0 });
      expect(await ticketUsers(t, id)).toEqual({ admin: { inProcess: true, worked: false } });
    }
  });

  it('case 9: a string workflow_id is refused', async () => {
    expectRestError(await t.rest('post', '/tickets', 'admin', { ...LEAVE, workflow_id: '1' }), '请求参数不合法:');
    expectGqlError(await t.gql(TCreateDocument, { input: { ...LEAVE_GQL, workflowId: '1' as unknown as number } }), 'BAD_INPUT', 'Int cannot represent');
  });

  it('case 10: a missing transition_id is refused', async () => {
    const { transition_id: _omit, ...body } = LEAVE;
    expectRestError(await t.rest('post', '/tickets', 'admin', body), '请求参数不合法:');
    const { transitionId: _o, ...input } = LEAVE_GQL;
    expectGqlError(await t.gql(TCreateDocument, { input: input as any }), 'BAD_INPUT', 'transitionId');
  });

  it('case 11: a missing required field is refused with the required list', async () => {
    await refusedBoth(
      { workflow_id: WF.REQUIRED, transition_id: 100, title: 'x', days: 1 },
      { workflowId: WF.REQUIRED, transitionId: 100, title: 'x', fields: { days: 1 } },
      '此工单的必填字段为:title,reason',
      'FIELD_REQUIRED',
      'admin',
      'required fields are missing: reason (required here: title, reason)',
    );
  });

  it('case 12: a required field sent as null is refused (port, §12.4)', async () => {
    await refusedBoth(
      { workflow_id: WF.REQUIRED, transition_id: 100, title: 'x', reason: null, days: 1 },
      { workflowId: WF.REQUIRED, transitionId: 100, title: 'x', fields: { reason: null, days: 1 } },
      '此工单的必填字段为:title,reason (missing: reason)',
      'FIELD_REQUIRED',
      'admin',
      'required fields are missing: reason',
    );
    await refusedBoth(
      { workflow_id: WF.REQUIRED, transition_id: 100, title: 'x', reason: '  ', days: 1 },
      { workflowId: WF.REQUIRED, transitionId: 100, title: 'x', fields: { reason: '', days: 1 } },
      'missing: reason',
      'FIELD_REQUIRED',
      'admin',
      'missing: reason',
    );
  });

  it('case 13: a transition of another workflow is invalid', async () => {
    await refusedBoth({ ...LEAVE, transition_id: 6 }, { ...LEAVE_GQL, transitionId: 6 }, 'transition_id is invalid', 'INVALID_TRANSITION');
    await refusedBoth({ ...LEAVE, transition_id: 2 }, { ...LEAVE_GQL, transitionId: 2 }, 'transition_id is invalid', 'INVALID_TRANSITION');
  });

  it('case 14: the serial continues after the tickets already created that day', async () => {
    const day = new Date('2020-04-12T10:00:00+08:00');
    const em = t.orm.em.fork();
    for (const n of [1, 2, 3]) {
      em.persist(
        em.create(Ticket, {
          workflowId: 1,
          stateId: 2,
          sn: `ops_2020041200${String(n).padStart(2, '0')}`,
          title: `old ${n}`,
          creator: 'admin',
          createdAt: day,
          updatedAt: day,
        }),
      );
    }
    await em.flush();
    vi.useFakeTimers({ toFake: ['Date'], now: day });
    try {
      const restId = await createTicket(t, LEAVE);
      const gql = await t.gqlOk(TCreateDocument, { input: LEAVE_GQL });
      expect((await ticketRow(t, restId)).sn).toBe('ops_202004120004');
      expect(gql.createTicket.sn).toBe('ops_202004120005');
    } finally {
      vi.useRealTimers();
    }
    const [a, b] = await createBoth(LEAVE, LEAVE_GQL);
    const [snA, snB] = [(await ticketRow(t, a)).sn, (await ticketRow(t, b)).sn];
    expect(snA).toMatch(/^ops_\d{8}\d{4}$/);
    expect(Number(snB.slice(-4))).toBe(Number(snA.slice(-4)) + 1);
    expect(snB.slice(0, 12)).toBe(snA.slice(0, 12));
  });

  it('case 15: a body key that is not a field is ignored', async () => {
    const restId = await createTicket(t, { ...LEAVE, foo: 'bar' });
    const gql = await t.gqlOk(TCreateDocument, { input: { ...LEAVE_GQL, fields: { ...LEAVE_GQL.fields, foo: 'bar' } } });
    for (const id of [restId, gql.createTicket.id]) expect(await ticketValueKeys(t, id)).toEqual(['date_end', 'date_start', 'reason']);
  });

  it('case 16: a custom field the start state does not list is not stored', async () => {
    const [a, b] = await createBoth(
      { workflow_id: WF.REQUIRED, transition_id: 100, title: 'x', reason: 'r', days: 1, note: 'sneaky' },
      { workflowId: WF.REQUIRED, transitionId: 100, title: 'x', fields: { reason: 'r', days: 1, note: 'sneaky' } },
    );
    for (const id of [a, b]) expect(await ticketValueKeys(t, id)).toEqual(['days', 'reason']);
  });

  it('case 17: limit_expression allow_persons refuses other users', async () => {
    const body = { workflow_id: WF.LIMIT_PERSON, transition_id: 110, title: 'x' };
    const input = { workflowId: WF.LIMIT_PERSON, transitionId: 110, title: 'x' };
    await refusedBoth(body, input, 'user ops is not allowed to create tickets of this workflow', 'LIMIT_EXCEEDED', 'ops');
    const [a, b] = await createBoth(body, input, 'webb');
    expect((await ticketRow(t, a)).stateId).toBe(111);
    expect((await ticketRow(t, b)).stateId).toBe(111);
  });

  it('case 17 (limit count): count per period refuses at count_so_far >= count (Decision §6.9)', async () => {
    const body = { workflow_id: WF.LIMIT_COUNT, transition_id: 120, title: 'x' };
    const input = { workflowId: WF.LIMIT_COUNT, transitionId: 120, title: 'x' };
    await createBoth(body, input, 'scm');
    await refusedBoth(body, input, 'already created 2 tickets in the last 24 hours (limit 2)', 'LIMIT_EXCEEDED', 'scm');
    await createTicket(t, body, 'hr');
  });

  it('case 18: a condition picks the destination from the body', async () => {
    const [urgent, normal] = await createBoth(
      { workflow_id: WF.REQUIRED, transition_id: 100, title: 'x', reason: 'r', days: 5 },
      { workflowId: WF.REQUIRED, transitionId: 100, title: 'x', fields: { reason: 'r', days: 2 } },
    );
    expect(await ticketRow(t, urgent)).toMatchObject({ stateId: 102, participant: 'lilian' });
    expect(await ticketRow(t, normal)).toMatchObject({ stateId: 101, participant: 'david' });
    const [normal2, urgent2] = await createBoth(
      { workflow_id: WF.REQUIRED, transition_id: 100, title: 'x', reason: 'r', days: 3 },
      { workflowId: WF.REQUIRED, transitionId: 100, title: 'x', fields: { reason: 'r', days: 4 } },
    );
    expect((await ticketRow(t, normal2)).stateId).toBe(101);
    expect((await ticketRow(t, urgent2)).stateId).toBe(102);
  });

  it('case 19: a condition key missing from the body is refused naming the key', async () => {
    await refusedBoth(
      { workflow_id: WF.REQUIRED, transition_id: 100, title: 'x', reason: 'r' },
      { workflowId: WF.REQUIRED, transitionId: 100, title: 'x', fields: { reason: 'r' } },
      'unknown key "days"',
      'BAD_INPUT',
    );
  });

  it('case 20: a start→start transition saves a draft (act_state 0, participant creator)', async () => {
    const [a, b] = await createBoth(
      { workflow_id: WF.REQUIRED, transition_id: 103, title: 'draft' },
      { workflowId: WF.REQUIRED, transitionId: 103, title: 'draft' },
      'webb',
    );
    for (const id of [a, b]) {
      expect(await ticketRow(t, id)).toMatchObject({ stateId: 100, actStateId: 0, participantTypeId: 1, participant: 'webb' });
      expect(await ticketUsers(t, id)).toEqual({ webb: { inProcess: true, worked: false } });
    }
  });

  it('create takes act_state from the destination alone: a refuse attribute applies on handle, not on create', async () => {
    await importDefinitions(t.orm, REFUSING_STARTS, { source: 'refusing-starts.yaml' });
    const expected: [number, number, number][] = [
      [150, 150, 0],
      [151, 151, 1],
      [152, 152, 4],
    ];
    for (const [transitionId, stateId, actStateId] of expected) {
      const [a, b] = await createBoth(
        { workflow_id: 14, transition_id: transitionId, title: 'refusing start' },
        { workflowId: 14, transitionId, title: 'refusing start' },
        'webb',
      );
      for (const id of [a, b]) expect(await ticketRow(t, id), `transition ${transitionId}`).toMatchObject({ stateId, actStateId });
      const gql = await t.gqlOk(TCreateDocument, { input: { workflowId: 14, transitionId, title: 'refusing start' } }, 'webb');
      expect(gql.createTicket.actStateId).toBe(actStateId);
    }
    const sentBack = await createTicket(t, { workflow_id: 14, transition_id: 151, title: 'sent back' }, 'webb');
    const res = await t.rest('patch', `/tickets/${sentBack}`, 'admin', { transition_id: 153 });
    expect(res.body.code, JSON.stringify(res.body)).toBe(0);
    expect(await ticketRow(t, sentBack)).toMatchObject({ stateId: 150, actStateId: 2, participant: 'webb' });
  });

  it('case 21: a start→end transition finishes at once (act_state 4, participant empty)', async () => {
    const [a, b] = await createBoth(
      { workflow_id: WF.REQUIRED, transition_id: 104, title: 'done' },
      { workflowId: WF.REQUIRED, transitionId: 104, title: 'done' },
      'webb',
    );
    for (const id of [a, b]) {
      expect(await ticketRow(t, id)).toMatchObject({ stateId: 103, actStateId: 4, participant: '' });
      expect(await ticketUsers(t, id)).toEqual({ webb: { inProcess: false, worked: false } });
    }
  });
});
