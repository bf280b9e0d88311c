import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLJSON, GraphQLJSONObject, DateTimeISOResolver } from 'graphql-scalars';
import { AttributeTypeEnum, DistributeTypeEnum, FieldTypeEnum, ParticipantTypeEnum, StateTypeEnum, TransitionTypeEnum } from '../enums';

/** A workflow definition. */
@ObjectType('Workflow')
export class WorkflowType {
  @Field(() => Int) id!: number;
  @Field() name!: string;
  @Field() description!: string;
  @Field() viewPermissionCheck!: boolean;
  @Field(() => GraphQLJSONObject) limitExpression!: Record<string, unknown>;
  @Field(() => [String], { description: 'Field keys shown to users who may view but not handle.' }) displayForm!: string[];
  @Field() titleTemplate!: string;
  @Field() contentTemplate!: string;
  @Field() creator!: string;
  @Field(() => DateTimeISOResolver) createdAt!: Date;
  @Field(() => DateTimeISOResolver) updatedAt!: Date;
}

/** A state of a workflow. */
@ObjectType('State')
export class StateType {
  @Field(() => Int) id!: number;
  @Field(() => Int) workflowId!: number;
  @Field() name!: string;
  @Field(() => Int) typeId!: number;
  @Field(() => StateTypeEnum) type!: StateTypeEnum;
  @Field(() => Int) orderId!: number;
  @Field() isHidden!: boolean;
  @Field(() => Int) participantTypeId!: number;
  @Field(() => ParticipantTypeEnum) participantType!: ParticipantTypeEnum;
  @Field({ description: 'The configured participant in loonflow encoding ("hook" for hook states).' }) participant!: string;
  @Field(() => Int) distributeTypeId!: number;
  @Field(() => DistributeTypeEnum) distributeType!: DistributeTypeEnum;
  @Field(() => GraphQLJSONObject, { description: '{field_key: 1 readonly | 2 required | 3 optional}' }) fields!: Record<string, number>;
  @Field() enableRetreat!: boolean;
  @Field() rememberLastMan!: boolean;
  @Field(() => GraphQLJSONObject) label!: Record<string, unknown>;
  @Field() creator!: string;
  @Field(() => DateTimeISOResolver) createdAt!: Date;
  @Field(() => DateTimeISOResolver) updatedAt!: Date;
}

/** A transition between two states. */
@ObjectType('Transition')
export class TransitionType {
  @Field(() => Int) id!: number;
  @Field(() => Int) workflowId!: number;
  @Field() name!: string;
  @Field(() => Int) typeId!: number;
  @Field(() => TransitionTypeEnum) type!: TransitionTypeEnum;
  @Field(() => Int) timer!: number;
  @Field(() => Int) sourceStateId!: number;
  @Field(() => Int) destinationStateId!: number;
  @Field(() => GraphQLJSON, { description: '[{expression, target_state_id}]' }) conditions!: unknown;
  @Field(() => Int) attributeTypeId!: number;
  @Field(() => AttributeTypeEnum) attributeType!: AttributeTypeEnum;
  @Field() fieldRequireCheck!: boolean;
  @Field() alertEnable!: boolean;
  @Field() alertText!: string;
  @Field() creator!: string;
  @Field(() => DateTimeISOResolver) createdAt!: Date;
  @Field(() => DateTimeISOResolver) updatedAt!: Date;
}

/** A custom field of a workflow. */
@ObjectType('CustomField')
export class CustomFieldType {
  @Field(() => Int) id!: number;
  @Field(() => Int) workflowId!: number;
  @Field() fieldKey!: string;
  @Field() fieldName!: string;
  @Field(() => Int) fieldTypeId!: number;
  @Field(() => FieldTypeEnum) fieldType!: FieldTypeEnum;
  @Field(() => Int) orderId!: number;
  @Field(() => GraphQLJSON, { nullable: true }) defaultValue!: unknown;
  @Field() description!: string;
  @Field() placeholder!: string;
  @Field() fieldTemplate!: string;
  @Field(() => GraphQLJSONObject) booleanFieldDisplay!: Record<string, string>;
  @Field(() => GraphQLJSONObject) fieldChoice!: Record<string, string>;
  @Field(() => GraphQLJSONObject) label!: Record<string, unknown>;
  @Field() creator!: string;
  @Field(() => DateTimeISOResolver) createdAt!: Date;
  @Field(() => DateTimeISOResolver) updatedAt!: Date;
}
