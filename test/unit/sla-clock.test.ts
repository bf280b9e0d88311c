import { describe, expect, it } from 'vitest';
import { clocksOf, listColumns, type SlaRules, type Visit } from '../../src/domain/sla/clock';
import { durationText } from '../../src/domain/sla/rules';
import { stateSlaSchema, workflowSlaSchema } from '../../src/domain/sla/schema';

const H = 3600_000;
const T0 = Date.parse('2026-12-07T00:00:00Z');
const h = (n: number) => new Date(T0 + n * H);

// States: 1 triage (4h), 2 waiting for the requester (pause), 3 work (no state target), 9 end. Ticket target 8h.
const rules: SlaRules = {
  calendar: null,
  ticketTarget: 8 * H,
  states: new Map([
    [1, { target: 4 * H, pause: false }],
    [2, { target: null, pause: true }],
  ]),
  endStates: new Set([9]),
};
const visit = (id: number, stateId: number, from: number, to: number | null): Visit => ({
  id,
  stateId,
  enteredAt: h(from),
  leftAt: to === null ? null : h(to),
});

describe('SLA clocks from state visits', () => {
  it('a running state clock: due at entry + target, elapsed and remaining at now', () => {
    const [ticket, triage] = clocksOf(rules, [visit(1, 1, 0, null)], h(3));
    expect(triage).toMatchObject({
      scope: 'state',
      stateId: 1,
      visitId: 1,
      dueAt: h(4),
      elapsed: 3 * H,
      remaining: H,
      running: true,
      breached: false,
      breachedAt: null,
    });
    expect(ticket).toMatchObject({ scope: 'ticket', dueAt: h(8), elapsed: 3 * H, paused: false, running: true });
    expect(listColumns([ticket!, triage!], h(3))).toEqual({ slaDueAt: h(4), slaBreached: false });
  });

  it('a state left late is breached at its due time and stops counting', () => {
    const clocks = clocksOf(rules, [visit(1, 1, 0, 5), visit(2, 3, 5, null)], h(6));
    expect(clocks[1]).toMatchObject({ stateId: 1, elapsed: 5 * H, remaining: -H, running: false, breached: true, breachedAt: h(4), stoppedAt: h(5) });
    expect(listColumns(clocks, h(6))).toEqual({ slaDueAt: h(8), slaBreached: true });
  });

  it('the ticket clock pauses while the ticket waits for the requester and resumes with what was left', () => {
    const visits = [visit(1, 1, 0, 2), visit(2, 2, 2, 10)];
    const [paused] = clocksOf(rules, visits, h(9));
    expect(paused).toMatchObject({ paused: true, dueAt: null, elapsed: 2 * H, remaining: 6 * H, running: true, breached: false });
    expect(listColumns(clocksOf(rules, visits, h(9)), h(9)).slaDueAt).toBeNull();

    const [resumed] = clocksOf(rules, [...visits.slice(0, 1), visit(2, 2, 2, 10), visit(3, 3, 10, null)], h(11));
    expect(resumed).toMatchObject({ paused: false, visitId: 3, dueAt: h(16), elapsed: 3 * H, remaining: 5 * H });
  });

  it('the ticket clock breaches once and keeps its breach time through a pause; an end state stops it', () => {
    const visits = [visit(1, 3, 0, 9), visit(2, 2, 9, 12), visit(3, 3, 12, 13), visit(4, 9, 13, null)];
    const [ticket] = clocksOf(rules, visits, h(20));
    expect(ticket).toMatchObject({ breached: true, breachedAt: h(8), dueAt: h(8), elapsed: 10 * H, remaining: -2 * H, running: false, stoppedAt: h(13) });
    expect(listColumns(clocksOf(rules, visits, h(20)), h(20))).toEqual({ slaDueAt: null, slaBreached: true });
  });

  it('each visit of a state has its own clock', () => {
    const clocks = clocksOf(rules, [visit(1, 1, 0, 1), visit(2, 3, 1, 2), visit(3, 1, 2, null)], h(3));
    expect(clocks.filter((c) => c.scope === 'state').map((c) => [c.visitId, c.dueAt])).toEqual([
      [1, h(4)],
      [3, h(6)],
    ]);
  });
});

describe('SLA definitions', () => {
  it('durations are ISO 8601 days, hours, minutes and seconds and print back the same', () => {
    const parsed = stateSlaSchema.parse({ target: 'P1DT4H30M', escalations: [{ at: '-PT30M', notify: true }] });
    expect(parsed.target).toBe(28.5 * H);
    expect(parsed.escalations[0]!.at).toBe(-0.5 * H);
    expect([durationText(28.5 * H), durationText(-0.5 * H), durationText(8 * H), durationText(45_000)]).toEqual(['P1DT4H30M', '-PT30M', 'PT8H', 'PT45S']);
  });

  it('bad definitions are refused with the path of the problem', () => {
    const issues = (schema: typeof stateSlaSchema | typeof workflowSlaSchema, value: unknown) =>
      schema.safeParse(value).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues(stateSlaSchema, { target: '8 hours' })).toEqual([expect.stringMatching(/^target: expected an ISO 8601 duration/)]);
    expect(issues(stateSlaSchema, { target: 'P1M' })).toEqual([expect.stringMatching(/^target: expected an ISO 8601 duration/)]);
    expect(issues(stateSlaSchema, { target: 'PT1H', escalations: [{ at: 'PT1H', notify: true, reassign: 'bob' }] })).toEqual([
      'escalations.0: give exactly one of notify, reassign, reassign_role, reassign_dept, add_watcher, transition (got notify, reassign)',
    ]);
    expect(issues(stateSlaSchema, { target: 'PT1H', escalations: [{ reassign_role: true }, { reassign_dept: ['技术部'] }, { add_watcher: '' }, {}] })).toEqual([
      'escalations.0.reassign_role: expected an id (positive integer) or a name',
      'escalations.1.reassign_dept: expected an id (positive integer) or a name',
      'escalations.2.add_watcher: must not be empty',
      'escalations.3: give exactly one of notify, reassign, reassign_role, reassign_dept, add_watcher, transition (got none)',
    ]);
    expect(issues(stateSlaSchema, { escalations: [{ notify: true }] })).toContain('escalations: escalations need a target');
    expect(issues(workflowSlaSchema, { calendar: { time_zone: 'Mars/Olympus', days: ['mon'], hours: ['09:00', '18:00'] } })).toEqual([
      'calendar.time_zone: expected an IANA time zone like Asia/Shanghai',
    ]);
    expect(issues(workflowSlaSchema, { calendar: { time_zone: 'UTC', days: ['monday'], hours: ['09:00', '18:00'], holidays: ['2026-13-01'] } })).toEqual([
      expect.stringMatching(/^calendar\.days\.0: expected one of mon, /),
      'calendar.holidays.0: expected a date YYYY-MM-DD',
    ]);
    expect(issues(workflowSlaSchema, { calendar: { time_zone: 'UTC', days: ['mon'], hours: ['18:00', '09:00'] } })).toEqual([
      'calendar.hours: the working day must end after it starts',
    ]);
  });
});
