import { LockMode, type EntityManager } from '@mikro-orm/core';
import type { KnownRows } from '../../domain/definitions';
import { markCatalogWriter } from '../catalog';
import { App, BaseRow, CustomField, Dept, Notice, Role, State, Transition, User, UserDept, UserRole, Workflow, WorkflowAdmin } from '../entities';

/** Every definition row in the database, soft-deleted ones included, managed by one EntityManager. */
export interface Existing {
  depts: Dept[];
  users: User[];
  roles: Role[];
  apps: App[];
  workflows: Workflow[];
  states: State[];
  transitions: Transition[];
  fields: CustomField[];
  notices: Notice[];
  userDepts: UserDept[];
  userRoles: UserRole[];
  admins: WorkflowAdmin[];
}

/** Lock the workflow rows (MySQL: SELECT … FOR UPDATE) so that definition changes run one at a time; the transaction writes definitions. */
export async function lockDefinitions(em: EntityManager): Promise<void> {
  markCatalogWriter(em);
  await em.find(Workflow, {}, { lockMode: LockMode.PESSIMISTIC_WRITE, exclude: ['createdAt', 'updatedAt'], orderBy: { id: 'asc' } } as never);
}

/** Load every definition row by id, without timestamps (libsql would flush a loaded datetime back as changed). */
export async function loadExisting(em: EntityManager): Promise<Existing> {
  const all = <T extends { id: number }>(entity: new () => T) => {
    const exclude = entity.prototype instanceof BaseRow ? ['createdAt', 'updatedAt'] : [];
    return em.find(entity, {}, { orderBy: { id: 'asc' }, exclude } as never) as Promise<T[]>;
  };
  return {
    depts: await all(Dept),
    users: await all(User),
    roles: await all(Role),
    apps: await all(App),
    workflows: await all(Workflow),
    states: await all(State),
    transitions: await all(Transition),
    fields: await all(CustomField),
    notices: await all(Notice),
    userDepts: await all(UserDept),
    userRoles: await all(UserRole),
    admins: await all(WorkflowAdmin),
  };
}

function byNameAndId<T extends { id: number; isDeleted: boolean }>(rows: T[], name: (row: T) => string) {
  const map = new Map<string | number, number>();
  for (const row of rows.filter((r) => !r.isDeleted)) {
    map.set(row.id, row.id);
    map.set(name(row), row.id);
  }
  return map;
}

/** The rows a definition file may reference: the non-deleted ones. */
export function knownRows(existing: Existing): KnownRows {
  const live = new Set(existing.workflows.filter((w) => !w.isDeleted).map((w) => w.id));
  return {
    users: new Set(existing.users.filter((u) => !u.isDeleted).map((u) => u.username)),
    depts: byNameAndId(existing.depts, (d) => d.name),
    roles: byNameAndId(existing.roles, (r) => r.name),
    workflows: byNameAndId(existing.workflows, (w) => w.name),
    states: new Map(existing.states.filter((s) => !s.isDeleted && live.has(s.workflowId)).map((s) => [s.id, { workflowId: s.workflowId, name: s.name }])),
  };
}
