import { z } from 'zod';
import { describeOverflow, jsonOverflow, type JsonBounds } from '../json-bounds';
import type { Issues, PathSegment } from './errors';
import { JSON_COLUMN_BOUNDS } from './limits';

/** An explicit row id. */
export const idSchema = z.number().int().positive();

/** A reference by id (number) or natural key (string). */
export const refSchema = z.union([idSchema, z.string().min(1)], {
  error: (iss) => (iss.input === undefined ? 'required' : 'expected an id (positive integer) or a name'),
});

/**
 * A value stored as JSON, within `bounds`: a value nested too deep is refused at the path of the first value past
 * the depth, a value too long at the value itself.
 */
export const boundedJson = <T extends z.ZodType>(schema: T, bounds: JsonBounds = JSON_COLUMN_BOUNDS) =>
  schema.superRefine((value, ctx) => {
    const overflow = jsonOverflow(value, bounds);
    if (!overflow) return;
    ctx.addIssue({ code: 'custom', message: describeOverflow(overflow), path: overflow.bound === 'depth' ? overflow.path : [] });
  });

/** An opaque JSON object. */
export const labelSchema = boundedJson(z.record(z.string(), z.unknown()));

/** A string of at most `max` characters. */
export const text = (max: number) => z.string().max(max);

/** A non-empty string of at most `max` characters. */
export const required = (max: number) => z.string().min(1, 'must not be empty').max(max);

/** A username reference. */
export const usernameSchema = required(100);

/** An http(s) URL. */
export const urlSchema = required(1000).regex(/^https?:\/\/\S+$/, 'expected an http:// or https:// URL');

/** A `{key: text}` object; numbers and booleans are kept as their text. */
export const textMap = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String));

/** A list, or loonflow's comma-separated string. */
export const listOrCsv = <T extends z.ZodType>(item: T) =>
  z.union([z.array(item), z.string()], {
    error: (iss) => (iss.input === undefined ? 'required' : 'expected a list or a comma-separated string'),
  });

/** A loonflow constant given by name or id, normalized to the id. */
export function constant(byName: Record<string, number>, what: string) {
  const ids = new Set(Object.values(byName));
  const expected = Object.entries(byName)
    .map(([name, id]) => `${name} (${id})`)
    .join(', ');
  return z.union([z.string(), z.number()], { error: `expected a ${what} name or id` }).transform((value, ctx) => {
    const id = typeof value === 'number' ? value : Object.hasOwn(byName, value) ? byName[value] : undefined;
    if (id !== undefined && ids.has(id)) return id;
    ctx.addIssue({ code: 'custom', message: `unknown ${what} ${JSON.stringify(value)} (expected ${expected})` });
    return z.NEVER;
  });
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const PREFIX = /^(Invalid input|Invalid option|Too small|Too big|Invalid string): /;

function messageOf(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) return 'required';
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
    const value = valueAt(input, issue.path);
    if (value === undefined) return 'required';
    const options = 'options' in issue && Array.isArray(issue.options) ? ` (expected ${issue.options.join(', ')})` : '';
    return `unknown ${issue.discriminator} ${JSON.stringify(value)}${options}`;
  }
  return issue.message.replace(PREFIX, '');
}

/** Parse `input` with `schema`, reporting every issue under `base`; undefined when the input does not fit. */
export function parseWith<T extends z.ZodType>(schema: T, input: unknown, base: PathSegment[], issues: Issues): z.output<T> | undefined {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const path = [...base, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.add([...path, key], 'unknown key');
    } else {
      issues.add(path, messageOf(issue, input));
    }
  }
  return undefined;
}

/** One entry of a list: its parsed value (undefined when it does not fit), its raw object and its path. */
export interface Parsed<T> {
  input?: T;
  raw: Record<string, unknown>;
  path: PathSegment[];
}

/** Parse every entry of a list on its own, so one bad entry does not hide the problems of the others. */
export function parseEach<T extends z.ZodType>(
  schema: T,
  items: readonly unknown[] | null | undefined,
  base: PathSegment[],
  issues: Issues,
): Parsed<z.output<T>>[] {
  return (items ?? []).map((raw, i) => {
    const path = [...base, i];
    const object = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    return { input: parseWith(schema, raw, path, issues), raw: object, path };
  });
}

/** A string property of a raw entry. */
export function rawString(item: Parsed<unknown>, key: string): string | undefined {
  const value = item.raw[key];
  return typeof value === 'string' ? value : undefined;
}

/** The explicit id of a raw entry, when it is a valid one. */
export function rawId(item: Parsed<unknown>): number | undefined {
  const { id } = item.raw;
  return typeof id === 'number' && Number.isInteger(id) && id > 0 ? id : undefined;
}
