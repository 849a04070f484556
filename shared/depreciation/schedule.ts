/**
 * The depreciation engine: a policy, a cost and an in-service date in, a monthly schedule of
 * integer minor units out.
 *
 * How amounts are made (and why):
 * - Each fiscal year's charge is computed once, from the method's unrounded ("ideal") figures —
 *   the numbers a spreadsheet holds in its cells — and rounded to the minor unit once. Rounding
 *   therefore never compounds, and a lot in service on the first day of the fiscal year gets,
 *   year by year, exactly the spreadsheet's SLN / SYD / DDB / VDB / DB figures rounded to cents.
 * - The year in which the life ends takes what is left, so the schedule lands exactly on salvage
 *   and sums exactly to cost − salvage. No year takes the book value below salvage. (When a
 *   declining method reaches salvage early, that year is still the spreadsheet's rounded cell,
 *   and the last year takes the few cents of rounding left, as the spreadsheet parity requires.)
 * - A year's charge is spread over its months with `allocate` (evenly, or by the share of each
 *   month the convention counts), so months sum exactly to the year and every coarser view is a
 *   sum of the same months.
 * - Declining methods charge a year's rate on the year's opening book value, times the share of
 *   the year in service (spreadsheet DB's month proration, generalised to every convention).
 * - Events (impairment, revision of life or salvage, disposal) split the life into segments; a
 *   new segment treats the book value at its start as the cost of an asset with the remaining
 *   life (prospective, IAS 8 / ASC 250). Declining balance keeps its rate, factor ÷ the total
 *   useful life in effect; fixed-declining recomputes its rate for the segment. A month before
 *   an event never changes — with one exception the IRS rule forces: under half-year and
 *   mid-quarter, a disposal sets its whole fiscal year's amount, spread over the months held.
 * - Events are applied to a schedule already made: the schedule without them (or a part of a
 *   split schedule, see continue.ts) stands until the first event, which keeps its months before
 *   it and recomputes the rest. `depreciationSchedule` and `continueSchedule` are this one code
 *   path, so continuing the schedule without events gives exactly the schedule with them.
 */
import { compareIso, dateParts, isIsoDate, type IsoDate } from '../dates';
import { allocate } from '../money';
import { assertNever, err, ok, type Result } from '../result';
import {
  fiscalQuarterOf,
  fiscalYearStartOf,
  isFiscalYearStartMonth,
  isYearMonth,
  monthIndexOfDate,
  yearMonthOf,
  type MonthIndex,
} from './fiscal-calendar';
import { macrsDisposalYearShare, macrsPercentages } from './macrs';
import { roundToMinor } from './rounding';
import { clockFor, conventionTime, lifeEnd, monthContaining, yearsBetween, type Clock } from './timeline';
import {
  CONVENTIONS,
  MACRS_RECOVERY_YEARS,
  type Convention,
  type AmountFormat,
  type DecliningBalancePolicy,
  type DepreciationPolicy,
  type Disposal,
  type DisposalResult,
  type FixedDecliningPolicy,
  type MacrsPolicy,
  type MonthlySchedule,
  type ScheduleAdjustment,
  type ScheduleInput,
  type StraightLinePolicy,
  type SumOfYearsDigitsPolicy,
  type UnitsOfProductionPolicy,
} from './types';

/** The longest useful life accepted, in months (100 years). */
export const MAX_LIFE_MONTHS = 1200;

export function depreciationSchedule(input: ScheduleInput): Result<MonthlySchedule> {
  const problem = validateScheduleInput(input);
  if (problem !== null) return err(problem);
  const fiscalYearStartMonth = input.fiscalYearStartMonth ?? 1;
  const inServiceMonth = monthIndexOfDate(input.inServiceDate);
  const ledger = new Ledger(inServiceMonth);
  const plain = run(
    { cost: input.cost, salvage: input.salvage, inServiceDate: input.inServiceDate, inServiceMonth, fiscalYearStartMonth, adjustments: [], ledger, opening: null, formatAmount: input.formatAmount ?? String },
    input.policy,
  );
  if (!plain.ok) return plain;
  const schedule: MonthlySchedule = {
    cost: input.cost,
    salvage: plain.value.salvage,
    fiscalYearStartMonth,
    startMonth: yearMonthOf(ledger.firstMonth),
    openingAccumulated: 0,
    openingWriteDowns: 0,
    depreciation: ledger.depreciation,
    writeDowns: ledger.writeDowns,
    disposal: null,
  };
  const adjustments = input.adjustments ?? [];
  return adjustments.length === 0 ? ok(schedule) : continueFrom(schedule, input.policy, input.inServiceDate, adjustments, input.formatAmount);
}

/**
 * Applies `adjustments` to `base`, which stands for the schedule until the first of them (see
 * `continueSchedule` in continue.ts, which checks the inputs first; this does not).
 */
