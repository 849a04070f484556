/** Test lots, and splitting them the way the app does (shared/lotChanges.ts moveLot). */
import { splitDepreciationChain } from '../../../shared/depreciation/lotSchedule';
import type { DepreciationPolicy } from '../../../shared/depreciation/types';
import type { BookKind, Lot, LotAdjustment } from '../../../shared/lot';
import type { EstimateRevision, Impairment } from '../../../shared/depreciation/types';
import { allocate } from '../../../shared/money';

export const STRAIGHT_LINE_60: DepreciationPolicy = { method: 'straight-line', lifeMonths: 60, convention: 'full-month' };
export const MACRS_5: DepreciationPolicy = { method: 'macrs', recoveryYears: 5, convention: 'half-year' };

/** A lot in service, straight-line 5 years on the book (lot salvage), MACRS 5-year for tax. */
export function makeLot(overrides: Partial<Lot> = {}): Lot {
  return {
    id: 'lot-1',
    code: 'GPU-2026-001',
    modelId: 'model-1',
    quantity: 10,
    unitCost: 1_000_00,
    extraCosts: 0,
    currency: 'USD',
    purchaseDate: '2026-01-01',
    receivedDate: '2026-01-01',
    inServiceDate: '2026-01-01',
    siteId: null,
    supplier: '',
    poNumber: '',
    warrantyEnd: null,
    salvageValue: 0,
    powerWatts: null,
    supportCostPerYear: 0,
    status: 'in-service',
    disposition: null,
    disposedDate: null,
    proceeds: null,
    replacementPlan: '',
    notes: '',
    tags: [],
    parentId: null,
    book: { policy: STRAIGHT_LINE_60, salvage: { kind: 'lot' } },
    tax: { policy: MACRS_5, salvage: { kind: 'zero' } },
    adjustments: [],
    depreciationChain: null,
    demo: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

let adjustmentIds = 0;
export function adjustment(book: BookKind, change: Impairment | EstimateRevision): LotAdjustment {
  adjustmentIds += 1;
  return { id: `adj-${adjustmentIds}`, book, change, note: '' };
}

/**
 * Moves `childQuantity` of `lot` into a new lot on `date`, as moveLot does: the child takes its
 * quantity and share of the extra costs (parent first on ties, as splitSchedule allocates), both
 * carry the chain when depreciation had begun, and the parent's adjustments move into it.
 */
export function splitLot(lot: Lot, childQuantity: number, date: string, childId: string): { parent: Lot; child: Lot } {
  const rest = lot.quantity - childQuantity;
  const [parentExtras = 0, childExtras = 0] = allocate(lot.extraCosts, [rest, childQuantity]);
  const chains = splitDepreciationChain(lot, childQuantity, date);
  const parent: Lot =
    chains.parent === null
      ? { ...lot, quantity: rest, extraCosts: parentExtras }
      : { ...lot, quantity: rest, extraCosts: parentExtras, adjustments: [], depreciationChain: chains.parent };
  const child: Lot = {
    ...lot,
    id: childId,
    code: `${lot.code}.${childId}`,
    quantity: childQuantity,
    extraCosts: childExtras,
    parentId: lot.id,
    adjustments: [],
    depreciationChain: chains.child,
  };
  return { parent, child };
}

/** Disposes of a lot on `date` for `proceeds`. */
export function dispose(lot: Lot, date: string, proceeds: number): Lot {
  return { ...lot, status: 'disposed', disposition: 'sold', disposedDate: date, proceeds };
}
