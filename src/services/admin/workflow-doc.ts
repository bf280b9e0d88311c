import { definitionDocument, type Existing } from '../../db/definitions';
import { AppError } from '../../domain/errors';
import type { Doc } from './change';

/** A workflow entry of a definition document with every child list present and states referenced by id. */
export interface WorkflowDoc extends Doc {
  id?: number;
  name: string;
  custom_fields: Doc[];
  states: Doc[];
  transitions: Doc[];
  notices: Doc[];
}

/** The child lists of a workflow entry. */
export type ChildList = 'custom_fields' | 'states' | 'transitions' | 'notices';

const KIND: Record<ChildList, string> = {
  custom_fields: 'custom field',
  states: 'state',
  transitions: 'transition',
  notices: 'notice',
};

const list = (value: unknown): Doc[] => (Array.isArray(value) ? (value as Doc[]) : []);

/** The live workflow as its exporter writes it, with transitions naming states by id so renames are safe. */
export function workflowDoc(existing: Existing, workflowId: number): WorkflowDoc {
  const entry = list(definitionDocument(existing, { workflowIds: [workflowId] }).workflows)[0];
  if (!entry) throw AppError.notFound(`workflow ${workflowId} does not exist`);
  const stateId = new Map(existing.states.filter((s) => s.workflowId === workflowId && !s.isDeleted).map((s) => [s.name, s.id]));
  const ref = (value: unknown) => (typeof value === 'string' ? (stateId.get(value) ?? value) : value);
  const transitions = list(entry.transitions).map((t) => ({
    ...t,
    from: ref(t.from),
    to: ref(t.to),
    ...(t.conditions ? { conditions: list(t.conditions).map((c) => ({ ...c, to: ref(c.to) })) } : {}),
  }));
  return {
    ...entry,
    name: String(entry.name),
    custom_fields: list(entry.custom_fields),
    states: list(entry.states),
    transitions,
    notices: list(entry.notices),
  };
}

/** The workflow's own keys, without its children (for audit entries). */
export function workflowColumns(wf: WorkflowDoc): Doc {
  const { custom_fields: _f, states: _s, transitions: _t, notices: _n, ...columns } = wf;
  return columns;
}

/** The child entry with this id, failing with NOT_FOUND. */
export function childById(wf: WorkflowDoc, key: ChildList, id: number): Doc {
  const entry = wf[key].find((c) => c.id === id);
  if (!entry) throw AppError.notFound(`${KIND[key]} ${id} does not exist in workflow "${wf.name}" (id ${wf.id})`);
  return entry;
}

/** Replace the child entry with this id by `update(current)` (which must copy); returns both. */
export function replaceChild(wf: WorkflowDoc, key: ChildList, id: number, update: (current: Doc) => Doc): { before: Doc; after: Doc } {
  const before = childById(wf, key, id);
  const after = update(before);
  wf[key] = wf[key].map((c) => (c === before ? after : c));
  return { before, after };
}

/** Remove the child entry with this id; returns it. */
export function removeChild(wf: WorkflowDoc, key: ChildList, id: number): Doc {
  const entry = childById(wf, key, id);
  wf[key] = wf[key].filter((c) => c !== entry);
  return entry;
}

/** Set the keys whose value is given (neither undefined nor null). */
export function assignGiven(target: Doc, values: Doc): Doc {
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== null) target[key] = value;
  return target;
}

/** Remove a state with the transitions that leave it; transitions into it go to `redirectTo`, or are removed. */
export function removeState(wf: WorkflowDoc, stateId: number, redirectTo?: number | null): Doc {
  if (redirectTo === stateId) throw AppError.badInput(`redirectTo: state ${stateId} is the state being deleted`);
  const state = removeChild(wf, 'states', stateId);
  wf.transitions = wf.transitions.filter((t) => t.from !== stateId && (t.to !== stateId || redirectTo != null));
  for (const t of wf.transitions) {
    if (t.to === stateId) t.to = redirectTo;
    if (Array.isArray(t.conditions) && redirectTo != null) {
      t.conditions = list(t.conditions).map((c) => (c.to === stateId ? { ...c, to: redirectTo } : c));
    }
  }
  return state;
}

/** Remove a custom field and every state's attribute for it and its place in display_form. */
export function removeField(wf: WorkflowDoc, fieldId: number): Doc {
  const field = removeChild(wf, 'custom_fields', fieldId);
  for (const state of wf.states) {
    if (state.fields && typeof state.fields === 'object') {
      const { [String(field.key)]: _gone, ...rest } = state.fields as Doc;
      state.fields = rest;
    }
  }
  if (Array.isArray(wf.display_form)) wf.display_form = wf.display_form.filter((k) => k !== field.key);
  return field;
}