export function continueFrom(
  base: MonthlySchedule,
  policy: DepreciationPolicy,
  inServiceDate: IsoDate,
  adjustments: readonly ScheduleAdjustment[],
  formatAmount: AmountFormat = String,
): Result<MonthlySchedule> {
  const ledger = new Ledger(monthIndexOfDate(base.startMonth), base);
  const outcome = run(
    {
      cost: base.cost,
      salvage: base.salvage,
      inServiceDate,
      inServiceMonth: monthIndexOfDate(inServiceDate),
      fiscalYearStartMonth: base.fiscalYearStartMonth,
      adjustments: sortAdjustments(adjustments),
      ledger,
      opening: base.openingAccumulated + base.openingWriteDowns,
      formatAmount,
    },
    policy,
  );
  if (!outcome.ok) return outcome;
  return ok({
    cost: base.cost,
    salvage: outcome.value.salvage,
    fiscalYearStartMonth: base.fiscalYearStartMonth,
    startMonth: base.startMonth,
    openingAccumulated: base.openingAccumulated,
    openingWriteDowns: base.openingWriteDowns,
    depreciation: ledger.depreciation,
    writeDowns: ledger.writeDowns,
    disposal: outcome.value.disposal,
  });
}

function run(ctx: EngineContext, policy: DepreciationPolicy): Result<Outcome> {
  switch (policy.method) {
    case 'straight-line':
    case 'sum-of-years-digits':
    case 'declining-balance':
    case 'fixed-declining':
      return runTimeBased(ctx, policy);
    case 'macrs':
      return runMacrs(ctx, policy);
    case 'units-of-production':
      return runUnitsOfProduction(ctx, policy);
    case 'none':
      return runNone(ctx);
    default:
      return assertNever(policy, 'depreciation method');
  }
}

// ---------------------------------------------------------------------------------------------
// Validation

function isMinorAmount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

function isLifeMonths(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= MAX_LIFE_MONTHS;
}

/** The first thing wrong with an input, as a message naming the field, or null. */
export function validateScheduleInput(input: ScheduleInput): string | null {
  const { cost, salvage, policy } = input;
  if (!isMinorAmount(cost)) return `cost: must be a whole number of minor units, 0 or more (got ${cost})`;
  if (!isMinorAmount(salvage)) return `salvage: must be a whole number of minor units, 0 or more (got ${salvage})`;
  if (salvage > cost) return `salvage: ${salvage} is more than the cost ${cost}`;
  if (!isIsoDate(input.inServiceDate)) return `inServiceDate: "${input.inServiceDate}" is not a date in YYYY-MM-DD form`;
  const fy = input.fiscalYearStartMonth;
  if (fy !== undefined && !isFiscalYearStartMonth(fy)) return `fiscalYearStartMonth: must be a month 1..12 (got ${fy})`;
  const policyProblem = validatePolicy(policy, salvage);
  if (policyProblem !== null) return policyProblem;
  return validateAdjustments(input);
}

function validatePolicy(policy: DepreciationPolicy, salvage: number): string | null {
  switch (policy.method) {
    case 'straight-line':
    case 'sum-of-years-digits':
    case 'fixed-declining':
      return validateLifeAndConvention(policy.lifeMonths, policy.convention);
    case 'declining-balance': {
      const problem = validateLifeAndConvention(policy.lifeMonths, policy.convention);
      if (problem !== null) return problem;
      if (!Number.isFinite(policy.factor) || policy.factor <= 0 || policy.factor > 100) {
        return `factor: must be a number above 0 (2 = double-declining), got ${policy.factor}`;
      }
      return null;
    }
    case 'macrs':
      if (!(MACRS_RECOVERY_YEARS as readonly number[]).includes(policy.recoveryYears)) {
        return `recoveryYears: MACRS recovery period must be 3, 5 or 7 years (got ${policy.recoveryYears})`;
      }
      if (policy.convention !== 'half-year' && policy.convention !== 'mid-quarter') {
        return `convention: MACRS uses half-year or mid-quarter (got ${String(policy.convention)})`;
      }
      if (salvage !== 0) return 'salvage: MACRS recovers the whole basis, so salvage must be 0';
      return null;
    case 'units-of-production': {
      if (!isLifeMonths(policy.lifeMonths)) return lifeMessage(policy.lifeMonths);
      if (!Number.isFinite(policy.totalUnits) || policy.totalUnits <= 0) {
        return `totalUnits: must be a number above 0 (got ${policy.totalUnits})`;
      }
      for (const u of policy.usage) {
        if (!isYearMonth(u.month)) return `usage: "${u.month}" is not a month in YYYY-MM form`;
        if (!Number.isFinite(u.units) || u.units < 0) return `usage: units for ${u.month} must be 0 or more (got ${u.units})`;
      }
      return null;
    }
    case 'none':
      return null;
    default:
      return assertNever(policy, 'depreciation method');
  }
}

function lifeMessage(lifeMonths: number): string {
  return `lifeMonths: must be a whole number of months from 1 to ${MAX_LIFE_MONTHS} (got ${lifeMonths})`;
}

function validateLifeAndConvention(lifeMonths: number, convention: Convention): string | null {
  if (!isLifeMonths(lifeMonths)) return lifeMessage(lifeMonths);
  if (!(CONVENTIONS as readonly string[]).includes(convention)) {
    return `convention: must be one of ${CONVENTIONS.join(', ')} (got ${String(convention)})`;
  }
  return null;
}

