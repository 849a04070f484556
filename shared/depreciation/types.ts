/**
 * Depreciation policies, schedule inputs and the monthly schedule they produce.
 * All money is integer minor units of one currency; the engine never sees the currency.
 */
import type { IsoDate } from '../dates';
import type { YearMonth } from './fiscal-calendar';

export const DEPRECIATION_METHODS = [
  'straight-line',
  'sum-of-years-digits',
  'declining-balance',
  'fixed-declining',
  'macrs',
  'units-of-production',
  'none',
] as const;
export type DepreciationMethod = (typeof DEPRECIATION_METHODS)[number];

export const DEPRECIATION_METHOD_LABELS: Readonly<Record<DepreciationMethod, string>> = {
  'straight-line': 'Straight-line',
  'sum-of-years-digits': "Sum-of-years' digits",
  'declining-balance': 'Declining balance',
  'fixed-declining': 'Fixed-declining balance (DB)',
  macrs: 'US MACRS (GDS)',
  'units-of-production': 'Units of production',
  none: 'None',
};

/**
 * When depreciation starts in the first period (and stops in the period of disposal).
 * - full-month: the in-service month counts in full; the disposal month does not.
 * - next-month: depreciation starts the month after the in-service month; the disposal month counts.
 * - mid-month: half of the in-service month and half of the disposal month.
 * - half-year: as if placed in service (and disposed of) at the middle of the fiscal year.
 * - mid-quarter: as if placed in service (and disposed of) at the middle of the fiscal quarter.
 * - actual-days: by the day; a fiscal year's share is days held ÷ days in that fiscal year.
 */
export const CONVENTIONS = ['full-month', 'next-month', 'mid-month', 'half-year', 'mid-quarter', 'actual-days'] as const;
export type Convention = (typeof CONVENTIONS)[number];

export const CONVENTION_LABELS: Readonly<Record<Convention, string>> = {
  'full-month': 'Full month',
  'next-month': 'Next month',
  'mid-month': 'Mid-month',
  'half-year': 'Half-year',
  'mid-quarter': 'Mid-quarter',
  'actual-days': 'Actual days',
};

export const MACRS_RECOVERY_YEARS = [3, 5, 7] as const;
export type MacrsRecoveryYears = (typeof MACRS_RECOVERY_YEARS)[number];
export type MacrsConvention = Extract<Convention, 'half-year' | 'mid-quarter'>;

/** Units used in one month, as entered by the user (units-of-production). */
export interface MonthlyUsage {
  month: YearMonth;
  units: number;
}

export interface StraightLinePolicy {
  method: 'straight-line';
  lifeMonths: number;
  convention: Convention;
}

export interface SumOfYearsDigitsPolicy {
  method: 'sum-of-years-digits';
  lifeMonths: number;
  convention: Convention;
}

/**
 * Declining balance at `factor` ÷ life in years (2 = double-declining). With
 * `switchToStraightLine` it switches to straight-line on the remaining life when that gives
 * more (spreadsheet VDB); without, it is spreadsheet DDB.
 */
export interface DecliningBalancePolicy {
  method: 'declining-balance';
  lifeMonths: number;
  convention: Convention;
  factor: number;
  switchToStraightLine: boolean;
}

/** Spreadsheet DB: rate = 1 − (salvage ÷ cost)^(1 ÷ life years), rounded to three decimals. */
export interface FixedDecliningPolicy {
  method: 'fixed-declining';
  lifeMonths: number;
  convention: Convention;
}

/** US MACRS GDS, IRS Publication 946 table percentages. Salvage is always 0. */
export interface MacrsPolicy {
  method: 'macrs';
  recoveryYears: MacrsRecoveryYears;
  convention: MacrsConvention;
}

/**
 * Depreciable amount × units used ÷ `totalUnits`, month by month. `lifeMonths` bounds it: the
 * last month of life takes whatever is left, however much was used.
 */
export interface UnitsOfProductionPolicy {
  method: 'units-of-production';
  lifeMonths: number;
  totalUnits: number;
  usage: readonly MonthlyUsage[];
}

export interface NoDepreciationPolicy {
  method: 'none';
}

export type DepreciationPolicy =
  | StraightLinePolicy
  | SumOfYearsDigitsPolicy
  | DecliningBalancePolicy
  | FixedDecliningPolicy
  | MacrsPolicy
  | UnitsOfProductionPolicy
  | NoDepreciationPolicy;

/**
 * Something that happens to an asset and changes its schedule from then on (never before:
 * IAS 8 / ASC 250 changes in estimate are prospective).
 *
 * Timing: the schedule's unit is the month. An impairment or revision dated on the 1st takes
 * effect from that month; dated on any later day, from the next month (the write-down itself
 * is recorded in the month of its date, after that month's depreciation). A disposal stops
 * depreciation as the convention says (see `Convention`).
 */
export type ScheduleAdjustment = Impairment | EstimateRevision | Disposal;

/** A write-down of `amount` minor units. If it takes the book value below salvage, salvage falls with it. */
export interface Impairment {
  type: 'impairment';
  date: IsoDate;
  amount: number;
}

/**
 * A change of useful life (the new TOTAL life from the in-service date, in months) and/or of
 * salvage. The book value at the date, less the new salvage, is depreciated over the remaining
 * life by the same method. Not allowed for MACRS, whose recovery periods are statutory.
 */
export interface EstimateRevision {
  type: 'revision';
  date: IsoDate;
  lifeMonths?: number;
  salvage?: number;
}

/** Disposal with proceeds (0 allowed). Gain or loss = proceeds − book value at disposal. */
export interface Disposal {
  type: 'disposal';
  date: IsoDate;
  proceeds: number;
}

export interface ScheduleInput {
  /** Cost basis, minor units. */
  cost: number;
  /** Salvage (residual) value, minor units; 0 for MACRS. */
  salvage: number;
  inServiceDate: IsoDate;
  policy: DepreciationPolicy;
  /** First month of the fiscal year, 1..12 (default 1). */
  fiscalYearStartMonth?: number;
  adjustments?: readonly ScheduleAdjustment[];
  /**
   * How an amount is written in a refusal people read (an impairment larger than the book value):
   * e.g. "USD 1,234.50" from the caller that knows the currency. Default: minor units.
   */
  formatAmount?: AmountFormat;
}

/** Writes minor units for a message (the engine itself never knows the currency). */
export type AmountFormat = (minor: number) => string;

export interface DisposalResult {
  date: IsoDate;
  month: YearMonth;
  proceeds: number;
  /** Book value at disposal, after depreciation up to it. */
  bookValue: number;
  /** proceeds − bookValue: positive is a gain. */
  gainOrLoss: number;
}

/**
 * The canonical schedule: one depreciation amount (and one write-down) per calendar month,
 * from `startMonth`. Every other view (quarters, fiscal years) is a sum of these months, so
 * the views agree exactly.
 *
 * Book value at the end of month i =
 *   cost − openingAccumulated − openingWriteDowns − Σ depreciation[0..i] − Σ writeDowns[0..i].
 */
export interface MonthlySchedule {
  cost: number;
  /** Salvage in effect at the end (after revisions and impairments). */
  salvage: number;
  fiscalYearStartMonth: number;
  startMonth: YearMonth;
  /** Depreciation recorded before `startMonth` (non-zero only for the parts of a split). */
  openingAccumulated: number;
  /** Write-downs recorded before `startMonth` (non-zero only for the parts of a split). */
  openingWriteDowns: number;
  depreciation: number[];
  writeDowns: number[];
  disposal: DisposalResult | null;
}
