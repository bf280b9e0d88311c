import { describe, expect, it } from 'vitest';
import { ActState, Intervene, ParticipantType } from '../../src/domain/constants';
import { decide, decideCreate, type Decision } from '../../src/domain/machine/decide';
import { explainActions } from '../../src/domain/machine/explain';
import { creationLimitRefusal } from '../../src/domain/machine/limits';
import { DecisionTrace } from '../../src/domain/machine/trace';
import type {
  Actor,
  CreateAction,
  MachineDefinition,
  MachinePorts,
  MachineState,
  MachineTransition,
  TicketAction,
  TicketRecord,
} from '../../src/domain/machine/model';
import { appRefusal, authorize, ticketRefusal } from '../../src/domain/machine/policy';
import { RefusalReason as R } from '../../src/domain/machine/refusal';

// A small workflow: 1 start → 2 (alice, retreat allowed) → 5 end; 3 accept-first (bob, carol); 4 countersign (bob, carol);
// 6 a hook state; 7 a state whose only handler is inactive.
const state = (id: number, over: Partial<MachineState>): MachineState => ({
  id,
  name: `s${id}`,
  typeId: 0,
  participantTypeId: ParticipantType.PERSONAL,
  participant: '',
  distributeTypeId: 2,
  fields: {},
  enableRetreat: false,
  rememberLastMan: false,
  countersign: null,
  ...over,
});
const transition = (id: number, from: number, to: number, over: Partial<MachineTransition> = {}): MachineTransition => ({
  id,
  name: `t${id}`,
  sourceStateId: from,
  destinationStateId: to,
  attributeTypeId: 1,
  conditions: [],
  typeId: 1,
  timer: 0,
  fieldRequireCheck: false,
  ...over,
});
const STATES = [
  state(1, { typeId: 1, fields: { title: 2, reason: 2, days: 3 } }),
  state(2, { participant: 'alice', fields: { title: 1, note: 3, reason: 2 }, enableRetreat: true }),
  state(3, { participantTypeId: ParticipantType.MULTI, participant: 'bob,carol', distributeTypeId: 1 }),
  state(4, { participantTypeId: ParticipantType.MULTI, participant: 'bob,carol', distributeTypeId: 4 }),
  state(5, { typeId: 2, participantTypeId: ParticipantType.NONE }),
  state(6, { participantTypeId: ParticipantType.HOOK, participant: '{"url":"http://127.0.0.1/h"}' }),
  state(7, { participant: 'gone' }),
];
const FIELDS = [
  { fieldKey: 'reason', fieldTypeId: 55, fieldChoice: {} },
  { fieldKey: 'days', fieldTypeId: 10, fieldChoice: {} },
  { fieldKey: 'note', fieldTypeId: 5, fieldChoice: {} },
];
const DEF: MachineDefinition & { workflow: { limitExpression: object } } = {
  workflow: { id: 1, creator: 'owner', viewPermissionCheck: true, limitExpression: {} },
  states: new Map(STATES.map((s) => [s.id, s])),
  transitions: [
    transition(1, 1, 2, { fieldRequireCheck: true, conditions: [{ expression: '{days} > 3', target_state_id: 3 }] }),
    transition(2, 2, 5),
    transition(3, 2, 1, { attributeTypeId: 2 }),
    transition(4, 3, 5),
    transition(5, 4, 5),
    transition(6, 4, 1, { attributeTypeId: 2 }),
    transition(7, 1, 4),
    transition(8, 1, 6),
    transition(9, 6, 5),
    transition(10, 1, 7),
    transition(11, 1, 2, { conditions: [{ expression: '{days} >', target_state_id: 3 }] }),
    transition(12, 1, 1, { attributeTypeId: 2 }),
    transition(13, 1, 5, { attributeTypeId: 2 }),
  ],
  fields: FIELDS,
  fieldsByKey: new Map(FIELDS.map((f) => [f.fieldKey, f])),
  admins: ['wfadmin'],
};
const ACTIVE = new Set(['alice', 'bob', 'carol', 'dave', 'wfadmin', 'maker', 'owner']);
const ports = (parent?: Record<string, string>, last: string | null = null): MachinePorts => ({
  directory: {
    usersInDepts: async () => [],
    roleMembers: async () => [],
    teamLeaders: async () => [],
    activeUsers: async (names) => new Set(names.filter((n) => ACTIVE.has(n))),
  },
  lastHandlerIn: async () => last,
  parentValues: async () => parent,
  timeZone: 'UTC',
});
const GRANTS = { name: 'app', allWorkflows: false, workflowIds: [1] };
const person = (username: string, over: Partial<Actor> = {}): Actor => ({
  username,
  user: ACTIVE.has(username) ? { isAdmin: false } : null,
  app: GRANTS,
  strict: true,
  ...over,
});
const system: Actor = { username: 'loonrobot', user: null, app: { ...GRANTS, allWorkflows: true }, strict: true, system: true };

