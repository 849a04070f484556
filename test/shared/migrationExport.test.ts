import { describe, expect, it } from 'vitest';
import type { HardwareModel } from '../../shared/catalog';
import { migrationLots } from '../../shared/migrationExport';
import { bareUnit, type Unit } from '../../shared/units';
import { makeLot } from './depreciation/lotFactory';

const MODEL = { id: 'model-1', manufacturer: 'Seagate', name: 'ST4000NM', category: 'drive' } as HardwareModel;

describe('migrationLots', () => {
  // PERFORMANCE.md: 100,000 serials. A big lot (a PO line of drives) used to be gathered by copying
  // its list for every unit: 30,000 units of one lot took minutes, so Export → Snipe-IT or NetBox
  // (app and CLI) hung. Linear now; a regression fails on the suite's test timeout.
  it('gathers 30,000 units of one lot, each once, in serial order', () => {
    const n = 30_000;
    const lot = makeLot({ id: 'lot-drives', code: 'DRV-1', quantity: n, modelId: MODEL.id });
    const other = makeLot({ id: 'lot-other', code: 'DRV-2', quantity: 1, modelId: MODEL.id });
    const units: Unit[] = [{ ...bareUnit('OTHER-1'), lotId: other.id, sanitisation: null }];
    for (let i = n - 1; i >= 0; i -= 1) units.push({ ...bareUnit(`SN${String(i).padStart(7, '0')}`), lotId: lot.id, sanitisation: null });
    const [drives, second] = migrationLots([lot, other], [MODEL], [], units, []);
    expect(drives?.units).toHaveLength(n);
    expect(new Set(drives?.units.map((u) => u.serial)).size).toBe(n);
    expect(drives?.units[0]?.serial).toBe('SN0000000');
    expect(drives?.units[n - 1]?.serial).toBe('SN0029999');
    expect(second?.units.map((u) => u.serial)).toEqual(['OTHER-1']);
  });
});
