/**
 * The bench fleet (scripts/benchUnitsPage.ts, scripts/benchLedger.ts): 2,000 lots of 8 models at
 * one site, 100,000 serials with asset tags and rack places, from a fixed seed so every run times
 * the same work. Pure: no storage, no browser, so Node rows can use it too.
 */
import type { HardwareModel, Site } from '../shared/catalog';
import { copyTemplate, DEFAULT_CATEGORY_POLICIES } from '../shared/depreciation/policies';
import type { LotEvent } from '../shared/events';
import type { Lot } from '../shared/lot';
import { bareUnit, type UnitInput } from '../shared/units';
import type { UnitBatch } from '../renderer/db/units';
import { seededRandom } from '../shared/seededRandom';


export const TS = '2026-06-01T00:00:00.000Z';
/** The one site every bench lot is at. */
export const SITE = '00000000-0000-4000-8000-00000000517e';

export function benchSite(): Site {
  return { id: SITE, code: 'BENCH1', name: 'Bench hall', energyPricePerMwh: 9_000, currency: 'USD', pue: 1.3, notes: '', demo: false, createdAt: TS, updatedAt: TS };
}

export function benchModel(i: number): HardwareModel {
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, manufacturer: 'Bench', name: `Model ${i}`, category: 'gpu-server',
    powerWatts: 700, rackUnits: 2, listPrice: 2_500_000, currency: 'USD', releaseDate: '2024-01-01', endOfSale: null, endOfSupport: null,
    successorId: null, performance: null, serialPattern: '', storageBearing: true, notes: '', demo: false, createdAt: TS, updatedAt: TS,
  };
}

export function benchLot(i: number, quantity: number, modelId: string): Lot {
  const policies = DEFAULT_CATEGORY_POLICIES['gpu-server'];
  return {
    id: `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`, code: `LOT-${String(i).padStart(5, '0')}`, modelId, quantity,
    unitCost: 2_500_000, extraCosts: 0, currency: 'USD', purchaseDate: '2025-01-10', receivedDate: '2025-02-01', inServiceDate: '2025-03-01',
    siteId: SITE, supplierId: null, poNumber: `PO-${i}`, warrantyEnd: null, salvageValue: 0, powerWatts: null, supportCostPerYear: 0,
    status: 'in-service', disposition: null, disposedDate: null, proceeds: null, replacementPlan: '', notes: '', tags: [], parentId: null,
    book: copyTemplate(policies.book), tax: copyTemplate(policies.tax), adjustments: [], depreciationChain: null, demo: false, createdAt: TS, updatedAt: TS,
  };
}

export function createdEvent(lot: Lot): LotEvent {
  return {
    id: `20000000-${lot.id.slice(9)}`, hlc: '', entity: 'lot', lotId: lot.id, seq: 1, at: TS, date: null, actor: 'bench', type: 'created', from: null,
    to: lot.status, quantity: lot.quantity, before: null, after: { ...lot }, relatedLotId: null, note: '',
  };
}

export interface Fleet {
  lots: Lot[];
  batches: UnitBatch[];
  serials: string[];
  tags: string[];
}

/**
 * `lots` lots of 1–99 units (summing to `units`), every unit with a serial in a vendor-like
 * format, an asset tag and a rack location: the worst case for size, nothing left empty.
 */
export function generateFleet(lotCount: number, unitCount: number): Fleet {
  const random = seededRandom(20_260_601);
  const sizes = Array.from({ length: lotCount }, () => 1 + random() * 2);
  const scale = unitCount / sizes.reduce((a, b) => a + b, 0);
  const quantities = sizes.map((s) => Math.max(1, Math.floor(s * scale)));
  let short = unitCount - quantities.reduce((a, b) => a + b, 0);
  for (let i = 0; short > 0; i = (i + 1) % lotCount, short--) quantities[i] = (quantities[i] ?? 0) + 1;
  const models = Array.from({ length: 8 }, (_, i) => benchModel(i));
  const lots = quantities.map((q, i) => benchLot(i, q, models[i % models.length]?.id ?? ''));
  const serials: string[] = [];
  const tags: string[] = [];
  const batches = lots.map((lot, l) => {
    const prefix = `${String.fromCharCode(65 + (l % 26))}${String.fromCharCode(65 + Math.floor(random() * 26))}${(1000 + l).toString(36).toUpperCase()}`;
    const units: UnitInput[] = [];
    for (let k = 0; k < lot.quantity; k++) {
      const serial = `${prefix}${Math.floor(random() * 36 ** 6).toString(36).toUpperCase().padStart(6, '0')}${k.toString(36).toUpperCase()}`;
      const assetTag = `AT-${String(serials.length).padStart(7, '0')}`;
      serials.push(serial);
      tags.push(assetTag);
      units.push({ ...bareUnit(serial), assetTag, room: `Hall ${1 + (l % 3)}`, rack: `R${String(1 + (l % 40)).padStart(2, '0')}`, u: 1 + (k % 42) });
    }
    return { lotId: lot.id, units };
  });
  return { lots, batches, serials, tags };
}


/**
 * An error thrown in the bench page as Playwright will show it: it passes on only a name and a
 * message (a DexieError's says little), so both, the inner error and the stack go in the message.
 */
export function explainedError(e: unknown): Error {
  if (!(e instanceof Error)) return new Error(String(e));
  const inner = (e as { inner?: unknown }).inner;
  return new Error(`${e.name}: ${e.message}${inner instanceof Error ? ` (${inner.name}: ${inner.message})` : ''}\n${e.stack ?? ''}`);
}
