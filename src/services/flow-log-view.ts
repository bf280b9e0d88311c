import type { EntityManager } from '@mikro-orm/core';
import type { FlowLog, Transition, User } from '../db/entities';
import { Attribute, INTERVENE_NAMES, ParticipantType, UNKNOWN_ACTION } from '../domain/constants';
import { lookups } from './lookups';

/** Who wrote a flow log, enriched from the user table for people. */
export interface LogParticipantInfo {
  participantTypeId: number;
  participant: string;
  participantAlias: string;
  participantEmail: string;
  participantPhone: string;
}

/** A flow log with what its readers show beside it: the transition's name and attribute, the state, the writer. */
export interface FlowLogView {
  id: number;
  ticketId: number;
  transitionId: number;
  transitionName: string;
  attributeTypeId: number;
  stateId: number;
  state: { id: number; name: string } | null;
  interveneTypeId: number;
  participantTypeId: number;
  participant: string;
  participantInfo: LogParticipantInfo;
  suggestion: string;
  /** ISO time, as the GraphQL face serialises it. */
  createdAt: string;
}

/** The transition name a log shows: the transition's, or the synthetic name of its intervene type when it has none. */
export function logTransitionName(log: FlowLog, transitionName: string | undefined): string {
  if (log.transitionId) return transitionName ?? UNKNOWN_ACTION;
  return INTERVENE_NAMES[log.interveneTypeId] ?? UNKNOWN_ACTION;
}

/** The attribute a log shows: its transition's, 3 (other) for interventions. */
export function logAttributeTypeId(transition: Pick<Transition, 'attributeTypeId'> | null | undefined): number {
  return transition?.attributeTypeId ?? Attribute.OTHER;
}

/** The writer of a log: a person (type 1) with alias, email and phone when the user exists; anyone else as written. */
export function logParticipantInfo(log: FlowLog, user: User | null | undefined): LogParticipantInfo {
  const base = {
    participantTypeId: log.participantTypeId,
    participant: log.participant,
    participantAlias: log.participant,
    participantEmail: '',
    participantPhone: '',
  };
  if (log.participantTypeId !== ParticipantType.PERSONAL || !user) return base;
  return { ...base, participantAlias: user.alias || user.username, participantEmail: user.email, participantPhone: user.phone };
}

/** One log as the flow-log readers show it (the GraphQL fields the REST flowlogs item is made of). */
export async function flowLogView(em: EntityManager, log: FlowLog): Promise<FlowLogView> {
  const [transition] = log.transitionId ? await lookups.transitionsById(em, [log.transitionId]) : [null];
  const [state] = await lookups.statesById(em, [log.stateId]);
  const [user] = log.participantTypeId === ParticipantType.PERSONAL ? await lookups.usersByName(em, [log.participant]) : [null];
  return {
    id: log.id,
    ticketId: log.ticketId,
    transitionId: log.transitionId,
    transitionName: logTransitionName(log, transition?.name),
    attributeTypeId: logAttributeTypeId(transition),
    stateId: log.stateId,
    state: state ? { id: state.id, name: state.name } : null,
    interveneTypeId: log.interveneTypeId,
    participantTypeId: log.participantTypeId,
    participant: log.participant,
    participantInfo: logParticipantInfo(log, user),
    suggestion: log.suggestion,
    createdAt: log.createdAt.toISOString(),
  };
}
