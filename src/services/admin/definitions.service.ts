import { loadExisting, renderDefinitions, type ImportSummary } from '../../db/definitions';
import { parseDocument } from '../../domain/definitions';
import type { ServiceContext } from '../context';
import { managesWorkflow, requireActor, requireEditor, requireManagedWorkflow, requireSuperuser } from './access';
import { appAllows } from '../../domain/machine/policy';
import { runChange } from './change';
import { requireGrantedWorkflows } from './grants';
import { refusal } from './issues';

/** Import definition text (YAML or JSON) as `loongate import` does, in one transaction (superusers). */
export function importDefinitionText(ctx: ServiceContext, text: string, force = false): Promise<ImportSummary> {
  requireEditor(ctx);
  requireSuperuser(ctx, 'import definitions');
  return runChange(ctx, async (tx) => {
    let doc: unknown;
    try {
      doc = parseDocument(text);
    } catch (error) {
      throw refusal(error);
    }
    if (doc && typeof doc === 'object') requireGrantedWorkflows(ctx, tx.existing, doc as Record<string, unknown>);
    const summary = await tx.write(doc as Record<string, unknown>, { force, rawPaths: true });
    const total = (outcome: 'created' | 'updated' | 'removed') => Object.values(summary).reduce((n, c) => n + c[outcome], 0);
    tx.audit({
      action: 'importDefinitions',
      entityType: 'definitions',
      summary: `imported definitions: ${total('created')} created, ${total('updated')} updated, ${total('removed')} removed`,
      after: summary,
    });
    return summary;
  });
}

/** Workflows (default: those the user manages) with every dept, user and role as YAML; apps (tokens) are left out. */
export async function exportDefinitionText(ctx: ServiceContext, workflowIds?: number[] | null): Promise<string> {
  requireActor(ctx);
  const existing = await loadExisting(ctx.em.fork({ keepTransactionContext: true }));
  const usable = (id: number) => appAllows(ctx.app, id);
  const ids = workflowIds ?? existing.workflows.filter((w) => !w.isDeleted && usable(w.id) && managesWorkflow(ctx, existing, w)).map((w) => w.id);
  for (const id of ids) requireManagedWorkflow(ctx, existing, id);
  return renderDefinitions(existing, { workflowIds: ids });
}
