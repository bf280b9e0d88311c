import { AuditEntry } from '../../db/entities';
import { loadExisting } from '../../db/definitions';
import { AppError } from '../../domain/errors';
import type { ServiceContext } from '../context';
import { requireActor, requireManagedWorkflow } from './access';

/** Which audit entries to list. */
export interface AuditFilter {
  workflowId?: number | null;
  entityType?: string | null;
  entityId?: number | null;
  actor?: string | null;
}

/** One page of audit entries, newest first. */
export interface AuditPage {
  items: AuditEntry[];
  total: number;
  page: number;
  perPage: number;
}

/**
 * Audit entries, newest first, of the app's workflows and of people and apps: superusers see them all; workflow
 * admins those of a workflow they manage.
 */
export async function listAuditEntries(ctx: ServiceContext, filter: AuditFilter, page: number, perPage: number): Promise<AuditPage> {
  if (perPage < 1 || perPage > 1000) throw AppError.badInput('perPage: must be between 1 and 1000');
  if (!requireActor(ctx).isAdmin) {
    if (filter.workflowId == null) throw AppError.forbidden('only superusers may list every audit entry; name a workflow you manage (workflowId)');
    requireManagedWorkflow(ctx, await loadExisting(ctx.em.fork({ keepTransactionContext: true })), filter.workflowId);
  }
  const where: Record<string, unknown> = {};
  if (!ctx.app.allWorkflows) where.$or = [{ workflowId: null }, { workflowId: { $in: ctx.app.workflowIds } }];
  if (filter.workflowId != null) where.workflowId = filter.workflowId;
  if (filter.entityType) where.entityType = filter.entityType;
  if (filter.entityId != null) where.entityId = filter.entityId;
  if (filter.actor) where.actor = filter.actor;
  const current = Math.max(1, page);
  const [items, total] = await ctx.em.findAndCount(AuditEntry, where, {
    orderBy: { id: 'desc' },
    limit: perPage,
    offset: (current - 1) * perPage,
  });
  return { items, total, page: current, perPage };
}
