import { type Opt, Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * One stay of a ticket in a state, written in the transaction of the change that entered (and left) it: the history
 * SLA clocks are computed from, and the token escalations carry.
 */
@Entity({ tableName: 'sla_visits' })
@Index({ properties: ['ticketId', 'enteredAt'] })
@Index({ properties: ['workflowId', 'enteredAt'] })
export class SlaVisit {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Property()
  ticketId!: number;

  @Property()
  workflowId!: number;

  @Property()
  stateId!: number;

  @Property({ type: Date, length: 3 })
  enteredAt!: Date;

  /** Null while the ticket is still in the state. */
  @Property({ type: Date, length: 3, nullable: true })
  leftAt: Date | null = null;
}

/** An escalation that ran: written with its action, so a job run twice (a worker died after acting) acts once. */
@Entity({ tableName: 'sla_firings' })
@Unique({ properties: ['ticketId', 'scope', 'visitId', 'escalation'] })
export class SlaFiring {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Property()
  ticketId!: number;

  /** 'state' or 'ticket'. */
  @Property({ length: 10 })
  scope!: string;

  /** The visit of a state clock; 0 for the ticket clock (its escalations fire once per ticket). */
  @Property()
  visitId!: number;

  /** The escalation's index in its list. */
  @Property()
  escalation!: number;

  /** What it did: notify, reassign, reassign_role, reassign_dept, add_watcher or transition. */
  @Property({ length: 20 })
  action!: string;

  @Property({ type: Date, length: 3 })
  firedAt: Opt<Date> = new Date();
}