function ticketIn(stateId: number, over: Partial<TicketRecord> = {}): TicketRecord {
  const s = DEF.states.get(stateId)!;
  return {
    id: 9,
    workflowId: 1,
    stateId,
    title: 't',
    creator: 'maker',
    relation: `maker,${s.participant}`,
    participantTypeId: s.participantTypeId,
    participant: s.participant,
    multiAllPerson: s.distributeTypeId === 4 ? { bob: {}, carol: {} } : {},
    visit: 1,
    inAddNode: false,
    addNodeMan: '',
    addNodeStack: [],
    actStateId: 1,
    parentTicketId: 0,
    parentTicketStateId: 0,
    scriptRunLastResult: true,
    isDeleted: false,
    version: 3,
    sn: 'x_1',
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...over,
  };
}
const handlersOf = (t: TicketRecord) => (t.participantTypeId <= 2 ? t.participant.split(',').filter(Boolean) : []);
const act = (t: TicketRecord, who: Actor, action: TicketAction, p = ports()) =>
  decide({ ticket: t, values: { reason: 'r', days: 1, note: null }, handlers: handlersOf(t) }, DEF, who, action, p);
const create = (who: Actor, over: Partial<CreateAction> = {}, limitFacts = { deptIds: new Set<number>(), roleIds: [], recentCount: 0 }) =>
  decideCreate(
    DEF,
    who,
    { transitionId: 1, title: 'hello', suggestion: '', fields: { reason: 'because', days: 1 }, parentTicketId: 0, parentTicketStateId: 0, ...over },
    limitFacts,
    ports(),
  );

function refused(d: Decision): R {
  if (d.allowed) throw new Error(`expected a refusal, got ${JSON.stringify(d.change)}`);
  return d.refusal.reason;
}
function allowed<T extends Decision>(d: T) {
  if (!d.allowed) throw new Error(`refused: ${d.refusal.reason} ${d.refusal.message}`);
  return d.change;
}

