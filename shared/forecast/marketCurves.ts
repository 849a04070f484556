/**
 * The market value curve of each (model, currency), fitted once and kept (shared by the fleet
 * forecast and own vs rent's planned purchases): the model's own observations, its category's
 * other models as the fallback, its successor's release as the end of its new life. A model with
 * no list price in the currency and no observations takes its owned lots' average unit cost as
 * the list price (`listPriceSource: 'lot-cost'`). A model with no release date takes its owned
 * lots' earliest purchase date as the release, unless a price in the currency was seen earlier.
 */
import type { Category, HardwareModel } from '../catalog';
import type { IsoDate } from '../dates';
import type { Uuid } from '../ids';
import type { Lot } from '../lot';
import { fitResidualCurve, type CategoryModelObservations, type ResidualCurve, type ResidualObservation } from './residual';

/** Where a curve's list price came from. */
export type ListPriceSource = 'catalogue' | 'lot-cost' | 'none';

export interface CurveEntry {
  curve: ResidualCurve | null;
  /** Why there is no curve, or null. */
  problem: string | null;
  listPriceSource: ListPriceSource;
}

/** A price seen for a model (a MarketObservation fits; quantity is not used, see fitResidualCurve). */
export interface ForecastObservation extends ResidualObservation {
  modelId: Uuid;
}

const key2 = (a: string, b: string): string => `${a}\u0000${b}`;

export function marketCurves(input: { models: readonly HardwareModel[]; observations: readonly ForecastObservation[]; ownedLots: readonly Lot[]; asOf: IsoDate }): (model: HardwareModel, currency: string) => CurveEntry {
  const { asOf } = input;
  const modelsById = new Map(input.models.map((m) => [m.id, m]));
  const observationsByModel = new Map<Uuid, ForecastObservation[]>();
  for (const o of input.observations) {
    const list = observationsByModel.get(o.modelId);
    if (list === undefined) observationsByModel.set(o.modelId, [o]);
    else list.push(o);
  }
  const lotsByModelCurrency = new Map<string, Lot[]>();
  for (const lot of input.ownedLots) {
    const k = key2(lot.modelId, lot.currency);
    const list = lotsByModelCurrency.get(k);
    if (list === undefined) lotsByModelCurrency.set(k, [lot]);
    else list.push(lot);
  }
  const earliestPurchaseByModel = new Map<Uuid, IsoDate>();
  for (const lot of input.ownedLots) {
    const first = earliestPurchaseByModel.get(lot.modelId);
    if (first === undefined || lot.purchaseDate < first) earliestPurchaseByModel.set(lot.modelId, lot.purchaseDate);
  }
  const earliestPurchaseOf = (modelId: Uuid): IsoDate | null => earliestPurchaseByModel.get(modelId) ?? null;
  const modelsByCategory = new Map<Category, HardwareModel[]>();
  for (const m of input.models) {
    const list = modelsByCategory.get(m.category);
    if (list === undefined) modelsByCategory.set(m.category, [m]);
    else list.push(m);
  }
  const categoryModelsCache = new Map<Uuid, CategoryModelObservations[]>();
  const categoryModelsOf = (model: HardwareModel): CategoryModelObservations[] => {
    const cached = categoryModelsCache.get(model.id);
    if (cached !== undefined) return cached;
    const others: CategoryModelObservations[] = [];
    for (const m of modelsByCategory.get(model.category) ?? []) {
      if (m.id === model.id) continue;
      const observations = observationsByModel.get(m.id);
      if (observations === undefined) continue;
      others.push({ currency: m.currency, listPrice: m.listPrice, releaseDate: m.releaseDate, observations });
    }
    categoryModelsCache.set(model.id, others);
    return others;
  };

  const curves = new Map<string, CurveEntry>();
  const curveOf = (model: HardwareModel, currency: string): CurveEntry => {
    const k = key2(model.id, currency);
    const cached = curves.get(k);
    if (cached !== undefined) return cached;
    const own = observationsByModel.get(model.id) ?? [];
    let listPrice = model.currency === currency ? model.listPrice : null;
    let releaseDate = model.releaseDate;
    let listPriceSource: ListPriceSource = listPrice === null ? 'none' : 'catalogue';
    let firstSeen: IsoDate | null = null;
    for (const o of own) if (o.currency === currency && o.date <= asOf && (firstSeen === null || o.date < firstSeen)) firstSeen = o.date;
    const observed = firstSeen !== null;
    // No release date: the curve would start at asOf (no prices seen), so a lot's market value
    // stayed at its new price (× condition) whatever the date, or at the first price seen, so a
    // used price recorded years after the lots were bought was read as the price of a new unit
    // (list USD 30,000, lots of 2021, one used unit seen at 6,000 in 2026: 16,400 today, against
    // 4,600 with no price at all). Its lots' earliest purchase (in any currency: a date has none)
    // is the latest the model can have been new, as is the first price seen: the earlier stands.
    if (releaseDate === null) {
      const purchase = earliestPurchaseOf(model.id);
      if (purchase !== null && (firstSeen === null || purchase < firstSeen)) releaseDate = purchase;
    }
    if (listPrice === null && !observed) {
      const lots = lotsByModelCurrency.get(k) ?? [];
      let units = 0;
      let cost = 0;
      for (const lot of lots) {
        units += lot.quantity;
        cost += lot.unitCost * lot.quantity;
      }
      if (units > 0 && cost > 0) {
        listPrice = Math.round(cost / units);
        listPriceSource = 'lot-cost';
      }
    }
    const successorModel = model.successorId === null ? undefined : modelsById.get(model.successorId);
    const successorRelease = successorModel?.releaseDate ?? null;
    const fit = fitResidualCurve({
      category: model.category,
      currency,
      listPrice,
      releaseDate,
      asOf,
      observations: own,
      categoryModels: categoryModelsOf(model),
      successor: successorRelease === null ? null : { releaseDate: successorRelease },
    });
    // Age 0 from the lots is said as such, not as a release date (the fit was given it as one).
    const curve = fit.ok && releaseDate !== null && model.releaseDate === null ? { ...fit.value, originKind: 'earliest-purchase' as const } : fit.ok ? fit.value : null;
    const entry: CurveEntry = curve !== null ? { curve, problem: null, listPriceSource } : { curve: null, problem: fit.ok ? null : fit.error, listPriceSource };
    curves.set(k, entry);
    return entry;
  };
  return curveOf;
}
