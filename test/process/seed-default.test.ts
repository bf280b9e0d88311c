import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openOrm } from '../../src/db/orm';
import { databaseUrl, processDatabase, startLoongate, type LoongateProcess } from '../support/process';

type Db = Awaited<ReturnType<typeof processDatabase>>;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loongate-seed-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Start `loongate serve` on the database with `env`, stop it, and count the people, apps and workflows it left. */
async function rowsAfterStart(db: Db, env: Record<string, string>): Promise<{ users: number; apps: number; workflows: number; logs: string[] }> {
  let server: LoongateProcess | undefined;
  try {
    server = await startLoongate('serve', { DATABASE_URL: databaseUrl(db.target), LOONGATE_WORKER: '0', ...env });
  } finally {
    await server?.kill('SIGTERM');
  }
  const orm = await openOrm(db.target);
  try {
    const count = async (table: string) => Number((await orm.em.getConnection().execute(`select count(*) as n from ${table}`))[0].n);
    return { users: await count('users'), apps: await count('apps'), workflows: await count('workflows'), logs: server.logs.map((l) => String(l.msg)) };
  } finally {
    await orm.close();
  }
}

describe('the demo set is imported only where it is safe or asked for', () => {
  it.skipIf(!process.env.LOONGATE_TEST_MYSQL)(
    'a MySQL/MariaDB start without LOONGATE_SEED creates no users, apps or workflows, and says how to add them',
    async () => {
      const db = await processDatabase('mysql', dir);
      try {
        const rows = await rowsAfterStart(db, {});
        expect({ users: rows.users, apps: rows.apps, workflows: rows.workflows }).toEqual({ users: 0, apps: 0, workflows: 0 });
        expect(rows.logs.some((m) => m.includes('LOONGATE_SEED=demo'))).toBe(true);
      } finally {
        await db.drop();
      }
    },
  );

  it.skipIf(!process.env.LOONGATE_TEST_MYSQL)('LOONGATE_SEED=demo imports the demo set on MySQL/MariaDB', async () => {
    const db = await processDatabase('mysql', dir);
    try {
      const rows = await rowsAfterStart(db, { LOONGATE_SEED: 'demo' });
      expect(rows.users).toBe(10);
      expect(rows.apps).toBe(1);
      expect(rows.workflows).toBe(2);
    } finally {
      await db.drop();
    }
  });

  it('a SQLite start without LOONGATE_SEED imports the demo set; LOONGATE_SEED=none does not', async () => {
    const seeded = await rowsAfterStart(await processDatabase('sqlite', fs.mkdtempSync(path.join(dir, 'a-'))), {});
    expect({ users: seeded.users, apps: seeded.apps, workflows: seeded.workflows }).toEqual({ users: 10, apps: 1, workflows: 2 });
    const empty = await rowsAfterStart(await processDatabase('sqlite', fs.mkdtempSync(path.join(dir, 'b-'))), { LOONGATE_SEED: 'none' });
    expect({ users: empty.users, apps: empty.apps, workflows: empty.workflows }).toEqual({ users: 0, apps: 0, workflows: 0 });
  });
});
