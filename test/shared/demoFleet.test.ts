import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, STORAGE_BEARING_DEFAULT } from '../../shared/catalog';
import { addDays, compareIso, isIsoDate, type IsoDate } from '../../shared/dates';
import { DEMO_SITE_CODES, demoFleet, type DemoFleet } from '../../shared/demoFleet';
import type { IdGenerator } from '../../shared/ids';
import { isUuid } from '../../shared/ids';
import { DISPOSITIONS, LOT_STATUSES, type LotStatus } from '../../shared/lifecycle';
import type { Lot } from '../../shared/lot';

/** A deterministic v4-shaped id sequence. */
function sequentialIds(): IdGenerator {
  let n = 0;
  return () => {
    n += 1;
    return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  };
}

const TODAY = '2026-11-29';
const NOW = '2026-11-29T10:00:00.000Z';
const fleet = (today: IsoDate = TODAY): DemoFleet => demoFleet({ today, now: `${today}T10:00:00.000Z`, newId: sequentialIds() });

const PROCURE_ONLY: readonly LotStatus[] = ['planned', 'ordered', 'received', 'staged'];
const DEPLOYED_OR_LATER: readonly LotStatus[] = LOT_STATUSES.filter((s) => !PROCURE_ONLY.includes(s));

/** Every rule the demo promises, as a list of broken ones (empty when all hold). */
function brokenRules(f: DemoFleet, today: IsoDate): string[] {
  const broken: string[] = [];
  const check = (ok: boolean, what: string): void => {
    if (!ok) broken.push(what);
  };
  const le = (a: IsoDate | null, b: IsoDate | null): boolean => a !== null && b !== null && compareIso(a, b) <= 0;
  const models = new Map(f.models.map((m) => [m.id, m]));
  const sites = new Set(f.sites.map((s) => s.id));

  for (const lot of f.lots) {
    const at = `${lot.code} (${lot.status})`;
    const model = models.get(lot.modelId);
    check(model !== undefined, `${at}: unknown model`);
    check(lot.siteId === null || sites.has(lot.siteId), `${at}: unknown site`);
    for (const d of [lot.purchaseDate, lot.receivedDate, lot.inServiceDate, lot.warrantyEnd, lot.disposedDate]) {
      check(d === null || isIsoDate(d), `${at}: bad date ${d}`);
    }
    if (model?.releaseDate) check(le(model.releaseDate, lot.purchaseDate), `${at}: bought before the model was released`);

    switch (lot.status) {
      case 'planned':
        check(compareIso(lot.purchaseDate, today) > 0, `${at}: planned purchase not in the future`);
        check(lot.poNumber === '', `${at}: planned with a PO`);
        check(lot.receivedDate === null && lot.inServiceDate === null, `${at}: planned but received`);
        break;
      case 'ordered':
        check(le(lot.purchaseDate, today), `${at}: ordered in the future`);
        check(lot.receivedDate === null && lot.inServiceDate === null, `${at}: ordered but received`);
        break;
      case 'received':
      case 'staged':
        check(le(lot.purchaseDate, lot.receivedDate) && le(lot.receivedDate, today), `${at}: receipt date out of order`);
        check(lot.inServiceDate === null, `${at}: in service before deployment`);
        break;
      default:
        check(
          le(lot.purchaseDate, lot.receivedDate) && le(lot.receivedDate, lot.inServiceDate) && le(lot.inServiceDate, today),
          `${at}: purchase ≤ received ≤ in service ≤ today does not hold`,
        );
        check(lot.siteId !== null, `${at}: deployed without a site`);
    }
    if (lot.status !== 'planned') check(/^PO-\d{4}-\d{4}$/u.test(lot.poNumber), `${at}: PO number "${lot.poNumber}"`);

    if (lot.status === 'disposed') {
      check(lot.disposition !== null && DISPOSITIONS.includes(lot.disposition), `${at}: no disposition`);
      check(le(lot.inServiceDate, lot.disposedDate) && le(lot.disposedDate, today), `${at}: disposal date out of order`);
      check(lot.proceeds !== null && lot.proceeds >= 0, `${at}: no proceeds`);
      if (lot.disposition === 'sold') check((lot.proceeds ?? 0) > 0, `${at}: sold for nothing`);
    } else {
      check(lot.disposition === null && lot.disposedDate === null && lot.proceeds === null, `${at}: disposal fields set`);
    }
    if (lot.status === 'replacing') check(lot.replacementPlan.trim() !== '', `${at}: no replacement plan`);

    for (const [field, value] of Object.entries({
      unitCost: lot.unitCost,
      extraCosts: lot.extraCosts,
      salvageValue: lot.salvageValue,
      supportCostPerYear: lot.supportCostPerYear,
      proceeds: lot.proceeds ?? 0,
      costBasis: lot.unitCost * lot.quantity + lot.extraCosts,
    })) {
      check(Number.isSafeInteger(value) && value >= 0, `${at}: ${field} ${value} is not a whole non-negative amount`);
    }
    check(lot.salvageValue >= lot.unitCost * 0.05 - 100 && lot.salvageValue <= lot.unitCost * 0.15 + 100, `${at}: salvage off`);
    check(Number.isInteger(lot.quantity) && lot.quantity > 0, `${at}: quantity ${lot.quantity}`);
  }
  return broken;
}

