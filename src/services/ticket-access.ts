import type { EntityManager } from '@mikro-orm/core';
import type { Ticket } from '../db/entities';
import { ParticipantType } from '../domain/constants';
import { AppError, ErrorCode } from '../domain/errors';
import { canManage, canView, checkHandle, type HandleCheck } from '../domain/permissions';
import type { ServiceContext } from './context';
import { outgoing, stateOf, type WorkflowDefs } from './definitions';
import { DbDirectory } from './directory';

/**
 * Fail unless a person who exists acts: an unknown username, or one of a deleted user, acts on no ticket
 * (their names may still be stored as handlers). The system acting for automation has no user.
 */
export function requireLiveActor(ctx: ServiceContext): void {
  if (ctx.system) return;
  if (!ctx.username) throw AppError.badInput('username is required (send the username header)', { parameter: 'username' });
  if (!ctx.user) throw AppError.forbidden(`username: ${ctx.username} is not existed or has been deleted (only existing users act on tickets)`);
}

/** Members behind a legacy stored dept (3) or role (4) participant. */
export async function legacyMembers(em: EntityManager, ticket: Ticket): Promise<string[]> {
  const dir = new DbDirectory(em);
  if (ticket.participantTypeId === ParticipantType.DEPT) return dir.usersInDepts(ticket.participant.split(',').map(Number));
  if (ticket.participantTypeId === ParticipantType.ROLE) return dir.roleMembers(Number(ticket.participant));
  return [];
}

/** The handle check of §3.3 for the acting user. */
export async function handleAccess(ctx: ServiceContext, em: EntityManager, ticket: Ticket, defs: WorkflowDefs): Promise<HandleCheck> {
  const state = stateOf(defs, ticket.stateId);
  return checkHandle({
    ticket,
    username: ctx.username,
    hasOutgoing: outgoing(defs, state.id).length > 0,
    distributeTypeId: state.distributeTypeId,
    legacyMembers: await legacyMembers(em, ticket),
  });
}

/** Fail unless the acting user may act now; returns the check. */
export async function requireHandle(ctx: ServiceContext, em: EntityManager, ticket: Ticket, defs: WorkflowDefs): Promise<HandleCheck> {
  const check = await handleAccess(ctx, em, ticket, defs);
  if (!check.permitted) throw new AppError(ErrorCode.NOT_A_PARTICIPANT, check.message);
  return check;
}

/** Whether the acting user manages the ticket's workflow (§3.4). */
export function isManager(ctx: ServiceContext, defs: WorkflowDefs): boolean {
  if (!ctx.user) return false;
  return canManage({ isAdmin: ctx.user.isAdmin, username: ctx.username, workflowCreator: defs.workflow.creator, workflowAdmins: defs.admins });
}

/** Fail unless the acting user manages the ticket's workflow. */
export function requireManager(ctx: ServiceContext, defs: WorkflowDefs): void {
  if (!ctx.user) throw AppError.forbidden(`username: ${ctx.username} is not existed or has been deleted`);
  if (!isManager(ctx, defs)) throw AppError.forbidden('user has no permission to manage this ticket');
}

/** Fail unless the acting user may view the ticket (§3.5). */
export function requireView(ctx: ServiceContext, ticket: Ticket, defs: WorkflowDefs): void {
  if (!defs.workflow.viewPermissionCheck) return;
  if (!ctx.user) throw AppError.forbidden('user is not existed or has been deleted');
  if (!canView(true, ctx.user.isAdmin, ctx.username, ticket)) {
    throw AppError.forbidden('user is not relation about this ticket and the workflow open view permission check');
  }
}

/** Handler, viewer or manager: who may read a ticket's details and history (strict mode of §3.6); returns the handle check. */
export async function requireReader(ctx: ServiceContext, em: EntityManager, ticket: Ticket, defs: WorkflowDefs): Promise<HandleCheck> {
  if (!ctx.username) throw AppError.badInput('参数不全，请提供username');
  const check = await handleAccess(ctx, em, ticket, defs);
  if (!check.permitted && !isManager(ctx, defs)) requireView(ctx, ticket, defs);
  return check;
}

/** Handler or manager: who may edit fields or retry automation in strict mode. */
export async function requireHandlerOrManager(ctx: ServiceContext, em: EntityManager, ticket: Ticket, defs: WorkflowDefs): Promise<void> {
  if (isManager(ctx, defs)) return;
  const check = await handleAccess(ctx, em, ticket, defs);
  if (!check.permitted) throw new AppError(ErrorCode.NOT_A_PARTICIPANT, `${check.message} (only the current handler or a workflow admin may do this)`);
}
