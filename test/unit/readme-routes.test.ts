import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { routeTableMarkdown } from '../../src/rest/route-table';
import { ROUTES } from '../../src/rest/routes';

const ROOT = path.join(__dirname, '../..');
const readme = () => fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

const cache = new Map<string, RegExp[]>();

/** The titles of a test file (one-line string literals followed by the test's function) as patterns; `${…}` matches anything. */
function titles(file: string): RegExp[] {
  const found = cache.get(file);
  if (found) return found;
  const source = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const literal = /(['"`])((?:\\.|(?!\1)[^\\\n])*)\1\s*,\s*(?:async\s*)?(?:\(|function\b|\w+\s*=>)/g;
  const patterns = [...source.matchAll(literal)].map(([, , raw]) => {
    const text = raw!.replace(/\\(['"`\\])/g, '$1');
    const parts = text.split(/\$\{[^}]*\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    return new RegExp(`^${parts.join('.+')}$`);
  });
  cache.set(file, patterns);
  return patterns;
}

describe('README', () => {
  it('documents every REST route with its GraphQL operation (run scripts/route-table.js after a change)', () => {
    expect(readme()).toContain(routeTableMarkdown(ROUTES));
  });

  it('quotes only test names that exist: each "…" after `file.test.ts` › is a test or describe title of that file', () => {
    const text = readme().replace(/\s*\n\s*/g, ' ');
    const quoted: [string, string][] = [];
    for (const m of text.matchAll(/`(test\/[\w/.-]+\.test\.ts)`/g)) {
      const rest = text.slice(m.index! + m[0].length);
      const segment = rest.slice(0, rest.search(/`test\/[\w/.-]+\.test\.ts`|\* |\*\*|$/));
      const names = segment.includes('›') ? segment.slice(segment.indexOf('›')) : '';
      for (const [, name] of names.matchAll(/"([^"]*)"/g)) quoted.push([m[1]!, name!]);
    }
    expect(quoted.length).toBeGreaterThan(50);
    const missing = quoted.filter(([file, name]) => {
      const known = titles(file);
      return !name.split(' › ').every((part) => known.some((t) => t.test(part)));
    });
    expect(missing).toEqual([]);
  });
});
