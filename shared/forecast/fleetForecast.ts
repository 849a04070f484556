/**
 * The fleet forecast (PRODUCT.md "Market value and refresh"): for every lot and every month of a
 * horizon, its book value (the depreciation engine), its expected market value p10 / p50 / p90
 * for the lot's quantity (the residual-value curves), and a refresh recommendation (the
 * keep-vs-replace comparison); plus fleet totals by category, site and stage.
 *
 * Time axis. Index 0 is the end of `asOf`'s month, index i the end of the i-th month after it
 * (`months[i]`, YYYY-MM), so every series has horizonMonths + 1 values. Book values are the
 * engine's `nbvAt` of that month (identical numbers, walked incrementally); market values are the
 * curve at the first day of the following month (= the end of the month). The refresh plan's
 * months are months[1..horizon].
 *
 * Decisions worth knowing:
 * - Lots disposed by asOf are skipped (they are off the books and sold). A lot owned on asOf and
 *   disposed later (a forecast as of a past date) is forecast until its disposal month: from that
 *   month its book and market values are 0 (`disposedFrom`), it leaves the totals, and it is not
 *   recommended for a refresh it can no longer have.
 * - A lot not yet in service has no schedule: its book value is its cost basis throughout
 *   (nothing is depreciated before the in-service date; if it goes into service within the
 *   horizon the forecast does not guess that date). Its units are priced in condition `new`;
 *   lots with an in-service date are priced `used`.
 * - Unrealised gain/loss is p50 − book; the proceeds if sold in a month are p50, before any
 *   selling costs (broker fees, sanitisation, shipping). Neither is stored: both follow from the
 *   series (see {@link gainLossAt}, {@link lotMarketAt}).
 * - Each (model, currency) curve is fitted once, its category's other models as the category
 *   fallback; each (model, currency, condition) per-unit series is evaluated once and shared by
 *   that model's lots (`unitMarket`); a lot's value is its quantity × that (exact: whole minor
 *   units × whole units), never copied per lot. Book values share one buffer (a view per lot).
 * - A model with no list price (or one in another currency) and no market observations would have
 *   no curve; its lots' average unit cost stands in for the list price (`listPriceSource:
 *   'lot-cost'`). Without a release date or observations, its lots' earliest purchase date stands
 *   in for the release (else the curve would start at asOf and never age).
 * - Fleet totals add the lots' quantiles. That is the band of the fleet if its lots' prices move
 *   together (one market), so it is the wide, cautious band; independent lots would give a
 *   narrower one. Totals are per currency; lots without a curve count in book totals only.
 * - Refresh: the successor is `model.successorId`. Its equivalent annual cost per unit is its
 *   economic life (economicLife) over its own curve: bought at its list price (or its curve's p50
 *   at asOf), resold `used` at its curve, running on the lot's site energy and the lot's support
 *   cost per unit. The work one successor unit does is the ratio of the two models'
 *   `performance` when the catalogue has both (see {@link workRatio}); else (successor W ÷ lot W)
 *   × perfPerWattGain when both draws are known, else perfPerWattGain (default 1: no gain).
 *   A successor with no power draw in the catalogue runs on the lot's draw for the same work ÷
 *   perfPerWattGain (never on nothing); its energy saved a year then stays unknown (null).
 *   An unknown site energy price or PUE counts as 0 and 1. A hold-until age refreshes a lot when
 *   it reaches that age if keeping has not stopped paying earlier. With the month come what it
 *   means in money: proceeds (p50 at the start of the month), the successor units that replace
 *   the lot's work and their capex at today's successor price, and the energy a year saved.
 *
 * Pure: no clock, no randomness; dates are parameters.
 */
import { commitments, isOwnedOn } from '../depreciation/fleetValue';
import type { Category, HardwareModel, Site } from '../catalog';
import { addMonths, isIsoDate, type IsoDate } from '../dates';
import { lotSchedule } from '../depreciation/lotSchedule';
import { roundToMinor } from '../depreciation/rounding';
import { firstDayOfMonth, monthIndexOfDate, yearMonthOf } from '../depreciation/fiscal-calendar';
import type { MonthlySchedule } from '../depreciation/types';
import type { Uuid } from '../ids';
import { STATUS_STAGE, type Stage } from '../lifecycle';
import { costBasis, lotAgeStart, type Lot } from '../lot';
import type { Condition } from '../market';
import { err, ok, type Result } from '../result';
import { marketCurves, type CurveEntry, type ForecastObservation, type ListPriceSource } from './marketCurves';
import { economicLife, energyCost, refreshPlan, relativeWork } from './refresh';

