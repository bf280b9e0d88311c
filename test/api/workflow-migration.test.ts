import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntry, FlowLog, MigrationPlan } from '../../src/db/entities';
import { Intervene } from '../../src/domain/constants';
import * as op from '../generated';
import { startTestApp, type TestApp } from '../support/app';
import { expectGqlError, handleOk, newLeave, ticketRow } from '../support/cases';
import { dialects } from '../support/db';

const LEAVE = 1;
/** The leave workflow of the demo: tl审批中 (2) → 同意 (2) → 人事审批中 (3) → 同意 (4) → 结束 (4); 拒绝 (3) goes back to the start. */
const S = { TL: 2, HR: 3, END: 4 } as const;
const T = { TL_AGREE: 2, TL_REFUSE: 3, HR_AGREE: 4 } as const;

/**
 * Version 2 of the leave workflow: 人事审批中 removed, the field `reason` renamed to `cause` (a new key: the old
 * one disappears), and a new field `days` required in tl审批中.
 */
async function publishVersion2(t: TestApp): Promise<void> {
  await t.gqlOk(op.ADeleteStateDocument, { id: S.HR, redirectTo: S.END });
  await t.gqlOk(op.ADeleteFieldDocument, { id: 3 });
  await t.gqlOk(op.ACreateFieldDocument, { input: { workflowId: LEAVE, fieldKey: 'cause', fieldType: 'TEXT', fieldName: '请假原因' } });
  await t.gqlOk(op.ACreateFieldDocument, { input: { workflowId: LEAVE, fieldKey: 'days', fieldType: 'INT', fieldName: '天数' } });
  await t.gqlOk(op.AUpdateStateDocument, { id: S.TL, input: { fields: { title: 'readonly', cause: 'readonly', days: 'required' } } });
  await t.gqlOk(op.AUpdateTransitionDocument, { id: T.TL_AGREE, input: { fieldRequireCheck: true } });
  await t.gqlOk(op.VPublishDocument, { id: LEAVE });
}

