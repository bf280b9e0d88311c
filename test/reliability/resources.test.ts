import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ANSWER_BYTES } from '../../src/automation/http';
import { DEMO_TOKEN } from '../../src/server/graphiql-defaults';
import { TCreateDocument, THandleDocument, TTicketJobsDocument } from '../generated';
import { demoWithHook } from '../support/automation';
import { yamlBomb } from '../support/bombs';
import { databaseUrl, eventually, gqlHttp, processDatabase, startLoongate, type LoongateProcess } from '../support/process';
import { startReceiver, type Receiver } from '../support/receiver';
import { mb, rssOf, startProbe } from './support/probe';

/** Bounds asserted while the server is under each attack (a busy two-core machine included). */
const BOUNDS = {
  /** RSS growth over the idle server. */
  rssGrowth: 150 * 1024 * 1024,
  /** The slowest /healthz answer while hooks stream 450 MB answers or GraphQL cost attacks arrive (0.2-0.6 s measured under load). */
  healthzMs: 2000,
  /**
   * The slowest /healthz answer while the YAML bomb is parsed: the `yaml` parser spends 1 s (idle) to 4 s (the machine at a
   * load of 17) of event loop on the 100 kB text itself, whatever it expands to; before the bounds it was 33 s and more.
   */
  healthzDuringBombMs: 10_000,
  /** From sending the YAML bomb to its refusal (2.3-3.8 s measured). */
  bombRefusalMs: 15_000,
};
const HUGE = 450 * 1024 * 1024;
const AUTH = { 'content-type': 'application/json', authorization: `Bearer ${DEMO_TOKEN}`, username: 'admin' };

