/**
 * Splitting a lot's schedule by quantity: the parent keeps one part, each child takes another,
 * and the parts add up to the unsplit schedule to the minor unit — cost, salvage, accumulated
 * depreciation at the split, every later month, and any disposal.
 *
 * Cost and the schedule's total reduction (cost − final book value) are split by quantity with
 * `allocate`; each part's salvage is where it then ends. What was booked before the split month,
 * and then each later month's amount, is allocated in proportion to what each part still has to
 * book. That keeps every part's amounts whole and non-negative (book values never rise) and makes
 * every part land exactly on its own salvage: no cent is lost or created.
 */
import { yearMonthOf, monthIndexOfDate, type YearMonth } from './fiscal-calendar';
import { allocate } from '../money';
import { err, ok, type Result } from '../result';
import type { MonthlySchedule } from './types';

/** Splits `total` over the parts in proportion to what each still has to book (`remaining`, updated in place). */
function allocateFromRemaining(total: number, remaining: number[]): number[] {
  if (total === 0) return remaining.map(() => 0);
  const parts = allocate(total, remaining);
  parts.forEach((p, i) => {
    remaining[i] = (remaining[i] ?? 0) - p;
  });
  return parts;
}

function sum(values: readonly number[], from = 0, to = values.length): number {
  let total = 0;
  for (let i = from; i < to; i += 1) total += values[i] ?? 0;
  return total;
}

/**
 * Splits `schedule` into parts of `quantities` units (the parent's quantity first, by
 * convention) as of `splitMonth`: each part's schedule starts that month, carrying its share of
 * the depreciation and write-downs booked before it as opening amounts.
 */
export function splitSchedule(
  schedule: MonthlySchedule,
  quantities: readonly number[],
  splitMonth: YearMonth,
): Result<MonthlySchedule[]> {
  if (quantities.length === 0) return err('quantities: give at least one part');
  if (quantities.some((q) => !Number.isSafeInteger(q) || q <= 0)) {
    return err(`quantities: each part needs a whole quantity of 1 or more (got ${quantities.join(', ')})`);
  }
  const months = schedule.depreciation.length;
  const offset = Math.min(Math.max(monthIndexOfDate(splitMonth) - monthIndexOfDate(schedule.startMonth), 0), months);
  const totalDepreciation = schedule.openingAccumulated + sum(schedule.depreciation);
  const totalWriteDowns = schedule.openingWriteDowns + sum(schedule.writeDowns);
  const reduction = totalDepreciation + totalWriteDowns;

  const costs = allocate(schedule.cost, quantities);
  const reductions = allocate(reduction, quantities);
  const remaining = [...reductions];
  // Where each part ends: cost − its reduction. Without a disposal that is its salvage, exactly;
  // with one, salvage is split in proportion to it, so no part's salvage is above its book value.
  const endValues = costs.map((c, i) => c - (reductions[i] ?? 0));
  const salvages =
    schedule.disposal === null
      ? endValues
      : schedule.salvage === 0
        ? endValues.map(() => 0)
        : allocate(schedule.salvage, endValues);

  const openingWriteDowns = allocateFromRemaining(
    schedule.openingWriteDowns + sum(schedule.writeDowns, 0, offset),
    remaining,
  );
  const openingAccumulated = allocateFromRemaining(
    schedule.openingAccumulated + sum(schedule.depreciation, 0, offset),
    remaining,
  );
  const depreciation: number[][] = quantities.map(() => []);
  const writeDowns: number[][] = quantities.map(() => []);
  for (let i = offset; i < months; i += 1) {
    const wd = allocateFromRemaining(schedule.writeDowns[i] ?? 0, remaining);
    const dep = allocateFromRemaining(schedule.depreciation[i] ?? 0, remaining);
    quantities.forEach((_q, p) => {
      writeDowns[p]?.push(wd[p] ?? 0);
      depreciation[p]?.push(dep[p] ?? 0);
    });
  }
  const proceeds = schedule.disposal === null ? null : allocate(schedule.disposal.proceeds, quantities);
  const startMonth = yearMonthOf(monthIndexOfDate(schedule.startMonth) + offset);

  return ok(
    quantities.map((_q, p): MonthlySchedule => {
      const cost = costs[p] ?? 0;
      const bookValue = cost - (reductions[p] ?? 0);
      const disposal =
        schedule.disposal === null || proceeds === null
          ? null
          : {
              ...schedule.disposal,
              proceeds: proceeds[p] ?? 0,
              bookValue,
              gainOrLoss: (proceeds[p] ?? 0) - bookValue,
            };
      return {
        cost,
        salvage: salvages[p] ?? 0,
        fiscalYearStartMonth: schedule.fiscalYearStartMonth,
        startMonth,
        openingAccumulated: openingAccumulated[p] ?? 0,
        openingWriteDowns: openingWriteDowns[p] ?? 0,
        depreciation: depreciation[p] ?? [],
        writeDowns: writeDowns[p] ?? [],
        disposal,
      };
    }),
  );
}

/** Splits an accumulated amount (e.g. a lot's accumulated depreciation) by quantity, in whole minor units. */
export function splitByQuantity(amount: number, quantities: readonly number[]): number[] {
  return allocate(amount, quantities);
}
