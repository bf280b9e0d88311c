import type { EntityManager } from '@mikro-orm/core';
import { settledRows } from '../domain/events';
import { TicketEvent } from './entities';
import { selectReadOnly } from './read-only';

/** What a change appends to the event log. */
export type EventRow = Omit<TicketEvent, 'id' | 'createdAt'>;

/** A page of settled events: the rows, the cursor to read after next, and whether rows were held back at a hole. */
export interface EventPage {
  events: TicketEvent[];
  cursor: number;
  settled: boolean;
}

/** The ticket event log (docs/events.md). */
export class EventRepository {
  constructor(private readonly em: EntityManager) {}

  /** Append an event in the current transaction, now (the row is the change's last write); answers its cursor. */
  async append(row: EventRow): Promise<number> {
    return Number(await this.em.insert(TicketEvent, { ...row, createdAt: new Date() }));
  }

  /** The highest cursor written so far (0 for an empty log). */
  async lastCursor(): Promise<number> {
    const [row] = await this.em
      .getConnection()
      .execute<{ id: number | null }[]>('select max(`id`) as id from `ticket_events`', [], 'all', this.em.getTransactionContext());
    return Number(row?.id ?? 0);
  }

  /** Up to `limit` settled events after `after`, in cursor order. */
  async page(after: number, limit: number, now = Date.now()): Promise<EventPage> {
    const rows = await selectReadOnly(this.em, TicketEvent, 'select * from `ticket_events` where `id` > ? order by `id` limit ?', [after, limit]);
    const { rows: events, settled } = settledRows(after, rows, now);
    return { events, cursor: events.at(-1)?.id ?? after, settled };
  }
}
