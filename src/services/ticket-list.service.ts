import type { SqlEntityManager } from '@mikro-orm/knex';
import { Ticket, Workflow, WorkflowAdmin } from '../db/entities';
import { listTotalsOf } from '../db/list-totals';
import { readOnlyEntities } from '../db/read-only';
import { ActState } from '../domain/constants';
import { AppError } from '../domain/errors';
import { parseStorableDateTime } from '../domain/fields';
import { servedPage, servedPageSize } from '../domain/paging';
import { requireFilterIds, requireFilterText } from '../domain/filters';
import type { ServiceContext } from './context';
import { LARGE_PAGE_ROWS, largePageTurn } from './large-pages';

/** List categories (docs/rest-compatibility.md). */
export type TicketCategory = 'all' | 'owner' | 'duty' | 'relation' | 'worked';

/** Filters of the ticket list, all combined (docs/rest-compatibility.md). */
export interface TicketFilter {
  /** Serial-number prefix, case-sensitive. */
  sn?: string | null;
  /** Title substring, case-sensitive. */
  title?: string | null;
  createStart?: string | null;
  createEnd?: string | null;
  workflowIds?: number[] | null;
  stateIds?: number[] | null;
  ticketIds?: number[] | null;
  actStateId?: number | null;
  creator?: string | null;
  isEnd?: boolean | null;
  isRejected?: boolean | null;
  parentTicketId?: number | null;
  parentTicketStateId?: number | null;
  /** Admin view: only workflows the user manages. */
  fromAdmin?: boolean | null;
  /** Oldest first (loonflow `reverse=0`). */
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

const escapeLike = (s: string) => s.replace(/[!%_]/g, (c) => `!${c}`);

/**
 * A case-sensitive prefix or substring match, `%` and `_` taken literally, on both databases: SQLite's LIKE ignores
 * ASCII case and MariaDB's follows the column's case-insensitive collation, so SQLite compares with instr and
 * MariaDB with a binary LIKE (after the plain LIKE, which an index can serve for a prefix).
 */
function textMatch(dialect: string, column: string, value: string, how: 'prefix' | 'contains'): [string, string[]] {
  if (dialect === 'sqlite') return [how === 'prefix' ? `instr(${column}, ?) = 1` : `instr(${column}, ?) > 0`, [value]];
  const pattern = how === 'prefix' ? `${escapeLike(value)}%` : `%${escapeLike(value)}%`;
  return how === 'prefix'
    ? [`${column} like ? escape '!' and ${column} like binary ? escape '!'`, [pattern, pattern]]
    : [`${column} like binary ? escape '!'`, [pattern]];
}

/** The relation-index condition of a category, on `ticket_users tu`; null for all and owner. */
function relationColumn(category: TicketCategory): 'in_process' | 'worked' | '' | null {
  return category === 'duty' ? 'in_process' : category === 'worked' ? 'worked' : category === 'relation' ? '' : null;
}

/** The query of a category's tickets with the filters applied, and the columns it orders by. */
function ticketQuery(ctx: ServiceContext, category: TicketCategory, filter: TicketFilter, scope: number[] | null) {
  const qb = (ctx.em as SqlEntityManager).createQueryBuilder(Ticket, 't').where({ isDeleted: false });
  if (scope) qb.andWhere({ workflowId: { $in: scope } });
  const dialect = ctx.config.database.dialect;
  if (filter.sn) qb.andWhere(...textMatch(dialect, 't.sn', filter.sn, 'prefix'));
  if (filter.title) qb.andWhere(...textMatch(dialect, 't.title', filter.title, 'contains'));
  if (filter.stateIds?.length) qb.andWhere({ stateId: { $in: filter.stateIds } });
  if (filter.ticketIds?.length) qb.andWhere({ id: { $in: filter.ticketIds } });
  if (filter.actStateId != null) qb.andWhere({ actStateId: filter.actStateId });
  if (filter.creator && (filter.fromAdmin || category === 'all')) qb.andWhere({ creator: filter.creator });
  if (filter.isEnd != null)
    qb.andWhere({ actStateId: filter.isEnd ? { $in: [ActState.FINISHED, ActState.CLOSED] } : { $nin: [ActState.FINISHED, ActState.CLOSED] } });
  if (filter.isRejected != null) qb.andWhere({ actStateId: filter.isRejected ? ActState.REFUSED : { $ne: ActState.REFUSED } });
  if (filter.parentTicketId != null) qb.andWhere({ parentTicketId: filter.parentTicketId });
  if (filter.parentTicketStateId != null) qb.andWhere({ parentTicketStateId: filter.parentTicketStateId });
  if (category === 'owner') qb.andWhere({ creator: ctx.username });
  if (category === 'duty') qb.andWhere({ actStateId: { $nin: [ActState.FINISHED, ActState.CLOSED] } });

  // The relation categories read the user's rows of ticket_users in creation order (an index), joined to their tickets.
  const query = qb.getKnexQuery();
  const relation = relationColumn(category);
  if (relation !== null) {
    query.join('ticket_users as tu', 'tu.ticket_id', 't.id').where('tu.username', ctx.username);
    if (relation) query.where(`tu.${relation}`, true);
  }
  const order = relation === null ? { createdAt: 't.created_at', id: 't.id' } : { createdAt: 'tu.created_at', id: 'tu.ticket_id' };
  let start = timeBound('create_start', filter.createStart, ctx.config.timeZone);
  let end = timeBound('create_end', filter.createEnd, ctx.config.timeZone);
  if (!start && !end) (end = new Date()), (start = new Date(end.getTime() - 365 * 86400_000));
  if (start) query.where(order.createdAt, '>=', start);
  if (end) query.where(order.createdAt, '<=', end);
  return { query, order };
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
  const { query, order } = ticketQuery(ctx, category, filter, scope);
  const em = ctx.em as SqlEntityManager;
  const connection = em.getConnection();
  const totalKey = JSON.stringify([category, category === 'all' ? '' : ctx.username, scope, filter]);
  const total = await listTotalsOf(em).total(totalKey, ctx.config.listTotalTtlMs, async () => {
    const [row] = await connection.execute<{ n: number }[]>(query.clone().clearSelect().clearOrder().count('* as n'));
    return Number(row.n);
  });
  const current = servedPage(page, perPage, total);
  const dir = filter.ascending ? 'asc' : 'desc';
  query
    .orderBy([
      { column: order.createdAt, order: dir },
      { column: order.id, order: dir },
    ])
    .limit(perPage)
    .offset((current - 1) * perPage);
  const rows = await connection.execute<Record<string, unknown>[]>(query);
  return { items: readOnlyEntities(em, Ticket, rows), total, page: current, perPage };
}
