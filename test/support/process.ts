import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { parseDatabaseUrl, type DatabaseTarget } from '../../src/config';
import { DEMO_TOKEN } from '../../src/server/graphiql-defaults';
import { freshDatabase } from './db';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'loongate.js');

/** A `loongate serve` or `loongate worker` child process. */
export interface LoongateProcess {
  child: ChildProcess;
  /** Base URL of the HTTP server (serve only). */
  url: string;
  /** Parsed JSON log lines so far. */
  logs: Record<string, any>[];
  /** Job ids this process reports as run ("outbox job ran"). */
  jobsRan(): number[];
  /** Send a signal and wait for the exit. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

function parseLine(line: string): Record<string, any> {
  try {
    return JSON.parse(line) as Record<string, any>;
  } catch {
    return { msg: line };
  }
}

/** The DATABASE_URL of a target. */
export function databaseUrl(target: DatabaseTarget): string {
  if (target.dialect === 'sqlite') return `sqlite:${target.file}`;
  const auth = target.password ? `${encodeURIComponent(target.user)}:${encodeURIComponent(target.password)}` : encodeURIComponent(target.user);
  return `mysql://${auth}@${target.host}:${target.port}/${target.dbName}`;
}

/** A database for server processes: a SQLite file in `dir`, or a fresh MariaDB database. */
export async function processDatabase(dialect: 'sqlite' | 'mysql', dir: string): Promise<{ target: DatabaseTarget; drop(): Promise<void> }> {
  if (dialect === 'sqlite') return { target: parseDatabaseUrl(`sqlite:${path.join(dir, 'loongate.db')}`), drop: async () => undefined };
  const db = await freshDatabase('mysql');
  return { target: db.target, drop: db.drop };
}

/** Start the compiled CLI (`npm run build` first) and wait until it reports it is ready. */
export async function startLoongate(command: 'serve' | 'worker', env: Record<string, string>, readyMs = 120_000): Promise<LoongateProcess> {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli.js'))) throw new Error('dist/ is missing: run `npm run build` before the process tests');
  const child = spawn(process.execPath, [BIN, command], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', LOONGATE_TZ: 'UTC', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, any>[] = [];
  let stderr = '';
  let buffer = '';
  child.stderr!.on('data', (d: Buffer) => void (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`loongate ${command} not ready after ${readyMs} ms: ${stderr}`));
    }, readyMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`loongate ${command} exited with ${code}: ${stderr}`));
    });
    child.stdout!.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const entry = parseLine(line);
        logs.push(entry);
        if (entry.msg === 'loongate is listening' || entry.msg === 'loongate worker is running') {
          clearTimeout(timer);
          resolve(String(entry.url ?? '').replace(/\/graphql$/, ''));
        }
      }
    });
  });
  const url = await ready;
  return {
    child,
    url,
    logs,
    jobsRan: () => logs.filter((l) => l.msg === 'outbox job ran').map((l) => Number(l.jobId)),
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Run a GraphQL operation against a running server as a demo-app user; fails on errors. */
export async function gqlHttp<T, V>(url: string, doc: TypedDocumentNode<T, V>, variables: V, username = 'admin'): Promise<T> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_TOKEN}`, username },
    body: JSON.stringify({ query: print(doc), variables }),
  });
  const body = (await res.json()) as { data: T; errors?: unknown[] };
  if (body.errors?.length) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Poll `check` until it returns true; fail after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
