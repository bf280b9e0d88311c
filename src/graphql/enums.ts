import { registerEnumType } from 'type-graphql';

/** State types (§2.1). */
export enum StateTypeEnum { NORMAL = 0, START = 1, END = 2 }
/** Distribute types (§2.2). */
export enum DistributeTypeEnum { ACCEPT = 1, DIRECT = 2, RANDOM = 3, ALL = 4 }
/** Participant types (§2.3). */
export enum ParticipantTypeEnum { NONE = 0, PERSONAL = 1, MULTI = 2, DEPT = 3, ROLE = 4, VARIABLE = 5, SCRIPT = 6, FIELD = 7, PARENT_FIELD = 8, HOOK = 10 }
/** Transition types (§2.4). */
export enum TransitionTypeEnum { NORMAL = 1, TIMER = 2 }
/** Transition attributes (§2.4). */
export enum AttributeTypeEnum { AGREE = 1, REFUSE = 2, OTHER = 3 }
/** Ticket act states (§2.5). */
export enum ActStateEnum { DRAFT = 0, ONGOING = 1, REFUSED = 2, RETREATED = 3, FINISHED = 4, CLOSED = 5 }
/** Custom field types (§2.6). */
export enum FieldTypeEnum {
  STRING = 5, INT = 10, FLOAT = 15, BOOL = 20, DATE = 25, DATETIME = 30, RADIO = 35, CHECKBOX = 40, SELECT = 45,
  MULTI_SELECT = 50, TEXT = 55, USER = 60, MULTI_USER = 70, ATTACHMENT = 80,
}
/** Field attributes in a state (§2.7). */
export enum FieldAttributeEnum { READONLY = 1, REQUIRED = 2, OPTIONAL = 3 }
/** Flow log intervene types (§2.8). */
export enum InterveneTypeEnum {
  NORMAL = 0, DELIVER = 1, ADD_NODE = 2, ADD_NODE_END = 3, ACCEPT = 4, COMMENT = 5, DELETE = 6, CLOSE = 7,
  CHANGE_STATE = 8, HOOK = 9, RETREAT = 10,
}
/** Ticket list categories (§7.2). */
export enum TicketCategoryEnum { ALL = 'all', OWNER = 'owner', DUTY = 'duty', RELATION = 'relation', WORKED = 'worked' }

const numeric = (name: string, description: string) => ({ name, description: `${description} Each value's loonflow id is the matching *Id field.` });

registerEnumType(StateTypeEnum, numeric('StateType', 'State type.'));
registerEnumType(DistributeTypeEnum, numeric('DistributeType', 'How several handlers share a state.'));
registerEnumType(ParticipantTypeEnum, numeric('ParticipantType', 'Who handles a state.'));
registerEnumType(TransitionTypeEnum, numeric('TransitionType', 'Normal or timer transition.'));
registerEnumType(AttributeTypeEnum, numeric('AttributeType', 'Agree, refuse or other.'));
registerEnumType(ActStateEnum, numeric('ActState', 'Where a ticket stands.'));
registerEnumType(FieldTypeEnum, numeric('FieldType', 'Custom field type.'));
registerEnumType(FieldAttributeEnum, numeric('FieldAttribute', 'Read-only, required or optional in a state.'));
registerEnumType(InterveneTypeEnum, numeric('InterveneType', 'What kind of action a flow log records.'));
registerEnumType(TicketCategoryEnum, { name: 'TicketCategory', description: 'Which tickets a list shows.' });
