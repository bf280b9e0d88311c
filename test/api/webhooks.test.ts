import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TicketEvent } from '../../src/db/entities';
import { webhookSignature } from '../../src/domain/webhooks';
import { TCreateWebhookDocument, TRedeliverDocument, TWebhookDeliveriesDocument, TWebhooksDocument } from '../generated';
import { startAutomationSuite, stopAutomationSuite, testWorker } from '../support/automation';
import type { TestApp } from '../support/app';
import { expectGqlError, expectRestError, newLeave } from '../support/cases';
import { dialects } from '../support/db';
import { eventually } from '../support/process';
import type { Answer, Receiver } from '../support/receiver';

const SECRET = 'a-webhook-secret-0123456789';

describe.each(dialects())('webhooks (%s)', (dialect) => {
  let t: TestApp;
  let receiver: Receiver;
  let answer: (path: string) => Answer | undefined = () => undefined;
  beforeAll(async () => {
    ({ t, receiver } = await startAutomationSuite(dialect, (hit) => answer(hit.path)));
  });
  afterAll(() => stopAutomationSuite(t, receiver));

  const makeHook = async (path: string, extra: Record<string, unknown> = {}, username = 'admin') => {
    const res = await t.rest('post', '/webhooks', username, { url: `${receiver.base}${path}`, secret: SECRET, ...extra });
    expect(res.body, JSON.stringify(res.body)).toMatchObject({ code: 0 });
    return res.body.data.id as number;
  };
  const eventsOf = (id: number) => t.orm.em.fork().find(TicketEvent, { ticketId: id }, { orderBy: { id: 'asc' } });
  const runUntil = async (done: () => boolean, worker = testWorker(t, { maxAttempts: 5, backoffMs: 1 })) =>
    eventually(async () => (await worker.tick(), done()), 20_000, 'webhook deliveries');

  it('delivers each event once, signed with HMAC-SHA256 of the body and loonflow md5 signature', async () => {
    const hook = await makeHook('/signed', { event_types: ['CREATED', 'COMMENTED'], workflow_ids: [1] });
    const id = await newLeave(t);
    expect((await t.rest('post', `/tickets/${id}/comments`, 'admin', { suggestion: 'hello' })).body.code).toBe(0);
    await runUntil(() => receiver.on('/signed').length >= 2);
    // Deliveries run in parallel: they may arrive in any order, the event id orders them.
    const hits = receiver.on('/signed').sort((a, b) => a.body.event.id - b.body.event.id);
    expect(hits.map((h) => [h.body.event.ticket_id, h.body.event.type])).toEqual([
      [id, 'CREATED'],
      [id, 'COMMENTED'],
    ]);
    const events = await eventsOf(id);
    expect(hits.map((h) => h.body.event.id)).toEqual(events.map((e) => e.id));
    for (const hit of hits) {
      const raw = JSON.stringify(hit.body);
      expect(hit.headers['x-loongate-signature']).toBe(webhookSignature(SECRET, raw));
      expect(hit.headers.signature).toBe(createHash('md5').update(`${hit.headers.timestamp}${SECRET}`).digest('hex'));
      expect(hit.body.webhook_id).toBe(hook);
    }
  });

  it('a receiver failing four times then succeeding gets the event once per attempt, and the log shows each attempt', async () => {
    let calls = 0;
    answer = (path) => (path === '/flaky' ? (++calls <= 4 ? { status: 503, body: { msg: 'busy' } } : { body: { ok: true } }) : undefined);
    const hook = await makeHook('/flaky', { event_types: ['CREATED'] });
    const id = await newLeave(t);
    await runUntil(() => receiver.on('/flaky').length >= 5);
    const hits = receiver.on('/flaky');
    expect(hits).toHaveLength(5);
    expect(new Set(hits.map((h) => h.body.event.ticket_id))).toEqual(new Set([id]));
    expect(new Set(hits.map((h) => h.headers['x-loongate-delivery'])).size).toBe(1);
    const gql = (await t.gqlOk(TWebhookDeliveriesDocument, { id: hook })).webhook.deliveries;
    expect(gql).toHaveLength(1);
    expect(gql[0]).toMatchObject({ status: 'done', attemptCount: 5 });
    expect(gql[0].attempts.map((a) => [a.outcome, a.responseCode])).toEqual([
      ['retry', 503],
      ['retry', 503],
      ['retry', 503],
      ['retry', 503],
      ['done', 200],
    ]);
    const rest = await t.rest('get', `/webhooks/${hook}/deliveries`);
    expect(rest.body.data.value.map((d: { id: number; attempts: unknown[] }) => [d.id, d.attempts.length])).toEqual([[gql[0].id, 5]]);
    answer = () => undefined;
  });

  it('redeliver sends an event once more; a paused webhook gets nothing', async () => {
    const hook = await makeHook('/again', { event_types: ['CREATED'] });
    const id = await newLeave(t);
    await runUntil(() => receiver.on('/again').length >= 1);
    const [created] = await eventsOf(id);
    const again = await t.gqlOk(TRedeliverDocument, { id: hook, eventId: created.id });
    expect(again.redeliver).toMatchObject({ eventId: created.id, status: 'pending' });
    await runUntil(() => receiver.on('/again').length >= 2);
    expect(receiver.on('/again').map((h) => h.body.event.id)).toEqual([created.id, created.id]);

    expect((await t.rest('patch', `/webhooks/${hook}`, 'admin', { paused: true })).body.data.paused).toBe(true);
    const quiet = await newLeave(t);
    const other = await makeHook('/witness', { event_types: ['CREATED'] });
    const witness = await newLeave(t);
    // The witness webhook is served after the paused one's turn for the same events: once it has its event, the paused one had its chance.
    await runUntil(() => receiver.on('/witness').some((h) => h.body.event.ticket_id === witness));
    expect(receiver.on('/again').map((h) => h.body.event.ticket_id)).not.toContain(quiet);
    expect(other).toBeGreaterThan(hook);
  });

  it('refuses a URL outside LOONGATE_HOOK_ALLOW, a short secret and unknown types, naming them', async () => {
    expectRestError(await t.rest('post', '/webhooks', 'admin', { url: 'http://example.com/hook', secret: SECRET }), 'LOONGATE_HOOK_ALLOW');
    expectRestError(await t.rest('post', '/webhooks', 'admin', { url: `${receiver.base}/x`, secret: 'short' }), 'secret: must be 16 to 200 characters');
    expectRestError(await t.rest('post', '/webhooks', 'admin', { url: `${receiver.base}/x`, secret: SECRET, event_types: ['NOPE'] }), 'event_types');
    expectGqlError(await t.gql(TCreateWebhookDocument, { input: { url: 'ftp://127.0.0.1/x', secret: SECRET } }), 'BAD_INPUT', 'must use http or https');
  });

  it('lists the same webhooks over REST and GraphQL, each user their own; delete removes one', async () => {
    const mine = await makeHook('/ops-only', {}, 'ops');
    const gql = (await t.gqlOk(TWebhooksDocument, {}, 'ops')).webhooks;
    const rest = await t.rest('get', '/webhooks', 'ops');
    expect(gql.map((w) => w.id)).toEqual([mine]);
    expect(rest.body.data.value.map((w: { id: number; url: string }) => [w.id, w.url])).toEqual(gql.map((w) => [w.id, w.url]));
    expect(JSON.stringify(rest.body)).not.toContain(SECRET);
    expectRestError(await t.rest('delete', `/webhooks/${mine}`, 'webb'), 'does not exist');
    expect((await t.rest('delete', `/webhooks/${mine}`, 'ops')).body.code).toBe(0);
    expect((await t.gqlOk(TWebhooksDocument, {}, 'ops')).webhooks).toEqual([]);
  });
});
