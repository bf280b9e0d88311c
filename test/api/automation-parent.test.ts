import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Transition } from '../../src/db/entities';
import { THandleDocument } from '../generated';
import { flushCatalogEdit, type TestApp } from '../support/app';
import { drain, jobsOf, lastLog, startAutomationSuite, stopAutomationSuite, testWorker, ticketRow } from '../support/automation';
import { createTicket } from '../support/cases';
import { dialects } from '../support/db';
import type { Receiver } from '../support/receiver';

describe.each(dialects())('automation: sub-tickets advance their parent (%s)', (dialect) => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    ({ t, receiver } = await startAutomationSuite(dialect));
  });
  afterAll(() => stopAutomationSuite(t, receiver));

  const parentTicket = () => createTicket(t, { workflow_id: 34, transition_id: 340, title: 'parent' });
  const child = (parent: number, transitionId: number) =>
    createTicket(t, { workflow_id: 35, transition_id: transitionId, title: 'child', parent_ticket_id: parent, parent_ticket_state_id: 341 });
  const finish = (id: number) => t.gqlOk(THandleDocument, { input: { ticketId: id, transitionId: 352, fields: {} } });

  it('the parent advances as the system once every sub-ticket linked to its state has ended', async () => {
    const parent = await parentTicket();
    const open = await child(parent, 350);
    await child(parent, 351);
    await drain(testWorker(t));
    expect(await ticketRow(t, parent)).toMatchObject({ stateId: 341 });
    expect((await jobsOf(t, parent, 'parent')).map((j) => j.status)).toEqual(['void']);

    await finish(open);
    await drain(testWorker(t));
    expect(await ticketRow(t, parent)).toMatchObject({ stateId: 342, actStateId: 4 });
    expect(await lastLog(t, parent)).toMatchObject({ transitionId: 341, stateId: 341, participant: 'loonrobot', suggestion: '所有子工单处理完毕，自动流转' });
    expect((await jobsOf(t, parent, 'parent')).map((j) => j.status)).toEqual(['void', 'done']);
  });

  it('a parent that has left the linked state is not moved', async () => {
    const parent = await parentTicket();
    const open = await child(parent, 350);
    await t.gqlOk(THandleDocument, { input: { ticketId: parent, transitionId: 342, fields: {} } });
    await finish(open);
    await drain(testWorker(t));
    expect(await ticketRow(t, parent)).toMatchObject({ stateId: 343 });
    expect((await jobsOf(t, parent, 'parent')).map((j) => j.status)).toEqual(['void']);
  });

  it('when the parent cannot advance, the failure is logged on the parent', async () => {
    const parent = await parentTicket();
    const open = await child(parent, 350);
    const em = t.orm.em.fork();
    const ways = await em.find(Transition, { sourceStateId: 341 });
    for (const w of ways) w.isDeleted = true;
    await flushCatalogEdit(t, em);
    try {
      await finish(open);
      await drain(testWorker(t));
    } finally {
      for (const w of ways) w.isDeleted = false;
      await flushCatalogEdit(t, em);
    }
    expect(await ticketRow(t, parent)).toMatchObject({ stateId: 341 });
    const why = 'all sub-tickets ended but the ticket could not advance: state 341 has no outgoing transition to advance through';
    expect(await lastLog(t, parent)).toMatchObject({ stateId: 341, participant: 'loonrobot', suggestion: why });
    expect((await jobsOf(t, parent, 'parent'))[0]).toMatchObject({ status: 'failed', lastError: why });
  });
});
