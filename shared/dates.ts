import { err, ok, type Result } from './result';

/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;
/** A UTC instant, `YYYY-MM-DDTHH:mm:ss.sssZ`. */
export type Timestamp = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/u;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

// Calendar arithmetic is done on integers, not with Date: Date.UTC reads years 0–99 as
// 1900–1999, so e.g. addDays('0024-03-01', -1) used to give '1924-02-29'.
export function daysInMonth(year: number, month1: number): number {
  if (month1 === 2 && isLeapYear(year)) return 29;
  return MONTH_DAYS[month1 - 1] ?? Number.NaN;
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date (negative before it). Algorithm
 * `days_from_civil` of H. Hinnant, "chrono-Compatible Low-Level Date Algorithms".
 */
export function epochDay(year: number, month1: number, day: number): number {
  const y = month1 <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month1 + 9) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The inverse of {@link epochDay} (Hinnant's `civil_from_days`). */
export function dateOfEpochDay(days: number): DateParts {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** True only for a real calendar date in `YYYY-MM-DD` form (2026-02-30 is not one). */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/**
 * The years a date typed or imported may fall in. A fleet's books span decades, not millennia:
 * 9999-12-31 (a "no end" placeholder) or 0226 for 2026 is a mistake, and such a date would run
 * schedules and forecasts past year 9999, where dates have no YYYY-MM-DD form ("10000-01-01").
 */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2199;

export function parseIsoDate(text: string): Result<IsoDate> {
  const t = text.trim();
  if (t === '') return err('is empty');
  if (!ISO_DATE.test(t)) return err(`"${text}" is not a date in YYYY-MM-DD form`);
  if (!isIsoDate(t)) return err(`"${text}" is not a real calendar date`);
  const year = Number(t.slice(0, 4));
  if (year < FIRST_YEAR || year > LAST_YEAR) return err(`"${text}" is not a date from ${FIRST_YEAR} to ${LAST_YEAR}`);
  return ok(t);
}

/**
 * Why a date in YYYY-MM-DD form (isIsoDate) cannot be one typed or imported — its year is outside
 * {@link FIRST_YEAR}–{@link LAST_YEAR} — in {@link parseIsoDate}'s words; null when it can.
 */
export function yearRangeProblem(date: IsoDate): string | null {
  const year = Number(date.slice(0, 4));
  return year < FIRST_YEAR || year > LAST_YEAR ? `"${date}" is not a date from ${FIRST_YEAR} to ${LAST_YEAR}` : null;
}

export interface DateParts {
  year: number;
  month: number; // 1..12
  day: number;
}

export function dateParts(date: IsoDate): DateParts {
  const m = ISO_DATE.exec(date);
  if (!m) throw new Error(`Not an ISO date: ${date}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

export function isoDate(year: number, month1: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The calendar date (UTC) of an instant. */
export function dateOf(ts: Timestamp): IsoDate {
  return ts.slice(0, 10);
}

/**
 * The calendar date of an instant where the user is: what a record made then is dated, when it
 * has no business date of its own. The time zone is the platform's, so the app and the command
 * line pass theirs (renderer/lib/clock.ts, cli/teamWrite.ts); {@link dateOf} (UTC) otherwise.
 */
export type LocalDay = (ts: Timestamp) => IsoDate;

/** Adds calendar months; the day is clamped to the target month's length (Jan 31 + 1 = Feb 28/29). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = dateParts(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return isoDate(y, m, Math.min(day, daysInMonth(y, m)));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const { year, month, day } = dateParts(date);
  const d = dateOfEpochDay(epochDay(year, month, day) + days);
  return isoDate(d.year, d.month, d.day);
}

/** Whole days from `a` to `b` (negative if b is earlier). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  const pa = dateParts(a);
  const pb = dateParts(b);
  return epochDay(pb.year, pb.month, pb.day) - epochDay(pa.year, pa.month, pa.day);
}

/** Completed whole months from `from` to `to` (0 if `to` is earlier). Used for ages. */
export function completedMonths(from: IsoDate, to: IsoDate): number {
  const a = dateParts(from);
  const b = dateParts(to);
  let months = (b.year - a.year) * 12 + (b.month - a.month);
  if (b.day < a.day) months -= 1;
  return Math.max(0, months);
}

/** Compares ISO dates (or timestamps) as strings sort: negative, zero or positive. */
export function compareIso(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "3 y 4 mo", "7 mo", "12 d" — a compact age for tables. */
export function formatAge(from: IsoDate, today: IsoDate): string {
  const months = completedMonths(from, today);
  if (months === 0) {
    const days = Math.max(0, daysBetween(from, today));
    return `${days} d`;
  }
  const y = Math.floor(months / 12);
  const mo = months % 12;
  if (y === 0) return `${mo} mo`;
  return mo === 0 ? `${y} y` : `${y} y ${mo} mo`;
}
