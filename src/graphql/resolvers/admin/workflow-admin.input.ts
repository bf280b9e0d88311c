import { Field, InputType, Int } from 'type-graphql';
import { GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import { AttributeTypeEnum, DistributeTypeEnum, FieldTypeEnum, ParticipantTypeEnum, StateTypeEnum } from '../../enums';

const PARTICIPANT =
  "In loonflow's encoding for the type: username, csv usernames, csv dept ids, role id, csv variables, " +
  'script, csv field keys, or hook JSON {"hook_url","hook_token","wait","extra_info"}.';

/** Workflow columns, shared by the create and update inputs; left out or null: unchanged. */
@InputType({ description: 'Workflow fields shared by createWorkflow and updateWorkflow; a field left out or null stays as it is.' })
export class WorkflowColumnsInput {
  @Field(() => String, { nullable: true, description: 'What the workflow is for.' }) description?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'true: only participants, admins and superusers may read its tickets.' }) viewPermissionCheck?:
    | boolean
    | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'loonflow creation limits: period, count, level, allow_persons, allow_depts, allow_roles.' })
  limitExpression?: Record<string, unknown> | null;
  @Field(() => [String], { nullable: true, description: 'Field keys shown to users who may view but not handle.' }) displayForm?: string[] | null;
  @Field(() => String, { nullable: true, description: 'Template of the title of new tickets, with {field_key} placeholders.' }) titleTemplate?: string | null;
  @Field(() => String, { nullable: true, description: 'Template of the text notices send, with {field_key} placeholders.' }) contentTemplate?: string | null;
  @Field(() => [String], { nullable: true, description: 'Usernames who manage the workflow; replaces the list.' }) admins?: string[] | null;
  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'The SLA of the workflow in the definitions format (calendar, target, escalations; docs/sla.md); replaces it, {} removes it.',
  })
  sla?: Record<string, unknown> | null;
  @Field(() => String, {
    nullable: true,
    description: 'Uniqueness rule: "creator" (at most one open ticket per creator), a custom field key (one per value of that field), or "" for none.',
  })
  oneOpenPer?: string | null;
}

/** A new workflow: a start and an end state joined by one transition, to refine with the state mutations. */
@InputType({ description: 'A new workflow: a start and an end state joined by one transition, to refine with the state mutations.' })
export class CreateWorkflowInput extends WorkflowColumnsInput {
  @Field({ description: 'The workflow name, unique among workflows.' }) name!: string;
  @Field(() => String, { nullable: true, description: 'Default 开始.' }) startStateName?: string | null;
  @Field(() => String, { nullable: true, description: 'Default 结束.' }) endStateName?: string | null;
  @Field(() => String, { nullable: true, description: 'The transition from the start to the end state; default 提交.' }) submitTransitionName?: string | null;
}

/** Changes to a workflow. */
@InputType({ description: 'Changes to a workflow; fields left out or null stay as they are.' })
export class UpdateWorkflowInput extends WorkflowColumnsInput {
  @Field(() => String, { nullable: true, description: 'A new name for the workflow.' }) name?: string | null;
}

/** State columns, shared by the create and update inputs; left out or null: unchanged. */
@InputType({ description: 'State fields shared by createState and updateState; a field left out or null stays as it is.' })
export class StateColumnsInput {
  @Field(() => StateTypeEnum, { nullable: true, description: 'Start, normal or end; a workflow has exactly one start state and at least one end state.' })
  type?: number | null;
  @Field(() => Int, { nullable: true, description: 'Display order, smallest first.' }) orderId?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'Leave the state out of flow steps.' }) isHidden?: boolean | null;
  @Field(() => ParticipantTypeEnum, { nullable: true, description: 'How the handlers are found; `participant` is read in its encoding.' }) participantType?:
    | number
    | null;
  @Field(() => String, { nullable: true, description: PARTICIPANT }) participant?: string | null;
  @Field(() => DistributeTypeEnum, { nullable: true, description: 'How several handlers share the state.' }) distributeType?: number | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: '{field_key: "readonly" | "required" | "optional"} (or 1 / 2 / 3); replaces the map.' })
  fields?: Record<string, unknown> | null;
  @Field(() => Boolean, { nullable: true, description: 'Let the creator withdraw a ticket in this state back to the start state.' }) enableRetreat?:
    | boolean
    | null;
  @Field(() => Boolean, { nullable: true, description: 'A ticket returning to this state goes to the user who last handled it there.' }) rememberLastMan?:
    | boolean
    | null;
  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description:
      "How a distribute-all state counts votes, in the definitions file format: {mode: all | any | quorum, min, percent, veto, on_disagreement: revote | majority | {to_state: <state id or name>}}; {} is loonflow's rule (everyone alike, else everyone votes again).",
  })
  countersign?: Record<string, unknown> | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: "Free-form JSON labels for the caller's own use." }) label?: Record<string, unknown> | null;
  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'The SLA of the state in the definitions format (target, pause, escalations; docs/sla.md); replaces it, {} removes it.',
  })
  sla?: Record<string, unknown> | null;
}

