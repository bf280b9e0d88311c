import { Arg, Ctx, Int, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { TicketEvent } from '../../db/entities';
import { AppError } from '../../domain/errors';
import type { EventPump } from '../../events/pump';
import { subscribeDuty, subscribeEvents, type DutyChange } from '../../services/event-stream';
import { eventFeed, type FeedPage } from '../../services/ticket-events.service';
import type { GqlContext } from '../context';
import { DutyChangeGql, TicketEventGql, TicketEventPageGql, TicketEventTypeEnum } from '../types/event.type';

const AFTER_CURSOR = 'Receive first the events after this cursor that the subscriber missed (the last id it saw), then live ones.';

/** The process's event pump: subscriptions run over the graphql-ws socket only. */
function pumpOf(context: GqlContext): EventPump {
  if (!context.pump) throw AppError.badInput('subscriptions run over a graphql-ws WebSocket at /graphql, not over HTTP');
  return context.pump;
}

type Data<A> = SubscribeResolverData<unknown, A & { afterCursor?: number | null }, GqlContext>;

/** The ticket event feed and the event subscriptions (docs/events.md). */
@Resolver()
export class EventResolver {
  @Query(() => TicketEventPageGql, { description: 'The event feed after a cursor, as the acting user may see it (like a detail read); page by `cursor`.' })
  ticketEvents(
    @Ctx() ctx: GqlContext,
    @Arg('after', () => Int, { defaultValue: 0, description: 'The cursor to read after (0: from the start).' }) after: number,
    @Arg('limit', () => Int, { defaultValue: 100, description: 'How many events to scan, 1 to 500.' }) limit: number,
    @Arg('ticketId', () => Int, { nullable: true, description: 'Only events of this ticket.' }) ticketId?: number | null,
    @Arg('workflowIds', () => [Int], { nullable: true, description: 'Only events of these workflows.' }) workflowIds?: number[] | null,
    @Arg('types', () => [TicketEventTypeEnum], { nullable: true, description: 'Only events of these types.' }) types?: string[] | null,
  ): Promise<FeedPage> {
    return eventFeed(ctx, after, limit, { ticketId, workflowIds, types });
  }

  @Subscription(() => TicketEventGql, {
    name: 'ticketEvents',
    description: 'Changes of one ticket, as they commit, if the acting user may view it.',
    subscribe: ({ args, context }: Data<{ ticketId: number }>) => subscribeEvents(context, pumpOf(context), { ticketId: args.ticketId }, args.afterCursor),
  })
  ticketEventsLive(
    @Root() event: TicketEvent,
    @Arg('ticketId', () => Int, { description: 'The ticket.' }) _ticketId: number,
    @Arg('afterCursor', () => Int, { nullable: true, description: AFTER_CURSOR }) _afterCursor?: number | null,
  ): TicketEvent {
    return event;
  }

  @Subscription(() => TicketEventGql, {
    description: 'Changes of the tickets of some workflows (all the app reaches when none are named), each if the acting user may view the ticket.',
    subscribe: ({ args, context }: Data<{ workflowIds?: number[] | null; types?: string[] | null }>) =>
      subscribeEvents(context, pumpOf(context), { workflowIds: args.workflowIds, types: args.types }, args.afterCursor),
  })
  workflowEvents(
    @Root() event: TicketEvent,
    @Arg('workflowIds', () => [Int], { nullable: true, description: 'Only these workflows.' }) _workflowIds?: number[] | null,
    @Arg('types', () => [TicketEventTypeEnum], { nullable: true, description: 'Only these event types.' }) _types?: string[] | null,
    @Arg('afterCursor', () => Int, { nullable: true, description: AFTER_CURSOR }) _afterCursor?: number | null,
  ): TicketEvent {
    return event;
  }

  @Subscription(() => DutyChangeGql, {
    description: "The acting user's duty list gained or lost a ticket, with the count after the change.",
    subscribe: ({ args, context }: Data<object>) => subscribeDuty(context, pumpOf(context), args.afterCursor),
  })
  myDutyChanged(
    @Root() change: DutyChange,
    @Arg('afterCursor', () => Int, { nullable: true, description: AFTER_CURSOR }) _afterCursor?: number | null,
  ): DutyChange {
    return change;
  }
}
