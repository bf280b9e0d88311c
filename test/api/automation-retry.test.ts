import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDefinitions } from '../../src/db/definitions';
import { State } from '../../src/db/entities';
import { TRetryJobDocument, TTicketJobsDocument } from '../generated';
import { flushCatalogEdit, type TestApp } from '../support/app';
import {
  attemptsOf,
  automationFixture,
  drain,
  jobsOf,
  lastLog,
  makeDue,
  startAutomationSuite,
  stopAutomationSuite,
  testWorker,
  ticketRow,
} from '../support/automation';
import { createTicket, expectGqlError } from '../support/cases';
import { dialects } from '../support/db';
import type { Answer, Receiver } from '../support/receiver';

describe.each(dialects())('automation: retries, backoff and the allow-list (%s)', (dialect) => {
  let t: TestApp;
  let receiver: Receiver;
  let answer: Answer = { status: 503, body: { msg: 'busy' } };
  beforeAll(async () => {
    ({ t, receiver } = await startAutomationSuite(dialect, () => answer));
  });
  afterAll(() => stopAutomationSuite(t, receiver));

  const grantTicket = (title: string) => createTicket(t, { workflow_id: 30, transition_id: 301, title });

  it('5xx answers are retried with exponential backoff; the exhausted job stays failed and visible; retryJob runs it again', async () => {
    answer = { status: 503, body: { msg: 'busy' } };
    const worker = testWorker(t, { maxAttempts: 3, backoffMs: 1000 });
    const id = await grantTicket('flaky receiver');
    const [job] = await jobsOf(t, id, 'hook');

    const backoff: number[] = [];
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      expect(await worker.tick()).toBe(1);
      const row = (await jobsOf(t, id, 'hook'))[0]!;
      expect(row).toMatchObject({ status: 'pending', attempts: attempt, lastError: 'HTTP 503' });
      const tried = (await attemptsOf(t, row.id)).at(-1)!;
      backoff.push(new Date(row.runAt).getTime() - new Date(tried.at).getTime());
      expect(await worker.tick()).toBe(0);
      await makeDue(t, job!.id);
    }
    expect(backoff).toEqual([1000, 2000]);
    expect(await ticketRow(t, id)).toMatchObject({ stateId: 302, scriptRunLastResult: true });

    expect(await worker.tick()).toBe(1);
    expect(await ticketRow(t, id)).toMatchObject({ stateId: 302, scriptRunLastResult: false });
    expect((await lastLog(t, id)).suggestion).toContain('hook failed: busy');
    expect(await worker.tick()).toBe(0);
    const { ticket } = await t.gqlOk(TTicketJobsDocument, { id });
    const hook = ticket.jobs.find((j) => j.kind === 'hook')!;
    expect(hook).toMatchObject({ status: 'failed', attempts: 3, lastError: 'busy' });
    expect(hook.history.map((h) => [h.outcome, h.responseCode])).toEqual([
      ['retry', 503],
      ['retry', 503],
      ['failed', 503],
    ]);

    expectGqlError(await t.gql(TRetryJobDocument, { id: hook.id }, 'webb'), 'FORBIDDEN');
    answer = { body: { code: 0, msg: 'finally' } };
    const retried = await t.gqlOk(TRetryJobDocument, { id: hook.id }, 'lilian');
    expect(retried.retryJob).toMatchObject({ status: 'pending', attempts: 0, lastError: '' });
    expect(await ticketRow(t, id)).toMatchObject({ scriptRunLastResult: true });
    await drain(worker);
    expect(await ticketRow(t, id)).toMatchObject({ stateId: 303, scriptRunLastResult: true });
    expect((await attemptsOf(t, hook.id)).map((a) => a.outcome)).toEqual(['retry', 'retry', 'failed', 'done']);
    expectGqlError(await t.gql(TRetryJobDocument, { id: hook.id }, 'lilian'), 'BAD_INPUT', `job ${hook.id} is done`);
    expectGqlError(await t.gql(TRetryJobDocument, { id: 999_999 }), 'NOT_FOUND');
  });

  it('connection failures are retried, then mark the ticket when the attempts run out', async () => {
    const id = await grantTicket('nobody listens');
    const em = t.orm.em.fork();
    const [job] = await jobsOf(t, id, 'hook');
    const row = await em.findOneOrFail(State, 302);
    const original = row.participant;
    row.participant = JSON.stringify({ ...JSON.parse(original), hook_url: 'http://127.0.0.1:9/closed' });
    await flushCatalogEdit(t, em);
    try {
      const worker = testWorker(t, { maxAttempts: 2, backoffMs: 10 });
      expect(await worker.tick()).toBe(1);
      expect((await jobsOf(t, id, 'hook'))[0]).toMatchObject({ status: 'pending', attempts: 1 });
      expect((await jobsOf(t, id, 'hook'))[0]!.lastError).toMatch(/fetch failed|ECONNREFUSED/);
      await makeDue(t, job!.id);
      expect(await worker.tick()).toBe(1);
      expect((await jobsOf(t, id, 'hook'))[0]).toMatchObject({ status: 'failed', attempts: 2 });
      expect(await ticketRow(t, id)).toMatchObject({ scriptRunLastResult: false });
    } finally {
      row.participant = original;
      await flushCatalogEdit(t, em);
    }
  });

  it('a hook or notice URL outside LOONGATE_HOOK_ALLOW is never called and marks the ticket', async () => {
    answer = { body: { code: 0, msg: 'ok' } };
    const id = await grantTicket('not allowed');
    const before = receiver.hits.length;
    await drain(testWorker(t, {}, { hookAllow: ['hooks.example.com'] }));
    expect(receiver.hits.length).toBe(before);
    expect((await jobsOf(t, id, 'hook'))[0]).toMatchObject({
      status: 'failed',
      lastError: 'host "127.0.0.1" is not in LOONGATE_HOOK_ALLOW (hooks.example.com)',
    });
    expect(await ticketRow(t, id)).toMatchObject({ stateId: 302, scriptRunLastResult: false });

    const notified = await createTicket(t, { workflow_id: 32, transition_id: 320, title: 'notice refused' });
    await drain(testWorker(t, {}, { hookAllow: ['*.example.com'] }));
    expect(receiver.hits.length).toBe(before);
    expect((await jobsOf(t, notified, 'notice')).map((j) => j.status)).toEqual(['failed', 'failed']);
  });

  it('the import refuses hook and notice URLs whose host the allow-list does not name', async () => {
    const text = automationFixture('http://hooks.internal:8080');
    await expect(importDefinitions(t.orm, text, { hookAllow: ['*.example.com', 'localhost'] })).rejects.toThrow(
      /workflows\[0\]\.states\[1\]\.participant\.url: host "hooks\.internal" is not in LOONGATE_HOOK_ALLOW \(\*\.example\.com, localhost\)/,
    );
    await expect(importDefinitions(t.orm, text, { hookAllow: null })).rejects.toThrow(/workflows\[2\]\.notices\[0\]\.url: host "hooks\.internal"/);
    await expect(importDefinitions(t.orm, automationFixture('http://a.hooks.example.com'), { hookAllow: ['*.example.com'] })).resolves.toBeDefined();
    await importDefinitions(t.orm, automationFixture(receiver.base), { hookAllow: null });
  });
});