/** A conditional destination of a transition. */
@InputType({ description: 'A conditional destination of a transition: when the expression is true, the ticket goes to toStateId.' })
export class TransitionConditionInput {
  @Field({ description: 'e.g. {days} > 3' }) expression!: string;
  @Field(() => Int, { description: 'The state the ticket goes to when the expression is true.' }) toStateId!: number;
}

/** Transition columns, shared by the create and update inputs; left out or null: unchanged. */
@InputType({ description: 'Transition fields shared by the create and update inputs; a field left out or null stays as it is.' })
export class TransitionColumnsInput {
  @Field(() => AttributeTypeEnum, {
    nullable: true,
    description: 'Whether the action agrees, refuses or does something else (refuse ends a ticket as refused in an end state).',
  })
  attributeType?: number | null;
  @Field(() => Int, { nullable: true, description: 'Seconds: a timer transition that fires by itself; null makes it a normal one.' }) timer?: number | null;
  @Field(() => Boolean, { nullable: true, description: "Require the state's required fields for this action." }) fieldRequireCheck?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Ask the user to confirm before acting.' }) alertEnable?: boolean | null;
  @Field(() => String, { nullable: true, description: 'The confirmation text.' }) alertText?: string | null;
  @Field(() => [TransitionConditionInput], { nullable: true, description: 'The first true expression picks the destination; replaces the list.' })
  conditions?: TransitionConditionInput[] | null;
}

/** A transition created with a new state: exactly one of fromStateId and toStateId, the other end being the new state. */
@InputType({ description: 'A transition created with a new state: give exactly one of fromStateId and toStateId; the other end is the new state.' })
export class StateLinkInput extends TransitionColumnsInput {
  @Field({ description: "The action's name (the button text)." }) name!: string;
  @Field(() => Int, { nullable: true, description: 'An existing state the transition leaves, into the new state.' }) fromStateId?: number | null;
  @Field(() => Int, { nullable: true, description: 'An existing state the transition leads to, out of the new state.' }) toStateId?: number | null;
}

/** A new state, connected in the same change so that it is reachable and has a way out. */
@InputType({ description: 'A new state, connected in the same change so that it is reachable and has a way out.' })
export class CreateStateInput extends StateColumnsInput {
  @Field(() => Int, { description: 'The workflow to add the state to.' }) workflowId!: number;
  @Field({ description: 'The state name, unique in its workflow.' }) name!: string;
  @Field(() => [StateLinkInput], { nullable: true, description: 'New transitions into or out of the new state.' }) links?: StateLinkInput[] | null;
  @Field(() => [Int], { nullable: true, description: 'Existing transitions that lead to the new state instead.' }) redirectTransitionIds?: number[] | null;
}

/** Changes to a state. */
@InputType({ description: 'Changes to a state; fields left out or null stay as they are.' })
export class UpdateStateInput extends StateColumnsInput {
  @Field(() => String, { nullable: true, description: 'A new name for the state.' }) name?: string | null;
}