describe('demoFleet', () => {
  it('is deterministic for the same inputs', () => {
    expect(fleet()).toEqual(fleet());
    expect(JSON.stringify(fleet('2027-03-31'))).toBe(JSON.stringify(fleet('2027-03-31')));
  });

  it('follows today', () => {
    const later = fleet('2030-01-15');
    const now = fleet();
    expect(later.lots[0]?.purchaseDate).not.toBe(now.lots[0]?.purchaseDate);
    expect(later.lots.map((l) => l.status)).toEqual(now.lots.map((l) => l.status));
  });

  it('has a realistic size and every status', () => {
    const { lots, sites } = fleet();
    expect(lots.length).toBeGreaterThanOrEqual(36);
    expect(lots.length).toBeLessThanOrEqual(44);
    expect(new Set(lots.map((l) => l.status))).toEqual(new Set(LOT_STATUSES));
    expect(sites.map((s) => s.code)).toEqual([...DEMO_SITE_CODES]);
  });

  it('covers several categories, with GPU servers of two generations and their successor', () => {
    const { models, lots } = fleet();
    const usedCategories = new Set(lots.map((l) => models.find((m) => m.id === l.modelId)?.category));
    expect(usedCategories.size).toBeGreaterThanOrEqual(3);
    for (const c of ['gpu-server', 'cpu-server', 'storage-server', 'network-switch', 'drive', 'nic'] as const) {
      expect(usedCategories, c).toContain(c);
    }

    const byName = (part: string) => models.find((m) => m.name.includes(part));
    const a100 = byName('A100');
    const h100 = byName('H100');
    const b200 = byName('B200');
    expect(a100?.successorId).toBe(h100?.id);
    expect(h100?.successorId).toBe(b200?.id);
    for (const m of [a100, h100, b200]) expect(m?.category).toBe('gpu-server');
    const bought = (id: string | undefined) => lots.some((l) => l.modelId === id && l.status !== 'planned');
    expect(bought(a100?.id) && bought(h100?.id)).toBe(true);
  });

  it('keeps every successor inside the catalogue and later than its predecessor', () => {
    const { models } = fleet();
    for (const m of models) {
      if (m.successorId === null) continue;
      const next = models.find((x) => x.id === m.successorId);
      expect(next, m.name).toBeDefined();
      expect(compareIso(next?.releaseDate ?? '', m.releaseDate ?? '')).toBeGreaterThan(0);
    }
  });

  it('fills every field plausibly and marks everything as demo', () => {
    const { models, sites, lots, suppliers } = fleet();
    const ids = [...models, ...sites, ...lots].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(isUuid(id)).toBe(true);
    expect(new Set(lots.map((l) => l.code)).size).toBe(lots.length);

    const lotKeys: (keyof Lot)[] = [
      'id', 'code', 'modelId', 'quantity', 'unitCost', 'extraCosts', 'currency', 'purchaseDate', 'receivedDate',
      'inServiceDate', 'siteId', 'supplierId', 'poNumber', 'warrantyEnd', 'salvageValue', 'powerWatts',
      'supportCostPerYear', 'status', 'disposition', 'disposedDate', 'proceeds', 'replacementPlan', 'notes', 'tags',
      'parentId', 'book', 'tax', 'adjustments', 'depreciationChain', 'demo', 'createdAt', 'updatedAt',
    ];
    for (const lot of lots) {
      expect(Object.keys(lot).sort()).toEqual([...lotKeys].sort());
      for (const k of lotKeys) expect(lot[k], `${lot.code}.${k}`).not.toBeUndefined();
      expect(lot.parentId).toBeNull();
      expect(lot.demo).toBe(true);
      expect(lot.currency).toBe('USD');
      expect(suppliers.some((s) => s.id === lot.supplierId), `${lot.code} names a demo supplier`).toBe(true);
      expect(lot.supplier).not.toBe('');
      expect(lot.createdAt).toBe(NOW);
      expect(lot.code).toMatch(/^[A-Z]+-[A-Z0-9]+-\d{4}-\d{2}$/u);
    }
    for (const m of models) {
      expect(m.demo).toBe(true);
      expect(Number.isSafeInteger(m.listPrice)).toBe(true);
      expect(m.storageBearing).toBe(STORAGE_BEARING_DEFAULT[m.category]);
      expect(CATEGORIES).toContain(m.category);
      expect(m.powerWatts).toBeGreaterThan(0);
    }
    for (const s of sites) {
      expect(s.demo).toBe(true);
      expect(Number.isSafeInteger(s.energyPricePerMwh)).toBe(true);
      if (s.pue !== null) expect(s.pue).toBeGreaterThanOrEqual(1.2);
      if (s.pue !== null) expect(s.pue).toBeLessThanOrEqual(1.5);
    }
    expect(models.filter((m) => m.category === 'gpu-server').every((m) => m.storageBearing)).toBe(true);
  });

  it('uses plausible quantities per category', () => {
    const { models, lots } = fleet();
    const ranges = { 'gpu-server': [2, 64], 'cpu-server': [10, 120], 'network-switch': [2, 24], drive: [12, 500] } as const;
    for (const lot of lots) {
      const category = models.find((m) => m.id === lot.modelId)?.category;
      const range = category && category in ranges ? ranges[category as keyof typeof ranges] : undefined;
      if (!range) continue;
      expect(lot.quantity, lot.code).toBeGreaterThanOrEqual(range[0]);
      expect(lot.quantity, lot.code).toBeLessThanOrEqual(range[1]);
    }
  });

  it('keeps dates, money and lifecycle fields consistent today', () => {
    expect(brokenRules(fleet(), TODAY)).toEqual([]);
    const { lots } = fleet();
    for (const lot of lots.filter((l) => DEPLOYED_OR_LATER.includes(l.status))) {
      expect(lot.siteId, lot.code).not.toBeNull();
      expect(lot.inServiceDate, lot.code).not.toBeNull();
    }
  });

  it('carries market prices for the models with a resale market, dated between release and today', () => {
    const f = fleet();
    const models = new Map(f.models.map((m) => [m.id, m]));
    expect(f.observations.length).toBeGreaterThanOrEqual(80);
    const priced = new Set(f.observations.map((o) => o.modelId));
    expect(priced.size).toBeGreaterThanOrEqual(10);
    for (const o of f.observations) {
      const model = models.get(o.modelId);
      expect(model, o.id).toBeDefined();
      expect(isUuid(o.id)).toBe(true);
      expect(o.demo).toBe(true);
      expect(o.currency).toBe('USD');
      expect(Number.isSafeInteger(o.unitPrice) && o.unitPrice > 0).toBe(true);
      expect(o.unitPrice % 100).toBe(0);
      expect(o.unitPrice).toBeLessThan((model?.listPrice ?? 0) * 1.5);
      expect(compareIso(o.date, TODAY)).toBeLessThan(0);
      expect(compareIso(o.date, model?.releaseDate ?? '9999-12-31')).toBeGreaterThan(0);
      expect(o.quantity).toBeGreaterThanOrEqual(1);
    }
    // Their own seed: the lots are the same with or without them.
    expect(f.lots).toEqual(fleet().lots);
  });

  it('has checks that do catch a broken lot', () => {
    const f = fleet();
    const lots = f.lots.map((l): Lot => {
      if (l.status === 'in-service') return { ...l, siteId: null, inServiceDate: null };
      if (l.status === 'disposed') return { ...l, proceeds: null };
      if (l.status === 'ordered') return { ...l, receivedDate: l.purchaseDate, unitCost: 0.5 };
      return l;
    });
    const broken = brokenRules({ ...f, lots }, TODAY).join('\n');
    expect(broken).toMatch(/in-service\): purchase ≤ received/u);
    expect(broken).toMatch(/deployed without a site/u);
    expect(broken).toMatch(/disposed\): no proceeds/u);
    expect(broken).toMatch(/ordered but received/u);
    expect(broken).toMatch(/unitCost 0.5 is not a whole/u);
  });

  it('keeps them consistent whatever day it is opened', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 60 }), (offset) => {
        const today = addDays('2000-01-01', offset);
        expect(brokenRules(fleet(today), today)).toEqual([]);
      }),
      { numRuns: 60 },
    );
    for (const edge of ['2028-02-29', '2026-12-31', '2027-01-01', '2026-03-31']) {
      expect(brokenRules(fleet(edge), edge), edge).toEqual([]);
    }
  });
});
