import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowLog, TicketEvent, Workflow } from '../../src/db/entities';
import { TEventFeedDocument } from '../generated';
import { flushCatalogEdit, type TestApp } from '../support/app';
import { expectGqlError, expectRestError, newLeave, startCasesApp } from '../support/cases';
import { dialects } from '../support/db';

describe.each(dialects())('ticket events (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startCasesApp(dialect);
  });
  afterAll(async () => t?.close());

  const eventsOf = (id: number) => t.orm.em.fork().find(TicketEvent, { ticketId: id }, { orderBy: { id: 'asc' } });
  const post = (id: number, action: string, username: string, body?: Record<string, unknown>) => t.rest('post', `/tickets/${id}/${action}`, username, body);
  const okPost = async (id: number, action: string, username: string, body?: Record<string, unknown>) =>
    expect((await post(id, action, username, body)).body).toMatchObject({ code: 0 });

  it('every action appends exactly its event, in the same transaction, with the duty it moved', async () => {
    const id = await newLeave(t);
    await okPost(id, 'comments', 'admin', { suggestion: 'a note' });
    await okPost(id, 'deliver', 'admin', { target_username: 'webb', suggestion: 'yours' });
    await okPost(id, 'close', 'admin', { suggestion: 'done' });
    const events = await eventsOf(id);
    const logs = await t.orm.em.fork().find(FlowLog, { ticketId: id }, { orderBy: { id: 'asc' } });
    expect(events.map((e) => [e.type, e.actor, e.dutyAdded, e.dutyRemoved])).toEqual([
      ['CREATED', 'admin', ['admin'], []],
      ['COMMENTED', 'admin', [], []],
      ['DELIVERED', 'admin', ['webb'], ['admin']],
      ['CLOSED', 'admin', [], ['webb']],
    ]);
    expect(events.map((e) => e.flowLogId)).toEqual(logs.map((l) => l.id));
    expect(events[0]).toMatchObject({ workflowId: 1, fromStateId: 1, toStateId: 2 });
    expect(events[2]).toMatchObject({ fromStateId: 2, toStateId: 2 });
    const versions = events.map((e) => e.version);
    expect(versions.slice(1)).toEqual(versions.slice(0, -1).map((v) => v + 1));
    for (let i = 1; i < events.length; i++) expect(events[i].id).toBeGreaterThan(events[i - 1].id);
  });

  it('a refused action appends nothing', async () => {
    const id = await newLeave(t);
    expectRestError(await post(id, 'accept', 'admin'), 'participant is one people, do not accept ticket first');
    expectRestError(await post(id, 'deliver', 'webb', { target_username: 'ops' }), '');
    expect((await eventsOf(id)).map((e) => e.type)).toEqual(['CREATED']);
  });

  it('the feed pages by cursor, REST and GraphQL alike', async () => {
    const id = await newLeave(t);
    await okPost(id, 'comments', 'admin', { suggestion: 'one' });
    await okPost(id, 'comments', 'admin', { suggestion: 'two' });
    const all = await eventsOf(id);
    const after = all[0].id - 1;
    const gql = await t.gqlOk(TEventFeedDocument, { after, limit: 2, ticketId: id });
    expect(gql.ticketEvents.items.map((e) => e.type)).toEqual(['CREATED', 'COMMENTED']);
    expect(gql.ticketEvents.hasMore).toBe(true);
    const rest = await t.rest('get', `/events?after=${after}&limit=2&ticket_id=${id}`);
    expect(rest.body.code).toBe(0);
    expect(rest.body.data.value.map((e: { id: number }) => e.id)).toEqual(gql.ticketEvents.items.map((e) => e.id));
    expect(rest.body.data.cursor).toBe(gql.ticketEvents.cursor);
    expect(rest.body.data.value[0]).toMatchObject({ ticket_id: id, workflow_id: 1, type: 'CREATED', actor: 'admin', duty_added: ['admin'] });
    const next = await t.gqlOk(TEventFeedDocument, { after: gql.ticketEvents.cursor, limit: 500, ticketId: id });
    expect(next.ticketEvents.items.map((e) => e.id)).toEqual([all[2].id]);
    const typed = await t.rest('get', `/events?after=${after}&types=COMMENTED&ticket_id=${id}`);
    expect(typed.body.data.value.map((e: { id: number }) => e.id)).toEqual([all[1].id, all[2].id]);
  });

  it('bad feed input is refused with the parameter named', async () => {
    expectRestError(await t.rest('get', '/events?limit=501'), 'limit');
    expectRestError(await t.rest('get', '/events?after=-1'), 'after');
    expectRestError(await t.rest('get', '/events?types=NOPE'), 'unknown event type NOPE');
  });

  it('a user who may not view a ticket sees none of its events', async () => {
    const em = t.orm.em.fork();
    (await em.findOneOrFail(Workflow, { id: 1 })).viewPermissionCheck = true;
    await flushCatalogEdit(t, em);
    try {
      const id = await newLeave(t);
      const feed = async () => (await t.gqlOk(TEventFeedDocument, { after: 0, limit: 500, workflowIds: [1] }, 'webb')).ticketEvents;
      const hidden = await feed();
      expect(hidden.items.filter((e) => e.ticketId === id)).toEqual([]);
      expect(hidden.cursor).toBeGreaterThan(0);
      expectGqlError(await t.gql(TEventFeedDocument, { after: 0, limit: 500, ticketId: id }, 'webb'), 'FORBIDDEN');
      await okPost(id, 'deliver', 'admin', { target_username: 'webb' });
      const shown = await feed();
      expect(shown.items.filter((e) => e.ticketId === id).map((e) => e.type)).toEqual(['CREATED', 'DELIVERED']);
    } finally {
      (await em.findOneOrFail(Workflow, { id: 1 })).viewPermissionCheck = false;
      await flushCatalogEdit(t, em);
    }
  });
});
