import { ParticipantType } from './constants';
import type { TicketAction } from './machine/model';

/** What happened to a ticket: the type of a ticket event (docs/events.md). */
export const EventType = {
  CREATED: 'CREATED',
  MOVED: 'MOVED',
  ACCEPTED: 'ACCEPTED',
  DELIVERED: 'DELIVERED',
  NODE_ADDED: 'NODE_ADDED',
  NODE_ENDED: 'NODE_ENDED',
  COMMENTED: 'COMMENTED',
  FIELDS_UPDATED: 'FIELDS_UPDATED',
  CLOSED: 'CLOSED',
  RETREATED: 'RETREATED',
  STATE_CHANGED: 'STATE_CHANGED',
  DELETED: 'DELETED',
  HOOK_RESULT: 'HOOK_RESULT',
  SCRIPT_RESULT: 'SCRIPT_RESULT',
  SYSTEM_NOTE: 'SYSTEM_NOTE',
  AUTOMATION_RETRIED: 'AUTOMATION_RETRIED',
} as const;

export type EventType = (typeof EventType)[keyof typeof EventType];

/** Every event type, in the order the documentation lists them. */
export const EVENT_TYPES: readonly EventType[] = Object.values(EventType);

const BY_ACTION: Record<Exclude<TicketAction['kind'], 'recordAutomation'>, EventType> = {
  handle: EventType.MOVED,
  accept: EventType.ACCEPTED,
  deliver: EventType.DELIVERED,
  addNode: EventType.NODE_ADDED,
  deliverToGroup: EventType.DELIVERED,
  addWatcher: EventType.SYSTEM_NOTE,
  addNodeEnd: EventType.NODE_ENDED,
  comment: EventType.COMMENTED,
  updateFields: EventType.FIELDS_UPDATED,
  close: EventType.CLOSED,
  retreat: EventType.RETREATED,
  changeState: EventType.STATE_CHANGED,
  delete: EventType.DELETED,
  retryAutomation: EventType.AUTOMATION_RETRIED,
};

/** The event an action on an existing ticket appends; a recorded automation outcome is named after who produced it. */
export function eventTypeOf(action: TicketAction): EventType {
  if (action.kind !== 'recordAutomation') return BY_ACTION[action.kind];
  if (action.participantTypeId === ParticipantType.HOOK) return EventType.HOOK_RESULT;
  if (action.participantTypeId === ParticipantType.SCRIPT) return EventType.SCRIPT_RESULT;
  return EventType.SYSTEM_NOTE;
}

/** Whose duty list a change touched: users who must act now and did not before, and the reverse. */
export interface DutyDiff {
  added: string[];
  removed: string[];
}

/** Compare the users on duty before and after a change (both lists of usernames, in any order). */
export function dutyDiff(before: Iterable<string>, after: Iterable<string>): DutyDiff {
  const was = new Set(before);
  const now = new Set(after);
  return { added: [...now].filter((u) => !was.has(u)).sort(), removed: [...was].filter((u) => !now.has(u)).sort() };
}

/** An unknown event type named in a filter, as the message a caller reads. */
export function unknownEventTypes(types: readonly string[]): string | null {
  const bad = types.filter((t) => !(EVENT_TYPES as readonly string[]).includes(t));
  return bad.length ? `types: unknown event type ${bad.join(', ')} (known: ${EVENT_TYPES.join(', ')})` : null;
}

/**
 * How long a hole in the cursor sequence may be a transaction that has not committed yet. Ids are taken at
 * insert and become visible at commit, so a reader that sees 11 but not 10 holds back at 10 until 10 commits
 * or the row after the hole is older than this (10 was rolled back). The event row is the last write of a
 * change, so the hole lasts as long as the commit.
 */
export const EVENT_SETTLE_MS = 5000;

/** A row of the event table as far as ordering is concerned. */
export interface CursorRow {
  id: number;
  createdAt: Date;
}

/**
 * The rows (ascending ids, all ids above `after` the table holds) a reader may hand on: they stop before the
 * first hole that may still fill. `settled` is false when rows were held back.
 */
export function settledRows<R extends CursorRow>(after: number, rows: readonly R[], now: number, settleMs = EVENT_SETTLE_MS): { rows: R[]; settled: boolean } {
  let expected = after + 1;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row.id !== expected && now - row.createdAt.getTime() < settleMs) return { rows: rows.slice(0, i), settled: false };
    expected = row.id + 1;
  }
  return { rows: [...rows], settled: true };
}

/**
 * The keys an event is routed by inside a process: its ticket, its workflow, every subscriber, and each user
 * whose duty list it changed. A subscription listens under the keys of what it asked for (`interestsOf`), so
 * a change reaches only the subscriptions that may want it (docs/events.md).
 */
export function routingKeysOf(event: { ticketId: number; workflowId: number; dutyAdded: readonly string[]; dutyRemoved: readonly string[] }): string[] {
  const keys = [`ticket:${event.ticketId}`, `workflow:${event.workflowId}`, ANY_EVENT];
  for (const username of new Set([...event.dutyAdded, ...event.dutyRemoved])) keys.push(`duty:${username}`);
  return keys;
}

const ANY_EVENT = '*';

/** What a subscription asked for: one ticket, some workflows (or all), or the duty list of one user. */
export type Interest = { ticketId: number } | { workflowIds: readonly number[] | null } | { dutyOf: string };

/** The routing keys a subscription listens under (see routingKeysOf). */
export function interestKeys(interest: Interest): string[] {
  if ('ticketId' in interest) return [`ticket:${interest.ticketId}`];
  if ('dutyOf' in interest) return [`duty:${interest.dutyOf}`];
  return interest.workflowIds ? interest.workflowIds.map((id) => `workflow:${id}`) : [ANY_EVENT];
}
