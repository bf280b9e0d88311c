import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import type { RouteDef } from '../../src/rest/route';

/** The rows every generated call points at (for the isolation test: rows of a workflow the app is not granted). */
export interface TargetRows {
  ticket: number;
  workflow: number;
  state: number;
  transition: number;
  customField: number;
  /** An app granted that workflow (taking it over would reach the ticket). */
  app: number;
  /** An outbox job of the ticket. */
  job: number;
}

/** A generated call that names target rows. */
export interface RowCall {
  name: string;
  /** The kinds of rows it names (`ticket`, `workflow`, `state`, …). */
  names: string[];
  /** Reads a collection: it answers without rows the caller may not see rather than refusing. */
  collection: boolean;
}

/** A GraphQL operation naming target rows. */
export interface GqlRowCall extends RowCall {
  query: string;
}

/** A REST request naming target rows. */
export interface RestRowCall extends RowCall {
  method: RouteDef['method'];
  url: string;
  body?: Record<string, unknown>;
}

type Arg = GraphQLArgument | GraphQLInputField;

/** The kind and id of the target row an argument or input field names, by its name (and, for a bare `id`, the field's name). */
function reference(name: string, fieldName: string, rows: TargetRows): [string, number] | null {
  if (name === 'ticketId' || name === 'ticketIds') return ['ticket', rows.ticket];
  if (name === 'workflowId' || name === 'workflowIds') return ['workflow', rows.workflow];
  if (name !== 'id' && name !== 'ids') return null;
  const kinds: [RegExp, keyof TargetRows][] = [
    [/ticket/i, 'ticket'],
    [/workflow/i, 'workflow'],
    [/state/i, 'state'],
    [/transition/i, 'transition'],
    [/customField/i, 'customField'],
    [/app/i, 'app'],
    [/job/i, 'job'],
  ];
  const kind = kinds.find(([re]) => re.test(fieldName))?.[1];
  return kind ? [kind, rows[kind]] : null;
}

const sample = (rows: TargetRows): Record<string, unknown> => ({
  transitionId: rows.transition,
  stateId: rows.state,
  fromStateId: rows.state,
  toStateId: rows.state,
  targetUsername: 'webb',
  suggestion: 'x',
  fields: { title: 'changed' },
  name: 'grab',
  fieldKey: 'grab',
  username: 'grab',
  msg: 'x',
});

function literal(type: GraphQLInputType, name: string, fieldName: string, rows: TargetRows): string {
  const ref = reference(name, fieldName, rows);
  const inner = getNullableType(type);
  if (isListType(inner)) return `[${literal(inner.ofType, name, fieldName, rows)}]`;
  if (ref !== null) return String(ref[1]);
  const value = sample(rows)[name];
  if (value !== undefined) return JSON.stringify(value).replace(/"(\w+)":/g, '$1:');
  if (isEnumType(inner)) return inner.getValues()[0]!.name;
  if (isInputObjectType(inner)) return `{ ${inputFields(Object.values(inner.getFields()), fieldName, rows)} }`;
  const named = getNamedType(inner).name;
  if (named === 'DateTimeISO') return '"2026-01-01T00:00:00Z"';
  return named === 'Int' ? '1' : named === 'Boolean' ? 'true' : named === 'JSONObject' ? '{}' : '"x"';
}

/** The kinds of target rows an argument names, itself or through its input fields. */
function kindsNamed(arg: Arg, fieldName: string, rows: TargetRows, seen = new Set<string>()): string[] {
  const ref = reference(arg.name, fieldName, rows);
  if (ref) return [ref[0]];
  const named = getNamedType(arg.type);
  if (!isInputObjectType(named) || seen.has(named.name)) return [];
  seen.add(named.name);
  return Object.values(named.getFields()).flatMap((f) => kindsNamed(f, fieldName, rows, seen));
}

const reaches = (arg: Arg, fieldName: string, rows: TargetRows) => kindsNamed(arg, fieldName, rows).length > 0;

function inputFields(args: readonly Arg[], fieldName: string, rows: TargetRows): string {
  return args
    .filter((a) => isNonNullType(a.type) || sample(rows)[a.name] !== undefined || reaches(a, fieldName, rows))
    .map((a) => `${a.name}: ${literal(a.type, a.name, fieldName, rows)}`)
    .join(', ');
}

function selection(type: GraphQLOutputType): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named)) return '{ __typename }';
  const fields = Object.values(named.getFields()).filter((f) => !f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined));
  const leaves = fields.filter((f) => isLeafType(getNamedType(f.type))).map((f) => f.name);
  const items = fields.find((f) => f.name === 'items');
  return `{ ${[...leaves, ...(items ? [`items ${selection(items.type)}`] : [])].join(' ')} }`;
}

/** A list or a page filtered by ids, rather than one row by its id. */
function isCollection(field: GraphQLField<unknown, unknown>, rows: TargetRows): boolean {
  const type = getNullableType(field.type);
  const single = field.args.some((a) => reference(a.name, field.name, rows) !== null && !isListType(getNullableType(a.type)));
  return !single && (isListType(type) || (isObjectType(type) && 'items' in type.getFields()));
}

