import type { CustomField, Notice, State, Transition, Workflow } from '../../db/entities';
import { FieldAttribute, ParticipantType, TransitionType } from '../constants';

/** The rows of one side of a comparison: a published version or the draft. */
export interface DiffSide {
  workflow: Workflow;
  states: readonly State[];
  transitions: readonly Transition[];
  fields: readonly CustomField[];
  notices: readonly Notice[];
}

/** What a change is about. */
export type DiffElement = 'workflow' | 'state' | 'transition' | 'field' | 'fieldAttribute' | 'participant' | 'hook' | 'condition' | 'timer' | 'notice';

/** One difference between two versions of a workflow. */
export interface DiffChange {
  element: DiffElement;
  change: 'added' | 'removed' | 'changed';
  /** The id of the row (for a field attribute: the state's id). */
  id: number;
  /** The row's name (state, transition, notice), field key, or for a field attribute `state name.field key`. */
  name: string;
  /** The changed columns (or the whole element) before and after; null on the side it does not exist. */
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** Columns that say when a row was written or who it belongs to, not what it does. */
const BOOKKEEPING = new Set(['id', 'workflowId', 'creator', 'createdAt', 'updatedAt', 'isDeleted', 'publishedVersion']);
const STATE_OWN = new Set(['participantTypeId', 'participant', 'fields']);
const TRANSITION_OWN = new Set(['conditions', 'typeId', 'timer']);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The columns of two rows that differ, leaving out bookkeeping and `skip`. */
function changedColumns(a: object, b: object, skip: ReadonlySet<string> = new Set()) {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const key of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
    if (BOOKKEEPING.has(key) || skip.has(key) || typeof ra[key] === 'function' || same(ra[key], rb[key])) continue;
    before[key] = ra[key] ?? null;
    after[key] = rb[key] ?? null;
  }
  return Object.keys(before).length ? { before, after } : null;
}

/** The element's own columns (whole row minus bookkeeping) for an added or removed one. */
function columns(row: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([k, v]) => !BOOKKEEPING.has(k) && typeof v !== 'function'));
}

function pairs<R extends { id: number }>(from: readonly R[], to: readonly R[]) {
  const before = new Map(from.map((r) => [r.id, r]));
  const after = new Map(to.map((r) => [r.id, r]));
  return {
    removed: from.filter((r) => !after.has(r.id)),
    added: to.filter((r) => !before.has(r.id)),
    kept: to.filter((r) => before.has(r.id)).map((r) => [before.get(r.id)!, r] as const),
  };
}

const ATTRIBUTE_NAME: Record<number, string> = {
  [FieldAttribute.READONLY]: 'readonly',
  [FieldAttribute.REQUIRED]: 'required',
  [FieldAttribute.OPTIONAL]: 'optional',
};

function stateChanges(a: State, b: State): DiffChange[] {
  const out: DiffChange[] = [];
  const own = changedColumns(a, b, STATE_OWN);
  if (own) out.push({ element: 'state', change: 'changed', id: b.id, name: b.name, ...own });
  if (a.participantTypeId !== b.participantTypeId || a.participant !== b.participant) {
    const hook = a.participantTypeId === ParticipantType.HOOK || b.participantTypeId === ParticipantType.HOOK;
    out.push({
      element: hook ? 'hook' : 'participant',
      change: 'changed',
      id: b.id,
      name: b.name,
      before: { participantTypeId: a.participantTypeId, participant: a.participant },
      after: { participantTypeId: b.participantTypeId, participant: b.participant },
    });
  }
  for (const key of new Set([...Object.keys(a.fields), ...Object.keys(b.fields)])) {
    const was = a.fields[key];
    const is = b.fields[key];
    if (was === is) continue;
    out.push({
      element: 'fieldAttribute',
      change: was === undefined ? 'added' : is === undefined ? 'removed' : 'changed',
      id: b.id,
      name: `${b.name}.${key}`,
      before: was === undefined ? null : { [key]: ATTRIBUTE_NAME[was] ?? was },
      after: is === undefined ? null : { [key]: ATTRIBUTE_NAME[is] ?? is },
    });
  }
  return out;
}

