import type { DefinitionPlan, PlanDept } from '../../domain/definitions';
import { App, Dept, Role, User, UserDept, UserRole } from '../entities';
import { resolveRef, type WriteContext } from './rows';

/** Name → id of rows written so far, for references by natural key. */
export interface WrittenIds {
  depts: Map<string, number>;
  users: Map<string, number>;
  roles: Map<string, number>;
  workflows: Map<string, number>;
}

/** The top-level rows matched to the file's entries (undefined: create). */
export interface OrgMatches {
  depts: (Dept | undefined)[];
  users: (User | undefined)[];
  roles: (Role | undefined)[];
  apps: (App | undefined)[];
}

function levels(depts: readonly PlanDept[]): number[][] {
  const index = new Map(depts.map((d, i) => [d.name, i]));
  const depth = new Map<number, number>();
  const depthOf = (i: number): number => {
    const known = depth.get(i);
    if (known !== undefined) return known;
    const parent = depts[i]!.parent;
    const d = parent && 'name' in parent ? depthOf(index.get(parent.name)!) + 1 : 0;
    depth.set(i, d);
    return d;
  };
  const out: number[][] = [];
  depts.forEach((_, i) => {
    (out[depthOf(i)] ??= []).push(i);
  });
  return out;
}

/** Dept.parentId may come back from the database as text. */
function sameId(a: number | string | null, b: number | null): boolean {
  return a === null || b === null ? a === b : Number(a) === b;
}

function remember(ids: Map<string, number>, rows: readonly { id: number }[], name: (i: number) => string): void {
  rows.forEach((row, i) => {
    ids.set(name(i), row.id);
  });
}

/** Depts, parents before children when a parent is new and has no pinned id. */
export async function writeDepts(ctx: WriteContext, plan: DefinitionPlan, matches: OrgMatches, ids: WrittenIds) {
  const rows: Dept[] = [];
  for (const level of levels(plan.depts)) {
    for (const i of level) {
      const d = plan.depts[i]!;
      const row = matches.depts[i];
      const parentId = d.parent ? resolveRef(d.parent, ids.depts) : null;
      rows[i] = ctx.upsert(
        'depts',
        Dept,
        row,
        {
          name: d.name,
          parentId: row && sameId(row.parentId, parentId) ? row.parentId : parentId,
          leader: d.leader,
          approvers: d.approvers,
          label: d.label,
        },
        d.id,
      );
    }
    await ctx.flush();
    for (const i of level) ids.depts.set(plan.depts[i]!.name, rows[i]!.id);
  }
}

/** Users and their dept memberships (synced when the file gives `dept` or `depts`). */
export async function writeUsers(ctx: WriteContext, plan: DefinitionPlan, matches: OrgMatches, ids: WrittenIds) {
  for (const user of ctx.existing.users) if (!user.isDeleted) ids.users.set(user.username, user.id);
  const rows = plan.users.map((u, i) =>
    ctx.upsert(
      'users',
      User,
      matches.users[i],
      {
        username: u.username,
        alias: u.alias,
        email: u.email,
        phone: u.phone,
        isAdmin: u.isAdmin,
        isActive: u.isActive,
      },
      u.id,
    ),
  );
  await ctx.flush();
  remember(ids.users, rows, (i) => plan.users[i]!.username);
  plan.users.forEach((u, i) => {
    if (!u.depts) return;
    const userId = rows[i]!.id;
    const current = ctx.existing.userDepts.filter((m) => m.userId === userId);
    const deptIds = u.depts.map((ref) => resolveRef(ref, ids.depts));
    ctx.sync(
      'userDepts',
      current,
      deptIds,
      (m) => m.deptId,
      (deptId, position) => ({ userId, deptId, position }),
      UserDept,
    );
  });
}

/** Roles and their members (synced when the file gives `members`). */
export async function writeRoles(ctx: WriteContext, plan: DefinitionPlan, matches: OrgMatches, ids: WrittenIds) {
  const rows = plan.roles.map((r, i) =>
    ctx.upsert(
      'roles',
      Role,
      matches.roles[i],
      {
        name: r.name,
        description: r.description,
        label: r.label,
      },
      r.id,
    ),
  );
  await ctx.flush();
  remember(ids.roles, rows, (i) => plan.roles[i]!.name);
  plan.roles.forEach((r, i) => {
    if (!r.members) return;
    const roleId = rows[i]!.id;
    const current = ctx.existing.userRoles.filter((m) => m.roleId === roleId);
    const userIds = r.members.map((name) => resolveRef({ name }, ids.users));
    ctx.sync(
      'userRoles',
      current,
      userIds,
      (m) => m.userId,
      (userId) => ({ userId, roleId }),
      UserRole,
    );
  });
}

/** Apps, after the workflows they may use. */
export function writeApps(ctx: WriteContext, plan: DefinitionPlan, matches: OrgMatches, ids: WrittenIds): void {
  plan.apps.forEach((a, i) => {
    const access =
      a.workflows === undefined
        ? {}
        : a.workflows === 'all'
          ? { allWorkflows: true, workflowIds: [] }
          : { allWorkflows: false, workflowIds: a.workflows.map((ref) => resolveRef(ref, ids.workflows)) };
    const readOnly = a.readOnlyDefinitions === undefined ? {} : { readOnlyDefinitions: a.readOnlyDefinitions };
    const browser = a.browserOnly === undefined ? {} : { browserOnly: a.browserOnly };
    const values = { name: a.name, ...(a.token === undefined ? {} : { token: a.token }), snPrefix: a.snPrefix, ...access, ...readOnly, ...browser };
    ctx.upsert('apps', App, matches.apps[i], values, a.id);
  });
}
