import type { StateSla, WorkflowSla } from '../../domain/sla/schema';
import { type Opt, Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import type { CountersignPolicy } from '../../domain/countersign';
import type { CreationLimit } from '../../domain/machine/limits';
import { BaseRow } from './base';

/** loonflow creation limits (the engine's CreationLimit). */
export type LimitExpression = CreationLimit;

/** A workflow definition: states, transitions and custom fields hang off it. */
@Entity({ tableName: 'workflows' })
export class Workflow extends BaseRow {
  @Property({ length: 100 })
  @Unique()
  name!: string;

  @Property({ length: 500 })
  description: Opt<string> = '';

  @Property()
  viewPermissionCheck: Opt<boolean> = true;

  @Property({ type: 'json' })
  limitExpression: Opt<LimitExpression> = {};

  /** Field keys shown to users who may view but not handle. */
  @Property({ type: 'json' })
  displayForm: Opt<string[]> = [];

  @Property({ length: 200 })
  titleTemplate: Opt<string> = '你有一个待办工单:{title}';

  @Property({ length: 1000 })
  contentTemplate: Opt<string> = '标题:{title}, 创建时间:{gmt_created}';

  /** The workflow's SLA (calendar, whole-ticket target and escalations), durations in milliseconds; null: none. */
  @Property({ type: 'json', nullable: true })
  sla: WorkflowSla | null = null;
  /** The uniqueness rule: '' none, `creator` one open ticket per creator, a field key one per value of that field. */
  @Property({ length: 50 })
  oneOpenPer: Opt<string> = '';

  /** The version new tickets run on (docs/versions.md); 0: never published, every ticket follows these rows. */
  @Property({ default: 0 })
  publishedVersion: Opt<number> = 0;
}

/** A user who manages (may intervene on) one workflow's tickets. */
@Entity({ tableName: 'workflow_admins' })
@Unique({ properties: ['workflowId', 'username'] })
export class WorkflowAdmin {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Property()
  @Index()
  workflowId!: number;

  @Property({ length: 100 })
  username!: string;
}

/** A state of a workflow. */
@Entity({ tableName: 'states' })
@Index({ properties: ['workflowId', 'orderId'] })
export class State extends BaseRow {
  @Property()
  workflowId!: number;

  @Property({ length: 100 })
  name!: string;

  /** 0 normal, 1 start, 2 end. */
  @Property()
  typeId: Opt<number> = 0;

  @Property()
  orderId: Opt<number> = 0;

  @Property()
  isHidden: Opt<boolean> = false;

  /** loonflow participant type (0 none … 10 hook). */
  @Property()
  participantTypeId: Opt<number> = 0;

  /** The configured participant, in loonflow's encoding (csv, id, or hook JSON). */
  @Property({ type: 'text' })
  participant: Opt<string> = '';

  /** 1 accept first, 2 direct, 3 random, 4 all. */
  @Property()
  distributeTypeId: Opt<number> = 2;

  /** `{field_key: 1 readonly | 2 required | 3 optional}`. */
  @Property({ type: 'json' })
  fields: Opt<Record<string, number>> = {};

  @Property()
  enableRetreat: Opt<boolean> = false;

  @Property()
  rememberLastMan: Opt<boolean> = false;

  /** How a distribute-all state counts votes (docs/countersign.md); null: loonflow's rule. */
  @Property({ type: 'json', nullable: true })
  countersign: CountersignPolicy | null = null;

  @Property({ type: 'json' })
  label: Opt<Record<string, unknown>> = {};

  /** The state's SLA (target, pause, escalations), durations in milliseconds; null: none. */
  @Property({ type: 'json', nullable: true })
  sla: StateSla | null = null;
}

/** A conditional destination of a transition. */
export interface TransitionCondition {
  expression: string;
  target_state_id: number;
}

/** A transition (button) between two states of one workflow. */
@Entity({ tableName: 'transitions' })
export class Transition extends BaseRow {
  @Property()
  @Index()
  workflowId!: number;

  @Property({ length: 100 })
  name!: string;

  /** 1 normal, 2 timer. */
  @Property()
  typeId: Opt<number> = 1;

  @Property()
  timer: Opt<number> = 0;

  @Property()
  @Index()
  sourceStateId!: number;

  @Property()
  destinationStateId!: number;

  @Property({ type: 'json' })
  conditions: Opt<TransitionCondition[]> = [];

  /** 1 agree, 2 refuse, 3 other. */
  @Property()
  attributeTypeId: Opt<number> = 1;

  @Property()
  fieldRequireCheck: Opt<boolean> = true;

  @Property()
  alertEnable: Opt<boolean> = false;

  @Property({ length: 500 })
  alertText: Opt<string> = '';
}

/** A custom field of a workflow's tickets. */
@Entity({ tableName: 'custom_fields' })
export class CustomField extends BaseRow {
  @Property()
  @Index()
  workflowId!: number;

  @Property({ length: 50 })
  fieldKey!: string;

  @Property({ length: 100 })
  fieldName: Opt<string> = '';

  @Property()
  fieldTypeId!: number;

  @Property()
  orderId: Opt<number> = 0;

  @Property({ type: 'json', nullable: true })
  defaultValue: unknown = null;

  @Property({ length: 500 })
  description: Opt<string> = '';

  @Property({ length: 200 })
  placeholder: Opt<string> = '';

  @Property({ type: 'text' })
  fieldTemplate: Opt<string> = '';

  @Property({ type: 'json' })
  booleanFieldDisplay: Opt<Record<string, string>> = {};

  @Property({ type: 'json' })
  fieldChoice: Opt<Record<string, string>> = {};

  @Property({ type: 'json' })
  label: Opt<Record<string, unknown>> = {};
}

/** A hook called after ticket changes. */
@Entity({ tableName: 'notices' })
export class Notice extends BaseRow {
  @Property()
  @Index()
  workflowId!: number;

  @Property({ length: 100 })
  name!: string;

  @Property({ length: 1000 })
  url!: string;

  @Property({ length: 200 })
  token: Opt<string> = '';
}
