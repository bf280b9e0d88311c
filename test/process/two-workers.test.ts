import { describe, expect, it } from 'vitest';
import { DEMO_DEFINITIONS } from '../../src/config';
import { importDefinitions, importDefinitionsFile } from '../../src/db/definitions';
import { OutboxAttempt, OutboxJob, Ticket } from '../../src/db/entities';
import { automationFixture } from '../support/automation';
import { freshDatabase } from '../support/db';
import { databaseUrl, eventually, startLoongate, type LoongateProcess } from '../support/process';
import { startReceiver } from '../support/receiver';

const JOBS = 200;

describe('two server processes on one MariaDB', () => {
  it.skipIf(!process.env.LOONGATE_TEST_MYSQL)(
    `run each of ${JOBS} due jobs exactly once`,
    async () => {
      const receiver = await startReceiver(() => ({ body: { code: 0 }, delayMs: 20 }));
      const db = await freshDatabase('mysql');
      const processes: LoongateProcess[] = [];
      try {
        await importDefinitionsFile(db.orm, DEMO_DEFINITIONS);
        await importDefinitions(db.orm, automationFixture(receiver.base));
        const em = db.orm.em.fork();
        const later = new Date(Date.now() + 3600_000);
        const tickets = Array.from({ length: JOBS }, (_, i) =>
          em.create(Ticket, {
            title: `bulk ${i}`,
            workflowId: 32,
            sn: `bulk_${String(i).padStart(4, '0')}`,
            stateId: 321,
            participantTypeId: 2,
            participant: 'webb,ops',
            creator: 'admin',
          }),
        );
        await em.flush();
        for (const t of tickets) em.create(OutboxJob, { kind: 'notice', ticketId: t.id, payload: { noticeId: 320, version: 1 }, runAt: later });
        await em.flush();

        const env = { DATABASE_URL: databaseUrl(db.target), LOONGATE_SEED: 'none', LOONGATE_JOB_POLL_MS: '20', LOONGATE_JOB_BATCH: '10' };
        const started = await Promise.allSettled([startLoongate('serve', env), startLoongate('serve', env)]);
        for (const s of started) if (s.status === 'fulfilled') processes.push(s.value);
        for (const s of started) if (s.status === 'rejected') throw s.reason;
        await em.nativeUpdate(OutboxJob, {}, { runAt: new Date() });
        await eventually(() => receiver.hits.length >= JOBS, 25_000, `${JOBS} notices`);
        await new Promise((r) => setTimeout(r, 1000));

        const ids = receiver.hits.map((h) => h.body.ticket_value_info.id as number);
        expect(ids).toHaveLength(JOBS);
        expect(new Set(ids).size).toBe(JOBS);
        const jobs = await db.orm.em.fork().find(OutboxJob, {});
        expect(jobs.filter((j) => j.status === 'done' && j.attempts === 1)).toHaveLength(JOBS);
        expect(await db.orm.em.fork().count(OutboxAttempt, {})).toBe(JOBS);
        const [a, b] = processes.map((p) => p.jobsRan());
        expect(a!.length).toBeGreaterThan(0);
        expect(b!.length).toBeGreaterThan(0);
        expect(a!.filter((id) => b!.includes(id))).toEqual([]);
        expect(new Set([...a!, ...b!]).size).toBe(JOBS);
      } finally {
        for (const p of processes) await p.kill('SIGTERM');
        await receiver.close();
        await db.drop();
      }
    },
    240_000,
  );
});
