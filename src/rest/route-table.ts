import type { RouteDef } from './route';

/** The README's markdown table of the REST routes and the GraphQL operation each runs. */
export function routeTableMarkdown(routes: readonly RouteDef<any, any>[]): string {
  const rows = routes.map((r) => {
    const op = (r.document.definitions[0] as { name?: { value: string } }).name?.value ?? '';
    return `| \`${r.method.toUpperCase()}\` | \`/api/v1.0${r.path}\` | \`${op}\` | ${r.summary} |`;
  });
  return ['| method | path | GraphQL operation | does |', '|---|---|---|---|', ...rows].join('\n');
}
