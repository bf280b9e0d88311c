import { registerEnumType } from 'type-graphql';
import { ActState, Attribute, Distribute, FieldAttribute, FieldType, Intervene, ParticipantType, StateType, TransitionType } from '../domain/constants';

/** A loonflow constant table's values as a type. */
type ValueOf<T> = T[keyof T];

// The GraphQL enums are the domain's constant tables themselves: one definition of every loonflow id.
export const StateTypeEnum = StateType;
export type StateTypeEnum = ValueOf<typeof StateType>;
export const DistributeTypeEnum = Distribute;
export type DistributeTypeEnum = ValueOf<typeof Distribute>;
export const ParticipantTypeEnum = ParticipantType;
export type ParticipantTypeEnum = ValueOf<typeof ParticipantType>;
export const TransitionTypeEnum = TransitionType;
export type TransitionTypeEnum = ValueOf<typeof TransitionType>;
export const AttributeTypeEnum = Attribute;
export type AttributeTypeEnum = ValueOf<typeof Attribute>;
export const ActStateEnum = ActState;
export type ActStateEnum = ValueOf<typeof ActState>;
export const FieldTypeEnum = FieldType;
export type FieldTypeEnum = ValueOf<typeof FieldType>;
export const FieldAttributeEnum = FieldAttribute;
export type FieldAttributeEnum = ValueOf<typeof FieldAttribute>;
export const InterveneTypeEnum = Intervene;
export type InterveneTypeEnum = ValueOf<typeof Intervene>;
/** Ticket list categories (docs/rest-compatibility.md). */
export enum TicketCategoryEnum {
  ALL = 'all',
  OWNER = 'owner',
  DUTY = 'duty',
  RELATION = 'relation',
  WORKED = 'worked',
}

const numeric = (name: string, description: string, valuesConfig: Record<string, { description: string }>) => ({
  name,
  description: `${description} Each value's loonflow id is the matching *Id field.`,
  valuesConfig,
});
const values = (texts: Record<string, string>) => Object.fromEntries(Object.entries(texts).map(([key, description]) => [key, { description }]));

