import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { DateTimeISOResolver } from 'graphql-scalars';
import { TicketEventTypeEnum } from './event.type';
import { JobAttemptType } from './job.type';

/** A webhook: ticket events POSTed to a URL. */
@ObjectType('Webhook', { description: 'Ticket events POSTed to a URL, signed with the secret (docs/events.md); the secret is never shown.' })
export class WebhookGql {
  @Field(() => Int, { description: 'The webhook id.' }) id!: number;
  @Field({ description: 'Where events are POSTed.' }) url!: string;
  @Field({ description: 'The user whose view rights decide which events are sent.' }) username!: string;
  @Field(() => [TicketEventTypeEnum], { description: 'Only these event types (empty: every type).' }) eventTypes!: string[];
  @Field(() => [Int], { description: 'Only these workflows (empty: every workflow the app reaches).' }) workflowIds!: number[];
  @Field({ description: 'Paused: nothing is queued or sent.' }) paused!: boolean;
  @Field(() => Int, { description: 'Events after this cursor are sent (the newest event when it was made or resumed).' }) afterCursor!: number;
  @Field(() => DateTimeISOResolver, { description: 'When it was made (UTC).' }) createdAt!: Date;
}

/** One delivery of an event to a webhook. */
@ObjectType('WebhookDelivery', { description: 'One delivery of an event to a webhook: an outbox job, tried with backoff, every attempt recorded.' })
export class WebhookDeliveryGql {
  @Field(() => Int, { description: 'The delivery id (its outbox job; sent as x-loongate-delivery).' }) id!: number;
  @Field(() => Int, { description: 'The event delivered.' }) eventId!: number;
  @Field({ description: 'pending, running, done, void (the webhook was paused or deleted) or failed (attempts exhausted).' }) status!: string;
  @Field(() => Int, { description: 'Attempts made so far.' }) attemptCount!: number;
  @Field({ description: 'The error of the last failed attempt; empty when none failed.' }) lastError!: string;
  @Field(() => DateTimeISOResolver, { description: 'When the delivery was queued.' }) createdAt!: Date;
  @Field(() => [JobAttemptType], { description: 'Every attempt, oldest first.' }) attempts!: unknown[];
}

/** What a caller sends to make a webhook. */
@InputType('WebhookInput', { description: 'A new webhook.' })
export class WebhookInputGql {
  @Field({ description: 'Where to POST events: http(s), a host LOONGATE_HOOK_ALLOW allows.' }) url!: string;
  @Field({ description: 'The signing key, 16 to 200 printable characters.' }) secret!: string;
  @Field(() => [TicketEventTypeEnum], { nullable: true, description: 'Only these event types (default: every type).' }) eventTypes?: string[] | null;
  @Field(() => [Int], { nullable: true, description: 'Only these workflows (default: every workflow the app reaches).' }) workflowIds?: number[] | null;
}
