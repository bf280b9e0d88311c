import { WorkflowVersion } from '../../db/entities';
import { publishDraft, type Published } from '../../db/workflow-versions';
import { AppError } from '../../domain/errors';
import type { ServiceContext } from '../context';
import { requireEditor, requireManagedWorkflow } from '../admin/access';
import { runChange } from '../admin/change';
import { workflowDoc } from '../admin/workflow-doc';
import { getWorkflow } from '../workflow.service';

/**
 * Publish a workflow's draft (its live rows) as its next version, immutable from then on: new tickets run on it.
 * The first publication also pins every existing ticket to version 1, so that later draft edits leave them alone
 * (docs/versions.md). The draft is validated again by the importer's rules; a draft that changes nothing is refused.
 */
export function publishWorkflow(ctx: ServiceContext, workflowId: number): Promise<Published> {
  requireEditor(ctx);
  return runChange(ctx, async (tx) => {
    const workflow = requireManagedWorkflow(ctx, tx.existing, workflowId);
    await tx.write({ workflows: [workflowDoc(tx.existing, workflowId)] });
    const published = await publishDraft(tx.em, workflowId, ctx.username);
    if (!published)
      throw AppError.badInput(
        `workflow "${workflow.name}" (id ${workflowId}): the draft is the same as version ${workflow.publishedVersion}; change it before publishing`,
      );
    const pinned = published.pinnedTickets ? `, pinning ${published.pinnedTickets} ticket(s) to it` : '';
    tx.audit({
      action: 'publishWorkflow',
      entityType: 'workflow',
      entityId: workflowId,
      workflowId,
      summary: `published workflow "${workflow.name}" (id ${workflowId}) as version ${published.version}${pinned}`,
      after: { version: published.version },
    });
    return published;
  });
}

/** The published versions of a workflow the caller's app may use, oldest first. */
export async function workflowVersions(ctx: ServiceContext, workflowId: number): Promise<WorkflowVersion[]> {
  await getWorkflow(ctx, workflowId);
  return ctx.em.find(WorkflowVersion, { workflowId }, { orderBy: { version: 'asc' }, exclude: ['definition'] } as never);
}
