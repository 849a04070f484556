/**
 * How good the resale forecasts are, in numbers (issue 12, PRODUCT.md "Own versus rent": own
 * sales close the loop). For each own sale — a market price recorded by a disposal, source
 * "own sale" — the forecast is made again as of 6 and 12 months before the sale date, from the
 * data as it stood then (prices seen by then; the lots of that model bought by then), and its
 * p10 / p50 / p90 for one used unit on the sale date is set against the price realised. Over all
 * sales: the median absolute error of the p50 (as a share of the realised price, so models and
 * currencies compare) and the share of sales the p10–p90 band held.
 */
import { addMonths, type IsoDate } from '../dates';
import type { HardwareModel, Site } from '../catalog';
import type { Lot } from '../lot';
import { OWN_SALE_SOURCE, type MarketObservation } from '../market';
import { isOwnedOn } from '../depreciation/fleetValue';
import { fleetForecast } from './fleetForecast';
import { marketCurves } from './marketCurves';
import { residualQuantiles, type ResidualCurve } from './residual';

export const ACCURACY_LEADS = [6, 12] as const;
export type AccuracyLead = (typeof ACCURACY_LEADS)[number];

export interface SaleForecast {
  monthsBefore: AccuracyLead;
  /** Per unit, minor units of the sale's currency. */
  p10: number;
  p50: number;
  p90: number;
  /** p50 − realised, as a share of the realised price (0.1 = forecast 10 % high). */
  error: number;
  inside: boolean;
}

export interface SaleAccuracy {
  observationId: string;
  lotCode: string | null;
  modelId: string;
  date: IsoDate;
  currency: string;
  /** The price realised per unit. */
  realised: number;
  quantity: number;
  /** The forecast at each lead, or null where none could be made then (no data yet). */
  forecasts: Record<AccuracyLead, SaleForecast | null>;
}

export interface LeadSummary {
  monthsBefore: AccuracyLead;
  /** Sales a forecast could be made for at this lead. */
  sales: number;
  /** Median of |p50 − realised| ÷ realised; null without sales. */
  medianAbsoluteError: number | null;
  /** Share of those sales whose realised price lay within p10–p90; null without sales. */
  insideBand: number | null;
}

export interface ForecastAccuracy {
  sales: SaleAccuracy[];
  summary: LeadSummary[];
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * The lot an own sale came from: disposed as sold or returned on that date, of that model, currency
 * and quantity, and not the source of another sale already (two such lots sold the same day were
 * both reported as the first); the one its note names ("Sale of lot GPU-7") when several fit.
 */
function soldLot(o: MarketObservation, lots: readonly Lot[], taken: Set<string>): Lot | undefined {
  const fits = lots.filter(
    (l) => !taken.has(l.id) && l.status === 'disposed' && l.disposedDate === o.date && l.modelId === o.modelId && l.currency === o.currency && l.quantity === o.quantity && (l.disposition === 'sold' || l.disposition === 'returned'),
  );
  const lot = fits.find((l) => o.note.endsWith(`lot ${l.code}`)) ?? fits[0];
  if (lot !== undefined) taken.add(lot.id);
  return lot;
}

export function forecastAccuracy(input: { lots: readonly Lot[]; models: readonly HardwareModel[]; sites: readonly Site[]; observations: readonly MarketObservation[]; fiscalYearStartMonth: number }): ForecastAccuracy {
  const sales: SaleAccuracy[] = [];
  const taken = new Set<string>();
  for (const o of input.observations) {
    if (o.source !== OWN_SALE_SOURCE) continue;
    const lot = soldLot(o, input.lots, taken);
    const forecasts = {} as Record<AccuracyLead, SaleForecast | null>;
    for (const lead of ACCURACY_LEADS) {
      const asOf = addMonths(o.date, -lead);
      forecasts[lead] = null;
      let curve: ResidualCurve | null | undefined;
      if (lot !== undefined) {
        // The lot as it stood then, among the lots of its model bought by then (the curve's list-price fallback).
        const lots = input.lots.filter((l) => l.id === lot.id || (l.modelId === lot.modelId && l.currency === lot.currency && l.purchaseDate <= asOf));
        const then = fleetForecast({ lots, models: input.models, sites: input.sites, observations: input.observations, asOf, horizonMonths: 1, fiscalYearStartMonth: input.fiscalYearStartMonth, refresh: false });
        curve = then.ok ? then.value.lots.find((l) => l.lotId === lot.id)?.curve : null;
      } else {
        // A price under source "own sale" that no disposed lot matches (recorded by hand, imported, or
        // its lot since changed) is still a sale of its model: it was shown with "no forecast could be
        // made then (no data yet)", which was not why. Its model's curve as it stood then is the
        // same one a lot of it would have had: the fleet forecast fits per model and currency.
        const model = input.models.find((m) => m.id === o.modelId);
        const owned = input.lots.filter((l) => l.modelId === o.modelId && l.currency === o.currency && l.purchaseDate <= asOf && isOwnedOn(l, asOf));
        curve = model === undefined ? null : marketCurves({ models: input.models, observations: input.observations, ownedLots: owned, asOf })(model, o.currency).curve;
      }
      if (curve === null || curve === undefined) continue;
      const q = residualQuantiles(curve, o.date, 'used');
      const [p10, p50, p90] = [Math.round(q.p10), Math.round(q.p50), Math.round(q.p90)];
      forecasts[lead] = { monthsBefore: lead, p10, p50, p90, error: (p50 - o.unitPrice) / o.unitPrice, inside: p10 <= o.unitPrice && o.unitPrice <= p90 };
    }
    sales.push({ observationId: o.id, lotCode: lot?.code ?? null, modelId: o.modelId, date: o.date, currency: o.currency, realised: o.unitPrice, quantity: o.quantity, forecasts });
  }
  sales.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.observationId < b.observationId ? -1 : 1));
  const summary = ACCURACY_LEADS.map((lead): LeadSummary => {
    const made = sales.flatMap((s) => (s.forecasts[lead] === null ? [] : [s.forecasts[lead] as SaleForecast]));
    return {
      monthsBefore: lead,
      sales: made.length,
      medianAbsoluteError: median(made.map((f) => Math.abs(f.error))),
      insideBand: made.length === 0 ? null : made.filter((f) => f.inside).length / made.length,
    };
  });
  return { sales, summary };
}
