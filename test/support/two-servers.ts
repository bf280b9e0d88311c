import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { DEMO_DEFINITIONS, loadConfig, parseDatabaseUrl, type Config, type DatabaseTarget } from '../../src/config';
import { importDefinitionsFile } from '../../src/db/definitions';
import { migrateUp, openOrm } from '../../src/db/orm';
import { createApp } from '../../src/server/app';
import { DEMO_TOKEN } from '../../src/server/graphiql-defaults';
import { signature } from '../../src/services/auth.service';
import { freshDatabase } from './db';

/** Two servers (two ORMs, as two processes have) on one database. */
export async function twoServers(dialect: 'sqlite' | 'mysql') {
  let target: DatabaseTarget;
  let drop: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loongate-catalog-'));
    target = parseDatabaseUrl(`sqlite:${path.join(dir, 'db.sqlite')}`);
    drop = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const db = await freshDatabase('mysql');
    await db.orm.close();
    target = db.target;
    drop = db.drop;
  }
  const config: Config = { ...loadConfig({ LOONGATE_TZ: 'Asia/Shanghai', LOG_LEVEL: 'silent' }), database: target };
  const open = async (prepare = false) => {
    const orm = await openOrm(target);
    if (prepare) await migrateUp(orm), await importDefinitionsFile(orm, DEMO_DEFINITIONS);
    const { app, stop } = await createApp({ orm, config, logger: pino({ level: 'silent' }) });
    return { orm, app, stop };
  };
  const first = await open(true);
  const second = await open();
  const servers = [first, second];
  return {
    servers,
    rest: (i: number, path: string, username = 'admin', body?: object) => {
      const ts = String(Math.floor(Date.now() / 1000));
      const signed = { appname: 'ops', timestamp: ts, signature: signature(ts, DEMO_TOKEN), username };
      return body ? request(servers[i].app).post(`/api/v1.0${path}`).set(signed).send(body) : request(servers[i].app).get(`/api/v1.0${path}`).set(signed);
    },
    gql: (i: number, query: string, variables: object, username = 'admin') =>
      request(servers[i].app)
        .post('/graphql')
        .set({ Authorization: `Bearer ${DEMO_TOKEN}`, username })
        .send({ query, variables }),
    async close() {
      for (const s of servers) await s.stop(), await s.orm.close();
      await drop();
    },
  };
}
