import { Field, Int, ObjectType } from 'type-graphql';
import { DateTimeISOResolver } from 'graphql-scalars';

/** One attempt to run an outbox job. */
@ObjectType('JobAttempt', { description: 'One attempt to run an outbox job.' })
export class JobAttemptType {
  @Field(() => DateTimeISOResolver, { description: 'When the attempt started (UTC).' }) at!: Date;
  @Field({ description: 'done, void, retry, failed, or lost (the worker stopped before it finished).' }) outcome!: string;
  @Field(() => Int, { nullable: true, description: 'The HTTP status a hook or notice answered; null when no answer came or no HTTP call was made.' })
  responseCode!: number | null;
  @Field({ description: 'Why the attempt failed; empty when it succeeded.' }) error!: string;
}

/** A side effect of a ticket change (hook, notice, timer, script, parent), run by the outbox worker. */
@ObjectType('Job', {
  description: 'A side effect of a ticket change (hook, notice, timer, script, parent advance), run by the outbox worker after the change commits.',
})
export class JobType {
  @Field(() => Int, { description: 'The job id.' }) id!: number;
  @Field({ description: 'hook, notice, timer, script or parent.' }) kind!: string;
  @Field(() => Int, { description: 'The ticket whose change created the job.' }) ticketId!: number;
  @Field({ description: 'pending, running, done, void (no longer applies) or failed (retries exhausted).' }) status!: string;
  @Field(() => Int, { description: 'Attempts made so far.' }) attempts!: number;
  @Field(() => Int, { description: 'Attempts allowed before the job fails (LOONGATE_JOB_ATTEMPTS).' }) maxAttempts!: number;
  @Field({ description: 'The error of the last failed attempt; empty when none failed.' }) lastError!: string;
  @Field(() => DateTimeISOResolver, { description: "When the job is due (the next retry, or a timer's firing time)." }) runAt!: Date;
  @Field(() => DateTimeISOResolver, { description: 'When the job was written, with the change that caused it.' }) createdAt!: Date;
  @Field(() => DateTimeISOResolver, { nullable: true, description: 'When the job ended (done, void or failed); null while pending or running.' })
  finishedAt!: Date | null;
}
