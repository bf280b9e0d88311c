import type { EntityManager } from '@mikro-orm/core';
import { Dept, Ticket, UserDept, UserRole } from '../db/entities';
import { limitCounts, type CreationFacts, type CreationLimit } from '../domain/machine/limits';
import type { ServiceContext } from './context';

async function deptsWithAncestors(em: EntityManager, userId: number): Promise<Set<number>> {
  const links = await em.find(UserDept, { userId });
  const depts = new Map((await em.find(Dept, { isDeleted: false }, { fields: ['id', 'parentId'] })).map((d) => [d.id, d.parentId]));
  const out = new Set<number>();
  for (const link of links) {
    let id: number | null | undefined = link.deptId;
    while (id && !out.has(id)) out.add(id), (id = depts.get(id));
  }
  return out;
}

/** What a workflow's creation limits are checked against, loaded only as far as the limit asks. */
export async function creationFacts(ctx: ServiceContext, em: EntityManager, workflowId: number, limit: CreationLimit): Promise<CreationFacts> {
  const user = ctx.user;
  const deptIds = limit.allow_depts?.length && user ? await deptsWithAncestors(em, user.id) : new Set<number>();
  const roleIds = limit.allow_roles?.length && user ? (await em.find(UserRole, { userId: user.id })).map((r) => r.roleId) : [];
  let recentCount = 0;
  if (limitCounts(limit)) {
    const since = new Date(Date.now() - limit.period! * 3600_000);
    recentCount = await em.count(Ticket, { workflowId, isDeleted: false, createdAt: { $gte: since }, ...(limit.level === 2 ? {} : { creator: ctx.username }) });
  }
  return { deptIds, roleIds, recentCount };
}
