import { FieldAttribute, FieldType } from './constants';
import { AppError, ErrorCode } from './errors';
import { describeOverflow, jsonOverflow } from './json-bounds';
import { dateProblem, dateTimeProblem, formatDateTime, parseDate, parseDateTime } from './time';

/** What the field rules need to know about a custom field. */
export interface FieldDef {
  fieldKey: string;
  fieldTypeId: number;
  fieldChoice: Record<string, string>;
}

/** A stored value in its typed column. */
export interface StoredValue {
  stringValue?: string | null;
  textValue?: string | null;
  intValue?: number | null;
  floatValue?: number | null;
  boolValue?: boolean | null;
  dateValue?: string | null;
  datetimeValue?: Date | null;
}

/** A typed value as it goes in and out of the API (null: unset). */
export type FieldValue = string | number | boolean | null;

const CSV_TYPES: number[] = [FieldType.CHECKBOX, FieldType.MULTI_SELECT, FieldType.MULTI_USER, FieldType.ATTACHMENT];
const CHOICE_TYPES: number[] = [FieldType.RADIO, FieldType.SELECT, FieldType.CHECKBOX, FieldType.MULTI_SELECT];
const USER_TYPES: number[] = [FieldType.USER, FieldType.MULTI_USER];
const MAX_SHORT = 700;
const NUL = '\u0000';
/** How deep lists and objects may nest in an input value (a value is a scalar or a flat list; deeper is refused before it is read). */
export const MAX_VALUE_DEPTH = 10;
/** The longest value of a text field, in characters (code points: up to 400,000 bytes of UTF-8, stored as mediumtext on MySQL). */
export const MAX_TEXT_CHARS = 100_000;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** A decimal with a non-zero fraction (`9007199254740990.9` would round to an integer). */
const FRACTION = /^\s*[+-]?\d*\.\d*[1-9]\d*\s*$/;
const inYears = (year: number) => year >= 1000 && year <= 9999;
const codePoints = (s: string) => s.length - (s.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0);
const shown = (raw: unknown) => String(JSON.stringify(raw)).slice(0, 100);
const because = (raw: unknown, problem: (text: string) => string | null) => {
  const why = typeof raw === 'string' ? problem(raw) : null;
  return why ? `: ${why}` : '';
};

/** Parse a wall-clock or ISO datetime in the years 1000 to 9999, the range both databases store; null otherwise. */
export function parseStorableDateTime(text: string, timeZone: string): Date | null {
  const d = inYears(Number(text.trim().slice(0, 4))) ? parseDateTime(text, timeZone) : null;
  return d && inYears(d.getUTCFullYear()) ? d : null;
}

/** Why a text cannot be stored as is (U+0000 breaks SQLite statements, lone surrogates MariaDB's JSON columns), or null. */
export function unstorable(text: string): string | null {
  if (text.includes(NUL)) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'must be well-formed Unicode (it contains a lone surrogate)';
  return null;
}

/** Fail with BAD_INPUT naming the input when a text cannot be stored as is. */
export function requireStorableText(name: string, text: string | null | undefined): void {
  const why = text == null ? null : unstorable(text);
  if (why) throw AppError.badInput(`${name}: ${why}`, { parameter: name });
}

/** Control characters other than tab, line feed and carriage return (C0, DEL and C1). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: this pattern finds the control characters text must not carry.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Fail with BAD_INPUT naming the input when a text carries a control character (NUL included) or cannot be stored. */
export function requirePlainText(name: string, text: string): void {
  const control = CONTROL.exec(text)?.[0];
  if (control) {
    const code = control.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw AppError.badInput(`${name}: must not contain control characters (found U+${code})`, { parameter: name });
  }
  requireStorableText(name, text);
}

const CONTROL_ALL = new RegExp(CONTROL.source, 'g');
const LONE_SURROGATE_ALL = new RegExp(LONE_SURROGATE.source, 'g');

