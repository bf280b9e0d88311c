import { Transition } from '../../db/entities';
import type { ServiceContext } from '../context';
import { fresh } from './change';
import { transitionEntry, type TransitionValues } from './entries';
import { changeWorkflow, ownerOf } from './workflow-change';
import { removeChild, replaceChild } from './workflow-doc';

/** A new transition between two states of one workflow. */
export interface CreateTransitionValues extends TransitionValues {
  workflowId: number;
  name: string;
  fromStateId: number;
  toStateId: number;
}

/** Add a transition; both states (and every condition's target) must belong to the workflow. */
export async function createTransition(ctx: ServiceContext, input: CreateTransitionValues): Promise<Transition> {
  const { workflowId, name, fromStateId } = input;
  const id = await changeWorkflow(ctx, workflowId, async ({ tx, wf, where, write, audit }) => {
    const entry = transitionEntry(input);
    wf.transitions.push(entry);
    await write();
    const row = await tx.em.findOneOrFail(Transition, { workflowId, name, sourceStateId: fromStateId, isDeleted: false });
    row.creator ||= ctx.username;
    audit({
      action: 'createTransition',
      entityType: 'transition',
      entityId: row.id,
      summary: `created transition "${name}" (id ${row.id}) in ${where}`,
      after: { ...entry, id: row.id },
    });
    return row.id;
  });
  return fresh(ctx, Transition, id);
}

/** Change a transition. */
export async function updateTransition(ctx: ServiceContext, id: number, input: TransitionValues, workflowId?: number | null): Promise<Transition> {
  await changeWorkflow(
    ctx,
    (existing) => ownerOf(existing.transitions, id, 'transition', workflowId),
    async ({ wf, where, write, audit }) => {
      const { before, after } = replaceChild(wf, 'transitions', id, (current) => transitionEntry(input, current));
      await write();
      audit({
        action: 'updateTransition',
        entityType: 'transition',
        entityId: id,
        summary: `updated transition "${after.name}" (id ${id}) in ${where}`,
        before,
        after,
      });
    },
  );
  return fresh(ctx, Transition, id);
}

/** Soft-delete a transition; refused when a state would become unreachable or lose its way out. */
export async function deleteTransition(ctx: ServiceContext, id: number, workflowId?: number | null): Promise<boolean> {
  return changeWorkflow(
    ctx,
    (existing) => ownerOf(existing.transitions, id, 'transition', workflowId),
    async ({ wf, where, write, audit }) => {
      const before = removeChild(wf, 'transitions', id);
      await write();
      audit({
        action: 'deleteTransition',
        entityType: 'transition',
        entityId: id,
        summary: `deleted transition "${before.name}" (id ${id}) from ${where}`,
        before,
      });
      return true;
    },
  );
}
