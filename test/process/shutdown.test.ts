import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { Ticket } from '../../src/db/entities';
import { openOrm } from '../../src/db/orm';
import { DEMO_TOKEN } from '../../src/server/graphiql-defaults';
import { TCreateDocument } from '../generated';
import { databaseUrl, processDatabase, startLoongate, type LoongateProcess } from '../support/process';

const CLIENTS = 60;

/** Send a createTicket request on a socket of its own and drop the socket as soon as the request is sent. */
function createAndLeave(url: string, i: number): void {
  const { hostname, port } = new URL(url);
  const body = JSON.stringify({
    query: print(TCreateDocument),
    variables: {
      input: {
        workflowId: 1,
        transitionId: 1,
        title: `drain ${i}`,
        fields: { reason: 'drain', date_start: '2026-12-01 09:00:00', date_end: '2026-12-05 18:00:00' },
      },
    },
  });
  const socket = net.connect(Number(port), hostname);
  socket.on('error', () => undefined);
  socket.write(
    [
      'POST /graphql HTTP/1.1',
      `host: ${hostname}:${port}`,
      'content-type: application/json',
      `authorization: Bearer ${DEMO_TOKEN}`,
      'username: admin',
      `content-length: ${Buffer.byteLength(body)}`,
      '',
      body,
    ].join('\r\n'),
    () => socket.destroy(),
  );
}

// On SQLite the driver answers synchronously, so a handler never yields to the event loop while it uses the
// database and a SIGTERM cannot land in the middle of one: the race needs MariaDB's network round trips.
describe('graceful shutdown on MariaDB', () => {
  it.skipIf(!process.env.LOONGATE_TEST_MYSQL)(
    'on SIGTERM the handlers of requests whose clients already left finish before the database closes; nothing is logged as an error and the exit code is 0',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loongate-shutdown-'));
      let db: Awaited<ReturnType<typeof processDatabase>> | undefined;
      let server: LoongateProcess | undefined;
      try {
        db = await processDatabase('mysql', dir);
        server = await startLoongate('serve', { DATABASE_URL: databaseUrl(db.target), LOONGATE_SEED: 'demo', LOONGATE_WORKER: '0' });
        for (let i = 0; i < CLIENTS; i += 1) createAndLeave(server.url, i);
        // SIGTERM once the server has seen a client leave, while it is still busy with the other creates.
        const aborted = () => server!.logs.filter((l) => l.msg === 'request aborted').length;
        const deadline = Date.now() + 10_000;
        while (aborted() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
        await server.kill('SIGTERM');

        const errors = server.logs.filter((l) => typeof l.level !== 'number' || l.level >= 50);
        expect(errors, JSON.stringify(errors.slice(0, 2))).toEqual([]);
        expect(aborted()).toBeGreaterThan(0);
        expect(server.logs.at(-1)?.msg).toBe('stopped');
        expect(server.child.exitCode).toBe(0);
        // Every create the server took in ran to its end: one ticket per logged request.
        const orm = await openOrm(db.target);
        try {
          const requests = server.logs.filter((l) => l.req?.url === '/graphql').length;
          expect(await orm.em.fork().count(Ticket, { title: { $like: 'drain %' } })).toBe(requests);
        } finally {
          await orm.close();
        }
      } finally {
        await server?.kill('SIGKILL');
        await db?.drop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    240_000,
  );
});
