import { User } from '../../db/entities';
import type { ServiceContext } from '../context';
import { requireUnused } from './access';
import { fresh, type Doc } from './change';
import { changeOrg, deleteEntry, entries, entryById } from './org-change';
import { userEntry, type UserValues } from './org-entries';

/** A new user. */
export interface CreateUserValues extends UserValues {
  username: string;
}

/** Create a user (superusers). */
export async function createUser(ctx: ServiceContext, input: CreateUserValues): Promise<User> {
  const id = await changeOrg(ctx, async (tx) => {
    requireUnused(tx.existing.users, (u) => u.username, input.username, 'user');
    const entry = userEntry(input);
    await tx.write({ users: [entry] });
    const row = await tx.em.findOneOrFail(User, { username: input.username, isDeleted: false });
    row.creator ||= ctx.username;
    tx.audit({
      action: 'createUser',
      entityType: 'user',
      entityId: row.id,
      summary: `created user "${input.username}" (id ${row.id})`,
      after: { ...entry, id: row.id },
    });
    return row.id;
  });
  return fresh(ctx, User, id);
}

/** Change a user, and with deptIds their depts. */
export async function updateUser(ctx: ServiceContext, id: number, input: UserValues): Promise<User> {
  await changeOrg(ctx, async (tx, doc) => {
    const before = entryById(doc, 'users', id);
    const after = userEntry(input, before);
    await tx.write({ users: [after] });
    tx.audit({ action: 'updateUser', entityType: 'user', entityId: id, summary: `updated user "${after.username}" (id ${id})`, before, after });
  });
  return fresh(ctx, User, id);
}

function dropMember(doc: Doc, user: Doc): void {
  for (const role of entries(doc, 'roles')) {
    if (Array.isArray(role.members)) role.members = role.members.filter((m) => m !== user.username);
  }
  for (const wf of Array.isArray(doc.workflows) ? (doc.workflows as Doc[]) : []) {
    if (Array.isArray(wf.admins)) wf.admins = wf.admins.filter((a) => a !== user.username);
  }
}

/** Soft-delete a user and their role and workflow-admin memberships; refused while definitions name them. */
export async function deleteUser(ctx: ServiceContext, id: number): Promise<boolean> {
  return changeOrg(ctx, async (tx, doc) => {
    const before = await deleteEntry(tx, doc, 'users', id, dropMember);
    tx.audit({ action: 'deleteUser', entityType: 'user', entityId: id, summary: `deleted user "${before.username}" (id ${id})`, before });
    return true;
  });
}