describe('the ticket machine refuses, with a reason', () => {
  const cases: [string, () => Promise<Decision>, R][] = [
    ['a handle without a username', () => act(ticketIn(2), person(''), { kind: 'handle', transitionId: 2, fields: {}, suggestion: '' }), R.USERNAME_REQUIRED],
    ['a manager action by an unknown user', () => act(ticketIn(2), person('stranger'), { kind: 'changeState', stateId: 5, suggestion: '' }), R.UNKNOWN_USER],
    [
      'a handle by someone else than the handler',
      () => act(ticketIn(2), person('dave'), { kind: 'handle', transitionId: 2, fields: {}, suggestion: '' }),
      R.NOT_A_HANDLER,
    ],
    [
      'a handle in a state without a way out',
      () => act(ticketIn(5), person('alice'), { kind: 'handle', transitionId: 2, fields: {}, suggestion: '' }),
      R.NO_ACTION_NEEDED,
    ],
    [
      'a handle of an ended ticket',
      () => act(ticketIn(5, { actStateId: ActState.FINISHED }), person('alice'), { kind: 'handle', transitionId: 2, fields: {}, suggestion: '' }),
      R.TICKET_CLOSED,
    ],
    [
      'a second vote while the other countersign voters have not chosen',
      () =>
        act(ticketIn(4, { participant: 'carol', multiAllPerson: { bob: { transition_id: 5, transition_name: 't5' }, carol: {} } }), person('bob'), {
          kind: 'handle',
          transitionId: 5,
          fields: {},
          suggestion: '',
        }),
      R.WAITING_FOR_OTHERS,
    ],
    [
      'a handle before accepting in an accept-first state',
      () => act(ticketIn(3), person('bob'), { kind: 'handle', transitionId: 4, fields: {}, suggestion: '' }),
      R.NEEDS_ACCEPT,
    ],
    ['an accept by the only handler', () => act(ticketIn(2), person('alice'), { kind: 'accept', suggestion: '' }), R.NOTHING_TO_ACCEPT],
    [
      'a handle while an added node must act',
      () => act(ticketIn(2, { inAddNode: true }), person('alice'), { kind: 'handle', transitionId: 2, fields: {}, suggestion: '' }),
      R.IN_ADD_NODE,
    ],
    ['an add-node end outside add-node', () => act(ticketIn(2), person('alice'), { kind: 'addNodeEnd', suggestion: '' }), R.NOT_IN_ADD_NODE],
    ['a delete by a non-manager', () => act(ticketIn(2), person('alice'), { kind: 'delete', suggestion: '' }), R.NOT_A_MANAGER],
    ['a comment by an unrelated user (strict)', () => act(ticketIn(2), person('dave'), { kind: 'comment', suggestion: 'hi' }), R.NOT_A_READER],
    ['a retreat by someone else than the creator', () => act(ticketIn(2), person('alice'), { kind: 'retreat', suggestion: '' }), R.NOT_THE_CREATOR],
    ['a retreat where the state forbids it', () => act(ticketIn(3), person('maker'), { kind: 'retreat', suggestion: '' }), R.RETREAT_NOT_ALLOWED],
    [
      'a transition of another state',
      () => act(ticketIn(2), person('alice'), { kind: 'handle', transitionId: 4, fields: {}, suggestion: '' }),
      R.TRANSITION_NOT_AVAILABLE,
    ],
    ['a creation without a required field', () => create(person('maker'), { fields: { days: 1 } }), R.FIELDS_MISSING],
    ['a creation with a value of the wrong type', () => create(person('maker'), { fields: { reason: 'r', days: 'many' } }), R.FIELD_INVALID],
    [
      'a delivery to an unknown user',
      () => act(ticketIn(2), person('alice'), { kind: 'deliver', target: 'nobody', fromAdmin: false, suggestion: '' }),
      R.TARGET_INVALID,
    ],
    ['an add-node to oneself', () => act(ticketIn(2), person('alice'), { kind: 'addNode', target: 'alice', suggestion: '' }), R.TARGET_INVALID],
    [
      'a forced move to a state of another workflow',
      () => act(ticketIn(2), person('wfadmin'), { kind: 'changeState', stateId: 99, suggestion: '' }),
      R.STATE_NOT_IN_WORKFLOW,
    ],
    ['a retry of a ticket handled by a person', () => act(ticketIn(2), person('wfadmin'), { kind: 'retryAutomation' }), R.NOT_AUTOMATED],
    ['a move into a state whose handlers are all inactive', () => create(person('maker'), { transitionId: 10 }), R.NO_HANDLER],
    ['a condition that does not parse', () => create(person('maker'), { transitionId: 11 }), R.CONDITION_FAILED],
    [
      'a creation over the limit',
      () =>
        decideCreate(
          { ...DEF, workflow: { ...DEF.workflow, limitExpression: { allow_persons: ['alice'] } } },
          person('maker'),
          { transitionId: 1, title: 't', suggestion: '', fields: { reason: 'r', days: 1 }, parentTicketId: 0, parentTicketStateId: 0 },
          { deptIds: new Set(), roleIds: [], recentCount: 0 },
          ports(),
        ),
      R.LIMIT_EXCEEDED,
    ],
    ['an empty comment', () => act(ticketIn(2), person('alice'), { kind: 'comment', suggestion: '  ' }), R.INVALID_INPUT],
    ['a field update naming no field', () => act(ticketIn(2), person('alice'), { kind: 'updateFields', fields: {} }), R.NOTHING_TO_UPDATE],
    [
      'a creation by an app not granted the workflow',
      () => create(person('maker', { app: { name: 'other', allWorkflows: false, workflowIds: [2] } })),
      R.APP_NOT_ALLOWED,
    ],
  ];
  it.each(cases)('%s', async (_name, run, reason) => {
    expect(refused(await run())).toBe(reason);
  });

  it('a workflow without an end state cannot close a ticket', async () => {
    const noEnd = { ...DEF, states: new Map([...DEF.states].filter(([, s]) => s.typeId !== 2)) };
    const d = await decide({ ticket: ticketIn(2), values: {}, handlers: ['alice'] }, noEnd, person('wfadmin'), { kind: 'close', suggestion: '' }, ports());
    expect(refused(d)).toBe(R.NO_END_STATE);
  });

  it('a ticket of a workflow the app is not granted is refused on load', () => {
    expect(appRefusal({ allWorkflows: false, workflowIds: [2] }, 1)?.reason).toBe(R.APP_NOT_ALLOWED);
    expect(appRefusal({ allWorkflows: true, workflowIds: [] }, 1)).toBeNull();
  });

  it('a version the caller saw that the ticket no longer has refuses any action on load, after the app scope', () => {
    expect(ticketRefusal(GRANTS, ticketIn(2), 2)).toMatchObject({ reason: R.VERSION_STALE, code: 'STALE_TICKET', detail: { expected: 2, actual: 3 } });
    expect(ticketRefusal(GRANTS, ticketIn(2), 3)).toBeNull();
    expect(ticketRefusal({ ...GRANTS, workflowIds: [] }, ticketIn(2), 2)?.reason).toBe(R.APP_NOT_ALLOWED);
  });

  it('every refusal reason is covered by a case above', () => {
    // A hook callback for a ticket that waits for none is refused by the service that receives it (test/api/automation-hook.test.ts).
    // So is a parent link the caller may not make (test/api/parent-link.test.ts).
    const covered = new Set([...cases.map(([, , r]) => r), R.NO_END_STATE, R.NOT_WAITING_FOR_HOOK, R.PARENT_INVALID, R.VERSION_STALE]);
    expect(Object.values(R).filter((r) => !covered.has(r))).toEqual([]);
  });
});

