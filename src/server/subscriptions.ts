import type http from 'node:http';
import type { MikroORM } from '@mikro-orm/core';
import { GraphQLError, getOperationAST, parse, type GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer as serveGraphqlWs } from 'graphql-ws/use/ws';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { Config } from '../config';
import type { EventPump } from '../events/pump';
import { createContext, type GqlContext } from '../graphql/context';

/** What the subscription server needs. */
export interface SubscriptionOptions {
  schema: GraphQLSchema;
  orm: MikroORM;
  config: Config;
  pump: EventPump;
  logger: Logger;
}

/** The longest close reason a WebSocket carries (123 bytes). */
const MAX_REASON = 120;

/** connectionParams read like request headers: the same credentials as HTTP, names in any case. */
function paramsAsHeaders(params: Readonly<Record<string, unknown>> | undefined) {
  const byName = new Map(
    Object.entries(params ?? {}).map(([k, v]) => [k.toLowerCase(), typeof v === 'string' || typeof v === 'number' ? String(v) : undefined]),
  );
  return (name: string) => byName.get(name.toLowerCase());
}

/** Refuse anything but a subscription on the socket: queries and mutations go over HTTP, through its limits. */
function onlySubscriptions(query: string, operationName: string | null | undefined): readonly GraphQLError[] | undefined {
  let operation: ReturnType<typeof getOperationAST>;
  try {
    operation = getOperationAST(parse(query), operationName);
  } catch (err) {
    return [err instanceof GraphQLError ? err : new GraphQLError(String(err))];
  }
  if (operation?.operation === 'subscription') return undefined;
  return [new GraphQLError('the WebSocket at /graphql serves subscriptions only: send queries and mutations over HTTP POST /graphql')];
}

/**
 * Serve GraphQL subscriptions over graphql-ws on `server`'s /graphql. A connection authenticates once, in its
 * connectionParams, with the headers an HTTP request would send (Authorization, username, or loonflow's
 * appname/timestamp/signature); a refused connection closes with 4403 and the reason.
 */
export function serveSubscriptions(server: http.Server, opts: SubscriptionOptions): { close(): Promise<void> } {
  const wss = new WebSocketServer({ server, path: '/graphql' });
  const contexts = new WeakMap<object, GqlContext>();
  const serverHandle = serveGraphqlWs(
    {
      schema: opts.schema,
      onConnect: async (ctx) => {
        try {
          const gql = await createContext(opts.orm, opts.config, paramsAsHeaders(ctx.connectionParams));
          contexts.set(ctx, { ...gql, pump: opts.pump });
          return true;
        } catch (err) {
          const reason = err instanceof Error ? err.message : String(err);
          ctx.extra.socket.close(CloseCode.Forbidden, Buffer.from(reason).subarray(0, MAX_REASON).toString());
          return false;
        }
      },
      onSubscribe: (_ctx, _id, payload) => onlySubscriptions(payload.query, payload.operationName),
      context: (ctx) => contexts.get(ctx),
      onError: (_ctx, _id, _payload, errors) => {
        opts.logger.debug({ errors: errors.map((e) => e.message) }, 'subscription refused');
      },
    },
    wss,
  );
  return {
    async close() {
      await serverHandle.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
