import type { DeliveryColumnsFragment, WebhookColumnsFragment } from '../generated';
import { time, type PresentContext } from './format';

/** A webhook in snake_case (never its secret). */
export function presentWebhook(w: WebhookColumnsFragment, p: PresentContext) {
  return {
    id: w.id,
    url: w.url,
    username: w.username,
    event_types: w.eventTypes,
    workflow_ids: w.workflowIds,
    paused: w.paused,
    after_cursor: w.afterCursor,
    gmt_created: time(w.createdAt, p),
  };
}

/** A delivery with its attempts, in snake_case. */
export function presentDelivery(d: DeliveryColumnsFragment, p: PresentContext) {
  return {
    id: d.id,
    event_id: d.eventId,
    status: d.status,
    attempt_count: d.attemptCount,
    last_error: d.lastError,
    gmt_created: time(d.createdAt, p),
    attempts: d.attempts.map((a) => ({ at: time(a.at, p), outcome: a.outcome, response_code: a.responseCode, error: a.error })),
  };
}
