import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/config';
import { User } from '../../src/db/entities';
import { migrateUp, openOrm } from '../../src/db/orm';

/**
 * Another process holds the SQLite file's write lock for `holdMs`, then commits; resolves once it holds the lock,
 * with a promise of its exit.
 */
async function holdLockElsewhere(file: string, holdMs: number): Promise<{ done: Promise<number | null> }> {
  const script = `
    const Database = require(${JSON.stringify(require.resolve('libsql'))});
    const db = new Database(${JSON.stringify(file)});
    db.exec('begin immediate');
    db.exec("update users set alias = 'held' where username = 'admin'");
    console.log('locked');
    setTimeout(() => { db.exec('commit'); process.exit(0); }, ${holdMs});
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
    child.once('exit', (code) => reject(new Error(`the lock holder exited with ${code} before locking`)));
  });
  return { done: new Promise((resolve) => child.once('exit', resolve)) };
}

describe('SQLite written by another process', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loongate-busy-'));
  const file = path.join(dir, 'busy.db');
  const target = parseDatabaseUrl(`sqlite:${file}`);
  let orm: Awaited<ReturnType<typeof openOrm>>;
  beforeAll(async () => {
    orm = await openOrm(target);
    await migrateUp(orm);
    const em = orm.em.fork();
    em.create(User, { username: 'admin', alias: 'Admin' });
    await em.flush();
  });
  afterAll(async () => {
    await orm?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the file is in write-ahead-log mode, with full syncs', async () => {
    const rows = await orm.em.getConnection().execute<{ journal_mode: string }[]>('pragma journal_mode');
    expect(rows[0].journal_mode).toBe('wal');
    const sync = await orm.em.getConnection().execute<{ synchronous: number }[]>('pragma synchronous');
    expect(sync[0].synchronous).toBe(2);
  });

  it('a read does not wait for the other process: it sees what was committed before', async () => {
    const holder = await holdLockElsewhere(file, 400);
    const user = await orm.em.fork().findOneOrFail(User, { username: 'admin' });
    expect(user.alias).toBe('Admin');
    expect(await holder.done).toBe(0);
  }, 30_000);

  it('a write waits for the other process to commit instead of failing as locked', async () => {
    const holder = await holdLockElsewhere(file, 400);
    const em = orm.em.fork();
    await em.nativeUpdate(User, { username: 'admin' }, { alias: 'after' });
    expect(await holder.done).toBe(0);
    expect((await orm.em.fork().findOneOrFail(User, { username: 'admin' })).alias).toBe('after');
  }, 30_000);
});
