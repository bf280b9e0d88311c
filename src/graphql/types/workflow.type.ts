import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLJSON, GraphQLJSONObject, DateTimeISOResolver } from 'graphql-scalars';
import { AttributeTypeEnum, DistributeTypeEnum, FieldTypeEnum, ParticipantTypeEnum, StateTypeEnum, TransitionTypeEnum } from '../enums';

/** A workflow definition. */
@ObjectType('Workflow', {
  description: 'A workflow: the states a ticket passes through, the transitions between them, its custom fields and who handles each state.',
})
export class WorkflowType {
  @Field(() => Int, { description: 'The workflow id.' }) id!: number;
  @Field({ description: 'The workflow name, unique among live workflows.' }) name!: string;
  @Field({ description: 'What the workflow is for.' }) description!: string;
  @Field({ description: 'When true, only participants, admins and superusers may read its tickets; when false, every user of the app may.' })
  viewPermissionCheck!: boolean;
  @Field(() => GraphQLJSONObject, {
    description:
      "Creation limits in loonflow's form: {period (hours), count, level (1 per user, 2 for everyone), allow_persons, allow_depts, allow_roles}; {} for none.",
  })
  limitExpression!: Record<string, unknown>;
  @Field(() => [String], { description: 'Field keys shown to users who may view but not handle.' }) displayForm!: string[];
  @Field({ description: 'Template of the title of new tickets, with {field_key} placeholders; empty: the caller gives a title.' }) titleTemplate!: string;
  @Field({ description: 'Template of the text sent by notices, with {field_key} placeholders.' }) contentTemplate!: string;
  @Field({
    description:
      'Uniqueness rule: "creator" (at most one open ticket per creator), a custom field key (at most one open ticket per value of that field), or "" for none.',
  })
  oneOpenPer!: string;
  @Field(() => Int, {
    description:
      'The published version new tickets run on (see versions); 0 while the workflow was never published, so every ticket follows its live definition.',
  })
  publishedVersion!: number;
  @Field({ description: 'Username of who created the workflow.' }) creator!: string;
  @Field(() => DateTimeISOResolver, { description: 'When the workflow was created (UTC, ISO 8601).' }) createdAt!: Date;
  @Field(() => DateTimeISOResolver, { description: 'When the workflow last changed (UTC, ISO 8601).' }) updatedAt!: Date;
}

/** A state of a workflow. */
@ObjectType('State', { description: 'A state of a workflow: who handles a ticket there and which fields they see and fill.' })
export class StateType {
  @Field(() => Int, { description: 'The state id.' }) id!: number;
  @Field(() => Int, { description: 'The workflow the state belongs to.' }) workflowId!: number;
  @Field({ description: 'The state name, unique in its workflow.' }) name!: string;
  @Field(() => Int, { description: 'loonflow id of type: 0 normal, 1 start, 2 end.' }) typeId!: number;
  @Field(() => StateTypeEnum, { description: 'Start, normal or end state.' }) type!: StateTypeEnum;
  @Field(() => Int, { description: 'Display order, smallest first.' }) orderId!: number;
  @Field({ description: 'Whether flow steps leave the state out (unless the ticket is in it).' }) isHidden!: boolean;
  @Field(() => Int, {
    description: 'loonflow id of participantType (0 none, 1 personal, 2 multi, 3 dept, 4 role, 5 variable, 6 script, 7 field, 8 parent field, 10 hook).',
  })
  participantTypeId!: number;
  @Field(() => ParticipantTypeEnum, { description: 'How the handlers of the state are found.' }) participantType!: ParticipantTypeEnum;
  @Field({ description: 'The configured participant in loonflow encoding ("hook" for hook states).' }) participant!: string;
  @Field(() => Int, { description: 'loonflow id of distributeType: 1 accept, 2 direct, 3 random, 4 all.' }) distributeTypeId!: number;
  @Field(() => DistributeTypeEnum, { description: 'How several handlers share the state.' }) distributeType!: DistributeTypeEnum;
  @Field(() => GraphQLJSONObject, { description: '{field_key: 1 readonly | 2 required | 3 optional}' }) fields!: Record<string, number>;
  @Field({ description: 'Whether the creator may withdraw a ticket in this state back to the start state.' }) enableRetreat!: boolean;
  @Field({ description: 'Whether a ticket returning to this state goes to the user who last handled it there.' }) rememberLastMan!: boolean;
  @Field(() => GraphQLJSONObject, { description: "Free-form JSON labels for the caller's own use; loongate does not read them." }) label!: Record<
    string,
    unknown
  >;
  @Field({ description: 'Username of who created the state.' }) creator!: string;
  @Field(() => DateTimeISOResolver, { description: 'When the state was created (UTC, ISO 8601).' }) createdAt!: Date;
  @Field(() => DateTimeISOResolver, { description: 'When the state last changed (UTC, ISO 8601).' }) updatedAt!: Date;
}

