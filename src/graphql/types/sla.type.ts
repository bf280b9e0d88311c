import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';

/** What an SLA clock measures. */
export enum SlaScopeEnum {
  STATE = 'state',
  TICKET = 'ticket',
}

registerEnumType(SlaScopeEnum, {
  name: 'SlaScope',
  description: 'What an SLA clock measures.',
  valuesConfig: {
    STATE: { description: 'One stay of the ticket in a state with a target.' },
    TICKET: { description: 'The whole ticket, from creation to an end state, paused in pause states.' },
  },
});

/** One SLA clock of a ticket. */
@ObjectType('SlaClock', { description: 'An SLA clock of a ticket, computed from its state visits at the time of the request (docs/sla.md).' })
export class SlaClockType {
  @Field(() => SlaScopeEnum, { description: 'Whether the clock measures a state visit or the whole ticket.' }) scope!: SlaScopeEnum;
  @Field(() => Int, { nullable: true, description: 'The state of a state clock; null for the ticket clock.' }) stateId!: number | null;
  @Field(() => String, { nullable: true, description: 'The name of that state.' }) stateName!: string | null;
  @Field(() => Int, { description: 'The state visit the clock belongs to (the token its escalations carry).' }) visitId!: number;
  @Field(() => DateTimeISOResolver, { description: 'When the clock started.' }) startedAt!: Date;
  @Field(() => Int, { description: 'The target in seconds of working time.' }) target!: number;
  @Field(() => DateTimeISOResolver, { nullable: true, description: 'When the target runs out; null while a ticket clock is paused within its target.' })
  dueAt!: Date | null;
  @Field(() => Int, { description: 'Working time counted so far, in seconds.' }) elapsed!: number;
  @Field(() => Int, { description: 'target − elapsed in seconds; negative once breached.' }) remaining!: number;
  @Field({ description: 'Whether the ticket clock is paused (the ticket waits in a pause state).' }) paused!: boolean;
  @Field({ description: 'False once the ticket left the state (state clock) or reached an end state (ticket clock).' }) running!: boolean;
  @Field({ description: 'Whether the clock ran past its target.' }) breached!: boolean;
  @Field(() => DateTimeISOResolver, { nullable: true, description: 'When it did; null when it did not.' }) breachedAt!: Date | null;
  @Field(() => DateTimeISOResolver, { nullable: true, description: 'When the clock stopped; null while it runs.' }) stoppedAt!: Date | null;
}

/** SLA figures of one state. */
@ObjectType('SlaReportRow', { description: 'SLA figures of one state over the visits that entered it in the period.' })
export class SlaReportRowType {
  @Field(() => Int, { description: 'The workflow.' }) workflowId!: number;
  @Field({ description: "The workflow's name." }) workflowName!: string;
  @Field(() => Int, { description: 'The state.' }) stateId!: number;
  @Field({ description: "The state's name." }) stateName!: string;
  @Field(() => Int, { description: 'Distinct tickets that entered the state.' }) tickets!: number;
  @Field(() => Int, { description: 'Visits that left the state within the target.' }) met!: number;
  @Field(() => Int, { description: 'Visits that ran past the target (left or still there).' }) breached!: number;
  @Field(() => Int, { description: 'Visits still in the state within the target.' }) open!: number;
  @Field(() => Float, { nullable: true, description: 'met / (met + breached) in percent, one decimal; null when both are 0.' }) attainment!: number | null;
  @Field(() => Int, { nullable: true, description: 'Median working time in the state of the visits that left it, seconds (nearest rank).' })
  medianSeconds!: number | null;
  @Field(() => Int, { nullable: true, description: 'The 90th percentile of that time, seconds (nearest rank).' }) p90Seconds!: number | null;
}

/** The SLA report. */
@ObjectType('SlaReport', { description: 'SLA figures per workflow and state with a target.' })
export class SlaReportType {
  @Field(() => DateTimeISOResolver, { description: 'Start of the period (visits entered at or after).' }) from!: Date;
  @Field(() => DateTimeISOResolver, { description: 'End of the period (visits entered before).' }) to!: Date;
  @Field(() => [SlaReportRowType], { description: 'One row per state with a target that visits entered in the period.' }) rows!: SlaReportRowType[];
  @Field({ description: 'The rows as CSV (header row, CRLF line ends, times in seconds).' }) csv!: string;
}
