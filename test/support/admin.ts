import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import request from 'supertest';
import { expect } from 'vitest';
import { exportDefinitions } from '../../src/db/definitions';
import type { GqlResult, TestApp } from './app';

/** Run a GraphQL operation as `username` of the app with this token. */
export async function gqlAs<T, V>(t: TestApp, token: string, doc: TypedDocumentNode<T, V>, variables: V, username = 'admin'): Promise<GqlResult<T>> {
  const res = await request(t.app)
    .post('/graphql')
    .set({ Authorization: `Bearer ${token}`, username })
    .send({ query: print(doc), variables });
  return res.body as GqlResult<T>;
}

/** The first error of a refused operation: its code and message. */
export function refused<T>(result: GqlResult<T>): { code?: string; message: string; extensions: Record<string, unknown> } {
  expect(result.errors, JSON.stringify(result.data)).toBeTruthy();
  const error = result.errors![0]!;
  return { code: error.extensions?.code, message: error.message, extensions: error.extensions ?? {} };
}

/** Everything the definitions hold, as the export writes it (to show that a refused change changed nothing). */
export function snapshot(t: TestApp): Promise<string> {
  return exportDefinitions(t.orm, { withSecrets: true });
}
