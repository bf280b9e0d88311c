import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Router, type NextFunction, type Request, type Response } from 'express';

/** Options for the self-hosted GraphiQL page. */
export interface GraphiqlOptions {
  endpoint: string;
  defaultQuery: string;
  defaultHeaders?: Record<string, string>;
  title?: string;
}

const ASSET_PREFIX = '/graphiql/assets';
const ASSET_MAX_AGE_MS = 86_400_000;

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

const SCRIPT_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

function assetFiles(): Map<string, string> {
  const react = packageDir('react');
  const reactDom = packageDir('react-dom');
  const graphiql = packageDir('graphiql');
  return new Map([
    ['react.production.min.js', path.join(react, 'umd/react.production.min.js')],
    ['react-dom.production.min.js', path.join(reactDom, 'umd/react-dom.production.min.js')],
    ['graphiql.min.js', path.join(graphiql, 'graphiql.min.js')],
    ['graphiql.min.css', path.join(graphiql, 'graphiql.min.css')],
  ]);
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => SCRIPT_ESCAPES[ch]);
}

function pageTitle(title: string | undefined): string {
  if (!title) return 'GraphiQL';
  return /graphiql/i.test(title) ? title : `${title} · GraphiQL`;
}

function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "connect-src 'self'",
    "font-src 'self' data:",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

const BOOTSTRAP = `
  var headers = options.headers;
  var root = document.getElementById('graphiql');
  document.body.style.margin = '0';
  root.style.height = '100vh';
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      // Subscriptions go over graphql-ws on the same path; the headers editor's values become its connectionParams.
      fetcher: GraphiQL.createFetcher({
        url: options.endpoint,
        subscriptionUrl: (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + options.endpoint,
        headers: headers,
      }),
      defaultQuery: options.defaultQuery,
      defaultHeaders: JSON.stringify(headers, null, 2),
      shouldPersistHeaders: true,
    })
  );`;

function renderPage(options: GraphiqlOptions, assetBase: string, nonce: string): string {
  const asset = (name: string) => escapeHtml(`${assetBase}/${name}`);
  const config = {
    endpoint: options.endpoint,
    defaultQuery: options.defaultQuery,
    headers: options.defaultHeaders ?? {},
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(pageTitle(options.title))}</title>
<link rel="stylesheet" href="${asset('graphiql.min.css')}">
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="${asset('react.production.min.js')}"></script>
<script src="${asset('react-dom.production.min.js')}"></script>
<script src="${asset('graphiql.min.js')}"></script>
<script nonce="${nonce}">
(function () {
  var options = ${scriptJson(config)};${BOOTSTRAP}
})();
</script>
</body>
</html>
`;
}

function pageHandler(options: GraphiqlOptions) {
  return (req: Request, res: Response, next: NextFunction): void => {
    res.vary('Accept');
    if (req.accepts(['json', 'html']) !== 'html') {
      next();
      return;
    }
    const nonce = randomBytes(16).toString('base64');
    res.set({
      'Content-Security-Policy': contentSecurityPolicy(nonce),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    res.type('html').send(renderPage(options, `${req.baseUrl}${ASSET_PREFIX}`, nonce));
  };
}

function assetHandler(files: Map<string, string>) {
  return (req: Request<{ name: string }>, res: Response, next: NextFunction): void => {
    const file = files.get(req.params.name);
    if (!file) {
      next();
      return;
    }
    res.sendFile(file, { maxAge: ASSET_MAX_AGE_MS }, (err) => {
      if (err && !res.headersSent) next(err);
    });
  };
}

/** Express router serving GraphiQL at GET /graphql (HTML clients only) with locally bundled assets. */
export function graphiqlRouter(options: GraphiqlOptions): Router {
  const router = Router();
  router.get('/graphql', pageHandler(options));
  router.get(`${ASSET_PREFIX}/:name`, assetHandler(assetFiles()));
  return router;
}
