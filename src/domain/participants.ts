import { Distribute, ParticipantType, StateType } from './constants';
import { refuse, RefusalReason } from './machine/refusal';

/** Directory lookups participant resolution needs; implemented over the database by the services. */
export interface Directory {
  /** Active users of the depts and all their descendants, in dept then user order. */
  usersInDepts(deptIds: number[]): Promise<string[]>;
  /** Active members of a role. */
  roleMembers(roleId: number): Promise<string[]>;
  /** `creator_tl` of a user: the approvers of their primary dept, else its leader. */
  teamLeaders(username: string): Promise<string[]>;
  /** The subset of names that are existing active users. */
  activeUsers(usernames: string[]): Promise<Set<string>>;
}

/** The part of a state participant resolution reads. */
export interface StateDef {
  id: number;
  name: string;
  typeId: number;
  participantTypeId: number;
  participant: string;
  distributeTypeId: number;
}

/** Inputs of one resolution. */
export interface ResolveInput {
  state: StateDef;
  creator: string;
  /** A ticket field value (request value or stored), for participant type field. */
  fieldValue(key: string): unknown;
  /** A parent-ticket field value, for participant type parent_field; undefined when there is no parent. */
  parentFieldValue?(key: string): unknown;
  /** Random source for distribute random (0 ≤ x < 1). */
  random?: () => number;
}

/** Who handles a ticket in a state. */
export interface Resolution {
  participantTypeId: number;
  /** Stored participant: csv of usernames, the script name, or `***` for a hook. */
  participant: string;
  /** The human handlers (empty for none, hook, script and end states). */
  users: string[];
  /** The all-must-handle ledger, `{}` when not in all mode. */
  multiAllPerson: Record<string, Record<string, never>>;
}

const csv = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** Dedupe while keeping the configured order. */
export function uniqueOrdered(names: string[]): string[] {
  return [...new Set(names.filter(Boolean))];
}

function valuesAsNames(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.map(String);
  return csv(String(value));
}

async function candidates(input: ResolveInput, dir: Directory): Promise<string[]> {
  const { state } = input;
  switch (state.participantTypeId) {
    case ParticipantType.PERSONAL:
    case ParticipantType.MULTI:
      return csv(state.participant);
    case ParticipantType.DEPT:
      return dir.usersInDepts(csv(state.participant).map(Number));
    case ParticipantType.ROLE:
      return dir.roleMembers(Number(state.participant));
    case ParticipantType.VARIABLE: {
      const out: string[] = [];
      for (const token of csv(state.participant)) {
        if (token === 'creator') out.push(input.creator);
        if (token === 'creator_tl') out.push(...(await dir.teamLeaders(input.creator)));
      }
      return out;
    }
    case ParticipantType.FIELD:
      return csv(state.participant).flatMap((k) => valuesAsNames(input.fieldValue(k)));
    case ParticipantType.PARENT_FIELD:
      if (!input.parentFieldValue)
        refuse(RefusalReason.NO_HANDLER, `state "${state.name}" takes its handlers from the parent ticket, but this ticket has no parent`, {
          stateId: state.id,
        });
      return csv(state.participant).flatMap((k) => valuesAsNames(input.parentFieldValue!(k)));
    default:
      return [];
  }
}

const NOBODY = (typeId: number, participant: string): Resolution => ({ participantTypeId: typeId, participant, users: [], multiAllPerson: {} });

/** Resolve the handlers of a state for a ticket (docs/participants.md). */
export async function resolveParticipants(input: ResolveInput, dir: Directory): Promise<Resolution> {
  const { state } = input;
  if (state.typeId === StateType.START) return { ...NOBODY(ParticipantType.PERSONAL, input.creator), users: [input.creator] };
  if (state.typeId === StateType.END) return NOBODY(ParticipantType.PERSONAL, '');
  if (state.participantTypeId === ParticipantType.HOOK) return NOBODY(ParticipantType.HOOK, '***');
  if (state.participantTypeId === ParticipantType.SCRIPT) return NOBODY(ParticipantType.SCRIPT, state.participant);
  if (state.participantTypeId === ParticipantType.NONE) return NOBODY(ParticipantType.NONE, state.participant);
  const wanted = uniqueOrdered(await candidates(input, dir));
  const active = await dir.activeUsers(wanted);
  let users = wanted.filter((u) => active.has(u));
  if (users.length === 0) {
    refuse(RefusalReason.NO_HANDLER, `state "${state.name}" has no active handler (participant type ${state.participantTypeId}: "${state.participant}")`, {
      stateId: state.id,
    });
  }
  if (users.length > 1 && state.distributeTypeId === Distribute.RANDOM) {
    users = [users[Math.floor((input.random ?? Math.random)() * users.length)]];
  }
  const multiAllPerson = users.length > 1 && state.distributeTypeId === Distribute.ALL ? Object.fromEntries(users.map((u) => [u, {}])) : {};
  return {
    participantTypeId: users.length > 1 ? ParticipantType.MULTI : ParticipantType.PERSONAL,
    participant: users.join(','),
    users,
    multiAllPerson,
  };
}
