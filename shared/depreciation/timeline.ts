/**
 * Where on the time axis depreciation starts, ends and stops, for each convention.
 *
 * Month-based conventions measure time in months (`MonthIndex`, fractions allowed: 2026-03
 * plus a half month is 24314.5); `actual-days` measures it in days since 1970-01-01. A fiscal
 * year's share of a year is the part of it inside the interval ÷ its length, so a full year is
 * exactly 1 in either measure, and months get weights by the same overlap.
 */
import { addMonths, type IsoDate } from '../dates';
import { assertNever } from '../result';
import {
  dayNumberOfDate,
  dayNumberOfMonthStart,
  fiscalQuarterStartOf,
  fiscalYearStartOf,
  monthIndexOf,
  monthIndexOfDate,
  type MonthIndex,
} from './fiscal-calendar';
import type { Convention } from './types';

export interface Clock {
  readonly byDays: boolean;
  /** The time at which month `m` starts. */
  at(m: MonthIndex): number;
}

export const MONTH_CLOCK: Clock = { byDays: false, at: (m) => m };

/** Day numbers of month starts are cached: the same few hundred months recur across a fleet. */
const monthStartDays = new Map<MonthIndex, number>();
export const DAY_CLOCK: Clock = {
  byDays: true,
  at: (m) => {
    let day = monthStartDays.get(m);
    if (day === undefined) {
      day = dayNumberOfMonthStart(m);
      monthStartDays.set(m, day);
    }
    return day;
  },
};

export function clockFor(convention: Convention): Clock {
  return convention === 'actual-days' ? DAY_CLOCK : MONTH_CLOCK;
}

/**
 * The time a convention assigns to a date: when depreciation is deemed to start for an asset
 * placed in service that day, and to stop for one disposed of that day. (So under full-month
 * the in-service month counts and the disposal month does not; under next-month the reverse.)
 */
export function conventionTime(convention: Convention, date: IsoDate, fiscalYearStartMonth: number): number {
  const m = monthIndexOfDate(date);
  switch (convention) {
    case 'full-month':
      return m;
    case 'next-month':
      return m + 1;
    case 'mid-month':
      return m + 0.5;
    case 'half-year':
      return fiscalYearStartOf(m, fiscalYearStartMonth) + 6;
    case 'mid-quarter':
      return fiscalQuarterStartOf(m, fiscalYearStartMonth) + 1.5;
    case 'actual-days':
      return dayNumberOfDate(date);
    default:
      return assertNever(convention, 'convention');
  }
}

/** The end of a useful life of `lifeMonths` that started at `start` (a convention start). */
export function lifeEnd(convention: Convention, start: number, inServiceDate: IsoDate, lifeMonths: number): number {
  return convention === 'actual-days' ? dayNumberOfDate(addMonths(inServiceDate, lifeMonths)) : start + lifeMonths;
}

/** The month containing time `t` (for an end time, pass the end minus a little). */
export function monthContaining(clock: Clock, t: number): MonthIndex {
  if (!clock.byDays) return Math.floor(t);
  const d = new Date(Math.floor(t) * 86_400_000);
  return monthIndexOf(d.getUTCFullYear(), d.getUTCMonth() + 1);
}

/** Years (fiscal-year shares summed) between times `a` and `b`. */
export function yearsBetween(clock: Clock, fiscalYearStartMonth: number, a: number, b: number): number {
  if (b <= a) return 0;
  if (!clock.byDays) return (b - a) / 12;
  let years = 0;
  for (let fy = fiscalYearStartOf(monthContaining(clock, a), fiscalYearStartMonth); clock.at(fy) < b; fy += 12) {
    const from = clock.at(fy);
    const to = clock.at(fy + 12);
    const overlap = Math.min(to, b) - Math.max(from, a);
    if (overlap > 0) years += overlap / (to - from);
  }
  return years;
}
