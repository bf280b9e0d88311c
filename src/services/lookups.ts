import type { EntityManager } from '@mikro-orm/core';
import { Dept, Role, State, User, UserDept, Workflow } from '../db/entities';
import type { ParticipantLookups } from '../domain/participant-info';
import { participantUsernames } from '../domain/participant-info';
import type { Ticket } from '../db/entities';

/** Batch lookups for loaders and presenters: each returns rows in key order, null for a miss. */
export const lookups = {
  async usersByName(em: EntityManager, names: readonly string[]): Promise<(User | null)[]> {
    const rows = names.length ? await em.find(User, { username: [...new Set(names)] }) : [];
    const map = new Map(rows.map((u) => [u.username, u]));
    return names.map((n) => map.get(n) ?? null);
  },
  async statesById(em: EntityManager, ids: readonly number[]): Promise<(State | null)[]> {
    const rows = ids.length ? await em.find(State, { id: [...new Set(ids)] }) : [];
    const map = new Map(rows.map((s) => [s.id, s]));
    return ids.map((id) => map.get(id) ?? null);
  },
  async workflowsById(em: EntityManager, ids: readonly number[]): Promise<(Workflow | null)[]> {
    const rows = ids.length ? await em.find(Workflow, { id: [...new Set(ids)] }) : [];
    const map = new Map(rows.map((w) => [w.id, w]));
    return ids.map((id) => map.get(id) ?? null);
  },
  async deptsById(em: EntityManager, ids: readonly number[]): Promise<(Dept | null)[]> {
    const rows = ids.length ? await em.find(Dept, { id: [...new Set(ids)] }) : [];
    const map = new Map(rows.map((d) => [d.id, d]));
    return ids.map((id) => map.get(id) ?? null);
  },
  async deptIdsByUserId(em: EntityManager, userIds: readonly number[]): Promise<number[][]> {
    const rows = userIds.length ? await em.find(UserDept, { userId: [...new Set(userIds)] }, { orderBy: { position: 'asc', id: 'asc' } }) : [];
    return userIds.map((id) => rows.filter((r) => r.userId === id).map((r) => r.deptId));
  },
};

/** Participant lookups for a set of tickets, loaded in three queries. */
export async function participantLookups(em: EntityManager, tickets: Ticket[]): Promise<ParticipantLookups> {
  const names = [...new Set(tickets.flatMap((t) => participantUsernames(t)))];
  const deptIds = tickets.filter((t) => t.participantTypeId === 3).flatMap((t) => t.participant.split(',').map(Number));
  const roleIds = tickets.filter((t) => t.participantTypeId === 4).map((t) => Number(t.participant));
  const [users, depts, roles] = await Promise.all([
    lookups.usersByName(em, names),
    lookups.deptsById(em, deptIds),
    roleIds.length ? em.find(Role, { id: roleIds }) : Promise.resolve([] as Role[]),
  ]);
  const alias = new Map(users.filter((u): u is User => !!u).map((u) => [u.username, u.alias || u.username]));
  const dept = new Map(depts.filter((d): d is Dept => !!d).map((d) => [d.id, d.name]));
  const role = new Map(roles.map((r) => [r.id, r.name]));
  return { alias: (u) => alias.get(u), deptName: (id) => dept.get(id), roleName: (id) => role.get(id) };
}