/** A transition between two states. */
@ObjectType('Transition', { description: 'A transition: an action that moves a ticket from one state to another.' })
export class TransitionType {
  @Field(() => Int, { description: 'The transition id.' }) id!: number;
  @Field(() => Int, { description: 'The workflow the transition belongs to.' }) workflowId!: number;
  @Field({ description: "The action's name (the button text)." }) name!: string;
  @Field(() => Int, { description: 'loonflow id of type: 1 normal, 2 timer.' }) typeId!: number;
  @Field(() => TransitionTypeEnum, { description: 'A user action, or a timer that fires by itself.' }) type!: TransitionTypeEnum;
  @Field(() => Int, { description: 'For timer transitions: seconds after entering the source state; 0 otherwise.' }) timer!: number;
  @Field(() => Int, { description: 'The state the transition leaves.' }) sourceStateId!: number;
  @Field(() => Int, { description: 'The state it leads to when no condition picks another.' }) destinationStateId!: number;
  @Field(() => GraphQLJSON, { description: '[{expression, target_state_id}]' }) conditions!: unknown;
  @Field(() => Int, { description: 'loonflow id of attributeType: 1 agree, 2 refuse, 3 other.' }) attributeTypeId!: number;
  @Field(() => AttributeTypeEnum, { description: 'Whether the action agrees, refuses or does something else.' }) attributeType!: AttributeTypeEnum;
  @Field({ description: 'Whether required fields must be filled for this action.' }) fieldRequireCheck!: boolean;
  @Field({ description: 'Whether to ask the user to confirm before acting.' }) alertEnable!: boolean;
  @Field({ description: 'The confirmation text to show.' }) alertText!: string;
  @Field({ description: 'Username of who created the transition.' }) creator!: string;
  @Field(() => DateTimeISOResolver, { description: 'When the transition was created (UTC, ISO 8601).' }) createdAt!: Date;
  @Field(() => DateTimeISOResolver, { description: 'When the transition last changed (UTC, ISO 8601).' }) updatedAt!: Date;
}

/** A custom field of a workflow. */
@ObjectType('CustomField', { description: 'A custom field of a workflow: a value every ticket of the workflow may carry.' })
export class CustomFieldType {
  @Field(() => Int, { description: 'The custom field id.' }) id!: number;
  @Field(() => Int, { description: 'The workflow the field belongs to.' }) workflowId!: number;
  @Field({ description: 'The key of the value in `values` and in REST bodies; cannot change.' }) fieldKey!: string;
  @Field({ description: 'The display name.' }) fieldName!: string;
  @Field(() => Int, {
    description:
      'loonflow id of fieldType (5 string, 10 int, 15 float, 20 bool, 25 date, 30 datetime, 35 radio, 40 checkbox, 45 select, 50 multi-select, 55 text, 60 user, 70 multi-user, 80 attachment).',
  })
  fieldTypeId!: number;
  @Field(() => FieldTypeEnum, { description: "The value's type." }) fieldType!: FieldTypeEnum;
  @Field(() => Int, { description: 'Display order, smallest first.' }) orderId!: number;
  @Field(() => GraphQLJSON, { nullable: true, description: 'The value a new ticket starts with; null when none.' }) defaultValue!: unknown;
  @Field({ description: 'Help text for the field.' }) description!: string;
  @Field({ description: 'Placeholder text for an empty input.' }) placeholder!: string;
  @Field({ description: 'For text fields: a template to prefill the input with.' }) fieldTemplate!: string;
  @Field(() => GraphQLJSONObject, { description: 'For bool fields: {"0": label, "1": label}.' }) booleanFieldDisplay!: Record<string, string>;
  @Field(() => GraphQLJSONObject, { description: 'For choice fields: {key: label} of the allowed values.' }) fieldChoice!: Record<string, string>;
  @Field(() => GraphQLJSONObject, { description: "Free-form JSON labels for the caller's own use; loongate does not read them." }) label!: Record<
    string,
    unknown
  >;
  @Field({ description: 'Username of who created the custom field.' }) creator!: string;
  @Field(() => DateTimeISOResolver, { description: 'When the custom field was created (UTC, ISO 8601).' }) createdAt!: Date;
  @Field(() => DateTimeISOResolver, { description: 'When the custom field last changed (UTC, ISO 8601).' }) updatedAt!: Date;
}

/** One published version of a workflow. */
@ObjectType('WorkflowVersion', {
  description: 'A published version of a workflow: its definition frozen when it was published; tickets created on it keep following it.',
})
export class WorkflowVersionType {
  @Field(() => Int, { description: 'The workflow.' }) workflowId!: number;
  @Field(() => Int, { description: 'The version number: 1 for the first publication, then one more for each.' }) version!: number;
  @Field({ description: 'Username of who published it.' }) creator!: string;
  @Field(() => DateTimeISOResolver, { description: 'When it was published (UTC, ISO 8601).' }) createdAt!: Date;
}

/** One difference between two versions of a workflow. */
@ObjectType('WorkflowChange', {
  description: 'One difference between two versions of a workflow; elements are matched by id, which stays the same across versions.',
})
export class WorkflowChangeType {
  @Field({
    description:
      'What changed: workflow, state, transition, field, fieldAttribute (a field of a state), participant, hook (a hook participant), condition, timer or notice.',
  })
  element!: string;
  @Field({ description: 'added, removed or changed.' }) change!: string;
  @Field(() => Int, { description: 'The id of the row; for a field attribute, participant or hook, the id of the state.' }) id!: number;
  @Field({ description: 'The name of the row (the key of a field; `state.field_key` for a field attribute).' }) name!: string;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The changed columns before (the whole element when removed); null when added.' })
  before!: Record<string, unknown> | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The changed columns after (the whole element when added); null when removed.' })
  after!: Record<string, unknown> | null;
}

/** What differs between two versions of a workflow. */
@ObjectType('WorkflowDiff', { description: 'What differs between two versions of a workflow (or a version and its draft).' })
export class WorkflowDiffType {
  @Field(() => Int, { description: 'The workflow.' }) workflowId!: number;
  @Field(() => Int, { description: 'The version compared from.' }) from!: number;
  @Field(() => Int, { nullable: true, description: 'The version compared to; null for the draft.' }) to!: number | null;
  @Field(() => [WorkflowChangeType], { description: 'The differences: workflow columns, then states, transitions, fields and notices.' })
  changes!: WorkflowChangeType[];
  @Field(() => [String], { description: 'The differences as readable lines (+ added, - removed, ~ changed), as `loongate diff` prints them.' }) text!: string[];
}
