/**
 * Views of a monthly schedule by month, fiscal quarter or fiscal year. Every view is a sum of
 * the same monthly amounts, so month, quarter and year views agree to the minor unit.
 *
 * A fiscal year or quarter is shown whole (FY2026 runs 2026-01-01..2026-12-31 even for an
 * asset put in service in June). Labels: months "2026-06"; quarters "FY2026 Q1"; years
 * "FY2026", named by the calendar year in which the fiscal year ends.
 */
import { assertNever } from '../result';
import {
  firstDayOfMonth,
  fiscalQuarterOf,
  fiscalQuarterStartOf,
  fiscalYearOf,
  fiscalYearStartOf,
  lastDayOfMonth,
  monthIndexOfDate,
  yearMonthOf,
  type MonthIndex,
  type YearMonth,
} from './fiscal-calendar';
import type { MonthlySchedule } from './types';
import type { IsoDate } from '../dates';

export const PERIOD_KINDS = ['month', 'quarter', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface SchedulePeriod {
  label: string;
  start: IsoDate;
  end: IsoDate;
  depreciation: number;
  writeDown: number;
  /** Accumulated depreciation at the end of the period (write-downs not included). */
  accumulated: number;
  bookValue: number;
}

/** The first month of the period of `kind` that contains `month`. */
export function periodStart(month: MonthIndex, kind: PeriodKind, fiscalYearStartMonth: number): MonthIndex {
  switch (kind) {
    case 'month':
      return month;
    case 'quarter':
      return fiscalQuarterStartOf(month, fiscalYearStartMonth);
    case 'year':
      return fiscalYearStartOf(month, fiscalYearStartMonth);
    default:
      return assertNever(kind, 'period kind');
  }
}

/** Months in a period of `kind`. */
export function periodLength(kind: PeriodKind): number {
  switch (kind) {
    case 'month':
      return 1;
    case 'quarter':
      return 3;
    case 'year':
      return 12;
    default:
      return assertNever(kind, 'period kind');
  }
}

/** "2026-06", "FY2026 Q1" or "FY2026". */
export function periodLabel(start: MonthIndex, kind: PeriodKind, fiscalYearStartMonth: number): string {
  switch (kind) {
    case 'month':
      return yearMonthOf(start);
    case 'quarter':
      return `FY${fiscalYearOf(start, fiscalYearStartMonth)} Q${fiscalQuarterOf(start, fiscalYearStartMonth)}`;
    case 'year':
      return `FY${fiscalYearOf(start, fiscalYearStartMonth)}`;
    default:
      return assertNever(kind, 'period kind');
  }
}

export function schedulePeriods(schedule: MonthlySchedule, kind: PeriodKind): SchedulePeriod[] {
  const fy = schedule.fiscalYearStartMonth;
  const first = monthIndexOfDate(schedule.startMonth);
  const length = periodLength(kind);
  const periods: SchedulePeriod[] = [];
  let accumulated = schedule.openingAccumulated;
  let writtenDown = schedule.openingWriteDowns;
  let current: SchedulePeriod | null = null;
  let currentStart = Number.NaN;
  schedule.depreciation.forEach((dep, i) => {
    const month = first + i;
    const start = periodStart(month, kind, fy);
    const wd = schedule.writeDowns[i] ?? 0;
    accumulated += dep;
    writtenDown += wd;
    if (current === null || start !== currentStart) {
      currentStart = start;
      current = {
        label: periodLabel(start, kind, fy),
        start: firstDayOfMonth(start),
        end: lastDayOfMonth(start + length - 1),
        depreciation: 0,
        writeDown: 0,
        accumulated: 0,
        bookValue: 0,
      };
      periods.push(current);
    }
    current.depreciation += dep;
    current.writeDown += wd;
    current.accumulated = accumulated;
    current.bookValue = schedule.cost - accumulated - writtenDown;
  });
  return periods;
}

/** Index of `month` in the schedule's arrays (may be negative or past the end). */
function offsetOf(schedule: MonthlySchedule, month: YearMonth): number {
  return monthIndexOfDate(month) - monthIndexOfDate(schedule.startMonth);
}

/** Accumulated depreciation at the end of `month` (write-downs not included). */
export function accumulatedAt(schedule: MonthlySchedule, month: YearMonth): number {
  const last = Math.min(offsetOf(schedule, month), schedule.depreciation.length - 1);
  let total = schedule.openingAccumulated;
  for (let i = 0; i <= last; i += 1) total += schedule.depreciation[i] ?? 0;
  return total;
}

/** Write-downs up to the end of `month`. */
export function writeDownsAt(schedule: MonthlySchedule, month: YearMonth): number {
  const last = Math.min(offsetOf(schedule, month), schedule.writeDowns.length - 1);
  let total = schedule.openingWriteDowns;
  for (let i = 0; i <= last; i += 1) total += schedule.writeDowns[i] ?? 0;
  return total;
}

/** Book value at the end of `month` (cost before the schedule starts; after it ends, its last value). */
export function bookValueAt(schedule: MonthlySchedule, month: YearMonth): number {
  return schedule.cost - accumulatedAt(schedule, month) - writeDownsAt(schedule, month);
}

/** The month after which the schedule books nothing more: its last month. */
export function lastMonthOf(schedule: MonthlySchedule): YearMonth | null {
  if (schedule.depreciation.length === 0) return null;
  return yearMonthOf(monthIndexOfDate(schedule.startMonth) + schedule.depreciation.length - 1);
}
