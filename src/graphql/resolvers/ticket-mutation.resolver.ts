import { Arg, Ctx, Field, InputType, Int, Mutation, Resolver } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import type { Ticket } from '../../db/entities';
import { AppError } from '../../domain/errors';
import { requireStorableText } from '../../domain/fields';
import { createTicket } from '../../services/ticket-create.service';
import { retryTicketScript, updateTicketFields } from '../../services/ticket-fields.service';
import { handleTicket } from '../../services/ticket-handle.service';
import * as act from '../../services/ticket-intervene.service';
import type { GqlContext } from '../context';
import { TicketType } from '../types/ticket.type';

/** Create a ticket through a transition out of the start state. */
@InputType({ description: 'A new ticket, created through a transition out of the start state of its workflow.' })
export class CreateTicketInput {
  @Field(() => Int, { description: 'The workflow of the ticket; the calling app must be granted it.' }) workflowId!: number;
  @Field(() => Int, { description: 'A transition out of the start state (see workflow.initState.transitions).' }) transitionId!: number;
  @Field(() => String, { nullable: true, description: 'The title; required unless the workflow has a title template.' }) title?: string | null;
  @Field(() => String, { nullable: true, description: 'A comment for the creation log.' }) suggestion?: string | null;
  @Field(() => Int, { nullable: true, description: 'Make the ticket a sub-ticket of this parent: the app must reach its workflow and the user may read it.' })
  parentTicketId?: number | null;
  @Field(() => Int, { nullable: true, description: "The parent's state the sub-ticket belongs to; when every sub-ticket ends, the parent moves on from it." })
  parentTicketStateId?: number | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Custom values keyed by field key.' }) fields?: Record<string, unknown> | null;
}

/** Fields every ticket action takes. */
@InputType({ description: 'What every ticket action takes: the ticket, a comment, and optionally the version the caller saw.' })
export class TicketActionInput {
  @Field(() => Int, { description: 'The ticket to act on.' }) ticketId!: number;
  @Field(() => String, { nullable: true, description: 'A comment for the flow log.' }) suggestion?: string | null;
  @Field(() => Int, { nullable: true, description: 'Fail with STALE_TICKET unless the ticket still has this version.' }) expectedVersion?: number | null;
}

/** Handle a ticket through a transition. */
@InputType({ description: 'Handle a ticket through one of the transitions the acting user may take now.' })
export class HandleTicketInput extends TicketActionInput {
  @Field(() => Int, { description: 'The transition to take (see ticket.transitions).' }) transitionId!: number;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Values of fields writable in the current state (title included).' }) fields?: Record<
    string,
    unknown
  > | null;
}

/** Deliver or add-node to another user. */
@InputType({ description: 'Deliver a ticket to another user, or ask another user to act first (add-node).' })
export class TargetUserInput extends TicketActionInput {
  @Field({ description: 'The user who gets the ticket; an existing active user.' }) targetUsername!: string;
  @Field(() => Boolean, { nullable: true, description: 'Deliver as a workflow admin rather than as the handler.' }) fromAdmin?: boolean | null;
}

/** Hand a pending countersign vote to another user. */
@InputType({ description: "Hand a voter's pending countersign vote to another user (workflow managers), e.g. a vote a deleted user can no longer cast." })
export class ReassignVoteInput extends TicketActionInput {
  @Field({ description: 'The voter whose pending vote moves (see ticket.votes: pending, departed).' }) fromUsername!: string;
  @Field({ description: 'The user who votes instead; an existing active user who does not vote in the round yet.' }) targetUsername!: string;
}

/** Force a ticket into a state. */
@InputType({ description: 'Force a ticket into a state of its workflow (workflow admins).' })
export class ChangeTicketStateInput extends TicketActionInput {
  @Field(() => Int, { description: 'The state to put the ticket in.' }) stateId!: number;
}

/** Rewrite field values. */
@InputType({ description: 'Rewrite field values of a ticket (its current handler or a workflow admin).' })
export class UpdateTicketFieldsInput {
  @Field(() => Int, { description: 'The ticket to change.' }) ticketId!: number;
  @Field(() => GraphQLJSONObject, { description: 'Custom values keyed by field key, and title; null clears a value.' }) fields!: Record<string, unknown>;
  @Field(() => Int, { nullable: true, description: 'Fail with STALE_TICKET unless the ticket still has this version.' }) expectedVersion?: number | null;
}

function plain<T extends object>(ctx: GqlContext, input: T): T {
  if (ctx.username.length > 100) throw AppError.badInput('username: at most 100 characters (the longest user name)', { parameter: 'username' });
  for (const [name, value] of Object.entries(input)) if (typeof value === 'string') requireStorableText(name, value);
  return input;
}

/** Every ticket action; each is one transaction with the ticket row locked. */
@Resolver()
export class TicketMutationResolver {
  @Mutation(() => TicketType, { description: 'Create a ticket through a transition out of the start state; the creation and its flow log commit together.' })
  createTicket(
    @Ctx() ctx: GqlContext,
    @Arg('input', { description: 'The new ticket: workflow, start transition, title and field values.' }) input: CreateTicketInput,
  ): Promise<Ticket> {
    return createTicket(ctx, { ...plain(ctx, input), fields: input.fields ?? {} });
  }