/**
 * Text from outside that is stored but cannot be refused (a hook's answer, a script's output, an error message):
 * cut to `max` characters, then every character requirePlainText refuses in a callback msg (control characters
 * other than tab and line breaks, NUL included) and every lone surrogate becomes U+FFFD, so it always stores.
 */
export function outsideText(text: string, max = Infinity): string {
  return text.slice(0, max).replace(CONTROL_ALL, '\uFFFD').replace(LONE_SURROGATE_ALL, '\uFFFD');
}

/** A ticket title: a string of at most 500 characters (BAD_INPUT otherwise). */
export function ticketTitle(value: unknown): string {
  if (typeof value !== 'string' || value.length > 500) throw AppError.badInput('title: must be a string of at most 500 characters', { parameter: 'title' });
  requireStorableText('title', value);
  return value;
}

/** True when a value counts as filled for a required field (null, '' and [] do not; docs/engine.md). */
export function isFilled(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** Keys of a state's field map with the given attributes. */
export function keysWithAttribute(fields: Record<string, number>, ...attributes: number[]): string[] {
  return Object.entries(fields)
    .filter(([, a]) => attributes.includes(a))
    .map(([k]) => k);
}

/** Required keys of a state that the body leaves missing or empty. */
export function missingRequired(stateFields: Record<string, number>, body: Record<string, unknown>): string[] {
  return keysWithAttribute(stateFields, FieldAttribute.REQUIRED).filter((k) => !isFilled(body[k]));
}

function invalid(key: string, why: string): AppError {
  return new AppError(ErrorCode.FIELD_INVALID, `field ${key}: ${why}`, { field: key });
}

/** Refuse a value nested deeper than MAX_VALUE_DEPTH before anything walks it (a deep one would overflow the stack). */
function requireShallow(key: string, raw: unknown): void {
  if (raw === null || typeof raw !== 'object') return;
  const overflow = jsonOverflow(raw, { maxDepth: MAX_VALUE_DEPTH });
  if (overflow) throw invalid(key, describeOverflow(overflow));
}

function toList(key: string, raw: unknown): string[] {
  const items = Array.isArray(raw) ? raw : typeof raw === 'string' || typeof raw === 'number' ? String(raw).split(',') : null;
  if (!items || items.some((v) => typeof v !== 'string' && typeof v !== 'number')) throw invalid(key, 'expected a list of strings or a comma-separated string');
  const list = items.map((v) => String(v).trim()).filter(Boolean);
  const why = list.map(unstorable).find(Boolean);
  if (why) throw invalid(key, why);
  return list;
}

function toNumber(key: string, raw: unknown, integer: boolean): number {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(n)) throw invalid(key, `expected a number, got ${shown(raw)}`);
  if (!integer) return n;
  if (!Number.isInteger(n) || (typeof raw === 'string' && FRACTION.test(raw))) throw invalid(key, `expected an integer, got ${shown(raw)}`);
  if (!Number.isSafeInteger(n)) throw invalid(key, `${shown(raw)} is outside the integer range ${Number.MIN_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}`);
  return n;
}

function toBool(key: string, raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw;
  if (raw === 1 || raw === '1' || raw === 'true') return true;
  if (raw === 0 || raw === '0' || raw === 'false') return false;
  throw invalid(key, `expected a boolean, got ${shown(raw)}`);
}

function toText(key: string, raw: unknown, max: number, length = (s: string) => s.length): string {
  if (typeof raw !== 'string' && typeof raw !== 'number') throw invalid(key, `expected a string, got ${shown(raw)}`);
  const s = String(raw);
  if (length(s) > max) throw invalid(key, `longer than ${max} characters`);
  const why = unstorable(s);
  if (why) throw invalid(key, why);
  return s;
}

/** Options for converting an input value. */
export interface CoerceOptions {
  timeZone: string;
  /** Usernames among the given that are existing active users. */
  knownUsers?: ReadonlySet<string>;
}

