import type { IsoDate, Timestamp } from './dates';
import type { Uuid } from './ids';
import type { Disposition, LotStatus } from './lifecycle';

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
  supplier: string;
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
  replacementPlan: string;
  notes: string;
  tags: string[];
  /** The lot this one was split from, if any. */
  parentId: Uuid | null;
  demo: boolean;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export function costBasis(lot: Pick<Lot, 'unitCost' | 'quantity' | 'extraCosts'>): number {
  return lot.unitCost * lot.quantity + lot.extraCosts;
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
  'supplier',
  'poNumber',
  'warrantyEnd',
  'salvageValue',
  'powerWatts',
  'supportCostPerYear',
  'replacementPlan',
  'notes',
  'tags',
] as const satisfies readonly (keyof Lot)[];
export type EditableLotField = (typeof EDITABLE_LOT_FIELDS)[number];
export type LotPatch = Partial<Pick<Lot, EditableLotField>>;
