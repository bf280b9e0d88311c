import { setTimeout as sleep } from 'node:timers/promises';
import fs from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import { importDefinitions } from '../../../src/db/definitions';
import { demoWithHook } from '../../support/automation';
import { freshDatabase } from '../../support/db';
import { databaseUrl, startLoongate, type LoongateProcess } from '../../support/process';
import { startReceiver, type Receiver } from '../../support/receiver';
import { ackInvariants, type AckProblems } from './acks';
import type { Answer } from './client';
import { readDbState } from './db-state';
import { ticketInvariants, type TicketProblems } from './invariants';
import { outboxInvariants, type OutboxProblems } from './outbox-check';

/** Every invariant of a run, by name; an empty list means it holds. */
export type Problems = TicketProblems &
  OutboxProblems &
  AckProblems & {
    /** Errors the server processes logged (unexpected exceptions, jobs that threw), counted by message, and servers that stopped unasked. */
    logged: string[];
  };

/** Two `loongate serve` processes on one fresh MariaDB database seeded with the demo and races.yaml, and the receiver of their hooks and notices. */
export interface Cluster {
  orm: MikroORM;
  receiver: Receiver;
  servers: LoongateProcess[];
  urls(): string[];
  /** Start (or restart) server i with the cluster's environment. */
  start(i: number): Promise<void>;
  /** SIGKILL server i (on purpose: any other exit of a server is reported by `check`). */
  kill(i: number): Promise<void>;
  /** Wait until no outbox job is pending or running, or until the queue has not shrunk for `ms`. */
  settle(ms: number): Promise<void>;
  /** Check every invariant; `crashed`: a worker was killed, so attempts may have been lost. */
  check(answers: Answer[], crashed: boolean): Promise<Problems>;
  close(): Promise<void>;
}

const RACES = fs.readFileSync(path.join(__dirname, 'races.yaml'), 'utf8');

function loggedErrors(processes: LoongateProcess[]): string[] {
  const counts = new Map<string, number>();
  for (const line of processes.flatMap((p) => p.logs)) {
    if (Number(line.level) < 50) continue;
    const what = `${line.msg}: ${String(line.err?.message ?? '').slice(0, 300)}`;
    counts.set(what, (counts.get(what) ?? 0) + 1);
  }
  return [...counts].map(([what, n]) => `${n} × ${what}`);
}

/** How to start the cluster. */
export interface ClusterOptions {
  /** Whether server i runs the outbox worker. */
  workers: boolean[];
  /** Extra environment of the servers. */
  env?: Record<string, string>;
  /** How long the receiver takes to answer a hook or notice. */
  receiverDelayMs?: number;
}

/** Start the cluster. */
export async function startCluster({ workers, env = {}, receiverDelayMs = 5 }: ClusterOptions): Promise<Cluster> {
  const receiver = await startReceiver(() => ({ body: { code: 0, msg: 'ok' }, delayMs: receiverDelayMs }));
  const db = await freshDatabase('mysql');
  const servers: LoongateProcess[] = [];
  const spawned: LoongateProcess[] = [];
  const killed = new Set<LoongateProcess>();
  const exits: string[] = [];
  try {
    await importDefinitions(db.orm, demoWithHook(receiver.base));
    await importDefinitions(db.orm, RACES.replaceAll('http://receiver.test', receiver.base));
    const base = { DATABASE_URL: databaseUrl(db.target), LOONGATE_SEED: 'none', LOONGATE_JOB_POLL_MS: '100', ...env };
    const cluster: Cluster = {
      orm: db.orm,
      receiver,
      servers,
      urls: () => servers.map((s) => s.url),
      async start(i) {
        const server = await startLoongate('serve', { ...base, LOONGATE_WORKER: workers[i] ? '1' : '0' });
        server.child.once('exit', (code, signal) => {
          const asked = server.logs.find((l) => l.msg?.startsWith('shutting down'))?.signal;
          if (!killed.has(server))
            exits.push(`server ${i} (pid ${server.child.pid}) exited unasked: ${signal ?? `code ${code}`}${asked ? ` after a ${asked}` : ''}`);
        });
        servers[i] = server;
        spawned.push(server);
      },
      async kill(i) {
        killed.add(servers[i]!);
        await servers[i]!.kill('SIGKILL');
      },
      async settle(ms) {
        const busy = async () =>
          Number(
            (await db.orm.em.getConnection().execute<{ n: number }[]>("select count(*) as n from outbox_jobs where status in ('pending', 'running')"))[0]!.n,
          );
        // The queue's length follows the machine's speed (a fast machine answers more requests, so more jobs): wait
        // as long as it keeps shrinking, and give up only after `ms` without progress.
        let left = await busy();
        let progressAt = Date.now();
        while (left > 0 && Date.now() - progressAt < ms) {
          await sleep(250);
          const now = await busy();
          if (now < left) progressAt = Date.now();
          left = now;
        }
      },
      async check(answers, crashed) {
        const state = await readDbState(db.orm);
        return {
          ...(await ticketInvariants(db.orm, state)),
          ...outboxInvariants(state, receiver.hits, crashed),
          ...ackInvariants(state, answers),
          logged: [...exits, ...loggedErrors(spawned)],
        };
      },
      async close() {
        for (const s of servers) killed.add(s);
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
