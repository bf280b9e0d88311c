import { formatPath, type PathSegment } from './errors';
import type { PlanApp, PlanDept, PlanRole, PlanUser, Ref } from './plan';
import { resolveList, type Context } from './refs';
import type { AppInput, DeptInput, RoleInput, UserInput } from './schema-org';

type Item<T> = { input: T; path: PathSegment[] };

/** Resolve a dept's parent and check its leader and approvers. */
export function checkDept({ input: d, path }: Item<DeptInput>, ctx: Context): PlanDept {
  if (d.leader !== undefined) ctx.users.check(d.leader, [...path, 'leader']);
  ctx.users.checkList(d.approvers, [...path, 'approvers']);
  const parent = d.parent == null ? null : (ctx.depts.resolve(d.parent, [...path, 'parent']) ?? null);
  return {
    path: formatPath(path),
    id: d.id,
    name: d.name,
    parent,
    leader: d.leader ?? '',
    approvers: d.approvers,
    label: d.label,
  };
}

/** Report parent chains among the file's depts that loop back, once per loop. */
export function checkDeptCycles(depts: readonly Item<DeptInput>[], ctx: Context): void {
  const indexOf = new Map(depts.map((d, i) => [d.input.name, i]));
  const parentOf = (i: number): number | undefined => {
    const ref = depts[i]!.input.parent;
    const entry = ref == null ? undefined : ctx.depts.entry(ref);
    return entry ? indexOf.get(entry.name) : undefined;
  };
  depts.forEach((dept, start) => {
    const chain = [start];
    for (let i = parentOf(start); i !== undefined && !chain.includes(i); i = parentOf(i)) chain.push(i);
    const last = parentOf(chain[chain.length - 1]!);
    if (last !== start || Math.min(...chain) !== start) return;
    const names = [...chain, start].map((i) => `"${depts[i]!.input.name}"`).join(' → ');
    ctx.issues.add([...dept.path, 'parent'], `dept parents form a cycle: ${names}`);
  });
}

/** Resolve a user's depts (`dept` or `depts`). */
export function checkUser({ input: u, path }: Item<UserInput>, ctx: Context): PlanUser {
  let depts: Ref[] | undefined;
  if (u.dept !== undefined && u.depts !== undefined) {
    ctx.issues.add([...path, 'depts'], 'give either dept or depts, not both');
  } else if (u.dept !== undefined) {
    const ref = ctx.depts.resolve(u.dept, [...path, 'dept']);
    depts = ref ? [ref] : [];
  } else if (u.depts !== undefined) {
    depts = resolveList(ctx.depts, u.depts, [...path, 'depts'], ctx.issues) ?? [];
  }
  return {
    path: formatPath(path),
    id: u.id,
    username: u.username,
    alias: u.alias,
    email: u.email,
    phone: u.phone,
    isAdmin: u.is_admin,
    isActive: u.is_active,
    depts,
  };
}

/** Check a role's members. */
export function checkRole({ input: r, path }: Item<RoleInput>, ctx: Context): PlanRole {
  if (r.members) ctx.users.checkList(r.members, [...path, 'members']);
  return {
    path: formatPath(path),
    id: r.id,
    name: r.name,
    description: r.description,
    members: r.members,
    label: r.label,
  };
}

/** Resolve the workflows an app may use. */
export function checkApp({ input: a, path }: Item<AppInput>, ctx: Context): PlanApp {
  const workflows =
    a.workflows === undefined || a.workflows === 'all' ? a.workflows : (resolveList(ctx.workflows, a.workflows, [...path, 'workflows'], ctx.issues) ?? []);
  return {
    path: formatPath(path),
    id: a.id,
    name: a.name,
    token: a.token,
    snPrefix: a.sn_prefix,
    workflows,
    readOnlyDefinitions: a.read_only_definitions,
    browserOnly: a.browser_only,
  };
}