describe('the policy, one row per action', () => {
  const subject = (t: TicketRecord) => ({ ticket: t, handlers: handlersOf(t), definition: DEF });
  const rows: [string, Actor, TicketAction['kind'] | 'view', TicketRecord, R | null][] = [
    ['the handler may handle', person('alice'), 'handle', ticketIn(2), null],
    ['a superuser who is not the handler may not handle', person('root', { user: { isAdmin: true } }), 'handle', ticketIn(2), R.NOT_A_HANDLER],
    ['the system may handle anything', system, 'handle', ticketIn(3), null],
    ['a handler of an accept-first state may accept', person('bob'), 'accept', ticketIn(3), null],
    ['the handler may deliver', person('alice'), 'deliver', ticketIn(2), null],
    ['the handler may add a node', person('alice'), 'addNode', ticketIn(2), null],
    ['a workflow admin may change the state', person('wfadmin'), 'changeState', ticketIn(2), null],
    ['the workflow creator manages it', person('owner'), 'delete', ticketIn(2), null],
    ['a superuser manages every workflow', person('root', { user: { isAdmin: true } }), 'delete', ticketIn(2), null],
    ['the creator may close in the start state', person('maker'), 'close', ticketIn(1, { participant: 'maker' }), null],
    ['the creator may not close elsewhere', person('maker'), 'close', ticketIn(2), R.NOT_A_MANAGER],
    ['the creator may retreat where allowed', person('maker'), 'retreat', ticketIn(2), null],
    ['someone in the relation may view', person('maker'), 'view', ticketIn(2), null],
    ['a stranger may not view when the workflow checks', person('dave'), 'view', ticketIn(2), R.NOT_A_READER],
    ['a stranger may comment in loose mode', person('dave', { strict: false }), 'comment', ticketIn(2), null],
    ['a stranger may not update fields in strict mode', person('dave'), 'updateFields', ticketIn(2), R.NOT_A_HANDLER],
    ['a manager may update fields', person('wfadmin'), 'updateFields', ticketIn(2), null],
    ['a manager may retry automation', person('wfadmin'), 'retryAutomation', ticketIn(6), null],
  ];
  it.each(rows)('%s', (_name, who, kind, t, reason) => {
    const action = kind === 'deliver' ? ({ kind, target: 'bob', fromAdmin: false, suggestion: '' } as const) : undefined;
    expect(authorize(who, kind, subject(t), action)?.reason ?? null).toBe(reason);
  });

  it('the creation limits name the rule that refused', () => {
    const facts = { deptIds: new Set([4]), roleIds: [1], recentCount: 2 };
    expect(creationLimitRefusal('bob', { allow_depts: [5] }, facts)?.detail).toMatchObject({ rule: 'allow_depts' });
    expect(creationLimitRefusal('bob', { allow_roles: [2] }, facts)?.detail).toMatchObject({ rule: 'allow_roles' });
    expect(creationLimitRefusal('bob', { period: 24, count: 2 }, facts)?.detail).toMatchObject({ rule: 'count' });
    expect(creationLimitRefusal('bob', { period: 24, count: 3, allow_depts: [4], allow_roles: [1] }, facts)).toBeNull();
  });
});

