import { Refusal, RefusalReason as R } from '../domain/machine/refusal';
import type { ServiceContext } from './context';
import { ticketDefs } from './definitions';
import { findTicket, requireReader } from './ticket-access';

/** The parent a new ticket is linked to; zeros mean none. */
export interface ParentLink {
  parentTicketId: number;
  parentTicketStateId: number;
}

/**
 * Check the parent link a creator asks for (see docs/sub-tickets.md). A linked child can move its parent
 * forward (the worker advances the parent once every child ends) and lends its handlers the parent's values,
 * so the parent must be a live ticket the calling app reaches and the caller may read, and the linked state
 * must be one of the parent's workflow. Anything else is refused before the ticket is created.
 */
export async function checkParentLink(ctx: ServiceContext, parentTicketId?: number | null, parentTicketStateId?: number | null): Promise<ParentLink> {
  const link = { parentTicketId: parentTicketId ?? 0, parentTicketStateId: parentTicketStateId ?? 0 };
  if (!link.parentTicketId) {
    if (link.parentTicketStateId)
      throw new Refusal(R.PARENT_INVALID, `parentTicketStateId ${link.parentTicketStateId} is given without a parentTicketId`, {
        stateId: link.parentTicketStateId,
        problem: 'orphan',
      });
    return link;
  }
  const parent = await findTicket(ctx, ctx.em, link.parentTicketId);
  const defs = await ticketDefs(ctx.em, parent);
  await requireReader(ctx, ctx.em, parent, defs);
  if (link.parentTicketStateId && !defs.states.has(link.parentTicketStateId)) {
    throw new Refusal(R.PARENT_INVALID, `parentTicketStateId ${link.parentTicketStateId} is not a state of the parent ticket's workflow ${parent.workflowId}`, {
      stateId: link.parentTicketStateId,
      workflowId: parent.workflowId,
      problem: 'foreign',
    });
  }
  return link;
}
