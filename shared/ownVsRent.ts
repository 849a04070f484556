/**
 * Own versus rent, the arithmetic (issue 12; PRODUCT.md "Own versus rent"): what a lot costs to
 * own month by month, per hour of useful work, against renting the same work.
 *
 * Owned cost of a month (minor units, whole):
 *
 *     depreciation  the book schedule's depreciation and write-downs of the month
 *   + energy        W × units × PUE × hours × site price per MWh ÷ 10⁶
 *   + support       support per unit-year × units, spread over months (every 12 sum to the year's)
 *   + space         site cost per rack unit per month × the model's U × units
 *   + interest      book value at the start of the month × yearly rate ÷ 12
 *
 * Useful hours = hours in the month × units × utilisation. Renting the same work costs, on demand,
 * the useful hours × (work of one owned unit ÷ work of one rented instance) × price per instance
 * hour; on a 1- or 3-year term the instances are paid for every hour, used or not. The
 * break-even utilisation is where on-demand rental equals the owned cost (owned cost does not
 * depend on utilisation here: the hardware costs the same idle or busy, energy included — an
 * upper bound the README says). Pure: every input is a parameter.
 */
import { CATEGORIES, type Category } from './catalog';
import { isIsoDate, type IsoDate } from './dates';
import { lastDayOfMonth } from './depreciation/fiscal-calendar';
import { roundToMinor } from './depreciation/rounding';
import { monthlyShare } from './forecast/refresh';
import type { Uuid } from './ids';
import { isCurrencyCode } from './money';

export const RENTAL_TERMS = ['on-demand', '1-year', '3-year'] as const;
export type RentalTerm = (typeof RENTAL_TERMS)[number];
export const RENTAL_TERM_LABELS: Readonly<Record<RentalTerm, string>> = { 'on-demand': 'On demand', '1-year': '1-year term', '3-year': '3-year term' };

/** What renting the same capacity costs: one price-book entry. */
export interface RentalPrice {
  term: RentalTerm;
  /** Minor units per instance-hour. */
  pricePerHour: number;
  currency: string;
  /** How much work one rented instance does, in the catalogue's performance units (one owned unit of the model does its `performance`). */
  performancePerInstance: number;
}

/**
 * An entry of a model's rental price book (what renting the same capacity costs, e.g. an 8-GPU
 * H100 instance on demand): its price, term and the work one instance does, with the day it applies
 * from and where it was seen. Kept on the model (`HardwareModel.rentalPrices`).
 */
export interface RentalPriceEntry extends RentalPrice {
  id: Uuid;
  /** The day the price applies from: a price list's or quote's date, or a later start (rentalPriceFor uses it from then on). */
  date: IsoDate;
  source: string;
  /** Part of the demo fleet. */
  demo?: boolean;
}

