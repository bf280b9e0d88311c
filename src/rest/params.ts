import { AppError } from '../domain/errors';
import { unstorable } from '../domain/fields';
import { servedPageSize } from '../domain/paging';

/** What a route reads from a request. */
export interface RouteInput {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
  /** Whether the request carried a body at all (loonflow distinguishes an empty body). */
  hasBody: boolean;
}

/** A malformed body value, in loonflow's words. */
export function invalidBody(detail: string): AppError {
  return AppError.badInput(`请求参数不合法:${detail}`, { parameter: detail.split(' ')[0] });
}

const INT_MAX = 2_147_483_647;

function bad(name: string, why: string): AppError {
  return AppError.badInput(`${name}: ${why}`, { parameter: name });
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return text(value[value.length - 1]);
  return String(value);
}

/** A positive integer path parameter. */
export function pathId(input: RouteInput, name = 'id'): number {
  const v = input.params[name];
  if (!/^\d{1,10}$/.test(v ?? '') || Number(v) <= 0 || Number(v) > INT_MAX) throw bad(name, `"${v}" is not a positive integer id`);
  return Number(v);
}

/** An optional integer query parameter. */
export function queryInt(input: RouteInput, name: string, opts: { default?: number; min?: number; max?: number } = {}): number | undefined {
  const v = text(input.query[name]);
  if (v === undefined || v === '') return opts.default;
  if (!/^-?\d{1,10}$/.test(v) || Math.abs(Number(v)) > INT_MAX) throw bad(name, `"${v}" is not a 32-bit integer`);
  const n = Number(v);
  if (opts.min !== undefined && n < opts.min) throw bad(name, `must be at least ${opts.min}`);
  if (opts.max !== undefined && n > opts.max) throw bad(name, `must be at most ${opts.max}`);
  return n;
}

function wholeNumber(input: RouteInput, name: string): number | undefined {
  const v = text(input.query[name])?.trim();
  if (v === undefined || v === '') return undefined;
  if (!/^[-+]?\d{1,50}$/.test(v)) throw bad(name, `"${v.slice(0, 100)}" is not an integer`);
  return Math.max(-INT_MAX, Math.min(INT_MAX, Number(v)));
}

/**
 * loonflow's `page` (default 1) and `per_page` (default 10), any integers: a page beyond either end is the
 * last page, and a page size above the maximum is served at the maximum (both echoed in the answer).
 */
export function queryPaging(input: RouteInput): { page: number; perPage: number } {
  return { page: wholeNumber(input, 'page') ?? 1, perPage: servedPageSize(wholeNumber(input, 'per_page') ?? 10) };
}

/** An optional string query parameter. */
export function queryString(input: RouteInput, name: string): string | undefined {
  const v = text(input.query[name]);
  const why = v === undefined ? null : unstorable(v);
  if (why) throw bad(name, why);
  return v === undefined || v === '' ? undefined : v;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** An optional point in time in ISO 8601 (`2026-12-01T00:00:00Z`), as the ISO text GraphQL's DateTimeISO takes. */
export function queryInstant(input: RouteInput, name: string, opts: { required?: boolean } = {}): string | undefined {
  const v = queryString(input, name);
  if (v === undefined && !opts.required) return undefined;
  if (v === undefined || !ISO_INSTANT.test(v) || Number.isNaN(Date.parse(v))) throw bad(name, 'expected a time in ISO 8601 (2026-12-01T00:00:00Z)');
  return new Date(v).toISOString();
}

/** An optional comma-separated list of integer ids. */
export function queryIds(input: RouteInput, name: string, opts: { required?: boolean } = {}): number[] | undefined {
  const v = text(input.query[name]);
  if (v === undefined || v.trim() === '') {
    if (opts.required) throw bad(name, 'is required (comma-separated ids such as 1,2,3)');
    return undefined;
  }
  const ids = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const badId = ids.find((s) => !/^\d{1,10}$/.test(s) || Number(s) > INT_MAX);
  if (badId !== undefined) throw bad(name, `"${badId}" is not an integer id`);
  return ids.map(Number);
}

/** An optional 0/1 flag (anything else is an error naming the parameter). */
export function queryFlag(input: RouteInput, name: string): boolean | undefined {
  const v = text(input.query[name]);
  if (v === undefined || v === '') return undefined;
  if (v === '0' || v === 'false') return false;
  if (v === '1' || v === 'true') return true;
  throw bad(name, `"${v}" must be 0 or 1`);
}

/** A body integer that loonflow's schema requires to be a non-zero int (strings fail). */
export function bodyInt(input: RouteInput, name: string, opts: { required: boolean }): number | undefined {
  const v = input.body[name];
  if (v === undefined || v === null) {
    if (opts.required) throw invalidBody(`${name} is a required property`);
    return undefined;
  }
  if (typeof v !== 'number' || !Number.isInteger(v) || v === 0 || Math.abs(v) > INT_MAX)
    throw invalidBody(`${name}: ${JSON.stringify(v).slice(0, 100)} is not a non-zero 32-bit integer`);
  return v;
}

/** An optional body string. */
export function bodyString(input: RouteInput, name: string, opts: { required?: boolean; nonEmpty?: boolean } = {}): string | undefined {
  const v = input.body[name];
  if (v === undefined || v === null) {
    if (opts.required) throw invalidBody(`${name} is a required property`);
    return undefined;
  }
  if (typeof v !== 'string') throw invalidBody(`${name}: ${JSON.stringify(v).slice(0, 100)} is not a string`);
  if (opts.nonEmpty && !v.trim()) throw invalidBody(`${name}: must not be empty`);
  const why = unstorable(v);
  if (why) throw invalidBody(`${name}: ${why}`);
  return v;
}

/** Refuse body keys other than the allowed ones (loonflow's additionalProperties: false). */
export function onlyKeys(input: RouteInput, allowed: string[]): void {
  const extra = Object.keys(input.body).find((k) => !allowed.includes(k));
  if (extra !== undefined) throw invalidBody(`additional property "${extra}" is not allowed (allowed: ${allowed.join(', ')})`);
}

/** The body keys that are not in the given list: custom field values. */
export function otherKeys(input: RouteInput, known: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input.body).filter(([k]) => !known.includes(k)));
}
