import { type Opt, Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One committed ticket change, appended in the change's own transaction. The id is the cursor of the event
 * feed, the subscriptions and the webhooks (docs/events.md).
 */
@Entity({ tableName: 'ticket_events' })
@Index({ properties: ['ticketId', 'id'] })
@Index({ properties: ['workflowId', 'id'] })
export class TicketEvent {
  [OptionalProps]?: 'flowLogId' | 'dutyAdded' | 'dutyRemoved' | 'createdAt';

  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Property()
  ticketId!: number;

  @Property()
  workflowId!: number;

  /** CREATED, MOVED, … (EventType in src/domain/events.ts). */
  @Property({ length: 30 })
  type!: string;

  /** Who acted: the user's name, or loonrobot for the system. */
  @Property({ length: 100 })
  actor!: string;

  @Property()
  fromStateId!: number;

  @Property()
  toStateId!: number;

  /** The flow log the change wrote, when it wrote one. */
  @Property({ type: 'integer', nullable: true })
  flowLogId: number | null = null;

  /** Users whose duty list gained the ticket. */
  @Property({ type: 'json' })
  dutyAdded: Opt<string[]> = [];

  /** Users whose duty list lost the ticket. */
  @Property({ type: 'json' })
  dutyRemoved: Opt<string[]> = [];

  /** The ticket's version after the change. */
  @Property()
  version!: number;

  @Property({ type: Date, length: 3 })
  createdAt: Opt<Date> = new Date();
}
