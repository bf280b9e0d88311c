import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { DEMO_TOKEN } from '../../src/server/graphiql-defaults';
import { eventually } from './process';

/** A graphql-ws client of the server at `baseUrl` (http://…), authenticated by `params` (the demo app's Bearer by default). */
export function wsClient(baseUrl: string, username: string, params?: Record<string, string>): Client {
  return createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: params ?? { Authorization: `Bearer ${DEMO_TOKEN}`, username },
    retryAttempts: 0,
  });
}

/** What one subscription received. */
export interface Received<T> {
  items: T[];
  errors: unknown[];
  closed: boolean;
  /** Wait until at least `n` items arrived (fails after `timeoutMs`). */
  count(n: number, timeoutMs?: number): Promise<T[]>;
  stop(): void;
}

/** Subscribe and collect what arrives. */
export function subscribe<T>(client: Client, query: string, variables: Record<string, unknown> = {}): Received<T> {
  const received: Received<T> = {
    items: [],
    errors: [],
    closed: false,
    async count(n, timeoutMs = 10_000) {
      await eventually(() => received.items.length >= n || received.errors.length > 0, timeoutMs, `${n} subscription results`);
      if (received.errors.length) throw new Error(`subscription failed: ${JSON.stringify(received.errors)}`);
      return received.items;
    },
    stop: () => undefined,
  };
  received.stop = client.subscribe<Record<string, T>>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) received.errors.push(...result.errors);
        else if (result.data) received.items.push(Object.values(result.data)[0]);
      },
      error: (err) => received.errors.push(err),
      complete: () => {
        received.closed = true;
      },
    },
  );
  return received;
}
