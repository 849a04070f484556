/**
 * Refresh economics (PRODUCT.md "Market value and refresh"): when does keeping a lot stop
 * paying?
 *
 * Two tools. {@link economicLife} is the textbook minimum-equivalent-annual-cost life of an
 * asset (what a new successor costs per year over its best life, all cash flows discounted).
 * {@link refreshPlan} is the defender–challenger comparison month by month: keeping the lot one
 * more month costs the fall in its resale value, its energy, its support and the interest the
 * resale money would have earned; replacing it costs the successor's equivalent annual cost for
 * the same work. The first month where keeping costs more is the refresh month. (The
 * comparison is marginal on purpose: a lot's past cost is sunk, only the next month's counts.)
 *
 * Money in and out is whole minor units. The EAC arithmetic is in floats and rounded once at
 * the end, as the published example is; each monthly component is rounded on its own and the
 * month's total is their sum, so the figures in the reason text add up exactly.
 */
import { roundToMinor } from '../depreciation/rounding';
import { dateParts, daysInMonth, isIsoDate, type IsoDate } from '../dates';
import { formatMoney, type CurrencyCode } from '../money';
import { err, ok, type Result } from '../result';

// ---- Equivalent annual cost ---------------------------------------------------------------

export interface EacInput {
  /** Purchase price at time 0 (minor units, or any unit: the arithmetic is unit-free). */
  price: number;
  /** Resale value at the end of year n. */
  resale: (years: number) => number;
  /** Operating cost paid at the end of year `year` (1-based). */
  operatingCost: (year: number) => number;
  /** Yearly interest (discount) rate, e.g. 0.1. */
  interestRate: number;
}

/**
 * Equivalent annual cost of owning for `years` years: the present value of price − discounted
 * resale + discounted operating costs (end-of-year cash flows), spread over the years by the
 * capital recovery factor i / (1 − (1 + i)^−n). Unrounded.
 */
export function equivalentAnnualCost(input: EacInput & { years: number }): number {
  const { price, resale, operatingCost, interestRate: i, years: n } = input;
  if (!Number.isInteger(n) || n < 1) throw new Error(`equivalentAnnualCost: years must be a whole number ≥ 1, got ${n}`);
  const v = 1 / (1 + i);
  let presentValue = price - resale(n) * v ** n;
  for (let t = 1; t <= n; t++) presentValue += operatingCost(t) * v ** t;
  // At 0 % the capital recovery factor's limit is 1/n. Its denominator 1 − (1 + i)^−n is taken as
  // −expm1(−n·log1p(i)): written directly it cancels to 0 (÷ 0) or to noise for tiny rates.
  const denominator = -Math.expm1(-n * Math.log1p(i));
  return i === 0 || denominator === 0 ? presentValue / n : (presentValue * i) / denominator;
}

export interface EconomicLife {
  optimalYears: number;
  /** Minimum EAC rounded to a whole minor unit (half away from zero, like a spreadsheet). */
  minEac: number;
  /** Unrounded EAC for each life 1…maxYears (index 0 = 1 year). */
  eacByYears: number[];
}

/** The life (1…maxYears) of least equivalent annual cost; on a tie, the shorter life. */
export function economicLife(input: EacInput & { maxYears: number }): EconomicLife {
  if (!Number.isInteger(input.maxYears) || input.maxYears < 1) throw new Error(`economicLife: maxYears must be a whole number ≥ 1, got ${input.maxYears}`);
  const eacByYears: number[] = [];
  let best = 1;
  let bestEac = Number.POSITIVE_INFINITY;
  for (let n = 1; n <= input.maxYears; n++) {
    const eac = equivalentAnnualCost({ ...input, years: n });
    eacByYears.push(eac);
    if (eac < bestEac) {
      best = n;
      bestEac = eac;
    }
  }
  return { optimalYears: best, minEac: roundToMinor(bestEac), eacByYears };
}

// ---- Keep vs replace, per month -----------------------------------------------------------

/** Hours a month is charged energy for: the average month (8,760 h / 12 = 730) or its real days × 24. */
export type EnergyHours = 'average' | 'calendar';

export const AVERAGE_HOURS_PER_MONTH = 730;