function transitionChanges(a: Transition, b: Transition): DiffChange[] {
  const out: DiffChange[] = [];
  const own = changedColumns(a, b, TRANSITION_OWN);
  if (own) out.push({ element: 'transition', change: 'changed', id: b.id, name: b.name, ...own });
  if (!same(a.conditions, b.conditions)) {
    out.push({ element: 'condition', change: 'changed', id: b.id, name: b.name, before: { conditions: a.conditions }, after: { conditions: b.conditions } });
  }
  const timer = (t: Transition) => (t.typeId === TransitionType.TIMER ? t.timer : null);
  if (timer(a) !== timer(b)) {
    const change = timer(a) === null ? 'added' : timer(b) === null ? 'removed' : 'changed';
    out.push({
      element: 'timer',
      change,
      id: b.id,
      name: b.name,
      before: timer(a) === null ? null : { timer: timer(a) },
      after: timer(b) === null ? null : { timer: timer(b) },
    });
  }
  return out;
}

/**
 * What differs between two versions of one workflow, element by element. Rows are matched by id, which stays the same
 * across versions for an element that was kept (docs/versions.md); a renamed element is therefore a change, not a
 * removal and an addition.
 */
export function diffWorkflow(from: DiffSide, to: DiffSide): DiffChange[] {
  const out: DiffChange[] = [];
  const own = changedColumns(from.workflow, to.workflow);
  if (own) out.push({ element: 'workflow', change: 'changed', id: to.workflow.id, name: to.workflow.name, ...own });
  const lists = [
    ['state', pairs(from.states, to.states), (r: State) => r.name, stateChanges],
    ['transition', pairs(from.transitions, to.transitions), (r: Transition) => r.name, transitionChanges],
    ['field', pairs(from.fields, to.fields), (r: CustomField) => r.fieldKey, (a: CustomField, b: CustomField) => fieldChanges(a, b)],
    ['notice', pairs(from.notices, to.notices), (r: Notice) => r.name, (a: Notice, b: Notice) => noticeChanges(a, b)],
  ] as const;
  for (const [element, p, name, changes] of lists) {
    type Row = Parameters<typeof name>[0];
    const label = name as (r: Row) => string;
    for (const r of p.removed as Row[]) out.push({ element, change: 'removed', id: r.id, name: label(r), before: columns(r), after: null });
    for (const r of p.added as Row[]) out.push({ element, change: 'added', id: r.id, name: label(r), before: null, after: columns(r) });
    for (const [a, b] of p.kept as (readonly [Row, Row])[]) out.push(...(changes as (a: Row, b: Row) => DiffChange[])(a, b));
  }
  return out;
}

function fieldChanges(a: CustomField, b: CustomField): DiffChange[] {
  const own = changedColumns(a, b);
  return own ? [{ element: 'field', change: 'changed', id: b.id, name: b.fieldKey, ...own }] : [];
}

function noticeChanges(a: Notice, b: Notice): DiffChange[] {
  const own = changedColumns(a, b);
  return own ? [{ element: 'notice', change: 'changed', id: b.id, name: b.name, ...own }] : [];
}

const SIGN = { added: '+', removed: '-', changed: '~' } as const;
const LABEL: Record<DiffElement, string> = {
  workflow: 'workflow',
  state: 'state',
  transition: 'transition',
  field: 'field',
  fieldAttribute: 'field attribute',
  participant: 'participant of state',
  hook: 'hook of state',
  condition: 'conditions of transition',
  timer: 'timer of transition',
  notice: 'notice',
};

/** Short JSON of a value, with tokens masked. */
function shown(value: unknown): string {
  const text = JSON.stringify(value, (key, v) => (key === 'token' && v ? '***' : v)) ?? 'null';
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** One line per change, e.g. `~ transition "同意" (id 2): destinationStateId 3 → 4`. */
export function diffText(changes: readonly DiffChange[]): string[] {
  return changes.map((c) => {
    const head = `${SIGN[c.change]} ${LABEL[c.element]} "${c.name}" (id ${c.id})`;
    if (c.change === 'added' && c.element !== 'fieldAttribute' && c.element !== 'timer') return `${head} added`;
    if (c.change === 'removed' && c.element !== 'fieldAttribute' && c.element !== 'timer') return `${head} removed`;
    const keys = Object.keys(c.after ?? c.before ?? {});
    const parts = keys.map((k) => `${k} ${c.before ? shown(c.before[k]) : '(none)'} → ${c.after ? shown(c.after[k]) : '(none)'}`);
    return `${head}: ${parts.join(', ')}`;
  });
}
