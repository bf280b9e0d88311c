import { AuditEntry } from './audit';
import { BaseRow } from './base';
import { CatalogRevision } from './catalog';
import { TicketEvent, WebhookSubscription } from './event';
import { App, Dept, Role, User, UserDept, UserRole } from './org';
import { OutboxAttempt, OutboxJob } from './outbox';
import { FlowLog, SerialCounter, Ticket, TicketUser, TicketValue } from './ticket';
import { CustomField, Notice, State, Transition, Workflow, WorkflowAdmin } from './workflow';

export * from './audit';
export * from './base';
export * from './catalog';
export * from './event';
export * from './org';
export * from './outbox';
export * from './ticket';
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
  SerialCounter,
  OutboxJob,
  OutboxAttempt,
  TicketEvent,
  WebhookSubscription,
  AuditEntry,
  CatalogRevision,
];
