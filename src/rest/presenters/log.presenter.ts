import type { LogColumnsFragment } from '../generated';
import { time, type PresentContext } from './format';

/** participant_info of a log (enriched from the user table for people). */
export function presentLogParticipant(log: LogColumnsFragment) {
  const i = log.participantInfo;
  return {
    participant_type_id: i.participantTypeId,
    participant: i.participant,
    participant_alias: i.participantAlias,
    participant_email: i.participantEmail,
    participant_phone: i.participantPhone,
  };
}

/** A flowlogs item (docs/rest-compatibility.md). */
export function presentFlowLog(log: LogColumnsFragment & { state?: { id: number; name: string } | null; ticketData?: unknown }, p: PresentContext) {
  return {
    id: log.id,
    ticket_id: log.ticketId,
    state: { state_id: log.stateId, state_name: log.state?.name ?? '' },
    transition: { transition_id: log.transitionId, transition_name: log.transitionName, attribute_type_id: log.attributeTypeId },
    intervene_type_id: log.interveneTypeId,
    participant_type_id: log.participantTypeId,
    participant: log.participant,
    participant_info: presentLogParticipant(log),
    suggestion: log.suggestion,
    gmt_created: time(log.createdAt, p),
    ...(log.ticketData !== undefined ? { ticket_data: log.ticketData } : {}),
  };
}

/** A log inside a flowsteps step: flowsteps lists the visible states in order, each with the logs written in it. */
export function presentStepLog(log: LogColumnsFragment, p: PresentContext) {
  return {
    id: log.id,
    transition: { transition_name: log.transitionName, transition_id: log.transitionId },
    participant_type_id: log.participantTypeId,
    participant: log.participant,
    participant_info: presentLogParticipant(log),
    intervene_type_id: log.interveneTypeId,
    suggestion: log.suggestion,
    state_id: log.stateId,
    attribute_type_id: log.attributeTypeId,
    gmt_created: time(log.createdAt, p),
  };
}
