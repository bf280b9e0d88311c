import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import type { DatabaseTarget } from '../config';
import { migrateUp, openOrm } from './orm';

/** A fresh, empty database of the target's dialect; `drop` removes it. */
async function scratchDatabase(target: DatabaseTarget): Promise<{ target: DatabaseTarget; drop: () => Promise<void> }> {
  if (target.dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loongate-mig-'));
    return { target: { dialect: 'sqlite', file: path.join(dir, 'scratch.db') }, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const dbName = `loongate_scratch_${process.pid}_${Date.now()}`;
  const admin = await openOrm(target);
  await admin.em.getConnection().execute(`create database \`${dbName}\``);
  await admin.close();
  const scratch = { ...target, dbName };
  return {
    target: scratch,
    drop: async () => {
      const orm = await openOrm(target);
      await orm.em.getConnection().execute(`drop database if exists \`${dbName}\``);
      await orm.close();
    },
  };
}

/** Migrate a scratch database, then report whether the entities need a new migration. */
export async function entitiesNeedMigration(target: DatabaseTarget): Promise<{ needed: boolean; diff: string[] }> {
  const scratch = await scratchDatabase(target);
  let orm: MikroORM | undefined;
  try {
    orm = await openOrm(scratch.target);
    await migrateUp(orm);
    const diff = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
    const statements = diff.split('\n').filter((l) => l.trim() && !/^(set|pragma)\b/i.test(l.trim()));
    return { needed: statements.length > 0, diff: statements };
  } finally {
    await orm?.close();
    await scratch.drop();
  }
}

/** Write a new migration for the target's dialect into the source tree. */
export async function createMigration(target: DatabaseTarget, sourceDir: string): Promise<string | null> {
  const scratch = await scratchDatabase(target);
  let orm: MikroORM | undefined;
  try {
    orm = await openOrm(scratch.target);
    await migrateUp(orm);
    const initial = (await orm.getMigrator().getExecutedMigrations()).length === 0;
    const migrator = orm.getMigrator();
    (orm.config.get('migrations') as { path: string }).path = sourceDir;
    const result = await migrator.createMigration(sourceDir, false, initial);
    return result.diff.up.length ? result.fileName : null;
  } finally {
    await orm?.close();
    await scratch.drop();
  }
}
