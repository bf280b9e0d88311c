import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { openDb, resetDatabase, targetUrl, type BenchDb, type Target } from './db';
import { COLUMNS, HANDLER, TicketFactory, type Directory } from './tickets';

/** What to seed. */
export interface SeedOptions {
  tickets: number;
  /** Tickets reserved in the handle scenarios' state (leave, team-lead approval by admin). */
  handlePool: number;
  /** created_at spreads over this many days before now. */
  days: number;
  /** Only tickets of the last openDays are still open (the handle pool aside). */
  openDays: number;
  quiet?: boolean;
}

/** What the seeding took. */
export interface SeedReport {
  tickets: number;
  rows: { tickets: number; ticket_values: number; flow_logs: number; ticket_users: number };
  seconds: number;
  /** Seconds per phase: schema (reset + migrations + demo import), bulk inserts, index rebuild, analyze. */
  phases: { schema: number; insert: number; index: number; analyze: number };
}

const ROOT = path.resolve(__dirname, '..', '..');
const CHUNK = 1000;
const COMMIT_EVERY = 20;
const SESSION = {
  sqlite: ['pragma synchronous = off', 'pragma journal_mode = memory', 'pragma cache_size = -262144', 'pragma temp_store = memory'],
  mysql: ['set unique_checks = 0, foreign_key_checks = 0'],
};

/** Run the loongate CLI against the target (migrations, definitions import). */
export function cli(target: Target, args: string[]): void {
  execFileSync(process.execPath, [path.join(ROOT, 'bin', 'loongate.js'), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DATABASE_URL: targetUrl(target), LOG_LEVEL: 'warn', LOONGATE_TZ: 'UTC' },
  });
}

const csv = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** The demo directory as the engine resolves it: team leaders, the HR dept subtree, the ops role. */
export async function readDirectory(db: BenchDb): Promise<Directory> {
  const users = await db.query<{ id: number; username: string }>('select id, username from users where is_active = 1 and is_deleted = 0 order by id');
  const links = await db.query<{ user_id: number; dept_id: number }>('select user_id, dept_id from user_depts order by position, id');
  const depts = await db.query<{ id: number; parent_id: number | null; leader: string; approvers: string | string[] }>(
    'select id, parent_id, leader, approvers from depts where is_deleted = 0',
  );
  const states = await db.query<{ id: number; participant: string }>('select id, participant from states where id in (3, 6)');
  const nameOf = new Map(users.map((u) => [u.id, u.username]));
  const deptById = new Map(depts.map((d) => [d.id, d]));
  const teamLeaders = new Map<string, string[]>();
  for (const u of users) {
    const dept = deptById.get(links.find((l) => l.user_id === u.id)?.dept_id ?? -1);
    const approvers = dept ? (typeof dept.approvers === 'string' ? (JSON.parse(dept.approvers) as string[]) : dept.approvers) : [];
    teamLeaders.set(u.username, approvers.length ? approvers : dept?.leader ? [dept.leader] : []);
  }
  const wanted = new Set(csv(states.find((s) => s.id === 3)?.participant ?? '').map(Number));
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of depts) if (d.parent_id && wanted.has(d.parent_id) && !wanted.has(d.id)) wanted.add(d.id), (grew = true);
  }
  const hr = links
    .filter((l) => wanted.has(l.dept_id))
    .sort((a, b) => a.dept_id - b.dept_id || a.user_id - b.user_id)
    .map((l) => nameOf.get(l.user_id))
    .filter((n): n is string => !!n);
  const roleId = Number(states.find((s) => s.id === 6)?.participant ?? 0);
  const members = await db.query<{ user_id: number }>('select user_id from user_roles where role_id = ? order by id', [roleId]);
  const ops = members.map((m) => nameOf.get(m.user_id)).filter((n): n is string => !!n);
  return { users: users.map((u) => u.username), teamLeaders, hr, ops };
}

const BULK_TABLES = ['tickets', 'ticket_values', 'flow_logs', 'ticket_users'];

