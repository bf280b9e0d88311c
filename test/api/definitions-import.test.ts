import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import YAML from 'yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/config';
import { countWorkflows, DefinitionError, exportDefinitions, importDefinitions, importDefinitionsFile, type ImportSummary } from '../../src/db/definitions';
import { migrateUp, openOrm } from '../../src/db/orm';

const DEMO_FILE = path.join(__dirname, '../../definitions/demo.yaml');
const DEMO = fs.readFileSync(DEMO_FILE, 'utf8');
const FIXTURES = path.join(__dirname, '../fixtures/definitions');
const TABLES = [
  'depts',
  'users',
  'user_depts',
  'roles',
  'user_roles',
  'apps',
  'workflows',
  'workflow_admins',
  'custom_fields',
  'states',
  'transitions',
  'notices',
];
const MEMBERSHIPS = new Set(['user_depts', 'user_roles', 'workflow_admins']);
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes start with ESC.
const ANSI = /\x1b\[[0-9;]*m/g;

type Rows = Record<string, Record<string, unknown>[]>;

/** An in-memory SQLite database migrated with the project's migrations; `log` receives every SQL statement. */
async function freshOrm(log: string[] = []): Promise<MikroORM> {
  const orm = await openOrm(parseDatabaseUrl('sqlite::memory:'), {
    debug: ['query'],
    logger: (message: string) => log.push(message.replace(ANSI, '')),
  });
  await migrateUp(orm);
  return orm;
}

/** Every definition row; `live` leaves out soft-deleted rows, timestamps and membership ids (not pinned by files). */
async function dump(orm: MikroORM, opts: { live?: boolean } = {}): Promise<Rows> {
  const out: Rows = {};
  for (const table of TABLES) {
    let rows = (await orm.em.getConnection().execute(`select * from ${table} order by id`)) as Record<string, unknown>[];
    if (opts.live) {
      rows = rows.filter((r) => !r.is_deleted).map(({ created_at: _c, updated_at: _u, ...rest }) => rest);
      if (MEMBERSHIPS.has(table)) rows = rows.map(({ id: _id, ...rest }) => rest).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    }
    out[table] = rows;
  }
  return out;
}

const writes = (log: string[]) => log.filter((line) => /^\[query\] (insert|update|delete)\b/i.test(line));

function totals(summary: ImportSummary, outcome: 'created' | 'updated' | 'unchanged' | 'removed'): number {
  return Object.values(summary).reduce((sum, counts) => sum + counts[outcome], 0);
}

function editedDemo(edit: (doc: any) => void): string {
  const doc = YAML.parse(DEMO);
  edit(doc);
  return YAML.stringify(doc);
}

async function rejection(promise: Promise<unknown>): Promise<DefinitionError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DefinitionError);
  return error as DefinitionError;
}

