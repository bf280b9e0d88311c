import { Refusal, RefusalReason as R } from './refusal';

/** A workflow's creation limits (loonflow's limit_expression). */
export interface CreationLimit {
  /** Hours the count looks back. */
  period?: number;
  /** Tickets allowed in the period: a creation is refused once this many exist. */
  count?: number;
  /** 1: count the creator's own tickets; 2: count every creator's. */
  level?: number;
  allow_persons?: string[];
  allow_depts?: number[];
  allow_roles?: number[];
}

/** What the limits are checked against, loaded by the caller as the limit asks. */
export interface CreationFacts {
  /** The creator's departments and all their ancestors. */
  deptIds: ReadonlySet<number>;
  roleIds: readonly number[];
  /** Tickets counted in the period (the creator's, or everyone's at level 2). */
  recentCount: number;
}

/** Whether the limit counts tickets (so the caller must load `recentCount`). */
export function limitCounts(limit: CreationLimit): boolean {
  return !!limit.period && limit.count !== undefined;
}

/** The refusal of a creation by `username` under the limit, or null. */
export function creationLimitRefusal(username: string, limit: CreationLimit, facts: CreationFacts): Refusal | null {
  const limited = (message: string, rule: string) => new Refusal(R.LIMIT_EXCEEDED, message, { rule });
  if (limit.allow_persons?.length && !limit.allow_persons.includes(username)) {
    return limited(`user ${username} is not allowed to create tickets of this workflow`, 'allow_persons');
  }
  if (limit.allow_depts?.length && !limit.allow_depts.some((d) => facts.deptIds.has(d))) {
    return limited(`user ${username}'s departments are not allowed to create tickets of this workflow`, 'allow_depts');
  }
  if (limit.allow_roles?.length && !limit.allow_roles.some((r) => facts.roleIds.includes(r))) {
    return limited(`user ${username}'s roles are not allowed to create tickets of this workflow`, 'allow_roles');
  }
  if (limitCounts(limit) && facts.recentCount >= limit.count!) {
    const who = limit.level === 2 ? 'this workflow' : `user ${username}`;
    return limited(`${who} already created ${facts.recentCount} tickets in the last ${limit.period} hours (limit ${limit.count})`, 'count');
  }
  return null;
}