export type { ForecastObservation, ListPriceSource } from './marketCurves';
import {
  curveAgeYears,
  residualQuantilesAtAge,
  residualSeries,
  type ResidualCurve,
  type ResidualQuantiles,
  type ResidualSeries,
} from './residual';

// ---- Types --------------------------------------------------------------------------------


export interface FleetForecastInput {
  lots: readonly Lot[];
  models: readonly HardwareModel[];
  sites: readonly Site[];
  observations: readonly ForecastObservation[];
  asOf: IsoDate;
  /** 1..MAX_HORIZON_MONTHS. */
  horizonMonths: number;
  fiscalYearStartMonth: number;
  /** Yearly interest (cost of capital) for the refresh plan; default DEFAULT_INTEREST_RATE. */
  interestRate?: number;
  /** Minor units per MWh for every site, instead of each site's own price. */
  energyPricePerMwhOverride?: number | null;
  /**
   * The currency the override is in: only lots in it take the override, the others their site's
   * own price (no exchange rate is assumed: 14,000 US cents are not 14,000 yen). Absent or null:
   * every lot takes it (a fleet in one currency).
   */
  energyPriceOverrideCurrency?: string | null;
  /**
   * Successor perf/W ÷ this model's perf/W, used only when either model's `performance` is
   * unknown; default 1 (no gain assumed).
   */
  perfPerWattGain?: number;
  /**
   * Hold-until age in months: a lot is refreshed when it reaches this age (from its in-service
   * date, else receipt, else purchase) if keeping has not stopped paying earlier; null = no limit.
   */
  holdUntilAgeMonths?: number | null;
  /** Longest successor life the economic-life search considers, years; default 8. */
  successorMaxYears?: number;
  /** Compute refresh plans (default true). */
  refresh?: boolean;
}

export const MAX_HORIZON_MONTHS = 240;
export const DEFAULT_HORIZON_MONTHS = 36;
export const DEFAULT_INTEREST_RATE = 0.08;
export const NO_SUCCESSOR_REASON = 'no successor model in the catalogue';


/** Why a lot is due: keeping stopped paying, or it reached the hold-until age. */
export type RefreshTrigger = 'economics' | 'age';

export interface LotRefresh {
  /** YYYY-MM, or null (no successor and no hold-until age, or keeping stays cheaper through the horizon). */
  recommendedMonth: string | null;
  trigger: RefreshTrigger | null;
  reason: string;
  successorId: Uuid | null;
  /** Expected proceeds if the lot is sold at the start of the recommended month (p50 × quantity); null when not due or no curve. */
  proceeds: number | null;
  /** Successor units that do this lot's work (quantity ÷ relative work, rounded up); null without a successor. */
  replacementUnits: number | null;
  /** What those units cost to buy (successor list price, else its curve's p50 new today); null when unknown. */
  replacementCapex: number | null;
  /**
   * Energy a year the replacement saves against this lot, at the lot's site price and PUE: money
   * (minor units) and MWh; negative when the replacement draws more. Null without a successor or
   * when either model's power draw is unknown.
   */
  energySavedPerYear: number | null;
  energySavedMwhPerYear: number | null;
}

export interface LotForecast {
  lotId: Uuid;
  lotCode: string;
  modelId: Uuid;
  category: Category;
  siteId: Uuid | null;
  /** Site code, or '' when the lot has none. */
  siteCode: string;
  stage: Stage;
  currency: string;
  quantity: number;
  inService: boolean;
  /** Condition the units are priced in. */
  condition: Condition;
  /** Net book value at the end of months[i], minor units, whole lot. */
  book: Float64Array;
  /**
   * Market value quantiles of ONE unit at the end of months[i]; null when the model has no curve.
   * Shared by every lot of the model in the same condition (do not write to it): the lot's value
   * is quantity × this, see {@link lotMarketAt}.
   */
  unitMarket: ResidualSeries | null;
  curve: ResidualCurve | null;
  listPriceSource: ListPriceSource;
  /** Why there is no curve, or null. */
  marketProblem: string | null;
  refresh: LotRefresh;
  /**
   * Index of the month the lot was disposed in, when that is within the horizon (a forecast as of a
   * date before the disposal): from there on its book and market values are 0. Null otherwise.
   */
  disposedFrom: number | null;
}

