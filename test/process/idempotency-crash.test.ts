import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { IdempotentAnswer, Ticket } from '../../src/db/entities';
import { openOrm } from '../../src/db/orm';
import { DEMO_TOKEN } from '../../src/server/graphiql-defaults';
import { TCreateDocument } from '../generated';
import { dialects } from '../support/db';
import { databaseUrl, processDatabase, startLoongate, type LoongateProcess } from '../support/process';

const LEAVE = {
  workflowId: 1,
  transitionId: 1,
  title: 'kept once',
  fields: { reason: 'r', date_start: '2020-04-13 00:00:00', date_end: '2020-04-14 00:00:00' },
};

/** A keyed create as the demo app's admin. */
function keyedCreate(url: string, key: string, title = LEAVE.title): Promise<Response> {
  return fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_TOKEN}`, username: 'admin', 'idempotency-key': key },
    body: JSON.stringify({ query: print(TCreateDocument), variables: { input: { ...LEAVE, title } } }),
  });
}

type Answer = { response: Response; body: { data: unknown; errors?: { extensions?: { code?: string } }[] } };

/**
 * A keyed create sent again, as a client does, while the answer is IDEMPOTENCY_KEY_IN_USE (the first request with
 * the key is still running and the wait for it ran out: a legitimate answer on a busy machine).
 */
async function keyedCreateAnswered(url: string, key: string, title: string): Promise<Answer> {
  for (;;) {
    const response = await keyedCreate(url, key, title);
    const body = (await response.json()) as Answer['body'];
    if (body.errors?.[0]?.extensions?.code !== 'IDEMPOTENCY_KEY_IN_USE') return { response, body };
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('idempotency keys across server processes', () => {
  it.concurrent.each(dialects())(
    '%s: killed between the commit and the answer, a retry with the key gets the stored answer; two servers racing on one key make one ticket',
    async (dialect) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loongate-idem-'));
      const processes: LoongateProcess[] = [];
      const db = await processDatabase(dialect, dir);
      try {
        const env = { DATABASE_URL: databaseUrl(db.target), LOONGATE_SEED: 'demo', LOONGATE_WORKER: '0' };
        const start = async (extra: Record<string, string> = {}) => {
          processes.push(await startLoongate('serve', { ...env, ...extra }));
          return processes.at(-1)!;
        };

        const doomed = await start({ NODE_ENV: 'test', LOONGATE_TEST_KILL_AFTER_ANSWER_COMMIT: '1' });
        await expect(keyedCreate(doomed.url, 'crash-1')).rejects.toThrow();
        await doomed.kill('SIGKILL');
        expect(doomed.child.signalCode).toBe('SIGKILL');

        const orm = await openOrm(db.target);
        try {
          const em = orm.em.fork();
          const stored = await em.findOneOrFail(IdempotentAnswer, { idempotencyKey: 'crash-1' });
          const created = await em.find(Ticket, { title: LEAVE.title });
          expect(created).toHaveLength(1);

          const [a, b] = await Promise.all([start(), start()]);
          const retry = await keyedCreate(a.url, 'crash-1');
          expect(retry.headers.get('idempotent-replayed')).toBe('true');
          const answer = (await retry.json()) as { data: { createTicket: { id: number } } };
          expect(answer.data.createTicket.id).toBe(created[0]!.id);
          expect(answer.data).toEqual(JSON.parse(stored.body).data);

          const race = await Promise.all(Array.from({ length: 10 }, (_, i) => keyedCreateAnswered(i % 2 ? a.url : b.url, 'race-1', 'raced once')));
          for (const { body } of race) expect(body.errors).toBeUndefined();
          expect(new Set(race.map(({ body }) => JSON.stringify(body.data))).size).toBe(1);
          expect(race.filter(({ response }) => response.headers.get('idempotent-replayed') === 'true')).toHaveLength(9);
          const fresh = orm.em.fork();
          expect(await fresh.count(Ticket, { title: LEAVE.title })).toBe(1);
          expect(await fresh.count(Ticket, { title: 'raced once' })).toBe(1);
        } finally {
          await orm.close();
        }
      } finally {
        for (const p of processes) await p.kill('SIGTERM');
        await db.drop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    180_000,
  );
});