export interface RefreshPlanInput {
  currency: CurrencyCode;
  /** First month of the plan (only year and month are used). */
  startMonth: IsoDate;
  units: number;
  /**
   * Expected resale value (p50) of one unit at the start of each month, minor units: horizon + 1
   * values, the last one being the end of the horizon (residualSeries gives exactly this).
   */
  resalePerUnit: ArrayLike<number>;
  energy: {
    wattsPerUnit: number;
    pue: number;
    /** Site energy price, minor units per MWh (as Site stores it). */
    pricePerMwh: number;
    hours: EnergyHours;
  };
  /** Support contract per unit per year, minor units. */
  supportPerUnitPerYear: number;
  /** Yearly rate the resale money would earn (or the cost of capital), e.g. 0.08. */
  interestRatePerYear: number;
  successor: {
    /** For the reason text, e.g. "HGX B200". */
    name: string;
    /** Equivalent annual cost of one successor unit, minor units a year (economicLife's minEac). */
    eacPerUnitPerYear: number;
    /** Work one successor unit does per unit of this lot's model (see relativeWork). */
    relativeWork: number;
  };
}

export interface RefreshMonth {
  /** YYYY-MM */
  month: string;
  /** Lot resale value at the start of the month (units × p50). */
  resaleValue: number;
  /** Fall in lot resale value over the month (negative if it rises). */
  resaleFall: number;
  energy: number;
  support: number;
  interest: number;
  /** resaleFall + energy + support + interest. */
  keep: number;
  /** Successor cost of the same work for the month. */
  replace: number;
}

export interface RefreshPlan {
  months: RefreshMonth[];
  /** Index into months of the first month where keeping costs more; null if none within the horizon. */
  refreshIndex: number | null;
  /** YYYY-MM of that month, or null. */
  refreshMonth: string | null;
  reason: string;
}

/**
 * How many units of this lot's work one successor unit does, from the catalogue's power draw and
 * the performance-per-watt gain (successor's perf/W ÷ this model's): a successor drawing twice
 * the power at 1.5× the efficiency does 3 units' work.
 */
export function relativeWork(input: { wattsPerUnit: number; successorWattsPerUnit: number; perfPerWattGain: number }): number {
  return (input.successorWattsPerUnit / input.wattsPerUnit) * input.perfPerWattGain;
}

/** Energy cost in minor units: W × units × PUE × hours is Wh; ÷ 10⁶ makes MWh; × price per MWh. */
export function energyCost(input: { wattsPerUnit: number; units: number; pue: number; hours: number; pricePerMwh: number }): number {
  return roundToMinor((input.wattsPerUnit * input.units * input.pue * input.hours * input.pricePerMwh) / 1e6);
}

/**
 * A yearly amount spread over months so that every 12 consecutive months from month 0 sum to it
 * exactly: month m gets round(Y·(m+1)/12) − round(Y·m/12).
 */
export function monthlyShare(perYear: number, m: number): number {
  return roundToMinor((perYear * (m + 1)) / 12) - roundToMinor((perYear * m) / 12);
}

function checkInput(input: RefreshPlanInput): string | null {
  if (!isIsoDate(input.startMonth)) return `startMonth "${input.startMonth}" is not a date in YYYY-MM-DD form`;
  if (!(Number.isSafeInteger(input.units) && input.units > 0)) return 'units must be a whole number above 0';
  if (input.resalePerUnit.length < 2) return 'resalePerUnit needs at least two values (the start and end of one month)';
  for (let i = 0; i < input.resalePerUnit.length; i++) {
    const v = input.resalePerUnit[i];
    if (v === undefined || !Number.isSafeInteger(v) || v < 0) return `resalePerUnit[${i}] must be whole minor units, 0 or more`;
  }
  const e = input.energy;
  if (![e.wattsPerUnit, e.pue, e.pricePerMwh].every((v) => Number.isFinite(v) && v >= 0)) return 'watts, PUE and energy price must be 0 or more';
  if (!(Number.isFinite(input.supportPerUnitPerYear) && input.supportPerUnitPerYear >= 0)) return 'support cost must be 0 or more';
  if (!(Number.isFinite(input.interestRatePerYear) && input.interestRatePerYear > -1)) return 'the interest rate must be above −100 %';
  const s = input.successor;
  if (!(Number.isFinite(s.eacPerUnitPerYear) && s.eacPerUnitPerYear >= 0)) return "the successor's equivalent annual cost must be 0 or more";
  if (!(Number.isFinite(s.relativeWork) && s.relativeWork > 0)) return "the successor's relative work must be above 0";
  return null;
}

