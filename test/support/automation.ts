import fs from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { OutboxWorker, type WorkerOptions } from '../../src/automation/worker';
import { DEMO_DEFINITIONS, type Config } from '../../src/config';
import { importDefinitions } from '../../src/db/definitions';
import { FlowLog, OutboxAttempt, OutboxJob, Ticket } from '../../src/db/entities';
import { signature } from '../../src/services/auth.service';
import { startTestApp, type TestApp } from './app';
import { startReceiver, type Answer, type Received, type Receiver } from './receiver';

/** The automation fixture (test/fixtures/automation.yaml) with the receiver's address. */
export function automationFixture(base: string): string {
  return fs.readFileSync(path.join(__dirname, '../fixtures/automation.yaml'), 'utf8').replaceAll('http://receiver.test', base);
}

/** The demo definitions with the VPN hook pointed at the receiver. */
export function demoWithHook(base: string): string {
  return fs.readFileSync(DEMO_DEFINITIONS, 'utf8').replace('http://127.0.0.1:9', base);
}

/** The demo app plus the automation fixture, every URL pointing at the receiver. */
/**
 * A loopback receiver answering with `answer` (code 0 where it gives nothing) and the automation app
 * pointed at it; stop both with stopAutomationSuite.
 */
export async function startAutomationSuite(
  dialect: 'sqlite' | 'mysql',
  answer: (hit: Received) => Answer | undefined = () => undefined,
  env: Record<string, string> = {},
): Promise<{ t: TestApp; receiver: Receiver }> {
  const receiver = await startReceiver((hit) => answer(hit) ?? { body: { code: 0, msg: 'ok' } });
  return { t: await startAutomationApp(dialect, receiver, env), receiver };
}

/** Close what startAutomationSuite started (either may be missing when the start failed). */
export async function stopAutomationSuite(t: TestApp | undefined, receiver: Receiver | undefined): Promise<void> {
  await t?.close();
  await receiver?.close();
}

export async function startAutomationApp(dialect: 'sqlite' | 'mysql', receiver: Receiver, env: Record<string, string> = {}): Promise<TestApp> {
  const t = await startTestApp(dialect, env);
  await importDefinitions(t.orm, demoWithHook(receiver.base), { hookAllow: t.config.hookAllow });
  await importDefinitions(t.orm, automationFixture(receiver.base), { hookAllow: t.config.hookAllow });
  return t;
}

/** Options of test workers: small timeouts, no real backoff waits unless asked. */
export const TEST_WORKER: WorkerOptions = { pollMs: 50, batch: 20, timeoutMs: 2000, maxAttempts: 3, backoffMs: 1000, lockMs: 30_000 };

/** A worker on the test app, driven by `tick()`. */
export function testWorker(
  t: TestApp,
  options: Partial<WorkerOptions> = {},
  config: Partial<Config> = {},
  logger: Logger = pino({ level: 'silent' }),
): OutboxWorker {
  return new OutboxWorker(t.orm, { ...t.config, ...config }, logger, { ...TEST_WORKER, ...options });
}

/** Run ticks until no job is due; returns how many jobs ran. */
export async function drain(worker: OutboxWorker): Promise<number> {
  let total = 0;
  for (let n = await worker.tick(); n > 0; n = await worker.tick()) total += n;
  return total;
}

/** A logger that keeps its JSON lines (to assert on warnings). */
export function memoryLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { logger, lines };
}

/** Whether a request carries loonflow's signature for the token, with a fresh timestamp. */
export function signedWith(hit: Received, token: string): boolean {
  const ts = String(hit.headers.timestamp);
  return hit.headers.signature === signature(ts, token) && Math.abs(Date.now() / 1000 - Number(ts)) < 30;
}

/** The stored ticket row. */
export function ticketRow(t: TestApp, id: number): Promise<Ticket> {
  return t.orm.em.fork().findOneOrFail(Ticket, { id });
}

/** The newest flow log of a ticket. */
export async function lastLog(t: TestApp, id: number): Promise<FlowLog> {
  return (await t.orm.em.fork().find(FlowLog, { ticketId: id }, { orderBy: { id: 'desc' }, limit: 1 }))[0]!;
}

/** Jobs of a ticket, oldest first, optionally of one kind. */
export async function jobsOf(t: TestApp, id: number, kind?: string): Promise<OutboxJob[]> {
  const jobs = await t.orm.em.fork().find(OutboxJob, { ticketId: id }, { orderBy: { id: 'asc' } });
  return kind ? jobs.filter((j) => j.kind === kind) : jobs;
}

/** Attempts of a job, oldest first. */
export function attemptsOf(t: TestApp, jobId: number): Promise<OutboxAttempt[]> {
  return t.orm.em.fork().find(OutboxAttempt, { jobId }, { orderBy: { id: 'asc' } });
}

/** Make a pending job due now (instead of waiting for its backoff). */
export async function makeDue(t: TestApp, jobId: number): Promise<void> {
  const em = t.orm.em.fork();
  const job = await em.findOneOrFail(OutboxJob, jobId);
  job.runAt = new Date(Date.now() - 1000);
  await em.flush();
}
