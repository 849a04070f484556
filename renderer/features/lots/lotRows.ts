/** The lots list as rows: built once per fleet change, then filtered and sorted per keystroke. */
import { CATEGORY_LABELS, modelLabel, type Category } from '../../../shared/catalog';
import { completedMonths, formatAge, type IsoDate } from '../../../shared/dates';
import { STATUS_LABELS, STATUS_STAGE, type LotStatus, type Stage } from '../../../shared/lifecycle';
import { costBasis, type Lot } from '../../../shared/lot';
import type { MonthlySchedule } from '../../../shared/depreciation';
import { accumulatedDepreciationAt, nbvAt } from '../../../shared/depreciation/fleetReport';
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
  /** Lower-cased text the search box matches against. */
  haystack: string;
}

/** Age runs from the in-service date, else the receipt, else the purchase. */
export function ageStart(lot: Lot): IsoDate {
  return lot.inServiceDate ?? lot.receivedDate ?? lot.purchaseDate;
}

export function buildLotRows(
  fleet: Pick<Fleet, 'lots' | 'modelsById' | 'sitesById'>,
  today: IsoDate,
  bookSchedules?: ReadonlyMap<string, { book: MonthlySchedule | null }>,
): LotRow[] {
  return fleet.lots.map((lot) => {
    const schedule = bookSchedules?.get(lot.id)?.book ?? null;
    const nbv = schedule ? nbvAt(schedule, today) : null;
    const model = fleet.modelsById.get(lot.modelId);
    const site = lot.siteId ? fleet.sitesById.get(lot.siteId) : undefined;
    const start = ageStart(lot);
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
      ageMonths: start <= today ? completedMonths(start, today) : -1,
      age: start <= today ? formatAge(start, today) : '—',
      haystack: [lot.code, modelText, model ? CATEGORY_LABELS[model.category] : '', siteText, site?.name ?? '', STATUS_LABELS[lot.status], lot.poNumber, lot.supplier, lot.notes, ...lot.tags]
        .join('\u0001')
        .toLowerCase(),
    };
    return row;
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
      terms.every((t) => r.haystack.includes(t)),
  );
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const STATUS_ORDER = new Map(Object.keys(STATUS_LABELS).map((s, i) => [s, i]));

export function sortLots(rows: readonly LotRow[], key: LotSortKey, dir: 'asc' | 'desc'): LotRow[] {
  const sign = dir === 'asc' ? 1 : -1;
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
      case 'nbv':
        return (a.nbv ?? -1) - (b.nbv ?? -1);
      case 'accumulated':
        return (a.accumulated ?? -1) - (b.accumulated ?? -1);
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
