/** Wall-clock formatting and parsing in a configured IANA zone (loonflow's `YYYY-MM-DD HH:MM:SS`). */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

function formattedParts(date: Date, zone: string): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(date)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return parts;
}

/**
 * Offsets are cached per quarter hour (UTC): most zones change offset only on quarter-hour instants,
 * but not all (Newfoundland changed at 00:01 local from 1987 to 2011, Monrovia at 00:44:30 UTC in
 * 1972). A quarter whose first and last second disagree holds a change: it is marked so, and its
 * instants are looked up one by one.
 */
const QUARTER_HOUR = 900_000;
const offsetsByZone = new Map<string, Map<number, number>>();

function offsetAt(instant: number, zone: string): number {
  const p = formattedParts(new Date(instant), zone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - instant;
}

/** The zone's offset throughout the quarter hour of `instant` (≥ 0), or NaN when it changes within it. */
function quarterOffset(instant: number, zone: string): number {
  const quarter = Math.floor(instant / QUARTER_HOUR);
  let offsets = offsetsByZone.get(zone);
  if (!offsets) offsetsByZone.set(zone, (offsets = new Map()));
  let offset = offsets.get(quarter);
  if (offset === undefined) {
    const start = quarter * QUARTER_HOUR;
    const first = offsetAt(start, zone);
    offset = first === offsetAt(start + QUARTER_HOUR - 1000, zone) ? first : NaN;
    if (offsets.size >= 10_000) offsets.clear();
    offsets.set(quarter, offset);
  }
  return offset;
}

/**
 * Days are cached the same way, first: a day whose first and last second share an offset holds no change, so
 * a list of tickets spread over months looks up one offset per day instead of one per quarter hour.
 */
const DAY = 86_400_000;
const dayOffsetsByZone = new Map<string, Map<number, number>>();

function dayOffset(instant: number, zone: string): number {
  const day = Math.floor(instant / DAY);
  let offsets = dayOffsetsByZone.get(zone);
  if (!offsets) dayOffsetsByZone.set(zone, (offsets = new Map()));
  let offset = offsets.get(day);
  if (offset === undefined) {
    const start = day * DAY;
    const first = offsetAt(start, zone);
    offset = first === offsetAt(start + DAY - 1000, zone) ? first : NaN;
    if (offsets.size >= 10_000) offsets.clear();
    offsets.set(day, offset);
  }
  return offset;
}

/** The offset of the zone at `instant` when a cached day or quarter hour knows it, else NaN. */
function cachedOffset(instant: number, zone: string): number {
  if (instant < 0) return NaN;
  const offset = dayOffset(instant, zone);
  return Number.isNaN(offset) ? quarterOffset(instant, zone) : offset;
}

function wallParts(date: Date, zone: string): Record<string, number> {
  const instant = date.getTime();
  const offset = cachedOffset(instant, zone);
  if (Number.isNaN(offset)) return formattedParts(date, zone);
  const wall = new Date(instant + offset);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `YYYY-MM-DD HH:MM:SS` of an instant in the zone. */
export function formatDateTime(date: Date, zone: string): string {
  const instant = date.getTime();
  const offset = cachedOffset(instant, zone);
  // The wall time as a UTC ISO string, `YYYY-MM-DDTHH:MM:SS.sssZ` for years 0 to 9999.
  const iso = Number.isNaN(offset) ? '' : new Date(instant + offset).toISOString();
  if (iso.length === 24) return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  const p = formattedParts(date, zone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** `YYYYMMDD` of an instant in the zone. */
export function dayKey(date: Date, zone: string): string {
  const p = wallParts(date, zone);
  return `${pad(p.year, 4)}${pad(p.month)}${pad(p.day)}`;
}

/** Milliseconds of a UTC wall time; unlike Date.UTC, years 0 to 99 are not taken for 1900 to 1999. */
function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

function offsetMs(instant: number, zone: string): number {
  const p = wallParts(new Date(instant), zone);
  return utc(p.year, p.month, p.day, p.hour, p.minute, p.second) - Math.floor(instant / 1000) * 1000;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** Why the text is not a `YYYY-MM-DD` day of the years 0001 to 9999 (Gregorian calendar), or null when it is one. */
export function dateProblem(text: string): string | null {
  const m = DATE.exec(text.trim());
  if (!m) return 'expected the form YYYY-MM-DD';
  const [year, month, day] = m.slice(1).map(Number);
  if (year === 0) return 'there is no year 0000 (years start at 0001)';
  if (month < 1 || month > 12) return `there is no month ${m[2]}`;
  const days = new Date(utc(year, month + 1, 0)).getUTCDate();
  return day >= 1 && day <= days ? null : `${m[1]}-${m[2]} has no day ${m[3]} (it has ${days} days)`;
}

/** Why the text is not a wall-clock `YYYY-MM-DD[ HH:MM[:SS]]`, or null when it is one. */
export function dateTimeProblem(text: string): string | null {
  const m = LOCAL.exec(text.trim());
  if (!m) return 'expected the form YYYY-MM-DD HH:MM:SS';
  const [h = 0, mi = 0, s = 0] = m.slice(2).map((v) => Number(v ?? 0));
  return dateProblem(m[1]) ?? (h > 23 || mi > 59 || s > 59 ? `there is no time of day ${text.trim().slice(11)}` : null);
}

/**
 * Parse a wall-clock `YYYY-MM-DD[ HH:MM[:SS]]` in the zone (years 0001 to 9999), or an ISO string with an offset.
 * Returns null when the text is not a valid date.
 */
export function parseDateTime(text: string, zone: string): Date | null {
  const m = LOCAL.exec(text.trim());
  if (!m) {
    if (!/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(text.trim())) return null;
    const d = new Date(text);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  if (dateTimeProblem(text)) return null;
  const [y, mo, d, h, mi, s] = [...m[1].split('-'), ...m.slice(2)].map((v) => Number(v ?? 0));
  const wall = utc(y, mo, d, h, mi, s);
  let instant = wall - offsetMs(wall, zone);
  instant = wall - offsetMs(instant, zone);
  return new Date(instant);
}

/** Validate `YYYY-MM-DD` (years 0001 to 9999); returns it normalised or null (dateProblem says why). */
export function parseDate(text: string): string | null {
  return dateProblem(text) ? null : text.trim();
}
