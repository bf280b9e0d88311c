import { bumpCatalogRevision } from '../../db/catalog';
import { knownRows, definitionDocument, type Existing } from '../../db/definitions';
import { AppError } from '../../domain/errors';
import type { ServiceContext } from '../context';
import { requireEditor, requireSuperuser } from './access';
import { runChange, type ChangeTx, type Doc } from './change';

/** A section of the definition document that holds people or callers. */
export type OrgSection = 'depts' | 'users' | 'roles' | 'apps';

const KIND: Record<OrgSection, string> = { depts: 'dept', users: 'user', roles: 'role', apps: 'app' };

/** One change to people, groups or callers (superusers only), with the whole definition document as it is. */
export function changeOrg<T>(ctx: ServiceContext, fn: (tx: ChangeTx, doc: Doc) => Promise<T>): Promise<T> {
  requireEditor(ctx);
  requireSuperuser(ctx, 'change users, depts, roles and apps');
  return runChange(ctx, (tx) => fn(tx, definitionDocument(tx.existing)));
}

/** The entries of a section of the document. */
export function entries(doc: Doc, section: OrgSection): Doc[] {
  return Array.isArray(doc[section]) ? (doc[section] as Doc[]) : [];
}

/** The entry with this id, failing with NOT_FOUND. */
export function entryById(doc: Doc, section: OrgSection, id: number): Doc {
  const entry = entries(doc, section).find((e) => e.id === id);
  if (!entry) throw AppError.notFound(`${KIND[section]} ${id} does not exist`);
  return entry;
}

/** The section with the entry of this id replaced by `after`. */
export function replaced(doc: Doc, section: OrgSection, id: number, after: Doc): Doc[] {
  return entries(doc, section).map((e) => (e.id === id ? after : e));
}

/** Write the whole document (apps aside) without this entry, refusing what still names it; then soft-delete the row. */
export async function deleteEntry(
  tx: ChangeTx,
  doc: Doc,
  section: OrgSection,
  id: number,
  cascade: (doc: Doc, entry: Doc) => void = () => undefined,
): Promise<Doc> {
  const entry = entryById(doc, section, id);
  delete doc.apps;
  doc[section] = entries(doc, section).filter((e) => e !== entry);
  cascade(doc, entry);
  const rows: Existing = { ...tx.existing, [section]: tx.existing[section].filter((r) => r.id !== id) };
  await tx.write(doc, { known: knownRows(rows) });
  const row = tx.existing[section].find((r) => r.id === id);
  if (row) row.isDeleted = true;
  await bumpCatalogRevision(tx.em);
  return entry;
}
