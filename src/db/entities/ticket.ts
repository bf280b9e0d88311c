import { type Opt, Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { BaseRow } from './base';
import { MediumTextType } from './types';

export type { VoteEntry } from '../../domain/ticket-types';
import type { VoteEntry } from '../../domain/ticket-types';

/** A ticket: one request moving through a workflow. */
@Entity({ tableName: 'tickets' })
@Index({ properties: ['workflowId', 'isDeleted', 'createdAt'] })
@Index({ properties: ['creator', 'createdAt'] })
@Index({ properties: ['stateId'] })
@Index({ properties: ['createdAt'] })
@Index({ properties: ['parentTicketId', 'parentTicketStateId'] })
@Index({ properties: ['slaDueAt', 'id'] })
@Index({ properties: ['slaBreached', 'slaDueAt'] })
export class Ticket extends BaseRow {
  @Property({ length: 500 })
  title: Opt<string> = '';

  @Property()
  workflowId!: number;

  /** The published version of the workflow the ticket runs on (docs/versions.md); null: the workflow's live rows. */
  @Property({ type: 'integer', nullable: true })
  workflowVersion: number | null = null;

  @Property({ length: 64 })
  @Unique()
  sn!: string;

  @Property()
  stateId!: number;

  @Property()
  parentTicketId: Opt<number> = 0;

  @Property()
  parentTicketStateId: Opt<number> = 0;

  @Property()
  participantTypeId: Opt<number> = 0;

  @Property({ type: 'text' })
  participant: Opt<string> = '';

  /** Every user ever attached (csv), loonflow's view-permission list. */
  @Property({ type: 'text' })
  relation: Opt<string> = '';

  @Property()
  inAddNode: Opt<boolean> = false;

  @Property({ length: 100 })
  addNodeMan: Opt<string> = '';

  /** Initiators of nested add-node, innermost last (add_node_man is the last). */
  @Property({ type: 'json' })
  addNodeStack: Opt<string[]> = [];

  @Property()
  scriptRunLastResult: Opt<boolean> = true;

  /** 0 draft, 1 ongoing, 2 refused, 3 retreated, 4 finished, 5 closed. */
  @Property()
  actStateId: Opt<number> = 1;

  @Property({ type: 'json' })
  multiAllPerson: Opt<Record<string, VoteEntry>> = {};

  /** Counts the ticket's entries into states: the number of its current visit (the vote ledger groups by it). */
  @Property({ default: 1 })
  visit: Opt<number> = 1;

  /** Bumped by every mutation; timers and expectedVersion compare it. */
  @Property()
  version: Opt<number> = 1;

  /** The earliest due time of the ticket's running SLA clocks (docs/sla.md); null: none runs. */
  @Property({ type: Date, length: 3, nullable: true })
  slaDueAt: Date | null = null;

  /** Whether an SLA clock of the ticket had breached by its last change. */
  @Property()
  slaBreached: Opt<boolean> = false;
}

/** One custom-field value of a ticket, in the column of its type. */
@Entity({ tableName: 'ticket_values' })
@Unique({ properties: ['ticketId', 'fieldKey'] })
@Index({ properties: ['fieldKey', 'stringValue'] })
@Index({ properties: ['fieldKey', 'intValue'] })
@Index({ properties: ['fieldKey', 'floatValue'] })
@Index({ properties: ['fieldKey', 'datetimeValue'] })
@Index({ properties: ['fieldKey', 'dateValue'] })
export class TicketValue {
  [OptionalProps]?: 'stringValue' | 'textValue' | 'intValue' | 'floatValue' | 'boolValue' | 'dateValue' | 'datetimeValue';

  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Property()
  ticketId!: number;

  @Property({ length: 50 })
  fieldKey!: string;

  @Property()
  fieldTypeId!: number;

  /** string, radio, select, user, and the csv types (checkbox, multi_select, multi_user, attachment). */
  @Property({ type: 'string', length: 700, nullable: true })
  stringValue: string | null = null;

  /** text fields: up to 100,000 characters (see fields.ts), so mediumtext on MySQL/MariaDB. */
  @Property({ type: MediumTextType, nullable: true })
  textValue: string | null = null;

  @Property({ type: 'bigint', nullable: true })
  intValue: number | null = null;

  @Property({ type: 'double', nullable: true })
  floatValue: number | null = null;

  @Property({ type: 'boolean', nullable: true })
  boolValue: boolean | null = null;

  /** YYYY-MM-DD. */
  @Property({ type: 'string', length: 10, nullable: true })
  dateValue: string | null = null;

  @Property({ type: Date, nullable: true })
  datetimeValue: Date | null = null;
}

/** One entry of a ticket's history. */
@Entity({ tableName: 'flow_logs' })
@Index({ properties: ['ticketId', 'id'] })
export class FlowLog {
  [OptionalProps]?: 'createdAt' | 'isDeleted';

  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Property()
  ticketId!: number;

  /** 0 for interventions and synthetic entries. */
  @Property()
  transitionId: Opt<number> = 0;

  @Property({ type: 'text' })
  suggestion: Opt<string> = '';

  @Property()
  participantTypeId: Opt<number> = 1;

  @Property({ length: 200 })
  participant: Opt<string> = '';

  /** The state this log belongs to: where the action happened (the source state of a move, the end state of a close, the start state of a retreat). */
  @Property()
  stateId!: number;

  @Property()
  interveneTypeId: Opt<number> = 0;

  /** The ticket's values after the action. */
  @Property({ type: 'json' })
  ticketData: Opt<Record<string, unknown>> = {};

  @Property({ type: Date, length: 3 })
  createdAt: Opt<Date> = new Date();

  @Property()
  isDeleted: Opt<boolean> = false;
}

/**
 * Index of who has to act on, and who has worked on, each ticket. It carries the ticket's creation
 * time so that a user's duty, worked and relation lists read their newest page straight off an index.
 */
@Entity({ tableName: 'ticket_users' })
@Unique({ properties: ['ticketId', 'username'] })
@Index({ properties: ['username', 'inProcess', 'createdAt', 'ticketId'] })
@Index({ properties: ['username', 'worked', 'createdAt', 'ticketId'] })
@Index({ properties: ['username', 'createdAt', 'ticketId'] })
export class TicketUser {
  [OptionalProps]?: 'inProcess' | 'worked';

  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Property()
  ticketId!: number;

  @Property({ length: 100 })
  username!: string;

  @Property()
  inProcess: Opt<boolean> = false;

  @Property()
  worked: Opt<boolean> = false;

  /** The ticket's created_at. */
  @Property({ type: Date, length: 3 })
  createdAt!: Date;
}

/** One countersign vote, written with the handle that cast it (docs/countersign.md). */
@Entity({ tableName: 'ticket_votes' })
@Index({ properties: ['ticketId', 'visit', 'id'] })
export class TicketVote {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Property()
  ticketId!: number;

  /** The countersign state, and the ticket's visit to it. */
  @Property()
  stateId!: number;

  @Property()
  visit!: number;

  @Property({ length: 100 })
  voter!: string;

  @Property()
  transitionId!: number;

  @Property({ type: 'text' })
  suggestion: Opt<string> = '';

  /** What the vote did: wait, move, revote or to_state. */
  @Property({ length: 20 })
  outcome!: string;

  @Property({ type: Date, length: 3 })
  createdAt: Opt<Date> = new Date();
}

/** Serial-number counter per (prefix, day). */
@Entity({ tableName: 'serial_counters' })
export class SerialCounter {
  @PrimaryKey({ length: 100 })
  key!: string;

  @Property()
  value: Opt<number> = 0;
}

/**
 * An open ticket's hold on its workflow's uniqueness rule: one row per open ticket of a workflow with a rule,
 * unique on the workflow and the hash of the value the rule counts (its creator, or a field's value). Written and
 * released in the transaction of the change that opens, moves or ends the ticket.
 */
@Entity({ tableName: 'open_ticket_claims' })
@Unique({ properties: ['workflowId', 'valueHash'] })
@Unique({ properties: ['ticketId'] })
export class OpenTicketClaim {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Property()
  workflowId!: number;

  /** SHA-256 of the value the rule counts. */
  @Property({ length: 64 })
  valueHash!: string;

  @Property()
  ticketId!: number;
}
