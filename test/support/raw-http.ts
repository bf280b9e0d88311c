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

/** The app on a loopback port, for requests whose bytes and headers the test controls. */
export async function listen(app: Express): Promise<{ send(req: RawRequest): Promise<RawAnswer>; close(): Promise<void> }> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const agent = new http.Agent({ keepAlive: false });
  return {
    send: (r) => new Promise((resolve, reject) => {
      const body = r.body === undefined ? undefined : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body, 'utf8');
      const headers = { ...(r.headers ?? {}), ...(body ? { 'content-length': String(body.length) } : {}) };
      const req = http.request({ host: '127.0.0.1', port, method: r.method, path: r.path, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = undefined;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          resolve({ status: res.statusCode ?? 0, text, body: parsed });
        });
      });
      req.on('error', reject);
      req.end(body);
    }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** loonflow signature headers of the demo app for a user. */
export function signedAs(username: string): Record<string, string> {
  const ts = String(Math.floor(Date.now() / 1000));
  return { appname: 'ops', timestamp: ts, signature: signature(ts, DEMO_TOKEN), username };
}
