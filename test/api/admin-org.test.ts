import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as op from '../generated';
import { gqlAs, refused } from '../support/admin';
import { startTestApp, type TestApp } from '../support/app';
import { dialects } from '../support/db';

describe.each(dialects())('people, groups and callers through GraphQL (%s)', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it('creates, changes and deletes a user with their depts', async () => {
    const { createUser } = await t.gqlOk(op.ACreateUserDocument, { input: { username: 'carol', alias: '卡罗', email: 'c@example.com', deptIds: [4, 7] } });
    expect(createUser).toMatchObject({ username: 'carol', isActive: true, isAdmin: false, creator: 'admin', depts: [{ id: 4 }, { id: 7 }] });
    const { updateUser } = await t.gqlOk(op.AUpdateUserDocument, { id: createUser.id, input: { alias: 'Carol', isActive: false, deptIds: [7] } });
    expect(updateUser).toMatchObject({ alias: 'Carol', isActive: false, depts: [{ id: 7, name: '运维部' }] });
    expect(refused(await t.gql(op.ACreateUserDocument, { input: { username: 'carol' } }))).toMatchObject({
      code: 'CONFLICT',
      message: `user "carol" already exists (id ${createUser.id})`,
    });
    expect(refused(await t.gql(op.AUpdateUserDocument, { id: createUser.id, input: { username: 'webb' } })).message).toBe(
      `user "webb" (id ${createUser.id}) > username: user "webb" already exists with id 2`,
    );
    expect(refused(await t.gql(op.AUpdateUserDocument, { id: createUser.id, input: { deptIds: [99] } })).message).toBe(
      `user "carol" (id ${createUser.id}) > depts[0]: unknown dept 99`,
    );
    expect((await t.gqlOk(op.ADeleteUserDocument, { id: createUser.id })).deleteUser).toBe(true);
    expect(refused(await t.gql(op.AUpdateUserDocument, { id: createUser.id, input: { alias: 'x' } })).code).toBe('NOT_FOUND');
  });

  it('creates, moves and deletes a dept; parent chains cannot loop', async () => {
    const { createDept } = await t.gqlOk(op.ACreateDeptDocument, {
      input: { name: '测试部', parentId: 4, leader: 'lilian', approvers: ['lilian', 'david'], label: { cost: 1 } },
    });
    expect(createDept).toMatchObject({ name: '测试部', parentId: 4, leader: 'lilian', approvers: ['lilian', 'david'], label: { cost: 1 } });
    const loop = refused(await t.gql(op.AUpdateDeptDocument, { id: 4, input: { parentId: createDept.id } }));
    expect(loop.message).toContain('dept parents form a cycle');
    const { updateDept } = await t.gqlOk(op.AUpdateDeptDocument, { id: createDept.id, input: { parentId: null, leader: '' } });
    expect(updateDept).toMatchObject({ parentId: null, leader: '' });
    expect((await t.gqlOk(op.ADeleteDeptDocument, { id: createDept.id })).deleteDept).toBe(true);
  });

  it('creates a role, changes its members, and deletes it', async () => {
    const { createRole } = await t.gqlOk(op.ACreateRoleDocument, { input: { name: '审计', description: 'audit', members: ['hr'], label: { a: 1 } } });
    expect(createRole).toMatchObject({ name: '审计', label: { a: 1 }, members: [{ username: 'hr' }] });
    const added = await t.gqlOk(op.AAddRoleMemberDocument, { roleId: createRole.id, userId: 5 });
    expect(added.addRoleMember.members.map((m) => m.username)).toEqual(['hr', 'scm']);
    const removed = await t.gqlOk(op.ARemoveRoleMemberDocument, { roleId: createRole.id, userId: 4 });
    expect(removed.removeRoleMember.members.map((m) => m.username)).toEqual(['scm']);
    expect((await t.gqlOk(op.AUpdateRoleDocument, { id: createRole.id, input: { description: '审计员' } })).updateRole.description).toBe('审计员');
    expect((await t.gqlOk(op.ADeleteRoleDocument, { id: createRole.id })).deleteRole).toBe(true);
  });

  it("shows a new app's token once, and rotation retires the old token", async () => {
    const { createApp } = await t.gqlOk(op.ACreateAppDocument, { input: { name: 'crm', snPrefix: 'crm', workflowIds: [1] } });
    expect(createApp.token).toMatch(/^[0-9a-f-]{36}$/);
    expect(createApp.app).toMatchObject({ name: 'crm', snPrefix: 'crm', workflowIds: [1], allWorkflows: false, readOnlyDefinitions: false });
    const me = (token: string) =>
      request(t.app)
        .post('/graphql')
        .set({ Authorization: `Bearer ${token}`, username: 'admin' })
        .send({ query: '{ me { appName } }' });
    expect((await me(createApp.token)).body.data.me.appName).toBe('crm');
    const listed = await t.gqlOk(op.AAppsDocument, {});
    expect(JSON.stringify(listed)).not.toContain(createApp.token);

    const { rotateAppToken } = await t.gqlOk(op.ARotateAppTokenDocument, { id: createApp.app.id });
    expect(rotateAppToken.token).not.toBe(createApp.token);
    expect((await me(createApp.token)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await me(rotateAppToken.token)).body.data.me.appName).toBe('crm');

    const { updateApp } = await t.gqlOk(op.AUpdateAppDocument, { id: createApp.app.id, input: { workflowIds: [1, 2], readOnlyDefinitions: true } });
    expect(updateApp).toMatchObject({ workflowIds: [1, 2], allWorkflows: false, readOnlyDefinitions: true });
    expect((await t.gqlOk(op.ADeleteAppDocument, { id: createApp.app.id })).deleteApp).toBe(true);
    expect((await me(rotateAppToken.token)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(refused(await gqlAs(t, rotateAppToken.token, op.AAppsDocument, {})).code).toBe('UNAUTHENTICATED');
  });

  it('records every change: who, when, what, before and after, tokens hidden', async () => {
    const { auditEntries } = await t.gqlOk(op.AAuditDocument, { perPage: 100 });
    expect(auditEntries.items.map((e) => e.action).reverse()).toEqual([
      'createUser',
      'updateUser',
      'deleteUser',
      'createDept',
      'updateDept',
      'deleteDept',
      'createRole',
      'addRoleMember',
      'removeRoleMember',
      'updateRole',
      'deleteRole',
      'createApp',
      'rotateAppToken',
      'updateApp',
      'deleteApp',
    ]);
    const [deleted, updated] = auditEntries.items.filter((e) => e.entityType === 'user');
    expect(updated).toMatchObject({
      actor: 'admin',
      appName: 'ops',
      action: 'updateUser',
      summary: expect.stringMatching(/^updated user "carol" \(id \d+\)$/),
    });
    expect(updated!.before).toMatchObject({ alias: '卡罗', depts: ['技术部', '运维部'] });
    expect(updated!.after).toMatchObject({ alias: 'Carol', is_active: false, depts: [7] });
    expect(deleted).toMatchObject({ action: 'deleteUser', after: null });
    expect(Date.now() - new Date(updated!.createdAt).getTime()).toBeLessThan(60_000);
    const created = auditEntries.items.find((e) => e.action === 'createApp')!;
    expect(created.after).toMatchObject({ name: 'crm', token: '***' });
    const byEntity = await t.gqlOk(op.AAuditDocument, { filter: { entityType: 'role' } });
    expect(byEntity.auditEntries.total).toBe(5);
  });
});
