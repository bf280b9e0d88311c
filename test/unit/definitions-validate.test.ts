import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DefinitionError, parseDefinitions, validateDefinitions, type DefinitionPlan, type KnownRows } from '../../src/domain/definitions';

type Doc = Record<string, any>;

const DEMO = fs.readFileSync(path.join(__dirname, '../../definitions/demo.yaml'), 'utf8');

function base(): Doc {
  return {
    depts: [
      { id: 1, name: 'HQ', leader: 'alice', approvers: ['alice'] },
      { name: 'IT', parent: 'HQ' },
    ],
    users: [
      { id: 1, username: 'alice', dept: 'HQ' },
      { username: 'bob', depts: ['IT', 1] },
    ],
    roles: [{ id: 1, name: 'ops', members: ['bob'] }],
    apps: [{ name: 'caller', token: 's3cret', workflows: 'all' }],
    workflows: [
      {
        id: 1,
        name: 'leave',
        admins: ['alice'],
        custom_fields: [
          { key: 'days', name: 'Days', type: 'int' },
          { key: 'level', type: 'select', choices: { high: 'High', low: 'Low' } },
        ],
        states: [
          { id: 1, name: 'draft', type: 'start', fields: { title: 'required', days: 'required' } },
          { id: 2, name: 'review', participant: { type: 'role', value: 'ops' }, fields: { 'state.state_name': 'readonly' } },
          { id: 3, name: 'done', type: 'end' },
        ],
        transitions: [
          { id: 1, name: 'submit', from: 'draft', to: 'review', conditions: [{ expression: '{days} > 3', to: 'review' }] },
          { id: 2, name: 'approve', from: 2, to: 3 },
        ],
      },
    ],
  };
}

function issuesOf(doc: unknown, known?: KnownRows): string[] {
  try {
    validateDefinitions(doc, known);
  } catch (error) {
    if (error instanceof DefinitionError) return error.errors.map((e) => `${e.path}: ${e.message}`);
    throw error;
  }
  throw new Error('expected a DefinitionError');
}

function edited(edit: (doc: Doc) => void): Doc {
  const doc = base();
  edit(doc);
  return doc;
}

const wf = (doc: Doc) => doc.workflows[0];

