import { ParticipantType } from './constants';

const csv = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** Current handlers of a ticket as usernames (legacy dept/role types need their members). */
export function currentHandlers(ticket: { participantTypeId: number; participant: string }, legacyMembers: string[] = []): string[] {
  switch (ticket.participantTypeId) {
    case ParticipantType.PERSONAL:
    case ParticipantType.MULTI:
      return csv(ticket.participant);
    case ParticipantType.DEPT:
    case ParticipantType.ROLE:
      return legacyMembers;
    default:
      return [];
  }
}

/** The manager view of a user over one workflow. */
export interface ManagerInput {
  isAdmin: boolean;
  username: string;
  workflowCreator: string;
  workflowAdmins: string[];
}

/** Superusers, the workflow's creator and its admins may intervene. */
export function canManage(input: ManagerInput): boolean {
  return input.isAdmin || (input.workflowCreator !== '' && input.workflowCreator === input.username) || input.workflowAdmins.includes(input.username);
}

/** The view rule: open workflows, superusers, and anyone in the ticket's relation. */
export function canView(viewPermissionCheck: boolean, isAdmin: boolean, username: string, ticket: { relation: string }): boolean {
  return !viewPermissionCheck || isAdmin || csv(ticket.relation).includes(username);
}

/** Merge users into a relation csv, keeping order and dropping empties. */
export function mergeRelation(relation: string, users: string[]): string {
  return [...new Set([...csv(relation), ...users.filter(Boolean)])].join(',');
}

/** The workflows an app may use: every one, or a list. */
export interface AppGrants {
  allWorkflows: boolean;
  workflowIds: readonly number[];
}

/**
 * What `target` is granted beyond `caller` (null: nothing). An app never hands out a workflow it is not granted
 * itself, nor changes or takes over (new token) an app that reaches further than it does.
 */
export function grantsBeyond(caller: AppGrants, target: AppGrants): string | null {
  if (caller.allWorkflows) return null;
  if (target.allWorkflows) return 'every workflow';
  const beyond = target.workflowIds.filter((id) => !caller.workflowIds.includes(id));
  return beyond.length ? `workflow ${beyond.join(', ')}` : null;
}
