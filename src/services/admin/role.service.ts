import type { EntityManager } from '@mikro-orm/core';
import { catalogOf } from '../../db/catalog';
import { Role, User, UserRole } from '../../db/entities';
import { AppError } from '../../domain/errors';
import type { ServiceContext } from '../context';
import { requireUnused } from './access';
import { fresh, type Doc } from './change';
import { changeOrg, deleteEntry, entryById } from './org-change';
import { roleEntry, type RoleValues } from './org-entries';

/** A new role. */
export interface CreateRoleValues extends RoleValues {
  name: string;
  /** Usernames of the members. */
  members?: string[] | null;
}

/** Create a role (superusers). */
export async function createRole(ctx: ServiceContext, input: CreateRoleValues): Promise<Role> {
  const id = await changeOrg(ctx, async (tx) => {
    requireUnused(tx.existing.roles, (r) => r.name, input.name, 'role');
    const entry = { ...roleEntry(input), members: input.members ?? [] };
    await tx.write({ roles: [entry] });
    const row = await tx.em.findOneOrFail(Role, { name: input.name, isDeleted: false });
    row.creator ||= ctx.username;
    tx.audit({
      action: 'createRole',
      entityType: 'role',
      entityId: row.id,
      summary: `created role "${input.name}" (id ${row.id})`,
      after: { ...entry, id: row.id },
    });
    return row.id;
  });
  return fresh(ctx, Role, id);
}

/** Change a role's name, description or label. */
export async function updateRole(ctx: ServiceContext, id: number, input: RoleValues): Promise<Role> {
  await changeOrg(ctx, async (tx, doc) => {
    const before = entryById(doc, 'roles', id);
    const after = roleEntry(input, before);
    await tx.write({ roles: [after] });
    tx.audit({ action: 'updateRole', entityType: 'role', entityId: id, summary: `updated role "${after.name}" (id ${id})`, before, after });
  });
  return fresh(ctx, Role, id);
}

async function changeMembers(ctx: ServiceContext, roleId: number, userId: number, add: boolean): Promise<Role> {
  await changeOrg(ctx, async (tx, doc) => {
    const before = entryById(doc, 'roles', roleId);
    const user = tx.existing.users.find((u) => u.id === userId && !u.isDeleted);
    if (!user) throw AppError.notFound(`user ${userId} does not exist`);
    const members = (before.members as string[] | undefined) ?? [];
    const next = add ? [...members.filter((m) => m !== user.username), user.username] : members.filter((m) => m !== user.username);
    const after: Doc = { ...before, members: next };
    await tx.write({ roles: [after] });
    const verb = add ? 'added' : 'removed';
    tx.audit({
      action: add ? 'addRoleMember' : 'removeRoleMember',
      entityType: 'role',
      entityId: roleId,
      summary: `${verb} user "${user.username}" (id ${userId}) ${add ? 'to' : 'from'} role "${before.name}" (id ${roleId})`,
      before: { members },
      after: { members: next },
    });
  });
  return fresh(ctx, Role, roleId);
}

/** Make a user a member of a role. */
export function addRoleMember(ctx: ServiceContext, roleId: number, userId: number): Promise<Role> {
  return changeMembers(ctx, roleId, userId, true);
}

/** Remove a user from a role. */
export function removeRoleMember(ctx: ServiceContext, roleId: number, userId: number): Promise<Role> {
  return changeMembers(ctx, roleId, userId, false);
}

/** Soft-delete a role; refused while participants or limits name it. */
export async function deleteRole(ctx: ServiceContext, id: number): Promise<boolean> {
  return changeOrg(ctx, async (tx, doc) => {
    const before = await deleteEntry(tx, doc, 'roles', id);
    tx.audit({ action: 'deleteRole', entityType: 'role', entityId: id, summary: `deleted role "${before.name}" (id ${id})`, before });
    return true;
  });
}

/** Live members of each role, in membership order (two queries for the roles no earlier request loaded). */
export async function membersByRole(em: EntityManager, roleIds: readonly number[]): Promise<User[][]> {
  const found = await (await catalogOf(em)).many('roleMembers', roleIds, async (db, missing: number[]) => {
    const links = await db.find(UserRole, { roleId: missing }, { orderBy: { id: 'asc' } });
    const users = links.length ? await db.find(User, { id: [...new Set(links.map((l) => l.userId))], isDeleted: false }) : [];
    const byId = new Map(users.map((u) => [u.id, u]));
    return new Map(missing.map((roleId) => [roleId, links.filter((l) => l.roleId === roleId).flatMap((l) => byId.get(l.userId) ?? [])]));
  });
  return found.map((members) => members ?? []);
}
