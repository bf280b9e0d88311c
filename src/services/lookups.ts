import type { EntityManager } from '@mikro-orm/core';
import { catalogOf } from '../db/catalog';
import { Dept, Role, State, Transition, User, UserDept, Workflow } from '../db/entities';
import { ParticipantType } from '../domain/constants';
import type { ParticipantLookups } from '../domain/participant-info';
import { participantUsernames } from '../domain/participant-info';
import type { Ticket } from '../db/entities';

/** Rows of `entity` whose `key` is one of `keys`, deleted ones included, as a map by that key. */
function rowsBy<T extends object, K extends string | number>(entity: new () => T, key: keyof T & string) {
  return async (em: EntityManager, keys: K[]): Promise<Map<K, T>> => {
    const rows = await em.find(entity, { [key]: keys } as never);
    return new Map(rows.map((r) => [r[key] as K, r]));
  };
}

/**
 * Batch lookups of reference data for loaders and presenters: each returns rows in key order, null
 * for a miss. They read through the catalog, so a request only queries what no earlier one loaded.
 */
export const lookups = {
  async usersByName(em: EntityManager, names: readonly string[]): Promise<(User | null)[]> {
    return (await catalogOf(em)).many('userRow', names, rowsBy(User, 'username'));
  },
  async statesById(em: EntityManager, ids: readonly number[]): Promise<(State | null)[]> {
    return (await catalogOf(em)).many('state', ids, rowsBy(State, 'id'));
  },
  async workflowsById(em: EntityManager, ids: readonly number[]): Promise<(Workflow | null)[]> {
    return (await catalogOf(em)).many('workflowRow', ids, rowsBy(Workflow, 'id'));
  },
  async deptsById(em: EntityManager, ids: readonly number[]): Promise<(Dept | null)[]> {
    return (await catalogOf(em)).many('dept', ids, rowsBy(Dept, 'id'));
  },
  async rolesById(em: EntityManager, ids: readonly number[]): Promise<(Role | null)[]> {
    return (await catalogOf(em)).many('role', ids, rowsBy(Role, 'id'));
  },
  async transitionsById(em: EntityManager, ids: readonly number[]): Promise<(Transition | null)[]> {
    return (await catalogOf(em)).many('transition', ids, rowsBy(Transition, 'id'));
  },
  async deptIdsByUserId(em: EntityManager, userIds: readonly number[]): Promise<number[][]> {
    const found = await (await catalogOf(em)).many('userDepts', userIds, async (fresh, missing: number[]) => {
      const rows = await fresh.find(UserDept, { userId: missing }, { orderBy: { position: 'asc', id: 'asc' } });
      return new Map(missing.map((id) => [id, rows.filter((r) => r.userId === id).map((r) => r.deptId)]));
    });
    return found.map((ids) => ids ?? []);
  },
};

/** Participant lookups for a set of tickets, through the catalog. */
export async function participantLookups(em: EntityManager, tickets: Ticket[]): Promise<ParticipantLookups> {
  const names = [...new Set(tickets.flatMap((t) => participantUsernames(t)))];
  const deptIds = tickets.filter((t) => t.participantTypeId === ParticipantType.DEPT).flatMap((t) => t.participant.split(',').map(Number));
  const roleIds = tickets.filter((t) => t.participantTypeId === ParticipantType.ROLE).map((t) => Number(t.participant));
  const [users, depts, roles] = await Promise.all([lookups.usersByName(em, names), lookups.deptsById(em, deptIds), lookups.rolesById(em, roleIds)]);
  const alias = new Map(users.filter((u): u is User => !!u).map((u) => [u.username, u.alias || u.username]));
  const dept = new Map(depts.filter((d): d is Dept => !!d).map((d) => [d.id, d.name]));
  const role = new Map(roles.filter((r): r is Role => !!r).map((r) => [r.id, r.name]));
  return { alias: (u) => alias.get(u), deptName: (id) => dept.get(id), roleName: (id) => role.get(id) };
}
