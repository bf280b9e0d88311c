import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLJSON, GraphQLJSONObject, DateTimeISOResolver } from 'graphql-scalars';
import { ActStateEnum, AttributeTypeEnum, FieldAttributeEnum, FieldTypeEnum, InterveneTypeEnum } from '../enums';

/** A ticket. Custom values are in `values`, keyed by field key. */
@ObjectType('Ticket', { description: 'A ticket: one case moving through the states of its workflow. Custom field values are in `values`, keyed by field key.' })
export class TicketType {
  @Field(() => Int, { description: 'The ticket id.' }) id!: number;
  @Field({ description: "The serial number: the app's prefix, the creation day (YYYYMMDD in LOONGATE_TZ) and a daily counter." }) sn!: string;
  @Field({ description: 'The ticket title.' }) title!: string;
  @Field(() => Int, { description: 'The workflow the ticket follows.' }) workflowId!: number;
  @Field(() => Int, { nullable: true, description: 'The published workflow version the ticket runs on; null while its workflow was never published.' })
  workflowVersion!: number | null;
  @Field(() => Int, { description: 'The state the ticket is in.' }) stateId!: number;
  @Field(() => Int, { description: 'The parent ticket of a sub-ticket; 0 when none.' }) parentTicketId!: number;
  @Field(() => Int, { description: "The parent's state this sub-ticket was created from; 0 when none." }) parentTicketStateId!: number;
  @Field(() => Int, {
    description: 'How `participant` is encoded (loonflow ids): 1 one user, 2 several users, 6 a script, 10 a hook, 0 nobody (an end state).',
  })
  participantTypeId!: number;
  @Field({ description: 'Current handlers (csv of usernames), `***` for a hook, the script name for a script.' }) participant!: string;
  @Field({ description: 'Every user ever attached (csv).' }) relation!: string;
  @Field({ description: 'Whether the ticket waits for a user asked to act first (add-node).' }) inAddNode!: boolean;
  @Field({ description: 'The user who asked for the add-node; empty when not in add-node.' }) addNodeMan!: string;
  @Field({ description: 'Whether the last hook or script run of the current state succeeded.' }) scriptRunLastResult!: boolean;
  @Field(() => Int, { description: 'loonflow id of actState: 0 draft, 1 ongoing, 2 refused, 3 retreated, 4 finished, 5 closed.' }) actStateId!: number;
  @Field(() => ActStateEnum, { description: 'Where the ticket stands: ongoing, finished, refused, closed.' }) actState!: ActStateEnum;
  @Field(() => GraphQLJSONObject, { description: 'The all-must-handle ledger {user: {} | {transition_id, transition_name}}.' }) multiAllPerson!: Record<
    string,
    unknown
  >;
  @Field({ description: 'Username of who created the ticket.' }) creator!: string;
  @Field({ description: 'Whether the ticket was soft-deleted.' }) isDeleted!: boolean;
  @Field(() => Int, { description: 'Bumped by every change; pass it as expectedVersion to detect races.' }) version!: number;
  @Field(() => DateTimeISOResolver, { description: 'When the ticket was created (UTC, ISO 8601).' }) createdAt!: Date;
  @Field(() => DateTimeISOResolver, { description: 'When the ticket last changed (UTC, ISO 8601).' }) updatedAt!: Date;
  @Field(() => DateTimeISOResolver, { nullable: true, description: 'SLA: the earliest due time of its running clocks; null when none runs (see sla).' })
  slaDueAt!: Date | null;
  @Field({ description: 'SLA: whether a clock had breached by its last change (a running clock past slaDueAt has breached too).' }) slaBreached!: boolean;
}

/** The participant summary of a ticket. */
@ObjectType('ParticipantInfo', { description: 'Who handles a ticket now, with names for display.' })
export class ParticipantInfoType {
  @Field(() => Int, { description: 'How `participant` is encoded (loonflow ids): 1 one user, 2 several users, 6 a script, 10 a hook, 0 nobody.' })
  participantTypeId!: number;
  @Field({ description: 'The handlers: a username, csv usernames, or `***` for a hook.' }) participant!: string;
  @Field({ description: "The handlers' usernames as shown (csv)." }) participantName!: string;
  @Field({ description: 'The participant type as a word (personal, multi, hook, …).' }) participantTypeName!: string;
  @Field({ description: "The handlers' display names (csv); for all-must-handle, each with whether they have acted." }) participantAlias!: string;
}