registerEnumType(
  StateTypeEnum,
  numeric(
    'StateType',
    'State type.',
    values({
      NORMAL: 'A state in between (0).',
      START: 'The start state: where a ticket is created (1).',
      END: 'An end state: the ticket is finished there (2).',
    }),
  ),
);
registerEnumType(
  DistributeTypeEnum,
  numeric(
    'DistributeType',
    'How several handlers share a state.',
    values({
      ACCEPT: 'Offered to all; one accepts and handles it alone (1).',
      DIRECT: 'Any one of them may handle it (2).',
      RANDOM: 'One of them, picked at random, gets it (3).',
      ALL: 'Every one of them must handle it, with the same transition, before it moves on (4).',
    }),
  ),
);
registerEnumType(
  ParticipantTypeEnum,
  numeric(
    'ParticipantType',
    'Who handles a state.',
    values({
      NONE: 'Nobody (start and end states) (0).',
      PERSONAL: 'One user, by username (1).',
      MULTI: 'Several users, csv usernames (2).',
      DEPT: 'The members of depts, csv dept ids (3).',
      ROLE: 'The members of a role, by role id (4).',
      VARIABLE: "Users found from the ticket: creator, creator_tl (the creator's dept leader or approvers) and similar variables (5).",
      SCRIPT: 'A script of LOONGATE_SCRIPTS_DIR runs and the ticket moves on by itself (6).',
      FIELD: 'The users named in a field of the ticket, by field key (7).',
      PARENT_FIELD: 'The users named in a field of the parent ticket, by field key (8).',
      HOOK: 'An outside system called by URL; it answers through hookCallback when it waits (10).',
    }),
  ),
);
registerEnumType(
  TransitionTypeEnum,
  numeric(
    'TransitionType',
    'Normal or timer transition.',
    values({
      NORMAL: 'Taken by a user (1).',
      TIMER: 'Taken by itself a set time after the ticket entered the state (2).',
    }),
  ),
);
registerEnumType(
  AttributeTypeEnum,
  numeric(
    'AttributeType',
    'Agree, refuse or other.',
    values({
      AGREE: 'Agrees: the ticket goes forward (1).',
      REFUSE: 'Refuses: a ticket ending this way is refused (2).',
      OTHER: 'Neither, e.g. a timer or a question back (3).',
    }),
  ),
);
registerEnumType(
  ActStateEnum,
  numeric(
    'ActState',
    'Where a ticket stands.',
    values({
      DRAFT: 'In its start state, not yet submitted (0).',
      ONGOING: 'Moving through its workflow (1).',
      REFUSED: 'Ended by a refusing transition (2).',
      RETREATED: 'Withdrawn by its creator to the start state (3).',
      FINISHED: 'Reached an end state (4).',
      CLOSED: 'Closed before its end (5).',
    }),
  ),
);
registerEnumType(
  FieldTypeEnum,
  numeric(
    'FieldType',
    'Custom field type.',
    values({
      STRING: 'Text up to 700 characters (5).',
      INT: 'An integer, at most 2^53 − 1 in size (10).',
      FLOAT: 'A number (15).',
      BOOL: 'true or false, shown with booleanFieldDisplay (20).',
      DATE: 'A date, YYYY-MM-DD (25).',
      DATETIME: 'A date and time, YYYY-MM-DD HH:MM:SS in LOONGATE_TZ (30).',
      RADIO: 'One key of fieldChoice, shown as radio buttons (35).',
      CHECKBOX: 'A list of keys of fieldChoice, shown as checkboxes (40).',
      SELECT: 'One key of fieldChoice, shown as a drop-down (45).',
      MULTI_SELECT: 'A list of keys of fieldChoice, shown as a multi-select (50).',
      TEXT: 'Long text up to 100,000 characters (55).',
      USER: 'One username (60).',
      MULTI_USER: 'Several usernames, csv (70).',
      ATTACHMENT: 'An attachment reference (a URL or path) as text (80).',
    }),
  ),
);
registerEnumType(
  FieldAttributeEnum,
  numeric(
    'FieldAttribute',
    'Read-only, required or optional in a state.',
    values({
      READONLY: 'Shown, not writable (1).',
      REQUIRED: 'Must be filled to act (2).',
      OPTIONAL: 'May be filled (3).',
    }),
  ),
);
registerEnumType(
  InterveneTypeEnum,
  numeric(
    'InterveneType',
    'What kind of action a flow log records.',
    values({
      NORMAL: 'A transition taken by a handler, or the creation (0).',
      DELIVER: 'Handed to another user (1).',
      ADD_NODE: 'Another user was asked to act first (2).',
      ADD_NODE_END: 'That user finished the add-node (3).',
      ACCEPT: 'A handler accepted a ticket offered to several (4).',
      COMMENT: 'A comment (5).',
      DELETE: 'Soft-deleted by an admin (6).',
      CLOSE: 'Closed (7).',
      CHANGE_STATE: 'Forced into a state by an admin (8).',
      HOOK: 'A hook or script reported its result (9).',
      RETREAT: 'Withdrawn by its creator (10).',
      MIGRATE: 'Moved to another version of its workflow by a migration plan (11).',
    }),
  ),
);
registerEnumType(TicketCategoryEnum, {
  name: 'TicketCategory',
  description: 'Which tickets a list shows.',
  valuesConfig: values({
    ALL: 'Every ticket of the workflows the app may use (the details of each stay guarded by the ticket rights).',
    OWNER: 'Tickets the user created.',
    DUTY: 'Tickets waiting for the user to act.',
    RELATION: 'Tickets the user is attached to in any way: created, handled, asked or waited for.',
    WORKED: 'Tickets the user has handled.',
  }),
});
