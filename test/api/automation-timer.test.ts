import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TCommentDocument, THandleDocument } from '../generated';
import type { TestApp } from '../support/app';
import { drain, jobsOf, lastLog, startAutomationSuite, stopAutomationSuite, testWorker, ticketRow } from '../support/automation';
import { createTicket, expectGqlError } from '../support/cases';
import { dialects } from '../support/db';
import type { Receiver } from '../support/receiver';

describe.each(dialects())('automation: timer transitions (%s)', (dialect) => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    ({ t, receiver } = await startAutomationSuite(dialect));
  });
  afterAll(() => stopAutomationSuite(t, receiver));

  const timerTicket = (title: string) => createTicket(t, { workflow_id: 31, transition_id: 310, title });

  it('a 2-second timer moves the ticket as the system, past its required fields; an action in the state voids it', async () => {
    const worker = testWorker(t);
    const started = Date.now();
    const [moves, commented, handled] = [await timerTicket('moves'), await timerTicket('commented'), await timerTicket('handled')];
    const [timer] = await jobsOf(t, moves, 'timer');
    expect(timer!.payload).toMatchObject({ transitionId: 311, stateId: 311 });
    expect(new Date(timer!.runAt).getTime() - started).toBeGreaterThanOrEqual(1900);
    expectGqlError(await t.gql(THandleDocument, { input: { ticketId: moves, transitionId: 312, fields: {} } }), 'FIELD_REQUIRED', 'note');

    await t.gqlOk(TCommentDocument, { input: { ticketId: commented, suggestion: 'still looking' } });
    await t.gqlOk(THandleDocument, { input: { ticketId: handled, transitionId: 312, fields: { note: 'done by hand' } } });
    await drain(worker);
    if (Date.now() < new Date(timer!.runAt).getTime()) {
      expect((await jobsOf(t, moves, 'timer'))[0]!.status).toBe('pending');
      expect(await ticketRow(t, moves)).toMatchObject({ stateId: 311 });
    }

    const due = Math.max(...(await Promise.all([moves, commented, handled].map((id) => jobsOf(t, id, 'timer')))).map(([j]) => new Date(j!.runAt).getTime()));
    await sleep(Math.max(0, due - Date.now()) + 50);
    await drain(worker);
    expect(await ticketRow(t, moves)).toMatchObject({ stateId: 312, actStateId: 4, participant: '' });
    expect(await lastLog(t, moves)).toMatchObject({
      transitionId: 311,
      stateId: 311,
      participant: 'loonrobot',
      participantTypeId: 1,
      suggestion: '定时器流转',
    });
    expect((await jobsOf(t, moves, 'timer'))[0]).toMatchObject({ status: 'done', attempts: 1 });

    expect(await ticketRow(t, commented)).toMatchObject({ stateId: 311, participant: 'admin' });
    expect(await lastLog(t, commented)).toMatchObject({ suggestion: 'still looking' });
    expect((await jobsOf(t, commented, 'timer'))[0]).toMatchObject({ status: 'void' });
    expect(await lastLog(t, handled)).toMatchObject({ transitionId: 312, participant: 'admin', suggestion: '' });
    expect((await jobsOf(t, handled, 'timer'))[0]).toMatchObject({ status: 'void' });
  });
});
