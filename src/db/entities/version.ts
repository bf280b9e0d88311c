import { type Opt, Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { MediumTextType } from './types';

/**
 * One published version of a workflow: its definition frozen as the rows the engine reads (docs/versions.md).
 * Written once by publishWorkflow and never changed, so tickets pinned to it keep their behaviour.
 */
@Entity({ tableName: 'workflow_versions' })
@Unique({ properties: ['workflowId', 'version'] })
export class WorkflowVersion {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Property()
  workflowId!: number;

  /** 1 for the first publication, then one more for each. */
  @Property()
  version!: number;

  /** The snapshot as JSON (VersionSnapshot): the workflow, its states, transitions, custom fields and notices. */
  @Property({ type: MediumTextType })
  definition!: string;

  /** Who published it. */
  @Property({ length: 100 })
  creator: Opt<string> = '';

  @Property({ type: Date, length: 3 })
  createdAt: Opt<Date> = new Date();
}

/**
 * A reviewed plan to move a workflow's live tickets from one published version to another (docs/versions.md):
 * the mapping it was made with and the report a person reads before applying it.
 */
@Entity({ tableName: 'migration_plans' })
export class MigrationPlan {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Property()
  workflowId!: number;

  @Property()
  fromVersion!: number;

  @Property()
  toVersion!: number;

  /** Explicit state mapping `{source state id: target state id}`. */
  @Property({ type: 'json' })
  mapping: Opt<Record<string, number>> = {};

  /** The report: per source state, what happens to its tickets (MigrationReport). */
  @Property({ type: MediumTextType })
  report!: string;

  /** planned, then done once every ticket of the plan was moved, found stale or left behind. */
  @Property({ length: 20 })
  status: Opt<string> = 'planned';

  /** Who made the plan. */
  @Property({ length: 100 })
  creator: Opt<string> = '';

  @Property({ type: Date, length: 3 })
  createdAt: Opt<Date> = new Date();
}

/** One ticket of a migration plan and how far applying the plan got with it: the resumable progress. */
@Entity({ tableName: 'migration_plan_tickets' })
@Unique({ properties: ['planId', 'ticketId'] })
export class MigrationPlanTicket {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Property()
  planId!: number;

  @Property()
  ticketId!: number;

  @Property()
  fromStateId!: number;

  /** The state the ticket moves to; null: it cannot be migrated (see reason). */
  @Property({ type: 'integer', nullable: true })
  toStateId: number | null = null;

  /** The ticket's version when the plan was made: a ticket changed since then is not moved. */
  @Property()
  ticketVersion!: number;

  /** pending, moved, stale (changed since the plan) or blocked (cannot be migrated). */
  @Property({ length: 20 })
  status: Opt<string> = 'pending';

  /** Why the ticket was not moved. */
  @Property({ length: 500 })
  reason: Opt<string> = '';
}
