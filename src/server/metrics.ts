import type { ApolloServerPlugin } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { OutboxJob } from '../db/entities';
import { onSqlStatement, sendingAs } from '../db/orm';
import { deadlockRetryCount } from '../events/signal';
import type { InFlightRequests } from './in-flight';

/** What createApp registers: the registry, the HTTP middleware, the Apollo plugin and the /metrics handler. */
export interface Metrics {
  registry: Registry;
  middleware: RequestHandler;
  apolloPlugin: ApolloServerPlugin<any>;
  handler: RequestHandler;
}

interface TarnPool {
  max: number;
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const JOB_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];
const MAX_OPERATION_NAMES = 200;

function routeLabel(req: Request, res: Response): string {
  if (req.route?.path) return `${req.baseUrl}${req.route.path}`;
  return req.baseUrl && res.statusCode !== 404 ? req.baseUrl : 'unmatched';
}

function poolOf(orm: MikroORM): TarnPool | null {
  const knex = (orm.em as SqlEntityManager).getConnection().getKnex() as unknown as { client?: { pool?: TarnPool } };
  return knex.client?.pool ?? null;
}

function httpMetrics(registry: Registry, running: InFlightRequests): RequestHandler {
  const requests = new Counter({
    name: 'loongate_http_requests_total',
    help: 'HTTP requests by method, route and status (aborted: the client left before the answer)',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'loongate_http_request_duration_seconds',
    help: 'HTTP request latency by method and route',
    labelNames: ['method', 'route'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: 'loongate_http_requests_in_flight',
    help: 'HTTP requests whose handler still runs, the client gone or not (this scrape included)',
    registers: [registry],
    collect() {
      this.set(running.count);
    },
  });
  return (req: Request, res: Response, next: NextFunction) => {
    const start = process.hrtime.bigint();
    res.once('finish', () => {
      const route = routeLabel(req, res);
      requests.inc({ method: req.method, route, status: String(res.statusCode) });
      latency.observe({ method: req.method, route }, Number(process.hrtime.bigint() - start) / 1e9);
    });
    res.once('close', () => {
      if (!res.writableFinished) requests.inc({ method: req.method, route: routeLabel(req, res), status: 'aborted' });
    });
    next();
  };
}

function graphqlMetrics(registry: Registry): ApolloServerPlugin<any> {
  const operations = new Counter({
    name: 'loongate_graphql_operations_total',
    help: 'GraphQL operations by name, type and outcome',
    labelNames: ['operation', 'type', 'outcome'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'loongate_graphql_operation_duration_seconds',
    help: 'GraphQL operation latency by name and type',
    labelNames: ['operation', 'type'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const seen = new Set<string>();
  const label = (name: string | null | undefined) => {
    const n = (name || 'anonymous').slice(0, 64);
    if (seen.has(n)) return n;
    if (seen.size >= MAX_OPERATION_NAMES) return 'other';
    seen.add(n);
    return n;
  };
  return {
    async requestDidStart() {
      const start = process.hrtime.bigint();
      return {
        async willSendResponse(rc) {
          const body = rc.response.body;
          const failed = !!rc.errors?.length || (body.kind === 'single' && !!body.singleResult.errors?.length);
          const operation = label(rc.operationName ?? rc.request.operationName);
          const type = rc.operation?.operation ?? 'unknown';
          operations.inc({ operation, type, outcome: failed ? 'error' : 'ok' });
          latency.observe({ operation, type }, Number(process.hrtime.bigint() - start) / 1e9);
        },
      };
    },
  };
}

function databaseMetrics(registry: Registry, orm: MikroORM): void {
  new Gauge({
    name: 'loongate_db_pool_connections',
    help: 'Database pool connections by state (used, free, pending acquires, max)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const pool = poolOf(orm);
      if (!pool) return;
      this.set({ state: 'used' }, pool.numUsed());
      this.set({ state: 'free' }, pool.numFree());
      this.set({ state: 'pending' }, pool.numPendingAcquires());
      this.set({ state: 'max' }, pool.max);
    },
  });
}

function quietly<T>(fn: () => Promise<T>): Promise<T | null> {
  return sendingAs('metrics', fn).catch(() => null);
}

function retryMetrics(registry: Registry): void {
  new Counter({
    name: 'loongate_deadlock_retries_total',
    help: 'Ticket transactions run again because the database chose them as a deadlock victim',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(deadlockRetryCount());
    },
  });
}

function outboxMetrics(registry: Registry, orm: MikroORM): void {
  new Gauge({
    name: 'loongate_outbox_jobs',
    help: 'Outbox jobs waiting or in hand, by status (pending includes jobs due later)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const rows = await quietly(() =>
        (orm.em.fork() as SqlEntityManager)
          .createQueryBuilder(OutboxJob)
          .select(['status'])
          .count('id')
          .where({ status: { $in: ['pending', 'running'] } })
          .groupBy('status')
          .execute<{ status: string; count: number }[]>(),
      );
      if (!rows) return;
      this.set({ status: 'pending' }, 0);
      this.set({ status: 'running' }, 0);
      for (const r of rows) this.set({ status: r.status }, Number(r.count));
    },
  });
  new Gauge({
    name: 'loongate_outbox_oldest_due_seconds',
    help: 'Age of the oldest pending job that is due (0 when none): how far the worker lags',
    registers: [registry],
    async collect() {
      const now = new Date();
      const jobs = await quietly(() =>
        orm.em.fork().find(OutboxJob, { status: 'pending', runAt: { $lte: now } }, { orderBy: { runAt: 'asc' }, fields: ['runAt'], limit: 1 }),
      );
      if (jobs) this.set(jobs.length ? Math.max(0, (now.getTime() - jobs[0].runAt.getTime()) / 1000) : 0);
    },
  });
  let since = new Date();
  new Histogram({
    name: 'loongate_outbox_job_latency_seconds',
    help: 'Time from a job being due to its finish, by kind and outcome (observed at scrape from the jobs table)',
    labelNames: ['kind', 'outcome'],
    buckets: JOB_BUCKETS,
    registers: [registry],
    async collect() {
      const jobs =
        (await quietly(() =>
          orm.em
            .fork()
            .find(
              OutboxJob,
              { finishedAt: { $gt: since } },
              { orderBy: { finishedAt: 'asc' }, fields: ['kind', 'status', 'runAt', 'finishedAt'], limit: 10_000 },
            ),
        )) ?? [];
      for (const j of jobs) this.observe({ kind: j.kind, outcome: j.status }, Math.max(0, (j.finishedAt!.getTime() - j.runAt.getTime()) / 1000));
      if (jobs.length) since = jobs[jobs.length - 1].finishedAt!;
    },
  });
}

function statementMetrics(registry: Registry): void {
  const statements = new Counter({
    name: 'loongate_sql_statements_total',
    help: 'SQL statements sent by the ORM, begin and commit included, by source: API requests, the outbox worker or the event pump (bench mode; /metrics scrapes excluded)',
    labelNames: ['source'],
    registers: [registry],
  });
  onSqlStatement((source) => {
    if (source !== 'metrics') statements.inc({ source });
  });
}

/** The Prometheus metrics of one app: per-route and per-operation counts and latency, pool, outbox, and (bench mode) SQL statements. */
export function createMetrics(opts: { orm: MikroORM; bench: boolean; inFlight: InFlightRequests }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'loongate_' });
  const middleware = httpMetrics(registry, opts.inFlight);
  const apolloPlugin = graphqlMetrics(registry);
  databaseMetrics(registry, opts.orm);
  outboxMetrics(registry, opts.orm);
  retryMetrics(registry);
  if (opts.bench) statementMetrics(registry);
  const handler: RequestHandler = async (_req, res) => {
    try {
      res.set('content-type', registry.contentType).send(await registry.metrics());
    } catch (err) {
      res
        .status(500)
        .type('text/plain')
        .send(`metrics failed: ${(err as Error).message}`);
    }
  };
  return { registry, middleware, apolloPlugin, handler };
}
