import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../src/domain/time';

const ZONES = ['Asia/Shanghai', 'UTC', 'America/New_York', 'Europe/London', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/St_Johns'];

function slowFormat(date: Date, zone: string): string {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const p = Object.fromEntries(f.formatToParts(date).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

describe('formatDateTime with cached zone offsets', () => {
  it('agrees with Intl for any instant since 1970, DST changes included', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }), fc.constantFrom(...ZONES), (ms, zone) => {
        expect(formatDateTime(new Date(ms), zone)).toBe(slowFormat(new Date(ms), zone));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with Intl around changes that fall inside a quarter hour (Newfoundland 1987-2011 at 00:01 local, Monrovia 1972)', () => {
    const cases: [string, number][] = [
      ['America/St_Johns', Date.UTC(1990, 3, 1, 3, 31, 0)],
      ['America/St_Johns', Date.UTC(1990, 9, 28, 2, 31, 0)],
      ['Africa/Monrovia', Date.UTC(1972, 0, 7, 0, 44, 30)],
    ];
    for (const [zone, change] of cases) {
      for (let ms = change - 20 * 60_000; ms <= change + 20 * 60_000; ms += 1000) {
        expect(formatDateTime(new Date(ms), zone), `${zone} ${new Date(ms).toISOString()}`).toBe(slowFormat(new Date(ms), zone));
      }
    }
  });

  it('agrees with Intl on each second around a daylight-saving change', () => {
    const change = Date.UTC(2026, 2, 8, 7, 0, 0); // 02:00 EST becomes 03:00 EDT
    for (let ms = change - 5000; ms <= change + 5000; ms += 1000) {
      expect(formatDateTime(new Date(ms), 'America/New_York')).toBe(slowFormat(new Date(ms), 'America/New_York'));
    }
  });
});
