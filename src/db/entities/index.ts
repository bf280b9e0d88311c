import { AuditEntry } from './audit';
import { BaseRow } from './base';
import { CatalogRevision } from './catalog';
import { IdempotentAnswer } from './idempotency';
import { TicketEvent, WebhookSubscription } from './event';
import { App, Dept, Role, User, UserDept, UserRole } from './org';
import { OutboxAttempt, OutboxJob } from './outbox';
import { SlaFiring, SlaVisit } from './sla';
import { FlowLog, OpenTicketClaim, SerialCounter, Ticket, TicketUser, TicketValue, TicketVote } from './ticket';
import { MigrationPlan, MigrationPlanTicket, WorkflowVersion } from './version';
import { CustomField, Notice, State, Transition, Workflow, WorkflowAdmin } from './workflow';

export * from './audit';
export * from './base';
export * from './catalog';
export * from './idempotency';
export * from './event';
export * from './org';
export * from './outbox';
export * from './sla';
export * from './ticket';
export * from './version';
export * from './workflow';

/** Every entity class, for the ORM configuration. */
export const ENTITIES = [
  BaseRow,
  User,
  Dept,
  UserDept,
  Role,
  UserRole,
  App,
  Workflow,
  WorkflowAdmin,
  State,
  Transition,
  CustomField,
  Notice,
  Ticket,
  TicketValue,
  FlowLog,
  TicketUser,
  TicketVote,
  SerialCounter,
  OutboxJob,
  OutboxAttempt,
  TicketEvent,
  WebhookSubscription,
  AuditEntry,
  CatalogRevision,
  SlaVisit,
  SlaFiring,
  IdempotentAnswer,
  OpenTicketClaim,
  WorkflowVersion,
  MigrationPlan,
  MigrationPlanTicket,
];
