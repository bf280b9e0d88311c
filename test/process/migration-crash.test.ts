import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, DEMO_DEFINITIONS } from '../../src/config';
import { importAndPublish, importDefinitionsFile } from '../../src/db/definitions';
import { App, FlowLog, MigrationPlanTicket, Ticket, User } from '../../src/db/entities';
import { migrateUp, openOrm } from '../../src/db/orm';
import { Intervene } from '../../src/domain/constants';
import { createTicket } from '../../src/services/ticket-create.service';
import { dialects } from '../support/db';
import { databaseUrl, processDatabase } from '../support/process';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'loongate.js');
const TICKETS = 6;

/** Run the compiled CLI (`npm run build` first): its exit code, the signal that ended it, and its output. */
function loongate(args: string[], env: Record<string, string>): Promise<{ code: number; signal: string | null; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LOG_LEVEL: 'warn', ...env } }, (err, stdout) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, signal: err?.signal ?? null, stdout }),
    );
  });
}

describe('migrating tickets from the command line', () => {
  it.concurrent.each(dialects())(
    '%s: killed mid-apply, a re-run completes the plan without moving any ticket twice',
    async (dialect) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loongate-migrate-'));
      const db = await processDatabase(dialect, dir);
      const orm = await openOrm(db.target);
      try {
        await migrateUp(orm);
        await importDefinitionsFile(orm, DEMO_DEFINITIONS);
        const em = orm.em.fork();
        const [app, admin] = [await em.findOneOrFail(App, { name: 'ops' }), await em.findOneOrFail(User, { username: 'admin' })];
        const ctx = { em, config: { ...loadConfig({ LOG_LEVEL: 'silent' }), database: db.target }, app, username: 'admin', user: admin };
        const fields = { reason: 'r', date_start: '2020-04-13 00:00:00', date_end: '2020-04-14 00:00:00' };
        for (let i = 0; i < TICKETS; i++) await createTicket(ctx, { workflowId: 1, transitionId: 1, title: `t${i}`, fields });
        const demo = fs.readFileSync(DEMO_DEFINITIONS, 'utf8');
        await importAndPublish(orm, demo);
        expect((await importAndPublish(orm, demo.replace('name: 人事审批中', 'name: 人事复核'))).published).toEqual([
          { workflowId: 1, version: 2, pinnedTickets: 0 },
        ]);
        const before = new Map((await orm.em.fork().find(Ticket, { workflowId: 1 })).map((t) => [t.id, t.version]));

        const env = { DATABASE_URL: databaseUrl(db.target), LOONGATE_SEED: 'none' };
        const diff = await loongate(['diff', '--workflow', '1', '--from', '1', '--to', '2'], env);
        expect(diff.stdout).toBe('workflow 1: version 1 → version 2\n~ state "人事复核" (id 3): name "人事审批中" → "人事复核"\n');
        const killed = await loongate(['migrate-tickets', '--workflow', '1', '--to', '2'], {
          ...env,
          NODE_ENV: 'test',
          LOONGATE_TEST_KILL_AFTER_MIGRATED: '2',
        });
        expect(killed.signal).toBe('SIGKILL');
        const statuses = async () => (await orm.em.fork().find(MigrationPlanTicket, {}, { orderBy: { id: 'asc' } })).map((r) => r.status);
        expect(await statuses()).toEqual(['moved', 'moved', ...Array(TICKETS - 2).fill('pending')]);

        const rerun = await loongate(['migrate-tickets', '--workflow', '1', '--to', '2'], env);
        expect(rerun.code, rerun.stdout).toBe(0);
        expect(rerun.stdout).toContain('resuming plan 1');
        expect(rerun.stdout).toContain(`plan 1: ${TICKETS} moved, 0 stale, 0 blocked, 0 pending`);
        expect(await statuses()).toEqual(Array(TICKETS).fill('moved'));
        const after = await orm.em.fork().find(Ticket, { workflowId: 1 });
        for (const t of after) {
          expect(t.workflowVersion).toBe(2);
          expect(t.version, `ticket ${t.id}`).toBe(before.get(t.id)! + 1);
          expect(await orm.em.fork().count(FlowLog, { ticketId: t.id, interveneTypeId: Intervene.MIGRATE }), `ticket ${t.id}`).toBe(1);
        }
      } finally {
        await orm.close();
        await db.drop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
