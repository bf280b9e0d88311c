import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_VALUE_DEPTH } from '../../src/domain/fields';
import { FILTER_MAX_CHARS, MAX_FILTER_IDS } from '../../src/domain/filters';
import { DEMO_TOKEN } from '../../src/server/graphiql-defaults';
import type { TestApp } from '../support/app';
import { startCasesApp, TO, WF } from '../support/cases';
import { dialects } from '../support/db';
import { fingerprint } from '../support/snapshot';

const AUTH = { Authorization: `Bearer ${DEMO_TOKEN}`, username: 'admin' };
/** A LIKE pattern SQLite refuses (over 50,000 bytes), made of wildcards. */
const HUGE = 'a%_'.repeat(20_000);
const LEAVE = { workflow_id: 1, transition_id: 1, date_start: '2020-04-13 00:00:00', date_end: '2020-04-14 00:00:00' };
const nested = (depth: number) => `${'['.repeat(depth)}"x"${']'.repeat(depth)}`;

describe.each(dialects())('hostile filters and values are refused by name, never INTERNAL (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startCasesApp(dialect);
  });
  afterAll(async () => t?.close());

  const gql = (query: string, variables: Record<string, unknown> = {}) => request(t.app).post('/graphql').set(AUTH).send({ query, variables });

  it.each([
    ['users(search)', 'query($s: String) { users(search: $s) { username } }', 'search'],
    ['workflows(name)', 'query($s: String) { workflows(name: $s) { id } }', 'name'],
    ['tickets(filter.title)', 'query($s: String) { tickets(category: ALL, filter: {title: $s}) { total } }', 'title'],
    ['tickets(filter.sn)', 'query($s: String) { tickets(category: ALL, filter: {sn: $s}) { total } }', 'sn'],
    ['tickets(filter.creator)', 'query($s: String) { tickets(category: ALL, filter: {creator: $s}) { total } }', 'creator'],
  ] as const)('%s: a 60,000-character pattern is BAD_INPUT naming the filter and its limit; the longest allowed one runs', async (_name, query, param) => {
    const res = await gql(query, { s: HUGE });
    expect(res.body.errors?.[0], JSON.stringify(res.body)).toMatchObject({
      message: `${param}: at most ${FILTER_MAX_CHARS[param]} characters`,
      extensions: { code: 'BAD_INPUT' },
    });
    const longest = await gql(query, { s: 'z'.repeat(FILTER_MAX_CHARS[param]) });
    expect(longest.body.errors, JSON.stringify(longest.body)).toBeUndefined();
  });

  it('REST list filters and the user search answer code -1 naming the parameter', async () => {
    const title = await t.rest('get', `/tickets?category=all&title=${'t'.repeat(FILTER_MAX_CHARS.title + 1)}`);
    expect(title.body).toMatchObject({ code: -1, msg: `title: at most ${FILTER_MAX_CHARS.title} characters` });
    const users = await t.rest('get', `/accounts/users?search_value=${'%25_'.repeat(1000)}&strict_status=1`);
    expect(users.status).toBe(400);
    expect(users.body).toMatchObject({ code: -1, msg: `search: at most ${FILTER_MAX_CHARS.search} characters` });
  });

  it(`id-list filters take at most ${MAX_FILTER_IDS} ids, like the batch states`, async () => {
    const ids = Array.from({ length: MAX_FILTER_IDS + 1 }, (_, i) => i + 1);
    for (const key of ['ticketIds', 'stateIds', 'workflowIds']) {
      const res = await gql(`query($f: TicketFilterInput) { tickets(category: ALL, filter: $f) { total } }`, { f: { [key]: ids } });
      expect(res.body.errors?.[0]?.extensions?.code, key).toBe('BAD_INPUT');
      expect(res.body.errors[0].message, key).toMatch(new RegExp(`_ids: at most ${MAX_FILTER_IDS} ids \\(got ${MAX_FILTER_IDS + 1}\\)$`));
    }
    const rest = await t.rest('get', `/tickets?category=all&ticket_ids=${ids.join(',')}`);
    expect(rest.body).toMatchObject({ code: -1, msg: `ticket_ids: at most ${MAX_FILTER_IDS} ids (got ${MAX_FILTER_IDS + 1})` });
    const ok = await gql(`query($f: TicketFilterInput) { tickets(category: ALL, filter: $f) { total } }`, { f: { ticketIds: ids.slice(1) } });
    expect(ok.body.errors).toBeUndefined();
  });

  it('a custom-field value nested 6,000 levels deep is FIELD_INVALID naming the field, and creates nothing', async () => {
    const before = await fingerprint(t.orm);
    const body = `{${Object.entries({ ...LEAVE, title: 'deep' })
      .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
      .join(', ')}, "reason": ${nested(6000)}}`;
    const rest = await t.rest('post', '/tickets').set('content-type', 'application/json').send(body);
    expect(rest.body).toMatchObject({ code: -1, msg: `field reason: nested deeper than ${MAX_VALUE_DEPTH} levels` });
    const query = 'mutation($f: JSONObject) { createTicket(input: {workflowId: 1, transitionId: 1, title: "deep", fields: $f}) { id } }';
    const variables = `{"f": {"reason": ${nested(6000)}, "date_start": "${LEAVE.date_start}", "date_end": "${LEAVE.date_end}"}}`;
    const graphql = await request(t.app)
      .post('/graphql')
      .set(AUTH)
      .set('content-type', 'application/json')
      .send(`{"query": ${JSON.stringify(query)}, "variables": ${variables}}`);
    expect(graphql.body.errors?.[0], graphql.text.slice(0, 300)).toMatchObject({
      extensions: { code: 'FIELD_INVALID' },
      message: `field reason: nested deeper than ${MAX_VALUE_DEPTH} levels`,
    });
    expect(await fingerprint(t.orm)).toBe(before);
  });

  it('a user field (read for its usernames before it is checked) nested deeply is refused the same way', async () => {
    const res = await t
      .rest('post', '/tickets')
      .set('content-type', 'application/json')
      .send(`{"workflow_id": ${WF.MODES}, "transition_id": ${TO.FIELD}, "title": "deep", "assignee": ${nested(6000)}}`);
    expect(res.body).toMatchObject({ code: -1, msg: `field assignee: nested deeper than ${MAX_VALUE_DEPTH} levels` });
  });

  it('GET /tickets/%zz answers code -1 naming the bad path (HTTP 400 in strict mode), never a URIError', async () => {
    const plain = await t.rest('get', '/tickets/%zz');
    expect(plain.status).toBe(200);
    expect(plain.body).toMatchObject({ code: -1, msg: expect.stringContaining('the path is not valid percent-encoding') });
    const strict = await t.rest('get', '/tickets/%zz/flowlogs?strict_status=1');
    expect(strict.status).toBe(400);
    expect(strict.body).toMatchObject({ code: -1, data: {} });
    expect(strict.body.msg).toContain("'%zz'");
  });
});
