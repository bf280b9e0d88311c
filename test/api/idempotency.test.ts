import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxWorker, workerOptions } from '../../src/automation/worker';
import { AuditEntry, Dept, FlowLog, IdempotentAnswer, Ticket } from '../../src/db/entities';
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

  it('a key sent for a username longer than any user may have is refused naming the username, on both faces', async () => {
    const long = 'z'.repeat(300);
    const key = newKey();
    const gql = await keyed(TCreateDocument, { input: LEAVE_GQL }, key, long);
    expect(gql.status).toBeLessThan(500);
    expect(gql.body.errors[0]).toMatchObject({ message: expect.stringContaining('username: at most 100'), extensions: { code: 'BAD_INPUT' } });
    const rest = await restKeyed('/tickets', { workflow_id: 1, transition_id: 1, title: 'once long' }, key, long);
    expect(rest.status).toBeLessThan(500);
    expect(rest.body).toMatchObject({ code: -1, msg: expect.stringContaining('username: at most 100') });
    expect(await t.orm.em.fork().count(IdempotentAnswer, { idempotencyKey: key })).toBe(0);
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

  /** A GraphQL request as text, with an optional Idempotency-Key header. */
  const raw = (query: string, variables: Record<string, unknown> = {}, header?: string) =>
    request(t.app)
      .post('/graphql')
      .set({ Authorization: `Bearer ${DEMO_TOKEN}`, username: 'admin', ...(header ? { 'Idempotency-Key': header } : {}) })
      .send({ query, variables });
  const CREATE_LITERAL = (key: string, title = 'once literal') =>
    `mutation { createTicket(input: {workflowId: 1, transitionId: 1, title: "${title}", idempotencyKey: "${key}", fields: {reason: "r", date_start: "2020-04-13 00:00:00", date_end: "2020-04-14 00:00:00"}}) { id } }`;

  it('an idempotencyKey in the input: 20 concurrent and later repeats of a create return the stored answer and make one ticket', async () => {
    const before = await tickets();
    const idempotencyKey = newKey();
    const input = { ...LEAVE_GQL, title: 'once input', idempotencyKey };
    const byVariables = 'mutation Create($input: CreateTicketInput!) { createTicket(input: $input) { id } }';
    const answers = (await Promise.all(Array.from({ length: 20 }, () => raw(byVariables, { input })))).map((a) => a.body);
    expect(await tickets()).toBe(before + 1);
    expect(new Set(answers.map((a) => JSON.stringify(a.data))).size).toBe(1);
    expect(answers.filter((a) => a.extensions === undefined)).toHaveLength(1);

    // The key is not part of the request it names: written in the document instead of the variables, it is the same create.
    const literal = await raw(CREATE_LITERAL(idempotencyKey, 'once input'));
    expect(literal.headers['idempotent-replayed']).toBe('true');
    expect(literal.body).toEqual({ data: { createTicket: { id: answers[0].data.createTicket.id } }, extensions: { idempotentReplayed: true } });
    expect(await tickets()).toBe(before + 1);
    const stored = await t.orm.em.fork().find(IdempotentAnswer, { idempotencyKey });
    expect(stored.map((r) => r.username)).toEqual(['admin']);
  });

  it('an input key reused with another payload is refused and nothing changes', async () => {
    const idempotencyKey = newKey();
    expect((await t.gql(TCreateDocument, { input: { ...LEAVE_GQL, idempotencyKey } })).errors).toBeUndefined();
    const before = await tickets();
    const reused = await t.gql(TCreateDocument, { input: { ...LEAVE_GQL, title: 'once other', idempotencyKey } });
    expect(reused.errors?.[0]).toMatchObject({
      message: expect.stringContaining(`"${idempotencyKey}" was first sent with another request`),
      extensions: { code: 'IDEMPOTENCY_KEY_REUSED' },
    });
    // The answer it stored shows what the first request selected: asking for other fields is another request.
    const otherSelection = await raw('mutation ($input: CreateTicketInput!) { createTicket(input: $input) { id sn } }', {
      input: { ...LEAVE_GQL, idempotencyKey },
    });
    expect(otherSelection.body.errors[0].extensions.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const bad = await t.gql(TCreateDocument, { input: { ...LEAVE_GQL, idempotencyKey: 'has spaces' } });
    expect(bad.errors?.[0]).toMatchObject({ message: expect.stringContaining('idempotencyKey: expected 1 to 255'), extensions: { code: 'BAD_INPUT' } });
    expect(await tickets()).toBe(before);
  });

  it('a handle with an input key repeated returns the stored answer and leaves one flow log', async () => {
    const { createTicket } = await t.gqlOk(TCreateDocument, { input: LEAVE_GQL });
    const input = { ticketId: createTicket.id, transitionId: 2, suggestion: 'ok', idempotencyKey: newKey() };
    const once = await raw(print(THandleDocument), { input });
    const again = await raw(print(THandleDocument), {
      input: { idempotencyKey: input.idempotencyKey, suggestion: 'ok', transitionId: 2, ticketId: createTicket.id },
    });
    expect(once.body.errors).toBeUndefined();
    expect(once.headers['idempotent-replayed']).toBeUndefined();
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.data).toEqual(once.body.data);
    expect(await t.orm.em.fork().count(FlowLog, { ticketId: createTicket.id, transitionId: 2 })).toBe(1);
  });

  it('input keys: several mutations in one request are refused, a header must match them, mutations without an input take the key as an argument', async () => {
    const before = await tickets();
    const two = await raw(
      `mutation { a: ${CREATE_LITERAL(newKey()).slice('mutation { '.length, -2)} b: ${CREATE_LITERAL(newKey()).slice('mutation { '.length, -2)} }`,
    );
    expect(two.body.errors[0]).toMatchObject({
      message: expect.stringContaining('the 2 mutations of this request run in one transaction with one answer, so they cannot be keyed one by one'),
      extensions: { code: 'BAD_INPUT' },
    });
    const oneKeyed = await raw(
      `mutation { a: ${CREATE_LITERAL(newKey()).slice('mutation { '.length, -2)} b: addTicketComment(input: {ticketId: 1, suggestion: "x"}) { id } }`,
    );
    expect(oneKeyed.body.errors[0].extensions.code).toBe('BAD_INPUT');
    const differ = await raw(CREATE_LITERAL('inner'), {}, newKey());
    expect(differ.body.errors[0].message).toContain('idempotencyKey "inner" of createTicket differs from the Idempotency-Key header');
    expect(await tickets()).toBe(before);

    // The same key in both is the header's key: the request is one unit, run once.
    const both = newKey();
    expect((await raw(CREATE_LITERAL(both), {}, both)).body.errors).toBeUndefined();
    expect((await raw(CREATE_LITERAL(both), {}, both)).headers['idempotent-replayed']).toBe('true');
    expect(await tickets()).toBe(before + 1);

    // An admin create keyed in its input, then a delete by id keyed as an argument: each runs once, the key reaches no audit entry.
    const deptKey = newKey();
    const created = await raw('mutation ($key: String) { createDept(input: {name: "keyed dept", parentId: 1, idempotencyKey: $key}) { id } }', {
      key: deptKey,
    });
    const createdAgain = await raw('mutation ($key: String) { createDept(input: {name: "keyed dept", parentId: 1, idempotencyKey: $key}) { id } }', {
      key: deptKey,
    });
    expect(createdAgain.body).toEqual({ ...created.body, extensions: { idempotentReplayed: true } });
    const id = created.body.data.createDept.id;
    const deleteKey = newKey();
    const deleted = await raw(`mutation { deleteDept(id: ${id}, idempotencyKey: "${deleteKey}") }`);
    const deletedAgain = await raw(`mutation { deleteDept(id: ${id}, idempotencyKey: "${deleteKey}") }`);
    expect(deleted.body).toEqual({ data: { deleteDept: true } });
    expect(deletedAgain.body).toEqual({ data: { deleteDept: true }, extensions: { idempotentReplayed: true } });
    const audits = await t.orm.em.fork().find(AuditEntry, { entityType: 'dept', entityId: id });
    expect(audits.map((a) => a.action).sort()).toEqual(['createDept', 'deleteDept']);
    expect(JSON.stringify(audits)).not.toContain('idempotencyKey');
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
