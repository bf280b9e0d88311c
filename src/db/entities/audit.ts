import { type Opt, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** One change to the definitions: who made it, when, what, and the definition before and after. */
@Entity({ tableName: 'audit_entries' })
@Index({ properties: ['workflowId', 'id'] })
@Index({ properties: ['entityType', 'entityId'] })
export class AuditEntry {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Property({ type: Date, length: 3 })
  createdAt: Opt<Date> = new Date();

  /** The acting user (the username header). */
  @Property({ length: 100 })
  actor!: string;

  /** The calling app. */
  @Property({ length: 100 })
  appName!: string;

  /** The operation, e.g. `createState`. */
  @Property({ length: 50 })
  action!: string;

  /** workflow, state, transition, custom_field, notice, user, dept, role, app, definitions, or ticket (a ticket moved by a migration plan). */
  @Property({ length: 30 })
  entityType!: string;

  @Property({ type: 'integer', nullable: true })
  entityId: number | null = null;

  @Property({ type: 'integer', nullable: true })
  workflowId: number | null = null;

  /** What happened, in words. */
  @Property({ length: 500 })
  summary!: string;

  /** The entry in the definition file format before the change (null: created). */
  @Property({ type: 'json', nullable: true, fieldName: 'before_doc' })
  before: unknown = null;

  /** The entry after the change (null: deleted). */
  @Property({ type: 'json', nullable: true, fieldName: 'after_doc' })
  after: unknown = null;
}
