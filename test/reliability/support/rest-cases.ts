import fc from 'fast-check';
import request from 'supertest';
import type { RouteDef } from '../../../src/rest/route';
import { DEMO_TOKEN } from '../../../src/server/graphiql-defaults';
import { signature } from '../../../src/services/auth.service';
import type { TestApp } from '../../support/app';
import { anyValue, deepValue, hostileKey, hostileString, ifMatchArb, pathIdArb, repeatTo, usernameArb } from './hostile';
import { applyOps, opArb } from './mutate';
import { brief, forbiddenKeys, isDomainRefusal, leaks, namesInput, quotesValue, stringsIn } from './oracle';
import { cleanText, fieldValuesArb, idFor } from './values';
import { actorArb, type TicketFacts, type World } from './world';

/** How the body of a fuzzed request is sent. */
export type BodyCase = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'raw'; contentType: string | null; text: string; encoding?: string };

/** One fuzzed REST request. */
export interface RestCase {
  pathId: string | null;
  query: [string, string][];
  body: BodyCase;
  username: string;
  ifMatch: string | null;
}

type AnyRoute = RouteDef<any, any>;
type JsonSchema = { type?: string; properties?: Record<string, { type?: string }>; required?: string[]; additionalProperties?: unknown };

const CATEGORIES = ['all', 'owner', 'duty', 'relation', 'worked'];
const URL_BUDGET = 12_000;

/** Percent-encode every byte outside the unreserved set (lone surrogates become U+FFFD, as a client would send them). */
export function pct(s: string): string {
  return [...Buffer.from(s, 'utf8')]
    .map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
}

function idPool(route: AnyRoute, world: World): number[] {
  if (route.path.startsWith('/workflows/states/')) return world.stateIds;
  if (route.path.startsWith('/workflows/')) return world.workflowIds;
  return world.ticketIds;
}

function intPool(name: string, world: World): number[] {
  if (/transition_id$/.test(name)) return world.transitionIds;
  if (/state_id$/.test(name)) return world.stateIds;
  if (/workflow_id$/.test(name)) return world.workflowIds;
  if (/ticket_id$/.test(name)) return world.ticketIds;
  return [0, 1, 2, 3, 10];
}

const csvOf = (pool: number[]) => fc.array(fc.constantFrom(...pool), { minLength: 1, maxLength: 4 }).map((ids) => ids.join(','));

function queryValueArb(name: string, type: string, world: World): fc.Arbitrary<string> {
  const hostile = hostileString.filter((s) => s.length <= 1000);
  if (name === 'category') return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...CATEGORIES) }, { weight: 1, arbitrary: hostile });
  if (name.endsWith('_ids')) {
    const pool = name === 'workflow_ids' ? world.workflowIds : name === 'state_ids' ? world.stateIds : world.ticketIds;
    return fc.oneof(
      csvOf(pool),
      fc.constantFrom(
        '1,,2',
        '1,a',
        ',',
        '1, 2',
        '-1',
        '99999999999,1',
        Array(3000).fill('1').join(','),
        Array.from({ length: 1100 }, (_, i) => i + 1).join(','),
      ),
      hostile,
    );
  }
  if (/date|create_(start|end)/.test(name))
    return fc.oneof(fc.constantFrom('2020-01-01', '2020-01-01 00:00:00', '2099-12-31 23:59:59', '0001-01-01', '9999-12-31'), hostile);
  if (type === 'integer') return fc.oneof(fc.constantFrom('0', '1', '2', '3', '10', '1000', '1001', '-1'), hostile);
  return hostile;
}

function queryArb(route: AnyRoute, world: World): fc.Arbitrary<[string, string][]> {
  const documented = (route.params ?? []).filter((p) => p.in === 'query');
  const entry = (name: string, value: fc.Arbitrary<string>) =>
    fc.oneof(
      { weight: 4, arbitrary: value.map((v) => [[name, v]] as [string, string][]) },
      {
        weight: 1,
        arbitrary: fc.tuple(value, value).map(
          ([a, b]) =>
            [
              [name, a],
              [name, b],
            ] as [string, string][],
        ),
      },
    );
  const known = documented.map((p) => fc.option(entry(p.name, queryValueArb(p.name, p.type, world)), { freq: 2, nil: [] as [string, string][] }));
  const extra = fc.array(
    fc.tuple(
      hostileKey.filter((k) => k.length < 100),
      hostileString.filter((s) => s.length <= 200),
    ),
    { maxLength: 2 },
  );
  const strict = fc.oneof(
    { weight: 9, arbitrary: fc.constant([] as [string, string][]) },
    { weight: 1, arbitrary: fc.constant([['strict_status', '1']] as [string, string][]) },
  );
  return fc
    .tuple(fc.tuple(...known), extra, strict)
    .map(([k, e, s]) => [...k.flat(), ...e, ...s])
    .filter((q) => q.reduce((n, [k, v]) => n + pct(k).length + pct(v).length + 2, 0) < URL_BUDGET);
}

