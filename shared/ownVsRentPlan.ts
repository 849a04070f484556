/**
 * Buy or rent, for a planned purchase (issue 12; PRODUCT.md "Own versus rent"): the net present
 * value of buying a planned (or ordered) lot — its price, its running costs, its expected resale
 * from the market curve at the planned refresh — against renting the same work over the same
 * months, with every assumption listed beside the answer.
 *
 * Cash flows, month k = 1…N of the holding period (N months from the planned in-service month),
 * discounted to the as-of month (d months before the first month of use):
 *
 *     buy   = cost basis at the start ÷ (1 + r/12)^d
 *           + Σ running costs of month k ÷ (1 + r/12)^(d+k)    energy + support + space, paid monthly
 *           − resale at the end of month N ÷ (1 + r/12)^(d+N)  the curve's p50, condition used, × quantity
 *     rent  = Σ rental cost of month k ÷ (1 + r/12)^(d+k)      the same work at the price-book price
 *     NPV of buying against renting = rent − buy               positive: buying costs less, in today's money
 *
 * r is the scenario's yearly cost of capital (the rate own vs rent charges on book value).
 * Depreciation and interest are not cash: the price paid and the discounting count them.
 * Pure: every input is a parameter.
 */
import type { HardwareModel, Site } from './catalog';
import type { IsoDate } from './dates';
import type { DepreciationPolicy } from './depreciation/types';
import { firstDayOfMonth, monthIndexOfDate, yearMonthOf, type YearMonth } from './depreciation/fiscal-calendar';
import { isCommitment, isOwnedOn } from './depreciation/fleetValue';
import { marketCurves, type ForecastObservation } from './forecast/marketCurves';
import { roundToMinor } from './depreciation/rounding';
import { residualQuantiles, type ResidualCurve } from './forecast/residual';
import { monthlyShare } from './forecast/refresh';
import { costBasis, type Lot } from './lot';
import { formatMoney } from './money';
import { hoursInMonth, instancesPerUnit, rentalPriceFor, RENTAL_TERM_LABELS, scenarioEnergyPrice, type CategoryRentalPrices, type RentalTerm, type ScenarioEnergyPrice } from './ownVsRent';
import { formatPercent } from './utilisation';

export interface PlannedPurchaseScenario {
  asOf: IsoDate;
  term: RentalTerm;
  /** Yearly, e.g. 0.08. */
  interestRate: number;
  /** 0–1, where the lot has no utilisation recorded for a month. */
  assumedUtilisation: number;
  /** A what-if energy price for lots in its currency instead of the site's; null or absent: the site's. */
  energyPrice?: ScenarioEnergyPrice | null;
  /** Months to hold the lot before selling it; null or absent: its book depreciation life. */
  holdMonths?: number | null;
}

export interface PlannedPurchase {
  lotId: string;
  lotCode: string;
  currency: string;
  /** First month of use: the planned in-service date's month, never before the as-of month. */
  startMonth: YearMonth;
  /** The last month of use. */
  endMonth: YearMonth;
  months: number;
  /** The month it is sold in, at its start (the end of the holding period). */
  refreshMonth: YearMonth;
  /** Present values are in money of the as-of month. */
  buy: { capex: number; capexPv: number; runningPv: number; resale: number; resalePv: number; pv: number };
  rent: { total: number; pv: number };
  /** rent.pv − buy.pv: positive when buying costs less in today's money. */
  npv: number;
  /**
   * On demand: the utilisation, taken for every month with none recorded, at which the two present
   * values are equal (0: buying costs less whatever it is); null on a term, where neither depends
   * on use, or when every month is recorded.
   */
  breakEvenUtilisation: number | null;
  /** Every number the answer rests on, in words. */
  assumptions: string[];
}

/** The holding period a policy implies: its life in months (MACRS: its recovery years); null when it has none. */
export function policyLifeMonths(policy: DepreciationPolicy): number | null {
  if (policy.method === 'none') return null;
  if (policy.method === 'macrs') return policy.recoveryYears * 12;
  return policy.lifeMonths;
}

export type PlannedPurchaseResult = { ok: true; value: PlannedPurchase } | { ok: false; lotCode: string; reason: string };

/**
 * Buy against rent for one planned or ordered lot. `curve` is its model's market curve in the
 * lot's currency (shared/forecast/marketCurves.ts), or null: the resale is then the lot's
 * salvage value, and the assumptions say so.
 */
