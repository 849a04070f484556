import { copyTemplate, DEFAULT_CATEGORY_POLICIES } from '../../../shared/depreciation/policies';
import { describe, expect, it } from 'vitest';
import type { Lot } from '../../../shared/lot';
import { usageByModel, usageBySite } from '../../../renderer/features/catalog/catalogUsage';

const lot = (over: Partial<Lot>): Lot => ({
  id: crypto.randomUUID(),
  code: 'L',
  modelId: 'm1',
  quantity: 1,
  unitCost: 100,
  extraCosts: 0,
  currency: 'USD',
  purchaseDate: '2024-01-01',
  receivedDate: null,
  inServiceDate: null,
  siteId: 's1',
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
  book: copyTemplate(DEFAULT_CATEGORY_POLICIES['cpu-server'].book),
  tax: copyTemplate(DEFAULT_CATEGORY_POLICIES['cpu-server'].tax),
  adjustments: [],
  depreciationChain: null,
  demo: false,
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:00:00.000Z',
  ...over,
});

describe('catalogue usage', () => {
  const lots = [
    lot({ quantity: 4, unitCost: 1_000, extraCosts: 50 }),
    lot({ quantity: 2, unitCost: 500, currency: 'EUR' }),
    lot({ modelId: 'm2', siteId: null, quantity: 8 }),
    lot({ quantity: 10, status: 'disposed' }),
  ];

  it('counts the lots and units of each model still in the fleet', () => {
    const byModel = usageByModel(lots);
    expect(byModel.get('m1')).toMatchObject({ lots: 2, units: 6 });
    expect(byModel.get('m2')).toMatchObject({ lots: 1, units: 8 });
    expect(byModel.has('m3')).toBe(false);
  });

  it('sums cost basis per site and per currency, never across currencies', () => {
    const bySite = usageBySite(lots);
    expect(bySite.size).toBe(1);
    const s1 = bySite.get('s1');
    expect(s1).toMatchObject({ lots: 2, units: 6 });
    expect([...(s1?.cost ?? [])]).toEqual([
      ['USD', 4_050],
      ['EUR', 1_000],
    ]);
  });
});