  @Mutation(() => TicketType, {
    description: 'Take a transition on a ticket the acting user handles now; the ticket moves to the destination state and the next handlers are resolved.',
  })
  handleTicket(
    @Ctx() ctx: GqlContext,
    @Arg('input', { description: 'The ticket, the transition to take, field values and a comment.' }) input: HandleTicketInput,
  ): Promise<Ticket> {
    return handleTicket(ctx, { ...plain(ctx, input), fields: input.fields ?? {} });
  }

  @Mutation(() => TicketType, { description: 'Accept a ticket offered to several handlers.' })
  acceptTicket(
    @Ctx() ctx: GqlContext,
    @Arg('input', { description: 'The ticket, the comment and what the action needs.' }) input: TicketActionInput,
  ): Promise<Ticket> {
    return act.acceptTicket(ctx, plain(ctx, input));
  }

  @Mutation(() => TicketType, {
    description: 'Hand the ticket to another user, who becomes its handler; a pending voter of a countersign round hands over only their vote.',
  })
  deliverTicket(
    @Ctx() ctx: GqlContext,
    @Arg('input', { description: 'The ticket, the comment and what the action needs.' }) input: TargetUserInput,
  ): Promise<Ticket> {
    return act.deliverTicket(ctx, { ...plain(ctx, input), fromAdmin: !!input.fromAdmin });
  }

  @Mutation(() => TicketType, {
    description: "Hand a voter's pending countersign vote to another user, who votes in the voter's place (workflow managers); logged as a deliver.",
  })
  reassignVote(
    @Ctx() ctx: GqlContext,
    @Arg('input', { description: 'The ticket, whose vote, to whom, and a comment.' }) input: ReassignVoteInput,
  ): Promise<Ticket> {
    return act.reassignVote(ctx, plain(ctx, input));
  }

  @Mutation(() => TicketType, {
    description:
      'Ask another user to act first; the ticket returns to the asker when they finish. In a countersign round the user joins the round as one more voter.',
  })
  addNode(
    @Ctx() ctx: GqlContext,
    @Arg('input', { description: 'The ticket, the comment and what the action needs.' }) input: TargetUserInput,
  ): Promise<Ticket> {
    return act.addNode(ctx, plain(ctx, input));
  }

  @Mutation(() => TicketType, { description: 'Finish an add-node: the ticket returns to the user who asked.' })
  finishAddNode(
    @Ctx() ctx: GqlContext,
    @Arg('input', { description: 'The ticket, the comment and what the action needs.' }) input: TicketActionInput,
  ): Promise<Ticket> {
    return act.finishAddNode(ctx, plain(ctx, input));
  }

  @Mutation(() => TicketType, { description: 'Force a ticket into a state (workflow admins).' })
  changeTicketState(
    @Ctx() ctx: GqlContext,
    @Arg('input', { description: 'The ticket, the comment and what the action needs.' }) input: ChangeTicketStateInput,
  ): Promise<Ticket> {
    return act.changeTicketState(ctx, plain(ctx, input));
  }

  @Mutation(() => TicketType, { description: 'Rewrite field values of a ticket (its current handler or a workflow admin).' })
  updateTicketFields(
    @Ctx() ctx: GqlContext,
    @Arg('input', { description: 'The ticket, the comment and what the action needs.' }) input: UpdateTicketFieldsInput,
  ): Promise<Ticket> {
    return updateTicketFields(ctx, plain(ctx, input));
  }

  @Mutation(() => TicketType, { description: 'Run the hook or script of the current state again.' })
  retryTicketScript(
    @Ctx() ctx: GqlContext,
    @Arg('input', { description: 'The ticket, the comment and what the action needs.' }) input: TicketActionInput,
  ): Promise<Ticket> {
    return retryTicketScript(ctx, plain(ctx, input));
  }

  @Mutation(() => TicketType, { description: "Add a comment to a ticket's history." })
  addTicketComment(
    @Ctx() ctx: GqlContext,
    @Arg('input', { description: 'The ticket, the comment and what the action needs.' }) input: TicketActionInput,
  ): Promise<Ticket> {
    return act.addTicketComment(ctx, { ...plain(ctx, input), suggestion: input.suggestion ?? '' });
  }

  @Mutation(() => TicketType, { description: 'Close a ticket (admins, or the creator in the start state).' })
  closeTicket(
    @Ctx() ctx: GqlContext,
    @Arg('input', { description: 'The ticket, the comment and what the action needs.' }) input: TicketActionInput,
  ): Promise<Ticket> {
    return act.closeTicket(ctx, plain(ctx, input));
  }

  @Mutation(() => TicketType, { description: 'Withdraw a ticket to the start state (the creator).' })
  retreatTicket(
    @Ctx() ctx: GqlContext,
    @Arg('input', { description: 'The ticket, the comment and what the action needs.' }) input: TicketActionInput,
  ): Promise<Ticket> {
    return act.retreatTicket(ctx, plain(ctx, input));
  }

  @Mutation(() => TicketType, { description: 'Soft-delete a ticket (workflow admins).' })
  deleteTicket(
    @Ctx() ctx: GqlContext,
    @Arg('input', { description: 'The ticket, the comment and what the action needs.' }) input: TicketActionInput,
  ): Promise<Ticket> {
    return act.deleteTicket(ctx, plain(ctx, input));
  }
}