describe('valid documents', () => {
  it('validates the demo file with its pinned ids', () => {
    const plan = parseDefinitions(DEMO);
    expect(plan.workflows.map((w) => w.name)).toEqual(['请假流程', 'vpn申请']);
    const vpn = plan.workflows[1]!;
    expect(vpn.states[0]).toMatchObject({ id: 5, name: '发起人-新建中', typeId: 1 });
    expect(vpn.transitions[0]).toMatchObject({ id: 6, from: '发起人-新建中', to: '运维人员-审批中', attributeTypeId: 1 });
    expect(vpn.states[1]!.participant).toEqual({ type: 'role', role: { id: 1 } });
    expect(vpn.states[2]!.participant).toEqual({
      type: 'hook',
      url: 'http://127.0.0.1:9/vpn/grant',
      token: 'demo-hook-token',
      wait: false,
      extraInfo: 'vpn',
    });
    expect(plan.apps[0]).toMatchObject({ name: 'ops', snPrefix: 'ops', workflows: [{ id: 1 }, { id: 2 }] });
    expect(plan.users.find((u) => u.username === 'goods_2')).toMatchObject({ id: 10, depts: [{ id: 6 }] });
  });

  it('validates the base document and resolves references in write order', () => {
    const plan: DefinitionPlan = validateDefinitions(base());
    expect(plan.depts[1]!.parent).toEqual({ id: 1 });
    expect(plan.users[1]!.depts).toEqual([{ name: 'IT' }, { id: 1 }]);
    expect(plan.apps[0]!.workflows).toBe('all');
    expect(plan.workflows[0]!.transitions[1]).toMatchObject({ from: 'review', to: 'done', typeId: 1, timer: 0 });
    expect(plan.workflows[0]!.transitions[0]!.conditions).toEqual([{ expression: '{days} > 3', to: 'review' }]);
  });

  it('accepts JSON text and an empty document', () => {
    expect(parseDefinitions(JSON.stringify(base())).workflows).toHaveLength(1);
    expect(parseDefinitions('')).toEqual({ depts: [], users: [], roles: [], apps: [], workflows: [] });
  });

  it('accepts loonflow ids wherever names are allowed', () => {
    const plan = validateDefinitions(
      edited((doc) => {
        wf(doc).custom_fields[1].type = 45;
        wf(doc).states[0].type = 1;
        wf(doc).states[0].fields = { title: 2, days: 3 };
        wf(doc).states[1].participant = { type: 4, value: 1 };
        wf(doc).states[1].distribute = 1;
        wf(doc).transitions[1].attribute = 2;
      }),
    );
    const w = plan.workflows[0]!;
    expect(w.fields[1]!.typeId).toBe(45);
    expect(w.states[0]).toMatchObject({ typeId: 1, fields: { title: 2, days: 3 } });
    expect(w.states[1]).toMatchObject({ participant: { type: 'role', role: { id: 1 } }, distributeTypeId: 1 });
    expect(w.transitions[1]!.attributeTypeId).toBe(2);
  });

  it('normalizes every participant shape', () => {
    const shapes = [
      [{ type: 'none' }, { type: 'none' }],
      [
        { type: 'user', value: 'alice' },
        { type: 'user', username: 'alice' },
      ],
      [
        { type: 'users', value: ['alice', 'bob'] },
        { type: 'users', usernames: ['alice', 'bob'] },
      ],
      [
        { type: 'dept', value: ['IT', 1] },
        { type: 'dept', depts: [{ name: 'IT' }, { id: 1 }] },
      ],
      [
        { type: 'role', value: 'ops' },
        { type: 'role', role: { id: 1 } },
      ],
      [
        { type: 'variable', value: ['creator', 'creator_tl'] },
        { type: 'variable', names: ['creator', 'creator_tl'] },
      ],
      [
        { type: 'script', value: 'grant_vpn' },
        { type: 'script', name: 'grant_vpn' },
      ],
      [
        { type: 'field', value: ['days'] },
        { type: 'field', keys: ['days'] },
      ],
      [
        { type: 'parent_field', value: ['po'] },
        { type: 'parent_field', keys: ['po'] },
      ],
      [
        { type: 'hook', url: 'https://h.example/x' },
        { type: 'hook', url: 'https://h.example/x', token: '', wait: false, extraInfo: '' },
      ],
      [
        { type: 10, url: 'http://h/x', token: 't', wait: true, extra_info: { a: 1 } },
        { type: 'hook', url: 'http://h/x', token: 't', wait: true, extraInfo: { a: 1 } },
      ],
    ];
    for (const [input, expected] of shapes) {
      const plan = validateDefinitions(
        edited((doc) => {
          wf(doc).states[1].participant = input;
        }),
      );
      expect(plan.workflows[0]!.states[1]!.participant).toEqual(expected);
    }
  });

  it('normalizes limit_expression lists and comma-separated strings', () => {
    const plan = validateDefinitions(
      edited((doc) => {
        wf(doc).limit_expression = { period: 24, count: 2, level: 1, allow_persons: 'alice, bob', allow_depts: '1,IT', allow_roles: ['ops'] };
      }),
    );
    expect(plan.workflows[0]!.limitExpression).toEqual({
      period: 24,
      count: 2,
      level: 1,
      allow_persons: ['alice', 'bob'],
      allow_depts: [{ id: 1 }, { name: 'IT' }],
      allow_roles: [{ id: 1 }],
    });
  });

  it('makes a transition with a timer a timer transition, and one with alert text an alerting one', () => {
    const plan = validateDefinitions(edited((doc) => Object.assign(wf(doc).transitions[1], { timer: 3600, alert: 'sure?' })));
    expect(plan.workflows[0]!.transitions[1]).toMatchObject({ typeId: 2, timer: 3600, alertEnable: true, alertText: 'sure?' });
  });

  it('lets a file reference rows that are already in the database', () => {
    const known: KnownRows = {
      users: new Set(['carol']),
      depts: new Map<string | number, number>([
        ['Sales', 9],
        [9, 9],
      ]),
      roles: new Map<string | number, number>([
        ['auditors', 4],
        [4, 4],
      ]),
      workflows: new Map<string | number, number>([
        ['old', 7],
        [7, 7],
        ['leave', 1],
        [1, 1],
      ]),
      states: new Map([[40, { workflowId: 1, name: 'done' }]]),
    };
    const doc = edited((d) => {
      d.users.push({ username: 'dave', dept: 'Sales' });
      d.apps[0].workflows = ['old', 7, 'leave'];
      d.depts[0].leader = 'carol';
      wf(d).states[1].participant = { type: 'role', value: 'auditors' };
      wf(d).transitions[1].to = 'done';
      delete wf(d).states[2].id;
    });
    const plan = validateDefinitions(doc, known);
    expect(plan.users[2]!.depts).toEqual([{ id: 9 }]);
    expect(plan.apps[0]!.workflows).toEqual([{ id: 7 }, { id: 7 }, { id: 1 }]);
    expect(plan.workflows[0]!.states[1]!.participant).toEqual({ type: 'role', role: { id: 4 } });
    wf(doc).transitions[1].to = 40;
    expect(validateDefinitions(doc, known).workflows[0]!.transitions[1]!.to).toBe('done');
  });
});