/**
 * The month-by-month keep-vs-replace comparison for one lot, and the first month where keeping
 * costs more than the successor's equivalent capacity. Interest is on the lot's resale value at
 * the start of the month, at the monthly rate equivalent to the yearly one ((1 + r)^(1/12) − 1),
 * consistent with the yearly compounding of the EAC.
 */
export function refreshPlan(input: RefreshPlanInput): Result<RefreshPlan> {
  const problem = checkInput(input);
  if (problem !== null) return err(`Refresh plan: ${problem}`);
  const { units, currency, energy: e, successor } = input;
  const start = dateParts(input.startMonth);
  const horizon = input.resalePerUnit.length - 1;
  const monthlyRate = (1 + input.interestRatePerYear) ** (1 / 12) - 1;
  // The successor capacity that does this lot's work: units ÷ relative work of successor units.
  const replacePerYear = (successor.eacPerUnitPerYear * units) / successor.relativeWork;
  const supportPerYear = input.supportPerUnitPerYear * units;

  const months: RefreshMonth[] = [];
  let refreshIndex: number | null = null;
  for (let m = 0; m < horizon; m++) {
    const index = start.year * 12 + (start.month - 1) + m;
    const year = Math.floor(index / 12);
    const month1 = index - year * 12 + 1;
    const hours = e.hours === 'average' ? AVERAGE_HOURS_PER_MONTH : daysInMonth(year, month1) * 24;
    const resaleValue = units * (input.resalePerUnit[m] ?? 0);
    const resaleFall = resaleValue - units * (input.resalePerUnit[m + 1] ?? 0);
    const energy = energyCost({ wattsPerUnit: e.wattsPerUnit, units, pue: e.pue, hours, pricePerMwh: e.pricePerMwh });
    const support = monthlyShare(supportPerYear, m);
    const interest = roundToMinor(resaleValue * monthlyRate);
    const keep = resaleFall + energy + support + interest;
    const replace = monthlyShare(replacePerYear, m);
    months.push({ month: `${String(year).padStart(4, '0')}-${String(month1).padStart(2, '0')}`, resaleValue, resaleFall, energy, support, interest, keep, replace });
    if (refreshIndex === null && keep > replace) refreshIndex = m;
  }

  const refresh = refreshIndex === null ? null : (months[refreshIndex] ?? null);
  const reason = refresh === null ? keepReason(months, successor.name, currency) : refreshReason(refresh, refreshIndex === 0, successor.name, currency);
  return ok({ months, refreshIndex, refreshMonth: refresh?.month ?? null, reason });
}

/** Grouped decimal without the currency ("2,900.00"), for the parts of a sentence that already named it. */
function amount(minor: number, currency: CurrencyCode): string {
  return formatMoney(minor, currency).replace(`${currency} `, '');
}

function breakdown(m: RefreshMonth, currency: CurrencyCode): string {
  const resale = m.resaleFall >= 0 ? `resale falls ${amount(m.resaleFall, currency)}` : `resale rises ${amount(-m.resaleFall, currency)}`;
  return `${resale}, energy ${amount(m.energy, currency)}, support ${amount(m.support, currency)}, interest ${amount(m.interest, currency)}`;
}

function refreshReason(m: RefreshMonth, now: boolean, successorName: string, currency: CurrencyCode): string {
  // Due in the plan's first month: keeping had already stopped paying, which is what to say first.
  return (
    `${now ? `Keeping already costs more than replacing: in ${m.month} (the first month of the plan)` : `From ${m.month}`} keeping costs ${formatMoney(m.keep, currency)}/month ` +
    `(${breakdown(m, currency)}) against ${formatMoney(m.replace, currency)}/month for the same work from ${successorName}.`
  );
}

function keepReason(months: readonly RefreshMonth[], successorName: string, currency: CurrencyCode): string {
  const last = months[months.length - 1];
  let closest = months[0];
  for (const m of months) if (closest === undefined || m.replace - m.keep < closest.replace - closest.keep) closest = m;
  if (last === undefined || closest === undefined) return 'No months to compare.';
  return (
    `Keeping stays cheaper through ${last.month}: the closest month is ${closest.month}, where keeping costs ${formatMoney(closest.keep, currency)}/month ` +
    `(${breakdown(closest, currency)}) against ${formatMoney(closest.replace, currency)}/month for the same work from ${successorName}.`
  );
}
