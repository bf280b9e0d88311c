import fs from 'node:fs';
import type { MikroORM } from '@mikro-orm/core';
import {
  DefinitionError, parseDocument, planRowCount, validateDefinitions, type DefinitionIssue, type DefinitionPlan,
} from '../../domain/definitions';
import { knownRows, loadExisting, type Existing } from './existing';
import { matchUnique, WriteContext, type ImportSummary } from './rows';
import { writeApps, writeDepts, writeRoles, writeUsers, type OrgMatches, type WrittenIds } from './write-org';
import { writeWorkflows } from './write-workflows';

/** Options of an import. */
export interface ImportOptions {
  /** Names the text in syntax errors (`<source>: line N: …`). */
  source?: string;
  /** Called after each row when the file has more than PROGRESS_THRESHOLD rows. */
  onProgress?: (done: number, total: number) => void;
}

/** Files with more rows than this report progress. */
export const PROGRESS_THRESHOLD = 300;

function matchTopLevel(plan: DefinitionPlan, existing: Existing, issues: DefinitionIssue[]) {
  const name = { plan: (p: { name: string }) => p.name, row: (r: { name: string }) => r.name, field: 'name' };
  const org: OrgMatches = {
    depts: matchUnique(plan.depts, existing.depts, name, 'dept', issues),
    users: matchUnique(plan.users, existing.users, {
      plan: (p) => p.username, row: (r) => r.username, field: 'username',
    }, 'user', issues),
    roles: matchUnique(plan.roles, existing.roles, name, 'role', issues),
    apps: matchUnique(plan.apps, existing.apps, name, 'app', issues),
  };
  return { org, workflows: matchUnique(plan.workflows, existing.workflows, name, 'workflow', issues) };
}

/** Validate definition text (YAML or JSON) against the database, then write only what differs in one transaction. */
export async function importDefinitions(orm: MikroORM, text: string, opts: ImportOptions = {}): Promise<ImportSummary> {
  const doc = parseDocument(text, opts.source);
  return orm.em.fork().transactional(async (em) => {
    const existing = await loadExisting(em);
    const plan = validateDefinitions(doc, knownRows(existing));
    const issues: DefinitionIssue[] = [];
    const matches = matchTopLevel(plan, existing, issues);
    if (issues.length > 0) throw new DefinitionError(issues);
    const total = planRowCount(plan);
    const ctx = new WriteContext(em, existing, total, total > PROGRESS_THRESHOLD ? opts.onProgress : undefined);
    const ids: WrittenIds = { depts: new Map(), users: new Map(), roles: new Map(), workflows: new Map() };
    await writeDepts(ctx, plan, matches.org, ids);
    await writeUsers(ctx, plan, matches.org, ids);
    await writeRoles(ctx, plan, matches.org, ids);
    await writeWorkflows(ctx, plan, matches.workflows, ids);
    writeApps(ctx, plan, matches.org, ids);
    await ctx.flush();
    return ctx.summary;
  });
}

/** Import a definitions file; syntax errors name the file. */
export async function importDefinitionsFile(orm: MikroORM, filePath: string, opts: ImportOptions = {}): Promise<ImportSummary> {
  const text = fs.readFileSync(filePath, 'utf8');
  return importDefinitions(orm, text, { source: filePath, ...opts });
}
