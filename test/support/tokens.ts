import request from 'supertest';
import { DEMO_TOKEN } from '../../src/server/graphiql-defaults';
import { mintUserToken } from '../../src/services/mint-token';
import type { GqlResult, TestApp } from './app';

/** A leave request of the demo: the creator's dept approver (admin) handles it with transition 2. */
export const LEAVE_INPUT = {
  workflowId: 1,
  transitionId: 1,
  title: 'trip',
  fields: { reason: 'holiday', date_start: '2026-12-01 09:00:00', date_end: '2026-12-05 18:00:00' },
};
export const CREATE_LEAVE = 'mutation($input: CreateTicketInput!) { createTicket(input: $input) { id state { name } version } }';
export const HANDLE = 'mutation($input: HandleTicketInput!) { handleTicket(input: $input) { id state { name } } }';
export const MY_TODO = '{ tickets(category: DUTY) { total items { id title } } }';

/** Headers of a per-user token. */
export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A GraphQL call with these headers, answering the HTTP status too. */
export async function gqlWith(t: TestApp, headers: Record<string, string>, query: string, variables: Record<string, unknown> = {}) {
  const res = await request(t.app).post('/graphql').set(headers).send({ query, variables });
  return { status: res.status, ...(res.body as GqlResult<any>) };
}

/** Issue (or rotate) the signing secret of an app through the admin API, as the demo app's superuser. */
export async function issueSigningSecret(t: TestApp, appId = 1): Promise<string> {
  const res = await gqlWith(
    t,
    { Authorization: `Bearer ${DEMO_TOKEN}`, username: 'admin' },
    'mutation($id: Int!) { rotateAppSigningSecret(id: $id) { signingSecret app { id hasSigningSecret } } }',
    { id: appId },
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.rotateAppSigningSecret.signingSecret;
}

/** A per-user token of the demo app `ops`, signed with `secret`. */
export function opsToken(secret: string, username: string, lifetimeSeconds = 300, now?: number): Promise<string> {
  return mintUserToken({ secret, app: 'ops', username, lifetimeSeconds, now });
}
