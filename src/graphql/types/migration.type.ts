import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';

/** One entry of an explicit state mapping. */
@InputType('StateMappingInput', { description: 'Send the tickets of a source state to a given state of the target version.' })
export class StateMappingInput {
  @Field(() => Int, { description: 'A state of the version the tickets run on.' }) fromStateId!: number;
  @Field(() => Int, { description: 'A state of the target version.' }) toStateId!: number;
}

/** Tickets concerned by one field. */
@ObjectType('MigrationFieldTickets', { description: 'The tickets a field concerns in a migration plan.' })
export class MigrationFieldTicketsType {
  @Field({ description: 'The field key.' }) fieldKey!: string;
  @Field(() => [Int], { description: 'The tickets concerned.' }) ticketIds!: number[];
}

/** What happens to the tickets of one source state. */
@ObjectType('MigrationStatePlan', { description: 'What a migration plan does with the live tickets of one state of the source version.' })
export class MigrationStatePlanType {
  @Field(() => Int, { description: 'The state in the source version.' }) fromStateId!: number;
  @Field({ description: 'Its name.' }) fromStateName!: string;
  @Field(() => [Int], { description: 'The live tickets in it.' }) ticketIds!: number[];
  @Field(() => Int, { nullable: true, description: 'The state they move to; null when they cannot be migrated.' }) toStateId!: number | null;
  @Field(() => String, { nullable: true, description: 'Its name.' }) toStateName!: string | null;
  @Field(() => String, { nullable: true, description: 'How the target was found: mapping (explicit), id (the same state) or name (a state of the same name).' })
  matchedBy!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'kept: the same state with the same participant settings, handlers stay; recomputed: the target state resolves its handlers again.',
  })
  participants!: string | null;
  @Field(() => [MigrationFieldTicketsType], { description: 'Fields the target state requires that these tickets leave empty (to fill on their next handle).' })
  requiredEmpty!: MigrationFieldTicketsType[];
  @Field(() => [MigrationFieldTicketsType], { description: 'Fields the target version no longer has, per ticket holding a value: the values stay stored.' })
  disappearingFields!: MigrationFieldTicketsType[];
  @Field(() => String, { nullable: true, description: 'Why these tickets cannot be migrated; null when they can.' }) blockedReason!: string | null;
}

/** How far applying a plan got. */
@ObjectType('MigrationProgress', { description: 'How many tickets of a migration plan are pending, moved, stale or blocked.' })
export class MigrationProgressType {
  @Field(() => Int, { description: 'Tickets of the plan.' }) total!: number;
  @Field(() => Int, { description: 'Not moved yet.' }) pending!: number;
  @Field(() => Int, { description: 'Moved to the target version.' }) moved!: number;
  @Field(() => Int, { description: 'Left alone: the ticket changed (or was deleted) after the plan was made.' }) stale!: number;
  @Field(() => Int, { description: 'Cannot be migrated (no target state).' }) blocked!: number;
}

/** A ticket a plan did not move. */
@ObjectType('MigrationSkippedTicket', { description: 'A ticket a migration plan did not move, and why.' })
export class MigrationSkippedTicketType {
  @Field(() => Int, { description: 'The ticket.' }) ticketId!: number;
  @Field({ description: 'stale or blocked.' }) status!: string;
  @Field({ description: 'Why it was not moved.' }) reason!: string;
}

/** A stored migration plan. */
@ObjectType('MigrationPlan', { description: "A plan to move a workflow's live tickets from one published version to another, to read before applying it." })
export class MigrationPlanType {
  @Field(() => Int, { description: 'The plan id (applyMigration takes it).' }) id!: number;
  @Field(() => Int, { description: 'The workflow.' }) workflowId!: number;
  @Field(() => Int, { description: 'The version the tickets run on.' }) fromVersion!: number;
  @Field(() => Int, { description: 'The version they move to.' }) toVersion!: number;
  @Field({ description: 'planned, or done once applied.' }) status!: string;
  @Field(() => GraphQLJSONObject, { description: 'The explicit state mapping {source state id: target state id}.' }) mapping!: Record<string, number>;
  @Field(() => [MigrationStatePlanType], { description: 'Per source state holding live tickets, what happens to them.' }) states!: MigrationStatePlanType[];
  @Field(() => Int, { description: 'Tickets the plan moves.' }) movable!: number;
  @Field(() => Int, { description: 'Tickets that cannot be migrated.' }) blocked!: number;
  @Field(() => MigrationProgressType, { description: 'How far applying the plan got.' }) progress!: MigrationProgressType;
  @Field(() => [MigrationSkippedTicketType], { description: 'Tickets not moved, and why.' }) skipped!: MigrationSkippedTicketType[];
}
