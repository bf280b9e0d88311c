import type { SqlEntityManager } from '@mikro-orm/knex';
import { ActState } from '../domain/constants';
import { Ticket } from './entities';
import { readOnlyEntities } from './read-only';

/** Which tickets a list shows: all the app reaches, the user's own, or those of their rows in the duty index. */
export type ListCategory = 'all' | 'owner' | 'duty' | 'relation' | 'worked';

/** The filters the list query applies as they are. */
export interface ListFilter {
  /** Serial-number prefix, case-sensitive. */
  sn?: string | null;
  /** Title substring, case-sensitive. */
  title?: string | null;
  stateIds?: number[] | null;
  ticketIds?: number[] | null;
  actStateId?: number | null;
  creator?: string | null;
  isEnd?: boolean | null;
  isRejected?: boolean | null;
  parentTicketId?: number | null;
  parentTicketStateId?: number | null;
  /** SLA: true, tickets with a breached clock (by their last change, or a running clock now past due); false, the others. */
  slaBreached?: boolean | null;
  /** SLA: only tickets with a running clock due at or before this time. */
  slaDueBefore?: Date | null;
  /** Order by the earliest due time of the running SLA clocks (only tickets with one), soonest first unless ascending is false. */
  sortByDueAt?: boolean | null;
}

/** What the list query filters on, already checked and parsed by the caller (it decides when `creator` counts). */
export interface ListQuery extends ListFilter {
  category: ListCategory;
  username: string;
  /** Workflow ids the list may show; null: every workflow. */
  scope: number[] | null;
  createdFrom: Date | null;
  createdTo: Date | null;
}

const ENDED = [ActState.FINISHED, ActState.CLOSED];
const escapeLike = (s: string) => s.replace(/[!%_]/g, (c) => `!${c}`);

/**
 * A case-sensitive prefix or substring match, `%` and `_` taken literally, on both databases: SQLite's LIKE ignores
 * ASCII case and MariaDB's follows the column's case-insensitive collation, so SQLite compares with instr and
 * MariaDB with a binary LIKE (after the plain LIKE, which an index can serve for a prefix).
 */
function textMatch(dialect: 'sqlite' | 'mysql', column: string, value: string, how: 'prefix' | 'contains'): [string, string[]] {
  if (dialect === 'sqlite') return [how === 'prefix' ? `instr(${column}, ?) = 1` : `instr(${column}, ?) > 0`, [value]];
  const pattern = how === 'prefix' ? `${escapeLike(value)}%` : `%${escapeLike(value)}%`;
  return how === 'prefix'
    ? [`${column} like ? escape '!' and ${column} like binary ? escape '!'`, [pattern, pattern]]
    : [`${column} like binary ? escape '!'`, [pattern]];
}

/** The duty-index column a category reads on `ticket_users tu` ('' for any row of the user); null for all and owner. */
function relationColumn(category: ListCategory): 'in_process' | 'worked' | '' | null {
  return category === 'duty' ? 'in_process' : category === 'worked' ? 'worked' : category === 'relation' ? '' : null;
}

/** The ticket list's SQL: one query for the count and one for a page, newest (or oldest) first, on either database. */
export class TicketListQueries {
  constructor(
    private readonly em: SqlEntityManager,
    private readonly dialect: 'sqlite' | 'mysql',
  ) {}

  /**
   * A column as a condition names it. Sorted by due time on SQLite, the workflow and creation time are wrapped in a
   * unary `+`, which keeps the planner from reading them off an index: it guesses a two-sided time range to be very
   * selective and would read every ticket of the period through the workflow index and sort them, where the
   * (sla_due_at, id) index gives the first page after a few rows (MariaDB's planner chooses that index by itself).
   */
  private column(q: ListQuery, name: string): string {
    return this.dialect === 'sqlite' && q.sortByDueAt ? `+${name}` : name;
  }

