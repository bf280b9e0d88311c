import fs from 'node:fs';
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import {
  DefinitionError,
  parseDocument,
  planRowCount,
  validateDefinitions,
  type DefinitionIssue,
  type DefinitionPlan,
  type KnownRows,
} from '../../domain/definitions';
import { bumpCatalogRevision, resetCatalog } from '../catalog';
import { Workflow } from '../entities';
import { publishDraft, type Published } from '../workflow-versions';
import { knownRows, loadExisting, lockDefinitions, type Existing } from './existing';
import { matchUnique, WriteContext, type ImportSummary } from './rows';
import { checkStranding, snapshotLive } from './strand';
import { writeApps, writeDepts, writeRoles, writeUsers, type OrgMatches, type WrittenIds } from './write-org';
import { writeWorkflows } from './write-workflows';

/** Options of a write of definitions. */
export interface WriteOptions {
  /** Called after each row when the document has more than PROGRESS_THRESHOLD rows. */
  onProgress?: (done: number, total: number) => void;
  /** Refuse hook and notice URLs whose host this allow-list does not name (null: the defaults); left out, no check. */
  hookAllow?: readonly string[] | null;
  /** Write even when removed states or required fields strand live tickets. */
  force?: boolean;
  /** The database rows references may name (default: every live row of `existing`). */
  known?: KnownRows;
}

/** Options of an import. */
export interface ImportOptions extends Omit<WriteOptions, 'known'> {
  /** Names the text in syntax errors (`<source>: line N: …`). */
  source?: string;
}

/** Files with more rows than this report progress. */
export const PROGRESS_THRESHOLD = 300;

function matchTopLevel(plan: DefinitionPlan, existing: Existing, issues: DefinitionIssue[]) {
  const name = { plan: (p: { name: string }) => p.name, row: (r: { name: string }) => r.name, field: 'name' };
  const org: OrgMatches = {
    depts: matchUnique(plan.depts, existing.depts, name, 'dept', issues),
    users: matchUnique(
      plan.users,
      existing.users,
      {
        plan: (p) => p.username,
        row: (r) => r.username,
        field: 'username',
      },
      'user',
      issues,
    ),
    roles: matchUnique(plan.roles, existing.roles, name, 'role', issues),
    apps: matchUnique(plan.apps, existing.apps, name, 'app', issues),
  };
  plan.apps.forEach((app, i) => {
    if (app.token === undefined && !org.apps[i]) {
      issues.push({ path: `${app.path}.token`, message: `a new app needs a token (app "${app.name}" is not in the database)` });
    }
  });
  return { org, workflows: matchUnique(plan.workflows, existing.workflows, name, 'workflow', issues) };
}

/** Validate a document against `existing` and write what differs (import and admin mutations); the caller owns the transaction. */
export async function writeDefinitions(em: EntityManager, existing: Existing, doc: unknown, opts: WriteOptions = {}): Promise<ImportSummary> {
  const plan = validateDefinitions(doc, opts.known ?? knownRows(existing), { hookAllow: opts.hookAllow });
  const issues: DefinitionIssue[] = [];
  const matches = matchTopLevel(plan, existing, issues);
  if (issues.length > 0) throw new DefinitionError(issues);
  const live = snapshotLive(existing);
  const total = planRowCount(plan);
  const ctx = new WriteContext(em, existing, total, total > PROGRESS_THRESHOLD ? opts.onProgress : undefined);
  const ids: WrittenIds = { depts: new Map(), users: new Map(), roles: new Map(), workflows: new Map() };
  await writeDepts(ctx, plan, matches.org, ids);
  await writeUsers(ctx, plan, matches.org, ids);
  await writeRoles(ctx, plan, matches.org, ids);
  await writeWorkflows(ctx, plan, matches.workflows, ids);
  writeApps(ctx, plan, matches.org, ids);
  await ctx.flush();
  await checkStranding(em, existing, live, opts.force ?? false);
  if (Object.values(ctx.summary).some((c) => c.created + c.updated + c.removed > 0)) await bumpCatalogRevision(em);
  return ctx.summary;
}

/** Validate definition text (YAML or JSON) against the database, then write only what differs in one transaction. */
export async function importDefinitions(orm: MikroORM, text: string, opts: ImportOptions = {}): Promise<ImportSummary> {
  return (await importThen(orm, text, opts, async () => null)).summary;
}

/** Import, then in the same transaction run `then` with the written document. */
async function importThen<T>(orm: MikroORM, text: string, opts: ImportOptions, then: (em: EntityManager, doc: unknown) => Promise<T>) {
  const doc = parseDocument(text, opts.source);
  const done = await orm.em.fork().transactional(async (em) => {
    await lockDefinitions(em);
    const summary = await writeDefinitions(em, await loadExisting(em), doc, opts);
    return { summary, after: await then(em, doc) };
  });
  resetCatalog(orm.em);
  return done;
}

/** The live workflows a document names, by id or by name, in its order. */
async function namedWorkflows(em: EntityManager, doc: unknown): Promise<number[]> {
  const entries = (doc as { workflows?: { id?: unknown; name?: unknown }[] } | null)?.workflows ?? [];
  const ids: number[] = [];
  for (const entry of entries) {
    const where = typeof entry.id === 'number' ? { id: entry.id } : { name: String(entry.name) };
    const workflow = await em.findOne(Workflow, { ...where, isDeleted: false });
    if (workflow) ids.push(workflow.id);
  }
  return ids;
}

/**
 * Import, then publish each workflow the file names whose draft differs from its published version (or that was
 * never published), in the same transaction (`loongate import --publish`, docs/versions.md).
 */
export async function importAndPublish(orm: MikroORM, text: string, opts: ImportOptions = {}): Promise<{ summary: ImportSummary; published: Published[] }> {
  const done = await importThen(orm, text, opts, async (em, doc) => {
    const published: Published[] = [];
    for (const id of await namedWorkflows(em, doc)) {
      const version = await publishDraft(em, id, '');
      if (version) published.push(version);
    }
    return published;
  });
  return { summary: done.summary, published: done.after };
}

/** Import a definitions file; syntax errors name the file. */
export async function importDefinitionsFile(orm: MikroORM, filePath: string, opts: ImportOptions = {}): Promise<ImportSummary> {
  const text = fs.readFileSync(filePath, 'utf8');
  return importDefinitions(orm, text, { source: filePath, ...opts });
}
