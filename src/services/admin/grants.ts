import type { EntityManager } from '@mikro-orm/core';
import type { Existing } from '../../db/definitions';
import { App, Workflow } from '../../db/entities';
import { AppError } from '../../domain/errors';
import { grantsBeyond, type AppGrants } from '../../domain/permissions';
import type { ServiceContext } from '../context';

const NO_TIMESTAMPS = { exclude: ['createdAt', 'updatedAt'] } as never;
const grantsOf = (app: App): AppGrants => ({ allWorkflows: app.allWorkflows, workflowIds: [...app.workflowIds] });
const stateOf = (app: App) =>
  JSON.stringify([
    app.name,
    app.token,
    app.allWorkflows,
    [...app.workflowIds].sort(),
    app.isDeleted,
    app.readOnlyDefinitions,
    app.snPrefix,
    app.browserOnly,
    app.signingSecret,
  ]);

/**
 * Take note of the apps before a definition change; the returned check, run before the change commits, refuses it when
 * it created or changed (token included) an app that reaches a workflow the calling app is not granted (workflows the
 * change created aside).
 */
export function appGrantsGuard(ctx: ServiceContext, existing: Existing): (em: EntityManager) => Promise<void> {
  if (ctx.app.allWorkflows) return async () => undefined;
  const before = new Map(existing.apps.map((a) => [a.id, { state: stateOf(a), grants: grantsOf(a) }]));
  const known = new Set(existing.workflows.map((w) => w.id));
  return async (em) => {
    await em.flush();
    const created = (await em.find(Workflow, {}, NO_TIMESTAMPS)).map((w) => w.id).filter((id) => !known.has(id));
    const caller: AppGrants = { allWorkflows: false, workflowIds: [...ctx.app.workflowIds, ...created] };
    for (const app of await em.find(App, {}, NO_TIMESTAMPS)) {
      const was = before.get(app.id);
      if (was?.state === stateOf(app)) continue;
      const beyond = (was && grantsBeyond(caller, was.grants)) || grantsBeyond(caller, grantsOf(app));
      if (beyond) throw beyondGrants(ctx, app, beyond);
    }
  };
}

function beyondGrants(ctx: ServiceContext, app: App, beyond: string): AppError {
  return AppError.forbidden(
    `the app "${ctx.app.name}" may not create or change the app "${app.name}": it reaches ${beyond}, which "${ctx.app.name}" is not granted`,
  );
}

/** Fail unless the calling app is granted every workflow `app` reaches (before changing what the guard cannot see). */
export function requireAppWithinGrants(ctx: ServiceContext, app: App): void {
  const beyond = grantsBeyond({ allWorkflows: ctx.app.allWorkflows, workflowIds: [...ctx.app.workflowIds] }, grantsOf(app));
  if (beyond) throw beyondGrants(ctx, app, beyond);
}

/** Fail when an imported document names (by id, else by name, as the importer matches) a workflow the app is not granted. */
export function requireGrantedWorkflows(ctx: ServiceContext, existing: Existing, doc: Record<string, unknown>): void {
  if (ctx.app.allWorkflows || !Array.isArray(doc.workflows)) return;
  const foreign = existing.workflows.filter((w) => !w.isDeleted && !ctx.app.workflowIds.includes(w.id));
  for (const entry of doc.workflows as Record<string, unknown>[]) {
    const hit = foreign.find((w) => (typeof entry?.id === 'number' ? w.id === entry.id : w.name === entry?.name));
    if (hit) throw AppError.forbidden(`the app "${ctx.app.name}" has no permission to workflow ${hit.id} ("${hit.name}"), which the document changes`);
  }
}
