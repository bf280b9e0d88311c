import { AppError } from '../domain/errors';
import { MAX_PER_PAGE } from '../domain/paging';
import { BodyReader } from './body-reader';
import * as op from './generated';
import { pathId, queryString, type RouteInput } from './params';
import { pageOf, presentAppToken, presentDept, presentRole, presentUser, searched } from './presenters/account.presenter';
import { route, type ParamDoc } from './route';

const USER_KEYS = ['username', 'alias', 'email', 'phone', 'dept_ids', 'dept_id', 'is_active', 'is_admin'];
const ROLE_KEYS = ['name', 'description', 'label'];
const DEPT_KEYS = ['name', 'parent_dept_id', 'leader', 'approver', 'label'];
const APP_KEYS = ['app_name', 'ticket_sn_prefix', 'workflow_ids', 'read_only_definitions', 'browser_only'];
const LIST_PARAMS: ParamDoc[] = [
  { name: 'search_value', in: 'query', type: 'string', description: 'name substring' },
  { name: 'page', in: 'query', type: 'integer', description: 'page number, default 1 (beyond the end, or 0 and below: the last page)' },
  {
    name: 'per_page',
    in: 'query',
    type: 'integer',
    description: `items per page, default 10; above ${MAX_PER_PAGE.toLocaleString('en')} the page holds ${MAX_PER_PAGE.toLocaleString('en')} and per_page says so`,
  },
];
const id = (what: string, name = 'id'): ParamDoc => ({ name, in: 'path', required: true, type: 'integer', description: `${what} id` });
const body = (keys: string[], required: string[] = []) => ({
  type: 'object',
  properties: Object.fromEntries(keys.map((k) => [k, {}])),
  ...(required.length ? { required } : {}),
  additionalProperties: false,
});

function reader(i: RouteInput, keys: string[]): BodyReader {
  if (!i.hasBody || !Object.keys(i.body).length) throw AppError.badInput('post参数为空');
  return new BodyReader(i.body).only(keys);
}

function userColumns(r: BodyReader) {
  const single = r.int('dept_id');
  return {
    alias: r.string('alias'),
    email: r.string('email'),
    phone: r.string('phone'),
    deptIds: r.ids('dept_ids') ?? (single === undefined ? undefined : [single]),
    isActive: r.flag('is_active'),
    isAdmin: r.flag('is_admin'),
  };
}

function deptColumns(r: BodyReader) {
  const parent = r.int('parent_dept_id');
  return { parentId: parent === 0 ? null : parent, leader: r.string('leader'), approvers: r.csv('approver'), label: r.object('label') };
}

function appColumns(r: BodyReader) {
  const given = r.raw('workflow_ids');
  const all = given === 'all';
  return {
    snPrefix: r.string('ticket_sn_prefix'),
    allWorkflows: all || (given == null ? undefined : false),
    workflowIds: all ? undefined : r.ids('workflow_ids'),
    readOnlyDefinitions: r.flag('read_only_definitions'),
    browserOnly: r.flag('browser_only'),
  };
}

