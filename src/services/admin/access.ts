import type { User, Workflow } from '../../db/entities';
import type { Existing } from '../../db/definitions';
import { AppError, ErrorCode } from '../../domain/errors';
import { appAllows } from '../../domain/machine/policy';
import { canManage } from '../../domain/permissions';
import type { ServiceContext } from '../context';

/** The acting user, who must exist. */
export function requireActor(ctx: ServiceContext): User {
  if (!ctx.user) throw AppError.forbidden(`username "${ctx.username}" is not an existing user (send the username header)`);
  return ctx.user;
}

/** Fail unless the app may change definitions and the acting user exists. */
export function requireEditor(ctx: ServiceContext): User {
  if (ctx.app.readOnlyDefinitions) throw AppError.forbidden(`the app "${ctx.app.name}" has read-only access to definitions`);
  return requireActor(ctx);
}

/** Fail unless the acting user is a superuser. */
export function requireSuperuser(ctx: ServiceContext, what: string): void {
  if (!requireActor(ctx).isAdmin) throw AppError.forbidden(`only superusers may ${what}`);
}

/** Whether the acting user manages the workflow: superusers, its creator and its admins. */
export function managesWorkflow(ctx: ServiceContext, existing: Existing, workflow: Workflow): boolean {
  const admins = existing.admins.filter((a) => a.workflowId === workflow.id).map((a) => a.username);
  const user = requireActor(ctx);
  return canManage({ isAdmin: user.isAdmin, username: user.username, workflowCreator: workflow.creator, workflowAdmins: admins });
}

/** The live workflow the app may use and the acting user manages. */
export function requireManagedWorkflow(ctx: ServiceContext, existing: Existing, workflowId: number): Workflow {
  const workflow = existing.workflows.find((w) => w.id === workflowId && !w.isDeleted);
  if (!workflow) throw AppError.notFound(`workflow ${workflowId} does not exist`);
  if (!appAllows(ctx.app, workflowId)) {
    throw AppError.forbidden(`the app "${ctx.app.name}" has no permission to workflow ${workflowId}`);
  }
  if (!managesWorkflow(ctx, existing, workflow)) {
    throw AppError.forbidden(`user "${ctx.username}" does not manage workflow "${workflow.name}" (id ${workflowId}): superusers and its admins may change it`);
  }
  return workflow;
}

/** Fail when a live row already has this name: creating must not change an existing row. */
export function requireUnused<R extends { id: number; isDeleted: boolean }>(rows: readonly R[], name: (row: R) => string, value: string, kind: string): void {
  const row = rows.find((r) => !r.isDeleted && name(r) === value);
  if (row) throw new AppError(ErrorCode.CONFLICT, `${kind} "${value}" already exists (id ${row.id})`);
}
