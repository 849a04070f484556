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
  const parts = remaining.length === 2 ? allocatePair(total, remaining[0] ?? 0, remaining[1] ?? 0) : allocate(total, remaining);
  parts.forEach((p, i) => {
    remaining[i] = (remaining[i] ?? 0) - p;
  });
  return parts;
}

/**
 * `allocate(total, [a, b])` — the same parts, bit for bit — for the two parts every lot split has.
 * Splits allocate every month of a schedule, and the general path turns to BigInt arrays as soon
 * as amount × weights passes 2^53 (a lot of a few million): this does one exact product instead.
 */
function allocatePair(total: number, a: number, b: number): number[] {
  const w = a + b;
  if (!(Number.isSafeInteger(total) && total > 0 && Number.isSafeInteger(a) && Number.isSafeInteger(b) && a >= 0 && b >= 0 && w > 0 && Number.isSafeInteger(w))) {
    return allocate(total, [a, b]);
  }
  // a's share before the remainder, floor(total × a ÷ w), and the remainder of that division.
  let share: number;
  let remainder: number;
  if (total * w <= Number.MAX_SAFE_INTEGER) {
    const product = total * a;
    share = Math.floor(product / w);
    remainder = product - share * w;
  } else {
    const product = BigInt(total) * BigInt(a);
    const big = product / BigInt(w);
    share = Number(big);
    remainder = Number(product - big * BigInt(w));
  }
  // Both remainders are 0, or they add up to w and one unit is left: it goes to the larger
  // remainder, the first part on a tie (largest remainder, as `allocate`).
  if (remainder !== 0 && 2 * remainder >= w) share += 1;
  return [share, total - share];
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
  let reductions = allocate(reduction, quantities);
  // Cost and reduction are each rounded on their own; when what is left at the end is a few
  // minor units over many parts (a salvage of 0.01 split three ways), a part can be given more
  // reduction than its cost: a book value below zero. Then what is left is shared by cost
  // instead (never more than a part's cost), and each part's reduction is the rest of its cost.
  if (reductions.some((r, i) => r > (costs[i] ?? 0))) {
    const left = allocate(schedule.cost - reduction, costs);
    reductions = costs.map((c, i) => c - (left[i] ?? 0));
  }
  const remaining = [...reductions];
  // Where each part ends: cost − its reduction. A schedule that ends at its salvage gives each
  // part its end value as salvage, exactly; one that stops above it (a disposal, or policy none,
  // which never depreciates) splits salvage in proportion to the end values, so the parts' salvages
  // still add up to the whole's and none is above its part's book value.
  const endValues = costs.map((c, i) => c - (reductions[i] ?? 0));
  const salvages =
    schedule.cost - reduction === schedule.salvage
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
    // Most months have no write-down (and many no depreciation): nothing to allocate then.
    const w = schedule.writeDowns[i] ?? 0;
    const d = schedule.depreciation[i] ?? 0;
    const wd = w === 0 ? null : allocateFromRemaining(w, remaining);
    const dep = d === 0 ? null : allocateFromRemaining(d, remaining);
    for (let p = 0; p < quantities.length; p += 1) {
      writeDowns[p]?.push(wd === null ? 0 : (wd[p] ?? 0));
      depreciation[p]?.push(dep === null ? 0 : (dep[p] ?? 0));
    }
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
