import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, InputType, Int, Query, Resolver, Root } from 'type-graphql';
import { DateTimeISOResolver, GraphQLJSONObject } from 'graphql-scalars';
import type { State, Ticket, User, Workflow } from '../../db/entities';
import { MAX_PER_PAGE } from '../../domain/paging';
import type { ParticipantInfo } from '../../domain/participant-info';
import { type DepartedHandlers, ticketsAwaitingDepartedUsers } from '../../services/departed-handlers.service';
import { listTickets, type TicketPage } from '../../services/ticket-list.service';
import * as read from '../../services/ticket-read.service';
import { ticketVotes, type VoteVisit } from '../../services/ticket-votes.service';
import type { GqlContext } from '../context';
import { ActStateEnum, AttributeTypeEnum, TicketCategoryEnum } from '../enums';
import { VoteVisitType } from '../types/countersign.type';
import { CreatorInfoType, UserType } from '../types/org.type';
import {
  AvailableTransitionType,
  DepartedHandlersType,
  DayCountType,
  FlowLogPageType,
  FlowStepType,
  ParticipantInfoType,
  TicketFieldType,
  TicketPageType,
  TicketType,
} from '../types/ticket.type';
import { StateType, WorkflowType } from '../types/workflow.type';

const PAGE_DOC = "Page number; beyond the end, or 0 and below, the last page (the answer's page says which).";
const PER_PAGE_DOC = `Rows per page, at least 1; above ${MAX_PER_PAGE} the page holds ${MAX_PER_PAGE} (the answer's perPage says so).`;

/** Filters of the ticket list. */
@InputType({ description: 'Filters of the ticket list; the ones given must all match.' })
export class TicketFilterInput {
  @Field(() => String, { nullable: true, description: 'Serial-number prefix (case-sensitive; % and _ are plain characters).' }) sn?: string | null;
  @Field(() => String, { nullable: true, description: 'Title substring (case-sensitive; % and _ are plain characters).' }) title?: string | null;
  @Field(() => String, { nullable: true, description: 'Created at or after (YYYY-MM-DD[ HH:MM:SS] in LOONGATE_TZ). Both bounds absent: the last year.' })
  createStart?: string | null;
  @Field(() => String, { nullable: true, description: 'Created at or before (YYYY-MM-DD[ HH:MM:SS] in LOONGATE_TZ).' }) createEnd?: string | null;
  @Field(() => [Int], { nullable: true, description: 'Only tickets of these workflows.' }) workflowIds?: number[] | null;
  @Field(() => [Int], { nullable: true, description: 'Only tickets in these states.' }) stateIds?: number[] | null;
  @Field(() => [Int], { nullable: true, description: 'Only these tickets.' }) ticketIds?: number[] | null;
  @Field(() => Int, { nullable: true, description: 'Only tickets with this act state id (0 draft, 1 ongoing, 2 refused, 3 retreated, 4 finished, 5 closed).' })
  actStateId?: number | null;
  @Field(() => String, { nullable: true, description: 'Creator (with category ALL or fromAdmin).' }) creator?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Finished or closed (act state 4/5).' }) isEnd?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Refused (act state 2).' }) isRejected?: boolean | null;
  @Field(() => Int, { nullable: true, description: 'Only sub-tickets of this parent.' }) parentTicketId?: number | null;
  @Field(() => Int, { nullable: true, description: 'Only sub-tickets created from this state of their parent.' }) parentTicketStateId?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'Only workflows the user manages.' }) fromAdmin?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Oldest first; with sortByDueAt, soonest due first unless false.' }) ascending?: boolean | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'SLA: true lists tickets with a breached clock (breached by their last change, or a running clock now past due); false the others.',
  })
  slaBreached?: boolean | null;
  @Field(() => DateTimeISOResolver, { nullable: true, description: 'SLA: only tickets with a running clock due at or before this time.' })
  slaDueBefore?: Date | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'SLA: order by the earliest due time of the running clocks, soonest first; only tickets with a running clock are listed.',
  })
  sortByDueAt?: boolean | null;
}

/** Arguments of the ticket list. */
@ArgsType()
export class TicketsArgs {
  @Field(() => TicketCategoryEnum, {
    description: 'Which tickets: all the user may see, created by them, waiting for them, they took part in, or they handled.',
  })
  category!: TicketCategoryEnum;
  @Field(() => TicketFilterInput, { nullable: true, description: 'Filters that narrow the list.' }) filter?: TicketFilterInput | null;
  @Field(() => Int, { defaultValue: 1, description: PAGE_DOC }) page!: number;
  @Field(() => Int, { defaultValue: 10, description: PER_PAGE_DOC }) perPage!: number;
}

/** Ticket queries and fields. */
@Resolver(() => TicketType)
export class TicketResolver {
  @Query(() => TicketPageType, { description: 'Tickets of a category, newest first, with filters.' })
  tickets(@Ctx() ctx: GqlContext, @Args() args: TicketsArgs): Promise<TicketPage> {
    return listTickets(ctx, args.category, args.filter ?? {}, args.page, args.perPage);
  }

  @Query(() => TicketType, { description: 'A ticket the acting user handles, may view, or manages.' })
  ticket(@Ctx() ctx: GqlContext, @Arg('id', () => Int, { description: 'The ticket id.' }) id: number): Promise<Ticket> {
    return read.getTicket(ctx, id);
  }

  @Query(() => [AvailableTransitionType], { description: 'What the acting user may do on a ticket now; empty without handle permission.' })
  ticketTransitions(@Ctx() ctx: GqlContext, @Arg('id', () => Int, { description: 'The ticket id.' }) id: number): Promise<read.AvailableTransition[]> {
    return read.ticketTransitions(ctx, id);
  }

