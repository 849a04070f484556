/**
 * Own versus rent for every owned lot and the fleet (issue 12): month by month from the lot's
 * in-service month to the as-of month (savings to date) and over a horizon after it (savings
 * ahead), with the break-even utilisation of the as-of month, from the ledger's own data — book
 * schedules, sites (energy price, PUE, space), models (power, U, performance, rental price book),
 * lots (support) — and the scenario: utilisation (an assumption where nothing is known, always
 * labelled so), rental term, interest rate. The arithmetic is ./ownVsRent.ts's.
 */
import type { Category, HardwareModel, Site } from './catalog';
import type { IsoDate } from './dates';
import { monthIndexOfDate, yearMonthOf } from './depreciation/fiscal-calendar';
import { isOwnedOn } from './depreciation/fleetValue';
import type { MonthlySchedule } from './depreciation/types';
import type { Lot } from './lot';
import { roundToMinor } from './depreciation/rounding';
import { monthlyShare } from './forecast/refresh';
import { hoursInMonth, instancesPerUnit, ownVsRentMonth, rentalPriceFor, scenarioEnergyPrice, type CategoryRentalPrices, type OwnVsRentMonth, type RentalTerm, type ScenarioEnergyPrice } from './ownVsRent';

export interface OwnVsRentScenario {
  asOf: IsoDate;
  horizonMonths: number;
  term: RentalTerm;
  /** Yearly, e.g. 0.08. */
  interestRate: number;
  /** 0–1: the team's assumption where a lot's utilisation of a month is not recorded (shared/utilisation.ts). */
  assumedUtilisation: number;
  /** A what-if energy price (minor units per MWh) for every lot in its currency, instead of its site's; null or absent: the sites' prices. */
  energyPrice?: ScenarioEnergyPrice | null;
}

export interface LotOwnVsRent {
  lotId: string;
  lotCode: string;
  category: Category;
  currency: string;
  /** Where the rental price came from; null: no rental price in the book for this lot's model or category (no comparison). */
  price: { entryId: string; from: 'model' | 'category'; pricePerHour: number; term: RentalTerm } | null;
  /**
   * The as-of month's utilisation (0–1), recorded or the scenario's assumption (`assumed`), and
   * how many of the lot's months from in service to the horizon's end (or to its disposal) had one recorded.
   */
  utilisation: { value: number; assumed: boolean; recordedMonths: number; assumedMonths: number };
  /** The as-of month's break-even utilisation (null without a price). */
  breakEven: number | null;
  toDate: { owned: number; rental: number | null; saving: number | null };
  ahead: { owned: number; rental: number | null; saving: number | null };
  /** Owned cost per useful hour in the as-of month, minor units (null with no useful hour). */
  perUsefulHour: number | null;
}

/** Owned against rented, summed over lots that have a rental price (the others have nothing to compare with). */
export interface OwnVsRentTotal {
  /** The category, or 'fleet'. */
  key: string;
  currency: string;
  lots: number;
  toDate: { owned: number; rental: number; saving: number };
  ahead: { owned: number; rental: number; saving: number };
}

export interface FleetOwnVsRent {
  months: string[];
  lots: LotOwnVsRent[];
  /** Per currency: cumulative owned and rental cost over `months` (lots with a price only). */
  cumulative: Record<string, { owned: number[]; rental: number[] }>;
  /** Per category and currency, then for the fleet per currency (lots with a price only). */
  byCategory: OwnVsRentTotal[];
  fleet: OwnVsRentTotal[];
}


/**
 * `schedules`: each lot's book schedule with its full history (depreciation/lotSchedule.ts
 * fullBookSchedules). Owned cost runs from the in-service month, so a part of a lot split after
 * depreciation began needs its share of the months before the split too; from its last split on
 * only, a split would lower the family's owned cost to date.
 */
