import path from 'node:path';
import { Router, type NextFunction, type Request, type Response } from 'express';

/** Where the docs page is served, and where it reads the OpenAPI document. */
export const DOCS_PATH = '/api/v1.0/docs';
const OPENAPI_PATH = '/api/v1.0/openapi.json';
const ASSET_PREFIX = `${DOCS_PATH}/assets`;
const ASSET_MAX_AGE_MS = 86_400_000;

// Scripts only from this server; Swagger UI sets inline styles, and draws its icons as data: images.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'self'",
].join('; ');

// validatorUrl null: Swagger UI would otherwise send the document to an outside validator for its badge.
const INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(OPENAPI_PATH)},
    dom_id: '#swagger-ui',
    validatorUrl: null,
    deepLinking: true,
    docExpansion: 'list',
  });
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>loongate REST API (loonflow v1.0) · docs</title>
<link rel="stylesheet" href="${ASSET_PREFIX}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui">Loading the API docs…</div>
<script src="${ASSET_PREFIX}/swagger-ui-bundle.js"></script>
<script src="${ASSET_PREFIX}/init.js"></script>
</body>
</html>
`;

function swaggerFiles(): Map<string, string> {
  const dir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  return new Map(['swagger-ui.css', 'swagger-ui-bundle.js'].map((name) => [name, path.join(dir, name)]));
}

function sendPage(_req: Request, res: Response): void {
  res.set({ 'Content-Security-Policy': CSP, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.type('html').send(PAGE);
}

/** Express router serving the OpenAPI document in Swagger UI at GET /api/v1.0/docs, assets from the swagger-ui-dist package. */
export function apiDocsRouter(): Router {
  const files = swaggerFiles();
  const router = Router();
  router.get([DOCS_PATH, `${DOCS_PATH}/`], sendPage);
  router.get(`${ASSET_PREFIX}/init.js`, (_req, res) => void res.type('js').set('Cache-Control', 'no-store').send(INIT_SCRIPT));
  router.get(`${ASSET_PREFIX}/:name`, (req: Request<{ name: string }>, res: Response, next: NextFunction) => {
    const file = files.get(req.params.name);
    if (!file) return void res.status(404).type('text').send(`no docs asset ${req.params.name}`);
    res.sendFile(file, { maxAge: ASSET_MAX_AGE_MS }, (err) => {
      if (err && !res.headersSent) next(err);
    });
  });
  return router;
}
