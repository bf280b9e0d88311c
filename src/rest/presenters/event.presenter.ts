import type { EventFeedQuery } from '../generated';
import { time, type PresentContext } from './format';

type FeedEvent = EventFeedQuery['ticketEvents']['items'][number];

/** A ticket event in loonflow's snake_case (docs/events.md). */
export function presentEvent(e: FeedEvent, p: PresentContext) {
  return {
    id: e.id,
    ticket_id: e.ticketId,
    workflow_id: e.workflowId,
    type: e.type,
    actor: e.actor,
    from_state_id: e.fromStateId,
    to_state_id: e.toStateId,
    flow_log_id: e.flowLogId,
    duty_added: e.dutyAdded,
    duty_removed: e.dutyRemoved,
    version: e.version,
    gmt_created: time(e.createdAt, p),
  };
}
