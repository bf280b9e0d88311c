import { stripVTControlCharacters } from 'node:util';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOKEN } from '../../src/server/graphiql-defaults';
import { TCreateDocument, THandleDocument } from '../generated';
import { startTestApp, type TestApp } from '../support/app';
import { dialects } from '../support/db';

const LEAVE = { workflowId: 1, transitionId: 1, title: 'count', fields: { reason: 'r', date_start: '2020-04-13 00:00:00', date_end: '2020-04-14 00:00:00' } };
const LEAVE_REST = { workflow_id: 1, transition_id: 1, title: 'count', reason: 'r', date_start: '2020-04-13 00:00:00', date_end: '2020-04-14 00:00:00' };

/** The event pump's reads after a commit: they run beside the request, on whatever process listens, and are not the write's own. */
const PUMP = [/^select \* from `ticket_events` where `id` > /, /^select \* from `tickets` where `id` in /];
/** A logged statement's SQL, without the log's colours and timing. */
const sql = (line: string) =>
  stripVTControlCharacters(line)
    .replace(/^\[query\] /, '')
    .split(' [took')[0];

describe.each(dialects())('statements of keyed writes (%s)', (dialect) => {
  let t: TestApp;
  let keys = 0;

  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  /** Statements a request sent, the event pump's left out. */
  async function statementsOf<R>(send: () => Promise<R>): Promise<{ answer: R; statements: string[] }> {
    t.queries.recent.length = 0;
    const answer = await send();
    return { answer, statements: t.queries.recent.map(sql).filter((q) => !PUMP.some((p) => p.test(q))) };
  }

  const gql = <T, V>(doc: TypedDocumentNode<T, V>, variables: V, key?: string) =>
    request(t.app)
      .post('/graphql')
      .set({ Authorization: `Bearer ${DEMO_TOKEN}`, username: 'admin', ...(key ? { 'Idempotency-Key': key } : {}) })
      .send({ query: print(doc), variables });
  const rest = (method: 'post' | 'patch', path: string, body: unknown, key?: string) => {
    const req = t.rest(method, path, 'admin', body);
    return key ? req.set('Idempotency-Key', key) : req;
  };

  /** GraphQL with the Idempotency-Key header, GraphQL with the key in the mutation's input, or REST. */
  type Face = 'graphql' | 'graphql input' | 'rest';

  async function create(face: Face, key?: string): Promise<{ id: number; statements: string[] }> {
    if (face === 'graphql input') {
      const { answer, statements } = await statementsOf(() => gql(TCreateDocument, { input: { ...LEAVE, idempotencyKey: key } }));
      expect(answer.body.errors).toBeUndefined();
      return { id: answer.body.data.createTicket.id, statements };
    }
    if (face === 'graphql') {
      const { answer, statements } = await statementsOf(() => gql(TCreateDocument, { input: LEAVE }, key));
      expect(answer.body.errors).toBeUndefined();
      return { id: answer.body.data.createTicket.id, statements };
    }
    const { answer, statements } = await statementsOf(() => rest('post', '/tickets', LEAVE_REST, key));
    expect(answer.body.code).toBe(0);
    return { id: answer.body.data.ticket_id, statements };
  }

  async function handle(face: Face, ticketId: number, key?: string): Promise<string[]> {
    if (face === 'graphql input') {
      const input = { ticketId, transitionId: 2, suggestion: 'ok', idempotencyKey: key };
      const { answer, statements } = await statementsOf(() => gql(THandleDocument, { input }));
      expect(answer.body.errors).toBeUndefined();
      return statements;
    }
    if (face === 'graphql') {
      const { answer, statements } = await statementsOf(() => gql(THandleDocument, { input: { ticketId, transitionId: 2, suggestion: 'ok' } }, key));
      expect(answer.body.errors).toBeUndefined();
      return statements;
    }
    const { answer, statements } = await statementsOf(() => rest('patch', `/tickets/${ticketId}`, { transition_id: 2, suggestion: 'ok' }, key));
    expect(answer.body.code).toBe(0);
    return statements;
  }

  it.each(['graphql', 'graphql input', 'rest'] as const)('%s: a key adds two statements to a create and a handle, its row and its answer', async (face) => {
    // Warm the caches (catalog, the day's serial counter) so only the write's own statements remain.
    await handle(face, (await create(face)).id);
    await handle(face, (await create(face, `warm-${++keys}`)).id, `warm-${++keys}`);

    const plain = await create(face);
    const keyed = await create(face, `count-${++keys}`);
    const plainHandle = await handle(face, plain.id);
    const keyedHandle = await handle(face, keyed.id, `count-${++keys}`);

    /** The statements of `keyed` that `plain` did not send (SQL text, parameters are placeholders). */
    const extra = (keyedList: string[], plainList: string[]) => {
      const left = keyedList.map(sql);
      for (const q of plainList.map(sql)) if (left.includes(q)) left.splice(left.indexOf(q), 1);
      return left.map((q) => q.split(' ').slice(0, 3).join(' '));
    };
    const keyRowAndAnswer = ['insert into `idempotency_keys`', 'update `idempotency_keys` set'];
    expect(extra(keyed.statements, plain.statements)).toEqual(keyRowAndAnswer);
    expect(extra(keyedHandle, plainHandle)).toEqual(keyRowAndAnswer);
    expect({ create: plain.statements.length, keyedCreate: keyed.statements.length, handle: plainHandle.length, keyedHandle: keyedHandle.length }).toEqual({
      create: 10,
      keyedCreate: 12,
      handle: 14,
      keyedHandle: 16,
    });
  });
});
