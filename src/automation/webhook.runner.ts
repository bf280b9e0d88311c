import { TicketEvent, WebhookSubscription } from '../db/entities';
import { hookUrlProblem } from '../domain/hook-url';
import { WEBHOOK_SIGNATURE_HEADER, webhookSignature } from '../domain/webhooks';
import { presentEvent } from '../rest/presenters/event.presenter';
import { postSigned } from './http';
import { describeError, type JobRunner } from './job';

/**
 * POST one event to a webhook: the event as the REST feed shows it, signed with the webhook's secret twice —
 * HMAC-SHA256 of the body in x-loongate-signature, and loonflow's md5(timestamp + secret). Any 2xx answer
 * delivers it; anything else is tried again with the outbox's backoff, each attempt recorded.
 */
export const runWebhook: JobRunner = async (job, deps) => {
  const em = deps.orm.em.fork();
  const hook = await em.findOne(WebhookSubscription, { id: Number(job.payload.subscriptionId), isDeleted: false });
  if (!hook) return { result: 'void', error: 'the webhook was deleted' };
  if (hook.paused) return { result: 'void', error: 'the webhook is paused' };
  const event = await em.findOne(TicketEvent, Number(job.payload.eventId));
  if (!event) return { result: 'void', error: `event ${job.payload.eventId} does not exist` };
  const problem = hookUrlProblem(hook.url, deps.config.hookAllow);
  if (problem) return { result: 'failed', error: problem };
  const body = {
    delivery_id: job.id,
    webhook_id: hook.id,
    event: presentEvent({ ...event, type: event.type as never, createdAt: event.createdAt.toISOString() }, { timeZone: deps.config.timeZone }),
  };
  try {
    const answer = await postSigned(hook.url, hook.secret, body, deps.timeoutMs, (text) => ({
      [WEBHOOK_SIGNATURE_HEADER]: webhookSignature(hook.secret, text),
      'x-loongate-event': event.type,
      'x-loongate-delivery': String(job.id),
    }));
    if (answer.status >= 200 && answer.status < 300) return { result: 'done', responseCode: answer.status };
    return { result: deps.lastAttempt ? 'failed' : 'retry', responseCode: answer.status, error: `HTTP ${answer.status}` };
  } catch (err) {
    return { result: deps.lastAttempt ? 'failed' : 'retry', error: describeError(err) };
  }
};
