import type { EntityManager } from '@mikro-orm/core';
import { CustomField, Notice, State, Transition, Workflow, WorkflowVersion } from './entities';

/** The rows of one published workflow version, as stored in `workflow_versions.definition`. */
export interface VersionRows {
  workflow: Workflow;
  states: State[];
  transitions: Transition[];
  fields: CustomField[];
  notices: Notice[];
}

type RowClass = new () => object;

const KINDS = { workflow: Workflow, states: State, transitions: Transition, fields: CustomField, notices: Notice } as const;

/** The mapped columns of a row as plain data (no ORM helpers, no relations). */
function plain(em: EntityManager, entity: RowClass, row: object): Record<string, unknown> {
  const props = Object.keys(em.getMetadata().get(entity.name).properties);
  return Object.fromEntries(props.map((p) => [p, (row as Record<string, unknown>)[p]]));
}

/** A row of `entity` rebuilt from plain data: it belongs to no entity manager, so it is never flushed. */
function revive<T extends object>(entity: new () => T, data: Record<string, unknown>): T {
  const row = Object.assign(new entity(), data) as T & { createdAt?: unknown; updatedAt?: unknown };
  if (typeof row.createdAt === 'string') row.createdAt = new Date(row.createdAt);
  if (typeof row.updatedAt === 'string') row.updatedAt = new Date(row.updatedAt);
  return row;
}

/** The snapshot text of a workflow's rows. */
export function serializeVersion(em: EntityManager, rows: VersionRows): string {
  return JSON.stringify({
    workflow: plain(em, Workflow, rows.workflow),
    states: rows.states.map((r) => plain(em, State, r)),
    transitions: rows.transitions.map((r) => plain(em, Transition, r)),
    fields: rows.fields.map((r) => plain(em, CustomField, r)),
    notices: rows.notices.map((r) => plain(em, Notice, r)),
  });
}

/** The rows of a snapshot text, rebuilt as detached entities. */
export function parseVersion(text: string): VersionRows {
  const data = JSON.parse(text) as Record<keyof typeof KINDS, Record<string, unknown> | Record<string, unknown>[]>;
  const list = <T extends object>(entity: new () => T, rows: unknown) => (rows as Record<string, unknown>[]).map((r) => revive(entity, r));
  return {
    workflow: revive(Workflow, data.workflow as Record<string, unknown>),
    states: list(State, data.states),
    transitions: list(Transition, data.transitions),
    fields: list(CustomField, data.fields),
    notices: list(Notice, data.notices),
  };
}

/** The rows of one published version, or null when the workflow has no such version. */
export async function loadVersionRows(em: EntityManager, workflowId: number, version: number): Promise<VersionRows | null> {
  const row = await em.findOne(WorkflowVersion, { workflowId, version });
  return row ? parseVersion(row.definition) : null;
}

/** The live (draft) rows of a workflow, not deleted, in the engine's order; null for a missing or deleted workflow. */
export async function loadLiveRows(em: EntityManager, workflowId: number): Promise<VersionRows | null> {
  const workflow = await em.findOne(Workflow, { id: workflowId, isDeleted: false });
  if (!workflow) return null;
  const [states, transitions, fields, notices] = await Promise.all([
    em.find(State, { workflowId, isDeleted: false }, { orderBy: { orderId: 'asc', id: 'asc' } }),
    em.find(Transition, { workflowId, isDeleted: false }, { orderBy: { id: 'asc' } }),
    em.find(CustomField, { workflowId, isDeleted: false }, { orderBy: { orderId: 'asc', id: 'asc' } }),
    em.find(Notice, { workflowId, isDeleted: false }),
  ]);
  return { workflow, states, transitions, fields, notices };
}
