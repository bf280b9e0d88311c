import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxJob } from '../../src/db/entities';
import * as op from '../generated';
import type { TestApp } from '../support/app';
import { drain, jobsOf, lastLog, startAutomationSuite, stopAutomationSuite, testWorker, ticketRow } from '../support/automation';
import { createTicket, handleOk, newVpn } from '../support/cases';
import { dialects } from '../support/db';
import type { Receiver } from '../support/receiver';

/** The automation fixture's timer workflow: 等待 (311) leaves by the 2-second timer 超时 (311) or by 处理 (312). */
const TIMER = { WORKFLOW: 31, START: 310, WAIT: 311, END: 312, TIMEOUT: 311 } as const;
/** The demo's VPN workflow: 同意 (8) leads from the ops approval (6) to the hook state vpn授权中 (7). */
const VPN = { WORKFLOW: 2, HOOK_STATE: 7, AGREE: 8 } as const;

describe.each(dialects())('workflow versions and automation (%s)', (dialect) => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    ({ t, receiver } = await startAutomationSuite(dialect));
  });
  afterAll(() => stopAutomationSuite(t, receiver));

  it('a timer removed in a later version still fires for a ticket of the version that had it; new tickets get none', async () => {
    const old = await createTicket(t, { workflow_id: TIMER.WORKFLOW, transition_id: TIMER.START, title: 'old' });
    await t.gqlOk(op.VPublishDocument, { id: TIMER.WORKFLOW });
    await t.gqlOk(op.ADeleteTransitionDocument, { id: TIMER.TIMEOUT });
    await t.gqlOk(op.VPublishDocument, { id: TIMER.WORKFLOW });
    const fresh = await createTicket(t, { workflow_id: TIMER.WORKFLOW, transition_id: TIMER.START, title: 'new' });
    expect(await jobsOf(t, fresh, 'timer')).toEqual([]);
    await t.orm.em.fork().nativeUpdate(OutboxJob, { ticketId: old, kind: 'timer' }, { runAt: new Date(Date.now() - 1000) });
    await drain(testWorker(t));
    expect(await ticketRow(t, old)).toMatchObject({ stateId: TIMER.END, workflowVersion: 1 });
    expect(await lastLog(t, old)).toMatchObject({ transitionId: TIMER.TIMEOUT, participant: 'loonrobot' });
    expect(await ticketRow(t, fresh)).toMatchObject({ stateId: TIMER.WAIT, workflowVersion: 2 });
  });

  it("a hook changed in a later version is called as the ticket's version says", async () => {
    const old = await newVpn(t);
    await t.gqlOk(op.VPublishDocument, { id: VPN.WORKFLOW });
    const hook = JSON.stringify({ hook_url: `${receiver.base}/vpn/grant-v2`, hook_token: 'token-v2', wait: false, extra_info: 'vpn' });
    await t.gqlOk(op.AUpdateStateDocument, { id: VPN.HOOK_STATE, input: { participantType: 'HOOK', participant: hook } });
    await t.gqlOk(op.VPublishDocument, { id: VPN.WORKFLOW });
    const fresh = await newVpn(t);
    for (const id of [old, fresh]) await handleOk(t, id, 'ops', { transition_id: VPN.AGREE, suggestion: 'ok' });
    await drain(testWorker(t));
    expect(receiver.on('/vpn/grant').map((h) => h.body.id)).toEqual([old]);
    expect(receiver.on('/vpn/grant-v2').map((h) => h.body.id)).toEqual([fresh]);
  });
});
