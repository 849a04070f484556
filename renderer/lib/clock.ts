/** The renderer's one reading of the clock; the domain gets these values as parameters. */
import { isoDate, type IsoDate, type LocalDay } from '../../shared/dates';

/** The calendar day of `d` where the user is (their day, not UTC's). */
function calendarDay(d: Date): IsoDate {
  return isoDate(d.getFullYear(), d.getMonth() + 1, d.getDate());
}

/** Today's date where the user is (their calendar day, not UTC's). */
export function todayIso(): IsoDate {
  return calendarDay(new Date());
}

/** The user's calendar day of an instant (a record's `at`): what a record without a business date is dated. */
export const localDay: LocalDay = (ts) => calendarDay(new Date(ts));
