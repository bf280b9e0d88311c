import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TTransitionsDocument } from '../generated';
import type { TestApp } from '../support/app';
import { createTicket, expectRestError, newLeave, newMode, newVpn, patchTicket, startCasesApp, TO, WF } from '../support/cases';
import { dialects } from '../support/db';

const entry = (transition_id: number, transition_name: string, attribute_type_id: number, extra: Record<string, unknown> = {}) => ({
  transition_id,
  transition_name,
  field_require_check: false,
  is_accept: false,
  in_add_node: false,
  alert_enable: false,
  enable_alert: false,
  alert_text: '',
  attribute_type_id,
  ...extra,
});

describe.each(dialects())('§13 transitions (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startCasesApp(dialect);
  });
  afterAll(async () => t?.close());

  /** The REST list and the GraphQL list, which must agree. */
  async function both(id: number, username: string) {
    const res = await t.rest('get', `/tickets/${id}/transitions`, username);
    expect(res.body.code, JSON.stringify(res.body)).toBe(0);
    const gql = await t.gqlOk(TTransitionsDocument, { id }, username);
    expect(gql.ticketTransitions.map((x) => [x.transitionId, x.transitionName, x.isAccept, x.inAddNode, x.attributeTypeId])).toEqual(
      res.body.data.value.map((x: any) => [x.transition_id, x.transition_name, x.is_accept, x.in_add_node, x.attribute_type_id]),
    );
    return res.body.data.value;
  }

  it('case 30: the handler gets the transitions out of the current state', async () => {
    const id = await newLeave(t);
    expect(await both(id, 'admin')).toEqual([entry(2, '同意', 1), entry(3, '拒绝', 2)]);
  });

  it('case 31: a non-handler gets an empty list with code 0', async () => {
    const id = await newLeave(t);
    expect(await both(id, 'webb')).toEqual([]);
    expect(await both(id, 'nobody')).toEqual([]);
  });

  it('case 32: several handlers with distribute accept only see 接单', async () => {
    const id = await newMode(t, TO.ACCEPT);
    const accept = entry(0, '接单', 3, { is_accept: true });
    expect(await both(id, 'ops')).toEqual([accept]);
    expect(await both(id, 'ops2')).toEqual([accept]);
    expect(await both(id, 'webb')).toEqual([]);
    const legacy = await newMode(t, TO.ACCEPT);
    await patchTicket(t, legacy, { participantTypeId: 4, participant: '1' });
    expect(await both(legacy, 'ops')).toEqual([accept]);
  });

  it('case 33: several handlers with distribute direct see the transitions', async () => {
    const id = await newVpn(t);
    const expected = [entry(7, '拒绝', 2), entry(8, '同意', 1)];
    expect(await both(id, 'ops')).toEqual(expected);
    expect(await both(id, 'ops2')).toEqual(expected);
    const legacy = await newVpn(t);
    await patchTicket(t, legacy, { participantTypeId: 4, participant: '1', relation: 'ops,ops2,admin' });
    expect(await both(legacy, 'ops2')).toEqual(expected);
    expect(await both(legacy, 'admin')).toEqual([]);
  });

  it('case 34: in add-node the target only sees 完成 and the initiator nothing', async () => {
    const id = await newLeave(t);
    expect((await t.rest('post', `/tickets/${id}/add_node`, 'admin', { target_username: 'lilian' })).body.code).toBe(0);
    expect(await both(id, 'lilian')).toEqual([entry(0, '完成', 3, { in_add_node: true })]);
    expect(await both(id, 'admin')).toEqual([]);
  });

  it('case 35: a ticket in an end state offers nothing to anyone', async () => {
    const id = await createTicket(t, { workflow_id: WF.REQUIRED, transition_id: 104, title: 'done' }, 'webb');
    for (const user of ['webb', 'admin', 'david']) expect(await both(id, user)).toEqual([]);
    expectRestError(await t.rest('patch', `/tickets/${id}`, 'webb', { transition_id: 101 }), '工单当前状态无需操作');
  });
});
