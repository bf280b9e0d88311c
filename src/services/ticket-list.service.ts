import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Ticket } from '../db/entities';
import { Workflow, WorkflowAdmin } from '../db/entities';
import { listTotalsOf } from '../db/list-totals';
import { type ListCategory, type ListFilter, type ListQuery, TicketListQueries } from '../db/ticket-list-query';
import { AppError } from '../domain/errors';
import { parseStorableDateTime } from '../domain/fields';
import { servedPage, servedPageSize } from '../domain/paging';
import { requireFilterIds, requireFilterText } from '../domain/filters';
import type { ServiceContext } from './context';
import { LARGE_PAGE_ROWS, largePageTurn } from './large-pages';

/** List categories (docs/rest-compatibility.md). */
export type TicketCategory = ListCategory;

/** Filters of the ticket list, all combined (docs/rest-compatibility.md). */
export interface TicketFilter extends ListFilter {
  createStart?: string | null;
  createEnd?: string | null;
  workflowIds?: number[] | null;
  /** Admin view: only workflows the user manages. */
  fromAdmin?: boolean | null;
  /** Oldest first (loonflow `reverse=0`); sorted by due time, soonest first unless false. */
  ascending?: boolean | null;
}

/** A page of tickets. */
export interface TicketPage {
  items: Ticket[];
  total: number;
  page: number;
  perPage: number;
}

async function scopeWorkflows(ctx: ServiceContext, filter: TicketFilter): Promise<number[] | null> {
  let scope: number[] | null = ctx.app.allWorkflows ? null : [...ctx.app.workflowIds];
  if (filter.fromAdmin && !ctx.user?.isAdmin) {
    const managed = new Set([
      ...(await ctx.em.find(WorkflowAdmin, { username: ctx.username })).map((a) => a.workflowId),
      ...(ctx.username ? (await ctx.em.find(Workflow, { creator: ctx.username }, { fields: ['id'] })).map((w) => w.id) : []),
    ]);
    scope = (scope ?? [...managed]).filter((id) => managed.has(id));
  }
  if (filter.workflowIds?.length) scope = (scope ?? filter.workflowIds).filter((id) => filter.workflowIds!.includes(id));
  return scope;
}

function timeBound(name: string, text: string | null | undefined, timeZone: string): Date | null {
  if (!text) return null;
  const d = parseStorableDateTime(text, timeZone);
  if (!d) throw AppError.badInput(`${name}: "${text}" is not a time (YYYY-MM-DD or YYYY-MM-DD HH:MM:SS)`);
  return d;
}

/** Refuse filters no ticket could match that would still cost the database: overlong texts and id lists. */
function requireBoundedFilter(filter: TicketFilter): void {
  requireFilterText('title', filter.title);
  requireFilterText('sn', filter.sn);
  requireFilterText('creator', filter.creator);
  requireFilterIds('ticket_ids', filter.ticketIds);
  requireFilterIds('state_ids', filter.stateIds);
  requireFilterIds('workflow_ids', filter.workflowIds);
}

/** The tickets of a category with filters, newest first, paged (docs/rest-compatibility.md). */
export async function listTickets(
  ctx: ServiceContext,
  category: TicketCategory,
  filter: TicketFilter,
  page: number,
  requestedPerPage: number,
): Promise<TicketPage> {
  const perPage = servedPageSize(requestedPerPage);
  if (perPage > LARGE_PAGE_ROWS) await largePageTurn(ctx.request);
  if (category !== 'all' && !ctx.username) throw AppError.badInput(`category ${category} needs the username header`);
  requireBoundedFilter(filter);
  const scope = await scopeWorkflows(ctx, filter);
  if (scope && !scope.length) return { items: [], total: 0, page: 1, perPage };
  let createdFrom = timeBound('create_start', filter.createStart, ctx.config.timeZone);
  let createdTo = timeBound('create_end', filter.createEnd, ctx.config.timeZone);
  if (!createdFrom && !createdTo) (createdTo = new Date()), (createdFrom = new Date(createdTo.getTime() - 365 * 86400_000));
  const creator = filter.creator && (filter.fromAdmin || category === 'all') ? filter.creator : null;
  const query: ListQuery = { ...filter, category, username: ctx.username, scope, creator, createdFrom, createdTo };
  const em = ctx.em as SqlEntityManager;
  const lists = new TicketListQueries(em, ctx.config.database.dialect);
  const totalKey = JSON.stringify([category, category === 'all' ? '' : ctx.username, scope, filter]);
  const total = await listTotalsOf(em).total(totalKey, ctx.config.listTotalTtlMs, () => lists.count(query));
  const current = servedPage(page, perPage, total);
  const ascending = filter.sortByDueAt ? filter.ascending !== false : !!filter.ascending;
  const items = await lists.page(query, { offset: (current - 1) * perPage, limit: perPage, ascending });
  return { items, total, page: current, perPage };
}
