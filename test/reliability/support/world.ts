import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { importDefinitions } from '../../../src/db/definitions';
import { CustomField, State, Ticket, Transition, User, UserDept, UserRole, Workflow } from '../../../src/db/entities';
import { ParticipantType, StateType } from '../../../src/domain/constants';
import type { TestApp } from '../../support/app';
import { createTicket, startCasesApp, TO } from '../../support/cases';
import { snapshotTables } from '../../support/snapshot';

/** A seeded ticket as the fuzzers need it: where it stands and who may act on it. */
export interface TicketFacts {
  id: number;
  workflowId: number;
  stateId: number;
  handlers: string[];
}

/** What the fuzzers draw valid values from: the ids and names that exist in the database. */
export interface World {
  workflowIds: number[];
  stateIds: number[];
  transitionIds: number[];
  ticketIds: number[];
  usernames: string[];
  /** Custom field types and choices by field key (the same key may exist in several workflows). */
  fields: Map<string, { fieldTypeId: number; choices: string[] }>;
  tickets: TicketFacts[];
  /** Transitions out of each workflow's start state. */
  startTransitions: Map<number, number[]>;
  /** Transitions out of each state. */
  outgoing: Map<number, number[]>;
  /** States of each workflow. */
  states: Map<number, number[]>;
}

const FUZZ_FIXTURE = fs.readFileSync(path.join(__dirname, 'fuzz.yaml'), 'utf8');

/** Runs per property: a file's request budget shared by its properties (≥ 8 each; MariaDB a quarter); FUZZ_RUNS and FUZZ_SEED override. */
export function fuzzOptions(dialect: 'sqlite' | 'mysql', budget: number, properties: number): { numRuns: number; seed?: number } {
  const base = Number(process.env.FUZZ_RUNS) || Math.max(8, Math.ceil(budget / properties));
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
  return { numRuns: dialect === 'sqlite' ? base : Math.max(3, Math.ceil(base / 4)), ...(seed === undefined ? {} : { seed }) };
}

/** Outcomes per property, printed at the end when FUZZ_STATS=1 (how often the fuzzer got past validation). */
export class Tally {
  private readonly counts = new Map<string, number>();

  add(property: string, outcome: string): void {
    const key = `${property} → ${outcome}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  print(title: string): void {
    if (process.env.FUZZ_STATS !== '1') return;
    console.info(
      `${title}\n${[...this.counts]
        .sort()
        .map(([k, n]) => `  ${String(n).padStart(4)}  ${k}`)
        .join('\n')}`,
    );
  }
}

async function seedTickets(t: TestApp): Promise<void> {
  const leave = { workflow_id: 1, transition_id: 1, title: 'leave', reason: 'r', date_start: '2020-04-13 00:00:00', date_end: '2020-04-14 00:00:00' };
  await createTicket(t, leave);
  await createTicket(t, leave, 'webb');
  const vpn = await createTicket(t, { workflow_id: 2, transition_id: 6, title: 'vpn', reason: 'r' });
  await t.rest('patch', `/tickets/${vpn}`, 'ops', { transition_id: 8 });
  for (const to of [TO.ACCEPT, TO.ALL, TO.MULTI, TO.CREATOR, TO.SCRIPT, TO.TIMER])
    await createTicket(t, { workflow_id: 13, transition_id: to, title: 'modes' });
  await createTicket(t, { workflow_id: 10, transition_id: 100, title: 'required', reason: 'r', days: 1 });
  const fuzz = { workflow_id: 30, transition_id: 300, title: 'fuzz', f_int: 5, f_string: 's', f_float: 1.5, f_user: 'webb', f_text: 'text' };
  await createTicket(t, fuzz);
  const nested = await createTicket(t, fuzz);
  await t.rest('post', `/tickets/${nested}/add_node`, 'admin', { target_username: 'webb' });
  const review = await createTicket(t, fuzz);
  await t.rest('patch', `/tickets/${review}`, 'admin', { transition_id: 302 });
}

/** The demo, the §13 fixture and the fuzz fixture, with tickets in many states; every table is snapshotted. */
export async function startFuzzApp(dialect: 'sqlite' | 'mysql'): Promise<TestApp> {
  const t = await startCasesApp(dialect);
  await importDefinitions(t.orm, FUZZ_FIXTURE, { source: 'fuzz.yaml' });
  await seedTickets(t);
  await snapshotTables(t.orm);
  return t;
}

function group(pairs: [number, number][]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const [k, v] of pairs) out.set(k, [...(out.get(k) ?? []), v]);
  return out;
}

/** Read the ids and names the fuzzers use from the database. */
export async function loadWorld(t: TestApp): Promise<World> {
  const em = t.orm.em.fork();
  const [workflows, states, transitions, tickets, users, customFields, roles, depts] = await Promise.all([
    em.find(Workflow, {}),
    em.find(State, {}),
    em.find(Transition, {}),
    em.find(Ticket, {}),
    em.find(User, {}),
    em.find(CustomField, {}),
    em.find(UserRole, {}),
    em.find(UserDept, {}),
  ]);
  const starts = new Set(states.filter((s) => s.typeId === StateType.START).map((s) => s.id));
  const nameOf = new Map(users.map((u) => [u.id, u.username]));
  const members = (links: { userId: number }[]) => links.map((l) => nameOf.get(l.userId) ?? '');
  const handlers = (r: Ticket): string[] => {
    const ids = r.participant.split(',').map(Number);
    if (r.participantTypeId === ParticipantType.ROLE) return members(roles.filter((l) => ids.includes(l.roleId)));
    if (r.participantTypeId === ParticipantType.DEPT) return members(depts.filter((l) => ids.includes(l.deptId)));
    return [ParticipantType.PERSONAL, ParticipantType.MULTI].includes(r.participantTypeId as 1) ? r.participant.split(',') : [];
  };
  return {
    workflowIds: workflows.map((w) => w.id),
    stateIds: states.map((s) => s.id),
    transitionIds: transitions.map((r) => r.id),
    ticketIds: tickets.map((r) => r.id),
    usernames: users.map((u) => u.username),
    fields: new Map(customFields.map((f) => [f.fieldKey, { fieldTypeId: f.fieldTypeId, choices: Object.keys(f.fieldChoice) }])),
    tickets: tickets.map((r) => ({ id: r.id, workflowId: r.workflowId, stateId: r.stateId, handlers: handlers(r).filter(Boolean) })),
    startTransitions: group(transitions.filter((r) => starts.has(r.sourceStateId)).map((r) => [r.workflowId, r.id])),
    outgoing: group(transitions.map((r) => [r.sourceStateId, r.id])),
    states: group(states.map((s) => [s.workflowId, s.id])),
  };
}

/** A seeded ticket and a user who may act on it (a handler, or the superuser admin). */
export function actorArb(world: World): fc.Arbitrary<{ ticket: TicketFacts; username: string }> {
  return fc.constantFrom(...world.tickets).chain((ticket) => fc.constantFrom(...ticket.handlers, 'admin').map((username) => ({ ticket, username })));
}