function propArb(name: string, schema: { type?: string }, world: World): fc.Arbitrary<unknown> {
  if (schema.type === 'integer') return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...intPool(name, world)) }, { weight: 1, arbitrary: anyValue });
  if (schema.type === 'boolean') return fc.oneof(fc.boolean(), anyValue);
  if (schema.type === 'object') return fieldValuesArb(world);
  if (name === 'target_username') return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...world.usernames) }, { weight: 1, arbitrary: hostileString });
  return hostileString;
}

function objectBodyArb(route: AnyRoute, world: World): fc.Arbitrary<Record<string, unknown>> {
  const schema = (route.body ?? {}) as JsonSchema;
  const props = Object.entries(schema.properties ?? {});
  const record = fc.record(Object.fromEntries(props.map(([k, s]) => [k, propArb(k, s, world)])), {
    requiredKeys: (schema.required ?? []).filter((k) => k in (schema.properties ?? {})),
  });
  const takesFields = typeof schema.additionalProperties === 'object';
  const fields = takesFields ? fieldValuesArb(world) : fc.constant({});
  return fc.tuple(record, fields, fc.array(opArb, { maxLength: 2 })).map(([r, f, ops]) => applyOps({ ...f, ...r }, ops));
}

const RAW_BODIES: BodyCase[] = [
  { kind: 'raw', contentType: 'application/json', text: '{' },
  { kind: 'raw', contentType: 'application/json', text: "{'transition_id': 1}" },
  { kind: 'raw', contentType: 'application/json', text: '{"a":1} trailing' },
  { kind: 'raw', contentType: 'application/json', text: 'NaN' },
  { kind: 'raw', contentType: 'application/json', text: 'null' },
  { kind: 'raw', contentType: 'application/json', text: '"text"' },
  { kind: 'raw', contentType: 'application/json', text: '12' },
  { kind: 'raw', contentType: 'application/json', text: '\u0000' },
  { kind: 'raw', contentType: 'text/plain', text: '{"transition_id": 1}' },
  { kind: 'raw', contentType: 'application/x-www-form-urlencoded', text: 'transition_id=1&suggestion=x&a=1&a=2' },
  { kind: 'raw', contentType: 'multipart/form-data; boundary=x', text: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--' },
  { kind: 'raw', contentType: 'application/xml', text: '<a>1</a>' },
  { kind: 'raw', contentType: null, text: '{"transition_id": 1}' },
  { kind: 'raw', contentType: 'application/json; charset=koi8-r', text: '{"a":1}' },
  { kind: 'raw', contentType: 'application/json; charset=utf-16', text: '{"a":1}' },
  { kind: 'raw', contentType: 'application/json', text: '{"a":1}', encoding: 'gzip' },
  { kind: 'raw', contentType: 'application/json', text: '{"a":1}', encoding: 'deflate' },
  { kind: 'raw', contentType: 'application/json', text: '{"a":1}', encoding: 'br' },
  { kind: 'raw', contentType: 'application/json', text: '{"a":1}', encoding: 'compress' },
  { kind: 'raw', contentType: 'application/vnd.api+json', text: '{"a":1}' },
  { kind: 'json', value: { suggestion: repeatTo('x', 1_100_000) } },
  { kind: 'json', value: { title: repeatTo('中', 400_000) } },
];

/** Bodies of every kind: objects shaped like the route's with changes, arrays, scalars, deep JSON, non-JSON, wrong content types. */
export function bodyArb(route: AnyRoute, world: World): fc.Arbitrary<BodyCase> {
  const object = objectBodyArb(route, world);
  return fc.oneof(
    { weight: 10, arbitrary: object.map((value): BodyCase => ({ kind: 'json', value })) },
    { weight: 2, arbitrary: fc.constant<BodyCase>({ kind: 'none' }) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(
          object.map((o) => [o]),
          fc.array(anyValue, { maxLength: 3 }),
        )
        .map((value): BodyCase => ({ kind: 'json', value })),
    },
    { weight: 1, arbitrary: deepValue.map((value): BodyCase => ({ kind: 'json', value })) },
    { weight: 2, arbitrary: fc.constantFrom(...RAW_BODIES) },
  );
}

function cleanQueryArb(route: AnyRoute, world: World): fc.Arbitrary<[string, string][]> {
  const value = (name: string, type: string): fc.Arbitrary<string> => {
    if (name === 'category') return fc.constantFrom(...CATEGORIES);
    if (name.endsWith('_ids')) return csvOf(name === 'workflow_ids' ? world.workflowIds : name === 'state_ids' ? world.stateIds : world.ticketIds);
    if (/date|create_(start|end)/.test(name)) return fc.constantFrom('2020-01-01', '2020-01-01 00:00:00', '2099-12-31 23:59:59');
    if (name === 'page' || name === 'per_page') return fc.constantFrom('1', '2', '10', '1000');
    if (type === 'integer') return fc.constantFrom('0', '1');
    return cleanText.filter((v) => v.length <= 200);
  };
  const known = (route.params ?? [])
    .filter((p) => p.in === 'query')
    .map((p) => {
      const entry = value(p.name, p.type).map((v) => [p.name, v] as [string, string]);
      return p.required ? entry : fc.option(entry, { freq: 2, nil: null });
    });
  return fc.tuple(...known).map((entries) => entries.filter((e): e is [string, string] => e !== null));
}

function cleanBodyArb(route: AnyRoute, world: World, ticket: TicketFacts): fc.Arbitrary<BodyCase> {
  const schema = (route.body ?? {}) as JsonSchema;
  const creating = !route.path.includes('{id}');
  const prop = (name: string, type?: string): fc.Arbitrary<unknown> => {
    if (type === 'integer') return idFor(name, world, ticket, creating) ?? fc.constantFrom(0, 1);
    if (type === 'boolean') return fc.boolean();
    if (type === 'object') return fieldValuesArb(world, true);
    return name === 'target_username' ? fc.constantFrom(...world.usernames) : cleanText;
  };
  const props = Object.entries(schema.properties ?? {});
  const record = fc.record(Object.fromEntries(props.map(([k, p]) => [k, prop(k, p.type)])), {
    requiredKeys: (schema.required ?? []).filter((k) => k in (schema.properties ?? {})),
  });
  const fields = typeof schema.additionalProperties === 'object' ? fieldValuesArb(world, true) : fc.constant({});
  return fc.tuple(record, fields).map(([r, f]): BodyCase => ({ kind: 'json', value: { ...f, ...r } }));
}

/** A request a caller could well send: an existing ticket, a user who may act on it, ids that fit it, valid values (hostile text included). */
function cleanCaseArb(route: AnyRoute, world: World): fc.Arbitrary<RestCase> {
  const onTicket = route.path.startsWith('/tickets/{id}');
  return actorArb(world).chain(({ ticket, username }) =>
    fc.record({
      pathId: !route.path.includes('{id}')
        ? fc.constant(null)
        : onTicket
          ? fc.constant(String(ticket.id))
          : fc.constantFrom(...idPool(route, world).map(String)),
      query: cleanQueryArb(route, world),
      body: cleanBodyArb(route, world, ticket),
      username: fc.constant(username),
      ifMatch: fc.constant(null),
    }),
  );
}

/** Every request shape for one route: a third valid requests, the rest hostile in every part. */
export function restCaseArb(route: AnyRoute, world: World): fc.Arbitrary<RestCase> {
  const hostile = fc.record({
    pathId: route.path.includes('{id}') ? pathIdArb(idPool(route, world)) : fc.constant(null),
    query: queryArb(route, world),
    body: bodyArb(route, world),
    username: usernameArb,
    ifMatch: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: ifMatchArb }),
  });
  return fc.oneof({ weight: 1, arbitrary: cleanCaseArb(route, world) }, { weight: 2, arbitrary: hostile });
}

