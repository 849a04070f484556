/** The renderer's one reading of the clock; the domain gets these values as parameters. */
import { isoDate, type IsoDate } from '../../shared/dates';

/** Today's date where the user is (their calendar day, not UTC's). */
export function todayIso(): IsoDate {
  const d = new Date();
  return isoDate(d.getFullYear(), d.getMonth() + 1, d.getDate());
}