function validateAdjustments(input: ScheduleInput): string | null {
  const adjustments = input.adjustments ?? [];
  let disposalDate: string | null = null;
  for (const a of adjustments) {
    if (!isIsoDate(a.date)) return `${a.type}: "${a.date}" is not a date in YYYY-MM-DD form`;
    if (compareIso(a.date, input.inServiceDate) < 0) {
      return `${a.type} on ${a.date}: is before the in-service date ${input.inServiceDate}`;
    }
    switch (a.type) {
      case 'impairment':
        if (!isMinorAmount(a.amount)) return `impairment on ${a.date}: amount must be a whole number of minor units, 0 or more`;
        if (input.policy.method === 'macrs') return `impairment on ${a.date}: MACRS tax depreciation has no impairment`;
        break;
      case 'revision':
        if (input.policy.method === 'macrs') {
          return `revision on ${a.date}: MACRS recovery periods are statutory; life and salvage cannot be revised`;
        }
        if (a.lifeMonths === undefined && a.salvage === undefined) return `revision on ${a.date}: give a new life, a new salvage or both`;
        if (a.lifeMonths !== undefined && !isLifeMonths(a.lifeMonths)) return `revision on ${a.date}: ${lifeMessage(a.lifeMonths)}`;
        if (a.salvage !== undefined && (!isMinorAmount(a.salvage) || a.salvage > input.cost)) {
          const format = input.formatAmount ?? String;
          return isMinorAmount(a.salvage)
            ? `revision on ${a.date}: the new salvage ${format(a.salvage)} is more than the cost ${format(input.cost)}`
            : `revision on ${a.date}: salvage must be a whole number of minor units from 0 to the cost`;
        }
        break;
      case 'disposal':
        if (!isMinorAmount(a.proceeds)) return `disposal on ${a.date}: proceeds must be a whole number of minor units, 0 or more`;
        if (disposalDate !== null) return `disposal on ${a.date}: the asset was already disposed of on ${disposalDate}`;
        disposalDate = a.date;
        break;
      default:
        return assertNever(a, 'adjustment');
    }
  }
  if (disposalDate !== null) {
    const later = adjustments.find((a) => a.type !== 'disposal' && compareIso(a.date, disposalDate ?? '') > 0);
    if (later) return `${later.type} on ${later.date}: is after the disposal on ${disposalDate}`;
  }
  return null;
}

/** By date; on the same date a disposal comes last. Stable otherwise. */
export function sortAdjustments(adjustments: readonly ScheduleAdjustment[]): ScheduleAdjustment[] {
  return adjustments
    .map((a, i) => ({ a, i }))
    .sort(
      (x, y) =>
        compareIso(x.a.date, y.a.date) ||
        Number(x.a.type === 'disposal') - Number(y.a.type === 'disposal') ||
        x.i - y.i,
    )
    .map(({ a }) => a);
}

/** An impairment or revision dated on the 1st takes effect that month; later in a month, from the next. */
export function effectiveMonth(date: string): MonthIndex {
  const m = monthIndexOfDate(date);
  return dateParts(date).day === 1 ? m : m + 1;
}

// ---------------------------------------------------------------------------------------------
// The ledger of months

class Ledger {
  readonly depreciation: number[];
  readonly writeDowns: number[];
  /** Empty, or holding a copy of a base schedule's months. */
  constructor(readonly firstMonth: MonthIndex, base?: { depreciation: readonly number[]; writeDowns: readonly number[] }) {
    // Literal empty arrays when computing: they stay unboxed double arrays, which the hot loops need.
    this.depreciation = base === undefined ? [] : base.depreciation.slice();
    this.writeDowns = base === undefined ? [] : base.depreciation.map((_d, i) => base.writeDowns[i] ?? 0);
  }

  /** Everything booked (depreciation and write-downs) in months before `month`. */
  bookedBefore(month: MonthIndex): number {
    const to = Math.min(month - this.firstMonth, this.depreciation.length);
    let total = 0;
    for (let i = 0; i < to; i += 1) total += (this.depreciation[i] ?? 0) + (this.writeDowns[i] ?? 0);
    return total;
  }

  /** Sets the depreciation of months `from`..`to` (inclusive, where they exist) to 0. */
  clearDepreciation(from: MonthIndex, to: MonthIndex): void {
    const last = Math.min(to - this.firstMonth, this.depreciation.length - 1);
    for (let i = Math.max(0, from - this.firstMonth); i <= last; i += 1) this.depreciation[i] = 0;
  }

  /** Makes sure months up to and including `month` exist. */
  reach(month: MonthIndex): void {
    const last = month - this.firstMonth;
    while (this.depreciation.length <= last) {
      this.depreciation.push(0);
      this.writeDowns.push(0);
    }
  }

  truncateAfter(month: MonthIndex): void {
    const length = Math.max(0, month - this.firstMonth + 1);
    this.depreciation.length = Math.min(this.depreciation.length, length);
    this.writeDowns.length = Math.min(this.writeDowns.length, length);
  }

  addWriteDown(month: MonthIndex, amount: number): void {
    this.reach(month);
    const i = month - this.firstMonth;
    this.writeDowns[i] = (this.writeDowns[i] ?? 0) + amount;
  }

