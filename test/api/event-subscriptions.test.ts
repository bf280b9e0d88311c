import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { Workflow } from '../../src/db/entities';
import { TEventFeedDocument } from '../generated';
import { flushCatalogEdit, type TestApp } from '../support/app';
import { newLeave, startCasesApp } from '../support/cases';
import { dialects } from '../support/db';
import { eventually } from '../support/process';
import { subscribe, wsClient } from '../support/subscriptions';

const TICKET_EVENTS = 'subscription ($id: Int!, $after: Int) { ticketEvents(ticketId: $id, afterCursor: $after) { id ticketId type actor dutyAdded } }';
const WORKFLOW_EVENTS = 'subscription ($ids: [Int!], $after: Int) { workflowEvents(workflowIds: $ids, afterCursor: $after) { id ticketId type } }';
const MY_DUTY = 'subscription ($after: Int) { myDutyChanged(afterCursor: $after) { added dutyCount event { ticketId type } } }';

interface Ev {
  id: number;
  ticketId: number;
  type: string;
}

describe.each(dialects())('event subscriptions over graphql-ws (%s)', (dialect) => {
  let t: TestApp;
  let base: string;
  const clients: Client[] = [];
  const client = (username: string, params?: Record<string, string>) => {
    const c = wsClient(base, username, params);
    clients.push(c);
    return c;
  };
  beforeAll(async () => {
    t = await startCasesApp(dialect);
    base = await t.listen();
  });
  afterAll(async () => {
    for (const c of clients) await c.dispose();
    await t?.close();
  });

  const lastCursor = async () => {
    let after = 0;
    for (;;) {
      const page = (await t.gqlOk(TEventFeedDocument, { after, limit: 500 })).ticketEvents;
      if (!page.hasMore) return page.cursor;
      after = page.cursor;
    }
  };
  const comment = async (id: number, text: string) =>
    expect((await t.rest('post', `/tickets/${id}/comments`, 'admin', { suggestion: text })).body).toMatchObject({ code: 0 });

  it('a subscriber receives the changes of its ticket live', async () => {
    const id = await newLeave(t);
    const sub = subscribe<Ev>(client('admin'), TICKET_EVENTS, { id, after: await lastCursor() });
    await comment(id, 'live one');
    await comment(id, 'live two');
    const items = await sub.count(2);
    expect(items.map((e) => [e.ticketId, e.type])).toEqual([
      [id, 'COMMENTED'],
      [id, 'COMMENTED'],
    ]);
    sub.stop();
  });

  it('a subscriber resuming with afterCursor receives every missed event once, in order, then live ones', async () => {
    const id = await newLeave(t);
    const first = subscribe<Ev>(client('admin'), TICKET_EVENTS, { id, after: await lastCursor() });
    await comment(id, 'seen');
    const [seen] = await first.count(1);
    first.stop();
    for (const n of [1, 2, 3]) await comment(id, `missed ${n}`);
    const resumed = subscribe<Ev>(client('admin'), TICKET_EVENTS, { id, after: seen.id });
    const missed = await resumed.count(3);
    await comment(id, 'live after resume');
    const all = await resumed.count(4);
    expect(all.map((e) => e.type)).toEqual(['COMMENTED', 'COMMENTED', 'COMMENTED', 'COMMENTED']);
    const ids = all.map((e) => e.id);
    expect(new Set(ids).size).toBe(4);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(missed[0].id).toBeGreaterThan(seen.id);
    resumed.stop();
  });

  it('a stopped subscription to a ticket that does not change again leaves the pump at once', async () => {
    const id = await newLeave(t);
    const before = t.pump.subscribers;
    const sub = subscribe<Ev>(client('admin'), TICKET_EVENTS, { id });
    await eventually(() => t.pump.subscribers === before + 1, 10_000, 'the subscription to join');
    sub.stop();
    await eventually(() => t.pump.subscribers === before, 10_000, 'the subscription to leave');
  });

  it('a viewer without permission receives nothing of a ticket', async () => {
    const em = t.orm.em.fork();
    (await em.findOneOrFail(Workflow, { id: 1 })).viewPermissionCheck = true;
    await flushCatalogEdit(t, em);
    try {
      const sub = subscribe<Ev>(client('webb'), WORKFLOW_EVENTS, { ids: [1], after: await lastCursor() });
      const hidden = await newLeave(t);
      await comment(hidden, 'not for webb');
      const shown = await newLeave(t);
      expect((await t.rest('post', `/tickets/${shown}/deliver`, 'admin', { target_username: 'webb' })).body.code).toBe(0);
      const items = await sub.count(1);
      // Events arrive in cursor order: the delivery is the newest, so whatever of `hidden` passed would be here already.
      expect(items.map((e) => e.ticketId)).not.toContain(hidden);
      expect(items.at(-1)).toMatchObject({ ticketId: shown, type: 'DELIVERED' });
      sub.stop();
    } finally {
      (await em.findOneOrFail(Workflow, { id: 1 })).viewPermissionCheck = false;
      await flushCatalogEdit(t, em);
    }
  });

  it('myDutyChanged tells a user their duty list gained a ticket, with the new count', async () => {
    const sub = subscribe<{ added: boolean; dutyCount: number; event: Ev }>(client('ops'), MY_DUTY, { after: await lastCursor() });
    const id = await newLeave(t);
    expect((await t.rest('post', `/tickets/${id}/deliver`, 'admin', { target_username: 'ops' })).body.code).toBe(0);
    const [change] = await sub.count(1);
    const duty = await t.rest('get', '/tickets?category=duty&per_page=1', 'ops');
    expect(change).toMatchObject({ added: true, event: { ticketId: id, type: 'DELIVERED' }, dutyCount: duty.body.data.total });
    sub.stop();
  });

  it('bad credentials close the connection with 4403 and the reason', async () => {
    const closed: { code: number; reason: string }[] = [];
    const c = wsClient(base, 'admin', { Authorization: 'Bearer not-a-token', username: 'admin' });
    clients.push(c);
    c.on('closed', (e) => closed.push(e as { code: number; reason: string }));
    const sub = subscribe<Ev>(c, TICKET_EVENTS, { id: 1 });
    await eventually(() => closed.length > 0, 10_000, 'the socket to close');
    expect(closed[0].code).toBe(4403);
    expect(closed[0].reason).not.toBe('');
    expect(sub.items).toEqual([]);
  });

  it('queries are refused on the socket, and a bad filter fails the subscription', async () => {
    const query = subscribe(client('admin'), '{ ticketEvents(after: 0) { cursor } }');
    await eventually(() => query.errors.length > 0, 10_000, 'the refusal');
    expect(JSON.stringify(query.errors)).toContain('subscriptions only');
    const bad = subscribe(client('admin'), WORKFLOW_EVENTS, { ids: [] });
    await eventually(() => bad.errors.length > 0, 10_000, 'the refusal');
    expect(JSON.stringify(bad.errors)).toContain('workflowIds');
  });
});

describe.each(dialects())('the event pump of a process nobody subscribes to (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startCasesApp(dialect);
  });
  afterAll(() => t?.close());

  it('writes make it read nothing at once; the first subscriber joins after the newest event', async () => {
    const pageReads = () => t.queries.recent.filter((q) => /from `ticket_events` where `id` >/.test(q)).length;
    t.queries.recent.length = 0;
    const id = await newLeave(t);
    expect((await t.rest('post', `/tickets/${id}/comments`, 'admin', { suggestion: 'nobody listens' })).body).toMatchObject({ code: 0 });
    for (let i = 0; i < 5; i++) t.pump.wake();
    // The idle pump reads a second after a write at the soonest; a pump reading at every write has read by now.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pageReads()).toBe(0);
    const newest = (await t.gqlOk(TEventFeedDocument, { after: 0, limit: 500 })).ticketEvents.items.at(-1)!.id;
    const member = await t.pump.join(['*'], () => undefined);
    member.leave();
    expect(member.position).toBe(newest);
  });
});
