import type { Dialect } from './db';

/** Who handles what in the demo definitions, read from the seeded database. */
export interface Directory {
  /** Active usernames, the creators of seeded tickets. */
  users: string[];
  /** `creator_tl` of each user (state 2 of the leave workflow). */
  teamLeaders: Map<string, string[]>;
  /** Members of dept 人事部 and below (state 3). */
  hr: string[];
  /** Members of role 运维人员 (state 6). */
  ops: string[];
}

/** Rows of one chunk of tickets, per table, in the column order of COLUMNS. */
export interface Chunk {
  tickets: unknown[][];
  values: unknown[][];
  logs: unknown[][];
  users: unknown[][];
}

/** Column lists of the seeded tables. */
export const COLUMNS = {
  tickets: [
    'id',
    'creator',
    'created_at',
    'updated_at',
    'is_deleted',
    'title',
    'workflow_id',
    'sn',
    'state_id',
    'parent_ticket_id',
    'parent_ticket_state_id',
    'participant_type_id',
    'participant',
    'relation',
    'in_add_node',
    'add_node_man',
    'add_node_stack',
    'script_run_last_result',
    'act_state_id',
    'multi_all_person',
    'version',
    'sla_due_at',
    'sla_breached',
  ],
  values: ['ticket_id', 'field_key', 'field_type_id', 'string_value', 'text_value', 'int_value', 'float_value', 'bool_value', 'date_value', 'datetime_value'],
  logs: [
    'ticket_id',
    'transition_id',
    'suggestion',
    'participant_type_id',
    'participant',
    'state_id',
    'intervene_type_id',
    'ticket_data',
    'created_at',
    'is_deleted',
  ],
  users: ['ticket_id', 'username', 'in_process', 'worked', 'created_at'],
};

/** The handle scenarios act as this user on leave tickets waiting in state 2 (its team-lead approval). */
export const HANDLER = 'admin';

interface Step {
  transition: number;
  to: number;
  actor: 'creator' | 'handler' | 'hook';
  attr: 1 | 2;
}

const START = new Set([1, 5]);
const END = new Set([4, 9]);
const T = (transition: number, to: number, actor: Step['actor'], attr: 1 | 2 = 1): Step => ({ transition, to, actor, attr });
const PATHS: { workflow: 1 | 2; weight: number; steps: Step[] }[] = [
  { workflow: 1, weight: 15, steps: [T(1, 2, 'creator')] },
  { workflow: 1, weight: 9, steps: [T(1, 2, 'creator'), T(2, 3, 'handler')] },
  { workflow: 1, weight: 27, steps: [T(1, 2, 'creator'), T(2, 3, 'handler'), T(4, 4, 'handler')] },
  { workflow: 1, weight: 9, steps: [T(1, 2, 'creator'), T(3, 1, 'handler', 2)] },
  { workflow: 2, weight: 10, steps: [T(6, 6, 'creator')] },
  { workflow: 2, weight: 6, steps: [T(6, 6, 'creator'), T(8, 7, 'handler'), T(9, 8, 'hook')] },
  { workflow: 2, weight: 22, steps: [T(6, 6, 'creator'), T(8, 7, 'handler'), T(9, 8, 'hook'), T(10, 9, 'creator')] },
  { workflow: 2, weight: 2, steps: [T(6, 6, 'creator'), T(7, 5, 'handler', 2)] },
];
const CLOSED = PATHS.filter((p) => END.has(p.steps[p.steps.length - 1].to));
const POOL_PATH = PATHS[0];

function pick(paths: typeof PATHS, r: number): (typeof PATHS)[number] {
  let left = r * paths.reduce((s, p) => s + p.weight, 0);
  return paths.find((p) => (left -= p.weight) < 0) ?? paths[0];
}

/** A small deterministic random source (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const days = new Map<number, string>();
const pad = (n: number, w = 2) => String(Math.floor(n)).padStart(w, '0');

function dateOf(ms: number): string {
  const day = Math.floor(ms / DAY);
  let text = days.get(day);
  if (!text) days.set(day, (text = new Date(day * DAY).toISOString().slice(0, 10)));
  return text;
}

/** `YYYYMMDD` of a time in UTC (the bench runs the server with LOONGATE_TZ=UTC). */
export const dayKey = (ms: number) => dateOf(ms).replace(/-/g, '');

