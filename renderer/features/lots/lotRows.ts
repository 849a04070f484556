/**
 * The lots list as rows: built once per fleet change (and once per forecast, when the market
 * columns are shown), then filtered and sorted per keystroke.
 */
import { CATEGORY_LABELS, modelLabel, type Category } from '../../../shared/catalog';
import { completedMonths, formatAge, type IsoDate } from '../../../shared/dates';
import { isPoMissing, STATUS_LABELS, STATUS_STAGE, type LotStatus, type Stage } from '../../../shared/lifecycle';
import { costBasis, lotAgeStart, type Lot } from '../../../shared/lot';
import type { MonthlySchedule } from '../../../shared/depreciation';
import { accumulatedDepreciationAt } from '../../../shared/depreciation/fleetReport';
import { bookedSchedule, isCommitment, lotBookValue } from '../../../shared/depreciation/fleetValue';
import { gainLossAt, lotMarketAt, type LotForecast } from '../../../shared/forecast/fleetForecast';
import { EMPTY_COMPLIANCE_POLICY, originFlag, type CompliancePolicy } from '../../../shared/compliance';
import { lotSupplierName } from '../../../shared/suppliers';
import type { Fleet } from '../../db/queries';
import type { LotFilters, LotSortKey } from '../../state/ui';

export interface LotRow {
  lot: Lot;
  id: string;
  code: string;
  model: string;
  modelId: string;
  category: Category | null;
  quantity: number;
  costBasis: number;
  currency: string;
  status: LotStatus;
  stage: Stage;
  siteId: string;
  site: string;
  /** Months since the lot entered service (or arrived, or was bought). */
  ageMonths: number;
  age: string;
  /** Net book value and accumulated depreciation (book) today; null before depreciation starts. */
  nbv: number | null;
  accumulated: number | null;
  /**
   * Expected market value today (the forecast's p50 for the lot's quantity, end of this month,
   * in the lot's currency) and the unrealised gain (+) or loss (−) against the forecast's book
   * value (the book value above; the cost basis for a lot not yet in service, which has no
   * depreciation schedule): the figures of the lot's Value tab. Null when not forecast: the columns are hidden,
   * the lot is disposed, or its model has no value curve.
   */
  market: number | null;
  gain: number | null;
  /** Why the lot's origin is flagged under the team's compliance policy, or null (shared/compliance.ts originFlag). */
  originFlag: string | null;
  /** Lower-cased text the search box matches against. */
  haystack: string;
}

export function buildLotRows(
  fleet: Pick<Fleet, 'lots' | 'modelsById' | 'sitesById' | 'suppliersById'>,
  today: IsoDate,
  bookSchedules?: ReadonlyMap<string, { book: MonthlySchedule | null }>,
  policy: CompliancePolicy = EMPTY_COMPLIANCE_POLICY,
): LotRow[] {
  return fleet.lots.map((lot) => {
    const schedule = bookedSchedule(lot, bookSchedules?.get(lot.id)?.book ?? null);
    // One definition of fleet value (shared/depreciation/fleetValue.ts): cost basis until depreciation starts, none for a commitment.
    const nbv = lotBookValue(lot, schedule, today);
    const model = fleet.modelsById.get(lot.modelId);
    const site = lot.siteId ? fleet.sitesById.get(lot.siteId) : undefined;
    const start = lotAgeStart(lot);
    const modelText = model ? modelLabel(model) : 'Unknown model';
    const siteText = site ? site.code : '';
    const row: LotRow = {
      lot,
      id: lot.id,
      code: lot.code,
      model: modelText,
      modelId: lot.modelId,
      category: model?.category ?? null,
      quantity: lot.quantity,
      costBasis: costBasis(lot),
      currency: lot.currency,
      status: lot.status,
      stage: STATUS_STAGE[lot.status],
      siteId: lot.siteId ?? '',
      site: siteText,
      nbv,
      accumulated: schedule ? accumulatedDepreciationAt(schedule, today) : null,
      market: null,
      gain: null,
      originFlag: originFlag(model, policy),
      ageMonths: start <= today ? completedMonths(start, today) : -1,
      age: start <= today ? formatAge(start, today) : '—',
      haystack: [lot.code, modelText, model ? CATEGORY_LABELS[model.category] : '', siteText, site?.name ?? '', STATUS_LABELS[lot.status], lot.poNumber, lotSupplierName(lot, fleet.suppliersById), lot.notes, ...lot.tags]
        .join('\u0001')
        .toLowerCase(),
    };
    return row;
  });
}

/** Month index of "today" in a forecast made as of today (see fleetForecast's time axis). */
const TODAY = 0;

/**
 * The rows with today's market value and gain from the forecast (keyed by lot id). Rows are
 * copied, not rebuilt: the forecast changes apart from the fleet (market prices, the columns
 * being turned on), and the search text need not be joined again.
 */
