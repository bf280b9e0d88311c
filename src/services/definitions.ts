import type { EntityManager } from '@mikro-orm/core';
import { catalogOf } from '../db/catalog';
import { CustomField, Notice, State, Transition, Workflow, WorkflowAdmin } from '../db/entities';
import { StateType } from '../domain/constants';
import { AppError } from '../domain/errors';

/** A workflow with everything the engine reads about it. */
export interface WorkflowDefs {
  workflow: Workflow;
  states: Map<number, State>;
  transitions: Transition[];
  fields: CustomField[];
  fieldsByKey: Map<string, CustomField>;
  admins: string[];
  /** Live notices of the workflow. */
  notices: Notice[];
}

async function load(em: EntityManager, workflowId: number): Promise<WorkflowDefs | null> {
  const workflow = await em.findOne(Workflow, { id: workflowId, isDeleted: false });
  if (!workflow) return null;
  const [states, transitions, fields, admins, notices] = await Promise.all([
    em.find(State, { workflowId, isDeleted: false }, { orderBy: { orderId: 'asc', id: 'asc' } }),
    em.find(Transition, { workflowId, isDeleted: false }, { orderBy: { id: 'asc' } }),
    em.find(CustomField, { workflowId, isDeleted: false }, { orderBy: { orderId: 'asc', id: 'asc' } }),
    em.find(WorkflowAdmin, { workflowId }),
    em.find(Notice, { workflowId, isDeleted: false }),
  ]);
  return {
    workflow,
    states: new Map(states.map((s) => [s.id, s])),
    transitions,
    fields,
    fieldsByKey: new Map(fields.map((f) => [f.fieldKey, f])),
    admins: admins.map((a) => a.username),
    notices,
  };
}

/** A workflow's definitions, loaded once per catalog revision and shared by every request. */
export async function workflowDefs(em: EntityManager, workflowId: number): Promise<WorkflowDefs | null> {
  return (await catalogOf(em)).cached(`workflow:${workflowId}`, (fresh) => load(fresh, workflowId));
}

/** Like workflowDefs, failing with NOT_FOUND. */
export async function requireWorkflowDefs(em: EntityManager, workflowId: number): Promise<WorkflowDefs> {
  const defs = await workflowDefs(em, workflowId);
  if (!defs) throw AppError.notFound(`workflow ${workflowId} does not exist`);
  return defs;
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
