import { Field, Int, ObjectType } from 'type-graphql';
import { DateTimeISOResolver } from 'graphql-scalars';

/** One attempt to run an outbox job. */
@ObjectType('JobAttempt')
export class JobAttemptType {
  @Field(() => DateTimeISOResolver) at!: Date;
  @Field({ description: 'done, void, retry, failed, or lost (the worker stopped before it finished).' }) outcome!: string;
  @Field(() => Int, { nullable: true }) responseCode!: number | null;
  @Field() error!: string;
}

/** A side effect of a ticket change (hook, notice, timer, script, parent), run by the outbox worker. */
@ObjectType('Job')
export class JobType {
  @Field(() => Int) id!: number;
  @Field() kind!: string;
  @Field(() => Int) ticketId!: number;
  @Field({ description: 'pending, running, done, void (no longer applies) or failed (retries exhausted).' }) status!: string;
  @Field(() => Int) attempts!: number;
  @Field(() => Int) maxAttempts!: number;
  @Field() lastError!: string;
  @Field(() => DateTimeISOResolver) runAt!: Date;
  @Field(() => DateTimeISOResolver) createdAt!: Date;
  @Field(() => DateTimeISOResolver, { nullable: true }) finishedAt!: Date | null;
}
