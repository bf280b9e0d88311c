import type { RouteDef } from './route';

const ENVELOPE = {
  type: 'object',
  required: ['code', 'msg', 'data'],
  properties: {
    code: { type: 'integer', enum: [0, -1], description: '0 success, -1 failure' },
    msg: { type: 'string', description: 'empty on success (or a fixed loonflow text); the reason on failure' },
    data: { description: 'the result; {} (or [] for auth failures) on failure' },
  },
};

const SIGNATURE_HEADERS = [
  { name: 'appname', in: 'header', required: false, schema: { type: 'string' }, description: 'app name (signature auth)' },
  { name: 'timestamp', in: 'header', required: false, schema: { type: 'string' }, description: 'unix seconds, within ±120 s' },
  { name: 'signature', in: 'header', required: false, schema: { type: 'string' }, description: 'lowercase hex md5(timestamp + token)' },
  { name: 'username', in: 'header', required: false, schema: { type: 'string' }, description: 'the acting user' },
];

/** The areas the routes are grouped by in the docs, in the order shown. */
export const TAGS = [
  { name: 'Tickets', description: 'Create, list, read and move tickets: handle, accept, deliver, add-node, comment, close, retreat.' },
  { name: 'Workflows', description: 'Read workflows, their states, transitions and custom fields.' },
  { name: 'Workflow administration', description: 'Create and change workflows, states, transitions and custom fields (superusers and workflow admins).' },
  { name: 'Users and depts', description: 'Users and the departments they belong to.' },
  { name: 'Roles', description: 'Roles and their members.' },
  { name: 'App tokens', description: 'The API callers (apps): their names, workflows and tokens.' },
] as const;

/** The area of a route, from its path (and, for workflows, whether it reads or changes). */
export function routeTag(route: Pick<RouteDef, 'method' | 'path'>): (typeof TAGS)[number]['name'] {
  if (route.path.startsWith('/tickets')) return 'Tickets';
  if (route.path.startsWith('/workflows')) return route.method === 'get' ? 'Workflows' : 'Workflow administration';
  if (route.path.startsWith('/accounts/roles')) return 'Roles';
  if (route.path.startsWith('/accounts/app_token')) return 'App tokens';
  return 'Users and depts';
}

function operation(route: RouteDef<any, any>) {
  const opName = (route.document.definitions[0] as { name?: { value: string } }).name?.value ?? route.path;
  return {
    operationId: `${route.method}${route.path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    summary: route.summary,
    tags: [routeTag(route)],
    description: `Runs the GraphQL operation \`${opName}\` (src/rest/operations).`,
    parameters: [
      ...(route.params ?? []).map((p) => ({
        name: p.name,
        in: p.in,
        required: p.in === 'path' ? true : !!p.required,
        description: p.description,
        schema: { type: p.type },
      })),
      ...SIGNATURE_HEADERS,
    ],
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: route.body } } } } : {}),
    responses: {
      '200': {
        description: 'loonflow envelope (HTTP 200 for every handled outcome unless strict_status=1)',
        content: {
          'application/json': {
            schema: ENVELOPE,
            ...(route.example !== undefined ? { example: { code: 0, msg: route.message ?? '', data: route.example } } : {}),
          },
        },
      },
      '4XX': { description: 'with strict_status=1: the same envelope with 400/401/403/404/409', content: { 'application/json': { schema: ENVELOPE } } },
    },
  };
}

/** The OpenAPI 3.1 document of the REST table. */
export function openApiDocument(routes: readonly RouteDef<any, any>[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) (paths[`/api/v1.0${route.path}`] ??= {})[route.method] = operation(route);
  return {
    openapi: '3.1.0',
    info: {
      title: 'loongate — loonflow v1.0 compatible REST API',
      version,
      description:
        'Every route runs a named GraphQL operation of the same server. Authenticate with the loonflow signature headers or `Authorization: Bearer <app token>`.',
    },
    servers: [{ url: '/', description: 'this loongate server (the paths carry the /api/v1.0 prefix)' }],
    tags: TAGS.map((tag) => ({ ...tag })),
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, appname: { type: 'apiKey', in: 'header', name: 'appname' } } },
    security: [{ bearer: [] }, { appname: [] }],
    paths,
  };
}
