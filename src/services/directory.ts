import type { EntityManager } from '@mikro-orm/core';
import { catalogOf } from '../db/catalog';
import { Dept, Role, User, UserDept, UserRole } from '../db/entities';
import type { Directory } from '../domain/participants';

/** The participant directory: database queries whose answers the catalog keeps per revision. */
export class DbDirectory implements Directory {
  constructor(private readonly em: EntityManager) {}

  private async via<T>(key: string, load: (queries: DirectoryQueries) => Promise<T>): Promise<T> {
    return (await catalogOf(this.em)).cached(key, (db) => load(new DirectoryQueries(db)));
  }

  usersInDepts(deptIds: number[]): Promise<string[]> {
    return this.via(`usersInDepts:${deptIds.join(',')}`, (q) => q.usersInDepts(deptIds));
  }

  roleMembers(roleId: number): Promise<string[]> {
    return this.via(`roleMemberNames:${roleId}`, (q) => q.roleMembers(roleId));
  }

  teamLeaders(username: string): Promise<string[]> {
    return this.via(`teamLeaders:${username}`, (q) => q.teamLeaders(username));
  }

  async activeUsers(usernames: string[]): Promise<Set<string>> {
    const active = await (await catalogOf(this.em)).many('activeUser', usernames, async (db, missing: string[]) => {
      const found = await new DirectoryQueries(db).activeUsers(missing);
      return new Map(missing.map((name) => [name, found.has(name)]));
    });
    return new Set(usernames.filter((_, i) => active[i]));
  }
}

class DirectoryQueries implements Directory {
  constructor(private readonly em: EntityManager) {}

  async usersInDepts(deptIds: number[]): Promise<string[]> {
    const all = await this.em.find(Dept, { isDeleted: false }, { fields: ['id', 'parentId'] });
    const wanted = new Set(deptIds.filter((id) => all.some((d) => d.id === id)));
    let grew = true;
    while (grew) {
      grew = false;
      for (const d of all) if (d.parentId && wanted.has(d.parentId) && !wanted.has(d.id)) wanted.add(d.id), (grew = true);
    }
    if (!wanted.size) return [];
    const links = await this.em.find(UserDept, { deptId: [...wanted] }, { orderBy: { deptId: 'asc', userId: 'asc' } });
    return this.namesOf(links.map((l) => l.userId));
  }

  async roleMembers(roleId: number): Promise<string[]> {
    const role = await this.em.findOne(Role, { id: roleId, isDeleted: false });
    if (!role) return [];
    const links = await this.em.find(UserRole, { roleId }, { orderBy: { id: 'asc' } });
    return this.namesOf(links.map((l) => l.userId));
  }

  async teamLeaders(username: string): Promise<string[]> {
    const user = await this.em.findOne(User, { username, isDeleted: false });
    if (!user) return [];
    const link = await this.em.findOne(UserDept, { userId: user.id }, { orderBy: { position: 'asc', id: 'asc' } });
    const dept = link ? await this.em.findOne(Dept, { id: link.deptId, isDeleted: false }) : null;
    if (!dept) return [];
    return dept.approvers.length ? dept.approvers : dept.leader ? [dept.leader] : [];
  }

  async activeUsers(usernames: string[]): Promise<Set<string>> {
    if (!usernames.length) return new Set();
    const users = await this.em.find(User, { username: usernames, isActive: true, isDeleted: false }, { fields: ['username'] });
    return new Set(users.map((u) => u.username));
  }

  private async namesOf(userIds: number[]): Promise<string[]> {
    if (!userIds.length) return [];
    const users = await this.em.find(User, { id: userIds, isDeleted: false }, { fields: ['id', 'username'] });
    const byId = new Map(users.map((u) => [u.id, u.username]));
    return userIds.map((id) => byId.get(id)).filter((u): u is string => !!u);
  }
}