/** A sent request and its answer. */
export interface RestExchange {
  method: string;
  url: string;
  c: RestCase;
  status: number;
  text: string;
  body: any;
  contentType: string;
}

/** Send a fuzzed request, signed the loonflow way. */
export async function sendRest(t: TestApp, route: AnyRoute, c: RestCase): Promise<RestExchange> {
  const path = c.pathId === null ? route.path : route.path.replace('{id}', pct(c.pathId));
  const qs = c.query.map(([k, v]) => `${pct(k)}=${pct(v)}`).join('&');
  const url = `/api/v1.0${path}${qs ? `?${qs}` : ''}`;
  const ts = String(Math.floor(Date.now() / 1000));
  let req = request(t.app)
    [route.method](url)
    .set({ appname: 'ops', timestamp: ts, signature: signature(ts, DEMO_TOKEN), username: c.username });
  if (c.ifMatch !== null) req = req.set('If-Match', c.ifMatch);
  if (c.body.kind === 'json') req = req.set('Content-Type', 'application/json').send(JSON.stringify(c.body.value));
  if (c.body.kind === 'raw') {
    if (c.body.contentType) req = req.set('Content-Type', c.body.contentType);
    if (c.body.encoding) req = req.set('Content-Encoding', c.body.encoding);
    req = req.send(c.body.text);
  }
  const res = await req.ok(() => true);
  return {
    method: route.method.toUpperCase(),
    url,
    c,
    status: res.status,
    text: res.text,
    body: res.body,
    contentType: String(res.headers['content-type'] ?? ''),
  };
}

