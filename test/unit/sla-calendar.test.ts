import { describe, expect, it } from 'vitest';
import { addWorkingTime, type Calendar, workingTimeBetween } from '../../src/domain/sla/calendar';

const H = 3600_000;
const at = (iso: string) => new Date(iso);

const shanghai: Calendar = {
  timeZone: 'Asia/Shanghai',
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  hours: ['09:00', '18:00'],
  holidays: ['2026-10-01', '2026-10-02'],
};

describe('business hours in Asia/Shanghai (Mon–Fri 09:00–18:00, holidays 1–2 October 2026)', () => {
  it('time within one working day', () => {
    expect(addWorkingTime(shanghai, at('2026-12-07T10:00:00+08:00'), 3 * H)).toEqual(at('2026-12-07T13:00:00+08:00'));
    expect(workingTimeBetween(shanghai, at('2026-12-07T10:00:00+08:00'), at('2026-12-07T13:30:00+08:00'))).toBe(3.5 * H);
  });

  it('the rest of a Friday, then Monday morning: the weekend does not count', () => {
    expect(addWorkingTime(shanghai, at('2026-12-04T17:00:00+08:00'), 2 * H)).toEqual(at('2026-12-07T10:00:00+08:00'));
    expect(workingTimeBetween(shanghai, at('2026-12-04T17:00:00+08:00'), at('2026-12-07T10:00:00+08:00'))).toBe(2 * H);
  });

  it('a clock started on a Saturday night starts on Monday at 09:00', () => {
    expect(addWorkingTime(shanghai, at('2026-12-05T23:00:00+08:00'), 30 * 60_000)).toEqual(at('2026-12-07T09:30:00+08:00'));
    expect(workingTimeBetween(shanghai, at('2026-12-05T23:00:00+08:00'), at('2026-12-07T08:59:00+08:00'))).toBe(0);
  });

  it('holidays are skipped like weekends: Wednesday 30 September 17:00 + 2h is Monday 5 October 10:00', () => {
    expect(addWorkingTime(shanghai, at('2026-09-30T17:00:00+08:00'), 2 * H)).toEqual(at('2026-10-05T10:00:00+08:00'));
  });

  it('a whole working week is 45 hours; a target of exactly the rest of a day ends at closing time', () => {
    expect(workingTimeBetween(shanghai, at('2026-12-07T00:00:00+08:00'), at('2026-12-14T00:00:00+08:00'))).toBe(45 * H);
    expect(addWorkingTime(shanghai, at('2026-12-07T09:00:00+08:00'), 9 * H)).toEqual(at('2026-12-07T18:00:00+08:00'));
  });

  it('without a calendar every hour counts', () => {
    expect(addWorkingTime(null, at('2026-12-05T23:00:00Z'), 2 * H)).toEqual(at('2026-12-06T01:00:00Z'));
    expect(workingTimeBetween(null, at('2026-12-05T23:00:00Z'), at('2026-12-06T01:00:00Z'))).toBe(2 * H);
  });

  it('a calendar without working time fails instead of searching forever', () => {
    const never: Calendar = { ...shanghai, days: ['sat'], holidays: [] };
    const sats = Array.from({ length: 600 }, (_, i) => new Date(Date.UTC(2026, 0, 3 + 7 * i)).toISOString().slice(0, 10));
    expect(() => addWorkingTime({ ...never, holidays: sats }, at('2026-01-01T00:00:00Z'), H)).toThrow(/no working time within/);
  });
});

describe('time zones and daylight saving', () => {
  const newYork: Calendar = { timeZone: 'America/New_York', days: ['mon', 'tue', 'wed', 'thu', 'fri'], hours: ['09:00', '18:00'], holidays: [] };
  const allDay: Calendar = { timeZone: 'America/New_York', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], hours: ['00:00', '24:00'], holidays: [] };

  it('working hours follow the wall clock across the spring change (8 March 2026): Monday 10:00 is 14:00Z, not 15:00Z', () => {
    const due = addWorkingTime(newYork, at('2026-03-06T17:00:00-05:00'), 2 * H);
    expect(due).toEqual(at('2026-03-09T10:00:00-04:00'));
    expect(due.toISOString()).toBe('2026-03-09T14:00:00.000Z');
  });

  it('the day of the spring change has 23 hours and that of the autumn change 25', () => {
    expect(workingTimeBetween(allDay, at('2026-03-08T00:00:00-05:00'), at('2026-03-09T00:00:00-04:00'))).toBe(23 * H);
    expect(workingTimeBetween(allDay, at('2026-11-01T00:00:00-04:00'), at('2026-11-02T00:00:00-05:00'))).toBe(25 * H);
  });

  it('24 hours of a round-the-clock calendar are 24 real hours across the change', () => {
    expect(addWorkingTime(allDay, at('2026-03-07T12:00:00-05:00'), 24 * H)).toEqual(at('2026-03-08T13:00:00-04:00'));
  });

  it('the same wall-clock calendar in two zones gives different instants', () => {
    const berlin: Calendar = { ...newYork, timeZone: 'Europe/Berlin' };
    const from = at('2026-12-07T00:00:00Z');
    expect(addWorkingTime(berlin, from, H)).toEqual(at('2026-12-07T09:00:00Z'));
    expect(addWorkingTime(newYork, from, H)).toEqual(at('2026-12-07T15:00:00Z'));
  });
});
