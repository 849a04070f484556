import { describe, expect, it } from 'vitest';
import { demoFleet } from '../../shared/demoFleet';
import { EMPTY_FILTERS } from '../../renderer/state/ui';
import { buildLotRows, filterLots, sortLots } from '../../renderer/features/lots/lotRows';

function fleet() {
  let n = 0;
  const f = demoFleet({ today: '2026-11-29', now: '2026-11-29T00:00:00.000Z', newId: () => `00000000-0000-4000-8000-${String((n += 1)).padStart(12, '0')}` });
  return {
    lots: f.lots.map((l, i) => ({ ...l, id: `lot-${i}`, parentId: null, createdAt: '', updatedAt: '' })),
    modelsById: new Map(f.models.map((m) => [m.id, m])),
    sitesById: new Map(f.sites.map((s) => [s.id, s])),
  };
}

describe('lots list rows', () => {
  const rows = buildLotRows(fleet(), '2026-11-29');

  it('filters by every facet and by all search terms together', () => {
    expect(filterLots(rows, EMPTY_FILTERS)).toHaveLength(rows.length);
    const gpu = filterLots(rows, { ...EMPTY_FILTERS, category: 'gpu-server' });
    expect(gpu.length).toBeGreaterThan(0);
    expect(gpu.every((r) => r.category === 'gpu-server')).toBe(true);
    const deployed = filterLots(rows, { ...EMPTY_FILTERS, stage: 'deploy' });
    expect(deployed.every((r) => ['staged', 'in-service', 'spare', 'rma'].includes(r.status))).toBe(true);
    // Every term must match (AND), case-insensitively, across code, model, site and more.
    const atFra = rows.filter((r) => r.site === 'FRA1' && (r.model.includes('H100') || r.code.includes('H100') || r.lot.notes.includes('H100')));
    expect(atFra.length).toBeGreaterThan(0);
    const both = filterLots(rows, { ...EMPTY_FILTERS, text: 'h100 frankfurt' });
    expect(both.map((r) => r.id).sort()).toEqual(atFra.map((r) => r.id).sort());
    expect(filterLots(rows, { ...EMPTY_FILTERS, text: 'no-such-thing' })).toEqual([]);
  });

  it('sorts numerically by code and by money, both ways', () => {
    const byCost = sortLots(rows, 'costBasis', 'desc');
    for (let i = 1; i < byCost.length; i++) expect(byCost[i - 1]!.costBasis).toBeGreaterThanOrEqual(byCost[i]!.costBasis);
    const codes = sortLots([{ ...rows[0]!, code: 'A-10' }, { ...rows[0]!, code: 'A-9' }], 'code', 'asc').map((r) => r.code);
    expect(codes).toEqual(['A-9', 'A-10']);
  });

  it('counts age from the in-service date, and shows none for future lots', () => {
    const planned = rows.find((r) => r.status === 'planned' && r.lot.purchaseDate > '2026-11-29');
    if (planned) expect(planned.age).toBe('—');
    const inService = rows.find((r) => r.lot.inServiceDate !== null)!;
    expect(inService.ageMonths).toBeGreaterThanOrEqual(0);
  });
});
