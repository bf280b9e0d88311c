import { ParticipantType, StateType } from '../constants';
import { resolveParticipants, type Resolution } from '../participants';
import { mergeRelation } from '../permissions';
import type { MachineDefinition, MachinePorts, MachineState, TicketColumns, TicketRecord } from './model';
import { refuse, RefusalReason as R } from './refusal';

/** The state with the given id. */
export function stateIn(definition: MachineDefinition, stateId: number): MachineState {
  return definition.states.get(stateId) ?? refuse(R.INVALID_INPUT, `state ${stateId} does not exist in workflow ${definition.workflow.id}`, { stateId });
}

/** The first state of the given type. */
export function firstStateOf(definition: MachineDefinition, typeId: number): MachineState | undefined {
  return [...definition.states.values()].find((s) => s.typeId === typeId);
}

/** One person handles the ticket. */
export function personal(username: string): Resolution {
  return { participantTypeId: ParticipantType.PERSONAL, participant: username, users: [username], multiAllPerson: {} };
}

/** Nobody handles the ticket (a closed ticket). */
export const NOBODY: Resolution = { participantTypeId: ParticipantType.NONE, participant: '', users: [], multiAllPerson: {} };

/** The participant columns of a resolution; the relation keeps everyone ever attached. */
export function assignTo(ticket: Pick<TicketRecord, 'relation'>, r: Resolution): Partial<TicketColumns> {
  return {
    participantTypeId: r.participantTypeId,
    participant: r.participant,
    multiAllPerson: r.multiAllPerson,
    relation: mergeRelation(ticket.relation, r.users),
  };
}

/** Entering a state: a new visit, its handlers, a fresh countersign ledger (in the resolution) and no add-node in progress. */
export function enterState(ticket: Pick<TicketRecord, 'relation' | 'visit'>, state: MachineState, r: Resolution): Partial<TicketColumns> {
  return { ...assignTo(ticket, r), stateId: state.id, visit: ticket.visit + 1, inAddNode: false, addNodeMan: '', addNodeStack: [] };
}

/** Who handles a ticket entering `state`, from the state's participant rule. */
export async function resolveHandlers(
  state: MachineState,
  input: { creator: string; values: Readonly<Record<string, unknown>> },
  ports: MachinePorts,
): Promise<Resolution> {
  const parent = state.participantTypeId === ParticipantType.PARENT_FIELD && state.typeId === StateType.NORMAL ? await ports.parentValues() : undefined;
  return resolveParticipants(
    {
      state,
      creator: input.creator,
      random: ports.random,
      fieldValue: (k) => input.values[k] ?? null,
      parentFieldValue: parent && ((k) => parent[k] ?? null),
    },
    ports.directory,
  );
}