  /** Spreads `amount` evenly over `count` months from `from`: exactly `allocate` with equal weights. */
  spreadEvenly(amount: number, from: MonthIndex, count: number): void {
    this.reach(from + count - 1);
    const base = Math.floor(amount / count);
    const extra = amount - base * count;
    const dep = this.depreciation;
    const start = from - this.firstMonth;
    for (let k = 0; k < count; k += 1) dep[start + k] = (dep[start + k] ?? 0) + base + (k < extra ? 1 : 0);
  }

  /** Spreads `amount` over consecutive months from `from` in proportion to `weights`. */
  spread(amount: number, from: MonthIndex, weights: readonly number[]): void {
    this.add(from, spreadOver(amount, weights));
  }

  /** Adds `amounts` to consecutive months from `from`. */
  add(from: MonthIndex, amounts: readonly number[]): void {
    if (amounts.length === 0) return;
    this.reach(from + amounts.length - 1);
    const dep = this.depreciation;
    const start = from - this.firstMonth;
    for (let k = 0; k < amounts.length; k += 1) dep[start + k] = (dep[start + k] ?? 0) + (amounts[k] ?? 0);
  }
}

/**
 * `amount` in proportion to `weights`, in whole minor units summing exactly to it (`allocate`'s
 * rule: largest remainder, ties to the earlier month). All-zero weights put it in the first month.
 */
function spreadOver(amount: number, weights: readonly number[]): number[] {
  const n = weights.length;
  if (n === 0) return amount === 0 ? [] : [amount];
  let total = 0;
  let equal = true;
  const w0 = weights[0] ?? 0;
  for (const w of weights) {
    total += w;
    if (w !== w0) equal = false;
  }
  if (total <= 0) {
    const parts = new Array<number>(n).fill(0);
    parts[0] = amount;
    return parts;
  }
  if (!equal) return allocate(amount, weights);
  const base = Math.floor(amount / n);
  const extra = amount - base * n;
  const parts = new Array<number>(n);
  for (let k = 0; k < n; k += 1) parts[k] = base + (k < extra ? 1 : 0);
  return parts;
}

interface EngineContext {
  cost: number;
  salvage: number;
  inServiceDate: IsoDate;
  inServiceMonth: MonthIndex;
  fiscalYearStartMonth: number;
  /** Sorted (`sortAdjustments`). */
  adjustments: readonly ScheduleAdjustment[];
  ledger: Ledger;
  /**
   * Null: the schedule is computed from the in-service date. Otherwise the ledger holds a base
   * schedule's months, which stand until the first adjustment, and this is what the base booked
   * before its first month (depreciation and write-downs).
   */
  opening: number | null;
  /** How amounts are written in a refusal. */
  formatAmount: AmountFormat;
}

interface Outcome {
  salvage: number;
  disposal: DisposalResult | null;
}

function disposalResult(d: Disposal, bookValue: number): DisposalResult {
  return {
    date: d.date,
    month: yearMonthOf(monthIndexOfDate(d.date)),
    proceeds: d.proceeds,
    bookValue,
    gainOrLoss: d.proceeds - bookValue,
  };
}

function impairmentTooLarge(date: string, amount: number, book: number, format: AmountFormat): Result<never> {
  return err(`impairment on ${date}: ${format(amount)} is more than the book value ${format(book)} at that date`);
}

// ---------------------------------------------------------------------------------------------
// Straight-line, sum-of-years' digits, declining balance, fixed-declining

type TimeBasedPolicy = StraightLinePolicy | SumOfYearsDigitsPolicy | DecliningBalancePolicy | FixedDecliningPolicy;

/** The unrounded charge for a part of a fiscal year: `share` of a year, `elapsed` years into the segment, on unrounded book value `book`. */
type YearCharge = (share: number, elapsed: number, book: number) => number;

function yearChargeModel(
  policy: TimeBasedPolicy,
  book: number,
  salvage: number,
  remainingYears: number,
  totalLifeYears: number,
): YearCharge {
  const depreciable = book - salvage;
  switch (policy.method) {
    case 'straight-line':
      return (share) => (depreciable * share) / remainingYears;
    case 'sum-of-years-digits': {
      const n = remainingYears;
      const digits = sydWeight(n, 0, n);
      return (share, elapsed) => (depreciable * sydWeight(n, elapsed, elapsed + share)) / digits;
    }
    case 'declining-balance': {
      const rate = Math.min(1, policy.factor / totalLifeYears);
      if (!policy.switchToStraightLine) {
        return (share, _elapsed, b) => Math.min(b * rate * share, b - salvage);
      }
      return (share, elapsed, b) => {
        const declining = Math.min(b * rate * share, b - salvage);
        const left = remainingYears - elapsed;
        const straight = left <= share + 1e-12 ? b - salvage : ((b - salvage) * share) / left;
        return Math.max(declining, straight);
      };
    }
    case 'fixed-declining': {
      const rate = fixedDecliningRate(book, salvage, remainingYears);
      return (share, _elapsed, b) => b * rate * share;
    }
    default:
      return assertNever(policy, 'depreciation method');
  }
}

/** Spreadsheet DB's rate: 1 − (salvage ÷ cost)^(1 ÷ life), rounded to three decimals. */
export function fixedDecliningRate(cost: number, salvage: number, lifeYears: number): number {
  if (cost <= 0) return 0;
  return Math.round((1 - Math.pow(salvage / cost, 1 / lifeYears)) * 1000) / 1000;
}

