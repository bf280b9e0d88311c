import { describe, expect, it } from 'vitest';
import { DEMO_DEFINITIONS } from '../../src/config';
import { importDefinitionsFile } from '../../src/db/definitions';
import { TCommentDocument, TCreateDocument } from '../generated';
import { freshDatabase } from '../support/db';
import { databaseUrl, gqlHttp, startLoongate, type LoongateProcess } from '../support/process';
import { subscribe, wsClient } from '../support/subscriptions';

const REDIS_URL = process.env.LOONGATE_TEST_REDIS ?? 'redis://127.0.0.1:6379';
const TICKET_EVENTS = 'subscription ($id: Int!, $after: Int) { ticketEvents(ticketId: $id, afterCursor: $after) { id type } }';
const LEAVE = { workflowId: 1, transitionId: 1, title: 'fan-out', fields: { date_start: '2020-04-13 00:00:00', date_end: '2020-04-23 00:00:00', reason: 'x' } };

describe('two server processes on one MariaDB and Redis', () => {
  it.skipIf(!process.env.LOONGATE_TEST_MYSQL)(
    'a change made through process A reaches a subscriber of process B within a second',
    async () => {
      const db = await freshDatabase('mysql');
      const processes: LoongateProcess[] = [];
      try {
        await importDefinitionsFile(db.orm, DEMO_DEFINITIONS);
        const env = { DATABASE_URL: databaseUrl(db.target), LOONGATE_SEED: 'none', LOONGATE_REDIS_URL: REDIS_URL };
        const started = await Promise.allSettled([startLoongate('serve', env), startLoongate('serve', env)]);
        for (const s of started) if (s.status === 'fulfilled') processes.push(s.value);
        for (const s of started) if (s.status === 'rejected') throw s.reason;
        const [a, b] = processes;
        const ticket = (await gqlHttp(a.url, TCreateDocument, { input: LEAVE })).createTicket;
        const client = wsClient(b.url, 'admin');
        try {
          // From the start of the log: B first replays the creation from the table, then waits for live events.
          const sub = subscribe<{ id: number; type: string }>(client, TICKET_EVENTS, { id: ticket.id, after: 0 });
          await sub.count(1);
          const latencies: number[] = [];
          for (let i = 1; i <= 3; i++) {
            await gqlHttp(a.url, TCommentDocument, { input: { ticketId: ticket.id, suggestion: `through A ${i}` } });
            const committed = Date.now();
            await sub.count(1 + i);
            latencies.push(Date.now() - committed);
          }
          expect(sub.items.map((e) => e.type)).toEqual(['CREATED', 'COMMENTED', 'COMMENTED', 'COMMENTED']);
          expect(Math.max(...latencies), `latencies ${latencies.join(', ')} ms`).toBeLessThan(1000);
          sub.stop();
        } finally {
          await client.dispose();
        }
      } finally {
        for (const p of processes) await p.kill('SIGTERM');
        await db.drop();
      }
    },
    180_000,
  );
});
