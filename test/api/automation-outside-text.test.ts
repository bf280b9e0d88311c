import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowLog, OutboxJob } from '../../src/db/entities';
import { HOOK_ADVANCE_SUGGESTION } from '../../src/services/automation.service';
import type { TestApp } from '../support/app';
import { attemptsOf, drain, jobsOf, lastLog, makeDue, startAutomationSuite, stopAutomationSuite, testWorker, ticketRow } from '../support/automation';
import { createTicket } from '../support/cases';
import { dialects } from '../support/db';
import type { Answer, Receiver } from '../support/receiver';

/** Every control character requirePlainText refuses in a callback msg, and a lone surrogate. */
const HOSTILE = 'a\u0000b\u0007c\u001b[31md\u007fe\u0085f\uD800g';
const CLEANED = 'a\uFFFDb\uFFFDc\uFFFD[31md\uFFFDe\uFFFDf\uFFFDg';

describe.each(dialects())('automation: text from outside is stored sanitised, and every attempt ends (%s)', (dialect) => {
  let t: TestApp;
  let receiver: Receiver;
  let answer: Answer = { body: { code: 0, msg: 'ok' } };
  beforeAll(async () => {
    ({ t, receiver } = await startAutomationSuite(dialect, () => answer));
  });
  afterAll(() => stopAutomationSuite(t, receiver));

  const grantTicket = (title: string) => createTicket(t, { workflow_id: 30, transition_id: 301, title });

  it('a hook answering code 0 with NUL and control characters in msg advances the ticket, logging the msg with U+FFFD in their place', async () => {
    answer = { body: { code: 0, msg: `granted ${HOSTILE}\ttab\nline` } };
    const id = await grantTicket('nul ok');
    await drain(testWorker(t, { maxAttempts: 3 }));
    expect(await ticketRow(t, id)).toMatchObject({ stateId: 303, scriptRunLastResult: true });
    // The hook's answer is logged as the hook; the automatic move that follows is loonrobot's.
    const logs = await t.orm.em.fork().find(FlowLog, { ticketId: id }, { orderBy: { id: 'desc' }, limit: 2 });
    expect(logs.map((l) => [l.participant, l.suggestion])).toEqual([
      ['loonrobot', HOOK_ADVANCE_SUGGESTION],
      ['hook', `granted ${CLEANED}\ttab\nline`],
    ]);
    expect((await jobsOf(t, id, 'hook')).map((j) => [j.status, j.attempts])).toEqual([['done', 1]]);
  });

  it('a hook refusing with NUL in msg fails once, stored sanitised in the log, the job and its attempt', async () => {
    answer = { body: { code: -1, msg: `refused ${HOSTILE}` } };
    const id = await grantTicket('nul refused');
    await drain(testWorker(t, { maxAttempts: 3 }));
    expect(await ticketRow(t, id)).toMatchObject({ stateId: 302, scriptRunLastResult: false });
    expect(await lastLog(t, id)).toMatchObject({ suggestion: `hook failed: refused ${CLEANED}` });
    const [job] = await jobsOf(t, id, 'hook');
    expect(job).toMatchObject({ status: 'failed', attempts: 1, lastError: `refused ${CLEANED}` });
    expect((await attemptsOf(t, job!.id)).map((a) => [a.outcome, a.error])).toEqual([['failed', `refused ${CLEANED}`]]);
  });

  it('a hook whose answer is not JSON and carries NUL fails naming the HTTP status, with the excerpt sanitised', async () => {
    answer = { raw: `<html>${HOSTILE}</html>` };
    const id = await grantTicket('nul html');
    await drain(testWorker(t, { maxAttempts: 3 }));
    expect((await lastLog(t, id)).suggestion).toBe(`hook failed: HTTP 200: <html>${CLEANED}</html>`);
    expect((await jobsOf(t, id, 'hook')).map((j) => [j.status, j.attempts])).toEqual([['failed', 1]]);
  });

  it('an attempt whose record cannot be written still ends and counts: the job never runs past maxAttempts', async () => {
    answer = { status: 503, body: { msg: 'busy' } };
    const id = await grantTicket('unrecordable');
    const [job] = await jobsOf(t, id, 'hook');
    const conn = t.orm.em.getConnection();
    await conn.execute(
      dialect === 'sqlite'
        ? `create trigger no_attempts before insert on outbox_attempts when new.job_id = ${job!.id} begin select raise(abort, 'attempts of this job cannot be written'); end`
        : `create trigger no_attempts before insert on outbox_attempts for each row begin if new.job_id = ${job!.id} then signal sqlstate '45000' set message_text = 'attempts of this job cannot be written'; end if; end`,
    );
    try {
      const worker = testWorker(t, { maxAttempts: 3, backoffMs: 1 });
      const before = receiver.hits.length;
      for (let i = 0; i < 6; i++) {
        await drain(worker);
        const row = await t.orm.em.fork().findOneOrFail(OutboxJob, job!.id);
        if (row.status === 'failed') break;
        expect(row.status).toBe('pending');
        await makeDue(t, job!.id);
      }
      const row = await t.orm.em.fork().findOneOrFail(OutboxJob, job!.id);
      expect(row).toMatchObject({ status: 'failed', attempts: 3, lockedBy: '' });
      expect(row.lastError).toMatch(/^busy \(the attempt could not be recorded: .*attempts of this job cannot be written/);
      expect(receiver.hits.length - before).toBe(3);
      expect(await drain(worker)).toBe(0);
    } finally {
      await conn.execute('drop trigger no_attempts');
    }
  });

  it('a job found running after its lock expired on its last attempt is failed, not run again', async () => {
    answer = { body: { code: 0, msg: 'ok' } };
    const id = await grantTicket('lost on the last attempt');
    const em = t.orm.em.fork();
    const job = (await jobsOf(t, id, 'hook'))[0]!;
    await em.nativeUpdate(OutboxJob, { id: job.id }, { status: 'running', attempts: 3, lockedBy: 'dead-worker', lockedUntil: new Date(Date.now() - 1000) });
    const before = receiver.hits.length;
    await drain(testWorker(t, { maxAttempts: 3 }));
    expect(receiver.hits.length).toBe(before);
    const row = await t.orm.em.fork().findOneOrFail(OutboxJob, job.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 3, lockedBy: '' });
    expect(row.lastError).toBe('worker dead-worker did not finish attempt 3, the last, before its lock expired');
    expect((await attemptsOf(t, job.id)).map((a) => a.outcome)).toEqual(['lost']);
  });
});
