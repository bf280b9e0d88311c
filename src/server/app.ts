import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/core';
import express, { type Express } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Config } from '../config';
import { EventPump } from '../events/pump';
import { RedisBridge } from '../events/redis-bridge';
import { createContext, type GqlContext } from '../graphql/context';
import { createFormatError } from '../graphql/format-error';
import { requestScope } from '../services/large-pages';
import { buildLoongateSchema } from '../graphql/schema';
import { restBodyErrors } from '../rest/body-errors';
import { openApiDocument } from '../rest/openapi';
import { createRestRouter } from '../rest/router';
import { ROUTES } from '../rest/routes';
import { packageVersion } from '../version';
import { apiDocsRouter } from './api-docs';
import { graphqlArmor } from './armor';
import { graphqlBodyErrors } from './body-errors';
import { corsFor } from './cors';
import { graphiqlRouter } from './graphiql';
import { EXAMPLE_QUERY, graphiqlHeaders } from './graphiql-defaults';
import { idempotentMutations } from './idempotent-mutations';
import { InFlightRequests } from './in-flight';
import { jitQueries } from './jit';
import { landingPage } from './landing';
import { queryCostLimit } from './query-cost';
import { createMetrics } from './metrics';
import { serveSubscriptions } from './subscriptions';

/** Everything a running server is made of (no listening socket: main.ts does that). */
export interface LoongateApp {
  app: Express;
  schema: GraphQLSchema;
  /** Reads committed ticket events and hands them to this process's subscriptions. */
  pump: EventPump;
  /** Serve the GraphQL subscriptions on the server's /graphql (WebSocket, graphql-ws). */
  serveSubscriptions(server: http.Server): void;
  apollo: ApolloServer<GqlContext>;
  /** Requests whose handler is still running (shutdown waits for them before closing the database). */
  inFlight: InFlightRequests;
  stop(): Promise<void>;
}

/** Options of createApp. */
export interface CreateAppOptions {
  orm: MikroORM;
  config: Config;
  logger: Logger;
}

/** Ends a request's scope (and its large-page turn) once its GraphQL answer is built. */
const answerBuilt: ApolloServerPlugin<GqlContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue }) {
        contextValue?.request?.done();
      },
    };
  },
};

/** Build the Express app: health, metrics, GraphiQL, GraphQL and the loonflow REST routes. */
export async function createApp(opts: CreateAppOptions): Promise<LoongateApp> {
  const { orm, config, logger } = opts;
  const version = packageVersion();
  const schema = await buildLoongateSchema();
  const pump = new EventPump(orm, logger);
  await pump.start();
  const redis = config.redisUrl ? new RedisBridge(config.redisUrl, pump, logger) : null;
  await redis?.start();
  const armor = graphqlArmor({ suggestions: !config.production });
  const inFlight = new InFlightRequests();
  const metrics = createMetrics({ orm, bench: config.bench, inFlight });
  const apollo = new ApolloServer<GqlContext>({
    schema,
    ...armor,
    // No cache hints are used: without this, Apollo wraps every field resolver to collect them.
    plugins: [
      ...armor.plugins,
      queryCostLimit(),
      metrics.apolloPlugin,
      ApolloServerPluginCacheControlDisabled(),
      jitQueries(schema),
      idempotentMutations(config.idempotencyTtlSeconds),
      answerBuilt,
    ],
    validationRules: [...armor.validationRules],
    formatError: createFormatError(logger),
    introspection: true,
    hideSchemaDetailsFromClientErrors: config.production,
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  const app = express();
  app.disable('x-powered-by');
  app.use(inFlight.middleware);
  app.use(metrics.middleware);
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const id = (req.headers['x-request-id'] as string | undefined)?.slice(0, 100) || randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics' },
    }),
  );
  app.get('/', landingPage(version));
  app.get('/metrics', metrics.handler);
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/readyz', async (_req, res) => {
    const ok =
      (await orm.isConnected().catch(() => false)) &&
      (await orm.em
        .getConnection()
        .execute('select 1')
        .then(
          () => true,
          () => false,
        ));
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'database unreachable' });
  });
  const cors = corsFor(config.corsOrigins, config.corsMaxAgeSeconds);
  if (cors) app.use(['/graphql', '/api/v1.0'], cors);
  app.use(graphiqlRouter({ endpoint: '/graphql', defaultQuery: EXAMPLE_QUERY, defaultHeaders: await graphiqlHeaders(orm, config) }));
  const json = express.json({ limit: '1mb' });
  app.use(
    '/graphql',
    json,
    expressMiddleware(apollo, {
      context: ({ req, res }) => createContext(orm, config, (name) => req.header(name) ?? undefined, requestScope(res)),
    }),
    graphqlBodyErrors(logger),
  );
  const openapi = openApiDocument(ROUTES, version);
  app.get('/api/v1.0/openapi.json', (_req, res) => void res.json(openapi));
  app.use(apiDocsRouter());
  app.use('/api/v1.0', createRestRouter({ schema, orm, config, logger }), restBodyErrors(logger, config.strictStatus));
  let sockets: { close(): Promise<void> } | null = null;
  return {
    app,
    schema,
    apollo,
    inFlight,
    pump,
    serveSubscriptions(server) {
      sockets = serveSubscriptions(server, { schema, orm, config, pump, logger });
    },
    async stop() {
      await sockets?.close();
      await redis?.stop();
      await pump.stop();
      await apollo.stop();
    },
  };
}
