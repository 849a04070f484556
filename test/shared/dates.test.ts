import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  addMonths,
  completedMonths,
  compareIso,
  dateOfEpochDay,
  dateParts,
  daysBetween,
  daysInMonth,
  epochDay,
  formatAge,
  isIsoDate,
  isoDate,
  parseIsoDate,
} from '../../shared/dates';

/** Any real date from 0001-01-01 to 9999-12-31. */
const anyDate = fc
  .record({ year: fc.integer({ min: 1, max: 9999 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
  .map(({ year, month, day }) => isoDate(year, month, Math.min(day, daysInMonth(year, month))));

/** Dates where adding a few hundred years of months or days stays in four-digit years. */
const modernDate = anyDate.filter((d) => d >= '1000-01-01' && d <= '8999-12-31');

describe('isIsoDate and parseIsoDate', () => {
  it('accepts only real calendar dates in YYYY-MM-DD form', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('0000-02-29')).toBe(true); // year 0 is a leap year (divisible by 400)
    expect(isIsoDate('2026-04-31')).toBe(false);
    expect(isIsoDate('2026-12-31')).toBe(true);
    for (const bad of ['2026-13-01', '2026-00-10', '2026-01-00', '2026-1-01', '26-01-01', ' 2026-01-01', '2026-01-01T00:00:00Z', '2026/01/01', '']) {
      expect(isIsoDate(bad)).toBe(false);
    }
  });

  it('parses with a message that says what is wrong', () => {
    expect(parseIsoDate(' 2024-02-29 ')).toEqual({ ok: true, value: '2024-02-29' });
    expect(parseIsoDate('2026-02-30')).toEqual({ ok: false, error: '"2026-02-30" is not a real calendar date' });
    expect(parseIsoDate('30/01/2026')).toEqual({ ok: false, error: '"30/01/2026" is not a date in YYYY-MM-DD form' });
    expect(parseIsoDate('  ')).toEqual({ ok: false, error: 'is empty' });
  });

  it('parses only years 1900 to 2199: 9999-12-31 would run schedules past year 9999, 0226 is 2026 mistyped', () => {
    expect(parseIsoDate('9999-12-31')).toEqual({ ok: false, error: '"9999-12-31" is not a date from 1900 to 2199' });
    expect(parseIsoDate('0226-01-01')).toEqual({ ok: false, error: '"0226-01-01" is not a date from 1900 to 2199' });
    expect(parseIsoDate('2200-01-01').ok).toBe(false);
    expect(parseIsoDate('1899-12-31').ok).toBe(false);
    expect(parseIsoDate('1900-01-01')).toEqual({ ok: true, value: '1900-01-01' });
    expect(parseIsoDate('2199-12-31')).toEqual({ ok: true, value: '2199-12-31' });
  });

  it('daysInMonth follows the Gregorian leap rule for every year', () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(24, 2)).toBe(29);
    expect(daysInMonth(0, 2)).toBe(29);
    expect([1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2026, m))).toEqual([31, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
  });
});

describe('addMonths', () => {
  it('clamps the day to the target month', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2024-05-31', 1)).toBe('2024-06-30');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2024-02-29', 48)).toBe('2028-02-29');
  });

  it('crosses year ends both ways', () => {
    expect(addMonths('2024-11-15', 2)).toBe('2025-01-15');
    expect(addMonths('2024-01-15', -1)).toBe('2023-12-15');
    expect(addMonths('2024-01-15', -13)).toBe('2022-12-15');
    expect(addMonths('2024-06-30', 0)).toBe('2024-06-30');
  });

  it('always gives a real date, on the same day when that day exists, else the month end', () => {
    fc.assert(
      fc.property(modernDate, fc.integer({ min: -1200, max: 1200 }), (d, n) => {
        const r = addMonths(d, n);
        expect(isIsoDate(r)).toBe(true);
        const a = dateParts(d);
        const b = dateParts(r);
        expect((b.year - a.year) * 12 + (b.month - a.month)).toBe(n);
        expect(b.day).toBe(Math.min(a.day, daysInMonth(b.year, b.month)));
      }),
    );
  });
});

