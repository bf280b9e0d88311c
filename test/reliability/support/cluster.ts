import fs from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import { importDefinitions } from '../../../src/db/definitions';
import { demoWithHook } from '../../support/automation';
import { freshDatabase } from '../../support/db';
import { databaseUrl, eventually, startLoongate, type LoongateProcess } from '../../support/process';
import { startReceiver, type Receiver } from '../../support/receiver';
import { ackInvariants, type AckProblems } from './acks';
import type { Answer } from './client';
import { readDbState } from './db-state';
import { ticketInvariants, type TicketProblems } from './invariants';
import { outboxInvariants, type OutboxProblems } from './outbox-check';

/** Every invariant of a run, by name; an empty list means it holds. */
export type Problems = TicketProblems & OutboxProblems & AckProblems;

/** Two `loongate serve` processes on one fresh MariaDB database seeded with the demo and races.yaml, and the receiver of their hooks and notices. */
export interface Cluster {
  orm: MikroORM;
  receiver: Receiver;
  servers: LoongateProcess[];
  urls(): string[];
  /** Start (or restart) server i with the cluster's environment. */
  start(i: number): Promise<void>;
  /** Wait until no outbox job is pending or running (at most `ms`). */
  settle(ms: number): Promise<void>;
  /** Check every invariant; `crashed`: a worker was killed, so attempts may have been lost. */
  check(answers: Answer[], crashed: boolean): Promise<Problems>;
  close(): Promise<void>;
}

const RACES = fs.readFileSync(path.join(__dirname, 'races.yaml'), 'utf8');

/** Start the cluster; `workers[i]` says whether server i runs the outbox worker. */
export async function startCluster(workers: boolean[], env: Record<string, string> = {}): Promise<Cluster> {
  const receiver = await startReceiver(() => ({ body: { code: 0, msg: 'ok' }, delayMs: 5 }));
  const db = await freshDatabase('mysql');
  const servers: LoongateProcess[] = [];
  try {
    await importDefinitions(db.orm, demoWithHook(receiver.base));
    await importDefinitions(db.orm, RACES.replaceAll('http://receiver.test', receiver.base));
    const base = { DATABASE_URL: databaseUrl(db.target), LOONGATE_SEED: 'none', LOONGATE_JOB_POLL_MS: '100', ...env };
    const cluster: Cluster = {
      orm: db.orm, receiver, servers,
      urls: () => servers.map((s) => s.url),
      async start(i) {
        servers[i] = await startLoongate('serve', { ...base, LOONGATE_WORKER: workers[i] ? '1' : '0' });
      },
      async settle(ms) {
        const busy = async () => (await db.orm.em.getConnection().execute<{ n: number }[]>("select count(*) as n from outbox_jobs where status in ('pending', 'running')"))[0]!.n;
        await eventually(async () => Number(await busy()) === 0, ms, 'the outbox to settle').catch(() => undefined);
      },
      async check(answers, crashed) {
        const state = await readDbState(db.orm);
        return { ...(await ticketInvariants(db.orm, state)), ...outboxInvariants(state, receiver.hits, crashed), ...ackInvariants(state, answers) };
      },
      async close() {
        for (const s of servers) await s?.kill('SIGKILL');
        await receiver.close();
        await db.drop();
      },
    };
    for (let i = 0; i < workers.length; i++) await cluster.start(i);
    return cluster;
  } catch (err) {
    for (const s of servers) await s?.kill('SIGKILL');
    await receiver.close();
    await db.drop();
    throw err;
  }
}
