import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { RefusalReason } from '../../domain/machine/refusal';

registerEnumType(RefusalReason, {
  name: 'RefusalReason',
  description: 'Why the engine refuses an action (docs/engine.md): finer than the error code it answers with, which is in `code`.',
  valuesConfig: {
    USERNAME_REQUIRED: { description: 'No acting user was named.' },
    UNKNOWN_USER: { description: 'The acting user does not exist or was deleted.' },
    APP_NOT_ALLOWED: { description: "The calling app is not granted the ticket's workflow." },
    NOT_A_HANDLER: { description: 'The acting user is not a current handler.' },
    NO_ACTION_NEEDED: { description: "The ticket's state has no transition out of it." },
    TICKET_CLOSED: { description: 'The ticket has ended (finished or closed): nobody acts on it any more.' },
    WAITING_FOR_OTHERS: { description: 'Countersign: the acting user voted already; `details.pending` lists who must still choose.' },
    VERSION_STALE: { description: 'The ticket changed since the version the caller saw.' },
    NEEDS_ACCEPT: { description: 'Several users are offered the ticket: accept it before handling it.' },
    NOTHING_TO_ACCEPT: { description: 'A single handler, or a state that is not accept-first: nothing to accept.' },
    IN_ADD_NODE: { description: 'The ticket waits for an added handler: only finishing the add-node is allowed.' },
    NOT_IN_ADD_NODE: { description: 'No add-node is in progress.' },
    NOT_A_MANAGER: { description: "Only superusers and the workflow's creator and admins may." },
    NOT_A_READER: { description: 'The view rule does not let the acting user see the ticket.' },
    NOT_THE_CREATOR: { description: 'Only the creator may.' },
    RETREAT_NOT_ALLOWED: { description: 'The current state does not allow retreat.' },
    TRANSITION_NOT_AVAILABLE: { description: "The transition does not leave the ticket's current state." },
    FIELDS_MISSING: { description: 'Required fields are not filled; `details.missing` lists their keys.' },
    FIELD_INVALID: { description: "A value does not fit its field's type, choices, users or length." },
    TARGET_INVALID: { description: 'The target user is missing, not an active user, or the actor.' },
    STATE_NOT_IN_WORKFLOW: { description: "The state is not one of the ticket's workflow." },
    NO_END_STATE: { description: 'The workflow has no end state to close into.' },
    NOT_AUTOMATED: { description: 'The ticket does not wait in a hook or script state.' },
    NOT_WAITING_FOR_HOOK: { description: 'The ticket does not wait in a hook state.' },
    NOTHING_TO_UPDATE: { description: 'A fields update with no fields.' },
    PARENT_INVALID: { description: 'The parent link of a sub-ticket is wrong.' },
    NO_HANDLER: { description: 'The destination state resolves to no active user.' },
    CONDITION_FAILED: { description: 'A condition of the transition cannot be evaluated.' },
    LIMIT_EXCEEDED: { description: "The workflow's creation limits refuse the creator; `details.rule` names the rule." },
    INVALID_INPUT: { description: 'Any other malformed input.' },
  },
});

/** Whether an action may be taken now and, when not, why. */
@ObjectType('Availability', {
  description: 'Whether an action may be taken now; when not, the reason, the error code and message the action would answer, and details.',
})
export class AvailabilityType {
  @Field({ description: 'True when the action would be accepted now.' }) available!: boolean;
  @Field(() => RefusalReason, { nullable: true, description: 'Why not; null when available.' }) reason!: RefusalReason | null;
  @Field(() => String, { nullable: true, description: 'The error code the action would answer with; null when available.' }) code!: string | null;
  @Field(() => String, { nullable: true, description: 'The message the action would answer with; null when available.' }) message!: string | null;
  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'Details of the refusal: pending voters, missing field keys, the limit rule…; null when available.',
  })
  details!: Record<string, unknown> | null;
}

/** An action of the ticket's current state for the acting user. */
@ObjectType('TicketActionExplained', {
  description: "An action of the ticket's current state for the acting user, available or with the reason it would be refused.",
})
export class ExplainedActionType extends AvailabilityType {
  @Field({ description: 'handle (one per transition), accept, deliver, addNode, addNodeEnd, close, retreat, comment, changeState or delete.' }) kind!: string;
  @Field(() => Int, { nullable: true, description: 'The transition of a handle; null for the other actions.' }) transitionId!: number | null;
  @Field({ description: "The button text: the transition's name, or loonflow's word for the action." }) name!: string;
}

/** A condition of a transition as the simulation tried it. */
@ObjectType('ConditionTrace', { description: 'A condition of the transition, tried in order: the values its placeholders saw and whether it held.' })
export class ConditionTraceType {
  @Field(() => Int, { description: 'Its place among the conditions, from 1.' }) index!: number;
  @Field({ description: 'The expression.' }) expression!: string;
  @Field(() => GraphQLJSONObject, { description: 'The value of each placeholder of the expression.' }) values!: Record<string, unknown>;
  @Field({ description: 'Whether it held (false when it could not be evaluated).' }) result!: boolean;
  @Field(() => Int, { description: 'The state it sends the ticket to when it holds.' }) targetStateId!: number;
  @Field(() => String, { nullable: true, description: 'Why it could not be evaluated; null when it could.' }) error?: string | null;
}