export function plannedPurchase(
  lot: Lot,
  context: { model: HardwareModel; models: readonly HardwareModel[]; site: Site | undefined; curve: ResidualCurve | null; categoryPrices?: CategoryRentalPrices },
  scenario: PlannedPurchaseScenario,
): PlannedPurchaseResult {
  const { model, site } = context;
  const fail = (reason: string): PlannedPurchaseResult => ({ ok: false, lotCode: lot.code, reason });
  if (!isCommitment(lot)) return fail('not a planned purchase (only planned and ordered lots are)');
  const found = rentalPriceFor(model, context.models, lot.currency, scenario.term, scenario.asOf, context.categoryPrices);
  if (found === null) return fail(`no ${RENTAL_TERM_LABELS[scenario.term].toLowerCase()} rental price in ${lot.currency} for its model or category`);
  const months = scenario.holdMonths ?? policyLifeMonths(lot.book.policy);
  if (months === null || !Number.isInteger(months) || months < 1) return fail('no holding period: its book policy has no life; give one');
  const planned = lot.inServiceDate ?? lot.receivedDate ?? lot.purchaseDate;
  const start = Math.max(monthIndexOfDate(planned), monthIndexOfDate(scenario.asOf));
  const end = start + months - 1;
  const monthly = scenario.interestRate / 12;
  // Months from the as-of month to the first month of use: everything is discounted to today.
  const offset = start - monthIndexOfDate(scenario.asOf);
  const discount = (k: number): number => 1 / (1 + monthly) ** (offset + k);

  const siteCurrency = site !== undefined && site.currency === lot.currency;
  const watts = lot.powerWatts ?? model.powerWatts ?? 0;
  const pue = site?.pue ?? 1;
  const whatIf = scenarioEnergyPrice(scenario.energyPrice, lot.currency);
  const energyPrice = whatIf ?? (siteCurrency ? (site.energyPricePerMwh ?? 0) : 0);
  const spacePerU = siteCurrency ? (site.spacePerRackUnitMonth ?? 0) : 0;
  const space = roundToMinor(spacePerU * (model.rackUnits ?? 0) * lot.quantity);
  const perFullUse = lot.quantity * instancesPerUnit(model.performance, found.entry) * found.entry.pricePerHour;
  const onDemand = found.entry.term === 'on-demand';

  let runningPv = 0;
  let rentPv = 0;
  let rentRecordedPv = 0;
  let rentAssumedFullUsePv = 0;
  let rentTotal = 0;
  let recorded = 0;
  for (let k = 1; k <= months; k++) {
    const i = start + k - 1;
    const hours = hoursInMonth(i);
    const energy = roundToMinor((watts * lot.quantity * pue * hours * energyPrice) / 1e6);
    const running = energy + monthlyShare(lot.supportCostPerYear * lot.quantity, (k - 1) % 12) + space;
    const percent = lot.utilisation?.[yearMonthOf(i)];
    if (percent !== undefined) recorded++;
    const u = percent === undefined ? scenario.assumedUtilisation : percent / 100;
    const rental = roundToMinor(perFullUse * (onDemand ? hours * u : hours));
    runningPv += running * discount(k);
    rentPv += rental * discount(k);
    if (percent === undefined) rentAssumedFullUsePv += perFullUse * hours * discount(k);
    else rentRecordedPv += rental * discount(k);
    rentTotal += rental;
  }
  const capex = costBasis(lot);
  const capexPv = capex * discount(0);
  const saleDate = firstDayOfMonth(end + 1);
  const resale = context.curve === null ? lot.salvageValue * lot.quantity : lot.quantity * residualQuantiles(context.curve, saleDate, 'used').p50;
  const resalePv = resale * discount(months);
  const buyPv = roundToMinor(capexPv + runningPv - resalePv);
  const rentPvRounded = roundToMinor(rentPv);
  const money = (n: number): string => formatMoney(n, lot.currency);
  const assumedMonths = months - recorded;
  const assumptions = [
    `Bought for ${money(capex)} (its cost basis) at the start of ${yearMonthOf(start)}, used for ${months} months${(scenario.holdMonths ?? null) === null ? ' (its book depreciation life)' : ''}, sold at the start of ${yearMonthOf(end + 1)}.`,
    context.curve === null
      ? `Resale ${money(resale)}: no market curve for its model, so its salvage value.`
      : `Resale ${money(resale)}: the market curve’s p50 for a used unit on ${saleDate} × ${lot.quantity}.`,
    `Running costs a month: energy ${watts} W × ${lot.quantity} × PUE ${pue} at ${money(energyPrice)} per MWh${whatIf === null ? (site === undefined ? ' (no site chosen yet, so no energy price: 0)' : siteCurrency ? ' (its site’s price)' : ` (its site’s price is in ${site.currency}, not ${lot.currency}: 0)`) : ' (the scenario’s price)'}, support ${money(lot.supportCostPerYear)} a unit a year, space ${money(space)} a month.`,
    `Renting: ${RENTAL_TERM_LABELS[found.entry.term].toLowerCase()} at ${money(found.entry.pricePerHour)} an instance-hour (${found.entry.source}, ${found.entry.date}${found.from === 'category' ? ', a price for its category' : ''}), ${Number((lot.quantity * instancesPerUnit(model.performance, found.entry)).toFixed(3))} instances for its work.`,
    onDemand
      ? `Utilisation ${assumedMonths === 0 ? 'as recorded for every month' : recorded === 0 ? `${formatPercent(scenario.assumedUtilisation * 100)}, assumed for every month` : `as recorded for ${recorded} month${recorded === 1 ? '' : 's'}, ${formatPercent(scenario.assumedUtilisation * 100)} assumed for the other ${assumedMonths}`}: renting on demand pays for used hours only.`
      : 'A term rental pays for every hour, used or not, so utilisation does not change the answer.',
    `Money discounted to ${yearMonthOf(start - offset)} at ${formatPercent(scenario.interestRate * 100)} a year (÷ 12 a month); the price paid when use starts, monthly costs at each month’s end.`,
  ];
  return {
    ok: true,
    value: {
      lotId: lot.id,
      lotCode: lot.code,
      currency: lot.currency,
      startMonth: yearMonthOf(start),
      endMonth: yearMonthOf(end),
      months,
      refreshMonth: yearMonthOf(end + 1),
      buy: { capex, capexPv: roundToMinor(capexPv), runningPv: roundToMinor(runningPv), resale: roundToMinor(resale), resalePv: roundToMinor(resalePv), pv: buyPv },
      rent: { total: rentTotal, pv: rentPvRounded },
      npv: rentPvRounded - buyPv,
      breakEvenUtilisation: onDemand && rentAssumedFullUsePv > 0 ? Math.max(0, (capexPv + runningPv - resalePv - rentRecordedPv) / rentAssumedFullUsePv) : null,
      assumptions,
    },
  };
}

