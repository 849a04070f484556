import type { IsoDate, Timestamp } from './dates';
import type { YearMonth } from './depreciation/fiscal-calendar';
import type { PolicyTemplate } from './depreciation/policies';
import type { EstimateRevision, Impairment } from './depreciation/types';
import type { Uuid } from './ids';
import type { Disposition, LotStatus } from './lifecycle';
import type { UtilisationByMonth } from './utilisation';

/**
 * A batch of identical units bought together (one PO line).
 *
 * Cost basis = unitCost × quantity + extraCosts. `unitCost` is exact per unit, so a split only
 * has to allocate `extraCosts` (in whole minor units) for parent + children to sum exactly to
 * the original. Per-unit fields (salvage, power, support) need no allocation at all.
 */
export interface Lot {
  id: Uuid;
  /** Human code, unique fleet-wide (e.g. "GPU-2024-001"; split children get ".1", ".2"…). */
  code: string;
  modelId: Uuid;
  quantity: number;
  /** Minor units of `currency`, per unit. */
  unitCost: number;
  /** Capitalised freight, tax, installation for the whole lot, minor units. */
  extraCosts: number;
  currency: string;
  purchaseDate: IsoDate;
  receivedDate: IsoDate | null;
  inServiceDate: IsoDate | null;
  siteId: Uuid | null;
  /**
   * Who the lot was bought from (shared/suppliers.ts); null or absent: not recorded. Absent too
   * on lots written before suppliers were records, until the upgrade gives them one.
   */
  supplierId?: Uuid | null;
  /**
   * Before issue 13: the supplier's name as text. The upgrade (shared/suppliers.ts
   * planSupplierAdoption) turns it into `supplierId`; it is kept as written, and read no more.
   */
  supplier?: string;
  poNumber: string;
  warrantyEnd: IsoDate | null;
  /** Expected resale/scrap value per unit at end of life, minor units. */
  salvageValue: number;
  /** Draw per unit in watts, overriding the model's figure when set. */
  powerWatts: number | null;
  /** Support contract cost per unit per year, minor units. */
  supportCostPerYear: number;
  status: LotStatus;
  /** Set when disposed. */
  disposition: Disposition | null;
  disposedDate: IsoDate | null;
  /** Proceeds of disposal for the whole lot, minor units (0 allowed). */
  proceeds: number | null;
  /** Who a disposed lot went to (issue 13); absent when not recorded. */
  buyer?: LotBuyer;
  replacementPlan: string;
  notes: string;
  tags: string[];
  /** The lot this one was split from, if any. */
  parentId: Uuid | null;
  /** How the lot is depreciated on the books (financial reporting). */
  book: PolicyTemplate;
  /** How the lot is depreciated for tax. */
  tax: PolicyTemplate;
  /** Impairments and revisions of life or salvage recorded on this lot (since its last in-service split). */
  adjustments: LotAdjustment[];
  /**
   * Set when the lot is part of a lot that was split after depreciation began: the schedule of
   * the original lot and the splits that lead to this one. Its schedule is its share of the
   * original's, so parent + children always equal the unsplit schedule to the cent.
   */
  depreciationChain: DepreciationChain | null;
  /**
   * Month (YYYY-MM) → percent of its hours the lot did useful work, where known (shared/utilisation.ts);
   * absent on lots that never had one recorded.
   */
  utilisation?: UtilisationByMonth;
  demo: boolean;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** A disposal's buyer: a name, and a country (ISO 3166 alpha-2) when known. */
export interface LotBuyer {
  name: string;
  country: string | null;
}

export function costBasis(lot: Pick<Lot, 'unitCost' | 'quantity' | 'extraCosts'>): number {
  return lot.unitCost * lot.quantity + lot.extraCosts;
}

/** Where a lot's age runs from: its in-service date, else its receipt, else its purchase. */
export function lotAgeStart(lot: Pick<Lot, 'inServiceDate' | 'receivedDate' | 'purchaseDate'>): IsoDate {
  return lot.inServiceDate ?? lot.receivedDate ?? lot.purchaseDate;
}

export function totalSalvage(lot: Pick<Lot, 'salvageValue' | 'quantity'>): number {
  return lot.salvageValue * lot.quantity;
}

/** Fields a person may edit directly (status moves go through the lifecycle instead). */
export const EDITABLE_LOT_FIELDS = [
  'code',
  'modelId',
  'quantity',
  'unitCost',
  'extraCosts',
  'currency',
  'purchaseDate',
  'receivedDate',
  'inServiceDate',
  'siteId',
  'supplierId',
  'poNumber',
  'warrantyEnd',
  'salvageValue',
  'powerWatts',
  'supportCostPerYear',
  'replacementPlan',
  'notes',
  'tags',
  'book',
  'tax',
  'utilisation',
] as const satisfies readonly (keyof Lot)[];
export type EditableLotField = (typeof EDITABLE_LOT_FIELDS)[number];
export type LotPatch = Partial<Pick<Lot, EditableLotField>>;

/** The two sets of books a lot is depreciated in. */
export const BOOKS = ['book', 'tax'] as const;
export type BookKind = (typeof BOOKS)[number];

/** An impairment or a change of estimate (life, salvage), recorded in one book. */
export interface LotAdjustment {
  id: Uuid;
  book: BookKind;
  change: Impairment | EstimateRevision;
  note: string;
}

/** One split of a depreciating lot: the quantities of the parts, and which part this lot continues. */
export interface SplitStep {
  month: YearMonth;
  /** Parts in order: the parent's remaining quantity first, then the child's. */
  quantities: number[];
  part: number;
  /**
   * Adjustments recorded on this part after this split and before the next one. Empty for the
   * last step: the lot's own `adjustments` are the ones since its last split.
   */
  adjustments: LotAdjustment[];
}

/** The original lot's schedule inputs at its first in-service split, and the splits since. */
export interface DepreciationChain {
  cost: number;
  salvage: Record<BookKind, number>;
  /** The original's adjustments before the first split. */
  adjustments: LotAdjustment[];
  splits: SplitStep[];
}

/** A lot's tags as one text, as the lot form shows them and the lots CSV writes them: "training, cluster-a". */
export function tagsText(tags: readonly string[]): string {
  return tags.join(', ');
}

/** The tags of such a text: split at its commas, each trimmed, empty ones dropped, in the order written. */
export function tagsFromText(text: string): string[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}