  @Query(() => [TicketType], { description: 'Current states of several tickets; unknown ids are left out.' })
  ticketStates(@Ctx() ctx: GqlContext, @Arg('ids', () => [Int], { description: 'The ticket ids.' }) ids: number[]): Promise<Ticket[]> {
    return read.ticketStates(ctx, ids);
  }

  @Query(() => [DayCountType], { description: "Tickets created per day in the app's workflows (default: the last 30 days)." })
  ticketCountsByDay(
    @Ctx() ctx: GqlContext,
    @Arg('startDate', () => String, { nullable: true, description: 'First day counted, YYYY-MM-DD in LOONGATE_TZ.' }) startDate?: string | null,
    @Arg('endDate', () => String, { nullable: true, description: 'Last day counted, YYYY-MM-DD in LOONGATE_TZ.' }) endDate?: string | null,
  ): Promise<DayCountType[]> {
    return read.ticketCountsByDay(ctx, startDate, endDate);
  }

  @Query(() => [DepartedHandlersType], {
    description: 'Tickets waiting for users who were deleted or deactivated (at most 500, newest first): superusers see every workflow, managers theirs.',
  })
  ticketsAwaitingDepartedUsers(@Ctx() ctx: GqlContext): Promise<DepartedHandlers[]> {
    return ticketsAwaitingDepartedUsers(ctx);
  }

  @FieldResolver(() => [UserType], { description: 'The users who handle the ticket now.' })
  participantUsers(@Ctx() ctx: GqlContext, @Root() t: Ticket): Promise<User[]> {
    return read.currentHandlerUsers(ctx, t);
  }

  @FieldResolver(() => ActStateEnum)
  actState(@Root() t: Ticket): number {
    return t.actStateId;
  }

  @FieldResolver(() => StateType, { description: 'The state the ticket is in.' })
  async state(@Ctx() ctx: GqlContext, @Root() t: Ticket): Promise<State | null> {
    return ctx.loaders.state.load(t.stateId);
  }

  @FieldResolver(() => WorkflowType, { description: 'The workflow the ticket follows.' })
  async workflow(@Ctx() ctx: GqlContext, @Root() t: Ticket): Promise<Workflow | null> {
    return ctx.loaders.workflow.load(t.workflowId);
  }

  @FieldResolver(() => CreatorInfoType, { description: 'The creator as a user record.' })
  async creatorInfo(@Ctx() ctx: GqlContext, @Root() t: Ticket): Promise<CreatorInfoType> {
    const user = await ctx.loaders.user.load(t.creator);
    if (!user) return { username: t.creator, alias: '', isActive: false, email: '', phone: '', deptInfo: null };
    const [deptId] = await ctx.loaders.userDeptIds.load(user.id);
    const deptInfo = deptId ? await ctx.loaders.dept.load(deptId) : null;
    return { username: user.username, alias: user.alias, isActive: user.isActive, email: user.email, phone: user.phone, deptInfo };
  }

  @FieldResolver(() => ParticipantInfoType, { description: 'Who handles the ticket now, with names for display.' })
  participantInfo(@Ctx() ctx: GqlContext, @Root() t: Ticket): Promise<ParticipantInfo> {
    return ctx.loaders.participantInfo.load(t);
  }

  @FieldResolver(() => GraphQLJSONObject, { description: 'Custom values keyed by field key (null when unset).' })
  values(@Ctx() ctx: GqlContext, @Root() t: Ticket): Promise<Record<string, unknown>> {
    return read.readableValues(ctx, t);
  }

  @FieldResolver(() => [TicketFieldType], { description: "The current state's fields for a handler, the display form for a viewer." })
  fieldList(@Ctx() ctx: GqlContext, @Root() t: Ticket): Promise<read.TicketFieldView[]> {
    return read.ticketFieldList(ctx, t);
  }

  @FieldResolver(() => [AvailableTransitionType], { description: 'What the acting user may do now.' })
  transitions(@Ctx() ctx: GqlContext, @Root() t: Ticket): Promise<read.AvailableTransition[]> {
    return read.availableTransitions(ctx, t);
  }

  @FieldResolver(() => FlowLogPageType, { description: "The ticket's history, newest first unless ascending." })
  flowLogs(
    @Ctx() ctx: GqlContext,
    @Root() t: Ticket,
    @Arg('page', () => Int, { defaultValue: 1, description: PAGE_DOC }) page: number,
    @Arg('perPage', () => Int, { defaultValue: 10, description: PER_PAGE_DOC }) perPage: number,
    @Arg('ascending', () => Boolean, { defaultValue: false, description: 'Oldest first.' }) ascending: boolean,
  ): Promise<read.FlowLogPage> {
    return read.ticketFlowLogs(ctx, t, { page, perPage, ascending });
  }

  @FieldResolver(() => [VoteVisitType], {
    description: 'The countersign ledger by state visit, oldest first: every vote with its choice and outcome, and who is still pending now.',
  })
  votes(@Ctx() ctx: GqlContext, @Root() t: Ticket): Promise<VoteVisit[]> {
    return ticketVotes(ctx, t);
  }

  @FieldResolver(() => [FlowStepType], { description: 'Visible states in order, each with the logs recorded in it.' })
  flowSteps(@Ctx() ctx: GqlContext, @Root() t: Ticket): Promise<read.FlowStep[]> {
    return read.ticketFlowSteps(ctx, t);
  }
}

/** Fields of an available transition. */
@Resolver(() => AvailableTransitionType)
export class AvailableTransitionResolver {
  @FieldResolver(() => AttributeTypeEnum)
  attributeType(@Root() t: read.AvailableTransition): number {
    return t.attributeTypeId;
  }
}
