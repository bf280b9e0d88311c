import http from 'node:http';
import type { MikroORM } from '@mikro-orm/core';
import type { Logger } from 'pino';
import { loadConfig, type Config } from '../config';
import { countWorkflows, importDefinitionsFile } from '../db/definitions';
import { migrateUp, openOrm } from '../db/orm';
import { OutboxWorker } from '../automation/worker';
import { RedisBridge } from '../events/redis-bridge';
import { createApp } from './app';
import { limitHeapGrowth } from './heap';
import { createLogger } from './logger';

/** Open the database, apply migrations and import the seed when the database holds no workflows. */
export async function prepareDatabase(config: Config, logger: Logger): Promise<MikroORM> {
  const orm = await openOrm(config.database);
  const applied = await migrateUp(orm);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  if ((await countWorkflows(orm)) > 0) return orm;
  if (config.seed) {
    const summary = await importDefinitionsFile(orm, config.seed, { hookAllow: config.hookAllow });
    logger.info({ seed: config.seed, summary }, 'seed definitions imported');
  } else if (config.database.dialect === 'mysql') {
    logger.info('the database holds no workflows: import definitions with `loongate import FILE`, or start with LOONGATE_SEED=demo for the demo set');
  }
  return orm;
}

/** How long SIGTERM/SIGINT waits for in-flight requests before dropping them. */
const GRACE_MS = 10_000;

/** Stop accepting, let open connections finish (up to the grace period), then drop what is left. */
function closeServer(server: http.Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** A listen failure as a message naming the variable to change. */
export function listenError(err: NodeJS.ErrnoException, config: Pick<Config, 'port' | 'host'>): Error {
  const where = `${config.host}:${config.port}`;
  if (err.code === 'EADDRINUSE')
    return new Error(`PORT ${config.port} is already in use on ${config.host} (another process listens there): stop it or choose another PORT`);
  if (err.code === 'EACCES')
    return new Error(`PORT ${config.port}: no permission to listen on ${where} (ports below 1024 need privileges): choose another PORT`);
  if (err.code === 'EADDRNOTAVAIL') return new Error(`HOST ${config.host} is not an address of this machine: use 127.0.0.1, 0.0.0.0 or one of its addresses`);
  return err;
}

/** `loongate serve`: run the HTTP server until SIGTERM/SIGINT, then shut down gracefully. */
export async function serve(): Promise<void> {
  const config = loadConfig();
  limitHeapGrowth(config.heapGrowthPercent);
  const logger = createLogger(config);
  const orm = await prepareDatabase(config, logger);
  const server = http.createServer();
  const { app, inFlight, stop, serveSubscriptions } = await createApp({ orm, config, logger });
  server.on('request', app);
  serveSubscriptions(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(listenError(err, config)));
    server.listen(config.port, config.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const worker = config.worker ? new OutboxWorker(orm, config, logger) : null;
  worker?.start();
  logger.info({ url: `http://${config.host}:${port}/graphql`, database: config.database.dialect, worker: !!worker }, 'loongate is listening');
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
    const deadline = Date.now() + GRACE_MS;
    await closeServer(server, GRACE_MS);
    // A client that left closed its connection, but its request's handler may still be using the database.
    if (!(await inFlight.idle(Math.max(0, deadline - Date.now())))) {
      logger.warn({ requests: inFlight.count }, 'grace period over: closing the database under requests still running');
    }
    await stop();
    await worker?.stop();
    await orm.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/** `loongate worker`: run only the outbox worker (for deployments that scale it separately). */
export async function work(): Promise<void> {
  const config = loadConfig();
  limitHeapGrowth(config.heapGrowthPercent);
  const logger = createLogger(config);
  const orm = await openOrm(config.database);
  await migrateUp(orm);
  // Events the worker's changes commit (hook and script results, timer moves) reach the servers' subscribers through Redis.
  const redis = config.redisUrl ? new RedisBridge(config.redisUrl, null, logger) : null;
  await redis?.start();
  const worker = new OutboxWorker(orm, config, logger);
  worker.start();
  logger.info({ database: config.database.dialect }, 'loongate worker is running');
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'worker stopping after the jobs in hand');
    await worker.stop();
    await redis?.stop();
    await orm.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
