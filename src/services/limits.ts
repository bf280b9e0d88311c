import type { EntityManager } from '@mikro-orm/core';
import { Dept, Ticket, UserDept, UserRole, type LimitExpression } from '../db/entities';
import { AppError, ErrorCode } from '../domain/errors';
import type { ServiceContext } from './context';

function limited(message: string): AppError {
  return new AppError(ErrorCode.LIMIT_EXCEEDED, message);
}

async function deptsWithAncestors(em: EntityManager, userId: number): Promise<Set<number>> {
  const links = await em.find(UserDept, { userId });
  const depts = new Map((await em.find(Dept, { isDeleted: false }, { fields: ['id', 'parentId'] })).map((d) => [d.id, d.parentId]));
  const out = new Set<number>();
  for (const link of links) {
    let id: number | null | undefined = link.deptId;
    while (id && !out.has(id)) (out.add(id), (id = depts.get(id)));
  }
  return out;
}

/** Enforce a workflow's creation limits for the acting user (§6.9 with the Decision: `>= count`, level 2 global). */
export async function checkCreationLimit(ctx: ServiceContext, em: EntityManager, workflowId: number, limit: LimitExpression): Promise<void> {
  const username = ctx.username;
  if (limit.allow_persons?.length && !limit.allow_persons.includes(username)) {
    throw limited(`user ${username} is not allowed to create tickets of this workflow`);
  }
  if (limit.allow_depts?.length) {
    const mine = ctx.user ? await deptsWithAncestors(em, ctx.user.id) : new Set<number>();
    if (!limit.allow_depts.some((d) => mine.has(d))) throw limited(`user ${username}'s departments are not allowed to create tickets of this workflow`);
  }
  if (limit.allow_roles?.length) {
    const roles = ctx.user ? (await em.find(UserRole, { userId: ctx.user.id })).map((r) => r.roleId) : [];
    if (!limit.allow_roles.some((r) => roles.includes(r))) throw limited(`user ${username}'s roles are not allowed to create tickets of this workflow`);
  }
  if (limit.period && limit.count !== undefined) {
    const since = new Date(Date.now() - limit.period * 3600_000);
    const where = { workflowId, isDeleted: false, createdAt: { $gte: since }, ...(limit.level === 2 ? {} : { creator: username }) };
    const count = await em.count(Ticket, where);
    if (count >= limit.count) {
      throw limited(`${limit.level === 2 ? 'this workflow' : `user ${username}`} already created ${count} tickets in the last ${limit.period} hours (limit ${limit.count})`);
    }
  }
}
