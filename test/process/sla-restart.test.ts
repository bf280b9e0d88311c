import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_DEFINITIONS } from '../../src/config';
import { OutboxJob, SlaFiring, Ticket } from '../../src/db/entities';
import { openOrm } from '../../src/db/orm';
import { TCreateDocument, TSlaDocument } from '../generated';
import { dialects } from '../support/db';
import { databaseUrl, eventually, gqlHttp, processDatabase, startLoongate, type LoongateProcess } from '../support/process';

/** The demo set plus a workflow whose duty state escalates to a role and adds a watcher seconds after it is entered. */
function seed(): string {
  const demo = fs.readFileSync(DEMO_DEFINITIONS, 'utf8').replace('workflows: [1, 2], sn_prefix: ops', 'workflows: [1, 2, 50], sn_prefix: ops');
  return `${demo}
  - id: 50
    name: sla-restart
    states:
      - {id: 500, name: 草稿, type: start, order: 0, fields: {title: required}}
      - id: 501
        name: 值班
        order: 1
        participant: {type: user, value: admin}
        sla:
          target: PT8S
          escalations: [{reassign_role: 运维人员}, {at: PT1S, add_watcher: scm}]
      - {id: 502, name: 结束, type: end, order: 2}
    transitions:
      - {id: 500, name: 提交, from: 500, to: 501, field_require_check: false}
      - {id: 501, name: 完成, from: 501, to: 502, field_require_check: false}
`;
}

describe('SLA escalations across a restart', () => {
  it.concurrent.each(dialects())(
    '%s: a server killed while a ticket waits for its due time; the restarted one fires each escalation once, not before its time',
    async (dialect) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loongate-sla-'));
      const processes: LoongateProcess[] = [];
      let db: Awaited<ReturnType<typeof processDatabase>> | undefined;
      try {
        fs.writeFileSync(path.join(dir, 'seed.yaml'), seed());
        db = await processDatabase(dialect, dir);
        const env = { DATABASE_URL: databaseUrl(db.target), LOONGATE_SEED: path.join(dir, 'seed.yaml'), LOONGATE_JOB_POLL_MS: '100' };
        const first = await startLoongate('serve', { ...env, LOONGATE_WORKER: '0' });
        processes.push(first);
        const { createTicket } = await gqlHttp(first.url, TCreateDocument, { input: { workflowId: 50, transitionId: 500, title: 'restart', fields: {} } });
        const id = createTicket.id;
        const { ticket } = await gqlHttp(first.url, TSlaDocument, { id });
        const dueAt = new Date(ticket!.slaDueAt!).getTime();
        await first.kill('SIGKILL');

        const second = await startLoongate('serve', env);
        processes.push(second);
        const orm = await openOrm(db.target);
        try {
          const firings = () => orm.em.fork().find(SlaFiring, { ticketId: id }, { orderBy: { escalation: 'asc' } });
          await eventually(async () => (await firings()).length === 2, 30_000, 'both escalations after the restart');
          const fired = await firings();
          expect(fired.map((f) => f.action)).toEqual(['reassign_role', 'add_watcher']);
          expect(fired[0]!.firedAt.getTime()).toBeGreaterThanOrEqual(dueAt);
          expect(fired[1]!.firedAt.getTime()).toBeGreaterThanOrEqual(dueAt + 1000);
          const row = await orm.em.fork().findOneOrFail(Ticket, id);
          expect([row.participant, row.relation.split(',').includes('scm')]).toEqual(['ops,ops2', true]);
          // A job's effect commits before the worker records the job as done: wait for that record.
          const jobs = () => orm.em.fork().find(OutboxJob, { ticketId: id, kind: 'sla' }, { orderBy: { id: 'asc' } });
          await eventually(async () => (await jobs()).every((j) => j.status !== 'running'), 30_000, 'both jobs recorded as finished');
          expect((await jobs()).map((j) => [j.status, j.attempts])).toEqual([
            ['done', 1],
            ['done', 1],
          ]);
        } finally {
          await orm.close();
        }
      } finally {
        for (const p of processes) await p.kill('SIGKILL');
        await db?.drop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    180_000,
  );
});
