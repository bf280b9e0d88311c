import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as op from '../generated';
import { gqlAs, refused } from '../support/admin';
import { startTestApp, type TestApp } from '../support/app';
import { dialects } from '../support/db';

describe.each(dialects())('who may change definitions (%s)', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    await t.gqlOk(op.AUpdateWorkflowDocument, { id: 1, input: { admins: ['admin', 'lilian'] } });
  });
  afterAll(async () => t?.close());

  it('superusers manage everything', async () => {
    expect((await t.gqlOk(op.AUpdateStateDocument, { id: 7, input: { orderId: 3 } })).updateState.orderId).toBe(3);
    expect((await t.gqlOk(op.ACreateDeptDocument, { input: { name: '财务部', parentId: 1 } })).createDept.parentId).toBe(1);
    expect((await t.gqlOk(op.AAppsDocument, {})).apps.map((a) => a.name)).toEqual(['ops']);
  });

  it('a workflow admin manages that workflow and nothing else', async () => {
    const { updateState } = await t.gqlOk(op.AUpdateStateDocument, { id: 2, input: { name: 'tl审批' } }, 'lilian');
    expect(updateState.name).toBe('tl审批');
    const { updateWorkflow } = await t.gqlOk(op.AUpdateWorkflowDocument, { id: 1, input: { description: '请假' } }, 'lilian');
    expect(updateWorkflow.description).toBe('请假');
    const other = refused(await t.gql(op.AUpdateStateDocument, { id: 6, input: { orderId: 9 } }, 'lilian'));
    expect(other).toMatchObject({
      code: 'FORBIDDEN',
      message: 'user "lilian" does not manage workflow "vpn申请" (id 2): superusers and its admins may change it',
    });
    expect(refused(await t.gql(op.ACreateWorkflowDocument, { input: { name: 'x' } }, 'lilian'))).toMatchObject({
      code: 'FORBIDDEN',
      message: 'only superusers may create workflows',
    });
    expect(refused(await t.gql(op.ACreateUserDocument, { input: { username: 'x' } }, 'lilian')).code).toBe('FORBIDDEN');
    const audit = await t.gqlOk(op.AAuditDocument, { filter: { workflowId: 1 } }, 'lilian');
    expect(audit.auditEntries.items.every((e) => e.workflowId === 1)).toBe(true);
    expect(refused(await t.gql(op.AAuditDocument, { filter: { workflowId: 2 } }, 'lilian')).code).toBe('FORBIDDEN');
    expect(refused(await t.gql(op.AAuditDocument, {}, 'lilian')).code).toBe('FORBIDDEN');
  });

  it('a plain user or an unknown one changes nothing', async () => {
    for (const username of ['webb', 'ghost']) {
      expect(refused(await t.gql(op.AUpdateStateDocument, { id: 2, input: { orderId: 5 } }, username)).code).toBe('FORBIDDEN');
      expect(refused(await t.gql(op.ADeleteTransitionDocument, { id: 5 }, username)).code).toBe('FORBIDDEN');
      expect(refused(await t.gql(op.AImportDocument, { yaml: 'users: []' }, username)).code).toBe('FORBIDDEN');
      expect(refused(await t.gql(op.AExportDocument, { workflowIds: [1] }, username)).code).toBe('FORBIDDEN');
    }
    expect(refused(await t.gql(op.AAppsDocument, {}, 'webb')).message).toBe('only superusers may list apps');
  });

  it('an app restricted to read-only definitions reads them but changes nothing, even as a superuser', async () => {
    const { createApp } = await t.gqlOk(op.ACreateAppDocument, { input: { name: 'viewer', workflowIds: [1, 2], readOnlyDefinitions: true } });
    const token = createApp.token;
    const denied = refused(await gqlAs(t, token, op.AUpdateStateDocument, { id: 2, input: { orderId: 5 } }));
    expect(denied).toMatchObject({ code: 'FORBIDDEN', message: 'the app "viewer" has read-only access to definitions' });
    expect(refused(await gqlAs(t, token, op.ACreateWorkflowDocument, { input: { name: 'y' } })).code).toBe('FORBIDDEN');
    expect(refused(await gqlAs(t, token, op.ACreateUserDocument, { input: { username: 'y' } })).code).toBe('FORBIDDEN');
    const read = await gqlAs(t, token, op.AWorkflowDocument, { id: 2 });
    expect(read.data?.workflow.states.length).toBe(5);
    const exported = await gqlAs(t, token, op.AExportDocument, { workflowIds: [2] });
    expect(exported.data?.exportDefinitions).toContain('name: vpn申请');
  });

  it('an app sees and changes only the workflows it may use', async () => {
    const { createApp } = await t.gqlOk(op.ACreateAppDocument, { input: { name: 'narrow', workflowIds: [2] } });
    const denied = refused(await gqlAs(t, createApp.token, op.AUpdateStateDocument, { id: 2, input: { orderId: 5 } }));
    expect(denied).toMatchObject({ code: 'FORBIDDEN', message: 'the app "narrow" has no permission to workflow 1' });
    const { data } = await gqlAs(t, createApp.token, op.ACreateWorkflowDocument, { input: { name: '新流程' } });
    const { data: apps } = await gqlAs(t, createApp.token, op.AAppsDocument, {});
    expect(apps?.apps.find((a) => a.name === 'narrow')?.workflowIds).toEqual([2, data!.createWorkflow.id]);
  });
});
