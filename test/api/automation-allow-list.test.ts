import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDefinitions } from '../../src/db/definitions';
import { startTestApp, type TestApp } from '../support/app';
import { automationFixture, drain, jobsOf, testWorker } from '../support/automation';
import { createTicket } from '../support/cases';
import { dialects } from '../support/db';

/** A plain TCP socket on 127.0.0.1 that counts every connection made to it (and drops it). */
async function listeningSocket() {
  const socket = { connections: 0, port: 0, server: net.createServer((c) => ((socket.connections += 1), c.destroy())) };
  await new Promise<void>((resolve) => socket.server.listen(0, '127.0.0.1', resolve));
  socket.port = (socket.server.address() as AddressInfo).port;
  return socket;
}

/** An allowed receiver on 127.0.0.2 that redirects every call to `location`. */
async function redirector(location: string) {
  const hits: string[] = [];
  const server = http.createServer((req, res) => (hits.push(req.url ?? ''), res.writeHead(302, { location }).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
  return { hits, server, base: `http://127.0.0.2:${(server.address() as AddressInfo).port}` };
}

/** Hosts the imports accept, so that the worker's own check is what is tested. */
const IMPORT_ALLOW = ['127.0.0.1', 'localhost', '::ffff:7f00:1', '127.0.0.2'];
/** The worker's allow-list: only the redirector's address. */
const ALLOW = ['127.0.0.2'];

describe.each(dialects())('hook and notice URLs outside LOONGATE_HOOK_ALLOW are never connected to (%s)', (dialect) => {
  let t: TestApp;
  let forbidden: Awaited<ReturnType<typeof listeningSocket>>;
  let allowed: Awaited<ReturnType<typeof redirector>>;

  beforeAll(async () => {
    forbidden = await listeningSocket();
    allowed = await redirector(`http://127.0.0.1:${forbidden.port}/stolen`);
    t = await startTestApp(dialect);
  });
  afterAll(async () => {
    await t?.close();
    forbidden?.server.close();
    allowed?.server.closeAllConnections();
    allowed?.server.close();
  });

  /** Point every hook and notice of the automation fixture at `base`, then queue a hook and two notices and run them. */
  async function runAgainst(base: string, allow: string[]) {
    await importDefinitions(t.orm, automationFixture(base), { hookAllow: IMPORT_ALLOW });
    const hook = await createTicket(t, { workflow_id: 30, transition_id: 301, title: 'hook' });
    const notice = await createTicket(t, { workflow_id: 32, transition_id: 320, title: 'notice' });
    await drain(testWorker(t, { maxAttempts: 1 }, { hookAllow: allow }));
    return [...(await jobsOf(t, hook, 'hook')), ...(await jobsOf(t, notice, 'notice'))];
  }

  it.each([
    ['the address itself', (p: number) => `http://127.0.0.1:${p}`],
    ['localhost', (p: number) => `http://localhost:${p}`],
    ['a short form of the address', (p: number) => `http://127.1:${p}`],
    ['the address as one decimal number', (p: number) => `http://2130706433:${p}`],
    ['the address in hexadecimal', (p: number) => `http://0x7f000001:${p}`],
    ['the IPv4-mapped IPv6 address', (p: number) => `http://[::ffff:127.0.0.1]:${p}`],
  ])('%s: the jobs fail naming the host, and the socket sees no connection', async (_name, url) => {
    const jobs = await runAgainst(url(forbidden.port), ALLOW);
    expect(jobs).toHaveLength(3);
    for (const job of jobs)
      expect(job).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/^host ".+" is not in LOONGATE_HOOK_ALLOW \(127\.0\.0\.2\)$/) });
    expect(forbidden.connections).toBe(0);
  });

  it('an allowed host that redirects to the socket: the redirect is not followed', async () => {
    const jobs = await runAgainst(allowed.base, ALLOW);
    expect(allowed.hits.length).toBe(3);
    expect(jobs.map((j) => j.status)).toEqual(['failed', 'failed', 'failed']);
    expect(forbidden.connections).toBe(0);
  });

  it('the socket does count connections: allowed, it is called', async () => {
    await runAgainst(`http://127.0.0.1:${forbidden.port}`, ['127.0.0.1']);
    expect(forbidden.connections).toBeGreaterThan(0);
  });
});
