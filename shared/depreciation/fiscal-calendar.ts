/**
 * Months as integers and the fiscal calendar built on them.
 *
 * A schedule's unit is the calendar month. Months are counted as one integer
 * (`year * 12 + month - 1`) so the engine's inner loops do arithmetic, not date parsing.
 *
 * Fiscal years are named by the calendar year in which they END (the common convention:
 * a fiscal year running July 2025 – June 2026 is FY2026). With a January start the fiscal
 * year is the calendar year, so FY2026 is 2026 either way.
 */
import { daysInMonth, isoDate, type IsoDate } from '../dates';

/** `YYYY-MM`. */
export type YearMonth = string;

/** `year * 12 + (month - 1)`: consecutive months are consecutive integers. */
export type MonthIndex = number;

const YEAR_MONTH = /^(\d{4})-(\d{2})$/u;

export function monthIndexOf(year: number, month1: number): MonthIndex {
  return year * 12 + (month1 - 1);
}

/** The month an ISO date (or `YYYY-MM`) falls in. */
export function monthIndexOfDate(date: IsoDate | YearMonth): MonthIndex {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return monthIndexOf(year, month);
}

export function isYearMonth(text: string): boolean {
  const m = YEAR_MONTH.exec(text);
  if (!m) return false;
  const month = Number(m[2]);
  return month >= 1 && month <= 12;
}

export function yearOfMonth(index: MonthIndex): number {
  return Math.floor(index / 12);
}

/** 1..12. */
export function calendarMonthOf(index: MonthIndex): number {
  return index - Math.floor(index / 12) * 12 + 1;
}

export function yearMonthOf(index: MonthIndex): YearMonth {
  return `${String(yearOfMonth(index)).padStart(4, '0')}-${String(calendarMonthOf(index)).padStart(2, '0')}`;
}

export function firstDayOfMonth(index: MonthIndex): IsoDate {
  return isoDate(yearOfMonth(index), calendarMonthOf(index), 1);
}

export function lastDayOfMonth(index: MonthIndex): IsoDate {
  const y = yearOfMonth(index);
  const m = calendarMonthOf(index);
  return isoDate(y, m, daysInMonth(y, m));
}

/** Days since 1970-01-01 of the first day of a month (UTC calendar; no clock is read). */
export function dayNumberOfMonthStart(index: MonthIndex): number {
  return Date.UTC(yearOfMonth(index), calendarMonthOf(index) - 1, 1) / 86_400_000;
}

/** Days since 1970-01-01 of an ISO date. */
export function dayNumberOfDate(date: IsoDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
}

/** The first month of the fiscal year containing `index`, for a fiscal year starting in `startMonth1` (1..12). */
export function fiscalYearStartOf(index: MonthIndex, startMonth1: number): MonthIndex {
  const offset = startMonth1 - 1;
  const within = (((index - offset) % 12) + 12) % 12;
  return index - within;
}

/** The fiscal year's name: the calendar year of its last month. */
export function fiscalYearOf(index: MonthIndex, startMonth1: number): number {
  return yearOfMonth(fiscalYearStartOf(index, startMonth1) + 11);
}

/** The first month of the fiscal quarter containing `index`. */
export function fiscalQuarterStartOf(index: MonthIndex, startMonth1: number): MonthIndex {
  const fy = fiscalYearStartOf(index, startMonth1);
  return fy + Math.floor((index - fy) / 3) * 3;
}

/** 1..4. */
export function fiscalQuarterOf(index: MonthIndex, startMonth1: number): number {
  const fy = fiscalYearStartOf(index, startMonth1);
  return Math.floor((index - fy) / 3) + 1;
}

export function isFiscalYearStartMonth(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 12;
}
