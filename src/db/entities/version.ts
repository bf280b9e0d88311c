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
