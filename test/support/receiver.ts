import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got. */
export interface Received {
  /** When it arrived (ms since the epoch). */
  at: number;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
  /** Bytes of a streamed answer written to the socket so far (see Answer.stream). */
  sent?: number;
  /** When the socket of a streamed answer closed (ms since the epoch). */
  closedAt?: number;
}

/**
 * How the receiver answers a request: a JSON body (status 200 unless given) after `delayMs`, `hang` to never answer,
 * or `stream` to send a long body of `bytes` in chunks (`intervalMs` apart to drip it) until the client hangs up.
 */
export type Answer = {
  status?: number;
  body?: unknown;
  raw?: string;
  hang?: boolean;
  delayMs?: number;
  stream?: { bytes: number; chunkBytes?: number; intervalMs?: number };
};

/** Write `stream.bytes` of a JSON-looking body, honouring backpressure, until done or the client closes the socket. */
function streamAnswer(res: http.ServerResponse, hit: Received, stream: NonNullable<Answer['stream']>): void {
  const chunk = Buffer.alloc(stream.chunkBytes ?? 64 * 1024, 'x');
  hit.sent = 0;
  res.on('close', () => void (hit.closedAt = Date.now()));
  res.writeHead(200, { 'content-type': 'application/json' });
  const pump = () => {
    while (!res.destroyed && hit.sent! < stream.bytes) {
      hit.sent! += chunk.length;
      const room = res.write(chunk);
      if (stream.intervalMs) return void setTimeout(pump, stream.intervalMs);
      if (!room) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  res.write('{"code": 0, "msg": "');
  pump();
}

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
      if (a.stream) return streamAnswer(res, hit, a.stream);
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
