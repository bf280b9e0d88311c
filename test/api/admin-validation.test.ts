import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as op from '../generated';
import { refused, snapshot } from '../support/admin';
import { startTestApp, type GqlResult, type TestApp } from '../support/app';
import { dialects } from '../support/db';

const LEAVE = { reason: 'r', date_start: '2020-01-01 00:00:00', date_end: '2020-01-02 00:00:00' };

describe.each(dialects())('invalid definition changes are refused, say what and where, and change nothing (%s)', (dialect) => {
  let t: TestApp;
  const auditTotal = async () => (await t.gqlOk(op.AAuditDocument, {})).auditEntries.total;

  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  async function expectRefused(run: () => Promise<GqlResult<unknown>>, code: string, ...messages: string[]) {
    const [before, audits] = [await snapshot(t), await auditTotal()];
    const error = refused(await run());
    expect(error.code).toBe(code);
    for (const message of messages) expect(error.message).toContain(message);
    expect(await snapshot(t)).toBe(before);
    expect(await auditTotal()).toBe(audits);
    return error;
  }

  it('an unreachable state, naming the workflow and the state', async () => {
    const error = await expectRefused(
      () => t.gql(op.ACreateStateDocument, { input: { workflowId: 1, name: '孤岛' } }),
      'BAD_INPUT',
      'workflow "请假流程" (id 1) > state "孤岛" (new): state "孤岛" is not reachable from the start state "发起人-编辑中"',
      'state "孤岛" has no outgoing transition',
    );
    expect(error.extensions.issues).toHaveLength(2);
    await expectRefused(
      () => t.gql(op.ADeleteTransitionDocument, { id: 4 }),
      'BAD_INPUT',
      'workflow "请假流程" (id 1) > state "结束" (id 4): state "结束" is not reachable',
    );
  });

  it('a transition into another workflow', async () => {
    await expectRefused(
      () => t.gql(op.ACreateTransitionDocument, { input: { workflowId: 1, name: '越界', fromStateId: 2, toStateId: 7 } }),
      'BAD_INPUT',
      'workflow "请假流程" (id 1) > transition "越界" (new) > to: state 7 belongs to workflow 2 in the database, not to "请假流程"',
    );
    await expectRefused(
      () => t.gql(op.AUpdateTransitionDocument, { id: 2, input: { conditions: [{ expression: '{reason} == "x"', toStateId: 9 }] } }),
      'BAD_INPUT',
      'transition "同意" (id 2) > conditions[0].to: state 9 belongs to workflow 2',
    );
  });

  it('an unknown field in a condition, a state or a participant', async () => {
    await expectRefused(
      () => t.gql(op.AUpdateTransitionDocument, { id: 2, input: { conditions: [{ expression: '{nope} > 1', toStateId: 3 }] } }),
      'BAD_INPUT',
      'workflow "请假流程" (id 1) > transition "同意" (id 2) > conditions[0].expression: unknown field "{nope}"',
    );
    await expectRefused(
      () => t.gql(op.AUpdateStateDocument, { id: 2, input: { fields: { nope: 'required' } } }),
      'BAD_INPUT',
      'state "tl审批中" (id 2) > fields.nope: unknown field "nope"',
    );
    await expectRefused(
      () => t.gql(op.AUpdateStateDocument, { id: 2, input: { participantType: 'PERSONAL', participant: 'nobody' } }),
      'BAD_INPUT',
      'state "tl审批中" (id 2) > participant.value: unknown user "nobody"',
    );
  });

  it('a second start state, a missing end state, a reserved field key, a key change', async () => {
    await expectRefused(() => t.gql(op.AUpdateStateDocument, { id: 2, input: { type: 'START' } }), 'BAD_INPUT', 'a second start state');
    await expectRefused(() => t.gql(op.AUpdateStateDocument, { id: 4, input: { type: 'NORMAL' } }), 'BAD_INPUT', 'no end state');
    await expectRefused(
      () => t.gql(op.ACreateFieldDocument, { input: { workflowId: 1, fieldKey: 'title', fieldType: 'STRING' } }),
      'BAD_INPUT',
      'custom field "title" (new) > key: "title" is a reserved key',
    );
    await expectRefused(() => t.gql(op.AUpdateFieldDocument, { id: 3, input: { fieldKey: 'why' } as never }), 'BAD_INPUT', 'the key "reason" cannot change');
  });

  it('deleting a field a condition still names', async () => {
    await t.gqlOk(op.AUpdateTransitionDocument, { id: 2, input: { conditions: [{ expression: '{reason} == "urgent"', toStateId: 4 }] } });
    await expectRefused(
      () => t.gql(op.ADeleteFieldDocument, { id: 3 }),
      'BAD_INPUT',
      'transition "同意" (id 2) > conditions[0].expression: unknown field "{reason}"',
    );
    await t.gqlOk(op.AUpdateTransitionDocument, { id: 2, input: { conditions: [] } });
  });

  it('deleting a state, a required field or a workflow with live tickets, unless forced', async () => {
    const { createTicket } = await t.gqlOk(op.ACreateTicketDocument, { input: { workflowId: 1, transitionId: 1, title: 'x', fields: LEAVE } });
    expect(createTicket.stateId).toBe(2);
    const error = await expectRefused(
      () => t.gql(op.ADeleteStateDocument, { id: 2, redirectTo: 3 }),
      'CONFLICT',
      `workflow "请假流程" (id 1): removing state "tl审批中" (id 2) would strand 1 live ticket(s) in it (${createTicket.id})`,
    );
    expect(error.extensions.tickets).toBe(1);
    await expectRefused(() => t.gql(op.ADeleteWorkflowDocument, { id: 1 }), 'CONFLICT', 'workflow "请假流程" (id 1): 1 live ticket(s) would be stranded');

    await t.gqlOk(op.AHandleTicketDocument, { input: { ticketId: createTicket.id, transitionId: 3 } });
    await expectRefused(
      () => t.gql(op.ADeleteFieldDocument, { id: 3 }),
      'CONFLICT',
      'removing field "reason" (id 3), required in state "发起人-编辑中", would strand 1 live ticket(s)',
    );

    expect((await t.gqlOk(op.ADeleteFieldDocument, { id: 3, force: true })).deleteCustomField).toBe(true);
    const { workflow } = await t.gqlOk(op.AWorkflowDocument, { id: 1 });
    expect(workflow.customFields.map((f) => f.fieldKey)).toEqual(['date_start', 'date_end']);
    expect(workflow.states.every((s) => !('reason' in (s.fields as object)))).toBe(true);
  });

  it('deleting a dept, user or role that definitions still name', async () => {
    await expectRefused(
      () => t.gql(op.ADeleteDeptDocument, { id: 2 }),
      'BAD_INPUT',
      'workflow "请假流程" (id 1) > state "人事审批中" (id 3) > participant.value[0]: unknown dept "人事部"',
    );
    await expectRefused(() => t.gql(op.ADeleteDeptDocument, { id: 4 }), 'BAD_INPUT', 'dept "交易部" (id 5) > parent: unknown dept "技术部"');
    await expectRefused(() => t.gql(op.ADeleteUserDocument, { id: 4 }), 'BAD_INPUT', 'dept "人事部" (id 2) > leader: unknown user "hr"');
    await expectRefused(
      () => t.gql(op.ADeleteRoleDocument, { id: 1 }),
      'BAD_INPUT',
      'workflow "vpn申请" (id 2) > state "运维人员-审批中" (id 6) > participant.value: unknown role "运维人员"',
    );
  });

  it('two changes racing on one workflow: never both, when together they would break it', async () => {
    const { createTransition } = await t.gqlOk(op.ACreateTransitionDocument, { input: { workflowId: 2, name: '直接完成', fromStateId: 8, toStateId: 9 } });
    const results = await Promise.all([10, createTransition.id].map((id) => t.gql(op.ADeleteTransitionDocument, { id })));
    expect(results.filter((r) => r.data?.deleteTransition)).toHaveLength(1);
    expect(['BAD_INPUT', 'CONFLICT']).toContain(refused(results.find((r) => r.errors)!).code);
    const { workflow } = await t.gqlOk(op.AWorkflowDocument, { id: 2 });
    expect(workflow.transitions.filter((x) => x.destinationStateId === 9)).toHaveLength(1);
  });

  it("an imported file, by the same rules, with the file's own paths", async () => {
    const yaml = `workflows:\n  - name: 请假流程\n    states:\n      - {name: a, type: start}\n      - {name: b, type: end}\n    transitions: []\n`;
    await expectRefused(() => t.gql(op.AImportDocument, { yaml }), 'BAD_INPUT', 'workflows[0].states[0]: state "a" has no outgoing transition');
  });
});
