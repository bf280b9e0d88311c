import type { EntityManager } from '@mikro-orm/core';
import { resetCatalog } from '../../db/catalog';
import { AuditEntry } from '../../db/entities';
import { loadExisting, lockDefinitions, writeDefinitions, type Existing, type ImportSummary } from '../../db/definitions';
import type { KnownRows } from '../../domain/definitions';
import type { ServiceContext } from '../context';
import { appGrantsGuard } from './grants';
import { refusal } from './issues';

/** A definition document (the import format) or one of its entries. */
export type Doc = Record<string, unknown>;

/** One audit entry of a change; actor, app and time are added. */
export interface AuditInput {
  action: string;
  entityType: string;
  entityId?: number | null;
  workflowId?: number | null;
  summary: string;
  before?: unknown;
  after?: unknown;
}

/** Options of one write. */
export interface ChangeWriteOptions {
  /** Write even when the change strands live tickets. */
  force?: boolean;
  /** The rows references may name (default: every live row). */
  known?: KnownRows;
  /** Report problems with the document's own paths (imports) rather than naming its entries. */
  rawPaths?: boolean;
}

/** What a change sees and does inside its transaction. */
export interface ChangeTx {
  em: EntityManager;
  /** Every definition row as it was when the change began. */
  existing: Existing;
  /** Validate `doc` against the database and write it through the importer, as `loongate import` does. */
  write(doc: Doc, opts?: ChangeWriteOptions): Promise<ImportSummary>;
  /** Record who changed what, with the entry before and after. */
  audit(entry: AuditInput): void;
}

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'token' && v ? '***' : redact(v)]));
}

/**
 * Run one definition change in one transaction, serialised with the others; a refused change leaves nothing behind,
 * and no change leaves an app reaching beyond the calling app's grants.
 */
export async function runChange<T>(ctx: ServiceContext, fn: (tx: ChangeTx) => Promise<T>): Promise<T> {
  const changed = await ctx.em.fork({ keepTransactionContext: true }).transactional(async (em) => {
    await lockDefinitions(em);
    const existing = await loadExisting(em);
    const checkGrants = appGrantsGuard(ctx, existing);
    const tx: ChangeTx = {
      em,
      existing,
      write: (doc, opts = {}) =>
        writeDefinitions(em, existing, doc, {
          hookAllow: ctx.config.hookAllow,
          force: opts.force,
          known: opts.known,
        }).catch((error: unknown) => {
          throw refusal(error, opts.rawPaths ? undefined : doc);
        }),
      audit: (entry) => {
        em.persist(
          em.create(AuditEntry, {
            actor: ctx.username,
            appName: ctx.app.name,
            ...entry,
            summary: entry.summary.slice(0, 500),
            before: redact(entry.before ?? null),
            after: redact(entry.after ?? null),
          }),
        );
      },
    };
    const result = await fn(tx);
    await checkGrants(em);
    return result;
  });
  resetCatalog(ctx.em);
  return changed;
}

/** A row as the rest of the request should see it after a change. */
export async function fresh<T extends object>(ctx: ServiceContext, entity: new () => T, id: number): Promise<T> {
  return ctx.em.findOneOrFail(entity, { id } as never, { refresh: true });
}
