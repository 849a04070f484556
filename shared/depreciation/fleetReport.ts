/**
 * The fleet depreciation report, over schedules the caller has made (`lotSchedule`): expense per
 * period by any grouping (category, site, stage…), a net-book-value roll-forward that reconciles
 * exactly, values as of any date, and CSV.
 *
 * The unit is the calendar month, as in the schedules: an as-of date means the end of its month
 * (depreciation is booked by month; a write-down sits in the month of its date), a roll-forward
 * runs from the start of its first date's month to the end of its last date's month. Every figure
 * is a sum of whole minor units, so the report reconciles to the unit.
 *
 * Split lots: a split moves book value between lots of one fleet; it is neither an addition nor a
 * disposal. Feed the report schedules with history `full` (`lotSchedule(lot, book, fy, { history:
 * 'full' })`): every part then has every month from the original's in-service month, the family's
 * months add up to the original's, and each part is added at its in-service date at its share of
 * the cost — so a split changes no figure for any period, before or after it. Schedules with
 * history `since-split` (the default) start at the split with opening amounts: `rollForwardItem`
 * counts them from before any period, carried at their value at the split (no addition); figures
 * for periods from the last split on are then the same, earlier ones are not the family's history.
 */
import { toCsv } from '../csv';
import { compareIso, isIsoDate, type IsoDate } from '../dates';
import { formatDecimal, type CurrencyCode } from '../money';
import { assertNever, err, ok, type Result } from '../result';
import { firstDayOfMonth, lastDayOfMonth, monthIndexOfDate, type MonthIndex, type YearMonth } from './fiscal-calendar';
import { periodLabel, periodLength, periodStart, type PeriodKind } from './periods';
import type { MonthlySchedule } from './types';

// ---------------------------------------------------------------------------------------------
// As of a date

/** Index of `month` in the schedule's arrays (negative before it starts). */
function offsetOf(schedule: MonthlySchedule, month: MonthIndex): number {
  return month - monthIndexOfDate(schedule.startMonth);
}

/** Depreciation and write-downs booked up to the end of `month`, opening amounts included. */
function bookedThrough(schedule: MonthlySchedule, month: MonthIndex): number {
  const last = Math.min(offsetOf(schedule, month), schedule.depreciation.length - 1);
  let total = schedule.openingAccumulated + schedule.openingWriteDowns;
  for (let i = 0; i <= last; i += 1) total += (schedule.depreciation[i] ?? 0) + (schedule.writeDowns[i] ?? 0);
  return total;
}

/** The month of the schedule's disposal, or null. */
function disposalMonthOf(schedule: MonthlySchedule): MonthIndex | null {
  return schedule.disposal === null ? null : monthIndexOfDate(schedule.disposal.month);
}

/**
 * Net book value at the end of `date`'s month: cost less everything booked by then; 0 from the
 * month of a disposal on (the asset has left the books). Before the schedule's first month it is
 * what the schedule starts from: cost less any opening amounts.
 */
export function nbvAt(schedule: MonthlySchedule, date: IsoDate | YearMonth): number {
  const month = monthIndexOfDate(date);
  const disposal = disposalMonthOf(schedule);
  if (disposal !== null && month >= disposal) return 0;
  return schedule.cost - bookedThrough(schedule, month);
}

/**
 * Depreciation booked up to the end of `date`'s month, opening amounts included (write-downs not).
 * After a disposal it stays what it was at the disposal: the asset's history, where `nbvAt` is the
 * books' (0).
 */
export function accumulatedDepreciationAt(schedule: MonthlySchedule, date: IsoDate | YearMonth): number {
  const last = Math.min(offsetOf(schedule, monthIndexOfDate(date)), schedule.depreciation.length - 1);
  let total = schedule.openingAccumulated;
  for (let i = 0; i <= last; i += 1) total += schedule.depreciation[i] ?? 0;
  return total;
}

/**
 * Whether the schedule books depreciation in any month from `from`'s to `to`'s (both included)
 * while the asset is on the books (up to its disposal month): what "depreciating" means for a
 * report over that range. A schedule on method none, one fully depreciated before the range or
 * disposed of before it books none there.
 */
