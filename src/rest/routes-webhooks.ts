import * as op from './generated';
import { AppError } from '../domain/errors';
import { unknownEventTypes } from '../domain/events';
import { MAX_DELIVERIES } from '../services/webhook.service';
import { bodyInt, bodyString, invalidBody, onlyKeys, pathId, queryInt, type RouteInput } from './params';
import { presentDelivery, presentWebhook } from './presenters/webhook.presenter';
import { route, type ParamDoc } from './route';

const WEBHOOK_ID: ParamDoc = { name: 'id', in: 'path', required: true, type: 'integer', description: 'webhook id' };

/** An optional body list of items of one kind. */
function bodyList<T>(input: RouteInput, name: string, item: (v: unknown) => v is T, what: string): T[] | undefined {
  const v = input.body[name];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every(item)) throw invalidBody(`${name}: must be a list of ${what}`);
  return v;
}

const isString = (v: unknown): v is string => typeof v === 'string';

/** `workflow_ids` as a list of ids, or as loonflow's comma-separated string of them. */
function workflowIds(input: RouteInput): number[] | undefined {
  const v = input.body.workflow_ids;
  if (typeof v !== 'string') return bodyList(input, 'workflow_ids', isId, 'workflow ids');
  const ids = v.split(',').map((x) => Number(x.trim()));
  if (!ids.every(isId)) throw invalidBody(`workflow_ids: "${v.slice(0, 100)}" is not a comma-separated list of workflow ids`);
  return ids;
}
const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

function eventTypes(input: RouteInput): op.TicketEventType[] | undefined {
  const types = bodyList(input, 'event_types', isString, 'event type names');
  const problem = unknownEventTypes(types ?? []);
  if (problem) throw AppError.badInput(problem.replace(/^types/, 'event_types'), { parameter: 'event_types' });
  return types as op.TicketEventType[] | undefined;
}

function paused(input: RouteInput): boolean {
  const v = input.body.paused;
  if (typeof v !== 'boolean') throw invalidBody('paused: must be true or false');
  return v;
}

/** Webhook subscriptions (docs/events.md): the same operations as the GraphQL mutations. */
export const WEBHOOK_ROUTES = [
  route({
    method: 'get',
    path: '/webhooks',
    summary: "The app's webhooks the user made (all of the app's for a superuser)",
    document: op.WebhookListDocument,
    variables: () => ({}),
    present: (d, p) => ({ value: d.webhooks.map((w) => presentWebhook(w, p)) }),
  }),
  route({
    method: 'post',
    path: '/webhooks',
    summary: 'Make a webhook: ticket events POSTed to a URL, signed with the secret',
    document: op.WebhookCreateDocument,
    body: {
      type: 'object',
      required: ['url', 'secret'],
      properties: {
        url: { type: 'string' },
        secret: { type: 'string' },
        event_types: { type: 'array', items: { type: 'string' } },
        workflow_ids: { type: 'array', items: { type: 'integer' } },
      },
      additionalProperties: false,
    },
    variables: (i) => {
      onlyKeys(i, ['url', 'secret', 'event_types', 'workflow_ids', 'username']);
      return {
        input: {
          url: bodyString(i, 'url', { required: true, nonEmpty: true })!,
          secret: bodyString(i, 'secret', { required: true, nonEmpty: true })!,
          eventTypes: eventTypes(i),
          workflowIds: workflowIds(i),
        },
      };
    },
    present: (d, p) => presentWebhook(d.createWebhook, p),
  }),
  route({
    method: 'patch',
    path: '/webhooks/{id}',
    summary: 'Pause or resume a webhook',
    document: op.WebhookPauseDocument,
    params: [WEBHOOK_ID],
    body: { type: 'object', required: ['paused'], properties: { paused: { type: 'boolean' } }, additionalProperties: false },
    variables: (i) => {
      onlyKeys(i, ['paused', 'username']);
      return { id: pathId(i), paused: paused(i) };
    },
    present: (d, p) => presentWebhook(d.setWebhookPaused, p),
  }),
  route({
    method: 'delete',
    path: '/webhooks/{id}',
    summary: 'Delete a webhook',
    document: op.WebhookDeleteDocument,
    params: [WEBHOOK_ID],
    variables: (i) => ({ id: pathId(i) }),
    present: () => ({}),
  }),
  route({
    method: 'get',
    path: '/webhooks/{id}/deliveries',
    summary: "A webhook's deliveries, newest first, with every attempt",
    document: op.WebhookDeliveriesDocument,
    params: [WEBHOOK_ID, { name: 'limit', in: 'query', type: 'integer', description: `how many, 1 to ${MAX_DELIVERIES} (default 50)` }],
    variables: (i) => ({ id: pathId(i), limit: queryInt(i, 'limit', { default: 50, min: 1, max: MAX_DELIVERIES })! }),
    present: (d, p) => ({ value: d.webhook.deliveries.map((x) => presentDelivery(x, p)) }),
  }),
  route({
    method: 'post',
    path: '/webhooks/{id}/redeliver',
    summary: 'Send an event to a webhook once more',
    document: op.WebhookRedeliverDocument,
    params: [WEBHOOK_ID],
    body: { type: 'object', required: ['event_id'], properties: { event_id: { type: 'integer' } }, additionalProperties: false },
    variables: (i) => {
      onlyKeys(i, ['event_id', 'username']);
      return { id: pathId(i), eventId: bodyInt(i, 'event_id', { required: true })! };
    },
    present: (d, p) => presentDelivery(d.redeliver, p),
  }),
];