/** A new transition between two states of one workflow. */
@InputType({ description: 'A new transition between two states of one workflow.' })
export class CreateTransitionInput extends TransitionColumnsInput {
  @Field(() => Int, { description: 'The workflow to add the transition to.' }) workflowId!: number;
  @Field({ description: "The action's name (the button text)." }) name!: string;
  @Field(() => Int, { description: 'The state the transition leaves.' }) fromStateId!: number;
  @Field(() => Int, { description: 'The state it leads to when no condition picks another.' }) toStateId!: number;
}

/** Changes to a transition. */
@InputType({ description: 'Changes to a transition; fields left out or null stay as they are.' })
export class UpdateTransitionInput extends TransitionColumnsInput {
  @Field(() => String, { nullable: true, description: 'A new name for the action.' }) name?: string | null;
  @Field(() => Int, { nullable: true, description: 'A new source state, in the same workflow.' }) fromStateId?: number | null;
  @Field(() => Int, { nullable: true, description: 'A new destination state, in the same workflow.' }) toStateId?: number | null;
}

/** Custom field columns, shared by the create and update inputs; left out or null: unchanged. */
@InputType({ description: 'Custom field fields shared by the create and update inputs; a field left out or null stays as it is.' })
export class FieldColumnsInput {
  @Field(() => String, { nullable: true, description: 'The display name.' }) fieldName?: string | null;
  @Field(() => Int, { nullable: true, description: 'Display order, smallest first.' }) orderId?: number | null;
  @Field(() => GraphQLJSON, { nullable: true, description: 'null clears the default.' }) defaultValue?: unknown;
  @Field(() => String, { nullable: true, description: 'Help text for the field.' }) description?: string | null;
  @Field(() => String, { nullable: true, description: 'Placeholder text for an empty input.' }) placeholder?: string | null;
  @Field(() => String, { nullable: true, description: 'For text fields: a template to prefill the input with.' }) template?: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: '{value: label} for radio, checkbox, select and multi_select.' }) choices?: Record<
    string,
    unknown
  > | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: '{"1": "yes", "0": "no"} for bool.' }) booleanDisplay?: Record<string, unknown> | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: "Free-form JSON labels for the caller's own use." }) label?: Record<string, unknown> | null;
}

/** A new custom field. */
@InputType({ description: 'A new custom field of a workflow.' })
export class CreateCustomFieldInput extends FieldColumnsInput {
  @Field(() => Int, { description: 'The workflow to add the field to.' }) workflowId!: number;
  @Field({ description: 'The key of its value in tickets and REST bodies; fixed once created, and not one of the reserved base keys.' }) fieldKey!: string;
  @Field(() => FieldTypeEnum, { description: "The value's type." }) fieldType!: number;
}

/** Changes to a custom field (its key is fixed). */
@InputType({ description: 'Changes to a custom field; its key is fixed.' })
export class UpdateCustomFieldInput extends FieldColumnsInput {
  @Field(() => String, { nullable: true, description: 'Must be the current key: keys cannot change, tickets store values under them.' }) fieldKey?:
    | string
    | null;
  @Field(() => FieldTypeEnum, { nullable: true, description: 'A new value type.' }) fieldType?: number | null;
}

/** A new notice hook. */
@InputType({ description: 'A new notice hook of a workflow.' })
export class CreateNoticeInput {
  @Field(() => Int, { description: 'The workflow whose ticket changes call the notice.' }) workflowId!: number;
  @Field({ description: 'The notice name.' }) name!: string;
  @Field({ description: 'The URL to call; its host must be allowed by LOONGATE_HOOK_ALLOW.' }) url!: string;
  @Field(() => String, { nullable: true, description: 'Signs each request (md5 of timestamp + token).' }) token?: string | null;
}

/** Changes to a notice hook. */
@InputType({ description: 'Changes to a notice hook; fields left out or null stay as they are.' })
export class UpdateNoticeInput {
  @Field(() => String, { nullable: true, description: 'A new name.' }) name?: string | null;
  @Field(() => String, { nullable: true, description: 'A new URL; its host must be allowed by LOONGATE_HOOK_ALLOW.' }) url?: string | null;
  @Field(() => String, { nullable: true, description: 'A new signing token.' }) token?: string | null;
}
