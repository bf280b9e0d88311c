import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got. */
export interface Received {
  /** When it arrived (ms since the epoch). */
  at: number;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/** How the receiver answers a request: a JSON body (status 200 unless given) after `delayMs`, or `hang` to never answer. */
export type Answer = { status?: number; body?: unknown; raw?: string; hang?: boolean; delayMs?: number };

/** A real HTTP server on loopback that records hook and notice calls. */
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Start a receiver on 127.0.0.1 (a free port); `answer` decides each reply (default `{code: 0, msg: 'ok'}`). */
export async function startReceiver(answer: (req: Received) => Answer = () => ({ body: { code: 0, msg: 'ok' } })) {
  const hits: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const hit: Received = { at: Date.now(), path: req.url ?? '', headers: req.headers, body: parse(Buffer.concat(chunks).toString('utf8')) };
      hits.push(hit);
      const a = answer(hit);
      if (a.hang) return;
      setTimeout(() => {
        res.writeHead(a.status ?? 200, { 'content-type': 'application/json' });
        res.end(a.raw ?? JSON.stringify(a.body ?? { code: 0, msg: 'ok' }));
      }, a.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    /** Hits on one path. */
    on: (path: string) => hits.filter((h) => h.path === path),
    close(): Promise<void> {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
