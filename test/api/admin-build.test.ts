import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportDefinitions, importDefinitions } from '../../src/db/definitions';
import * as op from '../generated';
import { startTestApp, type TestApp } from '../support/app';
import { dialects, freshDatabase } from '../support/db';

describe.each(dialects())('a workflow built from nothing through GraphQL mutations (%s)', (dialect) => {
  let t: TestApp;
  let workflowId: number;
  let ids: Record<string, number>;

  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it('is created as a start and an end state joined by one transition, usable by the calling app', async () => {
    const { createWorkflow: wf } = await t.gqlOk(op.ACreateWorkflowDocument, {
      input: { name: '出差申请', description: '出差审批', admins: ['lilian'], startStateName: '发起人', endStateName: '完成' },
    });
    workflowId = wf.id;
    expect(wf).toMatchObject({ name: '出差申请', creator: 'admin', admins: ['lilian'] });
    expect(wf.states.map((s) => [s.name, s.typeId])).toEqual([
      ['发起人', 1],
      ['完成', 2],
    ]);
    expect(wf.transitions).toMatchObject([{ name: '提交', sourceStateId: wf.states[0]!.id, destinationStateId: wf.states[1]!.id }]);
    ids = { start: wf.states[0]!.id, end: wf.states[1]!.id, submit: wf.transitions[0]!.id };
  });

  it('gains fields, states and a conditional transition, each change valid on its own', async () => {
    for (const [fieldKey, fieldType, fieldName] of [
      ['days', 'INT', '天数'],
      ['reason', 'TEXT', '事由'],
    ] as const) {
      await t.gqlOk(op.ACreateFieldDocument, { input: { workflowId, fieldKey, fieldType, fieldName } });
    }
    await t.gqlOk(op.AUpdateStateDocument, { id: ids.start!, input: { fields: { title: 'required', days: 'required', reason: 'optional' } } });
    const readonly = { title: 'readonly', days: 'readonly', reason: 'readonly' };
    const { createState: manager } = await t.gqlOk(op.ACreateStateDocument, {
      input: {
        workflowId,
        name: '主管审批',
        type: 'NORMAL',
        orderId: 1,
        participantType: 'VARIABLE',
        participant: 'creator_tl',
        fields: readonly,
        redirectTransitionIds: [ids.submit!],
        links: [
          { name: '同意', toStateId: ids.end },
          { name: '拒绝', toStateId: ids.start, attributeType: 'REFUSE' },
        ],
      },
    });
    expect(manager).toMatchObject({ participantTypeId: 5, participant: 'creator_tl', fields: { title: 1, days: 1, reason: 1 } });
    const { createState: director } = await t.gqlOk(op.ACreateStateDocument, {
      input: {
        workflowId,
        name: '总监审批',
        orderId: 2,
        participantType: 'PERSONAL',
        participant: 'lilian',
        fields: readonly,
        links: [
          { name: '转总监', fromStateId: manager.id },
          { name: '同意', toStateId: ids.end },
        ],
      },
    });
    const { workflow } = await t.gqlOk(op.AWorkflowDocument, { id: workflowId });
    const approve = workflow.transitions.find((x) => x.name === '同意' && x.sourceStateId === manager.id)!;
    const { updateTransition } = await t.gqlOk(op.AUpdateTransitionDocument, {
      id: approve.id,
      input: { conditions: [{ expression: '{days} > 3', toStateId: director.id }] },
    });
    expect(updateTransition.conditions).toEqual([{ expression: '{days} > 3', target_state_id: director.id }]);
    ids = { ...ids, manager: manager.id, director: director.id, approve: approve.id };
  });

  it('creates a ticket in it and walks it to the end', async () => {
    const { createTicket } = await t.gqlOk(
      op.ACreateTicketDocument,
      {
        input: { workflowId, transitionId: ids.submit!, title: '去上海', fields: { days: 5, reason: '客户拜访' } },
      },
      'webb',
    );
    expect(createTicket).toMatchObject({ stateId: ids.manager, participant: 'admin' });
    const first = await t.gqlOk(op.AHandleTicketDocument, { input: { ticketId: createTicket.id, transitionId: ids.approve! } }, 'admin');
    expect(first.handleTicket).toMatchObject({ stateId: ids.director, participant: 'lilian' });
    const { workflow } = await t.gqlOk(op.AWorkflowDocument, { id: workflowId });
    const last = workflow.transitions.find((x) => x.sourceStateId === ids.director)!;
    const done = await t.gqlOk(op.AHandleTicketDocument, { input: { ticketId: createTicket.id, transitionId: last.id } }, 'lilian');
    expect(done.handleTicket).toMatchObject({ stateId: ids.end, actStateId: 4 });
  });

  it('exports to a file that reproduces it in an empty database', async () => {
    const { exportDefinitions: yaml } = await t.gqlOk(op.AExportDocument, { workflowIds: [workflowId] });
    expect(yaml).toContain('name: 出差申请');
    expect(yaml).toContain('{days} > 3');
    const empty = await freshDatabase(dialect);
    try {
      await importDefinitions(empty.orm, yaml);
      expect(await exportDefinitions(empty.orm, { workflowIds: [workflowId] })).toBe(yaml);
    } finally {
      await empty.drop();
    }
  });
});
