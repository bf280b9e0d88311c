import type { AccountDeptColumnsFragment, AccountRoleColumnsFragment, AccountUserColumnsFragment, AppTokenColumnsFragment } from '../generated';
import { servedPage } from '../../domain/paging';
import { queryPaging, queryString, type RouteInput } from '../params';
import { baseColumns, paged, type PresentContext } from './format';

/** One page of a whole list, by loonflow's page and per_page (beyond either end: the last page). */
export function pageOf<T>(all: T[], input: RouteInput) {
  const { page: requested, perPage } = queryPaging(input);
  const page = servedPage(requested, perPage, all.length);
  return paged(all.slice((page - 1) * perPage, page * perPage), page, perPage, all.length);
}

/** Rows whose name contains loonflow's search_value (all rows without one). */
export function searched<T>(rows: T[], input: RouteInput, name: (row: T) => string): T[] {
  const search = queryString(input, 'search_value');
  return search ? rows.filter((row) => name(row).includes(search)) : rows;
}

/** A user row with its depts (user_dept_info_list). */
export function presentUser(u: AccountUserColumnsFragment, p: PresentContext) {
  return {
    ...baseColumns(u, p),
    username: u.username,
    alias: u.alias,
    email: u.email,
    phone: u.phone,
    is_active: u.isActive,
    is_admin: u.isAdmin,
    dept_ids: u.depts.map((d) => d.id).join(','),
    user_dept_info_list: u.depts.map((d) => ({ id: d.id, name: d.name })),
  };
}

/** A dept row; approvers as loonflow's csv. */
export function presentDept(d: AccountDeptColumnsFragment, p: PresentContext) {
  return {
    ...baseColumns(d, p),
    name: d.name,
    parent_dept_id: d.parentId ?? 0,
    leader: d.leader,
    approver: d.approvers.join(','),
    label: d.label,
  };
}

/** A role row. */
export function presentRole(r: AccountRoleColumnsFragment, p: PresentContext) {
  return { ...baseColumns(r, p), name: r.name, description: r.description, label: r.label };
}

/** An app token row; the token itself is never listed. */
export function presentAppToken(a: AppTokenColumnsFragment, p: PresentContext) {
  return {
    ...baseColumns(a, p),
    app_name: a.name,
    ticket_sn_prefix: a.snPrefix,
    workflow_ids: a.allWorkflows ? '' : a.workflowIds.join(','),
    all_workflows: a.allWorkflows,
    read_only_definitions: a.readOnlyDefinitions,
    browser_only: a.browserOnly,
  };
}