export function fleetOwnVsRent(
  input: { lots: readonly Lot[]; models: readonly HardwareModel[]; sites: readonly Site[]; schedules: ReadonlyMap<string, MonthlySchedule | null>; categoryPrices?: CategoryRentalPrices },
  scenario: OwnVsRentScenario,
): FleetOwnVsRent {
  const models = new Map(input.models.map((m) => [m.id, m]));
  const sites = new Map(input.sites.map((s) => [s.id, s]));
  const asOfIndex = monthIndexOfDate(scenario.asOf);
  const lots: LotOwnVsRent[] = [];
  const owned = input.lots.filter((l) => isOwnedOn(l, scenario.asOf) && l.inServiceDate !== null);
  const firstIndex = Math.min(asOfIndex, ...owned.map((l) => monthIndexOfDate(l.inServiceDate as IsoDate)));
  const lastIndex = asOfIndex + scenario.horizonMonths;
  const months: string[] = [];
  for (let i = firstIndex; i <= lastIndex; i++) months.push(yearMonthOf(i));
  const cumulative: FleetOwnVsRent['cumulative'] = {};
  const hoursOf = months.map((_m, k) => hoursInMonth(firstIndex + k));

  for (const lot of owned) {
    const model = models.get(lot.modelId);
    if (model === undefined) continue;
    const site = lot.siteId === null ? undefined : sites.get(lot.siteId);
    const found = rentalPriceFor(model, input.models, lot.currency, scenario.term, scenario.asOf, input.categoryPrices);
    const schedule = input.schedules.get(lot.id) ?? null;
    const siteCurrency = site !== undefined && site.currency === lot.currency;
    const start = monthIndexOfDate(lot.inServiceDate as IsoDate);
    const scheduleStart = schedule === null ? start : monthIndexOfDate(schedule.startMonth);
    const totals = { toDate: { owned: 0, rental: 0 }, ahead: { owned: 0, rental: 0 } };
    let now: OwnVsRentMonth | null = null;
    let series = cumulative[lot.currency];
    if (found !== null && series === undefined) cumulative[lot.currency] = series = { owned: months.map(() => 0), rental: months.map(() => 0) };
    // The book walked once: what is booked before each month, its depreciation and write-downs.
    let booked = schedule === null ? 0 : schedule.openingAccumulated + schedule.openingWriteDowns;
    // What does not change from month to month, once (the loop runs lots × months: 2,000 × 180).
    const watts = lot.powerWatts ?? model.powerWatts ?? 0;
    const pue = site?.pue ?? 1;
    const support = lot.supportCostPerYear * lot.quantity;
    const energyPrice = scenarioEnergyPrice(scenario.energyPrice, lot.currency) ?? (siteCurrency ? (site.energyPricePerMwh ?? 0) : 0);
    const space = roundToMinor((siteCurrency ? (site.spacePerRackUnitMonth ?? 0) : 0) * (model.rackUnits ?? 0) * lot.quantity);
    const instances = found === null ? 0 : lot.quantity * instancesPerUnit(model.performance, found.entry);
    const perFullUse = found === null ? 0 : instances * found.entry.pricePerHour;
    const onDemand = found?.entry.term === 'on-demand';
    const recorded = lot.utilisation;
    let recordedMonths = 0;
    let asOfUse = { value: scenario.assumedUtilisation, assumed: true };
    // Owned on asOf but disposed of later (a comparison as of a past date): from its disposal month
    // the lot is off the books (as the forecast has it), neither run nor rented any more.
    const heldUntil = lot.status === 'disposed' && lot.disposedDate !== null ? Math.min(lastIndex, monthIndexOfDate(lot.disposedDate) - 1) : lastIndex;
    for (let i = start; i <= heldUntil; i++) {
      const percent = recorded?.[months[i - firstIndex] ?? ''];
      const u = percent === undefined ? scenario.assumedUtilisation : percent / 100;
      if (percent !== undefined) recordedMonths++;
      if (i === asOfIndex) asOfUse = { value: u, assumed: percent === undefined };
      const offset = i - scheduleStart;
      const depreciation = schedule !== null && offset >= 0 && offset < schedule.depreciation.length ? (schedule.depreciation[offset] ?? 0) + (schedule.writeDowns[offset] ?? 0) : 0;
      const hours = hoursOf[i - firstIndex] ?? hoursInMonth(i);
      const bookAtStart = schedule === null ? 0 : schedule.cost - booked;
      booked += depreciation;
      // ownedCost's arithmetic, without its objects (the as-of month is also given whole below).
      const ownedTotal =
        depreciation +
        roundToMinor((watts * lot.quantity * pue * hours * energyPrice) / 1e6) +
        monthlyShare(support, (i - start) % 12) +
        space +
        roundToMinor((bookAtStart * scenario.interestRate) / 12);
      const rental = found === null ? 0 : roundToMinor(perFullUse * (onDemand ? hours * u : hours));
      const bucket = i <= asOfIndex ? totals.toDate : totals.ahead;
      bucket.owned += ownedTotal;
      bucket.rental += rental;
      if (i === asOfIndex && found !== null) {
        now = ownVsRentMonth(
          { hours, units: lot.quantity, depreciation, bookValueAtStart: bookAtStart, wattsPerUnit: watts, pue, energyPricePerMwh: energyPrice, supportPerUnitPerYear: lot.supportCostPerYear, monthOfYear: i - start, spacePerRackUnitMonth: siteCurrency ? (site.spacePerRackUnitMonth ?? 0) : 0, rackUnits: model.rackUnits ?? 0, interestRate: scenario.interestRate, utilisation: u },
          found.entry,
          model.performance,
        );
      }
      if (series !== undefined && found !== null) {
        const k = i - firstIndex;
        series.owned[k] = (series.owned[k] ?? 0) + ownedTotal;
        series.rental[k] = (series.rental[k] ?? 0) + rental;
      }
    }
    const priced = found !== null;
    lots.push({
      lotId: lot.id,
      lotCode: lot.code,
      category: model.category,
      currency: lot.currency,
      price: found === null ? null : { entryId: found.entry.id, from: found.from, pricePerHour: found.entry.pricePerHour, term: found.entry.term },
      utilisation: { ...asOfUse, recordedMonths, assumedMonths: Math.max(0, heldUntil - start + 1) - recordedMonths },
      breakEven: now?.breakEven ?? null,
      toDate: { owned: totals.toDate.owned, rental: priced ? totals.toDate.rental : null, saving: priced ? totals.toDate.rental - totals.toDate.owned : null },
      ahead: { owned: totals.ahead.owned, rental: priced ? totals.ahead.rental : null, saving: priced ? totals.ahead.rental - totals.ahead.owned : null },
      perUsefulHour: now?.owned.perUsefulHour ?? null,
    });
  }
  // Running sums: the chart shows cumulative cost.
  for (const series of Object.values(cumulative)) {
    for (let k = 1; k < months.length; k++) {
      series.owned[k] = (series.owned[k] ?? 0) + (series.owned[k - 1] ?? 0);
      series.rental[k] = (series.rental[k] ?? 0) + (series.rental[k - 1] ?? 0);
    }
  }
  lots.sort((a, b) => a.lotCode.localeCompare(b.lotCode, 'en', { numeric: true }));
  return { months, lots, cumulative, byCategory: totalsBy(lots, (l) => l.category), fleet: totalsBy(lots, () => 'fleet') };
}

/** Sums of the priced lots per `keyOf` and currency, in key order. */
function totalsBy(lots: readonly LotOwnVsRent[], keyOf: (l: LotOwnVsRent) => string): OwnVsRentTotal[] {
  const totals = new Map<string, OwnVsRentTotal>();
  for (const l of lots) {
    if (l.price === null) continue;
    const key = keyOf(l);
    const id = `${key}\u0000${l.currency}`;
    let t = totals.get(id);
    if (t === undefined) totals.set(id, (t = { key, currency: l.currency, lots: 0, toDate: { owned: 0, rental: 0, saving: 0 }, ahead: { owned: 0, rental: 0, saving: 0 } }));
    t.lots++;
    for (const span of ['toDate', 'ahead'] as const) {
      t[span].owned += l[span].owned;
      t[span].rental += l[span].rental ?? 0;
      t[span].saving += l[span].saving ?? 0;
    }
  }
  return [...totals.values()].sort((a, b) => (a.key === b.key ? a.currency.localeCompare(b.currency) : a.key.localeCompare(b.key)));
}