/**
 * Sum-of-years' digits over a life of `n` years (fractions allowed): life year j (from 1) has
 * weight n − j + 1 per year. Returns the weight between `from` and `to` years into the life.
 */
function sydWeight(n: number, from: number, to: number): number {
  let weight = 0;
  const first = Math.max(1, Math.floor(from) + 1);
  for (let j = first; j - 1 < to && j - 1 < n; j += 1) {
    const overlap = Math.min(j, n, to) - Math.max(j - 1, from);
    if (overlap > 0) weight += overlap * (n - j + 1);
  }
  return weight;
}

function isAveraging(convention: Convention): boolean {
  return convention === 'half-year' || convention === 'mid-quarter';
}

function runTimeBased(ctx: EngineContext, policy: TimeBasedPolicy): Result<Outcome> {
  const { fiscalYearStartMonth: fy, ledger, inServiceDate } = ctx;
  const { convention } = policy;
  const clock = clockFor(convention);
  const averaging = isAveraging(convention);
  const firstMonth = ctx.inServiceMonth;
  const firstFiscalYear = fiscalYearStartOf(firstMonth, fy);
  const t0 = conventionTime(convention, inServiceDate, fy);

  // Half-year and mid-quarter deem the first year to start at t0, but the asset is held from its
  // in-service month: the held months of the first fiscal year are mapped evenly onto the deemed
  // part of it, so each held month carries an equal share, and an event between two of them
  // splits the year there without re-spreading the months before it.
  const firstYearEnd = firstFiscalYear + 12;
  const deemedPerHeldMonth = (firstYearEnd - t0) / (firstYearEnd - firstMonth);
  const deemedTime = (month: MonthIndex): number => t0 + (month - firstMonth) * deemedPerHeldMonth;
  const boundaryTime = (month: MonthIndex): number =>
    averaging && month <= firstYearEnd ? deemedTime(month) : clock.at(month);
  const firstYearWeights = (from: MonthIndex, to: MonthIndex, a: number, b: number): number[] => {
    const weights: number[] = [];
    for (let m = from; m < to; m += 1) {
      const overlap = Math.min(deemedTime(m + 1), b) - Math.max(deemedTime(m), a);
      // In held months: 1 for a month wholly inside [a, b].
      weights.push(overlap > 0 ? Math.min(1, overlap / deemedPerHeldMonth) : 0);
    }
    return weights;
  };

  const opening = ctx.opening ?? 0;
  const warpedYear = averaging ? firstFiscalYear : null;
  let lifeMonths = policy.lifeMonths;
  let end = lifeEnd(convention, t0, inServiceDate, lifeMonths);
  let book = ctx.cost - opening;
  let salvage = ctx.salvage;
  let segStart = t0;
  let segStartMonth = firstMonth;
  // `given`: the current segment's plan is the base schedule's months (until the first event).
  let given = ctx.opening !== null;
  if (given && ledger.firstMonth > firstMonth) {
    // A base that starts after the in-service month (a split part carrying opening amounts) has
    // its months before closed: its first month starts a segment, as an event would.
    segStart = Math.max(t0, boundaryTime(ledger.firstMonth));
    segStartMonth = ledger.firstMonth;
  }
  if (!given) ledger.reach(firstMonth);

  /**
   * Depreciates from `segStart` to `stop` (not past the end of life), fiscal year by fiscal year.
   * A year cut short by `stop` books the months of that year's plan up to the cut (a month the
   * cut falls inside, its share by time), so an event never changes a month before it. On given
   * months it only cuts them, or sets a half-year / mid-quarter disposal year's amount.
   */
  const depreciateUntil = (stop: number, disposalMonth: MonthIndex | null): void => {
    const segEnd = Math.min(stop, end);
    const disposalYear = averaging && disposalMonth !== null ? fiscalYearStartOf(disposalMonth, fy) : null;
    if (segEnd <= segStart || book <= salvage || (given && disposalYear === null)) {
      if (given) keepGivenUntil(ledger, segEnd, { fromMonth: segStartMonth, segStart, end, fy, clock, warpedYear, deemedTime });
      return;
    }
    const first = segStart === t0;
    // A full year is a full year's charge: the first segment's life is its life in years (by
    // actual days, the fiscal-year shares of a life over a leap year sum to a little more).
    const remaining = first ? lifeMonths / 12 : yearsBetween(clock, fy, segStart, end);
    const model = yearChargeModel(policy, book, salvage, remaining, lifeMonths / 12);
    let ideal = book;
    let elapsed = 0;
    for (let f = fiscalYearStartOf(segStartMonth, fy); clock.at(f) < segEnd; f += 12) {
      const fStart = clock.at(f);
      const fEnd = clock.at(f + 12);
      const a = Math.max(fStart, segStart);
      // Half-year / mid-quarter disposal: the convention sets the year's amount (IRS rule), and it
      // goes to the months held that year. Otherwise the year as planned, to its end or the life's.
      const conventionDisposal = f === disposalYear;
      const b = conventionDisposal ? segEnd : Math.min(fEnd, end);
      if (b <= a) continue;
      const share = (b - a) / (fEnd - fStart);
      const isFinal = !conventionDisposal && end <= fEnd;
      // On given months, the book value is what they leave before the disposal year.
      if (given && conventionDisposal) book = ctx.cost - opening - ledger.bookedBefore(Math.max(f, segStartMonth));
      let charge: number;
      if (isFinal) {
        charge = book - salvage;
      } else {
        // The spreadsheet's cell, rounded; only the integer book value bounds it (never below salvage).
        const yearIdeal = model(share, elapsed, ideal);
        charge = Math.min(Math.max(roundToMinor(yearIdeal), 0), book - salvage);
        ideal -= yearIdeal;
      }
      elapsed += share;

      if (conventionDisposal && disposalMonth !== null) {
        const from = Math.max(f, segStartMonth);
        if (given) ledger.clearDepreciation(from, disposalMonth);
        ledger.spreadEvenly(charge, from, Math.max(1, disposalMonth + 1 - from));
        book -= charge;
        break;
      }
      if (given) {
        // The year is booked already: only the model's state (ideal book value, years elapsed) moves on.
        if (isFinal) break;
        continue;
      }
      const warped = averaging && f === firstFiscalYear;
      const from = Math.max(warped ? firstMonth : f, segStartMonth);
      const to = warped ? f + 12 : Math.min(f + 12, monthContaining(clock, Math.ceil(b) - 1) + 1);
      const weights = warped ? firstYearWeights(from, to, a, b) : monthWeights(clock, from, to, a, b);
      const plan = spreadOver(charge, weights);
      if (segEnd < b) {
        // Cut inside this year: keep the plan's months up to the cut.
        const monthStart = warped ? deemedTime : (m: MonthIndex) => clock.at(m);
        let kept = 0;
        for (let k = 0; k < plan.length; k += 1) {
          const mStart = Math.max(monthStart(from + k), a);
          const mEnd = Math.min(monthStart(from + k + 1), b);
          if (mStart >= segEnd) {
            plan.length = k;
            break;
          }
          if (mEnd > segEnd) plan[k] = roundToMinor(((plan[k] ?? 0) * (segEnd - mStart)) / (mEnd - mStart));
          kept += plan[k] ?? 0;
        }
        ledger.add(from, plan);
        book -= kept;
        break;
      }
      ledger.add(from, plan);
      book -= charge;
      if (isFinal) break;
    }
  };

  const startSegmentAt = (month: MonthIndex): void => {
    segStart = Math.max(segStart, boundaryTime(month));
    segStartMonth = Math.max(segStartMonth, month);
  };

  for (const adj of ctx.adjustments) {
    switch (adj.type) {
      case 'impairment':
      case 'revision': {
        const effective = effectiveMonth(adj.date);
        if (given) {
          // The given months stand before the event's month; from it on they are computed. They keep
          // what `depreciateUntil` would have written: nothing for a segment it cannot start, the
          // whole plan when the life ends first, else the months before the event's.
          const boundary = boundaryTime(effective);
          const cut = Math.min(boundary, end);
          keepGivenUntil(ledger, cut, { fromMonth: segStartMonth, segStart, end, fy, clock, warpedYear, deemedTime });
          if (cut <= segStart || book <= salvage) ledger.truncateAfter(ledger.firstMonth);
          else if (boundary < end) ledger.truncateAfter(effective - 1);
          book = ctx.cost - opening - ledger.bookedBefore(Number.POSITIVE_INFINITY);
          given = false;
        } else {
          depreciateUntil(boundaryTime(effective), null);
        }
        startSegmentAt(effective);
        if (adj.type === 'impairment') {
          if (adj.amount > book) return impairmentTooLarge(adj.date, adj.amount, book, ctx.formatAmount);
          ledger.addWriteDown(monthIndexOfDate(adj.date), adj.amount);
          book -= adj.amount;
          salvage = Math.min(salvage, book);
          break;
        }
        if (adj.lifeMonths !== undefined) {
          lifeMonths = adj.lifeMonths;
          end = lifeEnd(convention, t0, inServiceDate, lifeMonths);
        }
        if (adj.salvage !== undefined) salvage = Math.min(adj.salvage, book);
        // A life that is already over (shortened to before the revision, or a salvage lowered after
        // the end): what is left goes in the month the revision takes effect.
        if (end <= segStart && book > salvage) end = clock.at(monthContaining(clock, segStart) + 1);
        break;
      }
      case 'disposal': {
        const month = monthIndexOfDate(adj.date);
        // Nothing to add if an event earlier in the disposal month already started a segment after it.
        if (segStartMonth <= month) depreciateUntil(Math.max(segStart, conventionTime(convention, adj.date, fy)), month);
        ledger.reach(month);
        ledger.truncateAfter(month);
        if (given) book = ctx.cost - opening - ledger.bookedBefore(Number.POSITIVE_INFINITY);
        return ok({ salvage, disposal: disposalResult(adj, book) });
      }
      default:
        return assertNever(adj, 'adjustment');
    }
  }
  if (!given) depreciateUntil(end, null);
  return ok({ salvage, disposal: null });
}

