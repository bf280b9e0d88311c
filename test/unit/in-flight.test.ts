import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { InFlightRequests } from '../../src/server/in-flight';

/** A server whose one route waits for `release()` before it answers. */
async function slowServer() {
  const inFlight = new InFlightRequests();
  const started: (() => void)[] = [];
  const closed: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => void (release = resolve));
  const app = express();
  app.use(inFlight.middleware);
  app.get('/slow', async (_req, res) => {
    res.once('close', () => void closed.push(res.writableEnded ? 'answered' : 'client left'));
    started.shift()?.();
    await gate;
    res.json({ ok: true });
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  /** Send a request and drop its socket once the handler runs. */
  const leave = () =>
    new Promise<void>((resolve) => {
      const req = http.get({ port, host: '127.0.0.1', path: '/slow', agent: false });
      req.on('error', () => undefined);
      started.push(() => {
        req.destroy();
        resolve();
      });
    });
  return { inFlight, closed, release: () => release(), leave, close: () => new Promise((r) => server.close(r)) };
}

describe('InFlightRequests', () => {
  let close: (() => Promise<unknown>) | undefined;
  afterEach(async () => void (await close?.()));

  it('counts a handler whose client left until it ends its response; idle waits for it', async () => {
    const s = await slowServer();
    close = s.close;
    await Promise.all([s.leave(), s.leave()]);
    await expect.poll(() => s.closed).toEqual(['client left', 'client left']);
    expect(s.inFlight.count).toBe(2);
    let idle = false;
    const waiting = s.inFlight.idle(5000).then((v) => (idle = v));
    await new Promise((r) => setTimeout(r, 50));
    expect(idle).toBe(false);
    s.release();
    expect(await waiting).toBe(true);
    expect(s.inFlight.count).toBe(0);
  });

  it('idle gives up after its timeout while a handler still runs, and answers at once when none does', async () => {
    const s = await slowServer();
    close = s.close;
    expect(await s.inFlight.idle(0)).toBe(true);
    await s.leave();
    const started = Date.now();
    expect(await s.inFlight.idle(100)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(s.inFlight.count).toBe(1);
    s.release();
    expect(await s.inFlight.idle(5000)).toBe(true);
  });
});
