import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutboxAttempt, OutboxJob, Ticket } from '../../src/db/entities';
import { openOrm } from '../../src/db/orm';
import { TCreateDocument, THandleDocument } from '../generated';
import { demoWithHook } from '../support/automation';
import { dialects } from '../support/db';
import { databaseUrl, eventually, gqlHttp, processDatabase, startLoongate, type LoongateProcess } from '../support/process';
import { startReceiver } from '../support/receiver';

describe('crash safety of the outbox', () => {
  it.concurrent.each(dialects())(
    '%s: killed after a change commits and before its hook is sent, the restarted server sends the hook exactly once; a job held by a killed worker runs again once its lock expires',
    async (dialect) => {
      const hang = new Set<number>();
      const receiver = await startReceiver((hit) => (hang.has(hit.body.id) ? { hang: true } : { body: { code: 0, msg: 'granted' } }));
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loongate-crash-'));
      const processes: LoongateProcess[] = [];
      let db: Awaited<ReturnType<typeof processDatabase>> | undefined;
      try {
        fs.writeFileSync(path.join(dir, 'seed.yaml'), demoWithHook(receiver.base));
        db = await processDatabase(dialect, dir);
        const env = {
          DATABASE_URL: databaseUrl(db.target),
          LOONGATE_SEED: path.join(dir, 'seed.yaml'),
          LOONGATE_JOB_POLL_MS: '100',
          LOONGATE_JOB_TIMEOUT_MS: '2000',
          LOONGATE_JOB_LOCK_MS: '4000',
        };
        const start = async (command: 'serve' | 'worker', extra: Record<string, string> = {}) => {
          processes.push(await startLoongate(command, { ...env, ...extra }));
          return processes.at(-1)!;
        };
        const hitsFor = (id: number) => receiver.on('/vpn/grant').filter((h) => h.body.id === id);
        const hooksFor = (id: number) => hitsFor(id).length;
        const vpnInHookState = async (url: string) => {
          const { createTicket } = await gqlHttp(url, TCreateDocument, {
            input: { workflowId: 2, transitionId: 6, title: 'vpn', fields: { reason: 'crash' } },
          });
          await gqlHttp(url, THandleDocument, { input: { ticketId: createTicket.id, transitionId: 8, fields: {} } }, 'ops');
          return createTicket.id;
        };

        const noWorker = await start('serve', { LOONGATE_WORKER: '0' });
        const first = await vpnInHookState(noWorker.url);
        await noWorker.kill('SIGKILL');
        expect(hooksFor(first)).toBe(0);

        const server = await start('serve');
        await eventually(() => hooksFor(first) === 1, 15_000, 'the hook after the restart');
        const second = await vpnInHookState(server.url);
        hang.add(second);
        await eventually(() => hooksFor(second) === 1, 10_000, 'the second hook');
        await server.kill('SIGKILL');
        hang.clear();

        const worker = await start('worker');
        await eventually(() => hooksFor(second) === 2, 20_000, 'the reclaimed hook');
        const [lost, again] = hitsFor(second);
        expect(again!.at - lost!.at).toBeGreaterThanOrEqual(3000);
        await new Promise((r) => setTimeout(r, 500));
        await worker.kill('SIGTERM');
        expect([hooksFor(first), hooksFor(second)]).toEqual([1, 2]);

        const orm = await openOrm(db.target);
        try {
          const em = orm.em.fork();
          expect((await em.find(Ticket, { id: [first, second] }, { orderBy: { id: 'asc' } })).map((t) => t.stateId)).toEqual([8, 8]);
          const jobs = await em.find(OutboxJob, { ticketId: [first, second], kind: 'hook' }, { orderBy: { id: 'asc' } });
          expect(jobs.map((j) => [j.ticketId, j.status, j.attempts])).toEqual([
            [first, 'done', 1],
            [second, 'done', 2],
          ]);
          const attempts = await em.find(OutboxAttempt, { jobId: jobs[1]!.id }, { orderBy: { id: 'asc' } });
          expect(attempts.map((a) => a.outcome)).toEqual(['lost', 'done']);
          expect(attempts[0]!.error).toMatch(/^worker .+ did not finish attempt 1 before its lock expired$/);
        } finally {
          await orm.close();
        }
      } finally {
        for (const p of processes) await p.kill('SIGKILL');
        await receiver.close();
        await db?.drop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    240_000,
  );
});
