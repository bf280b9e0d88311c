import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ticket, TicketUser, WorkflowAdmin } from '../../src/db/entities';
import { TTicketsDocument, type TTicketsQueryVariables } from '../generated';
import { flushCatalogEdit, type TestApp } from '../support/app';
import { createTicket, expectGqlError, expectRestError, handleOk, newLeave, newVpn, patchTicket, startCasesApp } from '../support/cases';
import { dialects } from '../support/db';

const HOUR = 3600_000;

describe.each(dialects())('§13 list (%s)', (dialect) => {
  let t: TestApp;
  let t1: number;
  let t2: number;
  let t3: number;

  beforeAll(async () => {
    t = await startCasesApp(dialect);
    t1 = await newLeave(t);
    t2 = await newLeave(t, 'admin', { title: '请假去相亲' });
    t3 = await newVpn(t);
    const now = Date.now();
    for (const [i, id] of [t1, t2, t3].entries()) {
      await patchTicket(t, id, { sn: `ops_20200412000${i + 1}`, createdAt: new Date(now - (3 - i) * HOUR) });
    }
    const em = t.orm.em.fork();
    (await em.findOneOrFail(TicketUser, { ticketId: t1, username: 'admin' })).inProcess = false;
    em.persist(em.create(TicketUser, { ticketId: t1, username: '', inProcess: true, createdAt: new Date(now - 3 * HOUR) }));
    em.persist(em.create(WorkflowAdmin, { workflowId: 2, username: 'scm' }));
    await flushCatalogEdit(t, em);
  });
  afterAll(async () => t?.close());

  /** REST list ids (and the GraphQL list ids, which must agree). */
  async function ids(query: string, username: string, vars?: TTicketsQueryVariables) {
    const res = await t.rest('get', `/tickets?${query}`, username);
    expect(res.body.code, JSON.stringify(res.body)).toBe(0);
    const restIds = res.body.data.value.map((i: any) => i.id);
    if (vars) {
      const gql = await t.gqlOk(TTicketsDocument, vars, username);
      expect(gql.tickets.items.map((i) => i.id)).toEqual(restIds);
      expect(gql.tickets.total).toBe(res.body.data.total);
    }
    return restIds as number[];
  }

  it('case 89: owner lists the creator’s tickets newest first; reverse=0 oldest first', async () => {
    expect(await ids('category=owner', 'admin', { category: 'OWNER' })).toEqual([t3, t2, t1]);
    expect(await ids('category=owner&reverse=0', 'admin', { category: 'OWNER', filter: { ascending: true } })).toEqual([t1, t2, t3]);
    const res = await t.rest('get', '/tickets?category=owner', 'admin');
    expect(res.body.data).toMatchObject({ total: 3, page: 1, per_page: 10 });
    expect(res.body.data.value[0]).toMatchObject({
      id: t3,
      creator: 'admin',
      title: '申请vpn在家远程办公',
      workflow_id: 2,
      sn: 'ops_202004120003',
      state_id: 6,
      participant_type_id: 2,
      participant: 'ops,ops2',
      act_state_id: 1,
      multi_all_person: '{}',
      is_deleted: false,
      in_add_node: false,
      add_node_man: '',
      gmt_created: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
      state: { state_id: 6, state_name: '运维人员-审批中', state_label: {} },
      participant_info: {
        participant_type_id: 2,
        participant: 'ops,ops2',
        participant_name: 'ops,ops2',
        participant_type_name: '多人',
        participant_alias: '运维,运维2',
      },
      creator_info: { username: 'admin', alias: '超级管理员', is_active: true, email: 'admin@example.com', dept_info: { id: 1, name: 'loonflow' } },
      workflow_info: { workflow_id: 2, workflow_name: 'vpn申请' },
      workflow: { workflow_id: 2, workflow_name: 'vpn申请' },
    });
  });

  it('case 90: duty lists what the user must act on now, from the index', async () => {
    expect(await ids('category=duty', 'ops', { category: 'DUTY' })).toEqual([t3]);
    expect(await ids('category=duty', 'admin', { category: 'DUTY' })).toEqual([t2]);
  });

  it('case 91: a finished ticket leaves duty and stays in relation', async () => {
    const id = await newLeave(t, 'scm');
    expect(await ids('category=duty', 'admin')).toContain(id);
    await handleOk(t, id, 'admin', { transition_id: 2 });
    expect(await ids('category=duty', 'hr', { category: 'DUTY' })).toEqual([id]);
    await handleOk(t, id, 'hr', { transition_id: 4 });
    for (const user of ['hr', 'admin', 'scm']) {
      expect(await ids('category=duty', user)).not.toContain(id);
      expect(await ids('category=relation', user, { category: 'RELATION' })).toContain(id);
    }
  });

  it('case 92: a handler who acted finds the ticket in relation and worked, not duty', async () => {
    await handleOk(t, t3, 'ops', { transition_id: 8 });
    expect(await ids('category=relation', 'ops', { category: 'RELATION' })).toEqual([t3]);
    expect(await ids('category=worked', 'ops', { category: 'WORKED' })).toEqual([t3]);
    expect(await ids('category=duty', 'ops', { category: 'DUTY' })).toEqual([]);
    expect(await ids('category=relation', 'ops2')).toEqual([t3]);
    expect(await ids('category=worked', 'ops2')).toEqual([]);
    expect(await ids('category=duty', 'ops2')).toEqual([]);
  });

  it('case 93: an invalid or missing category is refused', async () => {
    for (const query of ['category=foo', '']) {
      expectRestError(await t.rest('get', `/tickets?${query}`, 'admin'), 'category value is invalid, it should be in all, owner, duty, relation');
    }
    expectGqlError(await t.gql(TTicketsDocument, { category: 'FOO' as never }), 'BAD_INPUT');
  });

  it('case 94: sn is a prefix match and title a substring match', async () => {
    expect(await ids('category=all&sn=ops_2020041200', 'admin', { category: 'ALL', filter: { sn: 'ops_2020041200' } })).toEqual([t3, t2, t1]);
    expect(await ids('category=all&title=vpn', 'admin', { category: 'ALL', filter: { title: 'vpn' } })).toEqual([t3]);
    expect(await ids('category=all&title=%E7%9B%B8%E4%BA%B2', 'admin', { category: 'ALL', filter: { title: '相亲' } })).toEqual([t2]);
    expect(await ids('category=all&sn=ops_2020041200%25', 'admin')).toEqual([]);
  });

  it('case 95: workflow_ids narrows the app scope and never widens it', async () => {
    expect(await ids('category=owner&workflow_ids=2', 'admin', { category: 'OWNER', filter: { workflowIds: [2] } })).toEqual([t3]);
    expect(await ids('category=owner&workflow_ids=5', 'admin', { category: 'OWNER', filter: { workflowIds: [5] } })).toEqual([]);
    expectRestError(await t.rest('get', '/tickets?category=owner&workflow_ids=1,x', 'admin'), 'workflow_ids');
  });

  it('case 96: state_ids and ticket_ids filter by membership', async () => {
    expect(await ids('category=owner&state_ids=2', 'admin', { category: 'OWNER', filter: { stateIds: [2] } })).toEqual([t2, t1]);
    expect(await ids(`category=owner&ticket_ids=${t1},${t3}`, 'admin', { category: 'OWNER', filter: { ticketIds: [t1, t3] } })).toEqual([t3, t1]);
  });

  it('case 97: without date bounds the last year is listed; create_start reaches older tickets', async () => {
    const old = await newLeave(t, 'hr');
    await patchTicket(t, old, { createdAt: new Date(Date.now() - 395 * 24 * HOUR) });
    expect(await ids('category=owner', 'hr', { category: 'OWNER' })).toEqual([]);
    expect(await ids('category=owner&create_start=2000-01-01', 'hr', { category: 'OWNER', filter: { createStart: '2000-01-01' } })).toEqual([old]);
    expect(await ids('category=owner&create_end=2099-01-01', 'hr')).toEqual([old]);
    expectRestError(await t.rest('get', '/tickets?category=owner&create_start=yesterday', 'hr'), 'create_start');
  });

  it('case 98: is_end and is_rejected map onto act_state (Decision §7.1)', async () => {
    const [done, closed, refused, open] = [await newLeave(t, 'david'), await newLeave(t, 'david'), await newLeave(t, 'david'), await newLeave(t, 'david')];
    await handleOk(t, done, 'david', { transition_id: 2 });
    await handleOk(t, done, 'hr', { transition_id: 4 });
    expect((await t.rest('post', `/tickets/${closed}/close`, 'admin', {})).body.code).toBe(0);
    await handleOk(t, refused, 'david', { transition_id: 3 });
    const act = async (id: number) => (await t.orm.em.fork().findOneOrFail(Ticket, { id })).actStateId;
    expect([await act(done), await act(closed), await act(refused), await act(open)]).toEqual([4, 5, 2, 1]);
    const q = 'category=owner&reverse=0';
    expect(await ids(`${q}&is_end=1`, 'david', { category: 'OWNER', filter: { ascending: true, isEnd: true } })).toEqual([done, closed]);
    expect(await ids(`${q}&is_end=0`, 'david', { category: 'OWNER', filter: { ascending: true, isEnd: false } })).toEqual([refused, open]);
    expect(await ids(`${q}&is_rejected=1`, 'david', { category: 'OWNER', filter: { ascending: true, isRejected: true } })).toEqual([refused]);
    expect(await ids(`${q}&is_rejected=0`, 'david')).toEqual([done, closed, open]);
    expect(await ids(`${q}&act_state_id=5`, 'david', { category: 'OWNER', filter: { actStateId: 5 } })).toEqual([closed]);
  });

  it('case 99: pages split the matches; total counts them all', async () => {
    const res = await t.rest('get', '/tickets?category=owner&per_page=2&page=2', 'admin');
    expect(res.body.data).toMatchObject({ total: 3, page: 2, per_page: 2 });
    expect(res.body.data.value.map((i: any) => i.id)).toEqual([t1]);
    expect(await ids('category=owner&per_page=2&page=2', 'admin', { category: 'OWNER', page: 2, perPage: 2 })).toEqual([t1]);
    expectRestError(await t.rest('get', '/tickets?category=owner&per_page=0', 'admin'), 'per_page');
  });

  it('case 100: from_admin limits to managed workflows and allows the creator filter', async () => {
    const vars = { category: 'ALL' as const, filter: { fromAdmin: true, creator: 'admin' }, perPage: 100 };
    expect(await ids('category=all&from_admin=1&creator=admin&per_page=100', 'scm', vars)).toEqual([t3]);
    expect(await ids('category=all&from_admin=0&creator=admin&per_page=100', 'scm')).toEqual([t3]);
    expect(await ids('category=all&from_admin=1&per_page=100', 'webb')).toEqual([]);
    const boss = await ids('category=all&from_admin=1&creator=admin&per_page=100', 'boss');
    expect(boss).toEqual(expect.arrayContaining([t1, t2, t3]));
  });

  it('case 101: category all lists every ticket of the app’s workflows, without a view filter', async () => {
    const since = new Date(Date.now() - 365 * 24 * HOUR);
    const expected = (
      await t.orm.em
        .fork()
        .find(Ticket, { isDeleted: false, createdAt: { $gte: since }, workflowId: [1, 2, 10, 11, 12, 13] }, { orderBy: { createdAt: 'desc', id: 'desc' } })
    ).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(5);
    expect(await ids('category=all&per_page=100', 'goods_1', { category: 'ALL', perPage: 100 })).toEqual(expected);
    const guarded = await createTicket(t, { workflow_id: 10, transition_id: 100, title: 'x', reason: 'r', days: 1 }, 'hr');
    expect(await ids('category=all&per_page=100', 'goods_1')).toContain(guarded);
  });

  it('title is a case-sensitive substring and sn a case-sensitive prefix; % and _ are plain characters', async () => {
    const all = { category: 'ALL' as const };
    expect(await ids('category=all&title=VPN', 'admin', { ...all, filter: { title: 'VPN' } })).toEqual([]);
    expect(await ids('category=all&title=Vpn', 'admin', { ...all, filter: { title: 'Vpn' } })).toEqual([]);
    expect(await ids('category=all&title=%E5%8E%BB_%E7%9C%8B', 'admin', { ...all, filter: { title: '去_看' } })).toEqual([]);
    expect(await ids('category=all&title=%25', 'admin', { ...all, filter: { title: '%' } })).toEqual([]);
    expect(await ids('category=all&sn=OPS_2020', 'admin', { ...all, filter: { sn: 'OPS_2020' } })).toEqual([]);
    expect(await ids('category=all&sn=ops_2020_4', 'admin', { ...all, filter: { sn: 'ops_2020_4' } })).toEqual([]);
    expect(await ids('category=all&sn=20200412', 'admin', { ...all, filter: { sn: '20200412' } })).toEqual([]);
    const underscored = await createTicket(t, {
      workflow_id: 1,
      transition_id: 1,
      title: '100%_done VPN',
      reason: 'r',
      date_start: '2020-04-13 00:00:00',
      date_end: '2020-04-14 00:00:00',
    });
    expect(await ids('category=all&title=100%25_done', 'admin', { ...all, filter: { title: '100%_done' } })).toEqual([underscored]);
    expect(await ids('category=all&title=VPN', 'admin', { ...all, filter: { title: 'VPN' } })).toEqual([underscored]);
    expect(await ids('category=all&sn=ops_2020041200', 'admin', { ...all, filter: { sn: 'ops_2020041200' } })).toEqual([t3, t2, t1]);
  });
});