export const TOTAL_GROUPS = ['fleet', 'category', 'site', 'stage'] as const;
export type TotalGroup = (typeof TOTAL_GROUPS)[number];

export interface ForecastTotal {
  by: TotalGroup;
  /** 'all' for the fleet; the category, site code ('' = no site) or stage. */
  key: string;
  currency: string;
  lotCount: number;
  /** Lots whose market value is in p10/p50/p90 (those with a curve). */
  marketLotCount: number;
  book: Float64Array;
  /**
   * Book value of the lots in p10/p50/p90 only (those with a curve): the unrealised gain / loss of
   * the group is p50 − this, the sum of its lots' (a lot without a curve has none, not a loss of
   * its whole book value). See {@link totalGainLossAt}.
   */
  marketBook: Float64Array;
  p10: Float64Array;
  p50: Float64Array;
  p90: Float64Array;
}

/** A total's unrealised gain (or loss) at index i: p50 − the book value of the same lots; null when none has a curve. */
export function totalGainLossAt(total: ForecastTotal, i: number): number | null {
  return total.marketLotCount === 0 ? null : (total.p50[i] ?? 0) - (total.marketBook[i] ?? 0);
}

export interface FleetForecast {
  asOf: IsoDate;
  horizonMonths: number;
  /** horizonMonths + 1 labels, YYYY-MM: months[0] is asOf's month. */
  months: string[];
  /** The lots owned on asOf (PRODUCT.md "Fleet value": from receipt until disposal). */
  lots: LotForecast[];
  disposedSkipped: number;
  /** The capex pipeline: planned and ordered lots, never fleet value, at cost, by currency. */
  commitments: { lots: number; cost: Record<string, number> };
  totals: ForecastTotal[];
}

/** The lot's market value quantiles at index i (quantity × the unit's), or null without a curve. */
export function lotMarketAt(lot: LotForecast, i: number): ResidualQuantiles | null {
  const unit = lot.unitMarket;
  if (unit === null) return null;
  if (lot.disposedFrom !== null && i >= lot.disposedFrom) return { p10: 0, p50: 0, p90: 0 };
  const q = lot.quantity;
  return { p10: q * (unit.p10[i] ?? 0), p50: q * (unit.p50[i] ?? 0), p90: q * (unit.p90[i] ?? 0) };
}

/** Unrealised gain (or loss, negative) at index i: p50 − book; null without a curve. Also: proceeds if sold = p50. */
export function gainLossAt(lot: LotForecast, i: number): number | null {
  const market = lotMarketAt(lot, i);
  return market === null ? null : market.p50 - (lot.book[i] ?? 0);
}

// ---- Implementation -----------------------------------------------------------------------

function checkInput(input: FleetForecastInput): string | null {
  if (!isIsoDate(input.asOf)) return `asOf "${input.asOf}" is not a date in YYYY-MM-DD form`;
  if (!Number.isInteger(input.horizonMonths) || input.horizonMonths < 1 || input.horizonMonths > MAX_HORIZON_MONTHS) {
    return `the horizon must be a whole number of months from 1 to ${MAX_HORIZON_MONTHS}`;
  }
  if (!Number.isInteger(input.fiscalYearStartMonth) || input.fiscalYearStartMonth < 1 || input.fiscalYearStartMonth > 12) {
    return 'the fiscal year start must be a month number 1..12';
  }
  const rate = input.interestRate ?? DEFAULT_INTEREST_RATE;
  if (!(Number.isFinite(rate) && rate > -1)) return 'the interest rate must be above −100 %';
  const gain = input.perfPerWattGain ?? 1;
  if (!(Number.isFinite(gain) && gain > 0)) return 'the performance-per-watt gain must be above 0';
  const energy = input.energyPricePerMwhOverride ?? null;
  if (energy !== null && !(Number.isFinite(energy) && energy >= 0)) return 'the energy price must be 0 or more';
  const hold = input.holdUntilAgeMonths ?? null;
  if (hold !== null && !(Number.isInteger(hold) && hold >= 0 && hold <= 600)) return 'the hold-until age must be a whole number of months from 0 to 600';
  const maxYears = input.successorMaxYears ?? 8;
  if (!Number.isInteger(maxYears) || maxYears < 1 || maxYears > 50) return 'the successor life search must be 1..50 years';
  return null;
}


