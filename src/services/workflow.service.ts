import { type App, type CustomField, Dept, Role, type State, type Transition, User, Workflow } from '../db/entities';
import { AppError } from '../domain/errors';
import { requireFilterText } from '../domain/filters';
import type { ServiceContext } from './context';
import { draftDefs, requireWorkflowDefs, shownDefs, startState, workflowDefs, type WorkflowDefs } from './definitions';
import { lookups } from './lookups';
import { appAllows } from '../domain/machine/policy';

/** Workflows the caller's app may use, each as published (the version new tickets use). */
export async function listWorkflows(ctx: ServiceContext, filter: { name?: string | null } = {}): Promise<Workflow[]> {
  requireFilterText('name', filter.name);
  const where: Record<string, unknown> = { isDeleted: false };
  if (!ctx.app.allWorkflows) where.id = { $in: ctx.app.workflowIds };
  if (filter.name) where.name = { $like: `%${filter.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%` };
  const rows = await ctx.em.find(Workflow, where, { orderBy: { id: 'asc' } });
  return Promise.all(rows.map(async (w) => (w.publishedVersion ? (await requireWorkflowDefs(ctx.em, w.id)).workflow : w)));
}

/** One workflow the caller's app may use, as published. */
export async function getWorkflow(ctx: ServiceContext, id: number): Promise<Workflow> {
  if (!appAllows(ctx.app, id)) throw AppError.forbidden(`the app has no permission to workflow ${id}`);
  return (await requireWorkflowDefs(ctx.em, id)).workflow;
}

/** The definitions a Workflow answered to the caller stands for (its draft, or the published version), checked against the app. */
async function defsOf(ctx: ServiceContext, workflow: Workflow): Promise<WorkflowDefs> {
  await getWorkflow(ctx, workflow.id);
  return shownDefs(ctx.em, workflow, workflow.id);
}

/** States of a workflow in flow order. */
export async function workflowStates(ctx: ServiceContext, workflow: Workflow): Promise<State[]> {
  return [...(await defsOf(ctx, workflow)).states.values()];
}

/** One state of the published version of its workflow, checked against the app's workflows. */
export async function getState(ctx: ServiceContext, id: number): Promise<State> {
  const [row] = await lookups.statesById(ctx.em, [id]);
  const defs = row && (await workflowDefs(ctx.em, row.workflowId));
  const state = defs?.states.get(id);
  if (!row || !state) throw AppError.notFound(`state ${id} does not exist`);
  await getWorkflow(ctx, state.workflowId);
  return state;
}

/** Transitions of a workflow. */
export async function workflowTransitions(ctx: ServiceContext, workflow: Workflow): Promise<Transition[]> {
  return (await defsOf(ctx, workflow)).transitions;
}

/** Custom fields of a workflow in display order. */
export async function workflowCustomFields(ctx: ServiceContext, workflow: Workflow): Promise<CustomField[]> {
  return (await defsOf(ctx, workflow)).fields;
}

/** The start state of a workflow. */
export async function workflowInitState(ctx: ServiceContext, workflow: Workflow): Promise<State> {
  return startState(await defsOf(ctx, workflow));
}

/**
 * The draft of a versioned workflow: its live definition, which admin changes edit and publishWorkflow publishes;
 * null while the workflow was never published (its live definition is what everyone uses).
 */
export async function workflowDraft(ctx: ServiceContext, workflow: Workflow): Promise<Workflow | null> {
  await getWorkflow(ctx, workflow.id);
  if (!workflow.publishedVersion) return null;
  return (await draftDefs(ctx.em, workflow.id)).workflow;
}

/** Admins of a workflow. */
export async function workflowAdmins(ctx: ServiceContext, workflowId: number): Promise<string[]> {
  return (await requireWorkflowDefs(ctx.em, workflowId)).admins;
}

/** Active users, optionally filtered by a name fragment. */
export function listUsers(ctx: ServiceContext, search?: string | null): Promise<User[]> {
  requireFilterText('search', search);
  const where: Record<string, unknown> = { isDeleted: false };
  if (search) where.$or = [{ username: { $like: `%${search}%` } }, { alias: { $like: `%${search}%` } }];
  return ctx.em.find(User, where, { orderBy: { id: 'asc' } });
}

/** All depts. */
export function listDepts(ctx: ServiceContext): Promise<Dept[]> {
  return ctx.em.find(Dept, { isDeleted: false }, { orderBy: { id: 'asc' } });
}

/** All roles. */
export function listRoles(ctx: ServiceContext): Promise<Role[]> {
  return ctx.em.find(Role, { isDeleted: false }, { orderBy: { id: 'asc' } });
}

/** The calling app. */
export function currentApp(ctx: ServiceContext): App {
  return ctx.app;
}