/**
 * Given months (a base schedule's) stand for the current segment's plan: keeps them up to `cut`
 * exactly as `depreciateUntil` keeps a plan cut short — a month the cut falls inside by its share
 * of time, months after it none.
 */
function keepGivenUntil(
  ledger: Ledger,
  cut: number,
  segment: {
    fromMonth: MonthIndex;
    segStart: number;
    end: number;
    fy: number;
    clock: Clock;
    /** The first fiscal year under half-year / mid-quarter, whose months run on deemed time. */
    warpedYear: MonthIndex | null;
    deemedTime: (month: MonthIndex) => number;
  },
): void {
  const { clock, deemedTime, warpedYear } = segment;
  const dep = ledger.depreciation;
  for (let i = Math.max(0, segment.fromMonth - ledger.firstMonth); i < dep.length; i += 1) {
    const amount = dep[i] ?? 0;
    if (amount === 0) continue;
    const m = ledger.firstMonth + i;
    const f = fiscalYearStartOf(m, segment.fy);
    const warped = f === warpedYear;
    const a = Math.max(clock.at(f), segment.segStart);
    const b = Math.min(clock.at(f + 12), segment.end);
    const mStart = Math.max(warped ? deemedTime(m) : clock.at(m), a);
    const mEnd = Math.min(warped ? deemedTime(m + 1) : clock.at(m + 1), b);
    if (mStart >= cut) dep[i] = 0;
    else if (mEnd > cut) dep[i] = roundToMinor((amount * (cut - mStart)) / (mEnd - mStart));
  }
}

