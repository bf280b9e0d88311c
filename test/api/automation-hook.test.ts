import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOOK_ADVANCE_SUGGESTION } from '../../src/services/automation.service';
import { TChangeStateDocument, TFlowLogsDocument, THandleDocument, THookCallbackDocument, TRetryDocument, TTicketJobsDocument } from '../generated';
import type { TestApp } from '../support/app';
import { drain, jobsOf, lastLog, signedWith, startAutomationSuite, stopAutomationSuite, testWorker, ticketRow } from '../support/automation';
import { createTicket, expectGqlError } from '../support/cases';
import { dialects } from '../support/db';
import type { Answer, Receiver } from '../support/receiver';

describe.each(dialects())('automation: state hooks (%s)', (dialect) => {
  let t: TestApp;
  let receiver: Receiver;
  const answers: Record<string, Answer> = {};
  beforeAll(async () => {
    ({ t, receiver } = await startAutomationSuite(dialect, (hit) => answers[hit.path]));
  });
  afterAll(() => stopAutomationSuite(t, receiver));

  const hookTicket = (transitionId: number, title: string) => createTicket(t, { workflow_id: 30, transition_id: transitionId, title, reason: 'r' });

  /** The newest logs of a ticket as [transition, state, participant, participant type, suggestion], on both faces (they must agree). */
  async function newestLogs(id: number, n: number) {
    const rest = (await t.rest('get', `/tickets/${id}/flowlogs?per_page=${n}`, 'admin')).body.data.value.map((l: any) => [
      l.transition.transition_id,
      l.state.state_id,
      l.participant,
      l.participant_type_id,
      l.suggestion,
    ]);
    const gql = (await t.gqlOk(TFlowLogsDocument, { id, perPage: n })).ticket.flowLogs.items.map((l) => [
      l.transitionId,
      l.stateId,
      l.participant,
      l.participantTypeId,
      l.suggestion,
    ]);
    expect(gql).toEqual(rest);
    return rest;
  }

  it('the VPN demo ticket passes its hook state (wait: false): signed request, values and extra_info, moved on', async () => {
    answers['/vpn/grant'] = { body: { code: 0, msg: 'vpn granted' } };
    const id = await createTicket(t, { workflow_id: 2, transition_id: 6, title: '申请vpn在家远程办公', reason: '<p>远程办公</p>' });
    await t.gqlOk(THandleDocument, { input: { ticketId: id, transitionId: 8, fields: {} } }, 'ops');
    expect(await ticketRow(t, id)).toMatchObject({ stateId: 7, participantTypeId: 10 });
    expect(receiver.on('/vpn/grant')).toHaveLength(0);

    await drain(testWorker(t));
    const [hit, ...more] = receiver.on('/vpn/grant');
    expect(more).toHaveLength(0);
    expect(signedWith(hit!, 'demo-hook-token')).toBe(true);
    expect(hit!.body).toMatchObject({
      id,
      title: '申请vpn在家远程办公',
      reason: '<p>远程办公</p>',
      state_id: 7,
      workflow_id: 2,
      creator: 'admin',
      extra_info: 'vpn',
    });
    expect(await ticketRow(t, id)).toMatchObject({ stateId: 8, participant: 'admin', participantTypeId: 1, scriptRunLastResult: true });
    // The hook's own log (hook, type 10), then the automatic move as loonrobot.
    expect(await newestLogs(id, 2)).toEqual([
      [9, 7, 'loonrobot', 1, HOOK_ADVANCE_SUGGESTION],
      [0, 7, 'hook', 10, 'vpn granted'],
    ]);
    const { ticket } = await t.gqlOk(TTicketJobsDocument, { id });
    expect(ticket.jobs.map((j) => [j.kind, j.status, j.attempts, j.lastError])).toEqual([['hook', 'done', 1, '']]);
    expect(ticket.jobs[0]!.history).toMatchObject([{ outcome: 'done', responseCode: 200, error: '' }]);
  });

  it('a wait:true hook logs its answer, waits, and advances on hookCallback with writable field values', async () => {
    answers['/wait'] = { body: { code: 0, msg: 'accepted, will call back' } };
    const id = await hookTicket(300, 'wait for me');
    await drain(testWorker(t));
    const [hit] = receiver.on('/wait').filter((h) => h.body.id === id);
    expect(signedWith(hit!, 'wait-token')).toBe(true);
    expect(hit!.body).toMatchObject({ id, title: 'wait for me', extra_info: { kind: 'wait' } });
    expect(await ticketRow(t, id)).toMatchObject({ stateId: 301, participantTypeId: 10, scriptRunLastResult: true });
    expect(await lastLog(t, id)).toMatchObject({
      transitionId: 0,
      stateId: 301,
      participant: 'hook',
      participantTypeId: 10,
      suggestion: 'accepted, will call back',
    });
    expect(await drain(testWorker(t))).toBe(0);
    expect(await ticketRow(t, id)).toMatchObject({ stateId: 301 });

    const cb = await t.gqlOk(THookCallbackDocument, { input: { ticketId: id, msg: 'granted by hook', fieldValue: { result: 'ok-42', title: 'hijacked' } } });
    expect(cb.hookCallback).toMatchObject({ stateId: 303, participant: 'admin', participantTypeId: 1 });
    expect(cb.hookCallback.values).toMatchObject({ result: 'ok-42' });
    expect(await ticketRow(t, id)).toMatchObject({ title: 'wait for me' });
    expect(await newestLogs(id, 2)).toEqual([
      [302, 301, 'loonrobot', 1, 'granted by hook'],
      [0, 301, 'hook', 10, 'accepted, will call back'],
    ]);
    expectGqlError(await t.gql(THookCallbackDocument, { input: { ticketId: id } }), 'BAD_INPUT', 'the ticket waits for no hook in its current state');
  });

  it('a callback with result false marks the ticket and logs why; a later success still advances it', async () => {
    const id = await hookTicket(300, 'callback fails');
    await drain(testWorker(t));
    const failed = await t.gqlOk(THookCallbackDocument, { input: { ticketId: id, result: false, msg: 'remote system down' } });
    expect(failed.hookCallback).toMatchObject({ stateId: 301, scriptRunLastResult: false });
    expect(await lastLog(t, id)).toMatchObject({
      stateId: 301,
      participant: 'hook',
      participantTypeId: 10,
      interveneTypeId: 9,
      suggestion: 'remote system down',
    });
    expect((await t.gqlOk(THookCallbackDocument, { input: { ticketId: id, msg: 'back up' } })).hookCallback.stateId).toBe(303);
  });

  it('a callback whose msg carries NUL or another control character is refused naming msg, on both faces, and changes nothing', async () => {
    const id = await hookTicket(300, 'control characters');
    await drain(testWorker(t));
    const before = { row: await ticketRow(t, id), log: (await lastLog(t, id)).id };
    const bad: [string, string][] = [
      ['a\u0000b', 'U+0000'],
      ['bell\u0007', 'U+0007'],
      ['\u001b[31mred', 'U+001B'],
      ['del\u007f', 'U+007F'],
      ['c1\u0085', 'U+0085'],
    ];
    for (const [msg, shown] of bad) {
      for (const result of [true, false]) {
        const gql = await t.gql(THookCallbackDocument, { input: { ticketId: id, result, msg } });
        expectGqlError(gql, 'BAD_INPUT', `msg: must not contain control characters (found ${shown})`);
        const rest = await t.rest('post', `/tickets/${id}/hook_call_back`, 'admin', { result, msg });
        expect(rest.body.code).toBe(-1);
        expect([`msg: must not contain control characters (found ${shown})`, '请求参数不合法:msg: must not contain the NUL character (U+0000)']).toContain(
          rest.body.msg,
        );
      }
    }
    expect(await ticketRow(t, id)).toMatchObject({ stateId: before.row.stateId, version: before.row.version, scriptRunLastResult: true });
    expect((await lastLog(t, id)).id).toBe(before.log);
    const ok = await t.rest('post', `/tickets/${id}/hook_call_back`, 'admin', { msg: 'line one\nline two\twith a tab\r\n' });
    expect(ok.body).toMatchObject({ code: 0 });
    expect(await lastLog(t, id)).toMatchObject({ suggestion: 'line one\nline two\twith a tab\r\n' });
  });

  it('a hook answering a non-zero code marks the ticket with the reason; retryTicketScript sends it again and it advances', async () => {
    answers['/grant'] = { body: { code: -1, msg: 'no quota left' } };
    const id = await hookTicket(301, 'grant me');
    await drain(testWorker(t));
    expect(await ticketRow(t, id)).toMatchObject({ stateId: 302, scriptRunLastResult: false });
    expect(await lastLog(t, id)).toMatchObject({ stateId: 302, participant: 'hook', participantTypeId: 10, suggestion: 'hook failed: no quota left' });
    const [job] = await jobsOf(t, id, 'hook');
    expect(job).toMatchObject({ status: 'failed', attempts: 1, lastError: 'no quota left' });

    answers['/grant'] = { body: { code: 0, msg: 'granted now' } };
    expect((await t.gqlOk(TRetryDocument, { input: { ticketId: id } })).retryTicketScript.scriptRunLastResult).toBe(true);
    await drain(testWorker(t));
    expect(receiver.on('/grant').filter((h) => h.body.id === id)).toHaveLength(2);
    expect(await ticketRow(t, id)).toMatchObject({ stateId: 303, scriptRunLastResult: true });
    expect(await newestLogs(id, 2)).toEqual([
      [303, 302, 'loonrobot', 1, HOOK_ADVANCE_SUGGESTION],
      [0, 302, 'hook', 10, 'granted now'],
    ]);
    expect((await jobsOf(t, id, 'hook')).map((j) => j.status)).toEqual(['failed', 'done']);
  });

  it('a hook that is not JSON or not reachable is a failure with a reason', async () => {
    answers['/grant'] = { raw: '<html>oops</html>' };
    const html = await hookTicket(301, 'html answer');
    await drain(testWorker(t));
    expect(await ticketRow(t, html)).toMatchObject({ stateId: 302, scriptRunLastResult: false });
    expect((await lastLog(t, html)).suggestion).toContain('HTTP 200: <html>oops</html>');

    answers['/grant'] = { hang: true };
    const slow = await hookTicket(301, 'slow answer');
    await drain(testWorker(t, { timeoutMs: 300, maxAttempts: 1 }));
    expect(await ticketRow(t, slow)).toMatchObject({ stateId: 302, scriptRunLastResult: false });
    expect(await lastLog(t, slow)).toMatchObject({ suggestion: 'hook failed: timed out' });
    expect((await jobsOf(t, slow, 'hook'))[0]).toMatchObject({ status: 'failed', lastError: 'timed out' });
    answers['/grant'] = { body: { code: 0, msg: 'ok' } };
  });

  it('a retry while the hook is still queued sends it once: the newer job supersedes the older', async () => {
    const id = await hookTicket(301, 'double retry');
    await t.gqlOk(TRetryDocument, { input: { ticketId: id } });
    const before = receiver.on('/grant').length;
    await drain(testWorker(t));
    expect(receiver.on('/grant').length - before).toBe(1);
    const jobs = await jobsOf(t, id, 'hook');
    expect(jobs.map((j) => [j.status, j.lastError])).toEqual([
      ['void', `superseded by job ${jobs[1]!.id}`],
      ['done', ''],
    ]);
  });

  it('a hook is not sent once the ticket has left the hook state', async () => {
    const id = await hookTicket(301, 'moved away');
    await t.gqlOk(TChangeStateDocument, { input: { ticketId: id, stateId: 303 } });
    const before = receiver.on('/grant').length;
    await drain(testWorker(t));
    expect(receiver.on('/grant').length).toBe(before);
    expect((await jobsOf(t, id, 'hook')).map((j) => j.status)).toEqual(['void']);
  });
});
