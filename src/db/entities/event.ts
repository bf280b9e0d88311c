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

/** A caller's webhook: ticket events POSTed to a URL, signed with its secret (docs/events.md). */
@Entity({ tableName: 'webhook_subscriptions' })
@Index({ properties: ['appName', 'isDeleted'] })
export class WebhookSubscription {
  [OptionalProps]?: 'eventTypes' | 'workflowIds' | 'afterCursor' | 'paused' | 'isDeleted' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ autoincrement: true })
  id!: number;

  /** The app that owns it. */
  @Property({ length: 100 })
  appName!: string;

  /** The user whose view rights decide which events are sent. */
  @Property({ length: 100 })
  username!: string;

  @Property({ length: 1000 })
  url!: string;

  /** The key of the HMAC-SHA256 and md5 signatures. */
  @Property({ length: 200 })
  secret!: string;

  /** Only these event types (empty: every type). */
  @Property({ type: 'json' })
  eventTypes: Opt<string[]> = [];

  /** Only these workflows (empty: every workflow the app reaches). */
  @Property({ type: 'json' })
  workflowIds: Opt<number[]> = [];

  /** Only events after this cursor are sent: the newest event when the webhook was made. */
  @Property()
  afterCursor: Opt<number> = 0;

  /** Paused: no deliveries are queued, and queued ones are not sent. */
  @Property()
  paused: Opt<boolean> = false;

  @Property()
  isDeleted: Opt<boolean> = false;

  @Property({ type: Date, length: 3 })
  createdAt: Opt<Date> = new Date();

  @Property({ type: Date, length: 3, onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();
}