const GRAPHQL_JARGON = /Variable "\$|cannot represent|on type "|GraphQL|\binput\.\w+/;
const REFUSAL_STATUS = [200, 400, 401, 403, 404, 405, 409, 413, 415];

/** The names a message may use to point at this request's input. */
export function restNames(route: AnyRoute, c: RestCase, world: World): string[] {
  const schema = (route.body ?? {}) as JsonSchema;
  const body = c.body.kind === 'json' && c.body.value && typeof c.body.value === 'object' && !Array.isArray(c.body.value) ? Object.keys(c.body.value) : [];
  return [
    ...(route.params ?? []).map((p) => p.name),
    ...Object.keys(schema.properties ?? {}),
    ...(schema.required ?? []),
    ...c.query.map(([k]) => k),
    ...body,
    ...world.fields.keys(),
    'title',
    'username',
    'suggestion',
    'transition_id',
    'appname',
    'signature',
    'timestamp',
  ];
}

/** What is wrong with an answer (empty: a well-formed success or a clean refusal naming the input). */
export function restProblems(x: RestExchange, route: AnyRoute, world: World): string[] {
  if (x.status === 431 && x.url.length > URL_BUDGET) return [];
  if (x.status >= 500) return [`HTTP ${x.status}`];
  if (!x.contentType.includes('application/json') || typeof x.body !== 'object' || x.body === null) return [`not a JSON envelope (${x.contentType})`];
  const { code, msg } = x.body;
  if ((code !== 0 && code !== -1) || typeof msg !== 'string' || !('data' in x.body)) return ['not a {code, msg, data} envelope'];
  if (code === 0) return [...(x.status === 200 ? [] : [`success with HTTP ${x.status}`]), ...forbiddenKeys(x.body).map((k) => `success carries "${k}"`)];
  const problems: string[] = [];
  if (!REFUSAL_STATUS.includes(x.status)) problems.push(`refusal with HTTP ${x.status}`);
  if (!msg.trim()) problems.push('empty message');
  const sent = [
    x.c.pathId ?? '',
    x.c.username,
    ...x.c.query.flat(),
    ...(x.c.body.kind === 'json' ? stringsIn(x.c.body.value) : x.c.body.kind === 'raw' ? [x.c.body.text] : []),
  ];
  problems.push(...leaks(msg, sent));
  if (GRAPHQL_JARGON.test(msg)) problems.push('speaks GraphQL instead of naming the REST parameter');
  if (!namesInput(msg, restNames(route, x.c, world)) && !isDomainRefusal(msg) && !quotesValue(msg, sent))
    problems.push('the message names no parameter of the request');
  return problems;
}

/** A readable account of an exchange for failure messages. */
export function describeRest(x: RestExchange): string {
  const body =
    x.c.body.kind === 'json'
      ? brief(x.c.body.value, 300)
      : x.c.body.kind === 'raw'
        ? `${x.c.body.contentType} ${x.c.body.encoding ?? ''} ${brief(x.c.body.text, 100)}`
        : '(none)';
  return `${x.method} ${brief(safeDecode(x.url), 300)} as ${brief(x.c.username, 40)}${x.c.ifMatch ? ` If-Match ${x.c.ifMatch}` : ''}\n  body: ${body}\n  answer: HTTP ${x.status} ${brief(x.text, 400)}`;
}

function safeDecode(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}