const key2 = (a: string, b: string): string => `${a}\u0000${b}`;

/** Computes the fleet forecast. Fails only on bad parameters or a lot whose schedule the engine refuses. */
export function fleetForecast(input: FleetForecastInput): Result<FleetForecast> {
  const problem = checkInput(input);
  if (problem !== null) return err(`Forecast: ${problem}`);
  const { asOf, horizonMonths: horizon, fiscalYearStartMonth } = input;
  const interestRate = input.interestRate ?? DEFAULT_INTEREST_RATE;
  const perfPerWattGain = input.perfPerWattGain ?? 1;
  const energyOverride = input.energyPricePerMwhOverride ?? null;
  const overrideCurrency = input.energyPriceOverrideCurrency ?? null;
  const successorMaxYears = input.successorMaxYears ?? 8;
  const holdUntilAgeMonths = input.holdUntilAgeMonths ?? null;
  const withRefresh = input.refresh ?? true;
  const count = horizon + 1;
  const asOfIndex = monthIndexOfDate(asOf);
  const months: string[] = [];
  for (let i = 0; i < count; i++) months.push(yearMonthOf(asOfIndex + i));
  const seriesFrom = firstDayOfMonth(asOfIndex + 1);

  const modelsById = new Map(input.models.map((m) => [m.id, m]));
  const sitesById = new Map(input.sites.map((s) => [s.id, s]));
  // Fleet value is what is owned on asOf (shared/depreciation/fleetValue.ts): planned and ordered
  // lots are commitments, shown apart; disposed ones have left the books.
  const active = input.lots.filter((l) => isOwnedOn(l, asOf));
  const pipeline = commitments(input.lots);
  const curveOf = marketCurves({ models: input.models, observations: input.observations, ownedLots: active, asOf });

  const unitSeries = new Map<string, ResidualSeries>();
  const unitSeriesOf = (modelId: Uuid, currency: string, condition: Condition, curve: ResidualCurve): ResidualSeries => {
    const k = `${modelId}\u0000${currency}\u0000${condition}`;
    let series = unitSeries.get(k);
    if (series === undefined) {
      series = residualSeries(curve, seriesFrom, horizon, condition);
      unitSeries.set(k, series);
    }
    return series;
  };

  /** What one successor unit costs to buy now: its list price in `currency`, else its curve's p50 new (0 with neither; callers check). */
  const successorPrice = (successor: HardwareModel, currency: string, curve: ResidualCurve | null): number => {
    if (successor.listPrice !== null && successor.currency === currency) return successor.listPrice;
    return curve === null ? 0 : residualQuantilesAtAge(curve, curveAgeYears(curve, asOf), 'new').p50;
  };

  // A successor's operating cost (energy + support) is the same every year, and the equivalent
  // annual cost of a constant yearly payment is that payment: EAC(n) = capital EAC(n) + opex, so
  // the best life does not depend on the lot's site or support. The capital part is searched once
  // per (successor, currency); each lot adds its own opex. (Searching per lot cost ~25 ms of the
  // 2,000-lot forecast.)
  const capitalEacCache = new Map<string, Result<number>>();
  const successorCapitalEac = (successor: HardwareModel, currency: string): Result<number> => {
    const k = key2(successor.id, currency);
    const cached = capitalEacCache.get(k);
    if (cached !== undefined) return cached;
    let result: Result<number>;
    const entry = curveOf(successor, currency);
    if (entry.curve === null) {
      result = err(`successor ${successor.manufacturer} ${successor.name} has no value curve (${entry.problem ?? 'no data'})`);
    } else {
      const curve = entry.curve;
      const startAge = curveAgeYears(curve, asOf);
      const life = economicLife({
        price: successorPrice(successor, currency, curve),
        resale: (years) => residualQuantilesAtAge(curve, startAge + years, 'used').p50,
        operatingCost: () => 0,
        interestRate,
        maxYears: successorMaxYears,
      });
      result = ok(life.eacByYears[life.optimalYears - 1] ?? Number.POSITIVE_INFINITY);
    }
    capitalEacCache.set(k, result);
    return result;
  };
  const successorEac = (successor: HardwareModel, currency: string, watts: number, pue: number, pricePerMwh: number, support: number): Result<number> => {
    const capital = successorCapitalEac(successor, currency);
    if (!capital.ok) return capital;
    return ok(roundToMinor(capital.value + energyCost({ wattsPerUnit: watts, units: 1, pue, hours: 8_760, pricePerMwh }) + support));
  };

  /**
   * The refresh recommendation of one lot: the first month where keeping costs more than the
   * successor's capacity for the same work (economics), or where the lot reaches the hold-until
   * age, whichever comes first; with what selling and replacing it then means in money.
   */
  const lotRefresh = (lot: Lot, model: HardwareModel, site: Site | undefined, perUnit: ResidualSeries | null, curveProblem: string | null, months: readonly string[]): LotRefresh => {
    const successor = model.successorId === null ? undefined : modelsById.get(model.successorId);
    const siteCurrencyOk = site !== undefined && site.currency === lot.currency;
    const override = overrideCurrency === null || overrideCurrency === lot.currency ? energyOverride : null;
    const pricePerMwh = override ?? (siteCurrencyOk ? (site.energyPricePerMwh ?? 0) : 0);
    // Counted as 0 in the comparison, but a saving at an unknown price is unknown, not 0.
    const priceKnown = override !== null || (siteCurrencyOk && site.energyPricePerMwh !== null);
    const pue = site?.pue ?? 1;
    const watts = lot.powerWatts ?? model.powerWatts ?? 0;
    // Plan month k is months[k + 1]; selling at its start fetches the value at the end of months[k].
    const proceedsAt = (month: string): number | null => {
      const k = months.indexOf(month) - 1;
      return perUnit === null || k < 0 ? null : lot.quantity * (perUnit.p50[k] ?? 0);
    };
    const held = holdUntilAgeMonths === null ? null : holdUntilMonth(lot, holdUntilAgeMonths, months);
    const ageMonth = held?.month ?? null;

    let economic: { month: string | null; reason: string } = { month: null, reason: NO_SUCCESSOR_REASON };
    let replacement: Pick<LotRefresh, 'replacementUnits' | 'replacementCapex' | 'energySavedPerYear' | 'energySavedMwhPerYear'> = NO_REPLACEMENT;
    if (successor !== undefined) {
      const successorWatts = successor.powerWatts ?? 0;
      const work = workRatio(model, successor, watts, successorWatts, perfPerWattGain);
      // A successor whose draw the catalogue does not know is not free to run: it is taken to do
      // the same work as this lot at the assumed perf/W gain (default 1: the same energy per work).
      // Counted as 0 it made keeping look dearer than the same machine by the lot's whole energy bill.
      const successorRunningWatts = successorWatts > 0 ? successorWatts : (watts * work) / perfPerWattGain;
      const units = Math.ceil(lot.quantity / work - 1e-9);
      const successorEntry = curveOf(successor, lot.currency);
      const yearly = (w: number, n: number): number => energyCost({ wattsPerUnit: w, units: n, pue, hours: 8_760, pricePerMwh });
      const powerKnown = watts > 0 && successorWatts > 0;
      const listed = successor.listPrice !== null && successor.currency === lot.currency;
      replacement = {
        replacementUnits: units,
        replacementCapex: listed || successorEntry.curve !== null ? units * successorPrice(successor, lot.currency, successorEntry.curve) : null,
        energySavedPerYear: powerKnown && priceKnown ? yearly(watts, lot.quantity) - yearly(successorWatts, units) : null,
        energySavedMwhPerYear: powerKnown ? ((watts * lot.quantity - successorWatts * units) * pue * 8_760) / 1e6 : null,
      };
      if (perUnit === null) {
        economic = { month: null, reason: `no market value curve for this model (${curveProblem ?? 'no data'})` };
      } else {
        const eac = successorEac(successor, lot.currency, successorRunningWatts, pue, pricePerMwh, lot.supportCostPerYear);
        if (!eac.ok) {
          economic = { month: null, reason: eac.error };
        } else {
          const plan = refreshPlan({
            currency: lot.currency,
            startMonth: seriesFrom,
            units: lot.quantity,
            resalePerUnit: perUnit.p50,
            energy: { wattsPerUnit: watts, pue, pricePerMwh, hours: 'average' },
            supportPerUnitPerYear: lot.supportCostPerYear,
            interestRatePerYear: interestRate,
            successor: { name: `${successor.manufacturer} ${successor.name}`, eacPerUnitPerYear: eac.value, relativeWork: work },
          });
          economic = plan.ok ? { month: plan.value.refreshMonth, reason: plan.value.reason } : { month: null, reason: plan.error };
        }
      }
    }

    const byAge = ageMonth !== null && (economic.month === null || ageMonth < economic.month);
    const month = byAge ? ageMonth : economic.month;
    const trigger: RefreshTrigger | null = month === null ? null : byAge ? 'age' : 'economics';
    // A lot already past the age reached it before the plan starts: say when, and that it is due now.
    const ageText = formatAgeMonths(holdUntilAgeMonths ?? 0);
    const reached =
      held !== null && held.reached < (held.month ?? '')
        ? `Passed the hold-until age of ${ageText} in ${held.reached}: due now, in ${ageMonth}`
        : `Reaches the hold-until age of ${ageText} in ${ageMonth}`;
    const reason = byAge ? `${reached}${economic.month === null ? '' : `, before keeping stops paying in ${economic.month}`}. ${asSentence(economic.reason)}` : economic.reason;
    return { recommendedMonth: month, trigger, reason, successorId: successor?.id ?? null, proceeds: month === null ? null : proceedsAt(month), ...replacement };
  };

  // One buffer for every lot's book values, each lot a view of its stretch: a typed array's
  // backing store is the expensive part of allocating one. Market values are not copied per lot
  // at all: a lot's is its quantity × its model's unit series.
  const bookAll = new Float64Array(active.length * count);
  const lots: LotForecast[] = [];
  for (const lot of active) {
    const from = lots.length * count;
    // A lot whose model is gone (removed on another device while this lot was made with it, team
    // sync) keeps its book values; only its market value and refresh need the model, and say so.
    // Refusing the whole forecast for it left every lot of the fleet without one.
    const model = modelsById.get(lot.modelId);
    const site = lot.siteId === null ? undefined : sitesById.get(lot.siteId);

    // Book values: nbvAt's arithmetic, walked once over the horizon. A split part's full history
    // (as the depreciation report takes it): the same book values from its last split on, and
    // its share of the original's before — the since-split view would hold it at its value at
    // the split for every earlier date, so a forecast as of a past date understated the family.
    const book = bookAll.subarray(from, from + count);
    const scheduled = lotSchedule(lot, 'book', fiscalYearStartMonth, { history: 'full' });
    if (!scheduled.ok) return err(`Forecast: lot ${lot.code}: ${scheduled.error}`);
    const schedule = scheduled.value;
    if (schedule === null) book.fill(costBasis(lot));
    else bookValuesInto(book, schedule, asOfIndex, count);
    // Owned on asOf but disposed within the horizon: off the books from its disposal month (a lot
    // without a schedule would otherwise stay at cost after it was sold or returned).
    const disposedAt = lot.status === 'disposed' && lot.disposedDate !== null ? monthIndexOfDate(lot.disposedDate) - asOfIndex : null;
    const disposedFrom = disposedAt !== null && disposedAt < count ? Math.max(0, disposedAt) : null;
    // (A schedule already ends at its disposal: nbvAt's numbers stand.)
    if (disposedFrom !== null && schedule === null) book.fill(0, disposedFrom);

    // Market values: the model's per-unit series × quantity.
    const condition: Condition = lot.inServiceDate === null ? 'new' : 'used';
    const entry: CurveEntry = model === undefined ? { curve: null, problem: missingModelProblem(lot), listPriceSource: 'none' } : curveOf(model, lot.currency);
    const perUnit = entry.curve === null || model === undefined ? null : unitSeriesOf(model.id, lot.currency, condition, entry.curve);

    let refresh: LotRefresh =
      model === undefined
        ? { ...NOT_DUE, reason: entry.problem ?? '' }
        : withRefresh
          ? lotRefresh(lot, model, site, perUnit, entry.problem, months)
          : { ...NOT_DUE, reason: 'refresh not computed', successorId: model.successorId };
    const disposedMonth = disposedFrom === null ? null : (months[disposedFrom] ?? null);
    if (disposedMonth !== null && refresh.recommendedMonth !== null && refresh.recommendedMonth >= disposedMonth) {
      refresh = { ...refresh, recommendedMonth: null, trigger: null, proceeds: null, reason: `Disposed in ${disposedMonth}, before it would be due for refresh in ${refresh.recommendedMonth}.` };
    }

    lots.push({
      lotId: lot.id,
      lotCode: lot.code,
      modelId: lot.modelId,
      category: model?.category ?? 'other',
      siteId: lot.siteId,
      siteCode: site?.code ?? '',
      stage: STATUS_STAGE[lot.status],
      currency: lot.currency,
      quantity: lot.quantity,
      inService: lot.inServiceDate !== null,
      condition,
      book,
      unitMarket: perUnit,
      curve: entry.curve,
      listPriceSource: entry.listPriceSource,
      marketProblem: entry.problem,
      refresh,
      disposedFrom,
    });
  }

  return ok({
    asOf,
    horizonMonths: horizon,
    months,
    lots,
    disposedSkipped: input.lots.filter((l) => l.status === 'disposed' && !isOwnedOn(l, asOf)).length,
    commitments: { lots: pipeline.lots, cost: Object.fromEntries(pipeline.cost) },
    totals: fleetTotals(lots, count),
  });
}

