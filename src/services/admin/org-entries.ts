import type { Doc } from './change';
import { assignGiven } from './workflow-doc';

/** User columns a caller may set (null or left out: unchanged). */
export interface UserValues {
  username?: string | null;
  alias?: string | null;
  email?: string | null;
  phone?: string | null;
  /** The user's depts, primary first; replaces the memberships. */
  deptIds?: number[] | null;
  isActive?: boolean | null;
  isAdmin?: boolean | null;
}

/** Dept columns a caller may set. */
export interface DeptValues {
  name?: string | null;
  /** null makes the dept a root. */
  parentId?: number | null;
  /** A username; '' removes the leader. */
  leader?: string | null;
  approvers?: string[] | null;
  label?: Record<string, unknown> | null;
}

/** Role columns a caller may set. */
export interface RoleValues {
  name?: string | null;
  description?: string | null;
  label?: Record<string, unknown> | null;
}

/** App (API caller) columns a caller may set; the token is generated, never given. */
export interface AppValues {
  name?: string | null;
  snPrefix?: string | null;
  /** The workflows the app may use (ignored when allWorkflows is true). */
  workflowIds?: number[] | null;
  allWorkflows?: boolean | null;
  readOnlyDefinitions?: boolean | null;
  /** Refuse the username header: users act through per-user tokens only. */
  browserOnly?: boolean | null;
}

/** Apply user values to a user entry. */
export function userEntry(v: UserValues, current: Doc = {}): Doc {
  const entry = assignGiven(
    { ...current },
    {
      username: v.username,
      alias: v.alias,
      email: v.email,
      phone: v.phone,
      is_active: v.isActive,
      is_admin: v.isAdmin,
    },
  );
  if (v.deptIds != null) {
    delete entry.dept;
    entry.depts = v.deptIds;
  }
  return entry;
}

/** Apply dept values to a dept entry. */
export function deptEntry(v: DeptValues, current: Doc = {}): Doc {
  const entry = assignGiven({ ...current }, { name: v.name, approvers: v.approvers, label: v.label });
  if (v.parentId === null) delete entry.parent;
  else if (v.parentId !== undefined) entry.parent = v.parentId;
  if (v.leader === '') delete entry.leader;
  else if (v.leader != null) entry.leader = v.leader;
  return entry;
}

/** Apply role values to a role entry. */
export function roleEntry(v: RoleValues, current: Doc = {}): Doc {
  return assignGiven({ ...current }, { name: v.name, description: v.description, label: v.label });
}

/** Apply app values to an app entry. */
export function appEntry(v: AppValues, current: Doc = {}): Doc {
  const entry = assignGiven(
    { ...current },
    {
      name: v.name,
      sn_prefix: v.snPrefix,
      read_only_definitions: v.readOnlyDefinitions,
      browser_only: v.browserOnly,
    },
  );
  if (v.allWorkflows === true) entry.workflows = 'all';
  else if (v.workflowIds != null) entry.workflows = v.workflowIds;
  else if (v.allWorkflows === false && entry.workflows === 'all') entry.workflows = [];
  return entry;
}
