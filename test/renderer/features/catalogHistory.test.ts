import { describe, expect, it } from 'vitest';
import type { LotEvent } from '../../../shared/events';
import { catalogChangeRows, type HistoryContext } from '../../../renderer/features/catalog/catalogHistory';

const ctx: HistoryContext = { currency: 'USD', modelName: (id) => (id === 'b200' ? 'NVIDIA HGX B200' : '(unknown)') };

const edited = (before: object, after: object): Pick<LotEvent, 'type' | 'before' | 'after'> => ({
  type: 'edited',
  before: before as LotEvent['before'],
  after: after as LotEvent['after'],
});

describe('catalogChangeRows', () => {
  it('lists the changed fields in words', () => {
    const rows = catalogChangeRows(
      edited(
        { listPrice: 2_500_000, successorId: null, category: 'gpu-server', storageBearing: true, endOfSupport: null },
        { listPrice: 2_250_000, successorId: 'b200', category: 'cpu-server', storageBearing: false, endOfSupport: '2031-01-31' },
      ),
      ctx,
    );
    expect(rows).toEqual([
      { field: 'listPrice', label: 'List price', before: 'USD 25,000.00', after: 'USD 22,500.00' },
      { field: 'successorId', label: 'Successor', before: '—', after: 'NVIDIA HGX B200' },
      { field: 'category', label: 'Category', before: 'GPU server', after: 'CPU server' },
      { field: 'storageBearing', label: 'Storage-bearing', before: 'Yes', after: 'No' },
      { field: 'endOfSupport', label: 'End of support', before: '—', after: '2031-01-31' },
    ]);
  });

  it('shows each side of an amount in its own currency', () => {
    const rows = catalogChangeRows(edited({ currency: 'USD', energyPricePerMwh: 14_000 }, { currency: 'JPY', energyPricePerMwh: 25_000 }), ctx);
    expect(rows.find((r) => r.field === 'energyPricePerMwh')).toMatchObject({ before: 'USD 0.1400/kWh', after: 'JPY 25.0000/kWh' });
  });

  it('hides bookkeeping fields and says nothing field by field for a creation', () => {
    expect(catalogChangeRows(edited({ name: 'A' }, { name: 'B', updatedAt: 'x' }), ctx).map((r) => r.field)).toEqual(['name']);
    expect(catalogChangeRows({ type: 'created', before: null, after: { id: 'm' } as LotEvent['after'] }, ctx)).toEqual([]);
  });

  it('shortens long notes', () => {
    const [row] = catalogChangeRows(edited({ notes: '' }, { notes: 'x'.repeat(200) }), ctx);
    expect(row?.after.length).toBe(80);
    expect(row?.after.endsWith('…')).toBe(true);
  });
});
