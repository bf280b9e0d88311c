import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { print } from 'graphql';
import pino from 'pino';
import request from 'supertest';
import { DEMO_DEFINITIONS, loadConfig, type Config } from '../../src/config';
import { bumpCatalogRevision } from '../../src/db/catalog';
import { importDefinitionsFile } from '../../src/db/definitions';
import { createApp } from '../../src/server/app';
import { DEMO_TOKEN } from '../../src/server/graphiql-defaults';
import { signature } from '../../src/services/auth.service';
import { freshDatabase } from './db';

/** A GraphQL answer in tests. */
export interface GqlResult<T> {
  data: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** A running app on a fresh database with the demo definitions. */
export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

/** Start the real app (no socket) on a fresh database of the dialect, seeded with the demo. */
export async function startTestApp(dialect: 'sqlite' | 'mysql', env: Record<string, string> = {}) {
  const db = await freshDatabase(dialect);
  await importDefinitionsFile(db.orm, DEMO_DEFINITIONS);
  const config: Config = { ...loadConfig({ LOONGATE_TZ: 'Asia/Shanghai', LOG_LEVEL: 'silent', ...env }), database: db.target };
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const { app, stop, serveSubscriptions, pump } = await createApp({ orm: db.orm, config, logger });
  let server: http.Server | null = null;
  const bearer = (username: string) => ({ Authorization: `Bearer ${DEMO_TOKEN}`, username });

  return {
    app,
    /** The app's ticket event pump. */
    pump,
    orm: db.orm as MikroORM,
    config,
    queries: db.queries,
    dialect,
    /** Run a typed GraphQL operation as a user of the demo app. */
    async gql<T, V>(doc: TypedDocumentNode<T, V>, variables: V, username = 'admin'): Promise<GqlResult<T>> {
      const res = await request(app)
        .post('/graphql')
        .set(bearer(username))
        .send({ query: print(doc), variables });
      return res.body as GqlResult<T>;
    },
    /** Run a GraphQL operation and fail the test on errors. */
    async gqlOk<T, V>(doc: TypedDocumentNode<T, V>, variables: V, username = 'admin'): Promise<T> {
      const res = await request(app)
        .post('/graphql')
        .set(bearer(username))
        .send({ query: print(doc), variables });
      if (res.body.errors?.length) throw new Error(`GraphQL error: ${JSON.stringify(res.body.errors)}`);
      return res.body.data as T;
    },
    /** Call a REST route signed the loonflow way (md5 of timestamp + token). */
    rest(method: 'get' | 'post' | 'patch' | 'put' | 'delete', path: string, username = 'admin', body?: unknown) {
      const ts = String(Math.floor(Date.now() / 1000));
      const req = request(app)
        [method](`/api/v1.0${path}`)
        .set({ appname: 'ops', timestamp: ts, signature: signature(ts, DEMO_TOKEN), username });
      return body === undefined ? req : req.send(body as object);
    },
    /** Listen on a free local port, with the subscription socket; answers the base URL (http://…). */
    async listen(): Promise<string> {
      server = http.createServer(app);
      serveSubscriptions(server);
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async close() {
      await stop();
      if (server) await new Promise((resolve) => server!.close(resolve));
      await db.drop();
    },
  };
}

/** Flush direct edits of definition or org rows and bump the catalog revision, as the admin API does. */
export async function flushCatalogEdit(t: { orm: MikroORM }, em: EntityManager): Promise<void> {
  await em.flush();
  await bumpCatalogRevision(t.orm.em.fork());
}
