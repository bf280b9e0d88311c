import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const { buildIsCurrent, writeStamp } = require('../../scripts/build-stamp.js') as {
  buildIsCurrent(root: string): boolean;
  writeStamp(root: string): void;
};

describe('npm start reuses dist/ only when it was built from the current sources', () => {
  let root: string;
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'loongate-stamp-'));
    write('src/a.ts', 'export const a = 1;\n');
    write('src/db/b.ts', 'export const b = 2;\n');
    write('tsconfig.json', '{}');
    write('package-lock.json', '{}');
    write('dist/cli.js', '');
    writeStamp(root);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('is current right after a build, also when only modification times changed', () => {
    expect(buildIsCurrent(root)).toBe(true);
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(root, 'src/a.ts'), later, later);
    expect(buildIsCurrent(root)).toBe(true);
  });

  it('is stale after a source, a compiler option or a dependency changes, or a source is added or removed', () => {
    for (const change of [
      () => write('src/a.ts', 'export const a = 3;\n'),
      () => write('src/db/c.ts', 'export const c = 1;\n'),
      () => fs.rmSync(path.join(root, 'src/db/b.ts')),
      () => write('tsconfig.json', '{"compilerOptions":{}}'),
      () => write('package-lock.json', '{"lockfileVersion":3}'),
    ]) {
      change();
      expect(buildIsCurrent(root)).toBe(false);
      writeStamp(root);
      expect(buildIsCurrent(root)).toBe(true);
    }
  });

  it('is stale without a stamp or without dist/cli.js', () => {
    fs.rmSync(path.join(root, 'dist/.build-inputs'));
    expect(buildIsCurrent(root)).toBe(false);
    writeStamp(root);
    fs.rmSync(path.join(root, 'dist/cli.js'));
    expect(buildIsCurrent(root)).toBe(false);
  });
});
