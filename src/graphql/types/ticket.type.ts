import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLJSON, GraphQLJSONObject, DateTimeISOResolver } from 'graphql-scalars';
import { ActStateEnum, AttributeTypeEnum, FieldAttributeEnum, FieldTypeEnum, InterveneTypeEnum } from '../enums';

/** A ticket. Custom values are in `values`, keyed by field key. */
@ObjectType('Ticket')
export class TicketType {
  @Field(() => Int) id!: number;
  @Field() sn!: string;
  @Field() title!: string;
  @Field(() => Int) workflowId!: number;
  @Field(() => Int) stateId!: number;
  @Field(() => Int) parentTicketId!: number;
  @Field(() => Int) parentTicketStateId!: number;
  @Field(() => Int) participantTypeId!: number;
  @Field({ description: 'Current handlers (csv of usernames), `***` for a hook, the script name for a script.' }) participant!: string;
  @Field({ description: 'Every user ever attached (csv).' }) relation!: string;
  @Field() inAddNode!: boolean;
  @Field() addNodeMan!: string;
  @Field() scriptRunLastResult!: boolean;
  @Field(() => Int) actStateId!: number;
  @Field(() => ActStateEnum) actState!: ActStateEnum;
  @Field(() => GraphQLJSONObject, { description: 'The all-must-handle ledger {user: {} | {transition_id, transition_name}}.' }) multiAllPerson!: Record<string, unknown>;
  @Field() creator!: string;
  @Field() isDeleted!: boolean;
  @Field(() => Int, { description: 'Bumped by every change; pass it as expectedVersion to detect races.' }) version!: number;
  @Field(() => DateTimeISOResolver) createdAt!: Date;
  @Field(() => DateTimeISOResolver) updatedAt!: Date;
}

/** The participant summary of a ticket (docs/participants.md). */
@ObjectType('ParticipantInfo')
export class ParticipantInfoType {
  @Field(() => Int) participantTypeId!: number;
  @Field() participant!: string;
  @Field() participantName!: string;
  @Field() participantTypeName!: string;
  @Field() participantAlias!: string;
}

/** A field of the ticket detail view (docs/engine.md). */
@ObjectType('TicketField')
export class TicketFieldType {
  @Field() fieldKey!: string;
  @Field() fieldName!: string;
  @Field(() => GraphQLJSON, { nullable: true }) fieldValue!: unknown;
  @Field(() => Int) orderId!: number;
  @Field(() => Int) fieldTypeId!: number;
  @Field(() => FieldTypeEnum) fieldType!: FieldTypeEnum;
  @Field(() => Int) fieldAttribute!: number;
  @Field(() => FieldAttributeEnum, { nullable: true }) fieldAttributeType!: FieldAttributeEnum | null;
  @Field() description!: string;
  @Field() placeholder!: string;
  @Field(() => GraphQLJSONObject) fieldChoice!: Record<string, string>;
  @Field(() => GraphQLJSONObject) booleanFieldDisplay!: Record<string, string>;
  @Field(() => GraphQLJSON, { nullable: true }) defaultValue!: unknown;
  @Field() fieldTemplate!: string;
  @Field(() => GraphQLJSONObject) label!: Record<string, unknown>;
}

/** An action the acting user may take now: a transition, or the synthetic accept or finish add-node entry. */
@ObjectType('AvailableTransition')
export class AvailableTransitionType {
  @Field(() => Int) transitionId!: number;
  @Field() transitionName!: string;
  @Field() fieldRequireCheck!: boolean;
  @Field() isAccept!: boolean;
  @Field() inAddNode!: boolean;
  @Field() alertEnable!: boolean;
  @Field() alertText!: string;
  @Field(() => Int) attributeTypeId!: number;
  @Field(() => AttributeTypeEnum) attributeType!: AttributeTypeEnum;
}

/** Who wrote a flow log. */
@ObjectType('LogParticipantInfo')
export class LogParticipantInfoType {
  @Field(() => Int) participantTypeId!: number;
  @Field() participant!: string;
  @Field() participantAlias!: string;
  @Field() participantEmail!: string;
  @Field() participantPhone!: string;
}

/** One entry of a ticket's history. */
@ObjectType('FlowLog')
export class FlowLogType {
  @Field(() => Int) id!: number;
  @Field(() => Int) ticketId!: number;
  @Field(() => Int) transitionId!: number;
  @Field(() => Int) stateId!: number;
  @Field(() => Int) interveneTypeId!: number;
  @Field(() => InterveneTypeEnum) interveneType!: InterveneTypeEnum;
  @Field(() => Int) participantTypeId!: number;
  @Field() participant!: string;
  @Field() suggestion!: string;
  @Field(() => DateTimeISOResolver) createdAt!: Date;
}

/** A page of flow logs. */
@ObjectType('FlowLogPage')
export class FlowLogPageType {
  @Field(() => [FlowLogType]) items!: FlowLogType[];
  @Field(() => Int) total!: number;
  @Field(() => Int) page!: number;
  @Field(() => Int) perPage!: number;
}

/** A state with the logs recorded in it. */
@ObjectType('FlowStep')
export class FlowStepType {
  @Field(() => Int) stateId!: number;
  @Field() stateName!: string;
  @Field(() => Int) orderId!: number;
  @Field(() => [FlowLogType]) logs!: FlowLogType[];
}

/** A page of tickets. */
@ObjectType('TicketPage')
export class TicketPageType {
  @Field(() => [TicketType]) items!: TicketType[];
  @Field(() => Int) total!: number;
  @Field(() => Int) page!: number;
  @Field(() => Int) perPage!: number;
}

/** Tickets created on one day. */
@ObjectType('DayCount')
export class DayCountType {
  @Field() day!: string;
  @Field(() => Int) count!: number;
}
