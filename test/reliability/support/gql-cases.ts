import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import request from 'supertest';
import { ErrorCode } from '../../../src/domain/errors';
import { DEMO_TOKEN } from '../../../src/server/graphiql-defaults';
import type { TestApp } from '../../support/app';
import { anyValue, hostileNumber, hostileString, usernameArb } from './hostile';
import { applyOps, opArb } from './mutate';
import { brief, forbiddenKeys, isDomainRefusal, leaks, namesInput, stringsIn } from './oracle';
import { cleanText, fieldValuesArb, idFor } from './values';
import { actorArb, type TicketFacts, type World } from './world';

/** One fuzzed mutation call. */
export interface GqlCase {
  field: string;
  mode: 'variables' | 'inline';
  args: Record<string, unknown>;
  username: string;
}

type AnyField = GraphQLField<unknown, unknown>;

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
const BODY_LIMIT = 1_000_000;

/** The mutation fields of the schema, by name. */
export function mutationFields(schema: GraphQLSchema): AnyField[] {
  return Object.values(schema.getMutationType()?.getFields() ?? {});
}

function intArb(name: string, world: World): fc.Arbitrary<number> {
  const pool = /^(ticketId|parentTicketId)$/.test(name)
    ? world.ticketIds
    : /workflowId$/i.test(name)
      ? world.workflowIds
      : /transitionId$/i.test(name)
        ? world.transitionIds
        : /stateId$/i.test(name)
          ? world.stateIds
          : null;
  if (pool)
    return fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...pool) },
      { weight: 1, arbitrary: hostileNumber.filter((n) => Number.isInteger(n) && Math.abs(n) < 2 ** 31) },
    );
  if (/version$/i.test(name)) return fc.integer({ min: 1, max: 15 });
  return fc.integer({ min: -5, max: 60 });
}

function valueArb(type: GraphQLInputType, name: string, world: World): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return valueArb(type.ofType, name, world);
  if (isListType(type)) return fc.array(valueArb(type.ofType, name, world), { maxLength: 4 });
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    const required = fields.filter((f) => isNonNullType(f.type) && f.defaultValue === undefined).map((f) => f.name);
    return fc.record(Object.fromEntries(fields.map((f) => [f.name, valueArb(f.type, f.name, world)])), { requiredKeys: required });
  }
  if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((v) => v.name));
  switch (type.name) {
    case 'Int':
      return intArb(name, world);
    case 'Float':
      return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), hostileNumber);
    case 'Boolean':
      return fc.boolean();
    case 'String':
    case 'ID':
      return /username$/i.test(name)
        ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...world.usernames) }, { weight: 1, arbitrary: hostileString })
        : hostileString;
    case 'JSONObject':
      return fieldValuesArb(world);
    default:
      return anyValue;
  }
}

function argsArb(field: AnyField, world: World): fc.Arbitrary<Record<string, unknown>> {
  const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined).map((a) => a.name);
  return fc.record(Object.fromEntries(field.args.map((a) => [a.name, valueArb(a.type, a.name, world)])), { requiredKeys: required });
}

