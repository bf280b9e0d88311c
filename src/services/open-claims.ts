import { createHash } from 'node:crypto';
import { type EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import { OpenTicketClaim, Ticket } from '../db/entities';
import { StateType } from '../domain/constants';
import { AppError, ErrorCode } from '../domain/errors';
import { ruleWording } from '../domain/machine/uniqueness';
import type { WorkflowDefs } from './definitions';

const hashOf = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Move the ticket's claim under its workflow's uniqueness rule from `before` to `after` (claimedValue of the
 * ticket before and after a change), in the change's transaction. Taking a value another open ticket holds is
 * refused with TICKET_ALREADY_OPEN naming that ticket; the unique key decides between racing transactions.
 */
export async function moveOpenClaim(em: EntityManager, ticket: Ticket, defs: WorkflowDefs, before: string | null, after: string | null): Promise<void> {
  if (before === after) return;
  if (before !== null) await em.nativeDelete(OpenTicketClaim, { ticketId: ticket.id });
  if (after === null) return;
  const valueHash = hashOf(after);
  for (let attempt = 1; ; attempt++) {
    try {
      await em.insert(OpenTicketClaim, { workflowId: ticket.workflowId, valueHash, ticketId: ticket.id });
      return;
    } catch (err) {
      if (!(err instanceof UniqueConstraintViolationException)) throw err;
    }
    const holder = await em.findOneOrFail(OpenTicketClaim, { workflowId: ticket.workflowId, valueHash }, { disableIdentityMap: true });
    if (attempt === 1 && !(await stillOpen(em, holder.ticketId, defs))) {
      // A ticket that ended outside the engine (a state deleted under it, a workflow import) keeps no claim.
      await em.nativeDelete(OpenTicketClaim, { id: holder.id });
      continue;
    }
    const rule = defs.workflow.oneOpenPer;
    const what = rule === 'creator' ? `creator "${after}"` : `${rule} "${after}"`;
    throw new AppError(
      ErrorCode.TICKET_ALREADY_OPEN,
      `workflow "${defs.workflow.name}" allows ${ruleWording(rule)}: ticket ${holder.ticketId} is still open for ${what}`,
      { ticketId: holder.ticketId, rule },
    );
  }
}

/** Whether the ticket holding a claim is live and outside an end state. */
async function stillOpen(em: EntityManager, ticketId: number, defs: WorkflowDefs): Promise<boolean> {
  const holder = await em.findOne(Ticket, { id: ticketId, isDeleted: false }, { fields: ['stateId'], disableIdentityMap: true });
  return !!holder && defs.states.get(holder.stateId)?.typeId !== StateType.END;
}
