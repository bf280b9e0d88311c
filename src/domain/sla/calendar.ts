import { DateTime } from 'luxon';

/** Working-day names, Monday first (luxon's weekday 1 to 7). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** When an SLA clock runs: working days and hours in an IANA zone, minus holidays. */
export interface Calendar {
  timeZone: string;
  days: readonly Weekday[];
  /** Start and end of the working day, HH:MM wall-clock time (24:00 is midnight at the end). */
  hours: readonly [string, string];
  /** Dates YYYY-MM-DD on which no one works. */
  holidays: readonly string[];
}

/** The longest stretch a calendar is searched for working time before the search gives up (ten years). */
const MAX_DAYS = 3660;

/** A working window [start, end) in epoch milliseconds. */
type Window = [number, number];

function wallTime(day: DateTime, hhmm: string): DateTime {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h === 24 ? day.plus({ days: 1 }).startOf('day') : day.set({ hour: h, minute: m, second: 0, millisecond: 0 });
}

/**
 * The working window of the calendar day holding `day` (in the calendar's zone), or null on days off.
 * Wall-clock hours are resolved in the zone, so a working day across a DST change is an hour shorter or longer.
 */
function windowOf(cal: Calendar, day: DateTime): Window | null {
  if (!cal.days.includes(WEEKDAYS[day.weekday - 1]!) || cal.holidays.includes(day.toISODate()!)) return null;
  return [wallTime(day, cal.hours[0]).toMillis(), wallTime(day, cal.hours[1]).toMillis()];
}

/** Working windows from the day holding `from` on, in order, each cut to start no earlier than `from`. */
function* windowsFrom(cal: Calendar, from: number): Generator<Window> {
  let day = DateTime.fromMillis(from, { zone: cal.timeZone }).startOf('day');
  for (let i = 0; i < MAX_DAYS; i++, day = day.plus({ days: 1 })) {
    const w = windowOf(cal, day);
    if (w && w[1] > from) yield [Math.max(w[0], from), w[1]];
  }
}

/** The instant `ms` of working time after `from` (without a calendar: every hour counts). */
export function addWorkingTime(cal: Calendar | null, from: Date, ms: number): Date {
  if (!cal) return new Date(from.getTime() + ms);
  let left = ms;
  let last = from.getTime();
  for (const [start, end] of windowsFrom(cal, from.getTime())) {
    if (left <= end - start) return new Date(start + left);
    left -= end - start;
    last = end;
  }
  throw new Error(`the calendar in ${cal.timeZone} has no working time within ${MAX_DAYS} days after ${new Date(last).toISOString()}`);
}

/** How much working time lies between two instants (0 when `to` is not after `from`). */
export function workingTimeBetween(cal: Calendar | null, from: Date, to: Date): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  if (!cal) return b - a;
  let total = 0;
  for (const [start, end] of windowsFrom(cal, a)) {
    if (start >= b) break;
    total += Math.min(end, b) - start;
  }
  return total;
}
