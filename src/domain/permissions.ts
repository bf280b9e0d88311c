import { ParticipantType } from './constants';

/** The ticket columns the permission rules read. */
export interface TicketAccess {
  participantTypeId: number;
  participant: string;
  inAddNode: boolean;
  relation: string;
  creator: string;
}

/** The outcome of the handle-permission check (semantics §3.3). */
export interface HandleCheck {
  permitted: boolean;
  message: string;
  needAccept: boolean;
  inAddNode: boolean;
}

/** Inputs of the handle-permission check. */
export interface HandleCheckInput {
  ticket: TicketAccess;
  username: string;
  /** Whether the current state has any outgoing transition. */
  hasOutgoing: boolean;
  /** The state's distribute type. */
  distributeTypeId: number;
  /** Members of a legacy dept or role participant (stored types 3 and 4). */
  legacyMembers?: string[];
}

const csv = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

const DENY = (message: string): HandleCheck => ({ permitted: false, message, needAccept: false, inAddNode: false });

/** Current handlers of a ticket as usernames (legacy dept/role types need their members). */
export function currentHandlers(ticket: TicketAccess, legacyMembers: string[] = []): string[] {
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

/** May this user act on the ticket now, and must they accept first? */
export function checkHandle(input: HandleCheckInput): HandleCheck {
  const { ticket, username } = input;
  if (!input.hasOutgoing) return DENY('工单当前状态无需操作');
  const handlers = currentHandlers(ticket, input.legacyMembers);
  if (!handlers.includes(username)) {
    const typo = ticket.participantTypeId === ParticipantType.PERSONAL || ticket.participantTypeId === ParticipantType.DEPT;
    return DENY(typo ? 'not current participant, no permission' : 'not crrent participant, no permission');
  }
  return { permitted: true, message: '', needAccept: handlers.length > 1 && input.distributeTypeId === 1, inAddNode: ticket.inAddNode };
}

/** The manager view of a user over one workflow. */
export interface ManagerInput {
  isAdmin: boolean;
  username: string;
  workflowCreator: string;
  workflowAdmins: string[];
}

/** Superusers, the workflow's creator and its admins may intervene (§3.4). */
export function canManage(input: ManagerInput): boolean {
  return input.isAdmin || (input.workflowCreator !== '' && input.workflowCreator === input.username) || input.workflowAdmins.includes(input.username);
}

/** View rule of §3.5: open workflows, superusers, and anyone in the ticket's relation. */
export function canView(viewPermissionCheck: boolean, isAdmin: boolean, username: string, ticket: TicketAccess): boolean {
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
