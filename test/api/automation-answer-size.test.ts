import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ANSWER_BYTES } from '../../src/automation/http';
import type { TestApp } from '../support/app';
import { drain, jobsOf, startAutomationSuite, stopAutomationSuite, testWorker, ticketRow } from '../support/automation';
import { createTicket } from '../support/cases';
import { dialects } from '../support/db';
import { eventually } from '../support/process';
import type { Answer, Receiver } from '../support/receiver';

const HUGE = 450 * 1024 * 1024;
/** What may sit in loopback socket buffers besides the 64 kB read. */
const BUFFERED = 16 * 1024 * 1024;

describe.each(dialects())('automation: hook and notice answers are read up to 64 kB (%s)', (dialect) => {
  let t: TestApp;
  let receiver: Receiver;
  const answers: Record<string, Answer> = {};
  beforeAll(async () => {
    ({ t, receiver } = await startAutomationSuite(dialect, (hit) => answers[hit.path]));
  });
  afterAll(() => stopAutomationSuite(t, receiver));

  const hitFor = (path: string, id: number) => receiver.on(path).find((h) => h.body.id === id || h.body.ticket_value_info?.id === id);

  it('a hook answering 450 MB: the first 64 kB are read, the connection is dropped, the hook fails naming the limit', async () => {
    answers['/grant'] = { stream: { bytes: HUGE } };
    const id = await createTicket(t, { workflow_id: 30, transition_id: 301, title: 'flood' });
    await drain(testWorker(t, { timeoutMs: 20_000 }));
    const hit = hitFor('/grant', id)!;
    await eventually(() => hit.closedAt !== undefined, 5000, 'the receiver to see the connection close');
    expect(hit.sent).toBeLessThan(BUFFERED);
    const [job] = await jobsOf(t, id, 'hook');
    expect(job).toMatchObject({ status: 'failed', attempts: 1 });
    expect(job!.lastError).toBe(`HTTP 200: the answer is longer than ${MAX_ANSWER_BYTES} bytes (read no further)`);
    expect(await ticketRow(t, id)).toMatchObject({ stateId: 302, scriptRunLastResult: false });
  });

  it('a notice answering 450 MB is done on its status; the body is not downloaded', async () => {
    answers['/notice-a'] = { stream: { bytes: HUGE } };
    answers['/notice-b'] = { stream: { bytes: HUGE } };
    const id = await createTicket(t, { workflow_id: 32, transition_id: 320, title: 'flood notice', reason: 'r' });
    await drain(testWorker(t, { timeoutMs: 20_000 }));
    for (const path of ['/notice-a', '/notice-b']) {
      const hit = hitFor(path, id)!;
      await eventually(() => hit.closedAt !== undefined, 5000, `${path} to see the connection close`);
      expect(hit.sent, path).toBeLessThan(BUFFERED);
    }
    expect((await jobsOf(t, id, 'notice')).map((j) => j.status)).toEqual(['done', 'done']);
  });

  it('a hook that drips its answer fails when the timeout ends: the timeout covers the whole read', async () => {
    answers['/grant'] = { stream: { bytes: HUGE, chunkBytes: 16, intervalMs: 50 } };
    const id = await createTicket(t, { workflow_id: 30, transition_id: 301, title: 'drip' });
    const started = Date.now();
    await drain(testWorker(t, { timeoutMs: 1000, maxAttempts: 1 }));
    expect(Date.now() - started).toBeLessThan(4000);
    expect(hitFor('/grant', id)!.sent).toBeGreaterThan(0);
    expect((await jobsOf(t, id, 'hook'))[0]).toMatchObject({ status: 'failed', lastError: 'timed out' });
  });
});