const NO_REPLACEMENT = { replacementUnits: null, replacementCapex: null, energySavedPerYear: null, energySavedMwhPerYear: null } as const;
/** Why a lot whose model is not in the catalogue has no market value nor refresh, in words. */
function missingModelProblem(lot: Pick<Lot, 'code'>): string {
  return `${lot.code}'s model is not in the catalogue (removed, perhaps on another device while this lot was made with it): add the model again, or give the lot another, for its market value and refresh.`;
}

const NOT_DUE: LotRefresh = { recommendedMonth: null, trigger: null, reason: '', successorId: null, proceeds: null, ...NO_REPLACEMENT };

/**
 * How many of this model's units one successor unit replaces: the ratio of the catalogue's
 * performance per unit when both models have one; else the power ratio × the assumed
 * perf-per-watt gain when both draws are known; else the gain alone.
 */
export function workRatio(
  model: Pick<HardwareModel, 'performance'>,
  successor: Pick<HardwareModel, 'performance'>,
  watts: number,
  successorWatts: number,
  perfPerWattGain: number,
): number {
  if (model.performance !== null && successor.performance !== null && model.performance > 0 && successor.performance > 0) {
    return successor.performance / model.performance;
  }
  return watts > 0 && successorWatts > 0 ? relativeWork({ wattsPerUnit: watts, successorWattsPerUnit: successorWatts, perfPerWattGain }) : perfPerWattGain;
}

