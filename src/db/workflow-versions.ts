import type { EntityManager } from '@mikro-orm/core';
import { bumpCatalogRevision } from './catalog';
import { Ticket, Workflow, WorkflowVersion } from './entities';
import { loadLiveRows, loadVersionRows, serializeVersion, type VersionRows } from './workflow-snapshot';

/** What a publication made. */
export interface Published {
  workflowId: number;
  version: number;
  /** Tickets pinned to the version by this publication (the first one pins every ticket of the workflow). */
  pinnedTickets: number;
}

/** The columns that say what a row does, not when it was written or which version names it. */
function behaviour(em: EntityManager, rows: VersionRows): string {
  const ignored = new Set(['createdAt', 'updatedAt', 'publishedVersion']);
  return JSON.stringify(JSON.parse(serializeVersion(em, rows)), (key, value) => (ignored.has(key) ? undefined : value));
}

/**
 * Freeze a workflow's live rows (its draft) as its next version, inside a transaction that locked the definitions
 * (lockDefinitions) and validated them. The first publication pins every ticket of the workflow to version 1, what
 * they ran on. Answers null, writing nothing, when the draft does the same as the published version.
 */
export async function publishDraft(em: EntityManager, workflowId: number, creator: string): Promise<Published | null> {
  const reader = em.fork({ keepTransactionContext: true, clear: true });
  const [live, workflow] = await Promise.all([loadLiveRows(reader, workflowId), reader.findOne(Workflow, { id: workflowId, isDeleted: false })]);
  if (!live || !workflow) return null;
  const previous = workflow.publishedVersion;
  const before = previous ? await loadVersionRows(reader, workflowId, previous) : null;
  if (before && behaviour(em, before) === behaviour(em, live)) return null;
  const version = previous + 1;
  live.workflow.publishedVersion = version;
  const definition = serializeVersion(em, live);
  await em.insert(WorkflowVersion, { workflowId, version, definition, creator, createdAt: new Date() });
  await em.nativeUpdate(Workflow, { id: workflowId }, { publishedVersion: version });
  const pinnedTickets = version === 1 ? await em.nativeUpdate(Ticket, { workflowId, workflowVersion: null }, { workflowVersion: 1 }) : 0;
  await bumpCatalogRevision(em);
  return { workflowId, version, pinnedTickets };
}
