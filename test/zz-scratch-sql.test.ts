import pino from 'pino';
import request from 'supertest';
import { it } from 'vitest';
import { loadConfig } from '../src/config';
import { importDefinitionsFile } from '../src/db/definitions';
import { createApp } from '../src/server/app';
import { signature } from '../src/services/auth.service';
import { freshDatabase } from './support/db';

const TOKEN = '4e57d414-c6aa-11ea-9ed0-784f437daad6';
it('statements', async () => {
  const db = await freshDatabase(process.env.LOONGATE_TEST_MYSQL ? 'mysql' : 'sqlite');
  await importDefinitionsFile(db.orm, 'bench/fixtures/loonflow-demo.yaml');
  const config = { ...loadConfig({ LOONGATE_TZ: 'Asia/Shanghai', LOG_LEVEL: 'silent' }), database: db.target };
  const { app, stop } = await createApp({ orm: db.orm, config, logger: pino({ level: 'silent' }) });
  const call = (method: 'get' | 'post' | 'patch', path: string, username: string, body?: object) => {
    const ts = String(Math.floor(Date.now() / 1000));
    const r = request(app)
      [method](`/api/v1.0${path}`)
      .set({ appname: 'ops', timestamp: ts, signature: signature(ts, TOKEN), username });
    return body ? r.send(body) : r;
  };
  const trace = async (label: string, fn: () => Promise<any>) => {
    await fn();
    db.queries.recent.length = 0;
    const before = db.queries.count;
    const res = await fn();
    console.log(`--- ${label}: ${db.queries.count - before} statements`, JSON.stringify(res.body).slice(0, 200));
    for (const q of db.queries.recent) console.log('   ', q.slice(0, 400));
    return res;
  };
  let n = 0;
  const created = await trace('create', () => call('post', '/tickets', 'zhangsan', { workflow_id: 2, transition_id: 7, title: `vpn ${++n}`, vpn_reason: 'r' }));
  const id = created.body.data.ticket_id;
  await trace('detail', () => call('get', `/tickets/${id}`, 'zhangsan'));
  await trace('list', () => call('get', `/tickets?category=all&per_page=20`, 'admin'));
  const ids: number[] = [];
  for (let i = 0; i < 3; i++)
    ids.push((await call('post', '/tickets', 'lisi', { workflow_id: 2, transition_id: 7, title: `vpn x${i}`, vpn_reason: 'r' })).body.data.ticket_id);
  let k = 0;
  await trace('vote', () => call('patch', `/tickets/${ids[k++]}`, 'zhangsan', { transition_id: 8, suggestion: 'ok' }));
  await stop();
  await db.drop();
}, 60_000);
