import crypto from 'node:crypto';
import { bumpCatalogRevision } from '../../db/catalog';
import { App } from '../../db/entities';
import { AppError } from '../../domain/errors';
import { newSigningSecret } from '../mint-token';
import type { ServiceContext } from '../context';
import { requireSuperuser, requireUnused } from './access';
import { fresh, type Doc } from './change';
import { requireAppWithinGrants } from './grants';
import { changeOrg, entryById } from './org-change';
import { appEntry, type AppValues } from './org-entries';

/** A new app (API caller). */
export interface CreateAppValues extends AppValues {
  name: string;
}

/** An app with its token, which is shown this once. */
export interface AppWithToken {
  app: App;
  token: string;
}

const newToken = () => crypto.randomUUID();

/** Every live app (superusers); tokens are never listed. */
export function listApps(ctx: ServiceContext): Promise<App[]> {
  requireSuperuser(ctx, 'list apps');
  return ctx.em.find(App, { isDeleted: false }, { orderBy: { id: 'asc' } });
}

/** Create an app with a generated token, returned only here. */
export async function createApp(ctx: ServiceContext, input: CreateAppValues): Promise<AppWithToken> {
  const token = newToken();
  const id = await changeOrg(ctx, async (tx) => {
    requireUnused(tx.existing.apps, (a) => a.name, input.name, 'app');
    const entry: Doc = { workflows: [], ...appEntry(input), token };
    await tx.write({ apps: [entry] });
    const row = await tx.em.findOneOrFail(App, { name: input.name, isDeleted: false });
    row.creator ||= ctx.username;
    tx.audit({
      action: 'createApp',
      entityType: 'app',
      entityId: row.id,
      summary: `created app "${input.name}" (id ${row.id})`,
      after: { ...entry, id: row.id },
    });
    return row.id;
  });
  return { app: await fresh(ctx, App, id), token };
}

/** Change an app's name, serial prefix, workflows or read-only flag. */
export async function updateApp(ctx: ServiceContext, id: number, input: AppValues): Promise<App> {
  await changeOrg(ctx, async (tx, doc) => {
    const before = entryById(doc, 'apps', id);
    const after = appEntry(input, before);
    await tx.write({ apps: [after] });
    tx.audit({ action: 'updateApp', entityType: 'app', entityId: id, summary: `updated app "${after.name}" (id ${id})`, before, after });
  });
  return fresh(ctx, App, id);
}

/** Give an app a new token (the old one stops working); the new token is returned only here. */
export async function rotateAppToken(ctx: ServiceContext, id: number): Promise<AppWithToken> {
  const token = newToken();
  await changeOrg(ctx, async (tx, doc) => {
    const entry = entryById(doc, 'apps', id);
    await tx.write({ apps: [{ ...entry, token }] });
    tx.audit({ action: 'rotateAppToken', entityType: 'app', entityId: id, summary: `rotated the token of app "${entry.name}" (id ${id})` });
  });
  return { app: await fresh(ctx, App, id), token };
}

/** Soft-delete an app: its token stops working. */
export async function deleteApp(ctx: ServiceContext, id: number): Promise<boolean> {
  return changeOrg(ctx, async (tx, doc) => {
    const before = entryById(doc, 'apps', id);
    const row = tx.existing.apps.find((a) => a.id === id);
    if (row) row.isDeleted = true;
    await bumpCatalogRevision(tx.em);
    tx.audit({ action: 'deleteApp', entityType: 'app', entityId: id, summary: `deleted app "${before.name}" (id ${id})`, before });
    return true;
  });
}

/** An app with its signing secret, which is shown this once. */
export interface AppWithSigningSecret {
  app: App;
  signingSecret: string;
}

/**
 * Issue the app a new signing secret for per-user tokens; the previous one (if any) stops verifying tokens at once.
 * The secret is returned only here.
 */
export async function rotateAppSigningSecret(ctx: ServiceContext, id: number): Promise<AppWithSigningSecret> {
  const signingSecret = newSigningSecret();
  await changeOrg(ctx, async (tx, doc) => {
    const entry = entryById(doc, 'apps', id);
    const row = tx.existing.apps.find((a) => a.id === id)!;
    requireAppWithinGrants(ctx, row);
    const verb = row.signingSecret ? 'rotated' : 'issued';
    row.signingSecret = signingSecret;
    await bumpCatalogRevision(tx.em);
    tx.audit({ action: 'rotateAppSigningSecret', entityType: 'app', entityId: id, summary: `${verb} the signing secret of app "${entry.name}" (id ${id})` });
  });
  return { app: await fresh(ctx, App, id), signingSecret };
}

/** Remove the app's signing secret: tokens it signed stop working, and none can be minted until one is issued. */
export async function revokeAppSigningSecret(ctx: ServiceContext, id: number): Promise<App> {
  await changeOrg(ctx, async (tx, doc) => {
    const entry = entryById(doc, 'apps', id);
    const row = tx.existing.apps.find((a) => a.id === id)!;
    requireAppWithinGrants(ctx, row);
    if (!row.signingSecret) throw AppError.badInput(`app "${entry.name}" (id ${id}) has no signing secret to revoke`);
    row.signingSecret = null;
    await bumpCatalogRevision(tx.em);
    tx.audit({ action: 'revokeAppSigningSecret', entityType: 'app', entityId: id, summary: `revoked the signing secret of app "${entry.name}" (id ${id})` });
  });
  return fresh(ctx, App, id);
}
