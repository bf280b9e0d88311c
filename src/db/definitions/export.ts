import type { MikroORM } from '@mikro-orm/core';
import YAML, { isMap, isScalar, isSeq } from 'yaml';
import type { BaseRow } from '../entities';
import { loadExisting, type Existing } from './existing';
import { compact, exportWorkflow, type Namer } from './export-workflow';

/** Options of an export. */
export interface ExportOptions {
  /** Only these workflows (with all depts, users and roles, and without apps). */
  workflowIds?: number[];
  /** Write the apps' tokens too (default: left out; an import keeps the tokens of apps already in the database). */
  withSecrets?: boolean;
}

type Doc = Record<string, unknown>;

const ONE_LINE = new Set(['depts', 'users', 'roles', 'apps', 'custom_fields', 'transitions', 'notices']);
const FLOW_MAPS = new Set(['participant', 'fields', 'limit_expression']);

function live<T extends BaseRow>(rows: readonly T[]): T[] {
  return rows.filter((r) => !r.isDeleted);
}

function orgDocs(existing: Existing, names: Namer, deptName: Map<number, string>) {
  const users = live(existing.users);
  const userName = new Map(users.map((u) => [u.id, u.username]));
  const depts = live(existing.depts).map((d) =>
    compact({
      id: d.id,
      name: d.name,
      parent: d.parentId === null ? undefined : names.dept(Number(d.parentId)),
      leader: d.leader,
      approvers: d.approvers,
      label: d.label,
    }),
  );
  const userDocs = users.map((u) => {
    const memberships = existing.userDepts
      .filter((m) => m.userId === u.id && deptName.has(m.deptId))
      .sort((a, b) => a.position - b.position)
      .map((m) => names.dept(m.deptId));
    return compact({
      id: u.id,
      username: u.username,
      alias: u.alias,
      email: u.email,
      phone: u.phone,
      ...(memberships.length === 1 ? { dept: memberships[0] } : { depts: memberships }),
      is_admin: u.isAdmin || undefined,
      is_active: u.isActive ? undefined : false,
    });
  });
  const roles = live(existing.roles).map((r) => ({
    ...compact({ id: r.id, name: r.name, description: r.description, label: r.label }),
    members: existing.userRoles.filter((m) => m.roleId === r.id && userName.has(m.userId)).map((m) => userName.get(m.userId)),
  }));
  return { depts, users: userDocs, roles };
}

function appDocs(existing: Existing): Doc[] {
  const workflowName = new Map(live(existing.workflows).map((w) => [w.id, w.name]));
  return live(existing.apps).map((a) => ({
    id: a.id,
    name: a.name,
    token: a.token,
    workflows: a.allWorkflows ? 'all' : a.workflowIds.filter((id) => workflowName.has(id)).map((id) => workflowName.get(id)),
    sn_prefix: a.snPrefix,
    ...(a.readOnlyDefinitions ? { read_only_definitions: true } : {}),
    ...(a.browserOnly ? { browser_only: true } : {}),
  }));
}

function workflowDocs(existing: Existing, names: Namer, only: ReadonlySet<number> | undefined): Doc[] {
  const of = <R extends BaseRow & { workflowId: number }>(rows: readonly R[], id: number) => live(rows).filter((r) => r.workflowId === id);
  return live(existing.workflows)
    .filter((w) => !only || only.has(w.id))
    .map((workflow) =>
      exportWorkflow(
        {
          workflow,
          admins: existing.admins.filter((a) => a.workflowId === workflow.id).map((a) => a.username),
          fields: of(existing.fields, workflow.id),
          states: of(existing.states, workflow.id),
          transitions: of(existing.transitions, workflow.id),
          notices: of(existing.notices, workflow.id),
        },
        names,
      ),
    );
}

/** Name the published version above each workflow that has one: the entry itself is its draft (docs/versions.md). */
function nameVersions(document: YAML.Document, existing: Existing): void {
  const workflows = document.get('workflows');
  if (!isSeq(workflows)) return;
  const published = new Map(existing.workflows.map((w) => [w.id, w.publishedVersion]));
  for (const item of workflows.items) {
    const version = isMap(item) ? published.get(Number(item.get('id'))) : 0;
    if (isMap(item) && version) item.commentBefore = ` published version ${version}; this entry is the workflow's draft (its live definition)`;
  }
}

function toYaml(doc: Doc, existing: Existing): string {
  const document = new YAML.Document(doc);
  nameVersions(document, existing);
  YAML.visit(document, {
    Pair(_, pair) {
      if (!isScalar(pair.key)) return;
      const key = String(pair.key.value);
      if (ONE_LINE.has(key) && isSeq(pair.value)) for (const item of pair.value.items) if (isMap(item)) item.flow = true;
      if (FLOW_MAPS.has(key) && isMap(pair.value)) pair.value.flow = true;
    },
    Seq(_, seq) {
      if (seq.items.every((item) => isScalar(item))) seq.flow = true;
    },
  });
  return document.toString({ lineWidth: 0 });
}

/** The definitions of `existing` as a document in the import format, with explicit ids and app tokens; soft-deleted rows are left out. */
export function definitionDocument(existing: Existing, opts: ExportOptions = {}): Doc {
  const deptName = new Map(live(existing.depts).map((d) => [d.id, d.name]));
  const roleName = new Map(live(existing.roles).map((r) => [r.id, r.name]));
  const usernames = new Set(live(existing.users).map((u) => u.username));
  const names: Namer = {
    dept: (id) => deptName.get(id) ?? id,
    role: (id) => roleName.get(id) ?? id,
    user: (username) => usernames.has(username),
  };
  const only = opts.workflowIds ? new Set(opts.workflowIds) : undefined;
  return compact({
    ...orgDocs(existing, names, deptName),
    apps: only ? undefined : appDocs(existing),
    workflows: workflowDocs(existing, names, only),
  });
}

function withoutAppTokens(doc: Doc): Doc {
  const apps = doc.apps as Doc[] | undefined;
  return apps ? { ...doc, apps: apps.map(({ token: _token, ...app }) => app) } : doc;
}

/** The definitions of `existing` as YAML in the import format; app tokens only with `withSecrets`. */
export function renderDefinitions(existing: Existing, opts: ExportOptions = {}): string {
  const doc = definitionDocument(existing, opts);
  return toYaml(opts.withSecrets ? doc : withoutAppTokens(doc), existing);
}

/** The definitions in the database as YAML in the import format, with explicit ids (app tokens only with `withSecrets`); soft-deleted rows are left out. */
export async function exportDefinitions(orm: MikroORM, opts: ExportOptions = {}): Promise<string> {
  return renderDefinitions(await loadExisting(orm.em.fork()), opts);
}
