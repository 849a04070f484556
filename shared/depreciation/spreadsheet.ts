/**
 * The spreadsheet depreciation functions (Excel, LibreOffice Calc, Google Sheets), in floating
 * point, with the spreadsheets' own signatures and results. They are the yardstick the integer
 * schedule is tested against ("matches the accountant's spreadsheet"), and they document what
 * each method means. The product never uses them to book money: a schedule is integer minor
 * units (see schedule.ts). Compare after rounding to the minor unit (`roundToMinor`).
 *
 * Periods are 1-based. Arguments follow the spreadsheets, including their edge behaviour
 * (e.g. DDB's rate is capped at 1; DB rounds its rate to three decimals).
 */

/** Straight-line: (cost − salvage) ÷ life. */
export function SLN(cost: number, salvage: number, life: number): number {
  return (cost - salvage) / life;
}

/** Sum-of-years' digits: (cost − salvage) × (life − period + 1) × 2 ÷ (life × (life + 1)). */
export function SYD(cost: number, salvage: number, life: number, period: number): number {
  return ((cost - salvage) * (life - period + 1) * 2) / (life * (life + 1));
}

/**
 * Declining balance at factor ÷ life of the book value at the start of the period, never
 * taking the book value below salvage and never switching to straight-line.
 */
export function DDB(cost: number, salvage: number, life: number, period: number, factor = 2): number {
  let rate = factor / life;
  let oldValue: number;
  if (rate >= 1) {
    rate = 1;
    oldValue = period === 1 ? cost : 0;
  } else {
    oldValue = cost * Math.pow(1 - rate, period - 1);
  }
  const newValue = cost * Math.pow(1 - rate, period);
  const ddb = newValue < salvage ? oldValue - salvage : oldValue - newValue;
  return ddb < 0 ? 0 : ddb;
}

/**
 * Fixed-declining balance. rate = 1 − (salvage ÷ cost)^(1 ÷ life), rounded to three decimals;
 * the first period is prorated by `month` ÷ 12 and, when `month` < 12, a period life + 1 takes
 * the remaining (12 − month) ÷ 12 of a year.
 */
export function DB(cost: number, salvage: number, life: number, period: number, month = 12): number {
  const rate = Math.round((1 - Math.pow(salvage / cost, 1 / life)) * 1000) / 1000;
  const first = (cost * rate * month) / 12;
  if (Math.floor(period) === 1) return first;
  let total = first;
  let db = 0;
  const last = Math.floor(Math.min(life, period));
  for (let i = 2; i <= last; i += 1) {
    db = (cost - total) * rate;
    total += db;
  }
  if (period > life) db = ((cost - total) * rate * (12 - month)) / 12;
  return db;
}

/** Declining balance from `period` 1 to `end` (fractional allowed), switching when straight-line on the remaining life gives more. */
function interVdb(cost: number, salvage: number, life: number, life1: number, period: number, factor: number): number {
  let vdb = 0;
  const intEnd = Math.ceil(period);
  let depreciable = cost - salvage;
  let nowStraightLine = false;
  let sln = 0;
  for (let i = 1; i <= intEnd; i += 1) {
    let term: number;
    if (!nowStraightLine) {
      const ddb = DDB(cost, salvage, life, i, factor);
      sln = depreciable / (life1 - (i - 1));
      if (sln > ddb) {
        term = sln;
        nowStraightLine = true;
      } else {
        term = ddb;
        depreciable -= ddb;
      }
    } else {
      term = sln;
    }
    if (i === intEnd) term *= period + 1 - intEnd;
    vdb += term;
  }
  return vdb;
}

/**
 * Variable declining balance: the depreciation from `start` to `end` (periods, fractions
 * allowed) at factor ÷ life, switching to straight-line on the remaining life when that gives
 * more, unless `noSwitch` (then it is DDB summed over the range). LibreOffice Calc's algorithm.
 */
export function VDB(
  cost: number,
  salvage: number,
  life: number,
  start: number,
  end: number,
  factor = 2,
  noSwitch = false,
): number {
  const intStart = Math.floor(start);
  const intEnd = Math.ceil(end);
  if (noSwitch) {
    let vdb = 0;
    for (let i = intStart + 1; i <= intEnd; i += 1) {
      let term = DDB(cost, salvage, life, i, factor);
      if (i === intStart + 1) term *= Math.min(end, intStart + 1) - start;
      else if (i === intEnd) term *= end + 1 - intEnd;
      vdb += term;
    }
    return vdb;
  }
  let part = 0;
  if (start !== intStart) {
    const value = cost - interVdb(cost, salvage, life, life, intStart, factor);
    part += (start - intStart) * interVdb(value, salvage, life, life - intStart, 1, factor);
  }
  if (end !== intEnd) {
    const tempIntStart = intEnd - 1;
    const value = cost - interVdb(cost, salvage, life, life, tempIntStart, factor);
    part += (intEnd - end) * interVdb(value, salvage, life, life - tempIntStart, 1, factor);
  }
  const opening = cost - interVdb(cost, salvage, life, life, intStart, factor);
  return interVdb(opening, salvage, life, life - intStart, intEnd - intStart, factor) - part;
}
