import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxWorker, workerOptions } from '../../src/automation/worker';
import { Dept, FlowLog, IdempotentAnswer, Ticket } from '../../src/db/entities';
import { DEMO_TOKEN } from '../../src/server/graphiql-defaults';
import { ACreateDeptDocument, TCreateDocument, THandleDocument } from '../generated';
import { startTestApp, type TestApp } from '../support/app';
import { dialects } from '../support/db';

const LEAVE_GQL = {
  workflowId: 1,
  transitionId: 1,
  title: 'once',
  fields: { reason: 'r', date_start: '2020-04-13 00:00:00', date_end: '2020-04-14 00:00:00' },
};
const LEAVE_REST = { workflow_id: 1, transition_id: 1, title: 'once', reason: 'r', date_start: '2020-04-13 00:00:00', date_end: '2020-04-14 00:00:00' };

describe.each(dialects())('idempotency keys (%s)', (dialect) => {
  let t: TestApp;
  let keyCounter = 0;
  const newKey = () => `key-${dialect}-${++keyCounter}-${Date.now()}`;

  /** A GraphQL request with an Idempotency-Key: the whole HTTP answer. */
  const keyed = <T, V>(doc: TypedDocumentNode<T, V>, variables: V, key: string, username = 'admin') =>
    request(t.app)
      .post('/graphql')
      .set({ Authorization: `Bearer ${DEMO_TOKEN}`, username, 'Idempotency-Key': key })
      .send({ query: print(doc), variables });
  const restKeyed = (path: string, body: unknown, key: string, username = 'admin') => t.rest('post', path, username, body).set('Idempotency-Key', key);
  const tickets = () => t.orm.em.fork().count(Ticket, { title: { $like: 'once%' } });

  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it('20 concurrent creates with one key make one ticket and 20 identical answers', async () => {
    const before = await tickets();
    const key = newKey();
    const answers = await Promise.all(Array.from({ length: 20 }, () => keyed(TCreateDocument, { input: LEAVE_GQL }, key)));
    expect(await tickets()).toBe(before + 1);
    for (const a of answers) expect(a.body.errors).toBeUndefined();
    const ids = new Set(answers.map((a) => JSON.stringify(a.body.data)));
    expect(ids.size).toBe(1);
    const replayed = answers.filter((a) => a.headers['idempotent-replayed'] === 'true');
    expect(replayed).toHaveLength(19);
    for (const a of replayed) expect(a.body.extensions).toEqual({ idempotentReplayed: true });
    expect(answers.filter((a) => !a.body.extensions)).toHaveLength(1);
  });

  it('a handle repeated with its key after success returns the stored answer and leaves one flow log', async () => {
    const { createTicket } = await t.gqlOk(TCreateDocument, { input: LEAVE_GQL });
    const key = newKey();
    const input = { ticketId: createTicket.id, transitionId: 2, suggestion: 'ok' };
    const first = await keyed(THandleDocument, { input }, key);
    expect(first.body.errors).toBeUndefined();
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await keyed(THandleDocument, { input: { suggestion: 'ok', transitionId: 2, ticketId: createTicket.id } }, key);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.data).toEqual(first.body.data);
    expect(await t.orm.em.fork().count(FlowLog, { ticketId: createTicket.id, transitionId: 2 })).toBe(1);
    // Without the key the same handle runs and is refused: the ticket moved on.
    expect((await t.gql(THandleDocument, { input })).errors?.[0]?.extensions?.code).toBe('NOT_A_PARTICIPANT');
  });

  it('a key reused with another payload is refused and changes nothing, on both faces', async () => {
    const key = newKey();
    expect((await keyed(TCreateDocument, { input: LEAVE_GQL }, key)).body.errors).toBeUndefined();
    const before = await tickets();
    const reused = await keyed(TCreateDocument, { input: { ...LEAVE_GQL, title: 'once more' } }, key);
    expect(reused.body.errors[0].extensions.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(reused.body.errors[0].message).toContain(`"${key}" was first sent with another request`);

    const restKey = newKey();
    const created = await restKeyed('/tickets', LEAVE_REST, restKey);
    expect(created.body).toEqual({ code: 0, msg: '', data: { ticket_id: expect.any(Number) } });
    const restReused = await restKeyed('/tickets', { ...LEAVE_REST, title: 'once again' }, restKey);
    expect(restReused.status).toBe(200);
    expect(restReused.body).toEqual({ code: -1, msg: expect.stringContaining('was first sent with another request'), data: {} });
    const strict = await t.rest('post', '/tickets?strict_status=1', 'admin', { ...LEAVE_REST, title: 'once again' }).set('Idempotency-Key', restKey);
    expect(strict.status).toBe(422);
    expect(await tickets()).toBe(before + 1);
  });

  it('REST: a repeat returns the stored envelope, marked as replayed, like GraphQL', async () => {
    const key = newKey();
    const before = await tickets();
    const first = await restKeyed('/tickets', LEAVE_REST, key);
    const again = await restKeyed('/tickets', { ...LEAVE_REST }, key);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
    expect(await tickets()).toBe(before + 1);
    const gql = await keyed(TCreateDocument, { input: LEAVE_GQL }, key);
    expect(gql.body.errors[0].extensions.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('keys are scoped to the user; a refused request keeps no answer; a malformed key is refused', async () => {
    const key = newKey();
    const before = await tickets();
    await keyed(TCreateDocument, { input: LEAVE_GQL }, key, 'admin');
    const other = await keyed(TCreateDocument, { input: LEAVE_GQL }, key, 'ops');
    expect(other.body.errors).toBeUndefined();
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(await tickets()).toBe(before + 2);

    const refusedKey = newKey();
    const refused = await keyed(TCreateDocument, { input: { ...LEAVE_GQL, transitionId: 999 } }, refusedKey);
    expect(refused.body.errors[0].extensions.code).toBe('INVALID_TRANSITION');
    expect(await t.orm.em.fork().count(IdempotentAnswer, { idempotencyKey: refusedKey })).toBe(0);

    const bad = await keyed(TCreateDocument, { input: LEAVE_GQL }, 'a key with spaces');
    expect(bad.body.errors[0]).toMatchObject({ message: expect.stringContaining('Idempotency-Key: expected'), extensions: { code: 'BAD_INPUT' } });
    expect(await tickets()).toBe(before + 2);
  });

  it('admin mutations take keys too', async () => {
    const key = newKey();
    const input = { input: { name: `dept ${key}`, parentId: 1 } };
    const first = await keyed(ACreateDeptDocument, input, key);
    const again = await keyed(ACreateDeptDocument, input, key);
    expect(first.body.errors).toBeUndefined();
    expect(again.body).toEqual({ ...first.body, extensions: { idempotentReplayed: true } });
    expect(await t.orm.em.fork().count(Dept, { name: `dept ${key}` })).toBe(1);
  });

  it('an expired key runs again, and the worker deletes expired keys', async () => {
    const key = newKey();
    const before = await tickets();
    await restKeyed('/tickets', LEAVE_REST, key);
    const em = t.orm.em.fork();
    await em.nativeUpdate(IdempotentAnswer, { idempotencyKey: key }, { expiresAt: new Date(Date.now() - 1000) });
    const again = await restKeyed('/tickets', LEAVE_REST, key);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(await tickets()).toBe(before + 2);

    await em.nativeUpdate(IdempotentAnswer, { idempotencyKey: key }, { expiresAt: new Date(Date.now() - 1000) });
    const worker = new OutboxWorker(t.orm, t.config, pino({ level: 'silent' }), workerOptions({}));
    expect(await worker.sweepExpiredKeys()).toBeGreaterThanOrEqual(1);
    expect(await em.fork().count(IdempotentAnswer, { idempotencyKey: key })).toBe(0);
  });
});