/**
 * Validate one input value for a field and return the typed columns to store (null: clear the value).
 * Throws FIELD_INVALID naming the key.
 */
export function toStored(field: FieldDef, raw: unknown, opts: CoerceOptions): StoredValue | null {
  const key = field.fieldKey;
  requireShallow(key, raw);
  if (
    raw === null ||
    raw === undefined ||
    (typeof raw === 'string' && raw === '' && field.fieldTypeId !== FieldType.STRING && field.fieldTypeId !== FieldType.TEXT)
  )
    return null;
  const t = field.fieldTypeId;
  if (t === FieldType.INT) return { intValue: toNumber(key, raw, true) };
  if (t === FieldType.FLOAT) return { floatValue: toNumber(key, raw, false) };
  if (t === FieldType.BOOL) return { boolValue: toBool(key, raw) };
  if (t === FieldType.TEXT) return { textValue: toText(key, raw, MAX_TEXT_CHARS, codePoints) };
  if (t === FieldType.DATE) {
    const d = typeof raw === 'string' ? parseDate(raw) : null;
    if (!d || !inYears(Number(d.slice(0, 4))))
      throw invalid(key, `expected a date YYYY-MM-DD in the years 1000 to 9999, got ${shown(raw)}${because(raw, dateProblem)}`);
    return { dateValue: d };
  }
  if (t === FieldType.DATETIME) {
    const d = typeof raw === 'string' ? parseStorableDateTime(raw, opts.timeZone) : null;
    if (!d) throw invalid(key, `expected a datetime YYYY-MM-DD HH:MM:SS in the years 1000 to 9999, got ${shown(raw)}${because(raw, dateTimeProblem)}`);
    return { datetimeValue: d };
  }
  const values = CSV_TYPES.includes(t) ? toList(key, raw) : [toText(key, raw, MAX_SHORT)];
  const csv = values.join(',');
  if (csv.length > MAX_SHORT) throw invalid(key, `longer than ${MAX_SHORT} characters`);
  if (CHOICE_TYPES.includes(t)) {
    const bad = values.find((v) => !Object.hasOwn(field.fieldChoice, v));
    if (bad !== undefined) throw invalid(key, `"${bad}" is not one of ${Object.keys(field.fieldChoice).join(', ')}`);
  }
  if (USER_TYPES.includes(t) && opts.knownUsers) {
    const bad = values.find((v) => !opts.knownUsers!.has(v));
    if (bad !== undefined) throw invalid(key, `user "${bad}" does not exist or is inactive`);
  }
  return { stringValue: csv };
}

/** Usernames an input value for a user field names (to check they exist). */
export function usernamesIn(field: FieldDef, raw: unknown): string[] {
  if (!USER_TYPES.includes(field.fieldTypeId) || raw === null || raw === undefined || raw === '') return [];
  try {
    requireShallow(field.fieldKey, raw);
    const names = toList(field.fieldKey, raw);
    return names.join(',').length > MAX_SHORT ? [] : names;
  } catch {
    return [];
  }
}

/** The API value of a stored row (loonflow's formats; csv types stay csv strings). */
export function fromStored(fieldTypeId: number, v: StoredValue, timeZone: string): FieldValue {
  switch (fieldTypeId) {
    case FieldType.INT:
      return v.intValue == null ? null : Number(v.intValue);
    case FieldType.FLOAT:
      return v.floatValue ?? null;
    case FieldType.BOOL:
      return v.boolValue == null ? null : Boolean(v.boolValue);
    case FieldType.TEXT:
      return v.textValue ?? null;
    case FieldType.DATE:
      return v.dateValue ?? null;
    case FieldType.DATETIME:
      return v.datetimeValue ? formatDateTime(new Date(v.datetimeValue), timeZone) : null;
    default:
      return v.stringValue ?? null;
  }
}
