import type { EntityManager } from '@mikro-orm/core';
import { loadLiveRows, loadVersionRows, parseVersion, serializeVersion, type VersionRows } from '../../db/workflow-snapshot';
import { diffText, diffWorkflow, type DiffChange } from '../../domain/versions/diff';
import { AppError } from '../../domain/errors';
import type { ServiceContext } from '../context';
import { getWorkflow } from '../workflow.service';

/** A published version by number, or the draft (the live rows). */
export type VersionRef = number | 'draft';

/** What differs between two versions of a workflow, as changes and as readable lines. */
export interface WorkflowDiff {
  workflowId: number;
  from: VersionRef;
  to: VersionRef;
  changes: DiffChange[];
  text: string[];
}

/** The rows of one side, as plain detached rows (the draft goes through the snapshot format so both sides compare alike). */
async function sideOf(em: EntityManager, workflowId: number, ref: VersionRef): Promise<VersionRows> {
  if (ref === 'draft') {
    const live = await loadLiveRows(em, workflowId);
    if (!live) throw AppError.notFound(`workflow ${workflowId} does not exist`);
    return parseVersion(serializeVersion(em, live));
  }
  if (!Number.isInteger(ref) || ref < 1) throw AppError.badInput(`version ${ref} is not a version number (1 or more, or the draft)`);
  const rows = await loadVersionRows(em, workflowId, ref);
  if (!rows) throw AppError.notFound(`workflow ${workflowId} has no published version ${ref}`);
  return rows;
}

/** Compare two versions of a workflow (used by the CLI, which acts on the database directly). */
export async function diffVersions(em: EntityManager, workflowId: number, from: VersionRef, to: VersionRef): Promise<WorkflowDiff> {
  const [a, b] = [await sideOf(em, workflowId, from), await sideOf(em, workflowId, to)];
  const changes = diffWorkflow(a, b);
  return { workflowId, from, to, changes, text: diffText(changes) };
}

/** Compare two versions of a workflow the caller's app may use; `to` left out is the draft. */
export async function workflowDiff(ctx: ServiceContext, workflowId: number, from: number, to?: number | null): Promise<WorkflowDiff> {
  await getWorkflow(ctx, workflowId);
  return diffVersions(ctx.em.fork(), workflowId, from, to ?? 'draft');
}
