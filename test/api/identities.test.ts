import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDefinitions } from '../../src/db/definitions';
import { App, Dept, FlowLog, Ticket, User } from '../../src/db/entities';
import { DEMO_TOKEN } from '../../src/server/graphiql-defaults';
import type { TestApp } from '../support/app';
import { createTicket, restAs, signedHeaders, startCasesApp } from '../support/cases';
import { dialects } from '../support/db';
import { fingerprint } from '../support/snapshot';
import { IDENTITY_COLUMNS } from '../../src/db/migrations/mysql/Migration20261201090000';
import { LATER_IDENTITY_COLUMNS } from '../../src/db/migrations/mysql/Migration20261207235500';

const ME = '{ me { username user { username isAdmin } } }';

/**
 * A request whose header values go out byte for byte as Latin-1, as Node's HTTP server reads them (supertest
 * would send UTF-8): `username: ÀDMIN` arrives as the characters À, D, M, I, N.
 */
async function latin1Request(app: Express, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<any> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const text = body === undefined ? '' : JSON.stringify(body);
    return await new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: (server.address() as AddressInfo).port,
          path,
          method,
          headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
        },
      );
      req.on('error', reject);
      req.end(Buffer.from(text));
    });
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

const bearer = (username: string) => ({ Authorization: `Bearer ${DEMO_TOKEN}`, username });

describe.each(dialects())('identities are compared exactly (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startCasesApp(dialect);
  });
  afterAll(async () => t?.close());

  it.each(['ÀDMIN', 'Admin', 'ADMIN', 'àdmin'])('username %s is not the superuser admin: no user, no superuser rights, no ticket', async (name) => {
    const gql = (query: string) => latin1Request(t.app, 'POST', '/graphql', bearer(name), { query });
    expect((await gql(ME)).data?.me).toEqual({ username: name, user: null });
    const before = await fingerprint(t.orm);
    const dept = await gql('mutation { createDept(input: {name: "look-alike"}) { id } }');
    expect(dept.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const ticket = await latin1Request(t.app, 'POST', '/api/v1.0/tickets', signedHeaders({ username: name }), {
      workflow_id: 2,
      transition_id: 6,
      title: 'vpn',
      reason: 'r',
    });
    expect(ticket).toMatchObject({ code: -1, msg: `username: ${name} is not existed or has been deleted (only existing users act on tickets)` });
    expect(await fingerprint(t.orm)).toBe(before);
  });

  it.each(['OPS', 'öps', 'Ops'])('appname %s signed with the ops token is not the app ops', async (appname) => {
    const res = await latin1Request(t.app, 'GET', '/api/v1.0/workflows', signedHeaders({ app: appname, username: 'admin' }));
    expect(res).toMatchObject({
      code: -1,
      msg: `permission check fail：Appname:${appname} in request header is unauthorized, please contact administrator to add authorization for appname:${appname} in loonflow`,
    });
  });

  it('a look-alike name in a body (a deliver target, a user field) is not the user it resembles', async () => {
    const id = await createTicket(t, { workflow_id: 2, transition_id: 6, title: 'vpn', reason: 'r' });
    const before = await fingerprint(t.orm);
    const res = await t.rest('post', `/tickets/${id}/deliver`, 'admin', { target_username: 'ÀDMIN', from_admin: 1 });
    expect(res.body).toMatchObject({ code: -1, msg: 'target_username "ÀDMIN" is not an existing active user' });
    const field = await t.rest('post', '/tickets', 'admin', { workflow_id: 13, transition_id: 134, title: 'assign', assignee: 'WEBB' });
    expect(field.body).toMatchObject({ code: -1, msg: 'field assignee: user "WEBB" does not exist or is inactive' });
    expect(await fingerprint(t.orm)).toBe(before);
  });

  it('users whose names differ only in case or accents are distinct users, each acting as itself', async () => {
    await importDefinitions(t.orm, 'users:\n  - {username: zed, dept: 1}\n  - {username: Zed, dept: 1}\n  - {username: zéd, dept: 1}\n');
    const users = await t.orm.em.fork().find(User, { username: { $in: ['zed', 'Zed', 'zéd'] } });
    expect(users.map((u) => u.username).sort()).toEqual(['Zed', 'zed', 'zéd']);
    const mine = await createTicket(t, { workflow_id: 2, transition_id: 6, title: 'vpn of Zed', reason: 'r' }, 'Zed');
    expect((await t.orm.em.fork().findOneOrFail(Ticket, mine)).creator).toBe('Zed');
    expect(await t.orm.em.fork().count(FlowLog, { ticketId: mine, participant: 'zed' })).toBe(0);
    const owned = async (name: string) => (await t.rest('get', '/tickets?category=owner&per_page=100', name)).body.data.value.map((v: { id: number }) => v.id);
    expect(await owned('Zed')).toContain(mine);
    expect(await owned('zed')).not.toContain(mine);
    expect(await owned('zéd')).not.toContain(mine);
  });

  it('depts, roles and apps whose names differ only in case are distinct rows', async () => {
    await importDefinitions(
      t.orm,
      'depts:\n  - {name: Sales}\n  - {name: sales}\nroles:\n  - {name: Auditors}\n  - {name: auditors}\napps:\n  - {name: OPS, token: other-token, workflows: [1]}\n',
    );
    const em = t.orm.em.fork();
    expect((await em.find(Dept, { name: { $in: ['Sales', 'sales'] } })).length).toBe(2);
    const apps = await em.find(App, { name: { $in: ['ops', 'OPS'] } });
    expect(apps.map((a) => [a.name, a.token]).sort()).toEqual([
      ['OPS', 'other-token'],
      ['ops', DEMO_TOKEN],
    ]);
    const asOps = await restAs(t, 'get', '/workflows', signedHeaders({ app: 'OPS', token: DEMO_TOKEN, username: 'admin' }));
    expect(asOps.body.code).toBe(-1);
    const asUpper = await restAs(t, 'get', '/workflows', signedHeaders({ app: 'OPS', token: 'other-token', username: 'admin' }));
    expect(asUpper.body.code).toBe(0);
  });

  it.runIf(dialect === 'mysql')('every identity column compares byte for byte (utf8mb4_bin) after the migrations', async () => {
    const rows = (await t.orm.em
      .getConnection()
      .execute('select table_name as t, column_name as c, collation_name as collation from information_schema.columns where table_schema = database()')) as {
      t: string;
      c: string;
      collation: string;
    }[];
    const collation = new Map(rows.map((r) => [`${r.t}.${r.c}`, r.collation]));
    for (const [table, column] of [...IDENTITY_COLUMNS, ...LATER_IDENTITY_COLUMNS])
      expect(collation.get(`${table}.${column}`), `${table}.${column}`).toBe('utf8mb4_bin');
  });
});