describe('importing the demo file', () => {
  const log: string[] = [];
  let orm: MikroORM;
  let first: ImportSummary;

  beforeAll(async () => {
    orm = await freshOrm(log);
    first = await importDefinitions(orm, DEMO);
  });
  afterAll(() => orm.close());
  beforeEach(() => {
    log.length = 0;
  });

  it('creates every row with the pinned ids', async () => {
    expect(first.depts.created).toBe(7);
    expect(first.users.created).toBe(10);
    expect(first.states.created).toBe(9);
    expect(first.transitions.created).toBe(11);
    expect(totals(first, 'updated') + totals(first, 'unchanged') + totals(first, 'removed')).toBe(0);
    expect(await countWorkflows(orm)).toBe(2);
    const rows = await dump(orm);
    expect(rows.states!.find((s) => s.id === 5)).toMatchObject({ name: '发起人-新建中', workflow_id: 2, type_id: 1 });
    expect(rows.transitions!.find((t) => t.id === 6)).toMatchObject({
      name: '提交',
      workflow_id: 2,
      source_state_id: 5,
      destination_state_id: 6,
      type_id: 1,
      attribute_type_id: 1,
      field_require_check: 0,
      conditions: '[]',
    });
    expect(rows.apps![0]).toMatchObject({ id: 1, name: 'ops', workflow_ids: '[1,2]', all_workflows: 0, sn_prefix: 'ops' });
    expect(rows.users!.map((u) => u.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 10, 11]);
    expect(rows.depts!.find((d) => d.id === 5)).toMatchObject({ name: '交易部', leader: 'david', approvers: '["david"]' });
    expect(Number(rows.depts!.find((d) => d.id === 5)!.parent_id)).toBe(4);
  });

  it('encodes participants, fields and memberships in loonflow form', async () => {
    const rows = await dump(orm);
    const state = (id: number) => rows.states!.find((s) => s.id === id)!;
    expect(state(1)).toMatchObject({ participant_type_id: 0, participant: '' });
    expect(state(2)).toMatchObject({ participant_type_id: 5, participant: 'creator_tl' });
    expect(state(3)).toMatchObject({ participant_type_id: 3, participant: '2' });
    expect(state(6)).toMatchObject({ participant_type_id: 4, participant: '1' });
    expect(state(7)).toMatchObject({ participant_type_id: 10 });
    expect(JSON.parse(state(7).participant as string)).toEqual({
      hook_url: 'http://127.0.0.1:9/vpn/grant',
      hook_token: 'demo-hook-token',
      wait: false,
      extra_info: 'vpn',
    });
    expect(JSON.parse(state(5).fields as string)).toEqual({ title: 2, reason: 2 });
    expect(rows.user_roles!.map((m) => [m.user_id, m.role_id])).toEqual([
      [3, 1],
      [11, 1],
    ]);
    expect(rows.workflow_admins!.map((a) => [a.workflow_id, a.username])).toEqual([
      [1, 'admin'],
      [2, 'admin'],
    ]);
    expect(rows.user_depts!.find((m) => m.user_id === 10)).toMatchObject({ dept_id: 6, position: 0 });
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await dump(orm);
    log.length = 0;
    const summary = await importDefinitions(orm, DEMO);
    expect(writes(log)).toEqual([]);
    expect(await dump(orm)).toEqual(before);
    expect(totals(summary, 'created') + totals(summary, 'updated') + totals(summary, 'removed')).toBe(0);
    expect(summary.transitions.unchanged).toBe(11);
  });

  it('changes nothing when a broken file is imported', async () => {
    const before = await dump(orm);
    const typo = DEMO.replace('{id: 6, name: 提交, from: 5, to: 6,', '{id: 6, name: 提交, from: 5, to: 66,');
    const error = await rejection(importDefinitions(orm, typo));
    expect(error.errors[0]!.path).toBe('workflows[1].transitions[0].to');
    const conflict = await rejection(importDefinitions(orm, 'users: [{id: 50, username: webb}]'));
    expect(conflict.message).toBe('users[0].username: user "webb" already exists with id 2');
    await rejection(importDefinitionsFile(orm, path.join(FIXTURES, 'broken-syntax.yaml')));
    expect(writes(log)).toEqual([]);
    expect(await dump(orm)).toEqual(before);
  });

  it('exports a file that changes nothing when imported into the same database', async () => {
    const before = await dump(orm);
    const yaml = await exportDefinitions(orm);
    log.length = 0;
    await importDefinitions(orm, yaml);
    expect(writes(log)).toEqual([]);
    expect(await dump(orm)).toEqual(before);
  });
});

describe('app tokens in an export', () => {
  let orm: MikroORM;
  const token = YAML.parse(DEMO).apps[0].token as string;

  beforeAll(async () => {
    orm = await freshOrm();
    await importDefinitions(orm, DEMO);
  });
  afterAll(() => orm.close());

  it('are left out unless asked for, and only the asked export carries them', async () => {
    const plain = await exportDefinitions(orm);
    expect(plain).not.toContain(token);
    expect(YAML.parse(plain).apps[0]).not.toHaveProperty('token');
    const secret = await exportDefinitions(orm, { withSecrets: true });
    expect(YAML.parse(secret).apps[0].token).toBe(token);
  });

  it('an export without them, imported into an empty database, is refused naming the token and writes nothing', async () => {
    const log: string[] = [];
    const empty = await freshOrm(log);
    try {
      log.length = 0;
      const error = await rejection(importDefinitions(empty, await exportDefinitions(orm)));
      expect(error.errors.map((e) => e.path)).toEqual(['apps[0].token']);
      expect(error.message).toContain('a new app needs a token');
      expect(writes(log)).toEqual([]);
    } finally {
      await empty.close();
    }
  });
});