function cleanValueArb(type: GraphQLInputType, name: string, world: World, ticket: TicketFacts, creating: boolean): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return cleanValueArb(type.ofType, name, world, ticket, creating);
  if (isListType(type)) return fc.array(cleanValueArb(type.ofType, name, world, ticket, creating), { maxLength: 3 });
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((f) => f.name !== 'expectedVersion');
    const required = fields.filter((f) => isNonNullType(f.type) && f.defaultValue === undefined).map((f) => f.name);
    const inner = !fields.some((f) => f.name === 'ticketId');
    return fc.record(Object.fromEntries(fields.map((f) => [f.name, cleanValueArb(f.type, f.name, world, ticket, inner)])), { requiredKeys: required });
  }
  if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((v) => v.name));
  switch (type.name) {
    case 'Int':
      return idFor(name, world, ticket, creating) ?? fc.integer({ min: 1, max: 30 });
    case 'Float':
      return fc.double({ min: -1e6, max: 1e6, noNaN: true });
    case 'Boolean':
      return fc.boolean();
    case 'String':
    case 'ID':
      return /username$/i.test(name) ? fc.constantFrom(...world.usernames) : cleanText;
    case 'JSONObject':
      return fieldValuesArb(world, true);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Arguments a caller could well send: an existing ticket, a user who may act on it, ids that fit it, valid values (hostile text included). */
function cleanCaseArb(field: AnyField, world: World): fc.Arbitrary<GqlCase> {
  return actorArb(world).chain(({ ticket, username }) =>
    fc.record({
      field: fc.constant(field.name),
      mode: fc.constant('variables' as const),
      args: fc.record(Object.fromEntries(field.args.map((a) => [a.name, cleanValueArb(a.type, a.name, world, ticket, false)]))),
      username: fc.constant(username),
    }),
  );
}

/** A third valid calls; the rest valid-shaped with wrong types, missing and extra keys, nulls, deep JSON and huge strings (bodies under 1 MB). */
export function gqlCaseArb(field: AnyField, world: World): fc.Arbitrary<GqlCase> {
  return fc.oneof({ weight: 1, arbitrary: cleanCaseArb(field, world) }, { weight: 2, arbitrary: hostileCaseArb(field, world) });
}

function hostileCaseArb(field: AnyField, world: World): fc.Arbitrary<GqlCase> {
  return fc.record({
    field: fc.constant(field.name),
    mode: fc.oneof({ weight: 3, arbitrary: fc.constant('variables' as const) }, { weight: 1, arbitrary: fc.constant('inline' as const) }),
    args: fc
      .tuple(argsArb(field, world), fc.array(opArb, { maxLength: 2 }))
      .map(([args, ops]) => applyOps(args, ops))
      .filter((args) => JSON.stringify(args).length < BODY_LIMIT),
    username: usernameArb,
  });
}

function inputTypeOf(type: GraphQLInputType | undefined, key: string | number): GraphQLInputType | undefined {
  if (!type) return undefined;
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return inner.ofType;
  if (isInputObjectType(inner) && typeof key === 'string') return inner.getFields()[key]?.type;
  return undefined;
}

/** A value as a GraphQL literal (enum values bare when the type says so). */
export function literal(value: unknown, type?: GraphQLInputType): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return type && isEnumType(getNamedType(type)) && NAME.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(Object.is(value, -0) ? 0 : value) : 'null';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map((v, i) => literal(v, inputTypeOf(type, i))).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${k}: ${literal(v, inputTypeOf(type, k))}`)
    .join(', ')}}`;
}

function selection(field: AnyField): string {
  const type = getNamedType(field.type);
  if (!isObjectType(type)) return '';
  const leaves = Object.values(type.getFields()).filter((f) => isLeafType(getNamedType(f.type)) && f.args.every((a) => !isNonNullType(a.type)));
  return `{ ${leaves.map((f) => f.name).join(' ')} }`;
}

/** The operation text and variables of a case. */
export function operation(field: AnyField, c: GqlCase): { query: string; variables: Record<string, unknown> } {
  const known = new Map<string, GraphQLArgument>(field.args.map((a) => [a.name, a]));
  const extra = Object.entries(c.args)
    .filter(([k]) => !known.has(k))
    .map(([k, v]) => `${k}: ${literal(v)}`);
  if (c.mode === 'inline') {
    const given = Object.entries(c.args)
      .filter(([k]) => known.has(k))
      .map(([k, v]) => `${k}: ${literal(v, known.get(k)!.type)}`);
    const list = [...given, ...extra];
    return { query: `mutation Fuzz { ${field.name}${list.length ? `(${list.join(', ')})` : ''} ${selection(field)} }`, variables: {} };
  }
  const defs = field.args.map((a) => `$${a.name}: ${String(a.type)}`);
  const list = [...field.args.map((a) => `${a.name}: $${a.name}`), ...extra];
  const variables = Object.fromEntries(Object.entries(c.args).filter(([k]) => known.has(k)));
  return {
    query: `mutation Fuzz${defs.length ? `(${defs.join(', ')})` : ''} { ${field.name}${list.length ? `(${list.join(', ')})` : ''} ${selection(field)} }`,
    variables,
  };
}