/** Each month's share of the interval [a, b] (integers: half-months, or days). */
function monthWeights(clock: Clock, from: MonthIndex, to: MonthIndex, a: number, b: number): number[] {
  const weights: number[] = [];
  for (let m = from; m < to; m += 1) {
    const overlap = Math.min(clock.at(m + 1), b) - Math.max(clock.at(m), a);
    weights.push(overlap > 0 ? (clock.byDays ? overlap : overlap * 2) : 0);
  }
  return weights;
}

// ---------------------------------------------------------------------------------------------
// MACRS

function runMacrs(ctx: EngineContext, policy: MacrsPolicy): Result<Outcome> {
  const { fiscalYearStartMonth: fy, ledger, cost } = ctx;
  const firstMonth = ctx.inServiceMonth;
  const firstFiscalYear = fiscalYearStartOf(firstMonth, fy);
  const percentages = macrsPercentages(policy.recoveryYears, policy.convention, fiscalQuarterOf(firstMonth, fy));

  if (ctx.opening !== null) {
    // Given months (MACRS has no impairment or revision): a disposal sets its tax year's amount —
    // the table's × the convention's share, nothing in the first year, what is left in the last —
    // spread over the months held that year.
    const opening = ctx.opening;
    const disposal = ctx.adjustments.find((a): a is Disposal => a.type === 'disposal') ?? null;
    if (disposal === null) return ok({ salvage: 0, disposal: null });
    const disposalMonth = monthIndexOfDate(disposal.date);
    const f = fiscalYearStartOf(disposalMonth, fy);
    const k = (f - firstFiscalYear) / 12;
    if (k < percentages.length) {
      const from = k === 0 ? firstMonth : f;
      if (from < ledger.firstMonth) {
        return err(
          `disposal on ${disposal.date}: the convention sets the amount of the whole tax year from ${yearMonthOf(from)}, ` +
            `but this schedule starts in ${yearMonthOf(ledger.firstMonth)}; continue the schedule from the in-service month`,
        );
      }
      const book = cost - opening - ledger.bookedBefore(from);
      const share = macrsDisposalYearShare(policy.convention, fiscalQuarterOf(disposalMonth, fy));
      const charge = Math.min(k === 0 ? 0 : k === percentages.length - 1 ? book : roundToMinor(roundToMinor((cost * (percentages[k] ?? 0)) / 10_000) * share), book);
      ledger.clearDepreciation(from, disposalMonth);
      ledger.spreadEvenly(charge, from, disposalMonth - from + 1);
    }
    ledger.reach(disposalMonth);
    ledger.truncateAfter(disposalMonth);
    return ok({ salvage: 0, disposal: disposalResult(disposal, cost - opening - ledger.bookedBefore(Number.POSITIVE_INFINITY)) });
  }

  const end = conventionTime(policy.convention, ctx.inServiceDate, fy) + policy.recoveryYears * 12;
  ledger.reach(firstMonth);
  let book = cost;
  for (let k = 0; k < percentages.length; k += 1) {
    const f = firstFiscalYear + 12 * k;
    const isFinal = k === percentages.length - 1;
    const charge = Math.min(isFinal ? book : roundToMinor((cost * (percentages[k] ?? 0)) / 10_000), book);
    book -= charge;
    if (k === 0) {
      ledger.spreadEvenly(charge, firstMonth, f + 12 - firstMonth);
    } else if (isFinal) {
      const to = Math.ceil(end);
      ledger.spread(charge, f, monthWeights(clockFor(policy.convention), f, to, f, end));
    } else {
      ledger.spreadEvenly(charge, f, 12);
    }
  }
  return ok({ salvage: 0, disposal: null });
}

