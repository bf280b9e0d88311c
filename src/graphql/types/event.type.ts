import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeISOResolver } from 'graphql-scalars';
import { EventType } from '../../domain/events';

export const TicketEventTypeEnum = EventType;
const described = (texts: Record<keyof typeof EventType, string>) =>
  Object.fromEntries(Object.entries(texts).map(([key, description]) => [key, { description }]));
registerEnumType(TicketEventTypeEnum, {
  name: 'TicketEventType',
  description: 'What happened to a ticket (docs/events.md).',
  valuesConfig: described({
    CREATED: 'A ticket was created.',
    MOVED: 'The ticket was handled through a transition, by a person or the system (a countersign vote included).',
    ACCEPTED: 'One of several candidate handlers accepted the ticket.',
    DELIVERED: 'The ticket was delivered to another user.',
    NODE_ADDED: 'A handler was added to the node.',
    NODE_ENDED: 'The added handler finished.',
    COMMENTED: 'A comment was added.',
    FIELDS_UPDATED: 'Field values were rewritten without a move.',
    CLOSED: 'The ticket was closed.',
    RETREATED: 'The creator withdrew the ticket to the start state.',
    STATE_CHANGED: 'A workflow admin forced the ticket into a state.',
    DELETED: 'The ticket was deleted.',
    HOOK_RESULT: "A hook's outcome was recorded (a move that follows is its own MOVED).",
    SCRIPT_RESULT: "A script's outcome was recorded (a move that follows is its own MOVED).",
    SYSTEM_NOTE: 'The system recorded a note, e.g. a parent that could not advance when its children ended.',
    AUTOMATION_RETRIED: "A retry cleared the ticket's hook or script failure mark.",
  }),
});

/** One committed ticket change. */
@ObjectType('TicketEvent', { description: 'One committed ticket change; `id` is its cursor in the feed and the subscriptions.' })
export class TicketEventGql {
  @Field(() => Int, { description: 'The cursor: grows with every event, in commit order.' }) id!: number;
  @Field(() => Int, { description: 'The ticket that changed.' }) ticketId!: number;
  @Field(() => Int, { description: "The ticket's workflow." }) workflowId!: number;
  @Field(() => TicketEventTypeEnum, { description: 'What happened.' }) type!: string;
  @Field({ description: 'Who acted: the user, or loonrobot for the system (hooks, scripts, timers, sub-tickets).' }) actor!: string;
  @Field(() => Int, { description: 'The state before the change (for CREATED: the start state).' }) fromStateId!: number;
  @Field(() => Int, { description: 'The state after the change.' }) toStateId!: number;
  @Field(() => Int, { nullable: true, description: 'The flow log the change wrote; null when it wrote none.' }) flowLogId!: number | null;
  @Field(() => [String], { description: 'Users whose duty list gained the ticket (they must act on it now, and did not before).' })
  dutyAdded!: string[];
  @Field(() => [String], { description: 'Users whose duty list lost the ticket.' }) dutyRemoved!: string[];
  @Field(() => Int, { description: "The ticket's version after the change." }) version!: number;
  @Field(() => DateTimeISOResolver, { description: 'When the change was committed (UTC).' }) createdAt!: Date;
}

/** A page of the event feed. */
@ObjectType('TicketEventPage', { description: 'A page of the event feed: the events the caller may see, and the cursor to ask after next.' })
export class TicketEventPageGql {
  @Field(() => [TicketEventGql], { description: 'The events the caller may see, in cursor order.' }) items!: unknown[];
  @Field(() => Int, { description: 'Pass as `after` for the next page: past every event this page scanned, seen or not.' }) cursor!: number;
  @Field({ description: 'The page scanned `limit` events: ask again at once for more.' }) hasMore!: boolean;
}

/** A change of the acting user's duty list. */
@ObjectType('DutyChange', { description: "The acting user's duty list gained or lost a ticket." })
export class DutyChangeGql {
  @Field(() => TicketEventGql, { description: 'The change that did it.' }) event!: unknown;
  @Field({ description: 'true: the ticket joined the duty list; false: it left it.' }) added!: boolean;
  @Field(() => Int, { description: 'How many live tickets the user has on duty now.' }) dutyCount!: number;
}
