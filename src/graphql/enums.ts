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
