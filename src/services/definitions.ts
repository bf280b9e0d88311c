import type { EntityManager } from '@mikro-orm/core';
import { catalogOf } from '../db/catalog';
import { type CustomField, type Notice, type State, type Ticket, type Transition, Workflow, WorkflowAdmin } from '../db/entities';
import { loadLiveRows, loadVersionRows, type VersionRows } from '../db/workflow-snapshot';
import { StateType } from '../domain/constants';
import { AppError } from '../domain/errors';

/** A workflow with everything the engine reads about it. */
export interface WorkflowDefs {
  workflow: Workflow;
  /** The published version these rows are (docs/versions.md); null: the workflow's live rows (never published, or its draft). */
  version: number | null;
  states: Map<number, State>;
  transitions: Transition[];
  fields: CustomField[];
  fieldsByKey: Map<string, CustomField>;
  /** Who manages the workflow: always as it is now, whatever the version (an access rule, not behaviour). */
  admins: string[];
  /** Live notices of the workflow. */
  notices: Notice[];
}

function defsOf(rows: VersionRows, version: number | null, admins: WorkflowAdmin[]): WorkflowDefs {
  return {
    workflow: rows.workflow,
    version,
    states: new Map(rows.states.map((s) => [s.id, s])),
    transitions: rows.transitions,
    fields: rows.fields,
    fieldsByKey: new Map(rows.fields.map((f) => [f.fieldKey, f])),
    admins: admins.map((a) => a.username),
    notices: rows.notices,
  };
}

/** Rows of drafts as loaded here: GraphQL's Workflow.draft answers them, and their fields must read the draft too. */
const draftRows = new WeakSet<object>();

/**
 * The definitions of a workflow: `version` names a published version; `published` picks the one new tickets use
 * (the live rows while the workflow was never published); `draft` the live rows.
 */
async function load(em: EntityManager, workflowId: number, version: number | 'published' | 'draft'): Promise<WorkflowDefs | null> {
  const workflow = await em.findOne(Workflow, { id: workflowId, isDeleted: false });
  if (!workflow) return null;
  const wanted = version === 'published' ? workflow.publishedVersion || null : version === 'draft' ? null : version;
  const [rows, admins] = await Promise.all([
    wanted ? loadVersionRows(em, workflowId, wanted) : loadLiveRows(em, workflowId),
    em.find(WorkflowAdmin, { workflowId }),
  ]);
  if (rows && version === 'draft') for (const row of [rows.workflow, ...rows.states]) draftRows.add(row);
  return rows && defsOf(rows, wanted, admins);
}

/**
 * A workflow's definitions, loaded once per catalog revision and shared by every request: a published `version`,
 * else the version new tickets use (the live rows of a workflow never published).
 */
export async function workflowDefs(em: EntityManager, workflowId: number, version?: number | null): Promise<WorkflowDefs | null> {
  const which = version ?? 'published';
  return (await catalogOf(em)).cached(`workflow:${workflowId}@${which}`, (fresh) => load(fresh, workflowId, which));
}

/** Like workflowDefs, failing with NOT_FOUND. */
export async function requireWorkflowDefs(em: EntityManager, workflowId: number, version?: number | null): Promise<WorkflowDefs> {
  const defs = await workflowDefs(em, workflowId, version);
  if (!defs) throw AppError.notFound(`workflow ${workflowId}${version ? ` version ${version}` : ''} does not exist`);
  return defs;
}

/** The definitions a ticket runs on: the version it is pinned to, else (never published) the live ones. */
export function ticketDefs(em: EntityManager, ticket: Pick<Ticket, 'workflowId' | 'workflowVersion'>): Promise<WorkflowDefs> {
  return requireWorkflowDefs(em, ticket.workflowId, ticket.workflowVersion);
}

/** The draft of a workflow: its live rows, which admin changes edit (the same as published until the first publication). */
export async function draftDefs(em: EntityManager, workflowId: number): Promise<WorkflowDefs> {
  const defs = await (await catalogOf(em)).cached(`workflow:${workflowId}@draft`, (fresh) => load(fresh, workflowId, 'draft'));
  if (!defs) throw AppError.notFound(`workflow ${workflowId} does not exist`);
  return defs;
}

/** The definitions a workflow or state row shown to a caller belongs to: the draft for a draft row, else the published version. */
export function shownDefs(em: EntityManager, row: object, workflowId: number): Promise<WorkflowDefs> {
  return draftRows.has(row) ? draftDefs(em, workflowId) : requireWorkflowDefs(em, workflowId);
}

/** The state with the given id, failing with a message naming it. */
export function stateOf(defs: WorkflowDefs, stateId: number): State {
  const state = defs.states.get(stateId);
  if (!state) throw AppError.notFound(`state ${stateId} does not exist in workflow ${defs.workflow.id}`);
  return state;
}

/** The start state of a workflow. */
export function startState(defs: WorkflowDefs): State {
  const start = [...defs.states.values()].find((s) => s.typeId === StateType.START);
  if (!start) throw AppError.badInput(`workflow ${defs.workflow.id} has no start state`);
  return start;
}

/** Outgoing transitions of a state, in id order. */
export function outgoing(defs: WorkflowDefs, stateId: number): Transition[] {
  return defs.transitions.filter((t) => t.sourceStateId === stateId);
}