/** How the handlers of the destination were found. */
@ObjectType('ParticipantTrace', { description: "How the destination state's handlers were found." })
export class ParticipantTraceType {
  @Field(() => Int, { description: 'The state.' }) stateId!: number;
  @Field({ description: "remember_last_man (who last moved the ticket out of the state) or rule (the state's participant rule)." }) source!: string;
  @Field(() => Int, {
    description: "The rule's participant type id (1 user, 2 users, 3 dept, 4 role, 5 variable, 6 script, 7 field, 8 parent field, 10 hook).",
  })
  ruleTypeId!: number;
  @Field({ description: "The rule's value: usernames, dept ids, a role id, variables, field keys, a script or hook." }) rule!: string;
  @Field(() => Int, { description: "The state's distribution (1 accept, 2 direct, 3 random, 4 all)." }) distributeTypeId!: number;
  @Field(() => Int, { description: 'The participant type the ticket would get.' }) participantTypeId!: number;
  @Field({ description: 'The participant the ticket would get.' }) participant!: string;
  @Field(() => [String], { description: 'The users it resolved to (active users only).' }) users!: string[];
}

/** A value sent that its field refuses. */
@ObjectType('FieldProblem', { description: 'A value sent that its field refuses.' })
export class FieldProblemType {
  @Field({ description: 'The field key.' }) fieldKey!: string;
  @Field({ description: 'Why the value does not fit.' }) message!: string;
}

/** A job a move would queue. */
@ObjectType('PlannedJob', { description: 'A job the move would queue: a notice, timer, hook, script, or the parent check.' })
export class PlannedJobType {
  @Field({ description: 'notice, timer, hook, script or parent.' }) kind!: string;
  @Field(() => Int, { description: 'The ticket the job is about (0: the ticket a creation would make).' }) ticketId!: number;
  @Field(() => GraphQLJSONObject, { description: "The job's payload (notice id, timer transition, state…)." }) payload!: Record<string, unknown>;
  @Field(() => Int, { description: 'Seconds after the move the job runs (a timer waits its time).' }) delaySeconds!: number;
}

/** The countersign outcome of a vote. */
@ObjectType('CountersignOutcome', { description: 'The outcome of a vote in an all-must-handle state.' })
export class CountersignType {
  @Field({
    description:
      "What the vote does under the state's countersign policy: move (the ticket moves), wait (others must still vote), revote (no agreement: everyone votes again) or to_state (no agreement: the policy's state).",
  })
  outcome!: string;
  @Field(() => [String], { description: 'Who must still vote.' }) pending!: string[];
}

/** What a transition would do. */
@ObjectType('Simulation', { description: "What a transition would do, decided by the engine's own code without writing anything; or why it would be refused." })
export class SimulationType {
  @Field({ description: 'Whether the action would be accepted.' }) allowed!: boolean;
  @Field(() => AvailabilityType, { description: 'The refusal, when not allowed (available is then false).' }) availability!: AvailabilityType;
  @Field(() => Int, { description: 'The state the ticket is in before the move (the start state on create).' }) sourceStateId!: number;
  @Field(() => Int, { nullable: true, description: 'The state the ticket would be in; null when refused.' }) destinationStateId!: number | null;
  @Field(() => Int, { description: "The condition that chose the destination, from 1; 0: the transition's own destination." }) chosenByCondition!: number;
  @Field(() => [ConditionTraceType], { description: 'Each condition tried, in order.' }) conditions!: ConditionTraceType[];
  @Field(() => ParticipantTraceType, { nullable: true, description: "How the destination's handlers were found; null when refused or the ticket stays." })
  participants!: ParticipantTraceType | null;
  @Field(() => [String], { description: 'Who would have to act afterwards (the duty list).' }) handlers!: string[];
  @Field(() => Int, { nullable: true, description: 'The act state afterwards; null when refused.' }) actStateId!: number | null;
  @Field(() => GraphQLJSONObject, { description: 'The custom values the move would store, validated, keyed by field key.' }) values!: Record<string, unknown>;
  @Field(() => [FieldProblemType], { description: 'Values sent that their field refuses.' }) invalidFields!: FieldProblemType[];
  @Field(() => [PlannedJobType], { description: 'Notices, timers, hook, script and parent check the move would queue.' }) jobs!: PlannedJobType[];
  @Field(() => CountersignType, { nullable: true, description: 'The countersign outcome; null outside an all-must-handle vote.' })
  countersign!: CountersignType | null;
}

/** One step of a workflow dry run. */
@ObjectType('SimulationStep', { description: 'One step of a workflow dry run.' })
export class SimulationStepType {
  @Field(() => Int, { description: 'The transition taken.' }) transitionId!: number;
  @Field({ description: 'Who took it: the creator, the first handler, or loonrobot in a hook or script state.' }) actor!: string;
  @Field(() => String, { nullable: true, description: 'Who accepted the ticket first, in an accept-first state.' }) acceptedBy!: string | null;
  @Field(() => [String], { description: 'In a countersign state, every handler who voted, in order.' }) voters!: string[];
  @Field(() => SimulationType, { description: 'What the step did.' }) simulation!: SimulationType;
}