  private build(q: ListQuery) {
    const qb = this.em.createQueryBuilder(Ticket, 't').where({ isDeleted: false });
    if (q.sn) qb.andWhere(...textMatch(this.dialect, 't.sn', q.sn, 'prefix'));
    if (q.title) qb.andWhere(...textMatch(this.dialect, 't.title', q.title, 'contains'));
    if (q.stateIds?.length) qb.andWhere({ stateId: { $in: q.stateIds } });
    if (q.ticketIds?.length) qb.andWhere({ id: { $in: q.ticketIds } });
    if (q.actStateId != null) qb.andWhere({ actStateId: q.actStateId });
    if (q.creator) qb.andWhere({ creator: q.creator });
    if (q.isEnd != null) qb.andWhere({ actStateId: q.isEnd ? { $in: ENDED } : { $nin: ENDED } });
    if (q.isRejected != null) qb.andWhere({ actStateId: q.isRejected ? ActState.REFUSED : { $ne: ActState.REFUSED } });
    if (q.parentTicketId != null) qb.andWhere({ parentTicketId: q.parentTicketId });
    if (q.parentTicketStateId != null) qb.andWhere({ parentTicketStateId: q.parentTicketStateId });
    if (q.slaBreached != null) {
      const now = new Date();
      qb.andWhere(
        q.slaBreached
          ? { $or: [{ slaBreached: true }, { slaDueAt: { $lte: now } }] }
          : { slaBreached: false, $or: [{ slaDueAt: null }, { slaDueAt: { $gt: now } }] },
      );
    }
    if (q.slaDueBefore) qb.andWhere({ slaDueAt: { $lte: q.slaDueBefore } });
    if (q.sortByDueAt) qb.andWhere({ slaDueAt: { $ne: null } });
    if (q.category === 'owner') qb.andWhere({ creator: q.username });
    if (q.category === 'duty') qb.andWhere({ actStateId: { $nin: ENDED } });

    // The relation categories read the user's rows of ticket_users in creation order (an index), joined to their tickets.
    const query = qb.getKnexQuery();
    if (q.scope?.length) query.whereRaw(`${this.column(q, 't.workflow_id')} in (${q.scope.map(() => '?').join(', ')})`, q.scope);
    else if (q.scope) query.whereRaw('1 = 0');
    const relation = relationColumn(q.category);
    if (relation !== null) {
      query.join('ticket_users as tu', 'tu.ticket_id', 't.id').where('tu.username', q.username);
      if (relation) query.where(`tu.${relation}`, true);
    }
    const order = relation === null ? { createdAt: 't.created_at', id: 't.id' } : { createdAt: 'tu.created_at', id: 'tu.ticket_id' };
    const createdAt = relation === null ? this.column(q, order.createdAt) : order.createdAt;
    if (q.createdFrom) query.whereRaw(`${createdAt} >= ?`, [q.createdFrom]);
    if (q.createdTo) query.whereRaw(`${createdAt} <= ?`, [q.createdTo]);
    return { query, order };
  }

  /** How many tickets the list holds. */
  async count(q: ListQuery): Promise<number> {
    const [row] = await this.em.getConnection().execute<{ n: number }[]>(this.build(q).query.clearSelect().clearOrder().count('* as n'));
    return Number(row.n);
  }

  /** The SQL of one page of the list: what `page` runs, and what the query-plan test explains. */
  pageQuery(q: ListQuery, page: { offset: number; limit: number; ascending: boolean }) {
    const { query, order } = this.build(q);
    const dir = page.ascending ? 'asc' : 'desc';
    // Sorted by due time, the index (sla_due_at, id) serves the order for the categories that read tickets directly.
    const first = q.sortByDueAt ? 't.sla_due_at' : order.createdAt;
    return query
      .orderBy([
        { column: first, order: dir },
        { column: q.sortByDueAt ? 't.id' : order.id, order: dir },
      ])
      .limit(page.limit)
      .offset(page.offset);
  }

  /** One page of the list, as read-only entities. */
  async page(q: ListQuery, page: { offset: number; limit: number; ascending: boolean }): Promise<Ticket[]> {
    const rows = await this.em.getConnection().execute<Record<string, unknown>[]>(this.pageQuery(q, page));
    return readOnlyEntities(this.em, Ticket, rows);
  }
}