/**
 * The month (YYYY-MM) the lot reaches `ageMonths`, and the plan month (months[1..]) it is due in:
 * that month, the first one if already past it, null if beyond the horizon.
 */
function holdUntilMonth(lot: Lot, ageMonths: number, months: readonly string[]): { reached: string; month: string | null } {
  const reached = yearMonthOf(monthIndexOfDate(addMonths(lotAgeStart(lot), ageMonths)));
  const first = months[1];
  if (first === undefined) return { reached, month: null };
  if (reached <= first) return { reached, month: first };
  return { reached, month: months.includes(reached) ? reached : null };
}

/**
 * A reason that follows another sentence, as a sentence of its own: "no successor model in the
 * catalogue" (how it reads alone, in a field) becomes "No successor model in the catalogue.".
 */
function asSentence(text: string): string {
  const t = text.trim();
  if (t === '') return t;
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}${t.endsWith('.') ? '' : '.'}`;
}

/** 60 → "5 years", 30 → "2 years 6 months", 8 → "8 months". */
function formatAgeMonths(months: number): string {
  const years = Math.floor(months / 12);
  const rest = months % 12;
  const y = years === 0 ? '' : `${years} year${years === 1 ? '' : 's'}`;
  const m = rest === 0 ? '' : `${rest} month${rest === 1 ? '' : 's'}`;
  return [y, m].filter((x) => x !== '').join(' ') || '0 months';
}

/** nbvAt(schedule, month firstMonth + i) for i < count, walking the schedule once. */
function bookValuesInto(out: Float64Array, schedule: MonthlySchedule, firstMonth: number, count: number): void {
  const start = monthIndexOfDate(schedule.startMonth);
  const disposalMonth = schedule.disposal === null ? Number.POSITIVE_INFINITY : monthIndexOfDate(schedule.disposal.month);
  const { depreciation, writeDowns, cost } = schedule;
  const n = depreciation.length;
  let booked = schedule.openingAccumulated + schedule.openingWriteDowns;
  let k = 0;
  for (let i = 0; i < count; i++) {
    const t = firstMonth + i;
    const last = Math.min(t - start, n - 1);
    while (k <= last) {
      booked += (depreciation[k] ?? 0) + (writeDowns[k] ?? 0);
      k++;
    }
    out[i] = t >= disposalMonth ? 0 : cost - booked;
  }
}

function groupKey(lot: LotForecast, by: TotalGroup): string {
  switch (by) {
    case 'fleet':
      return 'all';
    case 'category':
      return lot.category;
    case 'site':
      return lot.siteCode;
    case 'stage':
      return lot.stage;
  }
}

function emptyTotal(by: TotalGroup, key: string, currency: string, count: number): ForecastTotal {
  return {
    by,
    key,
    currency,
    lotCount: 0,
    marketLotCount: 0,
    book: new Float64Array(count),
    marketBook: new Float64Array(count),
    p10: new Float64Array(count),
    p50: new Float64Array(count),
    p90: new Float64Array(count),
  };
}

/**
 * Adds `book` into `into`'s book, `marketBook` (the book of the lots with a market value) into its
 * marketBook, and `q` × `from`'s market series (its first `marketCount` months; 0 after).
 */
function addTotal(into: ForecastTotal, book: Float64Array, marketBook: Float64Array | null, from: ResidualSeries | null, q: number, count: number, marketCount = count): void {
  const out = into.book;
  for (let i = 0; i < count; i++) out[i] = (out[i] ?? 0) + (book[i] ?? 0);
  if (marketBook !== null) {
    const mb = into.marketBook;
    for (let i = 0; i < count; i++) mb[i] = (mb[i] ?? 0) + (marketBook[i] ?? 0);
  }
  if (from !== null) {
    const { p10, p50, p90 } = into;
    for (let i = 0; i < marketCount; i++) {
      p10[i] = (p10[i] ?? 0) + q * (from.p10[i] ?? 0);
      p50[i] = (p50[i] ?? 0) + q * (from.p50[i] ?? 0);
      p90[i] = (p90[i] ?? 0) + q * (from.p90[i] ?? 0);
    }
  }
}

/**
 * Totals per group and currency, in TOTAL_GROUPS order, keys in order of first appearance.
 * Lots are first added into their (category, site, stage, currency) cell, once each; the cells
 * (a few dozen) are then added into the groups: a quarter of the additions of adding every lot
 * to its four groups.
 */
function fleetTotals(lots: readonly LotForecast[], count: number): ForecastTotal[] {
  const cells = new Map<string, { lot: LotForecast; total: ForecastTotal }>();
  for (const lot of lots) {
    const id = `${lot.category}\u0000${lot.siteCode}\u0000${lot.stage}\u0000${lot.currency}`;
    let cell = cells.get(id);
    if (cell === undefined) {
      cell = { lot, total: emptyTotal('fleet', '', lot.currency, count) };
      cells.set(id, cell);
    }
    const total = cell.total;
    total.lotCount += 1;
    if (lot.unitMarket !== null) total.marketLotCount += 1;
    addTotal(total, lot.book, lot.unitMarket === null ? null : lot.book, lot.unitMarket, lot.quantity, count, lot.disposedFrom ?? count);
  }
  const groups = new Map<string, ForecastTotal>();
  const ordered: ForecastTotal[][] = TOTAL_GROUPS.map(() => []);
  for (const { lot, total: cell } of cells.values()) {
    TOTAL_GROUPS.forEach((by, g) => {
      const key = groupKey(lot, by);
      const id = `${by}\u0000${key}\u0000${lot.currency}`;
      let total = groups.get(id);
      if (total === undefined) {
        total = emptyTotal(by, key, lot.currency, count);
        groups.set(id, total);
        ordered[g]?.push(total);
      }
      total.lotCount += cell.lotCount;
      total.marketLotCount += cell.marketLotCount;
      addTotal(total, cell.book, cell.marketBook, cell, 1, count);
    });
  }
  return ordered.flat();
}