// ---------------------------------------------------------------------------------------------
// Units of production

function runUnitsOfProduction(ctx: EngineContext, policy: UnitsOfProductionPolicy): Result<Outcome> {
  const { ledger } = ctx;
  const firstMonth = ctx.inServiceMonth;
  const usage = new Map<MonthIndex, number>();
  for (const u of policy.usage) {
    const m = monthIndexOfDate(u.month);
    usage.set(m, (usage.get(m) ?? 0) + u.units);
  }
  const pending = ctx.adjustments.map((a) => ({
    a,
    // Disposal: the disposal month's usage counts, so it applies after that month.
    at: a.type === 'disposal' ? monthIndexOfDate(a.date) + 1 : effectiveMonth(a.date),
  }));

  let lifeEndMonth = firstMonth + policy.lifeMonths; // exclusive
  let book = ctx.cost - (ctx.opening ?? 0);
  let salvage = ctx.salvage;
  let used = 0;
  // The current segment: the book value and units left when it started, and what it has charged.
  let segBook = book;
  let segSalvage = salvage;
  let segUnits = policy.totalUnits;
  let segUsed = 0;
  let segCharged = 0;
  const restart = (): void => {
    segBook = book;
    segSalvage = salvage;
    segUnits = Math.max(0, policy.totalUnits - used);
    segUsed = 0;
    segCharged = 0;
  };
  // `given`: the months are the base schedule's until the first event (only the units used are counted).
  let given = ctx.opening !== null;
  const lastEventMonth = pending.reduce((m, p) => Math.max(m, p.at), firstMonth);
  if (!given) ledger.reach(firstMonth);
  let next = 0;
  for (let m = firstMonth; m < Math.max(lifeEndMonth, lastEventMonth + 1); m += 1) {
    while (next < pending.length && (pending[next]?.at ?? Infinity) <= m) {
      const { a } = pending[next] as { a: ScheduleAdjustment };
      next += 1;
      if (given) {
        // The given months stand before this event; from it on they are computed.
        given = false;
        ledger.truncateAfter(m - 1);
        book = ctx.cost - (ctx.opening ?? 0) - ledger.bookedBefore(Number.POSITIVE_INFINITY);
      }
      switch (a.type) {
        case 'impairment':
          if (a.amount > book) return impairmentTooLarge(a.date, a.amount, book, ctx.formatAmount);
          ledger.addWriteDown(monthIndexOfDate(a.date), a.amount);
          book -= a.amount;
          salvage = Math.min(salvage, book);
          break;
        case 'revision':
          if (a.lifeMonths !== undefined) lifeEndMonth = firstMonth + a.lifeMonths;
          if (a.salvage !== undefined) salvage = Math.min(a.salvage, book);
          if (lifeEndMonth <= m && (a.lifeMonths !== undefined || book > salvage)) lifeEndMonth = m + 1;
          break;
        case 'disposal': {
          ledger.reach(m - 1);
          ledger.truncateAfter(m - 1);
          return ok({ salvage, disposal: disposalResult(a, book) });
        }
        default:
          return assertNever(a, 'adjustment');
      }
      restart();
    }
    if (m >= lifeEndMonth) continue;
    const units = usage.get(m) ?? 0;
    used += units;
    segUsed += units;
    if (given) continue;
    ledger.reach(m);
    let charge: number;
    if (m === lifeEndMonth - 1) {
      charge = book - salvage;
    } else if (segUnits <= 0) {
      charge = 0;
    } else {
      const target = roundToMinor(((segBook - segSalvage) * Math.min(segUsed, segUnits)) / segUnits);
      charge = Math.min(Math.max(target - segCharged, 0), book - salvage);
    }
    segCharged += charge;
    book -= charge;
    ledger.spreadEvenly(charge, m, 1);
  }
  return ok({ salvage, disposal: null });
}

// ---------------------------------------------------------------------------------------------
// None: no depreciation, but impairments and disposal still apply.

function runNone(ctx: EngineContext): Result<Outcome> {
  const { ledger } = ctx;
  // Given months (a base's) hold write-downs only, all before these adjustments.
  let book = ctx.cost - (ctx.opening ?? 0) - ledger.bookedBefore(Number.POSITIVE_INFINITY);
  let salvage = ctx.salvage;
  for (const a of ctx.adjustments) {
    const month = monthIndexOfDate(a.date);
    switch (a.type) {
      case 'impairment':
        if (a.amount > book) return impairmentTooLarge(a.date, a.amount, book, ctx.formatAmount);
        ledger.addWriteDown(month, a.amount);
        book -= a.amount;
        salvage = Math.min(salvage, book);
        break;
      case 'revision':
        if (a.salvage !== undefined) salvage = Math.min(a.salvage, book);
        break;
      case 'disposal':
        ledger.reach(month);
        ledger.truncateAfter(month);
        return ok({ salvage, disposal: disposalResult(a, book) });
      default:
        return assertNever(a, 'adjustment');
    }
  }
  return ok({ salvage, disposal: null });
}

/** Total depreciation a schedule books (excluding any opening amount). */
export function totalDepreciation(schedule: MonthlySchedule): number {
  let total = 0;
  for (const d of schedule.depreciation) total += d;
  return total;
}
