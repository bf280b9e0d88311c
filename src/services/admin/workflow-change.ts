import type { Workflow } from '../../db/entities';
import type { Existing } from '../../db/definitions';
import { AppError } from '../../domain/errors';
import type { ServiceContext } from '../context';
import { requireEditor, requireManagedWorkflow } from './access';
import { runChange, type AuditInput, type ChangeTx } from './change';
import { workflowDoc, type WorkflowDoc } from './workflow-doc';

/** One change to one workflow's definition. */
export interface WorkflowEdit {
  tx: ChangeTx;
  workflow: Workflow;
  /** The workflow as a document entry, to edit in place. */
  wf: WorkflowDoc;
  /** `workflow "name" (id N)`, for summaries. */
  where: string;
  /** Validate and write the edited entry. */
  write(opts?: { force?: boolean }): Promise<void>;
  /** Record the change under this workflow. */
  audit(entry: Omit<AuditInput, 'workflowId'>): void;
}

/** Load a workflow the acting user manages as a document entry, let `fn` change and write it, in one transaction. */
export function changeWorkflow<T>(
  ctx: ServiceContext,
  workflowId: number | ((existing: Existing) => number),
  fn: (edit: WorkflowEdit) => Promise<T>,
): Promise<T> {
  requireEditor(ctx);
  return runChange(ctx, async (tx) => {
    const id = typeof workflowId === 'function' ? workflowId(tx.existing) : workflowId;
    const workflow = requireManagedWorkflow(ctx, tx.existing, id);
    const wf = workflowDoc(tx.existing, id);
    return fn({
      tx,
      workflow,
      wf,
      where: `workflow "${workflow.name}" (id ${id})`,
      write: async (opts) => void (await tx.write({ workflows: [wf] }, opts)),
      audit: (entry) => tx.audit({ ...entry, workflowId: id }),
    });
  });
}

/** The workflow of a live child row; when the caller names a workflow, the row must belong to it. */
export function ownerOf(rows: readonly { id: number; workflowId: number; isDeleted: boolean }[], id: number, kind: string, workflowId?: number | null): number {
  const row = rows.find((r) => r.id === id && !r.isDeleted);
  if (!row || (workflowId != null && row.workflowId !== workflowId)) {
    throw AppError.notFound(`${kind} ${id} does not exist${workflowId != null ? ` in workflow ${workflowId}` : ''}`);
  }
  return row.workflowId;
}