describe('errors name the path of the bad value', () => {
  it('reports a typo in a transition target', () => {
    const text = DEMO.replace('{id: 1, name: 提交, from: 1, to: 2,', '{id: 1, name: 提交, from: 1, to: done,');
    expect(() => parseDefinitions(text)).toThrow(DefinitionError);
    try {
      parseDefinitions(text);
    } catch (error) {
      const e = error as DefinitionError;
      expect(e.errors[0]).toEqual({ path: 'workflows[0].transitions[0].to', message: 'unknown state "done"' });
      expect(e.message.split('\n')[0]).toBe('workflows[0].transitions[0].to: unknown state "done"');
    }
  });

  it('collects every error, in document order, in one DefinitionError', () => {
    const doc = edited((d) => {
      wf(d).transitions[0].to = 'nowhere';
      d.users[0].nickname = 'al';
      d.depts[1].parent = 'Nope';
    });
    expect(issuesOf(doc)).toEqual([
      'depts[1].parent: unknown dept "Nope"',
      'users[0].nickname: unknown key',
      'workflows[0].transitions[0].to: unknown state "nowhere"',
    ]);
  });

  it.each([
    [
      'unknown keys',
      (d: Doc) => {
        wf(d).states[0].colour = 'red';
      },
      'workflows[0].states[0].colour: unknown key',
    ],
    [
      'missing required values',
      (d: Doc) => {
        delete d.apps[0].name;
      },
      'apps[0].name: required',
    ],
    [
      'wrong value types',
      (d: Doc) => {
        d.users[0].is_admin = 'yes';
      },
      'users[0].is_admin: expected boolean, received string',
    ],
    [
      'bad ids',
      (d: Doc) => {
        d.roles[0].id = 0;
      },
      'roles[0].id: expected number to be >0',
    ],
    [
      'unknown constants',
      (d: Doc) => {
        wf(d).custom_fields[0].type = 'strng';
      },
      'workflows[0].custom_fields[0].type: unknown field type "strng" (expected string (5), int (10), float (15), bool (20), date (25), datetime (30), radio (35), checkbox (40), select (45), multi_select (50), text (55), user (60), multi_user (70), attachment (80))',
    ],
    [
      'unknown constant ids',
      (d: Doc) => {
        wf(d).states[0].type = 3;
      },
      'workflows[0].states[0].type: unknown state type 3 (expected normal (0), start (1), end (2))',
    ],
    [
      'unknown field attributes',
      (d: Doc) => {
        wf(d).states[0].fields.days = 'hidden';
      },
      'workflows[0].states[0].fields.days: unknown field attribute "hidden" (expected readonly (1), required (2), optional (3))',
    ],
    [
      'top-level keys',
      (d: Doc) => {
        d.groups = [];
      },
      'groups: unknown key',
    ],
    [
      'app workflow lists',
      (d: Doc) => {
        d.apps[0].workflows = 'some';
      },
      'apps[0].workflows: expected `all` or a list of workflow ids or names',
    ],
    [
      'csv limits of the wrong type',
      (d: Doc) => {
        wf(d).limit_expression = { allow_roles: 5 };
      },
      'workflows[0].limit_expression.allow_roles: expected a list or a comma-separated string',
    ],
    [
      'limit levels',
      (d: Doc) => {
        wf(d).limit_expression = { level: 3 };
      },
      'workflows[0].limit_expression.level: expected 1 (per user) or 2 (global)',
    ],
    [
      'notice urls',
      (d: Doc) => {
        wf(d).notices = [{ name: 'n', url: 'ftp://x' }];
      },
      'workflows[0].notices[0].url: expected an http:// or https:// URL',
    ],
    [
      'column lengths',
      (d: Doc) => {
        d.users[0].phone = '1'.repeat(51);
      },
      'users[0].phone: expected string to have <=50 characters',
    ],
  ])('checks shapes: %s', (_, edit, expected) => {
    expect(issuesOf(edited(edit))).toEqual([expected]);
  });

  it.each([
    [
      'unknown participant types',
      { type: 'rol', value: 'ops' },
      'workflows[0].states[1].participant.type: unknown type "rol" (expected none, user, users, dept, role, variable, script, field, parent_field, hook)',
    ],
    ['a list for a single user', { type: 'user', value: ['alice'] }, 'workflows[0].states[1].participant.value: expected string, received array'],
    ['an empty user list', { type: 'users', value: [] }, 'workflows[0].states[1].participant.value: expected array to have >=1 items'],
    ['unknown variables', { type: 'variable', value: ['boss'] }, 'workflows[0].states[1].participant.value[0]: expected one of "creator"|"creator_tl"'],
    ['a hook without url', { type: 'hook', token: 't' }, 'workflows[0].states[1].participant.url: required'],
    ['unknown hook keys', { type: 'hook', url: 'http://h/x', retries: 3 }, 'workflows[0].states[1].participant.retries: unknown key'],
    ['unknown users', { type: 'users', value: ['alice', 'zed'] }, 'workflows[0].states[1].participant.value[1]: unknown user "zed"'],
    ['unknown depts', { type: 'dept', value: [1, 99] }, 'workflows[0].states[1].participant.value[1]: unknown dept 99'],
    ['unknown roles', { type: 'role', value: 'devs' }, 'workflows[0].states[1].participant.value: unknown role "devs"'],
    [
      'field keys that are not custom fields',
      { type: 'field', value: ['days', 'title'] },
      'workflows[0].states[1].participant.value[1]: unknown field "title" (not a custom field of this workflow)',
    ],
  ])('checks participants: %s', (_, participant, expected) => {
    expect(
      issuesOf(
        edited((d) => {
          wf(d).states[1].participant = participant;
        }),
      ),
    ).toEqual([expected]);
  });

  it.each([
    ['dept names', (d: Doc) => d.depts.push({ name: 'HQ' }), 'depts[2].name: duplicate dept name "HQ" (also at depts[0].name)'],
    [
      'dept ids',
      (d: Doc) => {
        d.depts[1].id = 1;
      },
      'depts[1].id: duplicate dept id 1 (also at depts[0].id)',
    ],
    ['usernames', (d: Doc) => d.users.push({ username: 'bob' }), 'users[2].username: duplicate username "bob" (also at users[1].username)'],
    [
      'user ids',
      (d: Doc) => {
        d.users[1].id = 1;
      },
      'users[1].id: duplicate user id 1 (also at users[0].id)',
    ],
    ['role names', (d: Doc) => d.roles.push({ name: 'ops' }), 'roles[1].name: duplicate role name "ops" (also at roles[0].name)'],
    ['app names', (d: Doc) => d.apps.push({ name: 'caller', token: 'x' }), 'apps[1].name: duplicate app name "caller" (also at apps[0].name)'],
    [
      'field keys',
      (d: Doc) => wf(d).custom_fields.push({ key: 'days', type: 'int' }),
      'workflows[0].custom_fields[2].key: duplicate field key "days" (also at workflows[0].custom_fields[0].key)',
    ],
    [
      'state names',
      (d: Doc) => {
        wf(d).states[2].name = 'review';
      },
      'workflows[0].states[2].name: duplicate state name "review" (also at workflows[0].states[1].name)',
    ],
    [
      'transition names per source state',
      (d: Doc) => wf(d).transitions.push({ name: 'approve', from: 'review', to: 'draft' }),
      'workflows[0].transitions[2].name: duplicate transition "approve" from state "review" (also at workflows[0].transitions[1].name)',
    ],
    [
      'notice names',
      (d: Doc) => {
        wf(d).notices = [
          { name: 'n', url: 'http://a/' },
          { name: 'n', url: 'http://b/' },
        ];
      },
      'workflows[0].notices[1].name: duplicate notice name "n" (also at workflows[0].notices[0].name)',
    ],
    [
      'repeated members',
      (d: Doc) => {
        d.roles[0].members = ['bob', 'bob'];
      },
      'roles[0].members[1]: duplicate username "bob" (also at roles[0].members[0])',
    ],
  ])('requires unique %s', (_, edit, expected) => {
    expect(issuesOf(edited(edit))).toEqual([expected]);
  });

  it('requires state, transition, field and notice ids to be unique across workflows', () => {
    const doc = edited((d) => {
      const copy = structuredClone(wf(d));
      copy.id = 2;
      copy.name = 'other';
      copy.custom_fields[0].id = 7;
      copy.notices = [{ id: 3, name: 'n', url: 'http://a/' }];
      wf(d).notices = [{ id: 3, name: 'n', url: 'http://a/' }];
      d.workflows.push(copy);
    });
    expect(issuesOf(doc)).toEqual([
      'workflows[1].states[0].id: duplicate state id 1 (also at workflows[0].states[0].id)',
      'workflows[1].states[1].id: duplicate state id 2 (also at workflows[0].states[1].id)',
      'workflows[1].states[2].id: duplicate state id 3 (also at workflows[0].states[2].id)',
      'workflows[1].transitions[0].id: duplicate transition id 1 (also at workflows[0].transitions[0].id)',
      'workflows[1].transitions[1].id: duplicate transition id 2 (also at workflows[0].transitions[1].id)',
      'workflows[1].notices[0].id: duplicate notice id 3 (also at workflows[0].notices[0].id)',
    ]);
  });

  it('requires exactly one start state and at least one end state', () => {
    expect(
      issuesOf(
        edited((d) => {
          wf(d).states[0].type = 'normal';
          wf(d).states[2].type = 'normal';
        }),
      ),
    ).toEqual([
      'workflows[0].states: no start state (exactly one state needs type: start)',
      'workflows[0].states: no end state (at least one state needs type: end)',
    ]);
    expect(
      issuesOf(
        edited((d) => {
          wf(d).states[1].type = 'start';
        }),
      ),
    ).toEqual(['workflows[0].states[1].type: a second start state (the start state is "draft")']);
  });

  it('requires transitions to connect states of their own workflow', () => {
    const doc = edited((d) =>
      d.workflows.push({
        id: 2,
        name: 'other',
        states: [
          { id: 10, name: 'start', type: 'start' },
          { id: 11, name: 'end', type: 'end' },
        ],
        transitions: [
          { name: 'go', from: 10, to: 3 },
          { name: 'back', from: 'review', to: 'end' },
        ],
      }),
    );
    expect(issuesOf(doc)).toEqual([
      'workflows[1].transitions[0].to: state 3 belongs to workflow "leave", not to "other"',
      'workflows[1].transitions[1].from: unknown state "review": it is a state of workflow "leave", not of "other"',
    ]);
  });

  it('names the database workflow of a known state of another workflow', () => {
    const known: KnownRows = {
      users: new Set(),
      depts: new Map(),
      roles: new Map(),
      workflows: new Map(),
      states: new Map([[40, { workflowId: 8, name: 'x' }]]),
    };
    expect(
      issuesOf(
        edited((d) => {
          wf(d).transitions[1].to = 40;
        }),
        known,
      ),
    ).toEqual(['workflows[0].transitions[1].to: state 40 belongs to workflow 8 in the database, not to "leave"']);
  });

  it('checks state field keys against custom fields and built-ins', () => {
    expect(
      issuesOf(
        edited((d) => {
          wf(d).states[0].fields = { reasn: 'required', 'state.nme': 'readonly', sn: 1 };
        }),
      ),
    ).toEqual([
      'workflows[0].states[0].fields.reasn: unknown field "reasn" (neither a custom field of this workflow nor a built-in)',
      'workflows[0].states[0].fields["state.nme"]: unknown field "state.nme" (neither a custom field of this workflow nor a built-in)',
    ]);
    expect(
      issuesOf(
        edited((d) => {
          wf(d).display_form = ['title', 'dayz'];
        }),
      ),
    ).toEqual(['workflows[0].display_form[1]: unknown field "dayz" (neither a custom field of this workflow nor a built-in)']);
  });

  it('rejects reserved custom field keys and choice fields without choices', () => {
    expect(issuesOf(edited((d) => wf(d).custom_fields.push({ key: 'sn', type: 'string' })))).toEqual([
      'workflows[0].custom_fields[2].key: "sn" is a reserved key',
    ]);
    for (const type of ['radio', 'checkbox', 'select', 'multi_select']) {
      expect(
        issuesOf(
          edited((d) => {
            wf(d).custom_fields[1] = { key: 'level', type };
          }),
        ),
      ).toEqual([`workflows[0].custom_fields[1].choices: required for ${type} fields ({value: label})`]);
    }
  });

  it('parses condition expressions and checks their keys and targets', () => {
    const condition = (expression: string, to: unknown = 'review') =>
      edited((d) => {
        wf(d).transitions[0].conditions = [{ expression, to }];
      });
    expect(validateDefinitions(condition("{level} in ['high'] and {creator} != 'x' or {title} == ''"))).toBeTruthy();
    expect(issuesOf(condition('{days} >'))).toEqual([
      'workflows[0].transitions[0].conditions[0].expression: invalid expression: expected expression at position 8',
    ]);
    expect(issuesOf(condition('{dayz} > 3 and {lvl} == 1'))).toEqual([
      'workflows[0].transitions[0].conditions[0].expression: unknown field "{dayz}" (neither a custom field of this workflow nor a base key)',
      'workflows[0].transitions[0].conditions[0].expression: unknown field "{lvl}" (neither a custom field of this workflow nor a base key)',
    ]);
    expect(issuesOf(condition('{days} > 3', 'finished'))).toEqual(['workflows[0].transitions[0].conditions[0].to: unknown state "finished"']);
  });

  it.each([
    [
      'dept leaders',
      (d: Doc) => {
        d.depts[0].leader = 'zed';
      },
      'depts[0].leader: unknown user "zed"',
    ],
    [
      'dept approvers',
      (d: Doc) => {
        d.depts[0].approvers = ['alice', 'zed'];
      },
      'depts[0].approvers[1]: unknown user "zed"',
    ],
    [
      'role members',
      (d: Doc) => {
        d.roles[0].members = ['zed'];
      },
      'roles[0].members[0]: unknown user "zed"',
    ],
    [
      'workflow admins',
      (d: Doc) => {
        wf(d).admins = ['zed'];
      },
      'workflows[0].admins[0]: unknown user "zed"',
    ],
    [
      'allowed persons',
      (d: Doc) => {
        wf(d).limit_expression = { allow_persons: 'alice,zed' };
      },
      'workflows[0].limit_expression.allow_persons: unknown user "zed"',
    ],
  ])('requires usernames to be users: %s', (_, edit, expected) => {
    expect(issuesOf(edited(edit))).toEqual([expected]);
  });

  it('checks references by id and by name', () => {
    expect(
      issuesOf(
        edited((d) => {
          d.users[0].dept = 'Sales';
          d.users[1].depts = [1, 42];
        }),
      ),
    ).toEqual(['users[0].dept: unknown dept "Sales"', 'users[1].depts[1]: unknown dept 42']);
    expect(
      issuesOf(
        edited((d) => {
          d.users[0].depts = ['IT'];
        }),
      ),
    ).toEqual(['users[0].depts: give either dept or depts, not both']);
    expect(
      issuesOf(
        edited((d) => {
          d.apps[0].workflows = ['leave', 'vpn'];
        }),
      ),
    ).toEqual(['apps[0].workflows[1]: unknown workflow "vpn"']);
    expect(
      issuesOf(
        edited((d) => {
          wf(d).limit_expression = { allow_depts: '1,Sales', allow_roles: [2] };
        }),
      ),
    ).toEqual(['workflows[0].limit_expression.allow_depts: unknown dept "Sales"', 'workflows[0].limit_expression.allow_roles[0]: unknown role 2']);
  });

  it('rejects dept parent cycles', () => {
    expect(
      issuesOf(
        edited((d) => {
          d.depts[0].parent = 'IT';
        }),
      ),
    ).toEqual(['depts[0].parent: dept parents form a cycle: "HQ" → "IT" → "HQ"']);
  });

  it('requires every state to be reachable and every non-end state to have a way out', () => {
    expect(
      issuesOf(
        edited((d) => {
          wf(d).states.push({ name: 'limbo' });
        }),
      ),
    ).toEqual([
      'workflows[0].states[3]: state "limbo" is not reachable from the start state "draft"',
      'workflows[0].states[3]: state "limbo" has no outgoing transition',
    ]);
    expect(
      issuesOf(
        edited((d) => {
          wf(d).transitions[1].to = 'draft';
        }),
      ),
    ).toEqual(['workflows[0].states[2]: state "done" is not reachable from the start state "draft"']);
    expect(
      issuesOf(
        edited((d) => {
          wf(d).transitions.pop();
        }),
      ),
    ).toEqual([
      'workflows[0].states[1]: state "review" has no outgoing transition',
      'workflows[0].states[2]: state "done" is not reachable from the start state "draft"',
    ]);
  });

  it('names the line of a syntax error, and the file when given', () => {
    expect(() => parseDefinitions('users: [\n  {username: a\n')).toThrow(/^line \d+: /);
    expect(() => parseDefinitions('a: 1\na: 2\n', { source: 'defs/x.yaml' })).toThrow(/^defs\/x\.yaml: line 2: Map keys must be unique/);
    expect(issuesOf([1, 2])).toEqual([': expected a mapping with depts, users, roles, apps, workflows']);
  });
});