/** No control characters (a line break, a tab): one line of text. */
const singleLine = (text: string): boolean => [...text].every((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f);

/** What is wrong with a price-book entry, in words; null when it is whole. */
export function rentalPriceProblem(e: RentalPriceEntry): string | null {
  if (!(RENTAL_TERMS as readonly string[]).includes(e.term)) return `the term must be one of ${RENTAL_TERMS.join(', ')}`;
  if (!Number.isSafeInteger(e.pricePerHour) || e.pricePerHour <= 0) return 'the price an hour must be an amount above 0';
  if (!isCurrencyCode(e.currency)) return 'the currency must be a three-letter ISO 4217 code';
  if (!Number.isFinite(e.performancePerInstance) || e.performancePerInstance <= 0) return 'the work of one instance must be a number above 0 (in the catalogue’s performance units)';
  if (!isIsoDate(e.date)) return 'the date must be YYYY-MM-DD';
  if (e.source.trim() === '' || !singleLine(e.source)) return 'say where the price was seen, on one line (a price list, a quote)';
  return null;
}

/**
 * Prices for a whole category, not one model (e.g. "an 8-GPU H100-class instance", in the
 * catalogue's performance units): a team setting, so they sync like the rest of the book.
 */
export type CategoryRentalPrices = Partial<Record<Category, RentalPriceEntry[]>>;

/** Whether `value` is a category price book whose every entry is whole. */
export function isCategoryRentalPrices(value: unknown): value is CategoryRentalPrices {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.entries(value).every(
    ([category, entries]) =>
      (CATEGORIES as readonly string[]).includes(category) &&
      Array.isArray(entries) &&
      entries.every((e: unknown) => e !== null && typeof e === 'object' && typeof (e as RentalPriceEntry).id === 'string' && typeof (e as RentalPriceEntry).source === 'string' && rentalPriceProblem(e as RentalPriceEntry) === null),
  );
}

/** A what-if energy price: minor units of `currency` per MWh, for the lots in that currency. */
export interface ScenarioEnergyPrice {
  currency: string;
  perMwh: number;
}

/** The what-if price for a lot in `currency`, or null (none, or in another currency: the site's price stands). */
export function scenarioEnergyPrice(price: ScenarioEnergyPrice | null | undefined, currency: string): number | null {
  return price !== null && price !== undefined && price.currency === currency ? price.perMwh : null;
}

/** A model as the price book is read from. */
interface PricedModel {
  id: Uuid;
  category: Category;
  performance: number | null;
  rentalPrices?: readonly RentalPriceEntry[];
}

/**
 * Of two prices, the one to compare with: the newer; on the same day, the cheaper for the same
 * work (renting at the lowest price seen never overstates what owning saves); then by id, so the
 * answer never depends on the order the catalogue lists its models in.
 */
function preferred(a: RentalPriceEntry, b: RentalPriceEntry): boolean {
  if (a.date !== b.date) return a.date > b.date;
  const perWorkA = a.pricePerHour / a.performancePerInstance;
  const perWorkB = b.pricePerHour / b.performancePerInstance;
  if (perWorkA !== perWorkB) return perWorkA < perWorkB;
  return a.id < b.id;
}

/**
 * The rental price to compare a lot of `model` with, on `asOf`, in `currency` and `term`: the
 * model's own newest entry applying by then (dated on or before it; see {@link preferred}); else the newest of its category — the category's own
 * prices (`categoryPrices`) and other models' of the category — converted by the work per
 * instance, so this needs the model's performance. Null: none known.
 */
export function rentalPriceFor(
  model: PricedModel,
  models: readonly PricedModel[],
  currency: string,
  term: RentalTerm,
  asOf: IsoDate,
  categoryPrices: CategoryRentalPrices = {},
): { entry: RentalPriceEntry; from: 'model' | 'category' } | null {
  const newest = (entries: readonly RentalPriceEntry[]): RentalPriceEntry | null =>
    entries.filter((e) => e.currency === currency && e.term === term && e.date <= asOf).reduce<RentalPriceEntry | null>((best, e) => (best === null || preferred(e, best) ? e : best), null);
  const own = newest(model.rentalPrices ?? []);
  if (own !== null) return { entry: own, from: 'model' };
  if (model.performance === null) return null;
  const others = newest([...(categoryPrices[model.category] ?? []), ...models.filter((m) => m.id !== model.id && m.category === model.category).flatMap((m) => m.rentalPrices ?? [])]);
  return others === null ? null : { entry: others, from: 'category' };
}

/** Hours in month `index` (shared/depreciation/fiscal-calendar.ts month index): days × 24. */
export function hoursInMonth(index: number): number {
  return Number(lastDayOfMonth(index).slice(8, 10)) * 24;
}

/** One month of a lot, as the owned-cost formula needs it. */
export interface OwnedMonth {
  /** Hours in the month (days × 24). */
  hours: number;
  units: number;
  /** The month's book depreciation plus write-downs, minor units. */
  depreciation: number;
  /** Book value at the start of the month, minor units. */
  bookValueAtStart: number;
  wattsPerUnit: number;
  pue: number;
  /** Minor units per MWh. */
  energyPricePerMwh: number;
  /** Support contract per unit per year (the lot's `supportCostPerYear`), minor units. */
  supportPerUnitPerYear: number;
  /** 0-based month of the lot's support year (for spreading it evenly). */
  monthOfYear: number;
  /** Minor units per rack unit per month. */
  spacePerRackUnitMonth: number;
  rackUnits: number;
  /** Yearly rate, e.g. 0.08. */
  interestRate: number;
  /** 0–1. */
  utilisation: number;
}

export interface OwnedCost {
  depreciation: number;
  energy: number;
  support: number;
  space: number;
  interest: number;
  total: number;
  usefulHours: number;
  /** total ÷ useful hours (minor units, not rounded); null with no useful hour. */
  perUsefulHour: number | null;
}


export function ownedCost(m: OwnedMonth): OwnedCost {
  const depreciation = roundToMinor(m.depreciation);
  const energy = roundToMinor((m.wattsPerUnit * m.units * m.pue * m.hours * m.energyPricePerMwh) / 1e6);
  const support = monthlyShare(m.supportPerUnitPerYear * m.units, m.monthOfYear % 12);
  const space = roundToMinor(m.spacePerRackUnitMonth * m.rackUnits * m.units);
  const interest = roundToMinor((m.bookValueAtStart * m.interestRate) / 12);
  const total = depreciation + energy + support + space + interest;
  const usefulHours = m.hours * m.units * m.utilisation;
  return { depreciation, energy, support, space, interest, total, usefulHours, perUsefulHour: usefulHours > 0 ? total / usefulHours : null };
}

/** Instances of `price` that do the work of one owned unit of a model of `performance` (1 when either is unknown). */
export function instancesPerUnit(performance: number | null, price: Pick<RentalPrice, 'performancePerInstance'>): number {
  return performance === null || performance <= 0 || price.performancePerInstance <= 0 ? 1 : performance / price.performancePerInstance;
}

/** What renting the month's work costs (minor units, whole). */
export function rentalCost(m: Pick<OwnedMonth, 'hours' | 'units' | 'utilisation'>, price: RentalPrice, performance: number | null): number {
  const instances = m.units * instancesPerUnit(performance, price);
  const hours = price.term === 'on-demand' ? m.hours * m.utilisation : m.hours;
  return roundToMinor(instances * hours * price.pricePerHour);
}

/**
 * The utilisation (0–1 and beyond: above 1 renting on demand is cheaper whatever the use) at
 * which renting the same work on demand costs what owning does; null when renting costs nothing.
 */
export function breakEvenUtilisation(owned: number, m: Pick<OwnedMonth, 'hours' | 'units'>, price: RentalPrice, performance: number | null): number | null {
  const perFullUse = m.units * instancesPerUnit(performance, price) * m.hours * price.pricePerHour;
  return perFullUse > 0 ? owned / perFullUse : null;
}

export interface OwnVsRentMonth {
  owned: OwnedCost;
  rental: number;
  /** rental − owned: what owning saved this month (negative: renting would have been cheaper). */
  saving: number;
  breakEven: number | null;
}

export function ownVsRentMonth(m: OwnedMonth, price: RentalPrice, performance: number | null): OwnVsRentMonth {
  const owned = ownedCost(m);
  const rental = rentalCost(m, price, performance);
  return { owned, rental, saving: rental - owned.total, breakEven: breakEvenUtilisation(owned.total, m, price, performance) };
}