describe('the ticket machine decides what an action changes', () => {
  it('create: the first transition, its condition, the handlers, a log in the start state and every job', async () => {
    const c = allowed(await create(person('maker')));
    expect(c.set).toMatchObject({
      stateId: 2,
      participant: 'alice',
      participantTypeId: 1,
      creator: 'maker',
      relation: 'maker,alice',
      actStateId: ActState.ONGOING,
      title: 'hello',
    });
    expect(c.duty).toEqual({ users: ['alice'], creator: 'maker' });
    expect(c.values.map((v) => v.field.fieldKey)).toEqual(['reason', 'days']);
    expect(c.log).toMatchObject({ stateId: 1, transitionId: 1, participant: 'maker' });
    expect(c.jobs).toEqual({ notify: true, timers: true, automation: true, parentCheck: true });
    expect(allowed(await create(person('maker'), { fields: { reason: 'r', days: 5 } })).set).toMatchObject({
      stateId: 3,
      participant: 'bob,carol',
      participantTypeId: 2,
    });
  });

  it('create: act state comes from the destination only (draft, ended), not from the refuse attribute', async () => {
    expect(allowed(await create(person('maker'), { transitionId: 12 })).set.actStateId).toBe(ActState.DRAFT);
    expect(allowed(await create(person('maker'), { transitionId: 13 })).set.actStateId).toBe(ActState.FINISHED);
  });

  it('handle: moves, enters the destination with its handlers, marks the worker, resets add-node', async () => {
    const c = allowed(
      await act(ticketIn(2, { addNodeStack: [] }), person('alice'), {
        kind: 'handle',
        transitionId: 3,
        fields: { note: 'n', title: 'ignored' },
        suggestion: 'no',
      }),
    );
    expect(c.set).toMatchObject({ stateId: 1, participant: 'maker', actStateId: ActState.REFUSED, inAddNode: false });
    expect(c.set.title).toBeUndefined();
    expect(c.values.map((v) => v.field.fieldKey)).toEqual(['note']);
    expect(c.duty).toEqual({ users: ['maker'], worker: 'alice' });
    expect(c.log).toMatchObject({ stateId: 2, transitionId: 3, suggestion: 'no', participant: 'alice', interveneTypeId: 0 });
  });

  it('handle: remember_last_man sends the ticket back to who last moved it out of the state', async () => {
    const remembering = { ...DEF, states: new Map([...DEF.states, [3, { ...DEF.states.get(3)!, rememberLastMan: true }]]) };
    const d = await decide(
      { ticket: ticketIn(1, { participant: 'maker' }), values: { reason: 'r', days: 9 }, handlers: ['maker'] },
      remembering,
      person('maker'),
      { kind: 'handle', transitionId: 1, fields: { days: 9 }, suggestion: '' },
      ports(undefined, 'carol'),
    );
    expect(allowed(d).set).toMatchObject({ stateId: 3, participant: 'carol', participantTypeId: 1 });
  });

  it('countersign: a vote waits for the others, a matching vote moves, a differing vote resets everyone', async () => {
    const first = allowed(await act(ticketIn(4), person('bob'), { kind: 'handle', transitionId: 5, fields: {}, suggestion: '' }));
    expect(first).toMatchObject({
      vote: { voter: 'bob', transitionId: 5, outcome: 'wait' },
      stateId: 4,
      set: { participant: 'carol', multiAllPerson: { bob: { transition_id: 5 }, carol: {} } },
      duty: { users: ['carol'], worker: 'bob' },
    });
    expect(first.set.participantTypeId).toBeUndefined();
    expect(first.jobs).toMatchObject({ automation: false, parentCheck: false });
    const voted = ticketIn(4, { participant: 'carol', multiAllPerson: first.set.multiAllPerson });
    const agreed = allowed(await act(voted, person('carol'), { kind: 'handle', transitionId: 5, fields: {}, suggestion: '' }));
    expect(agreed).toMatchObject({ vote: { outcome: 'move' }, stateId: 5, set: { actStateId: ActState.FINISHED, visit: 2 } });
    const reset = allowed(await act(voted, person('carol'), { kind: 'handle', transitionId: 6, fields: {}, suggestion: 'no' }));
    expect(reset).toMatchObject({
      vote: { outcome: 'revote', suggestion: 'no' },
      stateId: 4,
      set: { participant: 'bob,carol', multiAllPerson: { bob: {}, carol: {} } },
    });
    expect(reset.log?.suggestion).toBe('no (handlers chose different actions; every handler votes again)');
  });

  describe('countersign by the state policy', () => {
    const withPolicy = (countersign: MachineState['countersign']) => ({
      ...DEF,
      states: new Map([...DEF.states].map(([id, st]) => [id, id === 4 ? { ...st, countersign, participant: 'bob,carol,dave' } : st])),
    });
    const three = (over: Partial<TicketRecord> = {}) =>
      ticketIn(4, { participant: 'bob,carol,dave', multiAllPerson: { bob: {}, carol: {}, dave: {} }, ...over });
    const vote = (def: MachineDefinition, t: TicketRecord, who: string, transitionId: number) =>
      decide({ ticket: t, values: {}, handlers: handlersOf(t) }, def, person(who), { kind: 'handle', transitionId, fields: {}, suggestion: 'v' }, ports());

    it('a quorum moves on the second matching vote; veto moves on a refusing vote at once', async () => {
      const def = withPolicy({ mode: 'quorum', min: 2, veto: true, onDisagreement: { rule: 'revote' } });
      const first = allowed(await vote(def, three(), 'bob', 5));
      expect(first).toMatchObject({ stateId: 4, vote: { outcome: 'wait' }, set: { participant: 'carol,dave' } });
      const after = three({ participant: 'carol,dave', multiAllPerson: first.set.multiAllPerson });
      expect(allowed(await vote(def, after, 'carol', 5))).toMatchObject({ stateId: 5, vote: { voter: 'carol', outcome: 'move' } });
      expect(allowed(await vote(def, after, 'dave', 6))).toMatchObject({ stateId: 1, vote: { outcome: 'move' }, set: { actStateId: ActState.REFUSED } });
    });

    it('to_state sends a disagreeing round to the policy state with its handlers', async () => {
      const def = withPolicy({ mode: 'all', veto: false, onDisagreement: { rule: 'to_state', stateId: 2 } });
      const first = allowed(await vote(def, three(), 'bob', 5));
      const c = allowed(await vote(def, three({ participant: 'carol,dave', multiAllPerson: first.set.multiAllPerson }), 'carol', 6));
      expect(c).toMatchObject({ stateId: 2, vote: { outcome: 'to_state' }, set: { participant: 'alice', actStateId: ActState.ONGOING, visit: 2 } });
      expect(c.log?.suggestion).toBe('v (handlers disagreed; the countersign policy sends the ticket to s2)');
    });

    it("majority moves through the most chosen transition even when the last vote differs; the log keeps the voter's choice", async () => {
      const def = withPolicy({ mode: 'all', veto: false, onDisagreement: { rule: 'majority' } });
      const chose5 = { transition_id: 5, transition_name: 't5' };
      const c = allowed(await vote(def, three({ participant: 'dave', multiAllPerson: { bob: chose5, carol: chose5, dave: {} } }), 'dave', 6));
      expect(c).toMatchObject({ stateId: 5, vote: { voter: 'dave', transitionId: 6, outcome: 'move' }, set: { actStateId: ActState.FINISHED } });
      expect(c.log).toMatchObject({ transitionId: 6, suggestion: 'v (the majority chose t5)' });
    });

    it('add-node in a round adds a pending voter, with no add-node mode; a voter cannot be added twice', async () => {
      const added = allowed(await act(ticketIn(4), person('bob'), { kind: 'addNode', target: 'dave', suggestion: '' }));
      expect(added).toMatchObject({
        set: { participant: 'bob,carol,dave', multiAllPerson: { bob: {}, carol: {}, dave: {} } },
        duty: { users: ['bob', 'carol', 'dave'] },
        log: { interveneTypeId: Intervene.ADD_NODE },
      });
      expect(added.set.inAddNode).toBeUndefined();
      expect(refused(await act(ticketIn(4), person('bob'), { kind: 'addNode', target: 'carol', suggestion: '' }))).toBe(R.TARGET_INVALID);
    });

    it("deliver hands the voter's pending vote; a manager hands a named voter's vote", async () => {
      expect(allowed(await act(ticketIn(4), person('bob'), { kind: 'deliver', target: 'dave', fromAdmin: false, suggestion: '' }))).toMatchObject({
        set: { participant: 'dave,carol', multiAllPerson: { dave: {}, carol: {} } },
        duty: { users: ['dave', 'carol'] },
      });
      const byAdmin = { kind: 'deliver', target: 'dave', fromAdmin: true, suggestion: '', voter: 'carol' } as const;
      expect(allowed(await act(ticketIn(4), person('wfadmin'), byAdmin)).set).toMatchObject({ participant: 'bob,dave' });
      const voted = ticketIn(4, { participant: 'carol', multiAllPerson: { bob: { transition_id: 5, transition_name: 't5' }, carol: {} } });
      expect(refused(await act(voted, person('wfadmin'), { ...byAdmin, voter: 'bob' }))).toBe(R.INVALID_INPUT);
      expect(refused(await act(ticketIn(4), person('bob'), { kind: 'deliver', target: 'carol', fromAdmin: false, suggestion: '' }))).toBe(R.TARGET_INVALID);
      expect(refused(await act(ticketIn(4), person('alice'), { ...byAdmin }))).toBe(R.NOT_A_MANAGER);
    });

    it('a revisit is a new visit with a fresh ledger', async () => {
      const back = allowed(
        await act(ticketIn(1, { visit: 3, participant: 'maker' }), person('maker'), { kind: 'handle', transitionId: 7, fields: {}, suggestion: '' }),
      );
      expect(back).toMatchObject({ stateId: 4, set: { visit: 4, multiAllPerson: { bob: {}, carol: {} } } });
      expect(back.vote).toBeUndefined();
    });
  });

  it('the system moves without the person rules and logs as asked', async () => {
    const c = allowed(
      await act(ticketIn(6), system, {
        kind: 'handle',
        transitionId: 9,
        fields: {},
        suggestion: 'ok',
        system: { logAs: { participant: 'hook', participantTypeId: 10 } },
      }),
    );
    expect(c).toMatchObject({ stateId: 5, log: { participant: 'hook', participantTypeId: 10 }, duty: { users: [], worker: undefined } });
    const silent = allowed(await act(ticketIn(6), system, { kind: 'handle', transitionId: 9, fields: {}, suggestion: '', system: { skipLog: true } }));
    expect(silent.log).toBeUndefined();
  });

  it('accept, deliver and add-node change the handlers and leave the state; add-node nests', async () => {
    expect(allowed(await act(ticketIn(3), person('bob'), { kind: 'accept', suggestion: '' }))).toMatchObject({
      set: { participant: 'bob', participantTypeId: 1 },
      log: { interveneTypeId: Intervene.ACCEPT, suggestion: '接单处理' },
      stateId: 3,
    });
    expect(allowed(await act(ticketIn(2), person('wfadmin'), { kind: 'deliver', target: 'bob', fromAdmin: true, suggestion: '' }))).toMatchObject({
      set: { participant: 'bob' },
      log: { interveneTypeId: Intervene.DELIVER },
    });
    const added = allowed(await act(ticketIn(2), person('alice'), { kind: 'addNode', target: 'bob', suggestion: '' }));
    expect(added.set).toMatchObject({ participant: 'bob', inAddNode: true, addNodeMan: 'alice', addNodeStack: ['alice'] });
    const nested = ticketIn(2, { participant: 'carol', inAddNode: true, addNodeMan: 'bob', addNodeStack: ['alice', 'bob'] });
    expect(allowed(await act(nested, person('carol'), { kind: 'addNodeEnd', suggestion: '' })).set).toMatchObject({
      participant: 'bob',
      inAddNode: true,
      addNodeMan: 'alice',
      addNodeStack: ['alice'],
    });
  });

  it('SLA escalations: a role or dept is resolved with the state distribution; a watcher joins the relation only', async () => {
    const groups: MachinePorts = {
      ...ports(),
      directory: { ...ports().directory, roleMembers: async () => ['carol', 'gone', 'bob'], usersInDepts: async (ids) => (ids[0] === 8 ? ['dave'] : ['gone']) },
    };
    const role = { kind: 'deliverToGroup', group: { participantTypeId: ParticipantType.ROLE, participant: '3' }, suggestion: 'SLA escalation' } as const;
    expect(allowed(await act(ticketIn(2), system, role, groups))).toMatchObject({
      set: { participantTypeId: ParticipantType.MULTI, participant: 'carol,bob', multiAllPerson: {}, relation: 'maker,alice,carol,bob' },
      duty: { users: ['carol', 'bob'] },
      log: { interveneTypeId: Intervene.DELIVER, participant: 'loonrobot', suggestion: 'SLA escalation' },
      stateId: 2,
    });
    // In a countersign state the members start a new round.
    expect(allowed(await act(ticketIn(4), system, role, groups)).set).toMatchObject({ participant: 'carol,bob', multiAllPerson: { carol: {}, bob: {} } });
    const dept = (id: string) => ({ kind: 'deliverToGroup', group: { participantTypeId: ParticipantType.DEPT, participant: id }, suggestion: '' }) as const;
    expect(allowed(await act(ticketIn(2), system, dept('8'), groups)).set).toMatchObject({ participantTypeId: ParticipantType.PERSONAL, participant: 'dave' });
    expect(refused(await act(ticketIn(2), system, dept('9'), groups))).toBe(R.NO_HANDLER);

    const watched = allowed(await act(ticketIn(2), system, { kind: 'addWatcher', target: 'dave', suggestion: 'w' }));
    expect(watched).toMatchObject({ set: { relation: 'maker,alice,dave' }, watcher: 'dave', log: { interveneTypeId: Intervene.COMMENT }, stateId: 2 });
    expect(watched.duty).toBeUndefined();
    expect(watched.set.participant).toBeUndefined();
    expect(refused(await act(ticketIn(2), system, { kind: 'addWatcher', target: 'gone', suggestion: '' }))).toBe(R.TARGET_INVALID);
    expect(refused(await act(ticketIn(2), person('alice'), { kind: 'addWatcher', target: 'dave', suggestion: '' }))).toBe(R.NOT_A_MANAGER);
  });

  it('interventions: change state, close, retreat, delete, comment, fields, automation', async () => {
    expect(allowed(await act(ticketIn(2), person('wfadmin'), { kind: 'changeState', stateId: 5, suggestion: '' }))).toMatchObject({
      stateId: 5,
      set: { actStateId: ActState.CLOSED },
      log: { stateId: 2, interveneTypeId: Intervene.CHANGE_STATE },
      jobs: { timers: true, automation: true },
    });
    expect(allowed(await act(ticketIn(2), person('wfadmin'), { kind: 'close', suggestion: 'done' }))).toMatchObject({
      stateId: 5,
      set: { actStateId: ActState.CLOSED, participant: '' },
      log: { stateId: 5, suggestion: '强制关闭工单:done' },
      duty: { users: [] },
    });
    expect(allowed(await act(ticketIn(2), person('maker'), { kind: 'retreat', suggestion: '' }))).toMatchObject({
      stateId: 1,
      set: { actStateId: ActState.RETREATED, participant: 'maker' },
      log: { interveneTypeId: Intervene.RETREAT },
    });
    expect(allowed(await act(ticketIn(2), person('wfadmin'), { kind: 'delete', suggestion: '' }))).toMatchObject({
      set: { isDeleted: true },
      log: { interveneTypeId: Intervene.DELETE },
    });
    expect(allowed(await act(ticketIn(2), person('maker'), { kind: 'comment', suggestion: 'hi' }))).toMatchObject({
      log: { interveneTypeId: Intervene.COMMENT, suggestion: 'hi' },
      jobs: { notify: true },
    });
    const fields = allowed(await act(ticketIn(2), person('alice'), { kind: 'updateFields', fields: { title: 'new', days: 2, unknown: 1 } }));
    expect(fields).toMatchObject({ set: { title: 'new' } });
    expect(fields.values.map((v) => v.field.fieldKey)).toEqual(['days']);
    expect(allowed(await act(ticketIn(6), person('wfadmin'), { kind: 'retryAutomation' }))).toMatchObject({
      set: { scriptRunLastResult: true },
      jobs: { automation: true },
    });
    expect(
      allowed(
        await act(ticketIn(6), system, {
          kind: 'recordAutomation',
          ok: false,
          suggestion: 'down',
          participant: 'hook',
          participantTypeId: 10,
          interveneTypeId: 9,
        }),
      ),
    ).toMatchObject({ set: { scriptRunLastResult: false }, log: { participant: 'hook', suggestion: 'down' } });
  });

  it('a parent_field state takes its handlers from the parent values', async () => {
    const fromParent = {
      ...DEF,
      states: new Map([...DEF.states, [2, { ...DEF.states.get(2)!, participantTypeId: ParticipantType.PARENT_FIELD, participant: 'owner' }]]),
    };
    const d = await decideCreate(
      fromParent,
      person('maker'),
      { transitionId: 1, title: 't', suggestion: '', fields: { reason: 'r', days: 1 }, parentTicketId: 3, parentTicketStateId: 0 },
      { deptIds: new Set(), roleIds: [], recentCount: 0 },
      ports({ owner: 'dave' }),
    );
    expect(allowed(d).set).toMatchObject({ participant: 'dave', parentTicketId: 3 });
  });
});

