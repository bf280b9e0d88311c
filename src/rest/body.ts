import express, { type Request, type RequestHandler } from 'express';
import { invalidBody } from './params';

/** The largest body a REST route reads. */
export const BODY_LIMIT = '1mb';

/** A request body as loonflow reads it: a JSON object, or nothing. */
export interface LoonflowBody {
  body: Record<string, unknown>;
  /** Whether the request carried a body at all (an empty or blank one counts as none). */
  hasBody: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const FORM_PAIRS = /^[^{}[\]"=&\s]+=[^&]*(&[^&=]+=[^&]*)*$/;

/**
 * Read the raw text of a body the loonflow way: JSON whatever the Content-Type says (none, text/plain,
 * form encoding, application/json with any charset). Form-encoded `key=value` pairs are not read as fields,
 * as loonflow does not read them; the refusal says so.
 */
export function parseLoonflowBody(text: string | undefined, contentType: string | undefined): LoonflowBody {
  const source = (text ?? '').replace(/^\uFEFF/, '');
  if (!source.trim()) return { body: {}, hasBody: false };
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (err) {
    if (/x-www-form-urlencoded/i.test(contentType ?? '') && FORM_PAIRS.test(source.trim())) {
      throw invalidBody(
        'the body holds form fields (key=value pairs); the API reads the body as JSON whatever the Content-Type, so send the fields as a JSON object',
      );
    }
    throw invalidBody(`the body is not valid JSON (${(err as Error).message})`);
  }
  if (!isObject(value)) throw invalidBody('the body must be a JSON object');
  return { body: value, hasBody: true };
}

/**
 * Read the body of every method but GET and HEAD as text (a GET's body is ignored, as loonflow's views ignore
 * it), within the size limit, inflating gzip and decoding the declared charset (UTF-8 when none is declared).
 */
export function bodyText(): RequestHandler {
  return express.text({ type: (req) => !['GET', 'HEAD'].includes((req as Request).method), limit: BODY_LIMIT, defaultCharset: 'utf-8' });
}