export function depreciatesIn(schedule: MonthlySchedule, from: IsoDate | YearMonth, to: IsoDate | YearMonth): boolean {
  const start = monthIndexOfDate(schedule.startMonth);
  const through = Math.min(monthIndexOfDate(to), disposalMonthOf(schedule) ?? Number.POSITIVE_INFINITY, start + schedule.depreciation.length - 1);
  for (let m = Math.max(monthIndexOfDate(from), start); m <= through; m += 1) {
    if ((schedule.depreciation[m - start] ?? 0) !== 0) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Expense per period and group

export interface ReportPeriod {
  /** "2026-06", "FY2026 Q1" or "FY2026" (fiscal years are named by the calendar year they end in). */
  label: string;
  /** The part of the period inside the report's range: a first or last period may be partial. */
  start: IsoDate;
  end: IsoDate;
}

export interface ExpenseRow {
  key: string;
  /** Depreciation per period, minor units. */
  amounts: number[];
  total: number;
}

export interface ExpenseTable {
  kind: PeriodKind;
  periods: ReportPeriod[];
  /** One row per key, in key order. */
  rows: ExpenseRow[];
  /** Per period, over all rows. */
  totals: number[];
  total: number;
}

export interface ExpenseItem {
  /** The group the schedule's expense goes to (a category, a site, a stage…). */
  key: string;
  schedule: MonthlySchedule;
}

/**
 * Depreciation expense per period from `from` to `to` (months, both included), per group: each
 * item's months go to its key's row. Periods are the fiscal months, quarters or years that meet
 * the range, cut to it. Every amount is an exact sum of the schedules' months, so rows, columns and
 * the grand total agree to the minor unit. (Write-downs are not expense here: see `rollForward`.)
 */
export function expenseByGroup(
  items: readonly ExpenseItem[],
  kind: PeriodKind,
  from: YearMonth,
  to: YearMonth,
  fiscalYearStartMonth: number,
): ExpenseTable {
  const first = monthIndexOfDate(from);
  const last = monthIndexOfDate(to);
  const length = periodLength(kind);
  const periods: ReportPeriod[] = [];
  // The period of each month of the range, by offset from `first`.
  const periodOfMonth = new Int32Array(Math.max(0, last - first + 1));
  let current = Number.NaN;
  for (let m = first; m <= last; m += 1) {
    const start = periodStart(m, kind, fiscalYearStartMonth);
    if (start !== current) {
      current = start;
      periods.push({
        label: periodLabel(start, kind, fiscalYearStartMonth),
        start: firstDayOfMonth(Math.max(start, first)),
        end: lastDayOfMonth(Math.min(start + length - 1, last)),
      });
    }
    periodOfMonth[m - first] = periods.length - 1;
  }

  const byKey = new Map<string, number[]>();
  for (const { key, schedule } of items) {
    let amounts = byKey.get(key);
    if (amounts === undefined) {
      amounts = new Array<number>(periods.length).fill(0);
      byKey.set(key, amounts);
    }
    const start = monthIndexOfDate(schedule.startMonth);
    const dep = schedule.depreciation;
    const through = Math.min(last, start + dep.length - 1);
    for (let m = Math.max(first, start); m <= through; m += 1) {
      const p = periodOfMonth[m - first] ?? 0;
      amounts[p] = (amounts[p] ?? 0) + (dep[m - start] ?? 0);
    }
  }

  const totals = new Array<number>(periods.length).fill(0);
  const rows: ExpenseRow[] = [...byKey.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => {
      const amounts = byKey.get(key) ?? [];
      let total = 0;
      amounts.forEach((a, i) => {
        total += a;
        totals[i] = (totals[i] ?? 0) + a;
      });
      return { key, amounts, total };
    });
  return { kind, periods, rows, totals, total: totals.reduce((a, b) => a + b, 0) };
}

// ---------------------------------------------------------------------------------------------
// Net-book-value roll-forward

export interface RollForwardItem {
  schedule: MonthlySchedule;
  /**
   * When the item entered the fleet's books: its receipt (fleetValue.ts `ownedFrom`; owned from
   * receipt, at cost until it goes into service) — it is then an addition, at what its schedule
   * starts from (its cost). Null for an item that came from another lot of the
   * fleet, on the books before any period: a split part whose schedule (history `since-split`)
   * starts with opening amounts. `rollForwardItem` decides it.
   */
  addedOn: IsoDate | null;
}

/**
 * The roll-forward item for a lot's schedule: added on `addedOn` (its receipt: fleetValue.ts
 * `rollForwardItems` builds the items of a fleet's lots) — unless the schedule starts with opening
 * amounts (a split part with history `since-split`), whose book value came from its parent. (A
 * part split before anything was booked has none: it is added like any lot.)
 */
export function rollForwardItem(schedule: MonthlySchedule, addedOn: IsoDate): RollForwardItem {
  const carried = schedule.openingAccumulated !== 0 || schedule.openingWriteDowns !== 0;
  return { schedule, addedOn: carried ? null : addedOn };
}

/** Net book value, minor units: opening + additions − depreciation − impairments − disposals = closing. */
export interface RollForward {
  /** The first day of the first month and the last day of the last month. */
  start: IsoDate;
  end: IsoDate;
  /** At the start of the first month: items added before it and not disposed of. */
  opening: number;
  /** Items added within: what their schedules start from (cost, less any opening amounts). */
  additions: number;
  /** Booked within, while on the books. */
  depreciation: number;
  /** Write-downs booked within. */
  impairments: number;
  /** Net book value taken off the books by disposals within: book value at disposal. */
  disposals: number;
  /** At the end of the last month. */
  closing: number;
}

/**
 * Rolls the fleet's net book value forward from the start of `from`'s month to the end of `to`'s.
 * Per item, by month: off the books before the month it is added and from the month of its
 * disposal (its book value then is the disposal line), on them in between at cost less
 * everything booked. The identity holds item by item, so it holds exactly for the fleet; it is
 * checked, and a miss is a bug (thrown).
 */
export function rollForward(items: readonly RollForwardItem[], from: IsoDate, to: IsoDate): Result<RollForward> {
  if (!isIsoDate(from)) return err(`from: "${from}" is not a date in YYYY-MM-DD form`);
  if (!isIsoDate(to)) return err(`to: "${to}" is not a date in YYYY-MM-DD form`);
  if (compareIso(to, from) < 0) return err(`to: ${to} is before from ${from}`);
  const first = monthIndexOfDate(from);
  const last = monthIndexOfDate(to);
  const out: RollForward = {
    start: firstDayOfMonth(first),
    end: lastDayOfMonth(last),
    opening: 0,
    additions: 0,
    depreciation: 0,
    impairments: 0,
    disposals: 0,
    closing: 0,
  };
  let closing = 0;
  for (const { schedule, addedOn } of items) {
    const added = addedOn === null ? Number.NEGATIVE_INFINITY : monthIndexOfDate(addedOn);
    const disposed = disposalMonthOf(schedule) ?? Number.POSITIVE_INFINITY;
    if (added > last || disposed < first || added > disposed) continue;
    const start = monthIndexOfDate(schedule.startMonth);
    const dep = schedule.depreciation;
    const wd = schedule.writeDowns;
    // Carrying value as the months go by; the months before `first` (or before it is added) move it
    // without showing in the period.
    let carrying = schedule.cost - schedule.openingAccumulated - schedule.openingWriteDowns;
    const onFrom = Math.max(first, added);
    for (let m = start; m < onFrom && m - start < dep.length; m += 1) carrying -= (dep[m - start] ?? 0) + (wd[m - start] ?? 0);
    if (added < first) out.opening += carrying;
    else out.additions += carrying;
    const through = Math.min(last, disposed);
    for (let m = Math.max(onFrom, start); m <= through && m - start < dep.length; m += 1) {
      const d = dep[m - start] ?? 0;
      const w = wd[m - start] ?? 0;
      out.depreciation += d;
      out.impairments += w;
      carrying -= d + w;
    }
    if (disposed <= last) out.disposals += carrying;
    else closing += carrying;
  }
  out.closing = closing;
  if (out.opening + out.additions - out.depreciation - out.impairments - out.disposals !== closing) {
    throw new Error(`rollForward: does not reconcile (${JSON.stringify(out)})`);
  }
  return ok(out);
}

// ---------------------------------------------------------------------------------------------
// CSV

/** What `fleetReportToCsv` writes: the expense table, or the roll-forward. */
export type FleetReportExport =
  | {
      kind: 'expense';
      table: ExpenseTable;
      /** The first column's heading: what the rows are (default "Group"). */
      groupLabel?: string;
    }
  | { kind: 'roll-forward'; rollForward: RollForward };

/**
 * The report as CSV (RFC 4180, `toCsv`), amounts as plain decimals of `currency` ("1234.50").
 * Expense: a row per group, a column per period (a period cut by the range says so), then totals.
 * Roll-forward: one line per movement, reductions negative, so the amounts above the closing line
 * sum to it in a spreadsheet.
 */
export function fleetReportToCsv(report: FleetReportExport, currency: CurrencyCode): string {
  const amount = (minor: number): string => formatDecimal(minor, currency);
  switch (report.kind) {
    case 'expense': {
      const { table } = report;
      const header = [
        report.groupLabel ?? 'Group',
        ...table.periods.map((p) => reportPeriodHeading(p, table.kind)),
        'Total',
      ];
      const rows = table.rows.map((r) => [r.key, ...r.amounts.map(amount), amount(r.total)]);
      rows.push(['Total', ...table.totals.map(amount), amount(table.total)]);
      return toCsv(header, rows);
    }
    case 'roll-forward': {
      const r = report.rollForward;
      return toCsv(
        ['Line', 'Amount'],
        [
          [`Opening net book value (${r.start})`, amount(r.opening)],
          ['Additions', amount(r.additions)],
          ['Depreciation', amount(-r.depreciation)],
          ['Impairments', amount(-r.impairments)],
          ['Disposals', amount(-r.disposals)],
          [`Closing net book value (${r.end})`, amount(r.closing)],
        ],
      );
    }
    default:
      return assertNever(report, 'report');
  }
}

/**
 * A period's column heading: its label, and for one the report's range cuts, the dates it covers
 * ("FY2026 Q1 (2026-02-01 to 2026-03-31)"), so a part of a quarter is never read as all of it.
 * The view and the CSV head their columns alike.
 */
export function reportPeriodHeading(p: ReportPeriod, kind: PeriodKind): string {
  return isWholePeriod(p, kind) ? p.label : `${p.label} (${p.start} to ${p.end})`;
}

/** Whether a period covers its whole month, quarter or year (not cut by the report's range). */
function isWholePeriod(p: ReportPeriod, kind: PeriodKind): boolean {
  return monthIndexOfDate(p.end) - monthIndexOfDate(p.start) + 1 === periodLength(kind);
}
