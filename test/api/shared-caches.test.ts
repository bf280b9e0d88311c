import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DEFINITIONS } from '../../src/config';
import { refreshCatalog, resetCatalog } from '../../src/db/catalog';
import { Ticket } from '../../src/db/entities';
import { importDefinitionsFile } from '../../src/db/definitions';
import { requireWorkflowDefs } from '../../src/services/definitions';
import { dialects } from '../support/db';
import { twoServers } from '../support/two-servers';

describe.each(dialects())('caches shared by the requests of a server, with two servers on one database (%s)', (dialect) => {
  let t: Awaited<ReturnType<typeof twoServers>>;
  beforeAll(async () => {
    t = await twoServers(dialect);
  });
  afterAll(() => t?.close());

  const stateName = async (server: number) => {
    const res = await t.rest(server, '/workflows/1/states');
    return res.body.data.value.find((s: { id: number }) => s.id === 2).name as string;
  };

  it('a definition changed through one server is what the other serves on its next request', async () => {
    const before = await stateName(1);
    const renamed = await t.gql(0, 'mutation($id: Int!, $input: UpdateStateInput!) { updateState(id: $id, input: $input) { name } }', {
      id: 2,
      input: { name: `${before} (renamed)` },
    });
    expect(renamed.body.errors).toBeUndefined();
    expect(await stateName(0)).toBe(`${before} (renamed)`);
    expect(await stateName(1)).toBe(`${before} (renamed)`);
  });

  it('a user created through one server can act at the other at once', async () => {
    expect((await t.rest(1, '/tickets?category=owner', 'newcomer')).body.code).toBe(0);
    const created = await t.gql(0, 'mutation($input: CreateUserInput!) { createUser(input: $input) { username } }', {
      input: { username: 'newcomer', alias: 'New', isAdmin: true },
    });
    expect(created.body.errors).toBeUndefined();
    const me = await t.gql(1, '{ me { username user { alias isAdmin } } }', {}, 'newcomer');
    expect(me.body.data.me).toMatchObject({ username: 'newcomer', user: { alias: 'New', isAdmin: true } });
  });

  it('a list total counts a ticket created by this server at once, and one created by the other once the TTL and a recount have passed', async () => {
    const total = async (server: number) => (await t.rest(server, '/tickets?category=all')).body.data.total as number;
    const before = await total(0);
    expect(await total(1)).toBe(before);
    const created = await t.rest(1, '/tickets', 'admin', { workflow_id: 2, transition_id: 6, title: 'vpn', reason: 'total' });
    expect(created.body.code, JSON.stringify(created.body)).toBe(0);
    expect(await total(1)).toBe(before + 1);
    const deadline = Date.now() + 5000;
    while ((await total(0)) !== before + 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await total(0)).toBe(before + 1);
  });

  it('a transaction reads reference data even when another change has just reset the catalog (SQLite has one connection)', async () => {
    const states = await t.servers[0].orm.em.fork().transactional(async (em) => {
      resetCatalog(em);
      return (await requireWorkflowDefs(em, 1)).states.size;
    });
    expect(states).toBeGreaterThan(1);
  });

  it('a transaction does not wait for a load queued behind it (SQLite: the transaction holds the one connection)', async () => {
    const { orm } = t.servers[0];
    resetCatalog(orm.em);
    await refreshCatalog(orm.em.fork());
    let outside: Promise<unknown> | undefined;
    const states = await orm.em.fork().transactional(async (em) => {
      await em.findOne(Ticket, { id: 1 });
      outside = requireWorkflowDefs(orm.em.fork(), 2);
      return (await requireWorkflowDefs(em, 2)).states.size;
    });
    await outside;
    expect(states).toBeGreaterThan(1);
  });

  it('an import that changes nothing keeps the cached data; one that changes something bumps the revision', async () => {
    const revision = async () => (await t.servers[0].orm.em.fork().getConnection().execute('select revision from catalog_revision where id = 1'))[0].revision;
    const start = Number(await revision());
    await importDefinitionsFile(t.servers[0].orm, DEMO_DEFINITIONS, { force: true });
    const afterChange = Number(await revision());
    expect(afterChange).toBe(start + 1);
    await importDefinitionsFile(t.servers[0].orm, DEMO_DEFINITIONS);
    expect(Number(await revision())).toBe(afterChange);
  });
});