describe('importing an edited file', () => {
  const log: string[] = [];
  let orm: MikroORM;

  beforeAll(async () => {
    orm = await freshOrm(log);
    await importDefinitions(orm, DEMO);
  });
  afterAll(() => orm.close());

  it('updates rows in place, syncs memberships and soft-deletes children the file no longer lists', async () => {
    const before = await dump(orm);
    const text = editedDemo((doc) => {
      doc.users[1].alias = 'Webb';
      delete doc.users[0].dept;
      doc.users[0].depts = [1, '技术部'];
      doc.roles[0].members = ['ops'];
      doc.apps[0].workflows = ['vpn申请'];
      doc.workflows[0].custom_fields.push({ key: 'days', name: '天数', type: 'int', order: 40 });
      doc.workflows[1].states[2].name = 'vpn授权';
      doc.workflows[1].transitions.pop();
    });
    log.length = 0;
    const summary = await importDefinitions(orm, text);
    expect(summary.users).toEqual({ created: 0, updated: 1, unchanged: 9, removed: 0 });
    expect(summary.userDepts).toEqual({ created: 1, updated: 0, unchanged: 10, removed: 0 });
    expect(summary.userRoles).toEqual({ created: 0, updated: 0, unchanged: 1, removed: 1 });
    expect(summary.apps.updated).toBe(1);
    expect(summary.customFields.created).toBe(1);
    expect(summary.states).toEqual({ created: 0, updated: 1, unchanged: 8, removed: 0 });
    expect(summary.transitions).toEqual({ created: 0, updated: 0, unchanged: 10, removed: 1 });
    const after = await dump(orm);
    const user = (rows: Rows, id: number) => rows.users!.find((u) => u.id === id)!;
    expect(user(after, 2)).toMatchObject({ alias: 'Webb', created_at: user(before, 2).created_at });
    expect(user(after, 3)).toEqual(user(before, 3));
    expect(after.states!.find((s) => s.id === 7)).toMatchObject({ name: 'vpn授权', workflow_id: 2 });
    expect(after.transitions!.find((t) => t.id === 11)).toMatchObject({ is_deleted: 1 });
    expect(after.apps![0]).toMatchObject({ workflow_ids: '[2]' });
    expect(after.user_roles!.map((m) => m.user_id)).toEqual([3]);
    expect(after.user_depts!.filter((m) => m.user_id === 1).map((m) => [m.dept_id, m.position])).toEqual([
      [1, 0],
      [4, 1],
    ]);
    expect(after.custom_fields!.map((f) => f.id)).toEqual([1, 2, 3, 4, 5]);
    const statements = writes(log).map((q) => q.match(/^\[query\] (delete from|insert into|update) `\w+`/)![0].slice(8));
    expect(statements.sort()).toEqual([
      'delete from `user_roles`',
      'insert into `custom_fields`',
      'insert into `user_depts`',
      'update `apps`',
      'update `catalog_revision`',
      'update `states`',
      'update `transitions`',
      'update `users`',
    ]);

    log.length = 0;
    await importDefinitions(orm, text);
    expect(writes(log)).toEqual([]);
  });

  it('exports live rows only, and the export with secrets reproduces the database in an empty one', async () => {
    const yaml = await exportDefinitions(orm, { withSecrets: true });
    expect(yaml).not.toContain('权限未成功开通');
    const copy = await freshOrm();
    try {
      await importDefinitions(copy, yaml);
      expect(await dump(copy, { live: true })).toEqual(await dump(orm, { live: true }));
    } finally {
      await copy.close();
    }
  });

  it('exports chosen workflows with the org and without apps', async () => {
    const doc = YAML.parse(await exportDefinitions(orm, { workflowIds: [2] }));
    expect(doc.workflows.map((w: { id: number }) => w.id)).toEqual([2]);
    expect(doc.apps).toBeUndefined();
    expect(doc.users).toHaveLength(10);
  });
});