/** Drop the secondary indexes of the bulk-loaded tables; returns the statements that rebuild them. */
async function dropIndexes(db: BenchDb): Promise<string[]> {
  if (db.dialect === 'sqlite') {
    const rows = await db.query<{ name: string; sql: string }>(
      `select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${BULK_TABLES.map(() => '?').join(',')})`,
      BULK_TABLES,
    );
    for (const r of rows) await db.exec(`drop index \`${r.name}\``);
    return rows.map((r) => r.sql);
  }
  const rows = await db.query<{ t: string; name: string; col: string; nonUnique: number }>(
    `select table_name as t, index_name as name, column_name as col, non_unique as nonUnique from information_schema.statistics where table_schema = database() and index_name <> 'PRIMARY' and table_name in (${BULK_TABLES.map(() => '?').join(',')}) order by table_name, index_name, seq_in_index`,
    BULK_TABLES,
  );
  const byTable = new Map<string, Map<string, { unique: boolean; cols: string[] }>>();
  for (const r of rows) {
    const indexes = byTable.get(r.t) ?? new Map();
    byTable.set(r.t, indexes);
    const index = indexes.get(r.name) ?? { unique: Number(r.nonUnique) === 0, cols: [] };
    indexes.set(r.name, index);
    index.cols.push(`\`${r.col}\``);
  }
  const rebuild: string[] = [];
  for (const [table, indexes] of byTable) {
    await db.exec(`alter table \`${table}\` ${[...indexes.keys()].map((n) => `drop index \`${n}\``).join(', ')}`);
    rebuild.push(
      `alter table \`${table}\` ${[...indexes.entries()].map(([n, i]) => `add ${i.unique ? 'unique' : 'index'} \`${n}\` (${i.cols.join(', ')})`).join(', ')}`,
    );
  }
  return rebuild;
}

async function analyze(db: BenchDb): Promise<void> {
  if (db.dialect === 'sqlite') return db.exec('analyze');
  await db.exec('analyze table tickets, ticket_values, flow_logs, ticket_users, serial_counters');
}

/** Fresh database: migrate, import the demo, then bulk-insert tickets with logs, values, users and serial counters (secondary indexes rebuilt after the load). */
export async function seed(target: Target, opts: SeedOptions): Promise<SeedReport> {
  const started = Date.now();
  const phases = { schema: 0, insert: 0, index: 0, analyze: 0 };
  let mark = started;
  const lap = (phase: keyof typeof phases) => {
    phases[phase] = (Date.now() - mark) / 1000;
    mark = Date.now();
  };
  await resetDatabase(target);
  cli(target, ['import', path.join(ROOT, 'definitions', 'demo.yaml')]);
  const db = await openDb(target);
  lap('schema');
  const rows = { tickets: 0, ticket_values: 0, flow_logs: 0, ticket_users: 0 };
  const bar = new SingleBar(
    {
      format: 'seeding {bar} {percentage}% | {value}/{total} tickets | {eta_formatted} left',
      hideCursor: true,
      noTTYOutput: !opts.quiet,
      notTTYSchedule: 5000,
      stream: process.stderr,
    },
    Presets.shades_classic,
  );
  try {
    const dir = await readDirectory(db);
    const [app] = await db.query<{ sn_prefix: string }>("select sn_prefix from apps where name = 'ops'");
    const prefix = app?.sn_prefix || 'loonflow';
    const now = Date.now();
    const factory = new TicketFactory(dir, db.dialect, opts.tickets, now - opts.days * 86_400_000, now - 6 * 3_600_000, opts.handlePool, opts.openDays);
    for (const sql of SESSION[db.dialect]) await db.exec(sql);
    const rebuild = await dropIndexes(db);
    bar.start(opts.tickets, 0);
    let chunks = 0;
    let pending: Promise<void> = db.exec('begin');
    for (let from = 1; from <= opts.tickets; from += CHUNK) {
      const to = Math.min(opts.tickets + 1, from + CHUNK);
      const chunk = factory.chunk(from, to, prefix);
      await pending;
      await new Promise((r) => setImmediate(r));
      bar.update(from - 1);
      rows.tickets += chunk.tickets.length;
      rows.ticket_values += chunk.values.length;
      rows.flow_logs += chunk.logs.length;
      rows.ticket_users += chunk.users.length;
      const commit = ++chunks % COMMIT_EVERY === 0;
      pending = (async () => {
        await db.insert('tickets', COLUMNS.tickets, chunk.tickets);
        await db.insert('ticket_values', COLUMNS.values, chunk.values);
        await db.insert('flow_logs', COLUMNS.logs, chunk.logs);
        await db.insert('ticket_users', COLUMNS.users, chunk.users);
        if (commit) await db.exec('commit'), await db.exec('begin');
      })();
    }
    await pending;
    bar.update(opts.tickets);
    await db.insert('serial_counters', ['key', 'value'], factory.serialCounters(prefix));
    await db.exec('commit');
    bar.stop();
    lap('insert');
    for (const sql of rebuild) await db.exec(sql);
    lap('index');
    await analyze(db);
    lap('analyze');
  } finally {
    bar.stop();
    await db.close();
  }
  return { tickets: opts.tickets, rows, seconds: (Date.now() - started) / 1000, phases };
}

/** Leave tickets waiting for the handler's approval (state 2), oldest first: what the handle scenarios move. */
export async function handlePool(db: BenchDb): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    'select t.id from tickets t join ticket_users u on u.ticket_id = t.id and u.username = ? and u.in_process = 1 where t.workflow_id = 1 and t.state_id = 2 and t.is_deleted = 0 and t.participant = ? order by t.id',
    [HANDLER, HANDLER],
  );
  return rows.map((r) => Number(r.id));
}
