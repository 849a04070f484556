import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  fiscalQuarterOf,
  fiscalYearOf,
  fiscalYearStartOf,
  monthIndexOf,
  monthIndexOfDate,
  yearMonthOf,
} from '../../../shared/depreciation/fiscal-calendar';
import { accumulatedAt, bookValueAt, lastMonthOf, schedulePeriods, writeDownsAt } from '../../../shared/depreciation/periods';
import { periodsOf, scheduleOf } from './helpers';
import type { ScheduleInput } from '../../../shared/depreciation/types';

const input: ScheduleInput = {
  cost: 120_000,
  salvage: 0,
  inServiceDate: '2026-05-20',
  fiscalYearStartMonth: 7,
  policy: { method: 'straight-line', lifeMonths: 12, convention: 'full-month' },
};

describe('fiscal calendar', () => {
  it('months are consecutive integers', () => {
    expect(monthIndexOfDate('2026-12-31') + 1).toBe(monthIndexOfDate('2027-01-01'));
    expect(yearMonthOf(monthIndexOf(2026, 3))).toBe('2026-03');
  });

  it('a fiscal year is named by the calendar year in which it ends', () => {
    expect(fiscalYearOf(monthIndexOf(2026, 6), 7)).toBe(2026);
    expect(fiscalYearOf(monthIndexOf(2026, 7), 7)).toBe(2027);
    expect(fiscalYearOf(monthIndexOf(2026, 12), 1)).toBe(2026);
    expect(fiscalQuarterOf(monthIndexOf(2026, 9), 7)).toBe(1);
    expect(fiscalQuarterOf(monthIndexOf(2026, 6), 7)).toBe(4);
  });

  it('every month lies in the fiscal year that starts at most 11 months before it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000 }), fc.integer({ min: 1, max: 12 }), (m, start) => {
        const fy = fiscalYearStartOf(m, start);
        expect(m - fy).toBeGreaterThanOrEqual(0);
        expect(m - fy).toBeLessThan(12);
        expect(yearMonthOf(fy).slice(5)).toBe(String(start).padStart(2, '0'));
      }),
    );
  });
});

describe('schedulePeriods', () => {
  it('months, fiscal quarters and fiscal years, labelled and dated', () => {
    expect(periodsOf(input, 'month')[0]).toEqual({
      label: '2026-05',
      start: '2026-05-01',
      end: '2026-05-31',
      depreciation: 10_000,
      writeDown: 0,
      accumulated: 10_000,
      bookValue: 110_000,
    });
    expect(periodsOf(input, 'quarter').map((q) => [q.label, q.start, q.end, q.depreciation])).toEqual([
      ['FY2026 Q4', '2026-04-01', '2026-06-30', 20_000],
      ['FY2027 Q1', '2026-07-01', '2026-09-30', 30_000],
      ['FY2027 Q2', '2026-10-01', '2026-12-31', 30_000],
      ['FY2027 Q3', '2027-01-01', '2027-03-31', 30_000],
      ['FY2027 Q4', '2027-04-01', '2027-06-30', 10_000],
    ]);
    expect(periodsOf(input, 'year').map((y) => [y.label, y.start, y.end, y.depreciation, y.bookValue])).toEqual([
      ['FY2026', '2025-07-01', '2026-06-30', 20_000, 100_000],
      ['FY2027', '2026-07-01', '2027-06-30', 100_000, 0],
    ]);
  });

  it('point-in-time readings', () => {
    const schedule = scheduleOf({ ...input, adjustments: [{ type: 'impairment', date: '2026-08-31', amount: 5_000 }] });
    expect(accumulatedAt(schedule, '2026-04')).toBe(0);
    expect(accumulatedAt(schedule, '2026-06')).toBe(20_000);
    expect(writeDownsAt(schedule, '2026-08')).toBe(5_000);
    expect(bookValueAt(schedule, '2026-08')).toBe(120_000 - 40_000 - 5_000);
    expect(bookValueAt(schedule, '2099-01')).toBe(0);
    expect(lastMonthOf(schedule)).toBe('2027-04');
  });

  it('a schedule with no months (method none) has no periods', () => {
    const none = scheduleOf({ ...input, policy: { method: 'none' } });
    expect(schedulePeriods(none, 'year')).toEqual([]);
    expect(lastMonthOf(none)).toBeNull();
    expect(bookValueAt(none, '2030-01')).toBe(120_000);
  });
});
