import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { routeTableMarkdown } from '../../src/rest/route-table';
import { ROUTES } from '../../src/rest/routes';

describe('README', () => {
  it('documents every REST route with its GraphQL operation (run scripts/route-table.js after a change)', () => {
    const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    expect(readme).toContain(routeTableMarkdown(ROUTES));
  });
});
