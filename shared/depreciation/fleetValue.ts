/**
 * Fleet value: one definition everywhere (PRODUCT.md "Fleet value"; issue 12). Hardware is
 * **owned** from receipt — received, staged, in service, spare, RMA, refresh, decommission —
 * until it is disposed. Planned and ordered lots are **commitments** (the capex pipeline), never
 * fleet value: they count neither in book value nor in market value or unrealised gain.
 *
 * An owned lot's book value on a date is its schedule's net book value at the end of that month
 * (fleetReport.ts `nbvAt`); before depreciation starts (a lot received or staged, not yet in
 * service, so without a schedule) it is its cost basis. The lots list, the lot header, the
 * depreciation report, the forecast, the Value tab and the command line all take it from here,
 * so they agree to the cent on the same date (test/cli/fleetValue.test.ts).
 */
import type { IsoDate } from '../dates';
import { costBasis, type Lot } from '../lot';
import type { LotStatus } from '../lifecycle';
import { monthIndexOfDate, yearMonthOf } from './fiscal-calendar';
import { nbvAt, rollForwardItem, type RollForwardItem } from './fleetReport';
import type { DisposalResult, MonthlySchedule } from './types';

/** Statuses of a commitment: the lot is not the team's hardware yet. */
const COMMITTED: readonly LotStatus[] = ['planned', 'ordered'];

export function isCommitment(lot: Pick<Lot, 'status'>): boolean {
  return COMMITTED.includes(lot.status);
}

type OwnedFields = Pick<Lot, 'status' | 'receivedDate' | 'inServiceDate' | 'purchaseDate' | 'disposedDate'>;

/** When the lot became the team's: its receipt (for a fleet onboarded without one, its in-service or purchase date). */
export function ownedFrom(lot: Pick<Lot, 'receivedDate' | 'inServiceDate' | 'purchaseDate'>): IsoDate {
  return lot.receivedDate ?? lot.inServiceDate ?? lot.purchaseDate;
}

/** Whether the lot is owned on `date`: received by then, and not disposed by then. */
export function isOwnedOn(lot: OwnedFields, date: IsoDate): boolean {
  if (isCommitment(lot)) return false;
  if (ownedFrom(lot) > date) return false;
  if (lot.status === 'disposed') return lot.disposedDate !== null && lot.disposedDate > date;
  return true;
}

/**
 * The lot's book value on `date` (end of its month), in minor units: null when the lot is not
 * owned then (a commitment, not received yet, or disposed); the cost basis while it has no
 * schedule (not in service yet), 0 in the month it is disposed of; else its schedule's net book value.
 */
export function lotBookValue(lot: OwnedFields & Pick<Lot, 'unitCost' | 'quantity' | 'extraCosts'>, schedule: MonthlySchedule | null, date: IsoDate): number | null {
  if (!isOwnedOn(lot, date)) return null;
  if (schedule !== null) return nbvAt(schedule, date);
  // The value is the one at the end of the date's month: a lot disposed of later in that month has
  // left the books by then, as a scheduled lot's `nbvAt` and the forecast's `disposedFrom` say.
  if (lot.status === 'disposed' && lot.disposedDate !== null && monthIndexOfDate(lot.disposedDate) <= monthIndexOfDate(date)) return 0;
  return costBasis(lot);
}

/**
 * The schedule the books carry for the lot: none for a commitment. A planned or ordered lot may
 * have its in-service date entered ahead (its Finance tab then projects a schedule), but nothing
 * is depreciated before the lot is the team's: the lots list, the lot header and the depreciation
 * report book no depreciation for it, as they count no book value.
 */
export function bookedSchedule<S>(lot: Pick<Lot, 'status'>, schedule: S | null): S | null {
  return isCommitment(lot) ? null : schedule;
}

/** The fleet's book value on `date` in one currency, by group (the depreciation report's "net book value as of"). */
export function bookValueByGroup(items: Iterable<{ lot: Lot; schedule: MonthlySchedule | null }>, date: IsoDate, groupOf: (lot: Lot) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const { lot, schedule } of items) {
    const value = lotBookValue(lot, schedule, date);
    if (value !== null) out.set(groupOf(lot), (out.get(groupOf(lot)) ?? 0) + value);
  }
  return out;
}

/**
 * The depreciation report's roll-forward items for the lots of one currency and book: every lot the
 * team has owned (commitments never), added when it became the team's (`ownedFrom`), so the
 * roll-forward closes on the same book value as `bookValueByGroup` on the last day of its range. A
 * lot received but not yet in service has no schedule: it is carried at its cost basis (flat, no
 * depreciation) and, if disposed of before going into service, leaves the books at that cost.
 */
export function rollForwardItems(items: Iterable<{ lot: Lot; schedule: MonthlySchedule | null }>): RollForwardItem[] {
  const out: RollForwardItem[] = [];
  for (const { lot, schedule } of items) {
    if (isCommitment(lot)) continue;
    out.push(rollForwardItem(schedule ?? atCost(lot), ownedFrom(lot)));
  }
  return out;
}

/** A lot without a schedule as one: its cost basis from receipt, nothing booked, its disposal at that cost. */
function atCost(lot: Lot): MonthlySchedule {
  const cost = costBasis(lot);
  return {
    cost,
    salvage: cost,
    fiscalYearStartMonth: 1,
    startMonth: yearMonthOf(monthIndexOfDate(ownedFrom(lot))),
    openingAccumulated: 0,
    openingWriteDowns: 0,
    depreciation: [],
    writeDowns: [],
    disposal: unscheduledDisposal(lot),
  };
}

/**
 * The disposal of a lot disposed of without a schedule (never put in service): it leaves the books
 * at its cost basis (nothing was depreciated, and no impairment can be recorded before the
 * in-service date), so the gain or loss is proceeds − cost basis. Null when the lot is not disposed
 * of. The depreciation report's roll-forward and the lot's Finance tab both take it from here.
 */
export function unscheduledDisposal(lot: Lot): DisposalResult | null {
  if (lot.status !== 'disposed' || lot.disposedDate === null) return null;
  const cost = costBasis(lot);
  const proceeds = lot.proceeds ?? 0;
  return { date: lot.disposedDate, month: yearMonthOf(monthIndexOfDate(lot.disposedDate)), proceeds, bookValue: cost, gainOrLoss: proceeds - cost };
}

/** The capex pipeline: planned and ordered lots, at their cost basis, by currency. */
export function commitments(lots: Iterable<Lot>): { lots: number; cost: Map<string, number> } {
  const cost = new Map<string, number>();
  let count = 0;
  for (const lot of lots) {
    if (!isCommitment(lot)) continue;
    count += 1;
    cost.set(lot.currency, (cost.get(lot.currency) ?? 0) + costBasis(lot));
  }
  return { lots: count, cost };
}
