import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { DEMO_TOKEN } from '../../src/server/graphiql-defaults';
import { signature } from '../../src/services/auth.service';

/** An answer read as text and, when it is JSON, parsed. */
export interface RawAnswer {
  status: number;
  text: string;
  body: any;
}

/** A request with exactly the headers given: nothing adds a Content-Type or changes the body. */
export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** An answer whose body is left unread (the response is paused) until `read` is called. */
export interface OpenAnswer {
  status: number;
  read(): Promise<RawAnswer>;
}

function readAll(res: http.IncomingMessage): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('error', reject);
    res.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      resolve({ status: res.statusCode ?? 0, text, body: parsed });
    });
    res.resume();
  });
}

/** Wait until the condition holds, checking every few milliseconds (fails after `timeoutMs`). */
export async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms: ${condition}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The app on a loopback port, for requests whose bytes and headers the test controls. */
export async function listen(
  app: Express,
): Promise<{ send(req: RawRequest): Promise<RawAnswer>; open(req: RawRequest): Promise<OpenAnswer>; close(): Promise<void> }> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const agent = new http.Agent({ keepAlive: false });
  const open = (r: RawRequest) =>
    new Promise<OpenAnswer>((resolve, reject) => {
      const body = r.body === undefined ? undefined : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body, 'utf8');
      const headers = { ...(r.headers ?? {}), ...(body ? { 'content-length': String(body.length) } : {}) };
      const req = http.request({ host: '127.0.0.1', port, method: r.method, path: r.path, headers, agent }, (res) => {
        res.pause();
        resolve({ status: res.statusCode ?? 0, read: () => readAll(res) });
      });
      req.on('error', reject);
      req.end(body);
    });
  return {
    send: async (r) => (await open(r)).read(),
    open,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** loonflow signature headers of the demo app for a user. */
export function signedAs(username: string): Record<string, string> {
  const ts = String(Math.floor(Date.now() / 1000));
  return { appname: 'ops', timestamp: ts, signature: signature(ts, DEMO_TOKEN), username };
}