describe('natural keys and database references', () => {
  const log: string[] = [];
  let orm: MikroORM;

  beforeAll(async () => {
    orm = await freshOrm(log);
  });
  afterAll(() => orm.close());

  it('matches rows without ids by natural key, and round-trips through an export', async () => {
    const file = path.join(FIXTURES, 'no-ids.yaml');
    const first = await importDefinitionsFile(orm, file);
    expect(totals(first, 'created')).toBe(28);
    const rows = await dump(orm);
    const state = (name: string) => rows.states!.find((s) => s.name === name)!;
    const it = rows.depts!.find((d) => d.name === 'IT')!;
    expect(Number(it.parent_id)).toBe(rows.depts!.find((d) => d.name === 'HQ')!.id);
    expect(state('lead review')).toMatchObject({ participant_type_id: 3, participant: String(it.id), distribute_type_id: 1 });
    expect(state('picked')).toMatchObject({ participant_type_id: 7, participant: 'approver', distribute_type_id: 4 });
    const submit = rows.transitions!.find((t) => t.name === 'submit')!;
    expect(JSON.parse(submit.conditions as string)).toEqual([{ expression: '{amount} > 1000', target_state_id: state('picked').id }]);
    expect(rows.transitions!.find((t) => t.name === 'expire')).toMatchObject({ type_id: 2, timer: 86400, attribute_type_id: 3 });
    expect(rows.transitions!.find((t) => t.name === 'approve' && t.source_state_id === state('lead review').id)).toMatchObject({
      alert_enable: 1,
      alert_text: 'Pay now?',
    });
    expect(JSON.parse(rows.workflows![0]!.limit_expression as string)).toEqual({
      period: 24,
      count: 3,
      level: 1,
      allow_depts: [1, 2],
      allow_roles: [1],
    });
    expect(JSON.parse(String(rows.custom_fields!.find((f) => f.field_key === 'amount')!.default_value))).toBe(0);

    log.length = 0;
    await importDefinitionsFile(orm, file);
    const yaml = await exportDefinitions(orm, { withSecrets: true });
    await importDefinitions(orm, yaml);
    expect(writes(log)).toEqual([]);
    expect(await dump(orm)).toEqual(rows);
    const copy = await freshOrm();
    try {
      await importDefinitions(copy, yaml);
      expect(await dump(copy, { live: true })).toEqual(await dump(orm, { live: true }));
    } finally {
      await copy.close();
    }
  });

  it('lets a file reference users, depts, roles and states that are already in the database', async () => {
    const text = YAML.stringify({
      workflows: [
        {
          name: 'access',
          admins: ['alice'],
          states: [
            { name: 'new', type: 'start' },
            { name: 'check', participant: { type: 'role', value: 'reviewers' } },
            { name: 'end', type: 'end', participant: { type: 'users', value: ['bob', 'carol'] } },
          ],
          transitions: [
            { name: 'go', from: 'new', to: 'check' },
            { name: 'ok', from: 'check', to: 'end' },
          ],
        },
      ],
      apps: [{ name: 'portal', token: 't0ken', workflows: ['expenses', 'access'] }],
    });
    const summary = await importDefinitions(orm, text);
    expect(summary.workflows.created).toBe(1);
    expect(summary.apps.updated).toBe(1);
    const rows = await dump(orm);
    expect(rows.states!.find((s) => s.name === 'check')).toMatchObject({ participant_type_id: 4, participant: '1' });
    const access = rows.workflows!.find((w) => w.name === 'access')!;
    expect(rows.apps![0]).toMatchObject({ workflow_ids: `[1,${access.id}]` });
    const error = await rejection(importDefinitions(orm, text.replace("'bob'", "'zed'").replace('- bob', '- zed')));
    expect(error.message).toBe('workflows[0].states[2].participant.value[0]: unknown user "zed"');
  });

  it('names the file and line of a syntax error', async () => {
    const file = path.join(FIXTURES, 'broken-syntax.yaml');
    const error = await rejection(importDefinitionsFile(orm, file));
    expect(error.message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: line \\d+: `));
  });
});

describe('progress', () => {
  let orm: MikroORM;

  beforeAll(async () => {
    orm = await freshOrm();
  });
  afterAll(() => orm.close());

  function generated(): string {
    const depts = Array.from({ length: 40 }, (_, i) => (i === 0 ? { name: 'd0' } : { name: `d${i}`, parent: `d${Math.floor((i - 1) / 3)}` }));
    const users = Array.from({ length: 500 }, (_, i) => ({
      ...(i % 2 ? { id: 1000 + i } : {}),
      username: `u${i}`,
      dept: `d${i % 40}`,
    }));
    const roles = Array.from({ length: 10 }, (_, i) => ({ name: `r${i}`, members: [`u${i}`, `u${i + 10}`] }));
    const workflows = Array.from({ length: 40 }, (_, w) => ({
      name: `w${w}`,
      admins: [`u${w}`],
      custom_fields: [{ key: 'n', type: 'int' }],
      states: [
        { name: 'a', type: 'start' },
        { name: 'b', participant: { type: 'role', value: `r${w % 10}` } },
        { name: 'c', participant: { type: 'dept', value: [`d${w}`] } },
        { name: 'z', type: 'end' },
      ],
      transitions: [
        { name: 'go', from: 'a', to: 'b', conditions: [{ expression: '{n} > 1', to: 'c' }] },
        { name: 'go', from: 'b', to: 'c' },
        { name: 'back', from: 'c', to: 'a' },
        { name: 'go', from: 'c', to: 'z' },
      ],
    }));
    return YAML.stringify({ depts, users, roles, workflows });
  }

  it('rolls everything back when the import fails while writing', async () => {
    const before = await dump(orm);
    const abort = (done: number) => {
      if (done === 700) throw new Error('stop at 700');
    };
    await expect(importDefinitions(orm, generated(), { onProgress: abort })).rejects.toThrow('stop at 700');
    expect(await dump(orm)).toEqual(before);
  });

  it('reports progress per row for a file of more than 300 rows', async () => {
    const calls: [number, number][] = [];
    const summary = await importDefinitions(orm, generated(), { onProgress: (done, total) => calls.push([done, total]) });
    const total = calls[0]![1];
    expect(total).toBeGreaterThanOrEqual(1000);
    expect(calls).toHaveLength(total);
    expect(calls.map(([done]) => done)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(totals(summary, 'created')).toBe(total);
    const users = await orm.em.getConnection().execute('select id, username from users order by id');
    expect(users).toHaveLength(500);
    expect(users.find((u: { username: string }) => u.username === 'u1')).toMatchObject({ id: 1001 });

    const again: number[] = [];
    const second = await importDefinitions(orm, generated(), { onProgress: (done) => again.push(done) });
    expect(totals(second, 'unchanged')).toBe(total);
    expect(again).toHaveLength(total);
  });

  it('does not report progress for small files', async () => {
    const calls: number[] = [];
    const small = await freshOrm();
    try {
      await importDefinitions(small, DEMO, { onProgress: (done) => calls.push(done) });
    } finally {
      await small.close();
    }
    expect(calls).toEqual([]);
  });
});

describe('importDefinitionsFile', () => {
  it('reads the file it is given', async () => {
    const orm = await freshOrm();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loongate-defs-'));
    try {
      const file = path.join(dir, 'demo.json');
      fs.writeFileSync(file, JSON.stringify(YAML.parse(DEMO)));
      const summary = await importDefinitionsFile(orm, file);
      expect(summary.workflows.created).toBe(2);
    } finally {
      await orm.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
