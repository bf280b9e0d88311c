import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { print } from 'graphql';
import { State } from '../../src/db/entities';
import { DEMO_TOKEN } from '../../src/server/graphiql-defaults';
import { TAddNodeDocument, TCreateDocument, THandleDocument, TTicketsDocument } from '../generated';
import { flushCatalogEdit, type TestApp } from '../support/app';
import {
  createTicket,
  expectGqlError,
  expectRestError,
  flowLogs,
  gqlAs,
  handleOk,
  newLeave,
  newMode,
  newVpn,
  patchTicket,
  outboxJobs,
  startCasesApp,
  ticketRow,
  ticketUsers,
  TO,
  WF,
} from '../support/cases';
import { dialects } from '../support/db';

describe.each(dialects())('§13 handle (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startCasesApp(dialect);
  });
  afterAll(async () => t?.close());

  const gqlHandle = (ticketId: number, transitionId: number, username: string, fields: Record<string, unknown> = {}, suggestion?: string) =>
    t.gql(THandleDocument, { input: { ticketId, transitionId, fields, suggestion } }, username);

  /** REST and GraphQL refuse the same handle on two equal tickets, leaving them unchanged. */
  /** REST answers loonflow's wording (`restMessage`), GraphQL the engine's English message (`gqlMessage`, where it differs) with the code. */
  async function refusedBoth(make: () => Promise<number>, username: string, transitionId: number, restMessage: string, code: string, gqlMessage = restMessage) {
    const [a, b] = [await make(), await make()];
    const before = await ticketRow(t, a);
    expectRestError(await t.rest('patch', `/tickets/${a}`, username, { transition_id: transitionId }), restMessage);
    expectGqlError(await gqlHandle(b, transitionId, username), code, gqlMessage);
    for (const id of [a, b])
      expect(await ticketRow(t, id)).toMatchObject({ stateId: before.stateId, version: before.version, participant: before.participant });
  }

  it('case 36: the handler moves the ticket on; log at the source state, handler worked', async () => {
    const [a, b] = [await newLeave(t), await newLeave(t)];
    await handleOk(t, a, 'admin', { transition_id: 2, suggestion: 'ok' });
    const gql = await gqlHandle(b, 2, 'admin', {}, 'ok');
    expect(gql.data?.handleTicket).toMatchObject({ stateId: 3, participant: 'hr', participantTypeId: 1, actStateId: 1 });
    for (const id of [a, b]) {
      expect(await ticketRow(t, id)).toMatchObject({ stateId: 3, participantTypeId: 1, participant: 'hr', actStateId: 1, relation: 'admin,hr' });
      const logs = await flowLogs(t, id);
      expect(logs.at(-1)).toMatchObject({ transitionId: 2, stateId: 2, participant: 'admin', interveneTypeId: 0, suggestion: 'ok' });
      expect(await ticketUsers(t, id)).toEqual({ admin: { inProcess: false, worked: true }, hr: { inProcess: true, worked: false } });
    }
  });

  it('case 37: a non-handler is refused', async () => {
    await refusedBoth(
      () => newLeave(t),
      'webb',
      2,
      'not current participant, no permission',
      'NOT_A_PARTICIPANT',
      'webb is not a current handler of this ticket',
    );
    const atHr = async () => {
      const id = await newLeave(t);
      await handleOk(t, id, 'admin', { transition_id: 2 });
      return id;
    };
    await refusedBoth(atHr, 'admin', 4, 'not current participant, no permission', 'NOT_A_PARTICIPANT', 'admin is not a current handler of this ticket');
  });

  it('case 38: in accept mode a candidate must accept first', async () => {
    await refusedBoth(() => newMode(t, TO.ACCEPT), 'ops', 140, '需要先接单再处理', 'NEED_ACCEPT', 'accept it before handling it');
  });

  it('case 39: in add-node the target may only finish the add-node', async () => {
    const make = async () => {
      const id = await newLeave(t);
      await t.gqlOk(TAddNodeDocument, { input: { ticketId: id, targetUsername: 'lilian' } }, 'admin');
      return id;
    };
    await refusedBoth(make, 'lilian', 2, '工单当前处于加签中，只允许加签完成操作', 'IN_ADD_NODE', 'only finishing the add-node is allowed');
  });

  it('case 40: a transition of another state is invalid', async () => {
    await refusedBoth(() => newLeave(t), 'admin', 4, 'transition_id is invalid', 'INVALID_TRANSITION');
    await refusedBoth(() => newLeave(t), 'admin', 9999, 'transition_id is invalid', 'INVALID_TRANSITION');
  });

  it('case 41: an empty body is refused', async () => {
    const id = await newLeave(t);
    expectRestError(await t.rest('patch', `/tickets/${id}`, 'admin'), 'patch参数为空');
  });

  it('case 42: a body without transition_id, or no username, is refused', async () => {
    const id = await newLeave(t);
    expectRestError(await t.rest('patch', `/tickets/${id}`, 'admin', {}), '参数不合法,请提供username，transition_id');
    expectRestError(await t.rest('patch', `/tickets/${id}`, 'admin', { suggestion: 'x' }), '参数不合法,请提供username，transition_id');
    const gql = await gqlAs(t, print(THandleDocument), { Authorization: `Bearer ${DEMO_TOKEN}` }, { input: { ticketId: id, transitionId: 2 } });
    expectGqlError(gql, 'BAD_INPUT', 'username is required');
    expect((await ticketRow(t, id)).stateId).toBe(2);
  });

  it('case 43: a refusal back to the start state hands the ticket to its creator, act_state 2', async () => {
    const [a, b] = [await newLeave(t, 'webb'), await newLeave(t, 'webb')];
    await handleOk(t, a, 'admin', { transition_id: 3 });
    expect((await gqlHandle(b, 3, 'admin')).data?.handleTicket).toMatchObject({ stateId: 1, actStateId: 2 });
    for (const id of [a, b]) {
      expect(await ticketRow(t, id)).toMatchObject({ stateId: 1, participantTypeId: 1, participant: 'webb', actStateId: 2 });
      expect((await ticketUsers(t, id)).webb.inProcess).toBe(true);
    }
  });

  it('case 44: the last agree finishes the ticket; it leaves every duty list', async () => {
    const [a, b] = [await newLeave(t), await newLeave(t)];
    for (const id of [a, b]) await handleOk(t, id, 'admin', { transition_id: 2 });
    await handleOk(t, a, 'hr', { transition_id: 4 });
    expect((await gqlHandle(b, 4, 'hr')).data?.handleTicket).toMatchObject({ stateId: 4, actStateId: 4, participant: '' });
    for (const id of [a, b]) {
      expect(await ticketRow(t, id)).toMatchObject({ stateId: 4, actStateId: 4, participant: '' });
      expect(Object.values(await ticketUsers(t, id)).some((u) => u.inProcess)).toBe(false);
      for (const user of ['admin', 'hr']) {
        const rest = await t.rest('get', `/tickets?category=duty&ticket_ids=${id}`, user);
        expect(rest.body.data.total).toBe(0);
        const gql = await t.gqlOk(TTicketsDocument, { category: 'DUTY', filter: { ticketIds: [id] } }, user);
        expect(gql.tickets.total).toBe(0);
      }
    }
  });

  it('case 45: an optional title is written; a read-only one is ignored', async () => {
    const [a, b] = [await newMode(t, TO.MULTI), await newMode(t, TO.MULTI)];
    await handleOk(t, a, 'webb', { transition_id: 145, title: 'new' });
    await t.gqlOk(THandleDocument, { input: { ticketId: b, transitionId: 145, fields: { title: 'new' } } }, 'webb');
    for (const id of [a, b]) expect(await ticketRow(t, id)).toMatchObject({ title: 'new', stateId: 137 });
    const [c, d] = [await newLeave(t), await newLeave(t)];
    await handleOk(t, c, 'admin', { transition_id: 2, title: 'changed' });
    await t.gqlOk(THandleDocument, { input: { ticketId: d, transitionId: 2, fields: { title: 'changed' } } }, 'admin');
    for (const id of [c, d]) expect((await ticketRow(t, id)).title).toBe('世界这么大，出去看看');
  });

  it('case 46: a field participant takes the value sent now, else the stored one', async () => {
    const [a, b] = [await newMode(t, TO.MULTI, { assignee: 'hr' }), await newMode(t, TO.MULTI, { assignee: 'hr' })];
    await handleOk(t, a, 'webb', { transition_id: 152, assignee: 'lilian' });
    await t.gqlOk(THandleDocument, { input: { ticketId: b, transitionId: 152, fields: { assignee: 'lilian' } } }, 'webb');
    for (const id of [a, b]) expect(await ticketRow(t, id)).toMatchObject({ stateId: 135, participantTypeId: 1, participant: 'lilian' });
    const [c, d] = [await newMode(t, TO.MULTI, { assignee: 'hr' }), await newMode(t, TO.MULTI, { assignee: 'hr' })];
    await handleOk(t, c, 'lilian', { transition_id: 152 });
    await t.gqlOk(THandleDocument, { input: { ticketId: d, transitionId: 152 } }, 'lilian');
    for (const id of [c, d]) expect(await ticketRow(t, id)).toMatchObject({ stateId: 135, participant: 'hr' });
  });

  it('case 47: a creator participant resolves to the ticket creator', async () => {
    const [a, b] = [await newMode(t, TO.FIELD, { assignee: 'hr' }, 'scm'), await newMode(t, TO.FIELD, { assignee: 'hr' }, 'scm')];
    await handleOk(t, a, 'hr', { transition_id: 146 });
    await t.gqlOk(THandleDocument, { input: { ticketId: b, transitionId: 146 } }, 'hr');
    for (const id of [a, b]) expect(await ticketRow(t, id)).toMatchObject({ stateId: 136, participantTypeId: 1, participant: 'scm' });
  });

  it('case 48: a multi participant with a duplicate resolves to type 2 with each user once', async () => {
    const em = t.orm.em.fork();
    const state = await em.findOneOrFail(State, { id: 134 });
    state.participant = 'webb,lilian,webb';
    await flushCatalogEdit(t, em);
    const a = await newMode(t, TO.MULTI);
    const b = (await t.gqlOk(TCreateDocument, { input: { workflowId: WF.MODES, transitionId: TO.MULTI, title: 'modes' } })).createTicket.id;
    for (const id of [a, b]) {
      expect(await ticketRow(t, id)).toMatchObject({ participantTypeId: 2, participant: 'webb,lilian' });
      expect(await ticketUsers(t, id)).toMatchObject({ webb: { inProcess: true }, lilian: { inProcess: true } });
    }
    await handleOk(t, a, 'lilian', { transition_id: 145 });
  });

  it('case 49: distribute random picks exactly one of the users', async () => {
    for (let i = 0; i < 6; i += 1) {
      const id =
        i % 2
          ? await newMode(t, TO.RANDOM)
          : (await t.gqlOk(TCreateDocument, { input: { workflowId: WF.MODES, transitionId: TO.RANDOM, title: 'r' } })).createTicket.id;
      const row = await ticketRow(t, id);
      expect(['webb', 'lilian']).toContain(row.participant);
      expect(row.participantTypeId).toBe(1);
      expect(
        Object.entries(await ticketUsers(t, row.id))
          .filter(([, u]) => u.inProcess)
          .map(([n]) => n),
      ).toEqual([row.participant]);
    }
  });

  it('legacy stored dept (3) and role (4) participants are still honoured', async () => {
    const leave = await newLeave(t);
    await handleOk(t, leave, 'admin', { transition_id: 2 });
    await patchTicket(t, leave, { participantTypeId: 3, participant: '2' });
    expectRestError(await t.rest('patch', `/tickets/${leave}`, 'webb', { transition_id: 4 }), 'not current participant, no permission');
    await handleOk(t, leave, 'hr', { transition_id: 4 });
    const vpn = await newVpn(t);
    await patchTicket(t, vpn, { participantTypeId: 4, participant: '1' });
    const list = await t.rest('get', `/tickets?category=all&ticket_ids=${vpn}`, 'admin');
    expect(list.body.data.value[0].participant_info).toMatchObject({ participant_type_name: '角色', participant_name: '运维人员' });
    expectGqlError(await gqlHandle(vpn, 8, 'webb'), 'NOT_A_PARTICIPANT', 'webb is not a current handler of this ticket');
    expect((await gqlHandle(vpn, 8, 'ops2')).data?.handleTicket).toMatchObject({ stateId: 7, participantTypeId: 10, participant: '***' });
  });

  it('case 102 (outbox only): a sub-ticket reaching an end state queues the parent check', async () => {
    const parent = await newLeave(t);
    const child = await createTicket(t, { workflow_id: WF.REQUIRED, transition_id: 104, title: 'child', parent_ticket_id: parent, parent_ticket_state_id: 2 });
    const open = (
      await t.gqlOk(TCreateDocument, {
        input: {
          workflowId: WF.REQUIRED,
          transitionId: 100,
          title: 'child 2',
          parentTicketId: parent,
          parentTicketStateId: 2,
          fields: { reason: 'r', days: 1 },
        },
      })
    ).createTicket.id;
    expect((await outboxJobs(t, parent)).map((j) => [j.kind, j.payload])).toEqual([['parent', { childId: child, parentStateId: 2 }]]);
    expect((await gqlHandle(open, 101, 'david')).data?.handleTicket.stateId).toBe(103);
    expect((await outboxJobs(t, parent)).map((j) => [j.kind, j.payload])).toEqual([
      ['parent', { childId: child, parentStateId: 2 }],
      ['parent', { childId: open, parentStateId: 2 }],
    ]);
  });

  it('case 103 (outbox only): a script destination queues the script with the notice', async () => {
    const a = await newMode(t, TO.SCRIPT);
    const b = (await t.gqlOk(TCreateDocument, { input: { workflowId: WF.MODES, transitionId: TO.SCRIPT, title: 's' } })).createTicket.id;
    for (const id of [a, b]) {
      const row = await ticketRow(t, id);
      expect(row).toMatchObject({ stateId: 138, participantTypeId: 6, participant: 'grant_vpn' });
      const jobs = await outboxJobs(t, id);
      expect(jobs.map((j) => [j.kind, j.status, j.payload])).toEqual([
        ['notice', 'pending', { noticeId: 130, version: row.version }],
        ['script', 'pending', { stateId: 138, version: row.version }],
      ]);
    }
  });

  it('case 104 (outbox only): a hook destination queues the hook request', async () => {
    const [a, b] = [await newVpn(t), await newVpn(t)];
    await handleOk(t, a, 'ops', { transition_id: 8 });
    await gqlHandle(b, 8, 'ops2');
    for (const id of [a, b]) {
      const row = await ticketRow(t, id);
      expect(row).toMatchObject({ stateId: 7, participantTypeId: 10, participant: '***' });
      expect((await outboxJobs(t, id)).map((j) => [j.kind, j.payload])).toEqual([['hook', { stateId: 7, version: row.version }]]);
      expect(Object.values(await ticketUsers(t, id)).some((u) => u.inProcess)).toBe(false);
    }
  });

  it('case 106 (outbox only): entering a state with a timer transition queues the timer', async () => {
    const a = await newMode(t, TO.TIMER);
    const b = (await t.gqlOk(TCreateDocument, { input: { workflowId: WF.MODES, transitionId: TO.TIMER, title: 't' } })).createTicket.id;
    for (const id of [a, b]) {
      const row = await ticketRow(t, id);
      const timer = (await outboxJobs(t, id)).find((j) => j.kind === 'timer')!;
      expect(timer.payload).toEqual({ transitionId: 149, stateId: 139, version: row.version });
      expect(Math.abs(new Date(timer.runAt).getTime() - (new Date(row.createdAt).getTime() + 60_000))).toBeLessThan(5_000);
    }
    await handleOk(t, a, 'admin', { transition_id: 150 });
    const kinds = (await outboxJobs(t, a)).map((j) => j.kind);
    expect(kinds).toEqual(['notice', 'timer', 'notice']);
  });

  it('outbox jobs are written with the change, never by a refused action', async () => {
    const id = await newMode(t, TO.ACCEPT);
    const before = (await outboxJobs(t, id)).length;
    expect(before).toBe(1);
    expectRestError(await t.rest('patch', `/tickets/${id}`, 'ops', { transition_id: 140 }), '需要先接单再处理');
    expectGqlError(await gqlHandle(id, 140, 'webb'), 'NOT_A_PARTICIPANT');
    expect((await outboxJobs(t, id)).length).toBe(before);
  });
});
