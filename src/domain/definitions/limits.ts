import type { JsonBounds } from '../json-bounds';

/**
 * How large a definitions document may be once its YAML aliases are expanded (an alias counts each time it is
 * used): a 100 kB file whose anchor of 50,000 items is used 1,000 times is refused here instead of being walked
 * and stored.
 */
export const DOCUMENT_BOUNDS: JsonBounds = { maxDepth: 64, maxValues: 500_000, maxChars: 16 * 1024 * 1024 };

/**
 * How many alias uses the YAML parser resolves, each weighted by the aliases inside what it points to (yaml's
 * maxAliasCount): nested aliases (a billion laughs) are refused while parsing; DOCUMENT_BOUNDS then bounds what
 * the remaining aliases expand to.
 */
export const MAX_ALIAS_COUNT = 10_000;

/** A free-form value stored as a JSON column (labels, default values, choices, conditions, limits, …). */
export const JSON_COLUMN_BOUNDS: JsonBounds = { maxDepth: 32, maxChars: 64 * 1024 };

/**
 * A state's participant, stored as text (a `text` column of 65,535 bytes on MariaDB): at most 16,384 characters
 * as JSON, so that even four-byte characters fit.
 */
export const PARTICIPANT_BOUNDS: JsonBounds = { maxDepth: 32, maxChars: 16 * 1024 };

/** The longest custom-field template (a `text` column), in characters. */
export const MAX_TEMPLATE_CHARS = 16 * 1024;
