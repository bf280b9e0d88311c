import { z } from 'zod';
import { checkApp, checkDept, checkDeptCycles, checkRole, checkUser } from './check-org';
import { checkWorkflow } from './check-workflow';
import { Issues, type PathSegment } from './errors';
import type { DefinitionPlan, KnownRows } from './plan';
import { RefIndex, UniqueTracker, UserIndex, type Context } from './refs';
import { parseEach, parseWith, rawId, rawString, type Parsed } from './schema-common';
import { appSchema, deptSchema, roleSchema, userSchema } from './schema-org';
import { workflowSchema } from './schema-workflow';

const list = z.array(z.unknown()).nullish();
const documentSchema = z.strictObject(
  { depts: list, users: list, roles: list, apps: list, workflows: list },
  {
    error: (iss) => (iss.code === 'invalid_type' ? 'expected a mapping with depts, users, roles, apps, workflows' : undefined),
  },
);

function register(index: RefIndex, items: readonly Parsed<unknown>[], nameKey = 'name'): void {
  for (const item of items) {
    const name = rawString(item, nameKey);
    if (name !== undefined) index.add({ id: rawId(item), name, path: item.path });
  }
}

function registerStates(workflow: Parsed<unknown>, ctx: Context): void {
  const owner = rawString(workflow, 'name');
  const states = workflow.raw.states;
  if (owner === undefined || !Array.isArray(states)) return;
  for (const state of states as unknown[]) {
    if (state === null || typeof state !== 'object') continue;
    const { id, name } = state as Record<string, unknown>;
    if (typeof id === 'number') ctx.stateOwners.byId.set(id, owner);
    if (typeof name === 'string') ctx.stateOwners.byName.set(name, [...(ctx.stateOwners.byName.get(name) ?? []), owner]);
  }
}

/** Options of a validation. */
export interface ValidateOptions {
  /** Check hook and notice URLs against this allow-list (null: the defaults); left out, URLs are not checked. */
  hookAllow?: readonly string[] | null;
}

function newContext(issues: Issues, known: KnownRows | undefined, options: ValidateOptions): Context {
  return {
    issues,
    known,
    hookAllow: options.hookAllow,
    users: new UserIndex(issues, known?.users),
    depts: new RefIndex('dept', issues, known?.depts),
    roles: new RefIndex('role', issues, known?.roles),
    workflows: new RefIndex('workflow', issues, known?.workflows),
    stateOwners: { byId: new Map(), byName: new Map() },
    stateIds: new UniqueTracker('state id', issues),
    transitionIds: new UniqueTracker('transition id', issues),
    fieldIds: new UniqueTracker('custom field id', issues),
    noticeIds: new UniqueTracker('notice id', issues),
  };
}

function valid<T>(items: readonly Parsed<T>[]): { input: T; path: PathSegment[] }[] {
  return items.flatMap(({ input, path }) => (input === undefined ? [] : [{ input, path }]));
}

/** Validate a parsed document as a whole against `known` database rows; throws one DefinitionError listing every problem. */
export function validateDefinitions(doc: unknown, known?: KnownRows, options: ValidateOptions = {}): DefinitionPlan {
  const issues = new Issues();
  const top = parseWith(documentSchema, doc ?? {}, [], issues);
  if (!top) throw issues.error();
  const ctx = newContext(issues, known, options);
  const depts = parseEach(deptSchema, top.depts, ['depts'], issues);
  const users = parseEach(userSchema, top.users, ['users'], issues);
  const roles = parseEach(roleSchema, top.roles, ['roles'], issues);
  const apps = parseEach(appSchema, top.apps, ['apps'], issues);
  const workflows = parseEach(workflowSchema, top.workflows, ['workflows'], issues);
  register(ctx.depts, depts);
  for (const user of users) {
    const username = rawString(user, 'username');
    if (username !== undefined) ctx.users.add(username, rawId(user), user.path);
  }
  register(ctx.roles, roles);
  register(new RefIndex('app', issues, undefined), apps);
  register(ctx.workflows, workflows);
  for (const workflow of workflows) registerStates(workflow, ctx);
  checkDeptCycles(valid(depts), ctx);
  const plan: DefinitionPlan = {
    depts: valid(depts).map((item) => checkDept(item, ctx)),
    users: valid(users).map((item) => checkUser(item, ctx)),
    roles: valid(roles).map((item) => checkRole(item, ctx)),
    apps: valid(apps).map((item) => checkApp(item, ctx)),
    workflows: workflows.flatMap((item) => checkWorkflow(item, ctx) ?? []),
  };
  if (issues.count > 0) throw issues.error();
  return plan;
}