describe('countersign policies', () => {
  const vote = (countersign: unknown, participant: unknown = { type: 'users', value: ['alice', 'bob'] }, distribute = 'all') =>
    edited((doc) => {
      Object.assign(wf(doc).states[1], { participant, distribute, countersign });
    });

  it('plans a policy with its to_state by name; the loonflow rule spelled out is no policy', () => {
    const plan = validateDefinitions(vote({ mode: 'quorum', percent: 50, veto: true, on_disagreement: { to_state: 3 } }));
    expect(plan.workflows[0]!.states[1]!.countersign).toEqual({
      mode: 'quorum',
      percent: 50,
      veto: true,
      onDisagreement: { rule: 'to_state', state: 'done' },
    });
    expect(validateDefinitions(vote({ mode: 'all', on_disagreement: 'revote' })).workflows[0]!.states[1]!.countersign).toBeNull();
    expect(validateDefinitions(vote(undefined)).workflows[0]!.states[1]!.countersign).toBeNull();
  });

  it.each([
    [{ mode: 'quorum', min: 3 }, "workflows[0].states[1].countersign.min: quorum min 3 is larger than the 2 user(s) of the state's participant"],
    [{ mode: 'quorum' }, 'workflows[0].states[1].countersign.mode: a quorum needs exactly one of min (a count of votes) or percent (of the voters)'],
    [
      { mode: 'quorum', min: 1, percent: 50 },
      'workflows[0].states[1].countersign.mode: a quorum needs exactly one of min (a count of votes) or percent (of the voters)',
    ],
    [{ mode: 'any', min: 1 }, 'workflows[0].states[1].countersign.min: only a quorum has a min (mode is any)'],
    [{ mode: 'quorum', percent: 150 }, 'workflows[0].states[1].countersign.percent: expected number to be <=100'],
    [{ on_disagreement: { to_state: 'nowhere' } }, 'workflows[0].states[1].countersign.on_disagreement.to_state: unknown state "nowhere"'],
    [{ on_disagreement: 'coin' }, 'workflows[0].states[1].countersign.on_disagreement: expected revote, majority or {to_state: <state>}'],
  ])('refuses %j, naming the path', (policy, message) => {
    expect(issuesOf(vote(policy))).toEqual([message]);
  });

  it('refuses a policy on a state that does not distribute to all', () => {
    expect(issuesOf(vote({ mode: 'any' }, undefined, 'direct'))).toEqual([
      'workflows[0].states[1].countersign: a countersign policy needs distribute: all (only then do several handlers vote)',
    ]);
  });
});
