import { StateType } from '../constants';
import type { Calendar } from './calendar';
import type { SlaRules } from './clock';
import type { CalendarInput, Escalation, StateSla, WorkflowSla } from './schema';

/** The clock rules of a workflow from its stored SLA and its states' (null: the workflow has no SLA at all). */
export function slaRules(workflowSla: WorkflowSla | null, states: readonly { id: number; typeId: number; sla: StateSla | null }[]): SlaRules | null {
  const withSla = states.filter((s) => s.sla);
  if (!workflowSla?.target && !withSla.some((s) => s.sla!.target)) return null;
  return {
    calendar: workflowSla?.calendar ? calendarOf(workflowSla.calendar) : null,
    ticketTarget: workflowSla?.target ?? null,
    states: new Map(withSla.map((s) => [s.id, { target: s.sla!.target ?? null, pause: s.sla!.pause }])),
    endStates: new Set(states.filter((s) => s.typeId === StateType.END).map((s) => s.id)),
  };
}

/** The calendar as the clocks use it. */
export function calendarOf(c: CalendarInput): Calendar {
  return { timeZone: c.time_zone, days: c.days, hours: c.hours, holidays: c.holidays };
}

/** Milliseconds as the ISO 8601 duration the files use (`PT8H`, `-PT30M`, `P1DT4H`). */
export function durationText(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let s = Math.round(Math.abs(ms) / 1000);
  const parts: [number, string][] = [];
  for (const [size, unit] of [
    [86400, 'D'],
    [3600, 'H'],
    [60, 'M'],
    [1, 'S'],
  ] as const) {
    parts.push([Math.floor(s / size), unit]);
    s %= size;
  }
  const [days, ...time] = parts;
  const timeText = time
    .filter(([n]) => n)
    .map(([n, u]) => `${n}${u}`)
    .join('');
  if (!days![0] && !timeText) return 'PT0S';
  return `${sign}P${days![0] ? `${days![0]}D` : ''}${timeText ? `T${timeText}` : ''}`;
}

/** How a file names the role or dept an escalation stores by id: by name where the row exists, else the id. */
export interface SlaNamer {
  role: (id: number) => string | number;
  dept: (id: number) => string | number;
}

/** Ids as they are (the admin API shows the stored form). */
const BY_ID: SlaNamer = { role: (id) => id, dept: (id) => id };

function exportEscalation(e: Escalation, names: SlaNamer): Record<string, unknown> {
  return {
    ...(e.at ? { at: durationText(e.at) } : {}),
    ...(e.notify ? { notify: true } : {}),
    ...(e.reassign ? { reassign: e.reassign } : {}),
    ...(e.reassign_role !== undefined ? { reassign_role: names.role(Number(e.reassign_role)) } : {}),
    ...(e.reassign_dept !== undefined ? { reassign_dept: names.dept(Number(e.reassign_dept)) } : {}),
    ...(e.add_watcher ? { add_watcher: e.add_watcher } : {}),
    ...(e.transition ? { transition: e.transition } : {}),
  };
}

/** A state's stored SLA in file form. */
export function exportStateSla(sla: StateSla, names: SlaNamer = BY_ID): Record<string, unknown> {
  return {
    ...(sla.target ? { target: durationText(sla.target) } : {}),
    ...(sla.pause ? { pause: true } : {}),
    ...(sla.escalations.length ? { escalations: sla.escalations.map((e) => exportEscalation(e, names)) } : {}),
  };
}

/** A workflow's stored SLA in file form. */
export function exportWorkflowSla(sla: WorkflowSla, names: SlaNamer = BY_ID): Record<string, unknown> {
  return {
    ...(sla.calendar ? { calendar: sla.calendar } : {}),
    ...(sla.target ? { target: durationText(sla.target) } : {}),
    ...(sla.escalations.length ? { escalations: sla.escalations.map((e) => exportEscalation(e, names)) } : {}),
  };
}

/**
 * The SLA with the roles and depts its escalations name replaced by what `resolve` answers: at import, a checked
 * reference (an id, or the name of a row the import creates); when written, the row's id.
 */
export function mapSlaRefs<S extends { escalations: Escalation[] }>(
  sla: S,
  resolve: (kind: 'role' | 'dept', ref: number | string, index: number) => number | string,
): S {
  const escalations = sla.escalations.map((e, i) => ({
    ...e,
    ...(e.reassign_role !== undefined ? { reassign_role: resolve('role', e.reassign_role, i) } : {}),
    ...(e.reassign_dept !== undefined ? { reassign_dept: resolve('dept', e.reassign_dept, i) } : {}),
  }));
  return { ...sla, escalations };
}
