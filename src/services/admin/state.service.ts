import { State } from '../../db/entities';
import { AppError } from '../../domain/errors';
import type { ServiceContext } from '../context';
import { fresh, type Doc } from './change';
import { stateEntry, transitionEntry, type StateValues, type TransitionValues } from './entries';
import { changeWorkflow, ownerOf } from './workflow-change';
import { childById, removeState, replaceChild } from './workflow-doc';

/** A new state with the transitions that connect it, so that it is reachable and has a way out. */
export interface CreateStateValues extends StateValues {
  workflowId: number;
  name: string;
  /** New transitions to or from the new state: each gives exactly one of fromStateId and toStateId. */
  links?: TransitionValues[] | null;
  /** Existing transitions that lead to the new state instead of their current destination. */
  redirectTransitionIds?: number[] | null;
}

function linkEntry(link: TransitionValues, stateName: string, i: number): Doc {
  if ((link.fromStateId == null) === (link.toStateId == null)) {
    throw AppError.badInput(`links[${i}]: give exactly one of fromStateId and toStateId (the other end is the new state "${stateName}")`);
  }
  const entry = transitionEntry(link);
  entry.from ??= stateName;
  entry.to ??= stateName;
  return entry;
}

/** Add a state to a workflow, connected in the same change by `links` and `redirectTransitionIds`. */
export async function createState(ctx: ServiceContext, input: CreateStateValues): Promise<State> {
  const { workflowId, name } = input;
  const id = await changeWorkflow(ctx, workflowId, async ({ tx, wf, where, write, audit }) => {
    const entry = stateEntry(input);
    const links = (input.links ?? []).map((link, i) => linkEntry(link, name, i));
    const redirected = input.redirectTransitionIds ?? [];
    for (const transitionId of redirected) childById(wf, 'transitions', transitionId).to = name;
    wf.states.push(entry);
    wf.transitions.push(...links);
    await write();
    const row = await tx.em.findOneOrFail(State, { workflowId, name, isDeleted: false });
    row.creator ||= ctx.username;
    audit({
      action: 'createState',
      entityType: 'state',
      entityId: row.id,
      summary: `created state "${name}" (id ${row.id}) in ${where}`,
      after: { ...entry, id: row.id, ...(links.length ? { links } : {}), ...(redirected.length ? { redirected_transitions: redirected } : {}) },
    });
    return row.id;
  });
  return fresh(ctx, State, id);
}

/** Change a state; the workflow must stay valid (one start state, every state reachable, a way out). */
export async function updateState(ctx: ServiceContext, id: number, input: StateValues, workflowId?: number | null): Promise<State> {
  await changeWorkflow(
    ctx,
    (existing) => ownerOf(existing.states, id, 'state', workflowId),
    async ({ wf, where, write, audit }) => {
      const { before, after } = replaceChild(wf, 'states', id, (current) => stateEntry(input, current));
      await write();
      audit({ action: 'updateState', entityType: 'state', entityId: id, summary: `updated state "${after.name}" (id ${id}) in ${where}`, before, after });
    },
  );
  return fresh(ctx, State, id);
}

/** What deleting a state does to the transitions around it. */
export interface DeleteStateOptions {
  /** The workflow the state must belong to (REST paths name it). */
  workflowId?: number | null;
  /** Transitions into the deleted state lead here instead (otherwise they are deleted with it). */
  redirectTo?: number | null;
  /** Delete even when live tickets are in the state. */
  force?: boolean | null;
}

/** Soft-delete a state and the transitions from it; refused when tickets are in it, unless forced. */
export async function deleteState(ctx: ServiceContext, id: number, opts: DeleteStateOptions = {}): Promise<boolean> {
  return changeWorkflow(
    ctx,
    (existing) => ownerOf(existing.states, id, 'state', opts.workflowId),
    async ({ wf, where, write, audit }) => {
      const transitions = wf.transitions.filter((t) => t.from === id || t.to === id).map((t) => ({ ...t }));
      const before = removeState(wf, id, opts.redirectTo);
      await write({ force: opts.force ?? false });
      const redirect = opts.redirectTo != null ? `, redirecting its incoming transitions to state ${opts.redirectTo}` : '';
      audit({
        action: 'deleteState',
        entityType: 'state',
        entityId: id,
        summary: `deleted state "${before.name}" (id ${id}) from ${where}${redirect}`,
        before: { ...before, transitions },
      });
      return true;
    },
  );
}