export function withMarketValues(rows: readonly LotRow[], forecastByLot: ReadonlyMap<string, LotForecast>): LotRow[] {
  return rows.map((row) => {
    const forecast = forecastByLot.get(row.id);
    const market = forecast ? lotMarketAt(forecast, TODAY) : null;
    const gain = forecast ? gainLossAt(forecast, TODAY) : null;
    if (market === null || gain === null) return row.market === null && row.gain === null ? row : { ...row, market: null, gain: null };
    // Whole minor units, as amounts are shown. Book values are whole already, so gain is still
    // exactly market − book.
    return { ...row, market: Math.round(market.p50), gain: Math.round(gain) };
  });
}

export function filterLots(rows: readonly LotRow[], f: LotFilters): LotRow[] {
  const terms = f.text.trim().toLowerCase().split(/\s+/u).filter(Boolean);
  return rows.filter(
    (r) =>
      (f.stage === '' || r.stage === f.stage) &&
      (f.status === '' || r.status === f.status) &&
      (f.siteId === '' || r.siteId === f.siteId) &&
      (f.category === '' || r.category === f.category) &&
      (f.modelId === '' || r.modelId === f.modelId) &&
      (f.origin === '' || r.originFlag !== null) &&
      (f.po === '' || isPoMissing(r.lot)) &&
      terms.every((t) => r.haystack.includes(t)),
  );
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const STATUS_ORDER = new Map(Object.keys(STATUS_LABELS).map((s, i) => [s, i]));

/** A nullable number of the row to sort by; null ("—") sorts last both ways. */
function nullableValue(row: LotRow, key: 'nbv' | 'accumulated' | 'market' | 'gain'): number | null {
  switch (key) {
    case 'nbv':
      return row.nbv;
    case 'accumulated':
      return row.accumulated;
    case 'market':
      return row.market;
    case 'gain':
      return row.gain;
    default: {
      const never: never = key;
      return never;
    }
  }
}

export function sortLots(rows: readonly LotRow[], key: LotSortKey, dir: 'asc' | 'desc'): LotRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  if (key === 'nbv' || key === 'accumulated' || key === 'market' || key === 'gain') {
    // A missing figure is not a small one (a gain can be negative, so no stand-in number works):
    // rows without one go last whichever way the column is sorted.
    return [...rows].sort((a, b) => {
      const x = nullableValue(a, key);
      const y = nullableValue(b, key);
      if (x === null || y === null) return (x === null ? 1 : 0) - (y === null ? 1 : 0) || collator.compare(a.code, b.code);
      return (x - y) * sign || collator.compare(a.code, b.code);
    });
  }
  const by = (a: LotRow, b: LotRow): number => {
    switch (key) {
      case 'code':
        return collator.compare(a.code, b.code);
      case 'model':
        return collator.compare(a.model, b.model);
      case 'site':
        return collator.compare(a.site, b.site);
      case 'status':
        return (STATUS_ORDER.get(a.status) ?? 0) - (STATUS_ORDER.get(b.status) ?? 0);
      case 'quantity':
        return a.quantity - b.quantity;
      case 'costBasis':
        return a.costBasis - b.costBasis;
      case 'age':
        return a.ageMonths - b.ageMonths;
      default: {
        const never: never = key;
        return never;
      }
    }
  };
  return [...rows].sort((a, b) => by(a, b) * sign || collator.compare(a.code, b.code));
}

export interface LotListTotals {
  /** Cost basis of the lots owned today (those with a book value): the same lots as `nbv`. */
  ownedCost: Map<string, number>;
  nbv: Map<string, number>;
  /** Cost basis of the planned and ordered lots: the capex pipeline. */
  committed: Map<string, number>;
  market: Map<string, number>;
  gain: Map<string, number>;
  units: number;
}

/**
 * The footer's totals per currency. The cost basis counts what the book value counts (owned lots):
 * summed over every row it also held the planned and ordered lots (shown again under Committed)
 * and every disposed lot's cost, next to a book value of owned lots only, with nothing saying so.
 */
export function lotListTotals(rows: readonly LotRow[]): LotListTotals {
  const add = (m: Map<string, number>, currency: string, minor: number): void => {
    m.set(currency, (m.get(currency) ?? 0) + minor);
  };
  const t: LotListTotals = { ownedCost: new Map(), nbv: new Map(), committed: new Map(), market: new Map(), gain: new Map(), units: 0 };
  for (const r of rows) {
    if (r.nbv !== null) {
      add(t.ownedCost, r.currency, r.costBasis);
      add(t.nbv, r.currency, r.nbv);
    }
    if (isCommitment(r.lot)) add(t.committed, r.currency, r.costBasis);
    if (r.market !== null) add(t.market, r.currency, r.market);
    if (r.gain !== null) add(t.gain, r.currency, r.gain);
    t.units += r.quantity;
  }
  return t;
}