function local(ms: number, millis = false): string {
  const s = (((ms % DAY) + DAY) % DAY) / 1000;
  const text = `${dateOf(ms)} ${pad(s / 3600)}:${pad((s % 3600) / 60)}:${pad(s % 60)}`;
  return millis ? `${text}.${pad(ms % 1000, 3)}` : text;
}

/** Generates tickets in id order, the way the engine would have written them. */
export class TicketFactory {
  private readonly rnd = random(20261128);
  private readonly counters = new Map<string, number>();
  private readonly poolCreators: string[];
  private readonly poolEvery: number;
  private readonly openSince: number;

  /** Tickets created before lastMs - openDays are all finished (but the handle pool); newer ones are in every state. */
  constructor(
    private readonly dir: Directory,
    private readonly dialect: Dialect,
    private readonly total: number,
    private readonly firstMs: number,
    private readonly lastMs: number,
    pool: number,
    openDays: number,
  ) {
    this.openSince = lastMs - openDays * DAY;
    this.poolCreators = dir.users.filter((u) => (dir.teamLeaders.get(u) ?? []).join() === HANDLER);
    if (!this.poolCreators.length) throw new Error(`no user has ${HANDLER} as team leader: the handle pool cannot be seeded`);
    this.poolEvery = pool > 0 ? Math.max(1, Math.floor(total / pool)) : 0;
  }

  /** Serial counters per `ops:YYYYMMDD` reached so far. */
  serialCounters(prefix: string): [string, number][] {
    return [...this.counters.entries()].map(([day, n]) => [`${prefix}:${day}`, n]);
  }

  private time(ms: number, fraction = true): number | string {
    if (this.dialect === 'sqlite') return fraction ? ms : Math.floor(ms / 1000) * 1000;
    return local(ms, fraction);
  }

  private resolve(state: number, creator: string): { type: number; participant: string; users: string[] } {
    const many = (users: string[]) => ({ type: users.length > 1 ? 2 : 1, participant: users.join(','), users });
    if (START.has(state) || state === 8) return many([creator]);
    if (END.has(state)) return { type: 1, participant: '', users: [] };
    if (state === 7) return { type: 10, participant: '***', users: [] };
    if (state === 2) return many(this.dir.teamLeaders.get(creator) ?? []);
    return many(state === 3 ? this.dir.hr : this.dir.ops);
  }

  private pickPath(i: number, created: number): { path: (typeof PATHS)[number]; creator: string } {
    if (this.poolEvery && i % this.poolEvery === 0) return { path: POOL_PATH, creator: this.poolCreators[i % this.poolCreators.length] };
    const path = pick(created < this.openSince ? CLOSED : PATHS, this.rnd());
    return { path, creator: this.dir.users[Math.floor(this.rnd() * this.dir.users.length)] };
  }

  /** Rows for tickets with ids from..to-1 (ids start at 1). */
  chunk(from: number, to: number, prefix: string): Chunk {
    const out: Chunk = { tickets: [], values: [], logs: [], users: [] };
    for (let id = from; id < to; id++) this.ticket(id, prefix, out);
    return out;
  }

  /**
   * The SLA list columns of a seeded ticket: an open ticket has a running clock due 0–72 hours after its last move
   * (so the older ones are past due), a finished one none; one in ten breached an earlier clock.
   */
  private slaColumns(act: number, last: number): [number | string | null, number] {
    const open = act === 0 || act === 1;
    return [open ? this.time(last + Math.floor(this.rnd() * 72 * 3_600_000)) : null, this.rnd() < 0.1 ? 1 : 0];
  }

