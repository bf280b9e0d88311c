import { ParticipantType } from '../../domain/constants';
import type { PlanParticipant, Ref } from '../../domain/definitions';

/** A participant in State's columns. */
export interface EncodedParticipant {
  participantTypeId: number;
  participant: string;
}

/** Encode a participant into loonflow's State columns; `ids` resolves dept and role references. */
export function encodeParticipant(p: PlanParticipant, ids: { dept: (ref: Ref) => number; role: (ref: Ref) => number }): EncodedParticipant {
  switch (p.type) {
    case 'none':
      return { participantTypeId: ParticipantType.NONE, participant: '' };
    case 'user':
      return { participantTypeId: ParticipantType.PERSONAL, participant: p.username };
    case 'users':
      return { participantTypeId: ParticipantType.MULTI, participant: p.usernames.join(',') };
    case 'dept':
      return { participantTypeId: ParticipantType.DEPT, participant: p.depts.map(ids.dept).join(',') };
    case 'role':
      return { participantTypeId: ParticipantType.ROLE, participant: String(ids.role(p.role)) };
    case 'variable':
      return { participantTypeId: ParticipantType.VARIABLE, participant: p.names.join(',') };
    case 'script':
      return { participantTypeId: ParticipantType.SCRIPT, participant: p.name };
    case 'field':
      return { participantTypeId: ParticipantType.FIELD, participant: p.keys.join(',') };
    case 'parent_field':
      return { participantTypeId: ParticipantType.PARENT_FIELD, participant: p.keys.join(',') };
    case 'hook': {
      const hook = { hook_url: p.url, hook_token: p.token, wait: p.wait, extra_info: p.extraInfo };
      return { participantTypeId: ParticipantType.HOOK, participant: JSON.stringify(hook) };
    }
  }
}

function csv(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseHook(participant: string): Record<string, unknown> {
  try {
    const hook: unknown = JSON.parse(participant);
    return hook !== null && typeof hook === 'object' ? (hook as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The file form of State's participant columns; `names` turns dept and role ids into references. */
export function decodeParticipant(
  { participantTypeId, participant }: EncodedParticipant,
  names: { dept: (id: number) => string | number; role: (id: number) => string | number },
): Record<string, unknown> {
  switch (participantTypeId) {
    case ParticipantType.PERSONAL:
      return { type: 'user', value: participant };
    case ParticipantType.MULTI:
      return { type: 'users', value: csv(participant) };
    case ParticipantType.DEPT:
      return { type: 'dept', value: csv(participant).map((id) => names.dept(Number(id))) };
    case ParticipantType.ROLE:
      return { type: 'role', value: names.role(Number(participant)) };
    case ParticipantType.VARIABLE:
      return { type: 'variable', value: csv(participant) };
    case ParticipantType.SCRIPT:
      return { type: 'script', value: participant };
    case ParticipantType.FIELD:
      return { type: 'field', value: csv(participant) };
    case ParticipantType.PARENT_FIELD:
      return { type: 'parent_field', value: csv(participant) };
    case ParticipantType.HOOK: {
      const hook = parseHook(participant);
      return { type: 'hook', url: hook.hook_url, token: hook.hook_token, wait: hook.wait, extra_info: hook.extra_info };
    }
    default:
      return { type: 'none' };
  }
}
