import type { CustomField, State } from '../../db/entities';
import { FieldAttribute } from '../constants';
import { AppError } from '../errors';

/** The states and fields of one version, as the plan compares them. */
export interface PlanSide {
  version: number;
  states: ReadonlyMap<number, State>;
  fields: readonly CustomField[];
}

/** A live ticket the plan looks at: where it is, its version, and which custom fields hold a value. */
export interface PlanTicket {
  id: number;
  stateId: number;
  version: number;
  filled: ReadonlySet<string>;
}

/** Tickets concerned by one field. */
export interface FieldTickets {
  fieldKey: string;
  ticketIds: number[];
}

/** What happens to the tickets of one source state. */
export interface StatePlan {
  fromStateId: number;
  fromStateName: string;
  ticketIds: number[];
  /** null: the tickets cannot be migrated (see blockedReason). */
  toStateId: number | null;
  toStateName: string | null;
  /** How the target was found: the explicit mapping, the same id, or the same name. */
  matchedBy: 'mapping' | 'id' | 'name' | null;
  /** kept: same state and same participant settings; recomputed: the target state's handlers are resolved again. */
  participants: 'kept' | 'recomputed' | null;
  /** Fields the target state requires that these tickets leave empty (they must be filled on the next handle). */
  requiredEmpty: FieldTickets[];
  /** Fields the target version no longer has: their values stay stored and are reported here. */
  disappearingFields: FieldTickets[];
  blockedReason: string | null;
}

/** The plan's report. */
export interface MigrationReport {
  states: StatePlan[];
  /** Tickets that will move. */
  movable: number;
  /** Tickets that cannot be migrated. */
  blocked: number;
}

/** Check an explicit mapping against the two versions, naming the first bad entry. */
export function checkMapping(from: PlanSide, to: PlanSide, mapping: Readonly<Record<number, number>>): void {
  for (const [source, target] of Object.entries(mapping)) {
    if (!from.states.has(Number(source))) throw AppError.badInput(`mapping ${source}=${target}: state ${source} is not a state of version ${from.version}`);
    if (!to.states.has(target)) throw AppError.badInput(`mapping ${source}=${target}: state ${target} is not a state of version ${to.version}`);
  }
}

function targetOf(state: State, to: PlanSide, mapping: Readonly<Record<number, number>>): { target: State | null; matchedBy: StatePlan['matchedBy'] } {
  const mapped = mapping[state.id];
  if (mapped !== undefined) return { target: to.states.get(mapped)!, matchedBy: 'mapping' };
  const same = to.states.get(state.id);
  if (same) return { target: same, matchedBy: 'id' };
  const named = [...to.states.values()].find((s) => s.name === state.name);
  return named ? { target: named, matchedBy: 'name' } : { target: null, matchedBy: null };
}

const sameHandlers = (a: State, b: State) =>
  a.id === b.id && a.participantTypeId === b.participantTypeId && a.participant === b.participant && a.distributeTypeId === b.distributeTypeId;

function byField(keys: readonly string[], tickets: readonly PlanTicket[], hit: (t: PlanTicket, key: string) => boolean): FieldTickets[] {
  return keys.map((fieldKey) => ({ fieldKey, ticketIds: tickets.filter((t) => hit(t, fieldKey)).map((t) => t.id) })).filter((f) => f.ticketIds.length > 0);
}

/**
 * What moving `tickets` (live, on version `from`) to version `to` does, per source state: the target state
 * (explicit mapping, else the same id, else the same name), whether handlers are kept, fields that become required
 * while empty, fields that disappear (values kept), and the states whose tickets cannot be migrated.
 */
export function planMigration(from: PlanSide, to: PlanSide, mapping: Readonly<Record<number, number>>, tickets: readonly PlanTicket[]): MigrationReport {
  checkMapping(from, to, mapping);
  const keptKeys = new Set(to.fields.map((f) => f.fieldKey));
  const gone = from.fields.map((f) => f.fieldKey).filter((k) => !keptKeys.has(k));
  const states: StatePlan[] = [];
  for (const state of from.states.values()) {
    const here = tickets.filter((t) => t.stateId === state.id);
    if (!here.length) continue;
    const { target, matchedBy } = targetOf(state, to, mapping);
    const required = target ? Object.keys(target.fields).filter((k) => target.fields[k] === FieldAttribute.REQUIRED && keptKeys.has(k)) : [];
    states.push({
      fromStateId: state.id,
      fromStateName: state.name,
      ticketIds: here.map((t) => t.id),
      toStateId: target?.id ?? null,
      toStateName: target?.name ?? null,
      matchedBy,
      participants: target ? (sameHandlers(state, target) ? 'kept' : 'recomputed') : null,
      requiredEmpty: byField(required, here, (t, k) => !t.filled.has(k)),
      disappearingFields: byField(gone, here, (t, k) => t.filled.has(k)),
      blockedReason: target ? null : `state "${state.name}" (id ${state.id}) has no state of the same id or name in version ${to.version}: map it to one`,
    });
  }
  const count = (blocked: boolean) => states.filter((s) => (s.toStateId === null) === blocked).reduce((n, s) => n + s.ticketIds.length, 0);
  return { states, movable: count(false), blocked: count(true) };
}
