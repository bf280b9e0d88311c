import { Ticket } from '../db/entities';
import { TicketRepository } from '../db/ticket-repository';
import { EventType } from '../domain/events';
import { inEventTransaction } from '../events/signal';
import { decideCreate } from '../domain/machine/decide';
import { authorizeCreate } from '../domain/machine/policy';
import { noValues } from '../domain/machine/values';
import type { ServiceContext } from './context';
import { requireWorkflowDefs } from './definitions';
import { creationFacts } from './limits';
import { actorOf, applyChange, changeOf, eventOf, portsFor } from './ticket-engine';
import { checkParentLink } from './ticket-parent';

/** What a caller sends to create a ticket. */
export interface CreateTicketInput {
  workflowId: number;
  transitionId: number;
  title?: string | null;
  suggestion?: string | null;
  parentTicketId?: number | null;
  parentTicketStateId?: number | null;
  /** Custom values keyed by field key. */
  fields: Record<string, unknown>;
}

/**
 * Create a ticket and move it through its first transition. The decision only reads (like a limit's count, it
 * takes no lock), so it is made before the ticket's transaction, which then inserts the ticket and applies it.
 */
export async function createTicket(ctx: ServiceContext, input: CreateTicketInput): Promise<Ticket> {
  const actor = actorOf(ctx);
  const refusal = authorizeCreate(actor, input.workflowId);
  if (refusal) throw refusal;
  const defs = await requireWorkflowDefs(ctx.em, input.workflowId);
  const parent = await checkParentLink(ctx, input.parentTicketId, input.parentTicketStateId);
  const action = { transitionId: input.transitionId, title: input.title ?? null, suggestion: input.suggestion ?? '', fields: input.fields, ...parent };

  const facts = await creationFacts(ctx, ctx.em, input.workflowId, defs.workflow.limitExpression);
  const change = changeOf(await decideCreate(defs, actor, action, facts, portsFor(ctx, ctx.em, { id: 0, parentTicketId: parent.parentTicketId })));
  const now = new Date();
  const sn = await new TicketRepository(ctx.em).allocateSn(ctx.config.database.dialect, ctx.app.snPrefix || 'loonflow', now, ctx.config.timeZone);
  return inEventTransaction(ctx.em, async (em) => {
    const ticket = em.create(Ticket, { ...change.set, workflowId: input.workflowId, workflowVersion: defs.version, sn, createdAt: now, updatedAt: now });
    await em.flush();
    await applyChange(em, ticket, defs, noValues(defs), change, ctx.config.timeZone, eventOf(ctx, EventType.CREATED), true);
    return ticket;
  });
}
