import { describe, expect, it } from 'vitest';
import { FieldType } from '../../src/domain/constants';
import { toStored } from '../../src/domain/fields';
import { dateProblem, dayKey, formatDateTime, parseDate, parseDateTime } from '../../src/domain/time';

const YEARS = ['0001', '0099', '1999', '9999'];

describe('dates of every year from 0001 to 9999', () => {
  it.each(YEARS)('parseDate keeps %s-MM-DD as given (none of these years has a February 29)', (year) => {
    expect(parseDate(`${year}-01-01`)).toBe(`${year}-01-01`);
    expect(parseDate(` ${year}-12-31 `)).toBe(`${year}-12-31`);
    expect(parseDate(`${year}-02-28`)).toBe(`${year}-02-28`);
    expect(parseDate(`${year}-02-29`)).toBeNull();
  });

  it('leap years follow the Gregorian rules, not those of 19xx', () => {
    expect(parseDate('0004-02-29')).toBe('0004-02-29');
    expect(parseDate('0096-02-29')).toBe('0096-02-29');
    expect(parseDate('0100-02-29')).toBeNull();
    expect(parseDate('2000-02-29')).toBe('2000-02-29');
  });

  it.each(YEARS)('parseDateTime reads year %s as that year (Date.UTC would read 0099 as 1999), in UTC and in a zone', (year) => {
    for (const zone of ['UTC', 'Asia/Shanghai', 'America/New_York']) {
      const text = `${year}-06-15 12:34:56`;
      const d = parseDateTime(text, zone)!;
      expect(d, `${text} in ${zone}`).not.toBeNull();
      expect(d.getUTCFullYear(), zone).toBe(Number(year));
      expect(formatDateTime(d, zone), zone).toBe(text);
    }
    expect(dayKey(parseDateTime(`${year}-03-04 00:00:00`, 'UTC')!, 'UTC')).toBe(`${year}0304`);
  });

  it('rejects what is not a date, saying why', () => {
    expect(dateProblem('2024-02-29')).toBeNull();
    expect(dateProblem('2023-02-29')).toBe('2023-02 has no day 29 (it has 28 days)');
    expect(dateProblem('2023-04-31')).toBe('2023-04 has no day 31 (it has 30 days)');
    expect(dateProblem('2023-01-00')).toBe('2023-01 has no day 00 (it has 31 days)');
    expect(dateProblem('2023-13-01')).toBe('there is no month 13');
    expect(dateProblem('0000-01-01')).toBe('there is no year 0000 (years start at 0001)');
    expect(dateProblem('2023-1-1')).toBe('expected the form YYYY-MM-DD');
    expect(dateProblem('10000-01-01')).toBe('expected the form YYYY-MM-DD');
    for (const bad of ['2023-02-29', '0000-01-01', '2023-1-1', '']) expect(parseDate(bad), bad).toBeNull();
    for (const bad of ['2023-02-29 00:00:00', '2023-01-01 24:00:00', '2023-01-01 12:60', '0000-01-01 00:00:00'])
      expect(parseDateTime(bad, 'UTC'), bad).toBeNull();
  });

  it('a date or datetime field names the field and the reason', () => {
    const field = (fieldTypeId: number) => ({ fieldKey: 'due', fieldTypeId, fieldChoice: {} });
    const refused = (fieldTypeId: number, raw: string) => {
      try {
        toStored(field(fieldTypeId), raw, { timeZone: 'UTC' });
      } catch (err) {
        return err as { code: string; message: string };
      }
      throw new Error(`${raw} was accepted`);
    };
    expect(refused(FieldType.DATE, '2023-02-30')).toMatchObject({
      code: 'FIELD_INVALID',
      message: 'field due: expected a date YYYY-MM-DD in the years 1000 to 9999, got "2023-02-30": 2023-02 has no day 30 (it has 28 days)',
    });
    expect(refused(FieldType.DATETIME, '2023-01-01 25:00:00').message).toBe(
      'field due: expected a datetime YYYY-MM-DD HH:MM:SS in the years 1000 to 9999, got "2023-01-01 25:00:00": there is no time of day 25:00:00',
    );
    expect(refused(FieldType.DATE, '0099-01-01').message).toBe('field due: expected a date YYYY-MM-DD in the years 1000 to 9999, got "0099-01-01"');
    expect(toStored(field(FieldType.DATE), '9999-12-31', { timeZone: 'UTC' })).toEqual({ dateValue: '9999-12-31' });
  });
});