describe('the trace and the explain list report the decision itself', () => {
  it('a trace hears each condition with its values and result, and how the handlers were found', async () => {
    const remembering = { ...DEF, states: new Map([...DEF.states, [3, { ...DEF.states.get(3)!, rememberLastMan: true }]]) };
    const trace = new DecisionTrace();
    const d = await decide(
      { ticket: ticketIn(1, { participant: 'maker' }), values: { reason: 'r', days: 1 }, handlers: ['maker'] },
      remembering,
      person('maker'),
      { kind: 'handle', transitionId: 1, fields: { days: 9 }, suggestion: '' },
      ports(undefined, 'carol'),
      trace,
    );
    expect(allowed(d).stateId).toBe(3);
    expect(trace.conditions).toEqual([{ index: 1, expression: '{days} > 3', targetStateId: 3, values: { days: 9 }, result: true }]);
    expect(trace.chosenBy).toBe(1);
    expect(trace.participants).toMatchObject({ stateId: 3, source: 'remember_last_man', rule: 'bob,carol', resolution: { users: ['carol'] } });

    const creation = new DecisionTrace();
    await decideCreate(
      DEF,
      person('maker'),
      { transitionId: 1, title: 't', suggestion: '', fields: { reason: 'r', days: 2 }, parentTicketId: 0, parentTicketStateId: 0 },
      { deptIds: new Set(), roleIds: [], recentCount: 0 },
      ports(),
      creation,
    );
    expect([creation.chosenBy, creation.conditions[0].result, creation.participants?.source]).toEqual([0, false, 'rule']);

    const broken = new DecisionTrace();
    const failed = await decideCreate(
      DEF,
      person('maker'),
      { transitionId: 11, title: 't', suggestion: '', fields: { reason: 'r' }, parentTicketId: 0, parentTicketStateId: 0 },
      { deptIds: new Set(), roleIds: [], recentCount: 0 },
      ports(),
      broken,
    );
    expect(refused(failed)).toBe(R.CONDITION_FAILED);
    expect(broken.conditions[0]).toMatchObject({ result: false, error: expect.any(String) });
  });

  it('the explain list answers what the actions answer, for each action of the state', async () => {
    const t = ticketIn(2);
    const snapshot = { ticket: t, values: { reason: 'r', days: 1, note: null }, handlers: ['alice'] };
    const list = await explainActions(snapshot, DEF, person('alice'), ports(), null);
    expect(list.map((a) => [a.kind, a.transitionId, a.refusal?.reason ?? null])).toEqual([
      ['handle', 2, null],
      ['handle', 3, null],
      ['accept', null, R.NOTHING_TO_ACCEPT],
      ['addNodeEnd', null, R.NOT_IN_ADD_NODE],
      ['deliver', null, null],
      ['addNode', null, null],
      ['close', null, R.NOT_A_MANAGER],
      ['retreat', null, R.NOT_THE_CREATOR],
      ['comment', null, null],
      ['changeState', null, R.NOT_A_MANAGER],
      ['delete', null, R.NOT_A_MANAGER],
    ]);
    for (const entry of list.filter((a) => a.kind === 'handle')) {
      const d = await act(t, person('alice'), { kind: 'handle', transitionId: entry.transitionId!, fields: {}, suggestion: '' });
      expect(d.allowed).toBe(entry.refusal === null);
    }
    const stale = await explainActions(snapshot, DEF, person('alice'), ports(), ticketRefusal(GRANTS, t, 1));
    expect(new Set(stale.map((a) => a.refusal?.reason))).toEqual(new Set([R.VERSION_STALE]));
  });
});
