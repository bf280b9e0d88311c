import YAML from 'yaml';
import { describeOverflow, jsonOverflow } from '../json-bounds';
import { DefinitionError, formatPath, type DefinitionIssue } from './errors';
import { DOCUMENT_BOUNDS, MAX_ALIAS_COUNT } from './limits';
import type { DefinitionPlan, KnownRows } from './plan';
import { validateDefinitions } from './validate';

/**
 * Parse YAML or JSON text; syntax errors become a DefinitionError at `<source>: line N`. A document that expands
 * (through its aliases) past DOCUMENT_BOUNDS is refused at the path where it crossed them, before anything walks it.
 */
export function parseDocument(text: string, source?: string): unknown {
  const doc = YAML.parseDocument(text);
  const issues: DefinitionIssue[] = doc.errors.map((error) => {
    const line = error.linePos?.[0].line;
    const where = line === undefined ? 'syntax' : `line ${line}`;
    return { path: source ? `${source}: ${where}` : where, message: error.message.split(/ at line \d+|\n/)[0]! };
  });
  if (issues.length > 0) throw new DefinitionError(issues);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message = /alias count/i.test((error as Error).message)
      ? `too many alias uses (at most ${MAX_ALIAS_COUNT.toLocaleString('en-US')}, counting the aliases inside each): ${(error as Error).message}`
      : (error as Error).message;
    throw new DefinitionError([{ path: source ?? '', message }]);
  }
  const overflow = jsonOverflow(value, DOCUMENT_BOUNDS);
  if (overflow) {
    const where = [source, formatPath(overflow.path)].filter(Boolean).join(': ');
    throw new DefinitionError([{ path: where, message: `the document expands to ${describeOverflow(overflow)} (aliases count each time they are used)` }]);
  }
  return value;
}

/** Parse and validate definition text into a plan. */
export function parseDefinitions(text: string, opts: { source?: string; known?: KnownRows } = {}): DefinitionPlan {
  return validateDefinitions(parseDocument(text, opts.source), opts.known);
}
