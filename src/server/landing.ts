import type { Request, Response } from 'express';
import { DOCS_PATH } from './api-docs';

/** The links of the landing page: where to go first. */
export const LANDING_LINKS = [
  { href: '/graphql', title: 'GraphiQL', text: 'explore and run GraphQL queries in the browser (POST /graphql for programs)' },
  { href: DOCS_PATH, title: 'REST API docs', text: 'the loonflow v1.0 compatible routes, by area (Swagger UI)' },
  { href: '/api/v1.0/openapi.json', title: 'OpenAPI document', text: 'the same routes as OpenAPI 3.1 JSON' },
  { href: '/healthz', title: 'Health', text: 'answers 200 while the process is up' },
  { href: '/readyz', title: 'Readiness', text: 'answers 200 when the database is reachable, 503 otherwise' },
  { href: '/metrics', title: 'Metrics', text: 'Prometheus text format' },
] as const;

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem;color:#222}
h1{margin-bottom:0}p.sub{margin-top:.25rem;color:#555}ul{padding:0;list-style:none}li{margin:.75rem 0}
a{font-weight:600;color:#0b5cad}span{color:#555}code{background:#f3f3f3;padding:0 .25rem}`;

function page(version: string): string {
  const items = LANDING_LINKS.map((l) => `<li><a href="${l.href}">${l.title}</a> <span>— ${l.text}</span></li>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>loongate</title>
<style>${STYLE}</style>
</head>
<body>
<h1>loongate</h1>
<p class="sub">A workflow ticket engine: GraphQL first, loonflow v1.0 REST compatible · version ${version}</p>
<ul>
${items}
</ul>
<p>Authenticate with <code>Authorization: Bearer &lt;app token&gt;</code> and a <code>username</code> header, or with loonflow's signature headers.</p>
</body>
</html>
`;
}

/** GET /: a small page linking GraphiQL, the API docs, health and metrics. */
export function landingPage(version: string) {
  const html = page(version);
  return (_req: Request, res: Response): void => {
    res.set({
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'",
      'X-Content-Type-Options': 'nosniff',
    });
    res.type('html').send(html);
  };
}
