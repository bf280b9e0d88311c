import type { CountersignPolicy } from '../countersign';
import type { StateSla, WorkflowSla } from '../sla/schema';
/** A reference to a row: a pinned or existing id, or the natural key of a row the import creates first. */
export type Ref = { id: number } | { name: string };

/** Rows already in the database that a file may reference (built by the DB layer from non-deleted rows). */
export interface KnownRows {
  users: Set<string>;
  depts: Map<string | number, number>;
  roles: Map<string | number, number>;
  workflows: Map<string | number, number>;
  states: Map<number, { workflowId: number; name: string }>;
}

/** A normalized participant; the writer encodes it into State.participantTypeId/participant. */
export type PlanParticipant =
  | { type: 'none' }
  | { type: 'user'; username: string }
  | { type: 'users'; usernames: string[] }
  | { type: 'dept'; depts: Ref[] }
  | { type: 'role'; role: Ref }
  | { type: 'variable'; names: string[] }
  | { type: 'script'; name: string }
  | { type: 'field' | 'parent_field'; keys: string[] }
  | { type: 'hook'; url: string; token: string; wait: boolean; extraInfo: unknown };

/** loonflow creation limits with references still to resolve. */
export interface PlanLimit {
  period?: number;
  count?: number;
  level?: number;
  allow_persons?: string[];
  allow_depts?: Ref[];
  allow_roles?: Ref[];
}

interface PlanRow {
  /** Path of the entity in the file, for errors found while matching rows. */
  path: string;
  id?: number;
}

/** A dept; `parent` null means a root. */
export interface PlanDept extends PlanRow {
  name: string;
  parent: Ref | null;
  leader: string;
  approvers: string[];
  label: Record<string, unknown>;
}

/** A user; `depts` (ordered, first is primary) is synced only when the file gives `dept` or `depts`. */
export interface PlanUser extends PlanRow {
  username: string;
  alias: string;
  email: string;
  phone: string;
  isAdmin: boolean;
  isActive: boolean;
  depts?: Ref[];
}

/** A role; `members` is synced only when given. */
export interface PlanRole extends PlanRow {
  name: string;
  description: string;
  members?: string[];
  label: Record<string, unknown>;
}

/** An API caller; `workflows` is synced only when given. */
export interface PlanApp extends PlanRow {
  name: string;
  /** Absent: an existing app keeps its token; a new app is refused. */
  token?: string;
  snPrefix: string;
  workflows?: 'all' | Ref[];
  /** Synced only when given. */
  readOnlyDefinitions?: boolean;
  /** Synced only when given. */
  browserOnly?: boolean;
}

/** A custom field of a workflow. */
export interface PlanField extends PlanRow {
  key: string;
  name: string;
  typeId: number;
  orderId: number;
  defaultValue: unknown;
  description: string;
  placeholder: string;
  template: string;
  choices: Record<string, string>;
  booleanDisplay: Record<string, string>;
  label: Record<string, unknown>;
}

/** A state of a workflow. */
export interface PlanState extends PlanRow {
  name: string;
  typeId: number;
  orderId: number;
  isHidden: boolean;
  participant: PlanParticipant;
  distributeTypeId: number;
  fields: Record<string, number>;
  enableRetreat: boolean;
  rememberLastMan: boolean;
  /** null: loonflow's rule. */
  countersign: PlanCountersign | null;
  label: Record<string, unknown>;
  sla: StateSla | null;
}

/** A countersign policy whose to_state is named within the workflow. */
export type PlanCountersign = Omit<CountersignPolicy, 'onDisagreement'> & {
  onDisagreement: { rule: 'revote' } | { rule: 'majority' } | { rule: 'to_state'; state: string };
};

/** A transition; states are named within the workflow (state names are unique there). */
export interface PlanTransition extends PlanRow {
  name: string;
  from: string;
  to: string;
  typeId: number;
  timer: number;
  conditions: { expression: string; to: string }[];
  attributeTypeId: number;
  fieldRequireCheck: boolean;
  alertEnable: boolean;
  alertText: string;
}

/** A notice hook of a workflow. */
export interface PlanNotice extends PlanRow {
  name: string;
  url: string;
  token: string;
}

/** A workflow with its children; the file lists all of them, so unlisted children are removed. */
export interface PlanWorkflow extends PlanRow {
  name: string;
  description: string;
  viewPermissionCheck: boolean;
  limitExpression: PlanLimit;
  displayForm: string[];
  titleTemplate: string;
  contentTemplate: string;
  /** The uniqueness rule: '' none, `creator`, or a custom field key. */
  oneOpenPer: string;
  admins?: string[];
  fields: PlanField[];
  states: PlanState[];
  transitions: PlanTransition[];
  notices: PlanNotice[];
  sla: WorkflowSla | null;
}

/** A validated definition file, in write order. */
export interface DefinitionPlan {
  depts: PlanDept[];
  users: PlanUser[];
  roles: PlanRole[];
  apps: PlanApp[];
  workflows: PlanWorkflow[];
}

/** The number of rows (entities and memberships) an import of the plan visits. */
export function planRowCount(plan: DefinitionPlan): number {
  let rows = plan.depts.length + plan.users.length + plan.roles.length + plan.apps.length + plan.workflows.length;
  for (const user of plan.users) rows += user.depts?.length ?? 0;
  for (const role of plan.roles) rows += role.members?.length ?? 0;
  for (const wf of plan.workflows) {
    rows += (wf.admins?.length ?? 0) + wf.fields.length + wf.states.length + wf.transitions.length + wf.notices.length;
  }
  return rows;
}