/** A field of the ticket detail view. */
@ObjectType('TicketField', {
  description: 'A field of a ticket as the detail view shows it: the base fields and the custom fields, with the value and how the current state treats it.',
})
export class TicketFieldType {
  @Field({ description: 'The field key (title, sn, … or a custom field key).' }) fieldKey!: string;
  @Field({ description: "The field's display name." }) fieldName!: string;
  @Field(() => GraphQLJSON, {
    nullable: true,
    description: 'The value, typed by fieldType (a string, number, boolean, list of choice keys, usernames, …); null when unset.',
  })
  fieldValue!: unknown;
  @Field(() => Int, { description: 'Display order, smallest first.' }) orderId!: number;
  @Field(() => Int, {
    description:
      'loonflow id of fieldType (5 string, 10 int, 15 float, 20 bool, 25 date, 30 datetime, 35 radio, 40 checkbox, 45 select, 50 multi-select, 55 text, 60 user, 70 multi-user, 80 attachment).',
  })
  fieldTypeId!: number;
  @Field(() => FieldTypeEnum, { description: "The value's type." }) fieldType!: FieldTypeEnum;
  @Field(() => Int, { description: 'loonflow id of fieldAttributeType for the acting user: 1 read-only, 2 required, 3 optional.' }) fieldAttribute!: number;
  @Field(() => FieldAttributeEnum, {
    nullable: true,
    description: 'Whether the acting user must, may or may not write the field in the current state; null when the state does not list it.',
  })
  fieldAttributeType!: FieldAttributeEnum | null;
  @Field({ description: 'Help text for the field.' }) description!: string;
  @Field({ description: 'Placeholder text for an empty input.' }) placeholder!: string;
  @Field(() => GraphQLJSONObject, { description: 'For choice fields: {key: label} of the allowed values.' }) fieldChoice!: Record<string, string>;
  @Field(() => GraphQLJSONObject, { description: 'For bool fields: {"0": label, "1": label}.' }) booleanFieldDisplay!: Record<string, string>;
  @Field(() => GraphQLJSON, { nullable: true, description: 'The value a new ticket starts with; null when none.' }) defaultValue!: unknown;
  @Field({ description: 'For text fields: a template to prefill the input with.' }) fieldTemplate!: string;
  @Field(() => GraphQLJSONObject, { description: "Free-form JSON labels of the field for the caller's own use." }) label!: Record<string, unknown>;
}

/** An action the acting user may take now. */
@ObjectType('AvailableTransition', { description: 'An action the acting user may take on a ticket now.' })
export class AvailableTransitionType {
  @Field(() => Int, { description: 'Pass it as transitionId to handleTicket.' }) transitionId!: number;
  @Field({ description: 'The button text (同意, 拒绝, …).' }) transitionName!: string;
  @Field({ description: 'Whether required fields must be filled for this action.' }) fieldRequireCheck!: boolean;
  @Field({ description: 'True for the accept action of a state offered to several handlers (call acceptTicket).' }) isAccept!: boolean;
  @Field({ description: 'True for the action that finishes an add-node (call finishAddNode).' }) inAddNode!: boolean;
  @Field({ description: 'Whether to ask the user to confirm before acting.' }) alertEnable!: boolean;
  @Field({ description: 'The confirmation text to show.' }) alertText!: string;
  @Field(() => Int, { description: 'loonflow id of attributeType: 1 agree, 2 refuse, 3 other.' }) attributeTypeId!: number;
  @Field(() => AttributeTypeEnum, { description: 'Whether the action agrees, refuses or does something else.' }) attributeType!: AttributeTypeEnum;
}

