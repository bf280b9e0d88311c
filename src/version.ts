import fs from 'node:fs';
import path from 'node:path';

/** The version in the package's package.json (the same from src/ and dist/). */
export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
}
