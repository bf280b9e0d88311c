import cors from 'cors';
import type { RequestHandler } from 'express';
import { originAllowed, type OriginPattern } from './cors-origins';

/** Headers a page may send: credentials, bodies, idempotency and version checks, and loonflow's signature headers. */
export const CORS_ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'idempotency-key',
  'if-match',
  'x-request-id',
  'appname',
  'timestamp',
  'signature',
  'username',
];

/** Headers a page may read from an answer. */
export const CORS_EXPOSED_HEADERS = ['etag', 'x-request-id'];

/**
 * CORS for the API routes: origins on the allow-list get the CORS headers and preflight answers, every other
 * origin gets none (so its browser refuses the answer). No allow-list: no middleware at all.
 */
export function corsFor(origins: readonly OriginPattern[], maxAgeSeconds: number): RequestHandler | null {
  if (!origins.length) return null;
  return cors({
    origin: (origin, done) => done(null, origin !== undefined && originAllowed(origin, origins)),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    credentials: false,
    maxAge: maxAgeSeconds,
    optionsSuccessStatus: 204,
  });
}
