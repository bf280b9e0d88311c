import { Arg, Ctx, Field, FieldResolver, InputType, Int, Mutation, Resolver, Root } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import type { OutboxAttempt, OutboxJob, Ticket } from '../../db/entities';
import { hookCallback, jobAttempts, retryJob, ticketJobs } from '../../services/automation.service';
import type { GqlContext } from '../context';
import { JobAttemptType, JobType } from '../types/job.type';
import { TicketType } from '../types/ticket.type';

/** A hook's answer to a ticket waiting in a hook state. */
@InputType({ description: "A hook's answer for a ticket waiting in a hook state." })
export class HookCallbackInput {
  @Field(() => Int, { description: 'The ticket the hook was called for.' }) ticketId!: number;
  @Field(() => Boolean, { defaultValue: true, description: 'false marks the hook as failed.' }) result!: boolean;
  @Field(() => String, { defaultValue: '', description: "The hook's message, written to the flow log (no control characters but tab and line breaks)." })
  msg!: string;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Values of fields writable in the hook state.' }) fieldValue?: Record<string, unknown> | null;
}

/** Automation: jobs of a ticket, job retries and hook callbacks. */
@Resolver(() => TicketType)
export class AutomationResolver {
  @FieldResolver(() => [JobType], { description: "Hooks, notices, timers and scripts queued by this ticket's changes." })
  jobs(@Ctx() ctx: GqlContext, @Root() t: Ticket): Promise<OutboxJob[]> {
    return ticketJobs(ctx, t);
  }

  @Mutation(() => TicketType, { description: 'A hook reports its result for a ticket waiting in a hook state (wait: true).' })
  hookCallback(@Ctx() ctx: GqlContext, @Arg('input', { description: "The hook's result." }) input: HookCallbackInput): Promise<Ticket> {
    return hookCallback(ctx, { ...input, fieldValue: input.fieldValue ?? {} });
  }

  @Mutation(() => JobType, { description: 'Run a failed job again now (workflow admins).' })
  retryJob(@Ctx() ctx: GqlContext, @Arg('id', () => Int, { description: 'The job id.' }) id: number): Promise<OutboxJob> {
    return retryJob(ctx, id);
  }
}

/** Job fields. */
@Resolver(() => JobType)
export class JobResolver {
  @FieldResolver(() => [JobAttemptType], { description: 'Every attempt, oldest first.' })
  history(@Ctx() ctx: GqlContext, @Root() job: OutboxJob): Promise<OutboxAttempt[]> {
    return jobAttempts(ctx, job.id);
  }
}
