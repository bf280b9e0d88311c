import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseUrl, processDatabase, startLoongate } from '../support/process';

const DEMO_TOKEN = '8cd585da-3cc6-11e8-9946-784f437daad6';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loongate-node-env-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The error a misspelt field gets from `loongate serve` started with `env` (no NODE_ENV unless env names it). */
async function misspeltFieldError(env: Record<string, string>): Promise<string> {
  const db = await processDatabase('sqlite', dir);
  const server = await startLoongate('serve', { DATABASE_URL: databaseUrl(db.target), LOONGATE_WORKER: '0', ...env });
  try {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_TOKEN}`, username: 'admin' },
      body: JSON.stringify({ query: '{ workflowz { id } }' }),
    });
    const body = (await res.json()) as { errors: { message: string }[] };
    return body.errors[0].message;
  } finally {
    await server.kill('SIGTERM');
    await db.drop();
  }
}

describe('loongate serve runs in production mode unless NODE_ENV says otherwise', () => {
  it('without NODE_ENV: production (no schema suggestions in errors, and no development-mode library checks)', async () => {
    expect(await misspeltFieldError({})).toBe('Cannot query field "workflowz" on type "Query".');
  }, 240_000);

  it('NODE_ENV=development keeps the suggestions', async () => {
    expect(await misspeltFieldError({ NODE_ENV: 'development' })).toContain('Did you mean "workflow"');
  }, 240_000);
});
