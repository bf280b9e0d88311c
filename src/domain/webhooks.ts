import { createHmac } from 'node:crypto';

/** The header carrying the HMAC-SHA256 of the exact body, as `sha256=<hex>`. */
export const WEBHOOK_SIGNATURE_HEADER = 'x-loongate-signature';

/** The shortest and longest webhook secret. */
export const SECRET_LENGTH = { min: 16, max: 200 } as const;

/** The value of the signature header for a body sent with `secret`. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** What a webhook wants (empty lists: everything). */
export interface WebhookFilter {
  eventTypes: readonly string[];
  workflowIds: readonly number[];
  /** Only events after this cursor (the newest when the webhook was made). */
  afterCursor: number;
}

/** Whether a webhook wants an event (the view rule is checked apart). */
export function webhookWants(filter: WebhookFilter, event: { id: number; type: string; workflowId: number }): boolean {
  if (event.id <= filter.afterCursor) return false;
  if (filter.eventTypes.length && !filter.eventTypes.includes(event.type)) return false;
  return !filter.workflowIds.length || filter.workflowIds.includes(event.workflowId);
}

/** Why a secret is refused, or null. */
export function secretProblem(secret: string): string | null {
  if (secret.length < SECRET_LENGTH.min || secret.length > SECRET_LENGTH.max)
    return `secret: must be ${SECRET_LENGTH.min} to ${SECRET_LENGTH.max} characters (got ${secret.length})`;
  return /^[\x21-\x7e]+$/.test(secret) ? null : 'secret: printable ASCII without spaces only';
}