  private ticket(id: number, prefix: string, out: Chunk): void {
    const created = Math.floor(this.firstMs + ((id - 1) / this.total) * (this.lastMs - this.firstMs));
    const { path, creator } = this.pickPath(id - 1, created);
    const day = dayKey(created);
    const serial = (this.counters.get(day) ?? 0) + 1;
    this.counters.set(day, serial);
    const sn = `${prefix}_${day}${String(serial).padStart(4, '0')}`;
    const title = path.workflow === 1 ? `请假 ${id}` : `vpn申请 ${id}`;
    const reason = `bench reason ${id}: ${path.workflow === 1 ? 'family trip' : 'remote work'}`;
    let values = `"reason":${JSON.stringify(reason)}`;
    if (path.workflow === 1) {
      const start = created + Math.floor(this.rnd() * 30) * DAY;
      const end = start + (1 + Math.floor(this.rnd() * 5)) * DAY;
      values = `"date_start":"${local(start)}","date_end":"${local(end)}",${values}`;
      out.values.push([id, 'date_start', 30, null, null, null, null, null, null, this.time(start, false)]);
      out.values.push([id, 'date_end', 30, null, null, null, null, null, null, this.time(end, false)]);
    }
    out.values.push([id, 'reason', 55, null, reason, null, null, null, null, null]);

    const ticketUsers = new Map<string, { inProcess: boolean; worked: boolean }>();
    let relation: string[] = [creator];
    let state = path.workflow === 1 ? 1 : 5;
    let participant = { type: 1, participant: creator, users: [creator] };
    let act = 1;
    let at = created;
    let last = created;
    let version = 1;
    const head = `{"id":${id},"sn":"${sn}","title":${JSON.stringify(title)},"workflow_id":${path.workflow}`;
    const tail = `"creator":${JSON.stringify(creator)},"is_deleted":false,"gmt_created":"${local(created)}"`;
    path.steps.forEach((step, n) => {
      const actor = step.actor === 'creator' ? creator : step.actor === 'hook' ? 'hook' : participant.users[0];
      const next = this.resolve(step.to, creator);
      for (const [name, row] of ticketUsers) row.inProcess = next.users.includes(name);
      for (const name of [...next.users, ...(n === 0 ? [creator] : [])]) {
        if (!ticketUsers.has(name)) ticketUsers.set(name, { inProcess: next.users.includes(name), worked: false });
      }
      if (n > 0 && step.actor !== 'hook') {
        const row = ticketUsers.get(actor);
        if (row) row.worked = true;
        else ticketUsers.set(actor, { inProcess: false, worked: true });
      }
      relation = [...new Set([...relation, ...next.users])];
      act = step.attr === 2 ? 2 : END.has(step.to) ? 4 : START.has(step.to) ? 0 : 1;
      if (n > 0) version += 1;
      const snapshot =
        `${head},"state_id":${step.to},"parent_ticket_id":0,"parent_ticket_state_id":0,"participant_type_id":${next.type},` +
        `"participant":${JSON.stringify(next.participant)},"relation":${JSON.stringify(relation.join(','))},"in_add_node":false,"add_node_man":"",` +
        `"script_run_last_result":true,"act_state_id":${act},"multi_all_person":"{}",${tail},"gmt_modified":"${local(at)}",${values}}`;
      out.logs.push([
        id,
        step.transition,
        n === 0 ? '' : step.attr === 2 ? 'not this time' : 'ok',
        step.actor === 'hook' ? 10 : 1,
        actor,
        state,
        0,
        snapshot,
        this.time(at),
        0,
      ]);
      state = step.to;
      participant = next;
      last = at;
      at += 60_000 + Math.floor(this.rnd() * 3_600_000);
    });
    out.tickets.push([
      id,
      creator,
      this.time(created),
      this.time(last),
      0,
      title,
      path.workflow,
      sn,
      state,
      0,
      0,
      participant.type,
      participant.participant,
      relation.join(','),
      0,
      '',
      '[]',
      1,
      act,
      '{}',
      version,
      ...this.slaColumns(act, last),
    ]);
    for (const [name, row] of ticketUsers) out.users.push([id, name, row.inProcess ? 1 : 0, row.worked ? 1 : 0, this.time(created)]);
  }
}