describe.each(dialects())('migrating tickets between workflow versions (%s)', (dialect) => {
  let t: TestApp;
  const tk: Record<string, number> = {};

  beforeAll(async () => {
    t = await startTestApp(dialect);
    tk.a = await newLeave(t);
    tk.b = await newLeave(t);
    tk.hr = await newLeave(t);
    await handleOk(t, tk.hr, 'admin', { transition_id: T.TL_AGREE, suggestion: 'ok' });
    tk.david = await newLeave(t, 'david');
    await handleOk(t, tk.david, 'david', { transition_id: T.TL_AGREE, suggestion: 'ok' });
    tk.done = await newLeave(t);
    await handleOk(t, tk.done, 'admin', { transition_id: T.TL_AGREE, suggestion: 'ok' });
    await handleOk(t, tk.done, 'hr', { transition_id: T.HR_AGREE, suggestion: 'ok' });
    await t.gqlOk(op.VPublishDocument, { id: LEAVE });
    await publishVersion2(t);
  });
  afterAll(async () => t?.close());

  it('a plan reports per state exactly the affected live tickets: the removed state blocks, the renamed field disappears, the new required field is empty', async () => {
    const { planMigration: plan } = await t.gqlOk(op.VPlanDocument, { workflowId: LEAVE, fromVersion: 1, toVersion: 2 });
    expect(plan).toMatchObject({ status: 'planned', movable: 2, blocked: 2, progress: { total: 4, pending: 2, blocked: 2, moved: 0, stale: 0 } });
    expect(plan.states).toEqual([
      {
        fromStateId: S.TL,
        ticketIds: [tk.a, tk.b],
        toStateId: S.TL,
        matchedBy: 'id',
        participants: 'kept',
        requiredEmpty: [{ fieldKey: 'days', ticketIds: [tk.a, tk.b] }],
        disappearingFields: [{ fieldKey: 'reason', ticketIds: [tk.a, tk.b] }],
        blockedReason: null,
      },
      {
        fromStateId: S.HR,
        ticketIds: [tk.hr, tk.david],
        toStateId: null,
        matchedBy: null,
        participants: null,
        requiredEmpty: [],
        disappearingFields: [{ fieldKey: 'reason', ticketIds: [tk.hr, tk.david] }],
        blockedReason: 'state "人事审批中" (id 3) has no state of the same id or name in version 2: map it to one',
      },
    ]);
  });

  it('a mapping naming a state the target version lacks is refused, and nothing is stored', async () => {
    const plans = await t.orm.em.fork().count(MigrationPlan, {});
    expectGqlError(
      await t.gql(op.VPlanDocument, { workflowId: LEAVE, fromVersion: 1, toVersion: 2, mapping: [{ fromStateId: S.HR, toStateId: S.HR }] }),
      'BAD_INPUT',
      'mapping 3=3: state 3 is not a state of version 2',
    );
    expectGqlError(await t.gql(op.VPlanDocument, { workflowId: LEAVE, fromVersion: 1, toVersion: 2 }, 'webb'), 'FORBIDDEN', 'does not manage workflow');
    expect(await t.orm.em.fork().count(MigrationPlan, {})).toBe(plans);
  });

  it('applying a mapped plan moves its tickets with a flow log and an audit entry; a ticket changed since the plan, or whose target finds no handler, is left alone', async () => {
    const { planMigration: plan } = await t.gqlOk(op.VPlanDocument, {
      workflowId: LEAVE,
      fromVersion: 1,
      toVersion: 2,
      mapping: [{ fromStateId: S.HR, toStateId: S.TL }],
    });
    expect(plan.states[1]).toMatchObject({
      toStateId: S.TL,
      matchedBy: 'mapping',
      participants: 'recomputed',
      requiredEmpty: [{ fieldKey: 'days', ticketIds: [tk.hr, tk.david] }],
    });
    await handleOk(t, tk.b, 'admin', { transition_id: T.TL_REFUSE, suggestion: 'changed after the plan' });
    await t.gqlOk(op.AUpdateUserDocument, { id: 7, input: { isActive: false } });
    const { applyMigration: applied } = await t.gqlOk(op.VApplyDocument, { planId: plan.id });
    expect(applied).toMatchObject({ status: 'done', progress: { total: 4, pending: 0, moved: 2, stale: 1, blocked: 1 } });
    expect(applied.skipped).toEqual([
      { ticketId: tk.b, status: 'stale', reason: expect.stringContaining('the ticket changed since the plan was made') },
      {
        ticketId: tk.david,
        status: 'blocked',
        reason: expect.stringContaining('the ticket could not enter its target state: state "tl审批中" has no active handler'),
      },
    ]);
    expect(await ticketRow(t, tk.david)).toMatchObject({ workflowVersion: 1, stateId: S.HR });
    expect(await ticketRow(t, tk.a)).toMatchObject({ workflowVersion: 2, stateId: S.TL, participant: 'admin' });
    expect(await ticketRow(t, tk.hr)).toMatchObject({ workflowVersion: 2, stateId: S.TL, participant: 'admin' });
    expect(await ticketRow(t, tk.b)).toMatchObject({ workflowVersion: 1, stateId: 1 });
    expect(await ticketRow(t, tk.done)).toMatchObject({ workflowVersion: 1, stateId: S.END });
    const em = t.orm.em.fork();
    for (const id of [tk.a, tk.hr]) {
      const logs = await em.find(FlowLog, { ticketId: id, interveneTypeId: Intervene.MIGRATE });
      expect(logs.map((l) => l.suggestion)).toEqual([`migrated from version 1 to version 2 (plan ${plan.id})`]);
    }
    expect(await em.count(FlowLog, { ticketId: tk.b, interveneTypeId: Intervene.MIGRATE })).toBe(0);
    const audits = await em.find(AuditEntry, { action: 'migrateTicket' }, { orderBy: { id: 'asc' } });
    expect(audits.map((a) => a.entityId)).toEqual([tk.a, tk.hr]);
  });

  it('a migrated ticket follows its new version: the new required field is asked for', async () => {
    const missing = await t.rest('patch', `/tickets/${tk.a}`, 'admin', { transition_id: T.TL_AGREE, suggestion: 'ok' });
    expect(missing.body.msg).toContain('days');
    await handleOk(t, tk.a, 'admin', { transition_id: T.TL_AGREE, suggestion: 'ok', days: 2 });
    expect(await ticketRow(t, tk.a)).toMatchObject({ stateId: S.END });
  });

  it('applying a finished plan again moves nothing', async () => {
    const { planMigration: plan } = await t.gqlOk(op.VPlanDocument, { workflowId: LEAVE, fromVersion: 1, toVersion: 2 });
    expect(plan.states.map((s) => s.ticketIds)).toEqual([[tk.b], [tk.david]]);
    const before = await t.orm.em.fork().count(FlowLog, { interveneTypeId: Intervene.MIGRATE });
    const first = (await t.gqlOk(op.VApplyDocument, { planId: plan.id })).applyMigration;
    const again = (await t.gqlOk(op.VApplyDocument, { planId: plan.id })).applyMigration;
    expect(first.progress).toEqual(again.progress);
    expect(await t.orm.em.fork().count(FlowLog, { interveneTypeId: Intervene.MIGRATE })).toBe(before + 1);
  });
});
