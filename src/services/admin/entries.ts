import { decodeParticipant } from '../../db/definitions';
import { PARTICIPANT_TYPE_BY_NAME } from '../../domain/constants';
import type { Doc } from './change';
import { assignGiven } from './workflow-doc';

/** Workflow columns a caller may set (null or left out: unchanged). */
export interface WorkflowValues {
  name?: string | null;
  description?: string | null;
  viewPermissionCheck?: boolean | null;
  /** loonflow creation limits in the file format (`allow_persons` etc. as lists or csv). */
  limitExpression?: Record<string, unknown> | null;
  displayForm?: string[] | null;
  titleTemplate?: string | null;
  contentTemplate?: string | null;
  /** The uniqueness rule: `creator`, a custom field key, or '' for none. */
  oneOpenPer?: string | null;
  /** Usernames; replaces the list. */
  admins?: string[] | null;
  /** The workflow's SLA in the file format (docs/sla.md); replaces it, `{}` removes it. */
  sla?: Record<string, unknown> | null;
}

/** State columns a caller may set. */
export interface StateValues {
  name?: string | null;
  type?: number | null;
  orderId?: number | null;
  isHidden?: boolean | null;
  /** loonflow participant type id; the participant is then read in loonflow's encoding. */
  participantType?: number | null;
  /** loonflow's encoding: username, csv usernames, csv dept ids, role id, csv variables, script, csv keys, hook JSON. */
  participant?: string | null;
  distributeType?: number | null;
  /** `{field_key: readonly | required | optional}` (or 1 / 2 / 3). */
  fields?: Record<string, unknown> | null;
  enableRetreat?: boolean | null;
  rememberLastMan?: boolean | null;
  /** The countersign policy in the file format (`{}`: loonflow's rule); replaces the policy. */
  countersign?: Record<string, unknown> | null;
  label?: Record<string, unknown> | null;
  /** The state's SLA in the file format (docs/sla.md); replaces it, `{}` removes it. */
  sla?: Record<string, unknown> | null;
}

/** A conditional destination of a transition. */
export interface ConditionValues {
  expression: string;
  toStateId: number;
}

/** Transition columns a caller may set. */
export interface TransitionValues {
  name?: string | null;
  fromStateId?: number | null;
  toStateId?: number | null;
  attributeType?: number | null;
  /** Seconds: makes it a timer transition; null makes it a normal one. */
  timer?: number | null;
  fieldRequireCheck?: boolean | null;
  alertEnable?: boolean | null;
  alertText?: string | null;
  conditions?: ConditionValues[] | null;
}

/** Custom field columns a caller may set. */
export interface FieldValues {
  fieldKey?: string | null;
  fieldName?: string | null;
  fieldType?: number | null;
  orderId?: number | null;
  /** null clears the default. */
  defaultValue?: unknown;
  description?: string | null;
  placeholder?: string | null;
  template?: string | null;
  choices?: Record<string, unknown> | null;
  booleanDisplay?: Record<string, unknown> | null;
  label?: Record<string, unknown> | null;
}

/** Notice columns a caller may set. */
export interface NoticeValues {
  name?: string | null;
  url?: string | null;
  token?: string | null;
}

const PARTICIPANT_IDS: ReadonlySet<number> = new Set(Object.values(PARTICIPANT_TYPE_BY_NAME));

function participantEntry(typeId: number, participant: string): Doc {
  if (!PARTICIPANT_IDS.has(typeId)) return { type: typeId };
  return decodeParticipant({ participantTypeId: typeId, participant }, { dept: (id) => id, role: (id) => id });
}

/** The file-format keys of workflow values. */
export function workflowEntry(v: WorkflowValues): Doc {
  return assignGiven(
    {},
    {
      name: v.name,
      description: v.description,
      view_permission_check: v.viewPermissionCheck,
      limit_expression: v.limitExpression,
      display_form: v.displayForm,
      title_template: v.titleTemplate,
      content_template: v.contentTemplate,
      one_open_per: v.oneOpenPer,
      admins: v.admins,
    },
  );
}

/** Set or (given `{}`) remove the `sla` key of an entry. */
export function withSla(entry: Doc, sla: Record<string, unknown> | null | undefined): Doc {
  if (sla == null) return entry;
  if (Object.keys(sla).length) entry.sla = sla;
  else delete entry.sla;
  return entry;
}

/** Apply state values to a state entry (a new one when `current` is left out). */
export function stateEntry(v: StateValues, current: Doc = {}): Doc {
  const entry = assignGiven(
    { ...current },
    {
      name: v.name,
      type: v.type,
      order: v.orderId,
      hidden: v.isHidden,
      distribute: v.distributeType,
      fields: v.fields,
      enable_retreat: v.enableRetreat,
      remember_last_man: v.rememberLastMan,
      countersign: v.countersign,
      label: v.label,
    },
  );
  withSla(entry, v.sla);
  if (v.participantType != null || v.participant != null) {
    const currentType = (current.participant as Doc | undefined)?.type;
    const typeId = v.participantType ?? PARTICIPANT_TYPE_BY_NAME[String(currentType ?? 'none')] ?? 0;
    entry.participant = participantEntry(typeId, v.participant ?? '');
  }
  return entry;
}

/** Apply transition values to a transition entry. */
export function transitionEntry(v: TransitionValues, current: Doc = {}): Doc {
  const entry = assignGiven(
    { ...current },
    {
      name: v.name,
      from: v.fromStateId,
      to: v.toStateId,
      attribute: v.attributeType,
      field_require_check: v.fieldRequireCheck,
      conditions: v.conditions?.map((c) => ({ expression: c.expression, to: c.toStateId })),
    },
  );
  if (v.timer === null) delete entry.timer;
  else if (v.timer !== undefined) entry.timer = v.timer;
  if (v.alertEnable === false) delete entry.alert;
  else if (v.alertEnable === true || v.alertText != null) entry.alert = v.alertText ?? entry.alert ?? '';
  return entry;
}

/** Apply custom field values to a field entry. */
export function fieldEntry(v: FieldValues, current: Doc = {}): Doc {
  const entry = assignGiven(
    { ...current },
    {
      key: v.fieldKey,
      name: v.fieldName,
      type: v.fieldType,
      order: v.orderId,
      description: v.description,
      placeholder: v.placeholder,
      template: v.template,
      choices: v.choices,
      boolean_display: v.booleanDisplay,
      label: v.label,
    },
  );
  if (v.defaultValue === null) delete entry.default;
  else if (v.defaultValue !== undefined) entry.default = v.defaultValue;
  return entry;
}

/** Apply notice values to a notice entry. */
export function noticeEntry(v: NoticeValues, current: Doc = {}): Doc {
  return assignGiven({ ...current }, { name: v.name, url: v.url, token: v.token });
}
