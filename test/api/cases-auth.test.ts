import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { print } from 'graphql';
import { TCreateDocument, THandleDocument, TTicketDocument } from '../generated';
import type { TestApp } from '../support/app';
import { expectGqlError, expectRestError, gqlAs, newLeave, restAs, signedHeaders, ticketRow } from '../support/cases';
import { startCasesApp } from '../support/cases';
import { dialects } from '../support/db';

const TICKET_QUERY = print(TTicketDocument);

describe.each(dialects())('§13 auth and transport (%s)', (dialect) => {
  let t: TestApp;
  let leave: number;
  beforeAll(async () => {
    t = await startCasesApp(dialect);
    leave = await newLeave(t);
  });
  afterAll(async () => t?.close());

  /** The same headers against REST and GraphQL: both refuse with the message. */
  async function refusedBoth(headers: Record<string, string>, message: string) {
    const res = await restAs(t, 'get', '/tickets?category=all', headers);
    expectRestError(res, `permission check fail：${message}`);
    expect(res.body.data).toEqual([]);
    expectGqlError(await gqlAs(t, TICKET_QUERY, headers, { id: leave }), 'UNAUTHENTICATED', `permission check fail：${message}`);
  }

  it('case 1: no appname header is refused', async () => {
    await refusedBoth(signedHeaders({ app: '', username: 'admin' }), 'appname is not provide in request header');
  });

  it('case 2: an unknown appname is refused', async () => {
    await refusedBoth(
      signedHeaders({ app: 'foo', username: 'admin' }),
      'Appname:foo in request header is unauthorized, please contact administrator to add authorization for appname:foo in loonflow',
    );
  });

  it('case 3: a timestamp 121 s old is refused', async () => {
    await refusedBoth(signedHeaders({ age: 121, username: 'admin' }), 'The signature you provide in request header is expire, please ensure in 120s');
    const fresh = await restAs(t, 'get', '/tickets?category=all', signedHeaders({ age: 100, username: 'admin' }));
    expect(fresh.body.code).toBe(0);
  });

  it('case 4: a wrong signature is refused', async () => {
    await refusedBoth(signedHeaders({ signature: 'deadbeef', username: 'admin' }), 'The signature you provide in request header is invalid');
    await refusedBoth(signedHeaders({ token: 'not-the-token', username: 'admin' }), 'The signature you provide in request header is invalid');
  });

  it('case 5: an app without the workflow cannot read its tickets', async () => {
    const headers = signedHeaders({ app: 'vpnonly', token: 'vpn-only-token', username: 'admin' });
    expectRestError(await restAs(t, 'get', `/tickets/${leave}`, headers), 'the app has no permission to the workflow_id');
    expectGqlError(await gqlAs(t, TICKET_QUERY, headers, { id: leave }), 'FORBIDDEN', 'the app has no permission to the workflow_id');
    const handle = await restAs(t, 'patch', `/tickets/${leave}`, headers, { transition_id: 2 });
    expectRestError(handle, 'the app has no permission to the workflow_id');
    expect((await ticketRow(t, leave)).stateId).toBe(2);
  });

  it('authentication comes before routing: an unsigned or badly signed call to a missing path or method is refused, not 404/405', async () => {
    const unsigned = { username: 'admin' };
    const badlySigned = signedHeaders({ signature: 'deadbeef', username: 'admin' });
    const calls: [Parameters<typeof restAs>[1], string, Record<string, string>, string][] = [
      ['get', '/no/such/path', unsigned, 'appname is not provide in request header'],
      ['post', '/tickets/1/no_such_action', unsigned, 'appname is not provide in request header'],
      ['put', '/tickets', unsigned, 'appname is not provide in request header'],
      ['delete', '/workflows/1/init_state', badlySigned, 'The signature you provide in request header is invalid'],
      ['get', '/no/such/path', badlySigned, 'The signature you provide in request header is invalid'],
      ['patch', '/tickets', signedHeaders({ app: 'foo', username: 'admin' }), 'Appname:foo in request header is unauthorized'],
    ];
    for (const [method, path, headers, reason] of calls) {
      const res = await restAs(t, method, path, headers, method === 'get' || method === 'delete' ? undefined : { transition_id: 1 });
      expect(res.status, `${method} ${path}`).toBe(200);
      expect(res.body, `${method} ${path}`).toEqual({ code: -1, msg: expect.stringContaining(`permission check fail：${reason}`), data: [] });
    }
    const strict = await restAs(t, 'get', '/no/such/path?strict_status=1', unsigned);
    expect(strict.status).toBe(401);
    // Signed, the same calls are routed: a missing path is a 404 and a missing method a 405.
    expect((await t.rest('get', '/no/such/path')).status).toBe(404);
    expect((await t.rest('put', '/tickets', 'admin', {})).status).toBe(405);
  });

  it('case 6: an unknown ticket is not found', async () => {
    expectRestError(await t.rest('get', '/tickets/99999'), 'ticket is not existed or has been deleted');
    expectGqlError(await t.gql(TTicketDocument, { id: 99999 }), 'TICKET_NOT_FOUND', 'ticket is not existed or has been deleted');
  });

  it('expectedVersion: a stale version is refused with STALE_TICKET and changes nothing', async () => {
    const created = await t.gqlOk(TCreateDocument, { input: { workflowId: 1, transitionId: 1, title: 'v', fields: { reason: 'r' } } });
    const { id, version } = created.createTicket;
    const stale = await t.gql(THandleDocument, { input: { ticketId: id, transitionId: 2, expectedVersion: version + 5 } });
    expectGqlError(stale, 'STALE_TICKET', `expected version ${version + 5}`);
    expect(stale.errors![0].extensions).toMatchObject({ expected: version + 5, actual: version });
    expect((await ticketRow(t, id)).stateId).toBe(2);
    const moved = await t.gqlOk(THandleDocument, { input: { ticketId: id, transitionId: 2, expectedVersion: version } });
    expect(moved.handleTicket).toMatchObject({ stateId: 3, version: version + 1 });
  });

  it('If-Match: REST compares the ticket version the same way', async () => {
    const id = await newLeave(t);
    const detail = await t.rest('get', `/tickets/${id}`);
    const version = detail.body.data.value.version as number;
    const stale = await t.rest('patch', `/tickets/${id}`, 'admin', { transition_id: 2 }).set('If-Match', `"${version + 1}"`);
    expectRestError(stale, `expected version ${version + 1}, it is ${version}`);
    expect((await ticketRow(t, id)).stateId).toBe(2);
    const ok = await t.rest('patch', `/tickets/${id}`, 'admin', { transition_id: 2 }).set('If-Match', `"${version}"`);
    expect(ok.body).toEqual({ code: 0, msg: '', data: { value: true } });
    expect((await ticketRow(t, id)).version).toBe(version + 1);
    expectRestError(await t.rest('patch', `/tickets/${id}`, 'hr', { transition_id: 4 }).set('If-Match', 'abc'), 'If-Match');
  });

  it('strict_status=1 answers 400/401/403/404/409 with the same envelope', async () => {
    const bad = await t.rest('get', '/tickets?category=foo&strict_status=1');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: -1, msg: expect.stringContaining('category value is invalid') });
    const unauth = await restAs(t, 'get', '/tickets?category=all&strict_status=1', signedHeaders({ signature: 'x', username: 'admin' }));
    expect(unauth.status).toBe(401);
    expect(unauth.body).toMatchObject({ code: -1, data: [] });
    const foreign = await restAs(t, 'get', `/tickets/${leave}?strict_status=1`, signedHeaders({ app: 'vpnonly', token: 'vpn-only-token', username: 'admin' }));
    expect(foreign.status).toBe(403);
    const notHandler = await t.rest('patch', `/tickets/${leave}?strict_status=1`, 'webb', { transition_id: 2 });
    expect(notHandler.status).toBe(403);
    expect(notHandler.body.msg).toBe('not current participant, no permission');
    expect((await t.rest('get', '/tickets/99999?strict_status=1')).status).toBe(404);
    const version = (await ticketRow(t, leave)).version;
    const stale = await t.rest('patch', `/tickets/${leave}?strict_status=1`, 'admin', { transition_id: 2 }).set('If-Match', String(version + 1));
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: -1, msg: expect.stringContaining('ticket changed meanwhile') });
    const plain = await t.rest('get', '/tickets/99999');
    expect(plain.status).toBe(200);
  });
});