/** Every Query and Mutation field with an argument naming a ticket, workflow, state, transition, field, app or job, aimed at the rows. */
export function gqlRowCalls(schema: GraphQLSchema, rows: TargetRows): GqlRowCall[] {
  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const;
  return roots.flatMap(([operation, root]) =>
    Object.values(root!.getFields())
      .filter((field) => field.args.some((a) => reaches(a, field.name, rows)))
      .map((field) => {
        const args = inputFields(field.args, field.name, rows);
        return {
          name: field.name,
          names: [...new Set(field.args.flatMap((a) => kindsNamed(a, field.name, rows)))],
          collection: operation === 'query' && isCollection(field, rows),
          query: `${operation} { ${field.name}${args ? `(${args})` : ''} ${selection(field.type)} }`,
        };
      }),
  );
}

const bodySample = (rows: TargetRows): Record<string, unknown> => ({
  transition_id: rows.transition,
  state_id: rows.state,
  target_username: 'webb',
  suggestion: 'x',
  title: 'changed',
  result: true,
  msg: 'x',
  field_value: {},
  name: 'grab',
  app_name: 'grab',
  field_key: 'grab',
  field_type_id: 5,
  source_state_id: rows.state,
  destination_state_id: rows.state,
  url: 'http://127.0.0.1:9/row-calls',
  secret: 'row-calls-secret-0123456',
});

/** Path parameters of the REST table that name rows of a workflow, by path. */
function pathValue(path: string, param: string, rows: TargetRows): number | null {
  if (param === 'state_id') return rows.state;
  if (param === 'transition_id') return rows.transition;
  if (param === 'custom_field_id') return rows.customField;
  if (param !== 'id') return null;
  if (path.startsWith('/tickets/')) return rows.ticket;
  if (path.startsWith('/workflows/states/')) return rows.state;
  if (path.startsWith('/workflows/')) return rows.workflow;
  if (path.startsWith('/accounts/app_token/')) return rows.app;
  return null;
}

/** Routes about people and groups, and about one of the caller's own webhooks: they name no ticket, workflow or app. */
export const PEOPLE_ROUTES = /^\/(accounts\/(users|roles|depts)\b|webhooks\/)/;

/** Every REST route that can name a row (path ids, id filters, body ids), and every collection read, aimed at the rows. */
export function restRowCalls(routes: readonly RouteDef<any, any>[], rows: TargetRows): RestRowCall[] {
  return routes
    .filter((r) => !PEOPLE_ROUTES.test(r.path))
    .flatMap((r) => {
      const url = r.path.replace(/\{(\w+)\}/g, (_, p: string) => {
        const v = pathValue(r.path, p, rows);
        if (v === null) throw new Error(`no value for {${p}} of ${r.path}: add one to test/support/row-calls.ts`);
        return String(v);
      });
      const query = (r.params ?? [])
        .filter((p) => p.in === 'query')
        .flatMap((p) => {
          if (p.name === 'ticket_ids') return [`ticket_ids=${rows.ticket}`];
          if (p.name === 'workflow_ids' || p.name === 'workflow_id') return [`${p.name}=${rows.workflow}`];
          if (p.type === 'string' && (p.name === 'from' || p.name === 'to'))
            return [`${p.name}=${p.name === 'from' ? '2026-01-01T00:00:00Z' : '2027-01-01T00:00:00Z'}`];
          return p.name === 'category' ? ['category=all'] : [];
        });
      const open = r.body !== undefined && r.body.additionalProperties !== false;
      const keys = [...Object.keys((r.body?.properties as Record<string, unknown> | undefined) ?? {}), ...(open ? ['title'] : [])];
      const body = Object.fromEntries(
        keys.flatMap((k) => {
          if (k === 'workflow_id') return [[k, rows.workflow]];
          if (k === 'workflow_ids') return [[k, String(rows.workflow)]];
          const value = bodySample(rows)[k];
          return value === undefined ? [] : [[k, value]];
        }),
      );
      // A required workflow_ids names the workflows (a report on them) rather than filtering a list.
      const collection = r.method === 'get' && !r.path.includes('{') && !(r.params ?? []).some((p) => p.name === 'workflow_ids' && p.required);
      const names = r.path.includes('{') || query.some((q) => !q.startsWith('category=')) || 'workflow_id' in body || 'workflow_ids' in body;
      if (!names && !collection) return [];
      return [
        {
          name: `${r.method.toUpperCase()} ${r.path}`,
          names: r.path.startsWith('/tickets') ? ['ticket'] : r.path.startsWith('/accounts') ? ['app'] : ['workflow'],
          collection,
          method: r.method,
          url: `/api/v1.0${url}${query.length ? `?${query.join('&')}` : ''}`,
          body: r.method === 'get' || r.method === 'delete' ? undefined : body,
        },
      ];
    });
}
