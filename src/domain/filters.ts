import { AppError } from './errors';

/**
 * The longest text each list filter takes: the length of the column it searches (a longer text could never
 * match) or of the name it compares. Longer ones are refused before a query is built: SQLite refuses LIKE
 * patterns over 50,000 bytes, and a long pattern costs the database time for nothing.
 */
export const FILTER_MAX_CHARS = {
  title: 500,
  sn: 64,
  creator: 100,
  search: 100,
  name: 100,
} as const;

/** The most ids an id-list filter or batch read takes. */
export const MAX_FILTER_IDS = 1000;

/** Fail with BAD_INPUT naming the filter when its text is longer than the column it searches. */
export function requireFilterText(name: keyof typeof FILTER_MAX_CHARS, value: string | null | undefined, parameter: string = name): void {
  const max = FILTER_MAX_CHARS[name];
  if (value != null && value.length > max) throw AppError.badInput(`${parameter}: at most ${max} characters`, { parameter });
}

/** Fail with BAD_INPUT naming the filter when it lists more than MAX_FILTER_IDS ids. */
export function requireFilterIds(parameter: string, ids: readonly unknown[] | null | undefined): void {
  if (ids && ids.length > MAX_FILTER_IDS) {
    throw AppError.badInput(`${parameter}: at most ${MAX_FILTER_IDS} ids (got ${ids.length})`, { parameter });
  }
}