/** A sent operation and its answer. */
export interface GqlExchange {
  c: GqlCase;
  query: string;
  variables: Record<string, unknown>;
  status: number;
  text: string;
  body: any;
  contentType: string;
}

/** Send a case as the demo app's caller. */
export async function sendGql(t: TestApp, field: AnyField, c: GqlCase): Promise<GqlExchange> {
  const { query, variables } = operation(field, c);
  const res = await request(t.app)
    .post('/graphql')
    .set({ Authorization: `Bearer ${DEMO_TOKEN}`, username: c.username })
    .set('Content-Type', 'application/json')
    .send(JSON.stringify({ query, variables }))
    .ok(() => true);
  return { c, query, variables, status: res.status, text: res.text, body: res.body, contentType: String(res.headers['content-type'] ?? '') };
}

function inputNames(type: GraphQLInputType, out: Set<string>, seen = new Set<string>()): void {
  const named = getNamedType(type);
  out.add(named.name);
  if (!isInputObjectType(named) || seen.has(named.name)) return;
  seen.add(named.name);
  for (const f of Object.values(named.getFields())) out.add(f.name), inputNames(f.type, out, seen);
}

/** The names an error may use for this mutation's input: its arguments, their fields and types, field keys, and the keys sent. */
export function gqlNames(field: AnyField, c: GqlCase, world: World): string[] {
  const out = new Set<string>(['username', ...world.fields.keys(), 'title']);
  for (const a of field.args) out.add(a.name), inputNames(a.type, out);
  for (const k of stringsIn(c.args)) out.add(k).add(/[_A-Za-z][_0-9A-Za-z]*/.exec(k)?.[0] ?? k);
  return [...out];
}

const CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL));
const NAMING_CODES: ReadonlySet<string> = new Set([ErrorCode.BAD_INPUT, ErrorCode.FIELD_INVALID]);

/** What is wrong with an answer (empty: a well-formed success or clean errors naming the input). */
export function gqlProblems(x: GqlExchange, field: AnyField, world: World): string[] {
  if (x.status >= 500) return [`HTTP ${x.status}`];
  if (!x.contentType.includes('application/json') || typeof x.body !== 'object' || x.body === null) return [`not a JSON answer (${x.contentType})`];
  const errors: { message?: unknown; extensions?: Record<string, unknown> }[] | undefined = x.body.errors;
  if (!errors?.length) {
    return x.body.data?.[field.name] != null ? forbiddenKeys(x.body).map((k) => `success carries "${k}"`) : ['neither data nor errors'];
  }
  const sent = [x.query, ...stringsIn(x.c.args), x.c.username];
  const names = gqlNames(field, x.c, world);
  return errors.flatMap((e) => {
    const message = typeof e.message === 'string' ? e.message : '';
    const code = String(e.extensions?.code);
    const problems: string[] = [];
    if (!message.trim()) problems.push('an error without a message');
    if (!CODES.has(code)) problems.push(`code ${code} is not in the closed set (or is INTERNAL)`);
    const ownSource = message.split('\n\nGraphQL request:')[0];
    problems.push(...leaks(`${ownSource} ${JSON.stringify(e.extensions ?? {})}`, sent), ...forbiddenKeys(e).map((k) => `error carries "${k}"`));
    const structured = Array.isArray(e.extensions?.issues) && e.extensions.issues.length > 0;
    if (NAMING_CODES.has(code) && !structured && !namesInput(message, names) && !isDomainRefusal(message))
      problems.push(`the ${code} message names no argument or field of the input`);
    return problems;
  });
}

/** A readable account of an exchange for failure messages. */
export function describeGql(x: GqlExchange): string {
  return `${brief(x.query, 500)}\n  variables: ${brief(x.variables, 400)}\n  as ${brief(x.c.username, 40)}\n  answer: HTTP ${x.status} ${brief(x.text, 500)}`;
}
