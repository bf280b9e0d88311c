import type { SqlEntityManager } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ListQuery, TicketListQueries } from '../../src/db/ticket-list-query';
import { TTicketsDocument } from '../generated';
import { startTestApp, type TestApp } from '../support/app';
import { dialects } from '../support/db';

/** Tickets written straight into the table, enough for the planners to prefer an index over reading everything. */
const TICKETS = 6000;
const HOUR = 3_600_000;

describe.each(dialects())('SLA lists read the due-time index (%s)', (dialect) => {
  let t: TestApp;
  const now = Date.now();

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const conn = t.orm.em.getConnection();
    // As the ORM stores times: milliseconds on SQLite, DATETIME values on MariaDB.
    const time = (ms: number) => (dialect === 'sqlite' ? ms : new Date(ms));
    for (let from = 0; from < TICKETS; from += 500) {
      const rows: unknown[] = [];
      const marks: string[] = [];
      for (let i = from; i < from + 500; i++) {
        // Three in four have a running clock, due from 60 hours ago to 60 hours ahead; one in ten breached earlier.
        const due = i % 4 === 0 ? null : time(now + ((i % 120) - 60) * HOUR);
        const created = time(now - (TICKETS - i) * 60_000);
        rows.push(
          'admin',
          created,
          created,
          0,
          `sla ${i}`,
          1 + (i % 2),
          `plan_${i}`,
          i % 2 ? 5 : 2,
          1,
          'admin',
          'admin',
          '[]',
          1,
          1,
          '{}',
          1,
          due,
          i % 10 === 0 ? 1 : 0,
        );
        marks.push(`(${Array(18).fill('?').join(', ')})`);
      }
      await conn.execute(
        'insert into `tickets` (`creator`, `created_at`, `updated_at`, `is_deleted`, `title`, `workflow_id`, `sn`, `state_id`, `participant_type_id`, ' +
          '`participant`, `relation`, `add_node_stack`, `script_run_last_result`, `act_state_id`, `multi_all_person`, `version`, `sla_due_at`, `sla_breached`) ' +
          `values ${marks.join(', ')}`,
        rows,
      );
    }
    await conn.execute(dialect === 'sqlite' ? 'analyze' : 'analyze table `tickets`');
  });
  afterAll(async () => t?.close());

  /** The plan of the page query the list service runs for `filter` (category all, the app's two workflows, the last year; soonest due or newest first). */
  async function plan(filter: Partial<ListQuery>): Promise<string> {
    const em = t.orm.em.fork() as SqlEntityManager;
    const query: ListQuery = {
      category: 'all',
      username: 'admin',
      scope: [1, 2],
      createdFrom: new Date(now - 365 * 24 * HOUR),
      createdTo: new Date(now),
      ...filter,
    };
    const page = new TicketListQueries(em, dialect).pageQuery(query, { offset: 0, limit: 20, ascending: !!filter.sortByDueAt });
    const { sql, bindings } = page.toSQL();
    const rows = await em.getConnection().execute<Record<string, unknown>[]>(`explain ${dialect === 'sqlite' ? 'query plan ' : ''}${sql}`, [...bindings]);
    return rows.map((r) => (dialect === 'sqlite' ? String(r.detail) : `${r.table} key=${r.key} ${r.Extra ?? ''}`)).join('\n');
  }

  it('sorted by due time (also breached, also due before a time), the page is read off the (sla_due_at, id) index, with no sort', async () => {
    for (const filter of [{ sortByDueAt: true }, { sortByDueAt: true, slaBreached: true }, { sortByDueAt: true, slaDueBefore: new Date(now) }]) {
      const explained = await plan(filter);
      expect(explained, JSON.stringify(filter)).toMatch(/tickets_sla_due_at_id_index/);
      expect(explained, JSON.stringify(filter)).not.toMatch(/TEMP B-TREE|filesort/i);
    }
  });

  it('filtered to breached tickets, newest first, the page walks a creation-time index, with no sort', async () => {
    const explained = await plan({ slaBreached: true });
    expect(explained).toMatch(/created_at/);
    expect(explained).not.toMatch(/TEMP B-TREE|filesort/i);
  });

  it('a page sorted by due time or filtered to breached tickets, with creator, state and workflow, costs no more statements at 50 rows than at 5', async () => {
    const statements = async (filter: Record<string, unknown>, perPage: number) => {
      const before = t.queries.count;
      const page = await t.gqlOk(TTicketsDocument, { category: 'ALL', filter, perPage });
      expect(page.tickets.items).toHaveLength(perPage);
      expect(page.tickets.items.every((i) => i.creatorInfo.alias && i.state.name && i.workflow.name)).toBe(true);
      return t.queries.count - before;
    };
    for (const filter of [{ sortByDueAt: true }, { slaBreached: true }]) {
      const small = await statements(filter, 5);
      const large = await statements(filter, 50);
      expect(large, JSON.stringify(filter)).toBeLessThanOrEqual(small);
    }
  });
});
