import type { EntityManager } from '@mikro-orm/core';
import { ActState, FieldAttribute } from '../../domain/constants';
import { DefinitionError, type DefinitionIssue } from '../../domain/definitions';
import { Ticket } from '../entities';
import type { Existing } from './existing';

/** A change that would leave live tickets in removed states (or without a field their state requires). */
export class StrandError extends DefinitionError {
  constructor(
    issues: DefinitionIssue[],
    readonly tickets: number,
  ) {
    super(issues);
    this.name = 'StrandError';
  }
}

/** What was live before a write: the states and fields, and which states required each field. */
export interface LiveSnapshot {
  states: Set<number>;
  fields: Set<number>;
  requiredBy: Map<number, number[]>;
}

/** Tickets that still move: not deleted, neither finished nor closed. */
export const LIVE_TICKET = { isDeleted: false, actStateId: { $nin: [ActState.FINISHED, ActState.CLOSED] } } as const;

/** Record the live states and fields before a write. */
export function snapshotLive(existing: Existing): LiveSnapshot {
  const liveStates = existing.states.filter((s) => !s.isDeleted);
  const liveFields = existing.fields.filter((f) => !f.isDeleted);
  return {
    states: new Set(liveStates.map((s) => s.id)),
    fields: new Set(liveFields.map((f) => f.id)),
    requiredBy: new Map(
      liveFields.map((f) => [
        f.id,
        liveStates.filter((s) => s.workflowId === f.workflowId && s.fields[f.fieldKey] === FieldAttribute.REQUIRED).map((s) => s.id),
      ]),
    ),
  };
}

/** Live tickets in the states that follow the live rows: a ticket pinned to a published version is not stranded by its draft. */
async function liveTicketsIn(em: EntityManager, stateIds: number[]): Promise<Map<number, number[]>> {
  if (!stateIds.length) return new Map();
  const tickets = await em.find(Ticket, { ...LIVE_TICKET, workflowVersion: null, stateId: stateIds }, { fields: ['id', 'stateId'], orderBy: { id: 'asc' } });
  const out = new Map<number, number[]>();
  for (const t of tickets) out.set(t.stateId, [...(out.get(t.stateId) ?? []), t.id]);
  return out;
}

const listed = (ids: number[]) => (ids.length > 10 ? `${ids.slice(0, 10).join(', ')}, …` : ids.join(', '));

/** Refuse (unless forced) a write that removed states live tickets are in, or fields such states required. */
export async function checkStranding(em: EntityManager, existing: Existing, before: LiveSnapshot, force: boolean): Promise<void> {
  if (force) return;
  const workflowName = new Map(existing.workflows.map((w) => [w.id, w.name]));
  const stateById = new Map(existing.states.map((s) => [s.id, s]));
  const removedStates = existing.states.filter((s) => before.states.has(s.id) && s.isDeleted);
  const removedFields = existing.fields.filter((f) => before.fields.has(f.id) && f.isDeleted);
  const watched = [...removedStates.map((s) => s.id), ...removedFields.flatMap((f) => before.requiredBy.get(f.id) ?? [])];
  const tickets = await liveTicketsIn(em, [...new Set(watched)]);
  const issues: DefinitionIssue[] = [];
  const stranded = new Set<number>();
  const where = (workflowId: number) => `workflow "${workflowName.get(workflowId)}" (id ${workflowId})`;
  for (const s of removedStates) {
    const ids = tickets.get(s.id) ?? [];
    if (!ids.length) continue;
    for (const id of ids) stranded.add(id);
    issues.push({
      path: where(s.workflowId),
      message: `removing state "${s.name}" (id ${s.id}) would strand ${ids.length} live ticket(s) in it (${listed(ids)}); move them first or force the change`,
    });
  }
  for (const f of removedFields) {
    const ids = (before.requiredBy.get(f.id) ?? []).flatMap((stateId) => tickets.get(stateId) ?? []);
    if (!ids.length) continue;
    for (const id of ids) stranded.add(id);
    const states = (before.requiredBy.get(f.id) ?? []).filter((id) => tickets.has(id)).map((id) => `"${stateById.get(id)?.name}"`);
    issues.push({
      path: where(f.workflowId),
      message: `removing field "${f.fieldKey}" (id ${f.id}), required in state ${states.join(', ')}, would strand ${ids.length} live ticket(s) (${listed(ids)}); move them first or force the change`,
    });
  }
  if (issues.length) throw new StrandError(issues, stranded.size);
}
