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
 */
import { compareIso, dateParts, isIsoDate } from '../dates';
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
  const adjustments = sortAdjustments(input.adjustments ?? []);
  const ledger = new Ledger(monthIndexOfDate(input.inServiceDate));
  const ctx: EngineContext = { input, fiscalYearStartMonth, adjustments, ledger };
  const { policy } = input;
  let outcome: Result<Outcome>;
  switch (policy.method) {
    case 'straight-line':
    case 'sum-of-years-digits':
    case 'declining-balance':
    case 'fixed-declining':
      outcome = runTimeBased(ctx, policy);
      break;
    case 'macrs':
      outcome = runMacrs(ctx, policy);
      break;
    case 'units-of-production':
      outcome = runUnitsOfProduction(ctx, policy);
      break;
    case 'none':
      outcome = runNone(ctx);
      break;
    default:
      return assertNever(policy, 'depreciation method');
  }
  if (!outcome.ok) return outcome;
  return ok({
    cost: input.cost,
    salvage: outcome.value.salvage,
    fiscalYearStartMonth,
    startMonth: yearMonthOf(ledger.firstMonth),
    openingAccumulated: 0,
    openingWriteDowns: 0,
    depreciation: ledger.depreciation,
    writeDowns: ledger.writeDowns,
    disposal: outcome.value.disposal,
  });
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
          return `revision on ${a.date}: salvage must be a whole number of minor units from 0 to the cost`;
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
function sortAdjustments(adjustments: readonly ScheduleAdjustment[]): ScheduleAdjustment[] {
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
function effectiveMonth(date: string): MonthIndex {
  const m = monthIndexOfDate(date);
  return dateParts(date).day === 1 ? m : m + 1;
}

// ---------------------------------------------------------------------------------------------
// The ledger of months

class Ledger {
  readonly depreciation: number[] = [];
  readonly writeDowns: number[] = [];
  constructor(readonly firstMonth: MonthIndex) {}

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
  input: ScheduleInput;
  fiscalYearStartMonth: number;
  adjustments: readonly ScheduleAdjustment[];
  ledger: Ledger;
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

function impairmentTooLarge(date: string, amount: number, book: number): Result<never> {
  return err(`impairment on ${date}: ${amount} is more than the book value ${book} at that date`);
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
  const { input, fiscalYearStartMonth: fy, ledger } = ctx;
  const { convention } = policy;
  const clock = clockFor(convention);
  const averaging = isAveraging(convention);
  const firstMonth = ledger.firstMonth;
  const firstFiscalYear = fiscalYearStartOf(firstMonth, fy);
  const t0 = conventionTime(convention, input.inServiceDate, fy);

  let lifeMonths = policy.lifeMonths;
  let end = lifeEnd(convention, t0, input.inServiceDate, lifeMonths);
  let book = input.cost;
  let salvage = input.salvage;
  let segStart = t0;
  let segStartMonth = firstMonth;
  ledger.reach(firstMonth);

  /**
   * Depreciates from `segStart` to `stop` (not past the end of life), fiscal year by fiscal year.
   * A year cut short by `stop` books the months of that year's plan up to the cut (a month the
   * cut falls inside, its share by time), so an event never changes a month before it.
   */
  const depreciateUntil = (stop: number, disposalMonth: MonthIndex | null): void => {
    const segEnd = Math.min(stop, end);
    if (segEnd <= segStart || book <= salvage) return;
    const first = segStart === t0;
    // A full year is a full year's charge: the first segment's life is its life in years (by
    // actual days, the fiscal-year shares of a life over a leap year sum to a little more).
    const remaining = first ? lifeMonths / 12 : yearsBetween(clock, fy, segStart, end);
    const model = yearChargeModel(policy, book, salvage, remaining, lifeMonths / 12);
    const disposalYear = averaging && disposalMonth !== null ? fiscalYearStartOf(disposalMonth, fy) : null;
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
        ledger.spreadEvenly(charge, from, Math.max(1, disposalMonth + 1 - from));
        book -= charge;
        break;
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

  const startSegmentAt = (month: MonthIndex): void => {
    segStart = Math.max(segStart, boundaryTime(month));
    segStartMonth = Math.max(segStartMonth, month);
  };

  for (const adj of ctx.adjustments) {
    switch (adj.type) {
      case 'impairment': {
        const effective = effectiveMonth(adj.date);
        depreciateUntil(boundaryTime(effective), null);
        startSegmentAt(effective);
        if (adj.amount > book) return impairmentTooLarge(adj.date, adj.amount, book);
        ledger.addWriteDown(monthIndexOfDate(adj.date), adj.amount);
        book -= adj.amount;
        salvage = Math.min(salvage, book);
        break;
      }
      case 'revision': {
        const effective = effectiveMonth(adj.date);
        depreciateUntil(boundaryTime(effective), null);
        startSegmentAt(effective);
        if (adj.lifeMonths !== undefined) {
          lifeMonths = adj.lifeMonths;
          end = lifeEnd(convention, t0, input.inServiceDate, lifeMonths);
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
        return ok({ salvage, disposal: disposalResult(adj, book) });
      }
      default:
        return assertNever(adj, 'adjustment');
    }
  }
  depreciateUntil(end, null);
  return ok({ salvage, disposal: null });
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
  const { input, fiscalYearStartMonth: fy, ledger } = ctx;
  const { cost } = input;
  const firstMonth = ledger.firstMonth;
  const firstFiscalYear = fiscalYearStartOf(firstMonth, fy);
  const percentages = macrsPercentages(policy.recoveryYears, policy.convention, fiscalQuarterOf(firstMonth, fy));
  const end = conventionTime(policy.convention, input.inServiceDate, fy) + policy.recoveryYears * 12;
  const disposal = ctx.adjustments.find((a): a is Disposal => a.type === 'disposal') ?? null;
  const disposalMonth = disposal ? monthIndexOfDate(disposal.date) : null;
  const disposalYear = disposalMonth === null ? null : fiscalYearStartOf(disposalMonth, fy);
  ledger.reach(firstMonth);

  let book = cost;
  for (let k = 0; k < percentages.length; k += 1) {
    const f = firstFiscalYear + 12 * k;
    if (disposalYear !== null && f > disposalYear) break;
    const isFinal = k === percentages.length - 1;
    const fullYear = roundToMinor((cost * (percentages[k] ?? 0)) / 10_000);
    let charge: number;
    if (f === disposalYear && disposalMonth !== null) {
      const share = macrsDisposalYearShare(policy.convention, fiscalQuarterOf(disposalMonth, fy));
      charge = k === 0 ? 0 : isFinal ? book : roundToMinor(fullYear * share);
    } else {
      charge = isFinal ? book : fullYear;
    }
    charge = Math.min(charge, book);
    book -= charge;
    if (f === disposalYear && disposalMonth !== null) {
      const from = k === 0 ? firstMonth : f;
      ledger.spreadEvenly(charge, from, disposalMonth - from + 1);
    } else if (k === 0) {
      ledger.spreadEvenly(charge, firstMonth, f + 12 - firstMonth);
    } else if (isFinal) {
      const to = Math.ceil(end);
      ledger.spread(charge, f, monthWeights(clockFor(policy.convention), f, to, f, end));
    } else {
      ledger.spreadEvenly(charge, f, 12);
    }
  }
  if (disposal && disposalMonth !== null) {
    ledger.reach(disposalMonth);
    ledger.truncateAfter(disposalMonth);
    return ok({ salvage: 0, disposal: disposalResult(disposal, book) });
  }
  return ok({ salvage: 0, disposal: null });
}

// ---------------------------------------------------------------------------------------------
// Units of production

function runUnitsOfProduction(ctx: EngineContext, policy: UnitsOfProductionPolicy): Result<Outcome> {
  const { input, ledger } = ctx;
  const firstMonth = ledger.firstMonth;
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
  let book = input.cost;
  let salvage = input.salvage;
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
  const lastEventMonth = pending.reduce((m, p) => Math.max(m, p.at), firstMonth);
  ledger.reach(firstMonth);
  let next = 0;
  for (let m = firstMonth; m < Math.max(lifeEndMonth, lastEventMonth + 1); m += 1) {
    while (next < pending.length && (pending[next]?.at ?? Infinity) <= m) {
      const { a } = pending[next] as { a: ScheduleAdjustment };
      next += 1;
      switch (a.type) {
        case 'impairment':
          if (a.amount > book) return impairmentTooLarge(a.date, a.amount, book);
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
    ledger.reach(m);
    const units = usage.get(m) ?? 0;
    used += units;
    segUsed += units;
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
  const { input, ledger } = ctx;
  let book = input.cost;
  let salvage = input.salvage;
  for (const a of ctx.adjustments) {
    const month = monthIndexOfDate(a.date);
    switch (a.type) {
      case 'impairment':
        if (a.amount > book) return impairmentTooLarge(a.date, a.amount, book);
        ledger.addWriteDown(month, a.amount);
        book -= a.amount;
        salvage = Math.min(salvage, book);
        break;
      case 'revision':
        if (a.salvage !== undefined) salvage = Math.min(a.salvage, book);
        break;
      case 'disposal':
        ledger.reach(month);
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
