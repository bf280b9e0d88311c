import { describe, expect, it } from 'vitest';
import { DEMO_DEFINITIONS } from '../../src/config';
import { importDefinitionsFile } from '../../src/db/definitions';
import { TCommentDocument, TCreateDocument, TCreateWebhookDocument } from '../generated';
import { freshDatabase } from '../support/db';
import { databaseUrl, eventually, gqlHttp, startLoongate, type LoongateProcess } from '../support/process';
import { startReceiver } from '../support/receiver';

const LEAVE = { workflowId: 1, transitionId: 1, title: 'durable', fields: { date_start: '2020-04-13 00:00:00', date_end: '2020-04-23 00:00:00', reason: 'x' } };

describe('webhook deliveries survive SIGKILL', () => {
  it.skipIf(!process.env.LOONGATE_TEST_MYSQL)(
    'changes committed by a server killed before it delivered them are delivered by the next one',
    async () => {
      const receiver = await startReceiver();
      const db = await freshDatabase('mysql');
      const processes: LoongateProcess[] = [];
      try {
        await importDefinitionsFile(db.orm, DEMO_DEFINITIONS);
        const env = { DATABASE_URL: databaseUrl(db.target), LOONGATE_SEED: 'none', LOONGATE_JOB_POLL_MS: '50' };
        // The first server commits changes with its worker off: nothing is delivered before the kill.
        const first = await startLoongate('serve', { ...env, LOONGATE_WORKER: '0' });
        processes.push(first);
        await gqlHttp(first.url, TCreateWebhookDocument, { input: { url: `${receiver.base}/durable`, secret: 'a-webhook-secret-0123456789' } });
        const ticket = (await gqlHttp(first.url, TCreateDocument, { input: LEAVE })).createTicket;
        for (let i = 1; i <= 3; i++) await gqlHttp(first.url, TCommentDocument, { input: { ticketId: ticket.id, suggestion: `before the kill ${i}` } });
        await first.kill('SIGKILL');
        expect(receiver.hits).toEqual([]);

        const second = await startLoongate('serve', { ...env, LOONGATE_WORKER: '1' });
        processes.push(second);
        await eventually(() => receiver.on('/durable').length >= 4, 30_000, 'four deliveries');
        // Deliveries run in parallel (docs/events.md): the set of events counts, not their order of arrival.
        const delivered = [...receiver.on('/durable')].sort((a, b) => a.body.event.id - b.body.event.id);
        expect(delivered.map((h) => h.body.event.type)).toEqual(['CREATED', 'COMMENTED', 'COMMENTED', 'COMMENTED']);
        expect(new Set(receiver.on('/durable').map((h) => h.body.event.id)).size).toBe(4);
      } finally {
        for (const p of processes) await p.kill('SIGTERM');
        await receiver.close();
        await db.drop();
      }
    },
    180_000,
  );
});
