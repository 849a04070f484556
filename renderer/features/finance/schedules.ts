/**
 * Every lot's book and tax schedules, computed once per change of the fleet (2,000 lots in a
 * few tens of ms) and shared by the lots list, the lot's Finance tab and the fleet report.
 */
import { useMemo } from 'react';
import type { MonthlySchedule } from '../../../shared/depreciation';
import { lotSchedule, type LotScheduleHistory } from '../../../shared/depreciation/lotSchedule';
import type { BookKind, Lot } from '../../../shared/lot';

export interface LotBooks {
  book: MonthlySchedule | null;
  tax: MonthlySchedule | null;
  /** Why a schedule could not be computed (shown on the lot, never thrown). */
  error: string | null;
}

export function computeSchedules(lots: readonly Lot[], fiscalYearStart: number, history: LotScheduleHistory = 'since-split'): Map<string, LotBooks> {
  const out = new Map<string, LotBooks>();
  for (const lot of lots) {
    const one = (book: BookKind) => lotSchedule(lot, book, fiscalYearStart, { history });
    const book = one('book');
    const tax = one('tax');
    out.set(lot.id, {
      book: book.ok ? book.value : null,
      tax: tax.ok ? tax.value : null,
      error: !book.ok ? `Book: ${book.error}` : !tax.ok ? `Tax: ${tax.error}` : null,
    });
  }
  return out;
}

// Views that need the schedules (list, detail, report) share one computation per fleet snapshot:
// live queries hand every view the same `lots` array until the data changes.
const cache = new WeakMap<readonly Lot[], { fiscalYearStart: number; schedules: Map<string, LotBooks> }>();

export function schedulesOf(lots: readonly Lot[], fiscalYearStart: number): Map<string, LotBooks> {
  const hit = cache.get(lots);
  if (hit && hit.fiscalYearStart === fiscalYearStart) return hit.schedules;
  const schedules = computeSchedules(lots, fiscalYearStart);
  cache.set(lots, { fiscalYearStart, schedules });
  return schedules;
}

export function useSchedules(lots: readonly Lot[], fiscalYearStart: number): Map<string, LotBooks> {
  return useMemo(() => schedulesOf(lots, fiscalYearStart), [lots, fiscalYearStart]);
}

/** Schedules with each split part's full history (for fleet reports over past periods). */
export function useFullSchedules(lots: readonly Lot[], fiscalYearStart: number): Map<string, LotBooks> {
  return useMemo(() => computeSchedules(lots, fiscalYearStart, 'full'), [lots, fiscalYearStart]);
}
