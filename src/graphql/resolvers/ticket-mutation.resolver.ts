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
@InputType()
export class CreateTicketInput {
  @Field(() => Int) workflowId!: number;
  @Field(() => Int, { description: 'A transition out of the start state (see workflow.initState.transitions).' }) transitionId!: number;
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) suggestion?: string | null;
  @Field(() => Int, { nullable: true }) parentTicketId?: number | null;
  @Field(() => Int, { nullable: true }) parentTicketStateId?: number | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Custom values keyed by field key.' }) fields?: Record<string, unknown> | null;
}

/** Fields every ticket action takes. */
@InputType()
export class TicketActionInput {
  @Field(() => Int) ticketId!: number;
  @Field(() => String, { nullable: true }) suggestion?: string | null;
  @Field(() => Int, { nullable: true, description: 'Fail with STALE_TICKET unless the ticket still has this version.' }) expectedVersion?: number | null;
}

/** Handle a ticket through a transition. */
@InputType()
export class HandleTicketInput extends TicketActionInput {
  @Field(() => Int) transitionId!: number;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Values of fields writable in the current state (title included).' }) fields?: Record<string, unknown> | null;
}

/** Deliver or add-node to another user. */
@InputType()
export class TargetUserInput extends TicketActionInput {
  @Field() targetUsername!: string;
  @Field(() => Boolean, { nullable: true, description: 'Deliver as a workflow admin rather than as the handler.' }) fromAdmin?: boolean | null;
}

/** Force a ticket into a state. */
@InputType()
export class ChangeTicketStateInput extends TicketActionInput {
  @Field(() => Int) stateId!: number;
}

/** Rewrite field values. */
@InputType()
export class UpdateTicketFieldsInput {
  @Field(() => Int) ticketId!: number;
  @Field(() => GraphQLJSONObject, { description: 'Custom values keyed by field key, and title; null clears a value.' }) fields!: Record<string, unknown>;
  @Field(() => Int, { nullable: true }) expectedVersion?: number | null;
}

function plain<T extends object>(ctx: GqlContext, input: T): T {
  if (ctx.username.length > 100) throw AppError.badInput('username: at most 100 characters (the longest user name)', { parameter: 'username' });
  for (const [name, value] of Object.entries(input)) if (typeof value === 'string') requireStorableText(name, value);
  return input;
}

/** Every ticket action; each is one transaction with the ticket row locked. */
@Resolver()
export class TicketMutationResolver {
  @Mutation(() => TicketType)
  createTicket(@Ctx() ctx: GqlContext, @Arg('input') input: CreateTicketInput): Promise<Ticket> {
    return createTicket(ctx, { ...plain(ctx, input), fields: input.fields ?? {} });
  }

  @Mutation(() => TicketType)
  handleTicket(@Ctx() ctx: GqlContext, @Arg('input') input: HandleTicketInput): Promise<Ticket> {
    return handleTicket(ctx, { ...plain(ctx, input), fields: input.fields ?? {} });
  }

  @Mutation(() => TicketType, { description: 'Accept a ticket offered to several handlers.' })
  acceptTicket(@Ctx() ctx: GqlContext, @Arg('input') input: TicketActionInput): Promise<Ticket> {
    return act.acceptTicket(ctx, plain(ctx, input));
  }

  @Mutation(() => TicketType)
  deliverTicket(@Ctx() ctx: GqlContext, @Arg('input') input: TargetUserInput): Promise<Ticket> {
    return act.deliverTicket(ctx, { ...plain(ctx, input), fromAdmin: !!input.fromAdmin });
  }

  @Mutation(() => TicketType)
  addNode(@Ctx() ctx: GqlContext, @Arg('input') input: TargetUserInput): Promise<Ticket> {
    return act.addNode(ctx, plain(ctx, input));
  }

  @Mutation(() => TicketType)
  finishAddNode(@Ctx() ctx: GqlContext, @Arg('input') input: TicketActionInput): Promise<Ticket> {
    return act.finishAddNode(ctx, plain(ctx, input));
  }

  @Mutation(() => TicketType, { description: 'Force a ticket into a state (workflow admins).' })
  changeTicketState(@Ctx() ctx: GqlContext, @Arg('input') input: ChangeTicketStateInput): Promise<Ticket> {
    return act.changeTicketState(ctx, plain(ctx, input));
  }

  @Mutation(() => TicketType)
  updateTicketFields(@Ctx() ctx: GqlContext, @Arg('input') input: UpdateTicketFieldsInput): Promise<Ticket> {
    return updateTicketFields(ctx, plain(ctx, input));
  }

  @Mutation(() => TicketType, { description: 'Run the hook or script of the current state again.' })
  retryTicketScript(@Ctx() ctx: GqlContext, @Arg('input') input: TicketActionInput): Promise<Ticket> {
    return retryTicketScript(ctx, plain(ctx, input));
  }

  @Mutation(() => TicketType)
  addTicketComment(@Ctx() ctx: GqlContext, @Arg('input') input: TicketActionInput): Promise<Ticket> {
    return act.addTicketComment(ctx, { ...plain(ctx, input), suggestion: input.suggestion ?? '' });
  }

  @Mutation(() => TicketType, { description: 'Close a ticket (admins, or the creator in the start state).' })
  closeTicket(@Ctx() ctx: GqlContext, @Arg('input') input: TicketActionInput): Promise<Ticket> {
    return act.closeTicket(ctx, plain(ctx, input));
  }

  @Mutation(() => TicketType, { description: 'Withdraw a ticket to the start state (the creator).' })
  retreatTicket(@Ctx() ctx: GqlContext, @Arg('input') input: TicketActionInput): Promise<Ticket> {
    return act.retreatTicket(ctx, plain(ctx, input));
  }

  @Mutation(() => TicketType, { description: 'Soft-delete a ticket (workflow admins).' })
  deleteTicket(@Ctx() ctx: GqlContext, @Arg('input') input: TicketActionInput): Promise<Ticket> {
    return act.deleteTicket(ctx, plain(ctx, input));
  }
}