/** Who wrote a flow log. */
@ObjectType('LogParticipantInfo', { description: 'The user (or hook) who wrote a flow log.' })
export class LogParticipantInfoType {
  @Field(() => Int, { description: 'loonflow id of the participant type: 1 a person, 10 a hook.' }) participantTypeId!: number;
  @Field({ description: 'The username (or the hook).' }) participant!: string;
  @Field({ description: 'The display name.' }) participantAlias!: string;
  @Field({ description: "The user's email address." }) participantEmail!: string;
  @Field({ description: "The user's phone number." }) participantPhone!: string;
}

/** One entry of a ticket's history. */
@ObjectType('FlowLog', { description: "One entry of a ticket's history: who did what, from which state, with which comment." })
export class FlowLogType {
  @Field(() => Int, { description: 'The log id.' }) id!: number;
  @Field(() => Int, { description: 'The ticket.' }) ticketId!: number;
  @Field(() => Int, { description: 'The transition taken; 0 for actions that take none (comment, deliver, accept, …).' }) transitionId!: number;
  @Field(() => Int, { description: 'The state the ticket was in when the action was taken.' }) stateId!: number;
  @Field(() => Int, {
    description:
      'loonflow id of interveneType (0 normal, 1 deliver, 2 add-node, 3 add-node end, 4 accept, 5 comment, 6 delete, 7 close, 8 change state, 9 hook, 10 retreat).',
  })
  interveneTypeId!: number;
  @Field(() => InterveneTypeEnum, { description: 'What kind of action this was.' }) interveneType!: InterveneTypeEnum;
  @Field(() => Int, { description: 'loonflow id of who acted: 1 a person, 10 a hook.' }) participantTypeId!: number;
  @Field({ description: 'The username who acted (or the hook).' }) participant!: string;
  @Field({ description: 'The comment given with the action.' }) suggestion!: string;
  @Field(() => DateTimeISOResolver, { description: 'When the action was taken (UTC).' }) createdAt!: Date;
}

/** A page of flow logs. */
@ObjectType('FlowLogPage', { description: 'A page of flow logs, newest first.' })
export class FlowLogPageType {
  @Field(() => [FlowLogType], { description: 'The logs of this page.' }) items!: FlowLogType[];
  @Field(() => Int, { description: 'How many logs the ticket has.' }) total!: number;
  @Field(() => Int, { description: "This page's number, from 1." }) page!: number;
  @Field(() => Int, { description: 'Logs per page.' }) perPage!: number;
}

/** A state with the logs recorded in it. */
@ObjectType('FlowStep', { description: 'A state of the workflow in order, with the logs recorded while the ticket was in it.' })
export class FlowStepType {
  @Field(() => Int, { description: 'The state.' }) stateId!: number;
  @Field({ description: 'The state name.' }) stateName!: string;
  @Field(() => Int, { description: "The state's display order." }) orderId!: number;
  @Field(() => [FlowLogType], { description: 'The logs recorded in this state, oldest first.' }) logs!: FlowLogType[];
}

/** A page of tickets. */
@ObjectType('TicketPage', { description: 'A page of tickets.' })
export class TicketPageType {
  @Field(() => [TicketType], { description: 'The tickets of this page.' }) items!: TicketType[];
  @Field(() => Int, { description: 'How many tickets match, over all pages (may lag other servers by LOONGATE_LIST_TOTAL_TTL_MS).' }) total!: number;
  @Field(() => Int, { description: "This page's number, from 1 (a page past the end answers the last page)." }) page!: number;
  @Field(() => Int, { description: 'Tickets per page.' }) perPage!: number;
}

/** Tickets created on one day. */
@ObjectType('DayCount', { description: 'How many tickets were created on one day.' })
export class DayCountType {
  @Field({ description: 'The day, YYYY-MM-DD in LOONGATE_TZ.' }) day!: string;
  @Field(() => Int, { description: 'Tickets created that day.' }) count!: number;
}

/** A ticket waiting for users who can no longer act on it. */
@ObjectType('DepartedHandlers', { description: 'A ticket that waits for users who were deleted or deactivated: a manager should deliver it to someone else.' })
export class DepartedHandlersType {
  @Field(() => TicketType, { description: 'The ticket.' }) ticket!: TicketType;
  @Field(() => [String], { description: 'The deleted, inactive or unknown users it waits for.' }) usernames!: string[];
}
