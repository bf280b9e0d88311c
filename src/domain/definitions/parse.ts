import YAML from 'yaml';
import { DefinitionError, type DefinitionIssue } from './errors';
import type { DefinitionPlan, KnownRows } from './plan';
import { validateDefinitions } from './validate';

/** Parse YAML or JSON text; syntax errors become a DefinitionError at `<source>: line N`. */
export function parseDocument(text: string, source?: string): unknown {
  const doc = YAML.parseDocument(text);
  const issues: DefinitionIssue[] = doc.errors.map((error) => {
    const line = error.linePos?.[0].line;
    const where = line === undefined ? 'syntax' : `line ${line}`;
    return { path: source ? `${source}: ${where}` : where, message: error.message.split(/ at line \d+|\n/)[0]! };
  });
  if (issues.length > 0) throw new DefinitionError(issues);
  try {
    return doc.toJS({ maxAliasCount: 10_000 });
  } catch (error) {
    throw new DefinitionError([{ path: source ?? '', message: (error as Error).message }]);
  }
}

/** Parse and validate definition text into a plan. */
export function parseDefinitions(text: string, opts: { source?: string; known?: KnownRows } = {}): DefinitionPlan {
  return validateDefinitions(parseDocument(text, opts.source), opts.known);
}