/**
 * Buy against rent for every planned and ordered lot of the ledger, each with its model's
 * market curve in its currency as the fleet forecast fits it (shared/forecast/marketCurves.ts).
 */
export function plannedPurchases(
  input: { lots: readonly Lot[]; models: readonly HardwareModel[]; sites: readonly Site[]; observations: readonly ForecastObservation[]; categoryPrices?: CategoryRentalPrices },
  scenario: PlannedPurchaseScenario,
): PlannedPurchaseResult[] {
  const models = new Map(input.models.map((m) => [m.id, m]));
  const sites = new Map(input.sites.map((s) => [s.id, s]));
  const curveOf = marketCurves({ models: input.models, observations: input.observations, ownedLots: input.lots.filter((l) => isOwnedOn(l, scenario.asOf)), asOf: scenario.asOf });
  const out: PlannedPurchaseResult[] = [];
  for (const lot of input.lots) {
    if (!isCommitment(lot)) continue;
    const model = models.get(lot.modelId);
    if (model === undefined) {
      out.push({ ok: false, lotCode: lot.code, reason: 'its model is not in the catalogue' });
      continue;
    }
    const site = lot.siteId === null ? undefined : sites.get(lot.siteId);
    out.push(plannedPurchase(lot, { model, models: input.models, site, curve: curveOf(model, lot.currency).curve, categoryPrices: input.categoryPrices }, scenario));
  }
  return out.sort((a, b) => (a.ok ? a.value.lotCode : a.lotCode).localeCompare(b.ok ? b.value.lotCode : b.lotCode, 'en', { numeric: true }));
}
