import { addWorkingTime, type Calendar, workingTimeBetween } from './calendar';

/** One stay of a ticket in a state: the token escalations carry. */
export interface Visit {
  id: number;
  stateId: number;
  enteredAt: Date;
  /** Null while the ticket is still there. */
  leftAt: Date | null;
}

/** What the clocks of a workflow count (times in milliseconds). */
export interface SlaRules {
  calendar: Calendar | null;
  /** Target of the whole ticket, from creation to an end state; null: no ticket clock. */
  ticketTarget: number | null;
  /** Per state: its target (null: no state clock) and whether the ticket clock pauses there. */
  states: ReadonlyMap<number, { target: number | null; pause: boolean }>;
  /** End states: the ticket clock stops when the ticket reaches one. */
  endStates: ReadonlySet<number>;
}

/** An SLA clock: one per visit of a state with a target, and one for the whole ticket. */
export interface SlaClock {
  scope: 'state' | 'ticket';
  /** The state of a state clock; null for the ticket clock. */
  stateId: number | null;
  /** The visit a state clock belongs to; for the ticket clock, the visit that last started or resumed it. */
  visitId: number;
  startedAt: Date;
  target: number;
  /** When the target runs out; null while a ticket clock is paused and has not breached. */
  dueAt: Date | null;
  /** Working time counted so far (to `now`, or to when the clock stopped). */
  elapsed: number;
  /** target − elapsed: negative once breached. */
  remaining: number;
  paused: boolean;
  /** False once the ticket left the state (state clock) or reached an end state (ticket clock). */
  running: boolean;
  breached: boolean;
  breachedAt: Date | null;
  stoppedAt: Date | null;
}

function stateClock(rules: SlaRules, v: Visit, target: number, now: Date): SlaClock {
  const dueAt = addWorkingTime(rules.calendar, v.enteredAt, target);
  const end = v.leftAt ?? now;
  const elapsed = workingTimeBetween(rules.calendar, v.enteredAt, end);
  const breached = end.getTime() > dueAt.getTime();
  return {
    scope: 'state',
    stateId: v.stateId,
    visitId: v.id,
    startedAt: v.enteredAt,
    target,
    dueAt,
    elapsed,
    remaining: target - elapsed,
    paused: false,
    running: v.leftAt === null,
    breached,
    breachedAt: breached ? dueAt : null,
    stoppedAt: v.leftAt,
  };
}

/**
 * The ticket clock counts working time in every visit except those in pause states, from creation until an end
 * state is reached. Its due time is fixed when it (re)starts: the start plus the target left at that moment.
 */
function ticketClock(rules: SlaRules, visits: readonly Visit[], target: number, now: Date): SlaClock | null {
  if (!visits.length) return null;
  let elapsed = 0;
  let breachedAt: Date | null = null;
  let dueAt: Date | null = null;
  let stoppedAt: Date | null = null;
  let paused = false;
  let lastRun = visits[0]!;
  for (const v of visits) {
    if (rules.endStates.has(v.stateId)) {
      stoppedAt = v.enteredAt;
      dueAt = breachedAt;
      paused = false;
      break;
    }
    paused = !!rules.states.get(v.stateId)?.pause;
    if (paused) {
      dueAt = breachedAt;
      continue;
    }
    lastRun = v;
    const end = v.leftAt ?? now;
    dueAt = breachedAt ?? addWorkingTime(rules.calendar, v.enteredAt, target - elapsed);
    if (!breachedAt && end.getTime() > dueAt.getTime()) breachedAt = dueAt;
    elapsed += workingTimeBetween(rules.calendar, v.enteredAt, end);
  }
  return {
    scope: 'ticket',
    stateId: null,
    visitId: lastRun.id,
    startedAt: visits[0]!.enteredAt,
    target,
    dueAt,
    elapsed,
    remaining: target - elapsed,
    paused,
    running: stoppedAt === null,
    breached: breachedAt !== null,
    breachedAt,
    stoppedAt,
  };
}

/** A ticket's clocks at `now`: the ticket clock first (when the workflow has a target), then state clocks oldest first. */
export function clocksOf(rules: SlaRules, visits: readonly Visit[], now: Date): SlaClock[] {
  const ordered = [...visits].sort((a, b) => a.enteredAt.getTime() - b.enteredAt.getTime() || a.id - b.id);
  const clocks: SlaClock[] = [];
  const whole = rules.ticketTarget === null ? null : ticketClock(rules, ordered, rules.ticketTarget, now);
  if (whole) clocks.push(whole);
  for (const v of ordered) {
    const target = rules.states.get(v.stateId)?.target;
    if (target != null) clocks.push(stateClock(rules, v, target, now));
  }
  return clocks;
}

/** What the ticket row keeps for lists: the earliest due time of a running, unpaused clock, and whether any clock breached. */
export function listColumns(clocks: readonly SlaClock[], now: Date): { slaDueAt: Date | null; slaBreached: boolean } {
  const due = clocks.filter((c) => c.running && !c.paused && c.dueAt).map((c) => c.dueAt!.getTime());
  return {
    slaDueAt: due.length ? new Date(Math.min(...due)) : null,
    slaBreached: clocks.some((c) => c.breachedAt !== null && c.breachedAt.getTime() <= now.getTime()),
  };
}
