import { Dept } from '../../db/entities';
import type { ServiceContext } from '../context';
import { fresh, type Doc } from './change';
import { changeOrg, deleteEntry, entries, entryById, replaced } from './org-change';
import { deptEntry, type DeptValues } from './org-entries';

/** A new dept. */
export interface CreateDeptValues extends DeptValues {
  name: string;
}

/** Create a dept (superusers); every dept is checked with it, so parent chains cannot loop. */
export async function createDept(ctx: ServiceContext, input: CreateDeptValues): Promise<Dept> {
  const id = await changeOrg(ctx, async (tx, doc) => {
    const entry = deptEntry(input);
    await tx.write({ depts: [...entries(doc, 'depts'), entry] });
    const row = await tx.em.findOneOrFail(Dept, { name: input.name, isDeleted: false });
    row.creator ||= ctx.username;
    tx.audit({
      action: 'createDept',
      entityType: 'dept',
      entityId: row.id,
      summary: `created dept "${input.name}" (id ${row.id})`,
      after: { ...entry, id: row.id },
    });
    return row.id;
  });
  return fresh(ctx, Dept, id);
}

/** Change a dept. */
export async function updateDept(ctx: ServiceContext, id: number, input: DeptValues): Promise<Dept> {
  await changeOrg(ctx, async (tx, doc) => {
    const before = entryById(doc, 'depts', id);
    const after = deptEntry(input, before);
    await tx.write({ depts: replaced(doc, 'depts', id, after) });
    tx.audit({ action: 'updateDept', entityType: 'dept', entityId: id, summary: `updated dept "${after.name}" (id ${id})`, before, after });
  });
  return fresh(ctx, Dept, id);
}

function dropMembership(doc: Doc, dept: Doc): void {
  const named = (ref: unknown) => ref === dept.name || ref === dept.id;
  for (const user of entries(doc, 'users')) {
    const refs = user.depts ?? (user.dept === undefined ? undefined : [user.dept]);
    if (!Array.isArray(refs) || !refs.some(named)) continue;
    delete user.dept;
    user.depts = refs.filter((ref) => !named(ref));
  }
}

/** Soft-delete a dept and its memberships; refused while sub-depts, participants or limits name it. */
export async function deleteDept(ctx: ServiceContext, id: number): Promise<boolean> {
  return changeOrg(ctx, async (tx, doc) => {
    const before = await deleteEntry(tx, doc, 'depts', id, dropMembership);
    tx.audit({ action: 'deleteDept', entityType: 'dept', entityId: id, summary: `deleted dept "${before.name}" (id ${id})`, before });
    return true;
  });
}
