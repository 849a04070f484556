/** The renderer's one reading of the clock; the domain gets these values as parameters. */
import { isoDate, type IsoDate, type LocalDay } from '../../shared/dates';

/** Today's date where the user is (their calendar day, not UTC's). */
export function todayIso(): IsoDate {
  const d = new Date();
  return isoDate(d.getFullYear(), d.getMonth() + 1, d.getDate());
}

/** The user's calendar day of an instant (a record's `at`): what a record without a business date is dated. */
export const localDay: LocalDay = (ts) => {
  const d = new Date(ts);
  return isoDate(d.getFullYear(), d.getMonth() + 1, d.getDate());
};
