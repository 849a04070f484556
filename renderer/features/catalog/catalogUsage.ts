/** How much of the fleet uses each model, sits at each site, and was bought from each supplier. */
import { costBasis, type Lot } from '../../../shared/lot';

export interface Usage {
  /** Lots not yet disposed of. */
  lots: number;
  /** Units in those lots. */
  units: number;
  /** Their cost basis, per currency (never summed across currencies). */
  cost: Map<string, number>;
}

const emptyUsage = (): Usage => ({ lots: 0, units: 0, cost: new Map() });

/** A disposed lot has left the fleet: it no longer uses a model or occupies a site. */
function inFleet(lot: Pick<Lot, 'status'>): boolean {
  return lot.status !== 'disposed';
}

function usageBy(lots: readonly Lot[], keyOf: (lot: Lot) => string | null): Map<string, Usage> {
  const usage = new Map<string, Usage>();
  for (const lot of lots) {
    const key = keyOf(lot);
    if (key === null || !inFleet(lot)) continue;
    let u = usage.get(key);
    if (!u) {
      u = emptyUsage();
      usage.set(key, u);
    }
    u.lots += 1;
    u.units += lot.quantity;
    u.cost.set(lot.currency, (u.cost.get(lot.currency) ?? 0) + costBasis(lot));
  }
  return usage;
}

export function usageByModel(lots: readonly Lot[]): Map<string, Usage> {
  return usageBy(lots, (l) => l.modelId);
}

export function usageBySite(lots: readonly Lot[]): Map<string, Usage> {
  return usageBy(lots, (l) => l.siteId);
}

export function usageBySupplier(lots: readonly Lot[]): Map<string, Usage> {
  return usageBy(lots, (l) => l.supplierId ?? null);
}

export const NO_USAGE: Readonly<Usage> = Object.freeze({ lots: 0, units: 0, cost: new Map<string, number>() });