describe('resources under attack: one `loongate serve` on SQLite with its worker', () => {
  let receiver: Receiver;
  let server: LoongateProcess;
  let dir: string;
  let idleRss: number;
  const pid = () => server.child.pid!;

  beforeAll(async () => {
    receiver = await startReceiver((hit) => (hit.path === '/vpn/grant' ? { stream: { bytes: HUGE } } : { body: { code: 0, msg: 'ok' } }));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loongate-resources-'));
    fs.writeFileSync(path.join(dir, 'seed.yaml'), demoWithHook(receiver.base));
    const db = await processDatabase('sqlite', dir);
    server = await startLoongate('serve', {
      DATABASE_URL: databaseUrl(db.target),
      LOONGATE_SEED: path.join(dir, 'seed.yaml'),
      LOONGATE_JOB_POLL_MS: '100',
      LOONGATE_JOB_TIMEOUT_MS: '60000',
      LOONGATE_JOB_ATTEMPTS: '1',
    });
    for (let i = 0; i < 20; i++)
      await (
        await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: AUTH,
          body: JSON.stringify({ query: '{ tickets(category: ALL) { total items { id } } }' }),
        })
      ).text();
    idleRss = rssOf(pid());
  }, 120_000);
  afterAll(async () => {
    await server?.kill('SIGTERM');
    await receiver?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('three hooks answering 450 MB each: 64 kB of each is read, RSS stays bounded and /healthz answers throughout', async () => {
    const probe = startProbe(server.url, pid());
    const started = Date.now();
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { createTicket } = await gqlHttp(server.url, TCreateDocument, {
        input: { workflowId: 2, transitionId: 6, title: `flood ${i}`, fields: { reason: 'r' } },
      });
      await gqlHttp(server.url, THandleDocument, { input: { ticketId: createTicket.id, transitionId: 8, fields: {} } }, 'ops');
      ids.push(createTicket.id);
    }
    const hits = () => receiver.on('/vpn/grant').filter((h) => ids.includes(h.body.id));
    const jobsFailed = async () => {
      for (const id of ids) {
        const { ticket } = await gqlHttp(server.url, TTicketJobsDocument, { id });
        if (ticket.jobs.find((j) => j.kind === 'hook')?.status !== 'failed') return false;
      }
      return true;
    };
    await eventually(
      async () => hits().length === 3 && hits().every((h) => h.closedAt !== undefined) && (await jobsFailed()),
      60_000,
      'the three hooks to fail',
    );
    const report = await probe.stop();
    const sent = hits().map((h) => h.sent!);
    console.info(
      `hook floods: ${Date.now() - started} ms; idle RSS ${mb(idleRss)}, peak ${mb(report.peakRss)}; sent ${sent.map(mb).join(', ')} of ${mb(HUGE)} each; slowest /healthz ${report.slowestHealthzMs.toFixed(0)} ms over ${report.healthz} calls`,
    );
    for (const bytes of sent) expect(bytes).toBeLessThan(16 * 1024 * 1024);
    expect(report.peakRss - idleRss).toBeLessThan(BOUNDS.rssGrowth);
    expect(report.slowestHealthzMs).toBeLessThan(BOUNDS.healthzMs);
    for (const id of ids) {
      const { ticket } = await gqlHttp(server.url, TTicketJobsDocument, { id });
      expect(ticket.jobs.find((j) => j.kind === 'hook')?.lastError).toBe(`HTTP 200: the answer is longer than ${MAX_ANSWER_BYTES} bytes (read no further)`);
    }
  }, 120_000);

  it('the YAML alias bomb is refused at its path within the time bound, RSS stays bounded, /healthz answers, nothing is stored', async () => {
    const probe = startProbe(server.url, pid());
    const started = performance.now();
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: AUTH,
      body: JSON.stringify({ query: 'mutation($y: String!) { importDefinitions(yaml: $y) }', variables: { y: yamlBomb(1000) } }),
    });
    const body = (await res.json()) as { errors?: { message: string; extensions: { code: string } }[] };
    const elapsed = performance.now() - started;
    const report = await probe.stop();
    const depts = await (
      await fetch(`${server.url}/graphql`, { method: 'POST', headers: AUTH, body: JSON.stringify({ query: '{ depts { id name label } }' }) })
    ).text();
    console.info(
      `YAML bomb: refused in ${elapsed.toFixed(0)} ms; peak RSS ${mb(report.peakRss)} (idle ${mb(idleRss)}); slowest /healthz ${report.slowestHealthzMs.toFixed(0)} ms over ${report.healthz} calls; depts answer ${depts.length} bytes`,
    );
    expect(body.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_INPUT' },
      message: expect.stringContaining('depts[1].label.k8[49982]: the document expands to more than 500,000 values'),
    });
    expect(elapsed).toBeLessThan(BOUNDS.bombRefusalMs);
    expect(report.peakRss - idleRss).toBeLessThan(BOUNDS.rssGrowth);
    expect(report.slowestHealthzMs).toBeLessThan(BOUNDS.healthzDuringBombMs);
    expect(depts).not.toContain('bomb-');
    expect(depts.length).toBeLessThan(20_000);
  }, 120_000);

  it('30 concurrent GraphQL queries of 15 × tickets(perPage: 1000) × flowLogs(perPage: 1000) are all refused at once; /healthz answers throughout', async () => {
    const attack = `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: tickets(category: ALL, perPage: 1000) { items { id title flowLogs(perPage: 1000) { items { id suggestion participant ticketData } } } }`).join(' ')} }`;
    const probe = startProbe(server.url, pid());
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 30 }, async () => {
        const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: AUTH, body: JSON.stringify({ query: attack }) });
        return { status: res.status, text: await res.text() };
      }),
    );
    const elapsed = performance.now() - started;
    const report = await probe.stop();
    console.info(
      `GraphQL cost attack: 30 requests answered in ${elapsed.toFixed(0)} ms; peak RSS ${mb(report.peakRss)} (idle ${mb(idleRss)}); slowest /healthz ${report.slowestHealthzMs.toFixed(0)} ms over ${report.healthz} calls; largest answer ${Math.max(...answers.map((a) => a.text.length))} bytes`,
    );
    for (const a of answers) {
      expect(a.status).toBe(400);
      expect(a.text).toContain('over the budget of 1,000,000 per request');
    }
    expect(elapsed).toBeLessThan(5000);
    expect(report.peakRss - idleRss).toBeLessThan(BOUNDS.rssGrowth);
    expect(report.slowestHealthzMs).toBeLessThan(BOUNDS.healthzMs);
  }, 60_000);

  it('the server logged no error while under attack', () => {
    expect(server.logs.filter((l) => Number(l.level) >= 50).map((l) => `${l.msg}: ${l.err?.message ?? ''}`)).toEqual([]);
  });
});
