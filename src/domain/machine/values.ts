import { fromStored, toStored, usernamesIn, type FieldDef, type FieldValue } from '../fields';
import { formatDateTime } from '../time';
import type { MachineDefinition, MachinePorts, TicketRecord, ValueWrite } from './model';

/**
 * Everything known about a ticket as one dictionary: its columns (times formatted in the zone) and custom
 * values. Conditions read it, flow logs keep it, hooks and notices receive it.
 */
export function allValues(ticket: TicketRecord, values: Record<string, FieldValue>, timeZone: string): Record<string, unknown> {
  return {
    id: ticket.id,
    sn: ticket.sn,
    title: ticket.title,
    workflow_id: ticket.workflowId,
    state_id: ticket.stateId,
    parent_ticket_id: ticket.parentTicketId,
    parent_ticket_state_id: ticket.parentTicketStateId,
    participant_type_id: ticket.participantTypeId,
    participant: ticket.participant,
    relation: ticket.relation,
    in_add_node: ticket.inAddNode,
    add_node_man: ticket.addNodeMan,
    script_run_last_result: ticket.scriptRunLastResult,
    act_state_id: ticket.actStateId,
    multi_all_person: JSON.stringify(ticket.multiAllPerson),
    creator: ticket.creator,
    is_deleted: ticket.isDeleted,
    gmt_created: formatDateTime(ticket.createdAt, timeZone),
    gmt_modified: formatDateTime(ticket.updatedAt, timeZone),
    ...values,
  };
}

/** The values of a ticket with none stored yet. */
export function noValues(definition: Pick<MachineDefinition, 'fields'>): Record<string, FieldValue> {
  return Object.fromEntries(definition.fields.map((f) => [f.fieldKey, null]));
}

/** `before` with the writes applied, as the stored rows would read back. */
export function valuesAfter(before: Record<string, FieldValue>, writes: readonly ValueWrite[], timeZone: string): Record<string, FieldValue> {
  const written = writes.map(({ field, stored }) => [field.fieldKey, stored ? fromStored(field.fieldTypeId, stored, timeZone) : null]);
  return { ...before, ...Object.fromEntries(written) };
}

/** Validate input values of the workflow's fields (other keys are ignored); FIELD_INVALID names the first bad one. */
export async function validateWrites(
  definition: Pick<MachineDefinition, 'fieldsByKey'>,
  input: Record<string, unknown>,
  ports: Pick<MachinePorts, 'directory' | 'timeZone'>,
): Promise<ValueWrite[]> {
  const entries = Object.entries(input)
    .filter(([k]) => definition.fieldsByKey.has(k))
    .map(([k, raw]) => [definition.fieldsByKey.get(k)!, raw] as [FieldDef, unknown]);
  const names = entries.flatMap(([field, raw]) => usernamesIn(field, raw));
  const knownUsers = names.length ? await ports.directory.activeUsers(names) : new Set<string>();
  return entries.map(([field, raw]) => ({ field, stored: toStored(field, raw, { timeZone: ports.timeZone, knownUsers }) }));
}

/** Only the keys of `input` among `keys`. */
export function pick(input: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const wanted = new Set(keys);
  return Object.fromEntries(Object.entries(input).filter(([k]) => wanted.has(k)));
}
