import {
  ATTRIBUTE_BY_NAME,
  DISTRIBUTE_BY_NAME,
  Distribute,
  FIELD_ATTRIBUTE_BY_NAME,
  FIELD_TYPE_BY_NAME,
  STATE_TYPE_BY_NAME,
  TransitionType,
} from '../../domain/constants';
import { DEFAULT_CONTENT_TEMPLATE, DEFAULT_TITLE_TEMPLATE } from '../../domain/definitions';
import type { CountersignPolicy } from '../../domain/countersign';
import type { CustomField, LimitExpression, Notice, State, Transition, Workflow } from '../entities';
import { exportStateSla, exportWorkflowSla } from '../../domain/sla/rules';
import { decodeParticipant } from './participant';

type Doc = Record<string, unknown>;

/** How ids of other rows are written: by natural key when the row exists, else the bare id. */
export interface Namer {
  dept: (id: number) => string | number;
  role: (id: number) => string | number;
  user: (username: string) => boolean;
}

/** A workflow's rows, soft-deleted ones left out. */
export interface WorkflowRows {
  workflow: Workflow;
  admins: string[];
  fields: CustomField[];
  states: State[];
  transitions: Transition[];
  notices: Notice[];
}

const nameOf = (byName: Record<string, number>) => {
  const names = new Map(Object.entries(byName).map(([name, id]) => [id, name]));
  return (id: number): string | number => names.get(id) ?? id;
};
const fieldType = nameOf(FIELD_TYPE_BY_NAME);
const stateType = nameOf(STATE_TYPE_BY_NAME);
const distribute = nameOf(DISTRIBUTE_BY_NAME);
const attribute = nameOf(ATTRIBUTE_BY_NAME);
const fieldAttribute = nameOf(FIELD_ATTRIBUTE_BY_NAME);

/** Drop keys whose value is undefined, or (unless listed in `keep`) an empty string, list or object. */
export function compact(doc: Doc, keep: readonly string[] = []): Doc {
  const empty = (v: unknown) => v === '' || (typeof v === 'object' && v !== null && Object.keys(v).length === 0);
  return Object.fromEntries(Object.entries(doc).filter(([k, v]) => v !== undefined && (keep.includes(k) || !empty(v))));
}

function exportLimit(limit: LimitExpression, names: Namer): Doc {
  return compact({
    period: limit.period,
    count: limit.count,
    level: limit.level,
    allow_persons: limit.allow_persons,
    allow_depts: limit.allow_depts?.map(names.dept),
    allow_roles: limit.allow_roles?.map(names.role),
  });
}

function exportField(f: CustomField): Doc {
  return compact(
    {
      id: f.id,
      key: f.fieldKey,
      name: f.fieldName,
      type: fieldType(f.fieldTypeId),
      order: f.orderId,
      ...(f.defaultValue === null ? {} : { default: f.defaultValue }),
      description: f.description,
      placeholder: f.placeholder,
      template: f.fieldTemplate,
      choices: f.fieldChoice,
      boolean_display: f.booleanFieldDisplay,
      label: f.label,
    },
    ['default'],
  );
}

/** The file form of a countersign policy (to_state by name); undefined for loonflow's rule. */
function exportCountersign(policy: CountersignPolicy | null, stateName: (id: number) => string | number): Doc | undefined {
  if (!policy) return undefined;
  const { onDisagreement: rule, ...rest } = policy;
  return { ...rest, on_disagreement: rule.rule === 'to_state' ? { to_state: stateName(rule.stateId) } : rule.rule };
}

function exportState(s: State, names: Namer, stateName: (id: number) => string | number): Doc {
  const fields = Object.fromEntries(Object.entries(s.fields).map(([key, attr]) => [key, fieldAttribute(attr)]));
  return compact({
    id: s.id,
    name: s.name,
    type: stateType(s.typeId),
    order: s.orderId,
    hidden: s.isHidden || undefined,
    participant: decodeParticipant(s, names),
    distribute: s.distributeTypeId === Distribute.DIRECT ? undefined : distribute(s.distributeTypeId),
    fields,
    enable_retreat: s.enableRetreat || undefined,
    remember_last_man: s.rememberLastMan || undefined,
    countersign: exportCountersign(s.countersign, stateName),
    label: s.label,
    sla: s.sla ? exportStateSla(s.sla, names) : undefined,
  });
}

function exportTransition(t: Transition, stateName: (id: number) => string | number): Doc {
  return compact(
    {
      id: t.id,
      name: t.name,
      from: stateName(t.sourceStateId),
      to: stateName(t.destinationStateId),
      attribute: attribute(t.attributeTypeId),
      timer: t.typeId === TransitionType.TIMER ? t.timer : undefined,
      field_require_check: t.fieldRequireCheck ? undefined : false,
      alert: t.alertEnable ? t.alertText : undefined,
      conditions: t.conditions.map((c) => ({ expression: c.expression, to: stateName(c.target_state_id) })),
    },
    ['alert'],
  );
}

/** The file form of one workflow. */
export function exportWorkflow(rows: WorkflowRows, names: Namer): Doc {
  const { workflow: w } = rows;
  const stateNames = new Map(rows.states.map((s) => [s.id, s.name]));
  const stateName = (id: number) => stateNames.get(id) ?? id;
  return compact({
    id: w.id,
    name: w.name,
    description: w.description,
    admins: rows.admins.filter(names.user),
    view_permission_check: w.viewPermissionCheck,
    limit_expression: exportLimit(w.limitExpression, names),
    display_form: w.displayForm,
    title_template: w.titleTemplate === DEFAULT_TITLE_TEMPLATE ? undefined : w.titleTemplate,
    content_template: w.contentTemplate === DEFAULT_CONTENT_TEMPLATE ? undefined : w.contentTemplate,
    one_open_per: w.oneOpenPer || undefined,
    notices: rows.notices.map((n) => compact({ id: n.id, name: n.name, url: n.url, token: n.token })),
    custom_fields: rows.fields.map(exportField),
    states: rows.states.map((s) => exportState(s, names, stateName)),
    transitions: rows.transitions.map((t) => exportTransition(t, stateName)),
    sla: w.sla ? exportWorkflowSla(w.sla, names) : undefined,
  });
}