/** loonflow's account routes: users, roles and their members, depts and app tokens (changes: superusers). */
export const ACCOUNT_ROUTES = [
  route({
    method: 'get',
    path: '/accounts/users',
    summary: 'Users with their depts',
    document: op.AccountUsersDocument,
    params: LIST_PARAMS,
    variables: (i) => ({ search: queryString(i, 'search_value') }),
    present: (d, p, i) =>
      pageOf(
        d.users.map((u) => presentUser(u, p)),
        i,
      ),
  }),
  route({
    method: 'post',
    path: '/accounts/users',
    summary: 'Create a user',
    document: op.AccountCreateUserDocument,
    body: body(USER_KEYS, ['username']),
    variables: (i) => {
      const r = reader(i, USER_KEYS);
      return { input: { username: r.string('username', { required: true })!, ...userColumns(r) } };
    },
    present: (d) => ({ user_id: d.createUser.id }),
    example: { user_id: 12 },
  }),
  route({
    method: 'patch',
    path: '/accounts/users/{id}',
    summary: 'Change a user',
    document: op.AccountUpdateUserDocument,
    params: [id('user')],
    body: body(USER_KEYS),
    variables: (i) => {
      const r = reader(i, USER_KEYS);
      return { id: pathId(i), input: { username: r.string('username'), ...userColumns(r) } };
    },
    present: () => ({}),
  }),
  route({
    method: 'delete',
    path: '/accounts/users/{id}',
    summary: 'Soft-delete a user',
    document: op.AccountDeleteUserDocument,
    params: [id('user')],
    variables: (i) => ({ id: pathId(i) }),
    present: () => ({}),
  }),
  route({
    method: 'get',
    path: '/accounts/roles',
    summary: 'Roles',
    document: op.AccountRolesDocument,
    params: LIST_PARAMS,
    variables: () => ({}),
    present: (d, p, i) =>
      pageOf(
        searched(d.roles, i, (r) => r.name).map((r) => presentRole(r, p)),
        i,
      ),
  }),
  route({
    method: 'post',
    path: '/accounts/roles',
    summary: 'Create a role',
    document: op.AccountCreateRoleDocument,
    body: body(ROLE_KEYS, ['name']),
    variables: (i) => {
      const r = reader(i, ROLE_KEYS);
      return { input: { name: r.string('name', { required: true })!, description: r.string('description'), label: r.object('label') } };
    },
    present: (d) => ({ role_id: d.createRole.id }),
    example: { role_id: 2 },
  }),
  route({
    method: 'patch',
    path: '/accounts/roles/{id}',
    summary: 'Change a role',
    document: op.AccountUpdateRoleDocument,
    params: [id('role')],
    body: body(ROLE_KEYS),
    variables: (i) => {
      const r = reader(i, ROLE_KEYS);
      return { id: pathId(i), input: { name: r.string('name'), description: r.string('description'), label: r.object('label') } };
    },
    present: () => ({}),
  }),
  route({
    method: 'delete',
    path: '/accounts/roles/{id}',
    summary: 'Soft-delete a role',
    document: op.AccountDeleteRoleDocument,
    params: [id('role')],
    variables: (i) => ({ id: pathId(i) }),
    present: () => ({}),
  }),
  route({
    method: 'get',
    path: '/accounts/roles/{id}/users',
    summary: 'Members of a role',
    document: op.AccountRoleUsersDocument,
    params: [id('role'), ...LIST_PARAMS],
    variables: () => ({}),
    present: (d, p, i) => {
      const role = d.roles.find((r) => r.id === pathId(i));
      if (!role) throw AppError.notFound(`role ${pathId(i)} does not exist`);
      return pageOf(
        searched(role.members, i, (u) => u.username).map((u) => presentUser(u, p)),
        i,
      );
    },
  }),
  route({
    method: 'post',
    path: '/accounts/roles/{id}/users',
    summary: 'Add a member to a role',
    document: op.AccountAddRoleMemberDocument,
    params: [id('role')],
    body: body(['user_id'], ['user_id']),
    variables: (i) => ({ roleId: pathId(i), userId: reader(i, ['user_id']).int('user_id', { required: true })! }),
    present: () => ({}),
  }),
  route({
    method: 'delete',
    path: '/accounts/roles/{id}/users/{user_id}',
    summary: 'Remove a member from a role',
    document: op.AccountRemoveRoleMemberDocument,
    params: [id('role'), id('user', 'user_id')],
    variables: (i) => ({ roleId: pathId(i), userId: pathId(i, 'user_id') }),
    present: () => ({}),
  }),
  route({
    method: 'get',
    path: '/accounts/depts',
    summary: 'Depts',
    document: op.AccountDeptsDocument,
    params: LIST_PARAMS,
    variables: () => ({}),
    present: (d, p, i) =>
      pageOf(
        searched(d.depts, i, (x) => x.name).map((x) => presentDept(x, p)),
        i,
      ),
  }),
  route({
    method: 'post',
    path: '/accounts/depts',
    summary: 'Create a dept',
    document: op.AccountCreateDeptDocument,
    body: body(DEPT_KEYS, ['name']),
    variables: (i) => {
      const r = reader(i, DEPT_KEYS);
      return { input: { name: r.string('name', { required: true })!, ...deptColumns(r) } };
    },
    present: (d) => ({ dept_id: d.createDept.id }),
    example: { dept_id: 8 },
  }),
  route({
    method: 'patch',
    path: '/accounts/depts/{id}',
    summary: 'Change a dept',
    document: op.AccountUpdateDeptDocument,
    params: [id('dept')],
    body: body(DEPT_KEYS),
    variables: (i) => {
      const r = reader(i, DEPT_KEYS);
      return { id: pathId(i), input: { name: r.string('name'), ...deptColumns(r) } };
    },
    present: () => ({}),
  }),
  route({
    method: 'delete',
    path: '/accounts/depts/{id}',
    summary: 'Soft-delete a dept',
    document: op.AccountDeleteDeptDocument,
    params: [id('dept')],
    variables: (i) => ({ id: pathId(i) }),
    present: () => ({}),
  }),
  route({
    method: 'get',
    path: '/accounts/app_token',
    summary: 'App tokens (the tokens themselves are never listed)',
    document: op.AccountAppTokensDocument,
    params: LIST_PARAMS,
    variables: () => ({}),
    present: (d, p, i) =>
      pageOf(
        searched(d.apps, i, (a) => a.name).map((a) => presentAppToken(a, p)),
        i,
      ),
  }),
  route({
    method: 'post',
    path: '/accounts/app_token',
    summary: 'Create an app token; the token is in this answer only',
    document: op.AccountCreateAppTokenDocument,
    body: body(APP_KEYS, ['app_name']),
    variables: (i) => {
      const r = reader(i, APP_KEYS);
      return { input: { name: r.string('app_name', { required: true })!, ...appColumns(r) } };
    },
    present: (d) => ({ id: d.createApp.app.id, token: d.createApp.token }),
    example: { id: 2, token: '3f1c…' },
  }),
  route({
    method: 'patch',
    path: '/accounts/app_token/{id}',
    summary: "Change an app token's name, prefix or workflows",
    document: op.AccountUpdateAppTokenDocument,
    params: [id('app token')],
    body: body(APP_KEYS),
    variables: (i) => {
      const r = reader(i, APP_KEYS);
      return { id: pathId(i), input: { name: r.string('app_name'), ...appColumns(r) } };
    },
    present: () => ({}),
  }),
  route({
    method: 'delete',
    path: '/accounts/app_token/{id}',
    summary: 'Soft-delete an app token',
    document: op.AccountDeleteAppTokenDocument,
    params: [id('app token')],
    variables: (i) => ({ id: pathId(i) }),
    present: () => ({}),
  }),
  route({
    method: 'post',
    path: '/accounts/app_token/{id}/rotate',
    summary: 'Give an app a new token (the old one stops working); the token is in this answer only',
    document: op.AccountRotateAppTokenDocument,
    params: [id('app token')],
    variables: (i) => ({ id: pathId(i) }),
    present: (d) => ({ id: d.rotateAppToken.app.id, token: d.rotateAppToken.token }),
  }),
  route({
    method: 'post',
    path: '/accounts/app_token/{id}/signing_secret',
    summary: 'Issue an app a new signing secret for per-user tokens (the previous one stops verifying); the secret is in this answer only',
    document: op.AccountRotateAppSigningSecretDocument,
    params: [id('app token')],
    variables: (i) => ({ id: pathId(i) }),
    present: (d) => ({ id: d.rotateAppSigningSecret.app.id, signing_secret: d.rotateAppSigningSecret.signingSecret }),
    example: { id: 2, signing_secret: 'q2V…' },
  }),
  route({
    method: 'delete',
    path: '/accounts/app_token/{id}/signing_secret',
    summary: "Remove an app's signing secret: the per-user tokens it signed stop working",
    document: op.AccountRevokeAppSigningSecretDocument,
    params: [id('app token')],
    variables: (i) => ({ id: pathId(i) }),
    present: () => ({}),
  }),
];
