import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RouteDef } from '../../src/rest/route';
import { ROUTES } from '../../src/rest/routes';
import type { TestApp } from '../support/app';
import { dialects } from '../support/db';
import { describeRest, restCaseArb, restProblems, sendRest, type RestCase } from './support/rest-cases';
import { fingerprint, restoreTables } from '../support/snapshot';
import { fuzzOptions, loadWorld, startFuzzApp, Tally, type World } from './support/world';

const BUDGET = 560;
const ROUTE_TABLE = (ROUTES as RouteDef<any, any>[]).map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const);

/** Requests every route must refuse cleanly whatever else it does. */
const TRANSPORT_EXAMPLES: RestCase['body'][] = [
  { kind: 'raw', contentType: 'application/json', text: '{"broken": ' },
  { kind: 'json', value: { suggestion: 'x'.repeat(1_100_000) } },
  { kind: 'raw', contentType: 'application/json', text: '{"a":1}', encoding: 'gzip' },
];

describe.each(dialects())('hostile REST input (%s)', (dialect) => {
  let t: TestApp;
  let world: World;
  const tally = new Tally();
  beforeAll(async () => {
    t = await startFuzzApp(dialect);
  }, 120_000);
  afterAll(async () => {
    tally.print(`REST outcomes (${dialect})`);
    await t?.close();
  });
  beforeEach(async () => {
    await restoreTables(t.orm);
    world = await loadWorld(t);
  });

  it.each(ROUTE_TABLE)(
    '%s answers a well-formed success or a refusal naming the input, and a refusal changes nothing',
    async (name, route) => {
      const examples = TRANSPORT_EXAMPLES.map((body): [RestCase] => [
        { pathId: String(world.ticketIds[0]), query: [], body, username: 'admin', ifMatch: null },
      ]);
      await fc.assert(
        fc.asyncProperty(restCaseArb(route, world), async (c) => {
          const before = await fingerprint(t.orm);
          const x = await sendRest(t, route, c);
          const problems = restProblems(x, route, world);
          tally.add(name, x.body?.code === 0 ? 'success' : `refused: ${String(x.body?.msg).slice(0, 60)}`);
          if (x.body?.code !== 0 || route.method === 'get') {
            const after = await fingerprint(t.orm);
            if (after !== before)
              problems.push(`the database changed${x.body?.code === 0 ? ' on a read' : ' on a refusal'}:\n    before ${before}\n    after  ${after}`);
          } else {
            await restoreTables(t.orm);
          }
          if (problems.length) throw new Error(`${describeRest(x)}\n  problems:\n  - ${problems.join('\n  - ')}`);
        }),
        { ...fuzzOptions(dialect, BUDGET, ROUTE_TABLE.length), examples },
      );
    },
    120_000,
  );

  it('still answers after the fuzzing', async () => {
    const list = await t.rest('get', '/tickets?category=all');
    expect(list.body).toMatchObject({ code: 0, data: { value: expect.any(Array) } });
    expect((await request(t.app).get('/healthz')).body).toEqual({ status: 'ok' });
  });
});
