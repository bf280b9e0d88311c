import { OutboxAttempt, type OutboxJob, TicketEvent, WebhookSubscription } from '../db/entities';
import { EventRepository } from '../db/event-repository';
import { WebhookRepository } from '../db/webhook-repository';
import { AppError } from '../domain/errors';
import { unknownEventTypes } from '../domain/events';
import { hookUrlProblem } from '../domain/hook-url';
import { appRefusal, usernameRequired } from '../domain/machine/policy';
import { Refusal, RefusalReason } from '../domain/machine/refusal';
import { secretProblem } from '../domain/webhooks';
import type { ServiceContext } from './context';
import { visibleEvents } from './ticket-events.service';

/** What a caller sends to make a webhook. */
export interface WebhookInput {
  url: string;
  secret: string;
  eventTypes?: string[] | null;
  workflowIds?: number[] | null;
}

/** A delivery of an event to a webhook: its outbox job and every attempt. */
export interface WebhookDelivery {
  job: OutboxJob;
  eventId: number;
  attempts: OutboxAttempt[];
}

/** The most deliveries one log read answers. */
export const MAX_DELIVERIES = 200;

/** Webhooks belong to the calling app and a named user, whose view rights decide what is sent. */
function requireOwner(ctx: ServiceContext): string {
  if (!ctx.username) throw usernameRequired('view');
  if (!ctx.user) throw new Refusal(RefusalReason.UNKNOWN_USER, `username: ${ctx.username} is not existed or has been deleted`);
  return ctx.username;
}

/** The app's webhook the acting user owns (any of the app's for a superuser). */
export async function ownWebhook(ctx: ServiceContext, id: number): Promise<WebhookSubscription> {
  const owner = requireOwner(ctx);
  const hook = await new WebhookRepository(ctx.em).findOfApp(ctx.app.name, id);
  if (!hook || (hook.username !== owner && !ctx.user?.isAdmin)) throw AppError.notFound(`webhook ${id} does not exist`);
  return hook;
}

/** Make a webhook: the URL must pass LOONGATE_HOOK_ALLOW, the filters name known types and workflows the app reaches. */
export async function createWebhook(ctx: ServiceContext, input: WebhookInput): Promise<WebhookSubscription> {
  const username = requireOwner(ctx);
  for (const workflowId of input.workflowIds ?? []) {
    const refusal = appRefusal(ctx.app, workflowId);
    if (refusal) throw refusal;
  }
  const urlProblem = hookUrlProblem(input.url, ctx.config.hookAllow);
  if (urlProblem) throw AppError.badInput(`url: ${urlProblem}`, { parameter: 'url' });
  const problem = secretProblem(input.secret) ?? unknownEventTypes(input.eventTypes ?? []);
  if (problem) throw AppError.badInput(problem);
  return ctx.em.transactional(async (em) => {
    const afterCursor = await new EventRepository(em).lastCursor();
    await new WebhookRepository(em).ensureDispatchCursor(ctx.config.database.dialect, afterCursor);
    const hook = em.create(WebhookSubscription, {
      appName: ctx.app.name,
      username,
      url: input.url,
      secret: input.secret,
      eventTypes: [...new Set(input.eventTypes ?? [])],
      workflowIds: [...new Set(input.workflowIds ?? [])],
      afterCursor,
    });
    em.persist(hook);
    return hook;
  });
}

/** The app's webhooks the acting user owns (all of the app's for a superuser), oldest first. */
export async function listWebhooks(ctx: ServiceContext): Promise<WebhookSubscription[]> {
  const owner = requireOwner(ctx);
  const mine = ctx.user?.isAdmin ? {} : { username: owner };
  return ctx.em.find(WebhookSubscription, { appName: ctx.app.name, isDeleted: false, ...mine }, { orderBy: { id: 'asc' } });
}

/** Pause a webhook (nothing is queued or sent while paused) or resume it (events from then on are sent). */
export async function setWebhookPaused(ctx: ServiceContext, id: number, paused: boolean): Promise<WebhookSubscription> {
  const hook = await ownWebhook(ctx, id);
  if (hook.paused && !paused) hook.afterCursor = await new EventRepository(ctx.em).lastCursor();
  hook.paused = paused;
  await ctx.em.flush();
  return hook;
}

/** Delete a webhook; its queued deliveries are dropped when their turn comes. */
export async function deleteWebhook(ctx: ServiceContext, id: number): Promise<boolean> {
  const hook = await ownWebhook(ctx, id);
  hook.isDeleted = true;
  await ctx.em.flush();
  return true;
}

/** A webhook's deliveries, newest first, with their attempts. */
export async function webhookDeliveries(ctx: ServiceContext, id: number, limit: number): Promise<WebhookDelivery[]> {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_DELIVERIES)
    throw AppError.badInput(`limit: must be an integer from 1 to ${MAX_DELIVERIES}`, { parameter: 'limit' });
  const hook = await ownWebhook(ctx, id);
  const jobs = await new WebhookRepository(ctx.em).deliveries(hook.id, limit);
  const attempts = jobs.length ? await ctx.em.find(OutboxAttempt, { jobId: jobs.map((j) => j.id) }, { orderBy: { id: 'asc' } }) : [];
  return jobs.map((job) => ({ job, eventId: Number(job.payload.eventId), attempts: attempts.filter((a) => a.jobId === job.id) }));
}

/** Send an event to a webhook once more (a new delivery), if the acting user may see the event. */
export async function redeliverWebhook(ctx: ServiceContext, id: number, eventId: number): Promise<WebhookDelivery> {
  const hook = await ownWebhook(ctx, id);
  const event = await ctx.em.findOne(TicketEvent, eventId);
  if (!event || !(await visibleEvents(ctx, [event])).length) throw AppError.notFound(`event ${eventId} does not exist`);
  const job = new WebhookRepository(ctx.em).enqueueDelivery(hook.id, event);
  await ctx.em.flush();
  return { job, eventId, attempts: [] };
}