describe('addDays and daysBetween', () => {
  it('steps over month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2023-12-31', 1)).toBe('2024-01-01');
    expect(addDays('2024-01-01', -1)).toBe('2023-12-31');
    expect(addDays('2024-03-01', -366)).toBe('2023-03-01');
  });

  it('handles years below 100 (Date.UTC would read them as 19xx)', () => {
    expect(addDays('0024-03-01', -1)).toBe('0024-02-29');
    expect(addDays('0099-12-31', 1)).toBe('0100-01-01');
    expect(daysBetween('0099-12-31', '0100-01-01')).toBe(1);
  });

  it('counts leap days', () => {
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2023-01-01', '2024-01-01')).toBe(365);
    expect(daysBetween('2000-01-01', '2001-01-01')).toBe(366);
    expect(daysBetween('1900-01-01', '1901-01-01')).toBe(365);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2020-02-28', '2024-02-29')).toBe(4 * 365 + 2);
    expect(daysBetween('2000-01-01', '2100-01-01')).toBe(36_525);
    expect(daysBetween('2100-01-01', '2200-01-01')).toBe(36_524);
    expect(daysBetween('2025-01-01', '2024-01-01')).toBe(-366);
    expect(daysBetween('2026-06-01', '2026-06-01')).toBe(0);
  });

  it('agree with each other and with Date.UTC', () => {
    fc.assert(
      fc.property(modernDate, fc.integer({ min: -200_000, max: 200_000 }), (d, n) => {
        const later = addDays(d, n);
        expect(isIsoDate(later)).toBe(true);
        expect(daysBetween(d, later)).toBe(n);
        expect(daysBetween(later, d)).toBe(0 - n); // not -n: -0 when n is 0
        expect(addDays(later, -n)).toBe(d);
        expect(compareIso(later, d)).toBe(Math.sign(n));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(anyDate.filter((d) => d >= '0100-01-01'), (d) => {
        const { year, month, day } = dateParts(d);
        expect(epochDay(year, month, day) * 86_400_000).toBe(Date.UTC(year, month - 1, day));
        expect(dateOfEpochDay(epochDay(year, month, day))).toEqual({ year, month, day });
      }),
      { numRuns: 2000 },
    );
  });
});

describe('completedMonths', () => {
  it('counts whole months, as the spreadsheet DATEDIF(…, "m") does', () => {
    expect(completedMonths('2024-01-15', '2024-02-14')).toBe(0);
    expect(completedMonths('2024-01-15', '2024-02-15')).toBe(1);
    expect(completedMonths('2024-01-15', '2025-01-15')).toBe(12);
    expect(completedMonths('2024-01-31', '2024-02-29')).toBe(0);
    expect(completedMonths('2024-01-31', '2024-03-30')).toBe(1);
    expect(completedMonths('2024-01-31', '2024-03-31')).toBe(2);
    expect(completedMonths('2020-02-29', '2021-02-28')).toBe(11);
    expect(completedMonths('2020-02-29', '2021-03-01')).toBe(12);
  });

  it('is 0 when the end is earlier', () => {
    expect(completedMonths('2024-05-01', '2024-04-01')).toBe(0);
  });

  it('inverts addMonths when the day exists in every month', () => {
    fc.assert(
      fc.property(
        modernDate.filter((d) => dateParts(d).day <= 28),
        fc.integer({ min: 0, max: 1200 }),
        fc.integer({ min: 0, max: 27 }),
        (d, n, extraDays) => {
          const later = addMonths(d, n);
          expect(completedMonths(d, later)).toBe(n);
          // Less than a month more does not complete another one.
          const almost = addDays(addMonths(d, n + 1), -1);
          expect(completedMonths(d, almost)).toBe(n);
          expect(completedMonths(d, addDays(later, Math.min(extraDays, daysBetween(later, almost))))).toBe(n);
        },
      ),
    );
  });
});

describe('formatAge', () => {
  it('reads as a compact age', () => {
    expect(formatAge('2026-01-01', '2026-01-13')).toBe('12 d');
    expect(formatAge('2026-01-01', '2026-08-15')).toBe('7 mo');
    expect(formatAge('2023-01-01', '2026-05-01')).toBe('3 y 4 mo');
    expect(formatAge('2024-03-01', '2026-03-01')).toBe('2 y');
    expect(formatAge('2026-03-01', '2026-01-01')).toBe('0 d');
  });
});
