import { Field, InputType, Int } from 'type-graphql';
import { GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import {
  AttributeTypeEnum, DistributeTypeEnum, FieldTypeEnum, ParticipantTypeEnum, StateTypeEnum,
} from '../../enums';

const PARTICIPANT = 'In loonflow\'s encoding for the type: username, csv usernames, csv dept ids, role id, csv variables, '
  + 'script, csv field keys, or hook JSON {"hook_url","hook_token","wait","extra_info"}.';

/** Workflow columns, shared by the create and update inputs; left out or null: unchanged. */
@InputType()
export class WorkflowColumnsInput {
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => Boolean, { nullable: true }) viewPermissionCheck?: boolean | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'loonflow creation limits: period, count, level, allow_persons, allow_depts, allow_roles.' })
  limitExpression?: Record<string, unknown> | null;
  @Field(() => [String], { nullable: true, description: 'Field keys shown to users who may view but not handle.' }) displayForm?: string[] | null;
  @Field(() => String, { nullable: true }) titleTemplate?: string | null;
  @Field(() => String, { nullable: true }) contentTemplate?: string | null;
  @Field(() => [String], { nullable: true, description: 'Usernames who manage the workflow; replaces the list.' }) admins?: string[] | null;
}

/** A new workflow: a start and an end state joined by one transition, to refine with the state mutations. */
@InputType()
export class CreateWorkflowInput extends WorkflowColumnsInput {
  @Field() name!: string;
  @Field(() => String, { nullable: true, description: 'Default 开始.' }) startStateName?: string | null;
  @Field(() => String, { nullable: true, description: 'Default 结束.' }) endStateName?: string | null;
  @Field(() => String, { nullable: true, description: 'The transition from the start to the end state; default 提交.' }) submitTransitionName?: string | null;
}

/** Changes to a workflow. */
@InputType()
export class UpdateWorkflowInput extends WorkflowColumnsInput {
  @Field(() => String, { nullable: true }) name?: string | null;
}

/** State columns, shared by the create and update inputs; left out or null: unchanged. */
@InputType()
export class StateColumnsInput {
  @Field(() => StateTypeEnum, { nullable: true }) type?: number | null;
  @Field(() => Int, { nullable: true }) orderId?: number | null;
  @Field(() => Boolean, { nullable: true }) isHidden?: boolean | null;
  @Field(() => ParticipantTypeEnum, { nullable: true }) participantType?: number | null;
  @Field(() => String, { nullable: true, description: PARTICIPANT }) participant?: string | null;
  @Field(() => DistributeTypeEnum, { nullable: true }) distributeType?: number | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: '{field_key: "readonly" | "required" | "optional"} (or 1 / 2 / 3); replaces the map.' })
  fields?: Record<string, unknown> | null;
  @Field(() => Boolean, { nullable: true }) enableRetreat?: boolean | null;
  @Field(() => Boolean, { nullable: true }) rememberLastMan?: boolean | null;
  @Field(() => GraphQLJSONObject, { nullable: true }) label?: Record<string, unknown> | null;
}

/** A conditional destination of a transition. */
@InputType()
export class TransitionConditionInput {
  @Field({ description: 'e.g. {days} > 3' }) expression!: string;
  @Field(() => Int) toStateId!: number;
}

/** Transition columns, shared by the create and update inputs; left out or null: unchanged. */
@InputType()
export class TransitionColumnsInput {
  @Field(() => AttributeTypeEnum, { nullable: true }) attributeType?: number | null;
  @Field(() => Int, { nullable: true, description: 'Seconds: a timer transition that fires by itself; null makes it a normal one.' }) timer?: number | null;
  @Field(() => Boolean, { nullable: true }) fieldRequireCheck?: boolean | null;
  @Field(() => Boolean, { nullable: true }) alertEnable?: boolean | null;
  @Field(() => String, { nullable: true }) alertText?: string | null;
  @Field(() => [TransitionConditionInput], { nullable: true, description: 'The first true expression picks the destination; replaces the list.' })
  conditions?: TransitionConditionInput[] | null;
}

/** A transition created with a new state: exactly one of fromStateId and toStateId, the other end being the new state. */
@InputType()
export class StateLinkInput extends TransitionColumnsInput {
  @Field() name!: string;
  @Field(() => Int, { nullable: true }) fromStateId?: number | null;
  @Field(() => Int, { nullable: true }) toStateId?: number | null;
}

/** A new state, connected in the same change so that it is reachable and has a way out. */
@InputType()
export class CreateStateInput extends StateColumnsInput {
  @Field(() => Int) workflowId!: number;
  @Field() name!: string;
  @Field(() => [StateLinkInput], { nullable: true, description: 'New transitions into or out of the new state.' }) links?: StateLinkInput[] | null;
  @Field(() => [Int], { nullable: true, description: 'Existing transitions that lead to the new state instead.' }) redirectTransitionIds?: number[] | null;
}

/** Changes to a state. */
@InputType()
export class UpdateStateInput extends StateColumnsInput {
  @Field(() => String, { nullable: true }) name?: string | null;
}

/** A new transition between two states of one workflow. */
@InputType()
export class CreateTransitionInput extends TransitionColumnsInput {
  @Field(() => Int) workflowId!: number;
  @Field() name!: string;
  @Field(() => Int) fromStateId!: number;
  @Field(() => Int) toStateId!: number;
}

/** Changes to a transition. */
@InputType()
export class UpdateTransitionInput extends TransitionColumnsInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => Int, { nullable: true }) fromStateId?: number | null;
  @Field(() => Int, { nullable: true }) toStateId?: number | null;
}

/** Custom field columns, shared by the create and update inputs; left out or null: unchanged. */
@InputType()
export class FieldColumnsInput {
  @Field(() => String, { nullable: true }) fieldName?: string | null;
  @Field(() => Int, { nullable: true }) orderId?: number | null;
  @Field(() => GraphQLJSON, { nullable: true, description: 'null clears the default.' }) defaultValue?: unknown;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => String, { nullable: true }) placeholder?: string | null;
  @Field(() => String, { nullable: true }) template?: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: '{value: label} for radio, checkbox, select and multi_select.' }) choices?: Record<string, unknown> | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: '{"1": "yes", "0": "no"} for bool.' }) booleanDisplay?: Record<string, unknown> | null;
  @Field(() => GraphQLJSONObject, { nullable: true }) label?: Record<string, unknown> | null;
}

/** A new custom field. */
@InputType()
export class CreateCustomFieldInput extends FieldColumnsInput {
  @Field(() => Int) workflowId!: number;
  @Field() fieldKey!: string;
  @Field(() => FieldTypeEnum) fieldType!: number;
}

/** Changes to a custom field (its key is fixed). */
@InputType()
export class UpdateCustomFieldInput extends FieldColumnsInput {
  @Field(() => String, { nullable: true, description: 'Must be the current key: keys cannot change, tickets store values under them.' }) fieldKey?: string | null;
  @Field(() => FieldTypeEnum, { nullable: true }) fieldType?: number | null;
}

/** A new notice hook. */
@InputType()
export class CreateNoticeInput {
  @Field(() => Int) workflowId!: number;
  @Field() name!: string;
  @Field() url!: string;
  @Field(() => String, { nullable: true, description: 'Signs each request (md5 of timestamp + token).' }) token?: string | null;
}

/** Changes to a notice hook. */
@InputType()
export class UpdateNoticeInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) url?: string | null;
  @Field(() => String, { nullable: true }) token?: string | null;
}
