/** Wall-clock formatting and parsing in a configured IANA zone (loonflow's `YYYY-MM-DD HH:MM:SS`). */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
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

/** Zone offsets change only at UTC instants aligned to 15 minutes (since 1970), so one lookup serves a quarter hour. */
const QUARTER_HOUR = 900_000;
const offsets = new Map<string, number>();

function quarterOffset(instant: number, zone: string): number {
  const start = instant - (instant % QUARTER_HOUR);
  const key = `${zone} ${start}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const p = formattedParts(new Date(start), zone);
    offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - start;
    if (offsets.size >= 10_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

function wallParts(date: Date, zone: string): Record<string, number> {
  const instant = date.getTime();
  if (!(instant >= 0)) return formattedParts(date, zone);
  const wall = new Date(instant + quarterOffset(instant, zone));
  return {
    year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate(),
    hour: wall.getUTCHours(), minute: wall.getUTCMinutes(), second: wall.getUTCSeconds(),
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `YYYY-MM-DD HH:MM:SS` of an instant in the zone. */
export function formatDateTime(date: Date, zone: string): string {
  const p = wallParts(date, zone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** `YYYYMMDD` of an instant in the zone. */
export function dayKey(date: Date, zone: string): string {
  const p = wallParts(date, zone);
  return `${p.year}${pad(p.month)}${pad(p.day)}`;
}

function offsetMs(instant: number, zone: string): number {
  const p = wallParts(new Date(instant), zone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instant / 1000) * 1000;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Parse a wall-clock `YYYY-MM-DD[ HH:MM[:SS]]` in the zone, or an ISO string with an offset.
 * Returns null when the text is not a valid date.
 */
export function parseDateTime(text: string, zone: string): Date | null {
  const m = LOCAL.exec(text.trim());
  if (!m) {
    if (!/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(text.trim())) return null;
    const d = new Date(text);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1).map((v) => v ?? '0');
  const wall = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  const check = new Date(wall);
  if (check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d || +h > 23 || +mi > 59 || +s > 59) return null;
  let instant = wall - offsetMs(wall, zone);
  instant = wall - offsetMs(instant, zone);
  return new Date(instant);
}

/** Validate `YYYY-MM-DD`; returns it normalised or null. */
export function parseDate(text: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3] ? m[0] : null;
}
