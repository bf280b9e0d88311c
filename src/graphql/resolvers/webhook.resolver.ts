import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { WebhookSubscription } from '../../db/entities';
import * as webhooks from '../../services/webhook.service';
import type { GqlContext } from '../context';
import { WebhookDeliveryGql, WebhookGql, WebhookInputGql } from '../types/webhook.type';

const ID = { description: 'The webhook id.' };

function deliveryView(d: webhooks.WebhookDelivery) {
  return { ...d.job, eventId: d.eventId, attemptCount: d.job.attempts, attempts: d.attempts };
}

/** Webhooks of the calling app and user (docs/events.md). */
@Resolver(() => WebhookGql)
export class WebhookResolver {
  @Query(() => [WebhookGql], { description: "The app's webhooks the acting user made (all of the app's for a superuser)." })
  webhooks(@Ctx() ctx: GqlContext): Promise<WebhookSubscription[]> {
    return webhooks.listWebhooks(ctx);
  }

  @Query(() => WebhookGql, { description: "One of the webhooks the acting user made (any of the app's for a superuser)." })
  webhook(@Ctx() ctx: GqlContext, @Arg('id', () => Int, ID) id: number): Promise<WebhookSubscription> {
    return webhooks.ownWebhook(ctx, id);
  }

  @FieldResolver(() => [WebhookDeliveryGql], { description: 'Its deliveries, newest first, each with every attempt.' })
  async deliveries(
    @Ctx() ctx: GqlContext,
    @Root() hook: WebhookSubscription,
    @Arg('limit', () => Int, { defaultValue: 50, description: `How many, 1 to ${webhooks.MAX_DELIVERIES}.` }) limit: number,
  ) {
    return (await webhooks.webhookDeliveries(ctx, hook.id, limit)).map(deliveryView);
  }

  @Mutation(() => WebhookGql, { description: "Make a webhook for the calling app, filtered by the acting user's view rights." })
  createWebhook(
    @Ctx() ctx: GqlContext,
    @Arg('input', () => WebhookInputGql, { description: 'The webhook.' }) input: WebhookInputGql,
  ): Promise<WebhookSubscription> {
    return webhooks.createWebhook(ctx, input);
  }

  @Mutation(() => WebhookGql, { description: 'Pause a webhook, or resume it (events from then on are sent).' })
  setWebhookPaused(
    @Ctx() ctx: GqlContext,
    @Arg('id', () => Int, ID) id: number,
    @Arg('paused', { description: 'true: pause; false: resume.' }) paused: boolean,
  ): Promise<WebhookSubscription> {
    return webhooks.setWebhookPaused(ctx, id, paused);
  }

  @Mutation(() => Boolean, { description: 'Delete a webhook; deliveries still queued are dropped.' })
  deleteWebhook(@Ctx() ctx: GqlContext, @Arg('id', () => Int, ID) id: number): Promise<boolean> {
    return webhooks.deleteWebhook(ctx, id);
  }

  @Mutation(() => WebhookDeliveryGql, { description: 'Send an event to a webhook once more, as a new delivery.' })
  async redeliver(
    @Ctx() ctx: GqlContext,
    @Arg('webhookId', () => Int, ID) webhookId: number,
    @Arg('eventId', () => Int, { description: 'The event (its cursor).' }) eventId: number,
  ) {
    return deliveryView(await webhooks.redeliverWebhook(ctx, webhookId, eventId));
  }
}
