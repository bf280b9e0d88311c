import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_DEFINITIONS } from '../../src/config';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'loongate.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loongate-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Run the compiled CLI (`npm run build` first) and collect its exit code and output. */
function loongate(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LOONGATE_TZ: 'UTC', LOG_LEVEL: 'warn', ...env },
      },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('the loongate command', () => {
  it('--version prints the version of package.json', async () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const run = await loongate(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(version);
  });

  it('--help names DATABASE_URL and its forms, and so does the help of each database command', async () => {
    const help = await loongate(['--help']);
    expect(help.stdout).toContain('DATABASE_URL');
    expect(help.stdout).toContain('mysql://user:pass@host:3306/db');
    for (const command of ['serve', 'export']) {
      expect((await loongate([command, '--help'])).stdout, command).toContain('DATABASE_URL');
    }
  });

  it('export leaves app tokens out unless --with-secrets, which warns on stderr', async () => {
    const token = YAML.parse(fs.readFileSync(DEMO_DEFINITIONS, 'utf8')).apps[0].token as string;
    const env = { DATABASE_URL: `sqlite:${path.join(dir, 'export.db')}`, LOONGATE_SEED: 'none' };
    expect((await loongate(['import', DEMO_DEFINITIONS], env)).code).toBe(0);

    const plain = await loongate(['export'], env);
    expect(plain.code).toBe(0);
    expect(YAML.parse(plain.stdout).apps.map((a: { name: string }) => a.name)).toEqual(['ops']);
    expect(plain.stdout).not.toContain(token);
    expect(plain.stderr).toBe('');

    const file = path.join(dir, 'secret.yaml');
    const secret = await loongate(['export', '--with-secrets', '-o', file], env);
    expect(secret.code).toBe(0);
    expect(secret.stderr).toContain(`${file} holds app tokens in plain text`);
    expect(YAML.parse(fs.readFileSync(file, 'utf8')).apps[0].token).toBe(token);
    expect(fs.statSync(file).mode & 0o077).toBe(0);
  });

  it('serve on a port in use names PORT and exits non-zero', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const port = (blocker.address() as net.AddressInfo).port;
      const run = await loongate(['serve'], { DATABASE_URL: 'sqlite::memory:', LOONGATE_SEED: 'none', HOST: '127.0.0.1', PORT: String(port) });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`PORT ${port} is already in use on 127.0.0.1`);
    } finally {
      blocker.close();
    }
  });

  it("simulate prints the trace of the demo's leave workflow without a database, and exits 1 on a refusal", async () => {
    const fields = ['-f', 'title=请假', '-f', 'reason=休息', '-f', 'date_start=2026-01-05 09:00:00', '-f', 'date_end=2026-01-06 18:00:00'];
    const happy = await loongate(['simulate', DEMO_DEFINITIONS, '--workflow', '请假流程', '--path', '1,2,4', '--as', 'webb', ...fields], {
      DATABASE_URL: `sqlite:${path.join(dir, 'untouched', 'never.db')}`,
    });
    expect(happy.code, happy.stderr).toBe(0);
    expect(happy.stdout).toContain('1. 提交 (transition 1) by webb');
    expect(happy.stdout).toContain('handlers: admin (rule variable "creator_tl"');
    expect(happy.stdout).toContain('3. 同意 (transition 4) by hr');
    expect(happy.stdout).toContain('act state: finished (4)');
    expect(fs.existsSync(path.join(dir, 'untouched'))).toBe(false);

    const refused = await loongate(['simulate', DEMO_DEFINITIONS, '--workflow', '请假流程', '--path', '1,4', ...fields]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('REFUSED TRANSITION_NOT_AVAILABLE');

    const unknown = await loongate(['simulate', DEMO_DEFINITIONS, '--workflow', 'nope', '--path', '1']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('"nope" is not a workflow');
    const badPath = await loongate(['simulate', DEMO_DEFINITIONS, '--workflow', '请假流程', '--path', '1,x']);
    expect(badPath.code).not.toBe(0);
    expect(badPath.stderr).toContain('comma-separated transition ids');
  });
});
