import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportDefinitions, importAndPublish } from '../../src/db/definitions';
import { WorkflowVersion } from '../../src/db/entities';
import * as op from '../generated';
import { startTestApp, type TestApp } from '../support/app';
import { expectGqlError, expectRestError, handleOk, newLeave, newVpn, ticketRow } from '../support/cases';
import { dialects } from '../support/db';

const LEAVE = 1;
/** The leave workflow of the demo: tl审批中 (2) → 同意 (2) → 人事审批中 (3) → 同意 (4) → 结束 (4). */
const S = { TL: 2, HR: 3, END: 4 } as const;
const T = { TL_AGREE: 2, HR_AGREE: 4 } as const;

/** The field keys of a ticket's detail as its handler sees them (the fields of its state). */
async function fieldKeys(t: TestApp, ticketId: number, handler: string): Promise<string[]> {
  const res = await t.rest('get', `/tickets/${ticketId}`, handler);
  expect(res.body.code, JSON.stringify(res.body)).toBe(0);
  return (res.body.data.value.field_list as { field_key: string }[]).map((f) => f.field_key);
}

describe.each(dialects())('workflow versions (%s)', (dialect) => {
  let t: TestApp;
  const tickets: Record<string, number> = {};

  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it('a workflow never published keeps its tickets on the live definition (version null, publishedVersion 0)', async () => {
    tickets.before = await newLeave(t);
    const { workflow } = await t.gqlOk(op.VWorkflowDocument, { id: LEAVE });
    expect(workflow).toMatchObject({ publishedVersion: 0, versions: [] });
    expect((await t.gqlOk(op.VDraftDocument, { id: LEAVE })).workflow.draft).toBeNull();
    expect((await t.gqlOk(op.VTicketDocument, { id: tickets.before })).ticket.workflowVersion).toBeNull();
  });

  it('only superusers and the workflow admins may publish', async () => {
    expectGqlError(await t.gql(op.VPublishDocument, { id: LEAVE }, 'webb'), 'FORBIDDEN', 'does not manage workflow');
    expect(await t.orm.em.fork().count(WorkflowVersion, {})).toBe(0);
  });

  it('the first publication freezes version 1 and pins every existing ticket to it', async () => {
    const { publishWorkflow } = await t.gqlOk(op.VPublishDocument, { id: LEAVE });
    expect(publishWorkflow).toEqual({ workflowId: LEAVE, version: 1, creator: 'admin' });
    expect((await t.gqlOk(op.VTicketDocument, { id: tickets.before })).ticket.workflowVersion).toBe(1);
    const vpn = await newVpn(t);
    expect((await ticketRow(t, vpn)).workflowVersion).toBeNull();
  });

  it('publishing a draft that changes nothing is refused', async () => {
    expectGqlError(await t.gql(op.VPublishDocument, { id: LEAVE }), 'BAD_INPUT', 'the draft is the same as version 1');
  });

  it('admin edits change the draft only: new tickets still run on the published version', async () => {
    await t.gqlOk(op.ADeleteStateDocument, { id: S.HR, redirectTo: S.END });
    await t.gqlOk(op.AUpdateTransitionDocument, { id: T.TL_AGREE, input: { toStateId: S.END, fieldRequireCheck: true } });
    await t.gqlOk(op.ACreateFieldDocument, { input: { workflowId: LEAVE, fieldKey: 'days', fieldType: 'INT', fieldName: '天数' } });
    await t.gqlOk(op.AUpdateStateDocument, {
      id: S.TL,
      input: { participantType: 'PERSONAL', participant: 'lilian', fields: { title: 'readonly', days: 'required' } },
    });
    await t.gqlOk(op.ADeleteFieldDocument, { id: 3, force: true });
    const { workflow } = await t.gqlOk(op.VDraftDocument, { id: LEAVE });
    expect(workflow.states.map((s) => s.id)).toContain(S.HR);
    expect(workflow.draft!.publishedVersion).toBe(1);
    expect(workflow.draft!.states.map((s) => s.id)).not.toContain(S.HR);
    const tl = workflow.draft!.states.find((s) => s.id === S.TL)!;
    expect(tl.transitions.find((x) => x.id === T.TL_AGREE)!.destinationStateId).toBe(S.END);
    expect(workflow.draft!.initState.fieldList.map((f) => f.fieldKey)).not.toContain('reason');
    tickets.draftTime = await newLeave(t);
    expect(await ticketRow(t, tickets.draftTime)).toMatchObject({ workflowVersion: 1, stateId: S.TL, participant: 'admin' });
    const states = await t.rest('get', `/workflows/${LEAVE}/states`, 'admin');
    expect(states.body.data.value.map((s: { id: number }) => s.id)).toContain(S.HR);
  });

  it('the second publication serves new tickets the new behaviour, through GraphQL and the loonflow routes', async () => {
    const res = await t.rest('post', `/workflows/${LEAVE}/publish`, 'admin');
    expect(res.body).toEqual({ code: 0, msg: '', data: { version: 2 } });
    const { workflow } = await t.gqlOk(op.VWorkflowDocument, { id: LEAVE });
    expect(workflow.publishedVersion).toBe(2);
    expect(workflow.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(workflow.states.map((s) => s.id)).not.toContain(S.HR);
    const states = await t.rest('get', `/workflows/${LEAVE}/states`, 'admin');
    expect(states.body.data.value.map((s: { id: number }) => s.id)).not.toContain(S.HR);
    tickets.after = await newLeave(t);
    expect(await ticketRow(t, tickets.after)).toMatchObject({ workflowVersion: 2, stateId: S.TL, participant: 'lilian' });
  });

  it('workflowDiff lists every kind of change between the two versions, structured and as text', async () => {
    const { workflowDiff: diff } = await t.gqlOk(op.VDiffDocument, { id: LEAVE, from: 1, to: 2 });
    const summary = diff.changes.map((c) => `${c.change} ${c.element} ${c.id} ${c.name}`);
    expect(summary).toEqual([
      'removed state 3 人事审批中',
      'removed fieldAttribute 1 发起人-编辑中.reason',
      'changed participant 2 tl审批中',
      'removed fieldAttribute 2 tl审批中.reason',
      'removed fieldAttribute 2 tl审批中.date_start',
      'removed fieldAttribute 2 tl审批中.date_end',
      'removed fieldAttribute 2 tl审批中.participant_info.participant_name',
      'removed fieldAttribute 2 tl审批中.state.state_name',
      'removed fieldAttribute 2 tl审批中.workflow.workflow_name',
      'added fieldAttribute 2 tl审批中.days',
      'removed fieldAttribute 4 结束.reason',
      'removed transition 4 同意',
      'removed transition 5 拒绝',
      'changed transition 2 同意',
      'removed field 3 reason',
      'added field 5 days',
    ]);
    const repointed = diff.changes.find((c) => c.element === 'transition' && c.id === T.TL_AGREE)!;
    expect(repointed).toMatchObject({
      before: { destinationStateId: S.HR, fieldRequireCheck: false },
      after: { destinationStateId: S.END, fieldRequireCheck: true },
    });
    expect(diff.text).toContain('~ transition "同意" (id 2): fieldRequireCheck false → true, destinationStateId 3 → 4');
    expect(diff.text).toContain('- state "人事审批中" (id 3) removed');
    expect(diff.text).toContain('+ field attribute "tl审批中.days" (id 2): days (none) → "required"');
    expect((await t.gqlOk(op.VDiffDocument, { id: LEAVE, from: 2 })).workflowDiff).toMatchObject({ to: null, changes: [] });
    expectGqlError(await t.gql(op.VDiffDocument, { id: LEAVE, from: 3 }), 'NOT_FOUND', 'workflow 1 has no published version 3');
  });

  it('a removed field disappears from new tickets only', async () => {
    expect(await fieldKeys(t, tickets.before, 'admin')).toContain('reason');
    expect(await fieldKeys(t, tickets.before, 'admin')).not.toContain('days');
    expect(await fieldKeys(t, tickets.after, 'lilian')).not.toContain('reason');
    expect(await fieldKeys(t, tickets.after, 'lilian')).toContain('days');
  });

  it('in-flight tickets keep the version they were created on: old participant, old transition target, removed state, no new required field', async () => {
    for (const id of [tickets.before, tickets.draftTime]) {
      await handleOk(t, id, 'admin', { transition_id: T.TL_AGREE, suggestion: 'ok' });
      expect(await ticketRow(t, id)).toMatchObject({ stateId: S.HR, participant: 'hr' });
      await handleOk(t, id, 'hr', { transition_id: T.HR_AGREE, suggestion: 'ok' });
      expect(await ticketRow(t, id)).toMatchObject({ stateId: S.END, workflowVersion: 1 });
    }
  });

  it('a new ticket follows the new version: new participant, new required field, re-pointed transition', async () => {
    const refused = await t.rest('patch', `/tickets/${tickets.after}`, 'admin', { transition_id: T.TL_AGREE, suggestion: 'ok' });
    expectRestError(refused, '');
    const missing = await t.rest('patch', `/tickets/${tickets.after}`, 'lilian', { transition_id: T.TL_AGREE, suggestion: 'ok' });
    expectRestError(missing, 'days');
    await handleOk(t, tickets.after, 'lilian', { transition_id: T.TL_AGREE, suggestion: 'ok', days: 3 });
    expect(await ticketRow(t, tickets.after)).toMatchObject({ stateId: S.END, workflowVersion: 2 });
  });

  it('a published version is immutable: later draft edits do not change it', async () => {
    const before = await t.orm.em.fork().find(WorkflowVersion, { workflowId: LEAVE }, { orderBy: { version: 'asc' } });
    await t.gqlOk(op.AUpdateStateDocument, { id: S.TL, input: { participant: 'webb' } });
    const after = await t.orm.em.fork().find(WorkflowVersion, { workflowId: LEAVE }, { orderBy: { version: 'asc' } });
    expect(after.map((v) => v.definition)).toEqual(before.map((v) => v.definition));
    const ticket = await newLeave(t);
    expect(await ticketRow(t, ticket)).toMatchObject({ workflowVersion: 2, participant: 'lilian' });
  });

  it('import with publish publishes each workflow of the file whose draft changed, and the export names the published version', async () => {
    const vpnFile = await exportDefinitions(t.orm, { workflowIds: [2] });
    expect(vpnFile).not.toContain('published version');
    const first = await importAndPublish(t.orm, vpnFile);
    expect(first.published).toEqual([{ workflowId: 2, version: 1, pinnedTickets: 1 }]);
    expect((await importAndPublish(t.orm, vpnFile)).published).toEqual([]);
    const exported = await exportDefinitions(t.orm, { workflowIds: [1, 2] });
    expect(exported).toContain("# published version 2; this entry is the workflow's draft");
    expect(exported).toContain("# published version 1; this entry is the workflow's draft");
  });
});
