import { ParticipantType } from './constants';
import type { VoteEntry } from './ticket-types';

/** The participant summary lists and details show (docs/participants.md). */
export interface ParticipantInfo {
  participantTypeId: number;
  participant: string;
  participantName: string;
  participantTypeName: string;
  participantAlias: string;
}

/** Names the formatter looks up. */
export interface ParticipantLookups {
  alias(username: string): string | undefined;
  deptName(id: number): string | undefined;
  roleName(id: number): string | undefined;
}

const TYPE_NAMES: Record<number, string> = { 1: '个人', 2: '多人', 3: '部门', 4: '角色' };
const csv = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** Usernames whose aliases a ticket's participant info needs. */
export function participantUsernames(ticket: { participantTypeId: number; participant: string; multiAllPerson: Record<string, VoteEntry> }): string[] {
  const names = ticket.participantTypeId === ParticipantType.PERSONAL || ticket.participantTypeId === ParticipantType.MULTI ? csv(ticket.participant) : [];
  return [...new Set([...names, ...Object.keys(ticket.multiAllPerson ?? {})])];
}

/** Format a ticket's participant for lists, details and built-in fields (the all-mode alias shows progress). */
export function formatParticipant(
  ticket: { participantTypeId: number; participant: string; multiAllPerson: Record<string, VoteEntry> },
  look: ParticipantLookups,
): ParticipantInfo {
  const { participantTypeId: type, participant } = ticket;
  const base = { participantTypeId: type, participant, participantName: participant, participantTypeName: '', participantAlias: '' };
  const ledger = ticket.multiAllPerson ?? {};
  if (Object.keys(ledger).length) {
    const alias = Object.entries(ledger)
      .map(([u, e]) => {
        const who = `${look.alias(u) ?? u}(${u})`;
        return 'transition_name' in e ? `${who}已处理:${e.transition_name}` : `${who}未处理:`;
      })
      .join(';');
    return { ...base, participantTypeName: '多人且全部处理', participantAlias: alias };
  }
  switch (type) {
    case ParticipantType.PERSONAL:
    case ParticipantType.MULTI:
      return {
        ...base,
        participantTypeName: TYPE_NAMES[type],
        participantAlias: csv(participant)
          .map((u) => look.alias(u) ?? u)
          .join(','),
      };
    case ParticipantType.DEPT: {
      const name = csv(participant)
        .map((id) => look.deptName(Number(id)) ?? id)
        .join(',');
      return { ...base, participantTypeName: TYPE_NAMES[type], participantName: name, participantAlias: name };
    }
    case ParticipantType.ROLE: {
      const name = look.roleName(Number(participant)) ?? participant;
      return { ...base, participantTypeName: TYPE_NAMES[type], participantName: name, participantAlias: name };
    }
    case ParticipantType.SCRIPT:
      return { ...base, participantAlias: `脚本:${participant}` };
    default:
      return base;
  }
}
