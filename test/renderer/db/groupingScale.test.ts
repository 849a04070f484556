/**
 * Grouping at fleet scale (PERFORMANCE.md: a lot may hold 100,000 units). Edits and sanitisation
 * records group their units by lot; grouping by copying each lot's list for every unit was
 * quadratic, so editing or sanitising every unit of a big lot took minutes. These complete at
 * once (the suite's per-test timeout is the only bound: no time is asserted).
 */
import { describe, expect, it } from 'vitest';
import { appendTo } from '../../../shared/collections';
import type { UnitChange } from '../../../shared/units';
import { changesByLot } from '../../../renderer/db/unitEdits';

describe('grouping a big lot’s units', () => {
  it('changesByLot keeps all 100,000 changes of one lot, in edit order', () => {
    const changes: UnitChange[] = Array.from({ length: 100_000 }, (_, i) => ({ serial: `S${i}`, before: { rack: 'R01' }, after: { rack: 'R02' } }));
    const byLot = changesByLot(changes, (s) => (s === 'S7' ? 'other-lot' : 'big-lot'));
    expect(byLot.get('big-lot')?.length).toBe(99_999);
    expect(byLot.get('big-lot')?.[7]).toBe(changes[8]);
    expect(byLot.get('other-lot')).toEqual([changes[7]]);
  });

  it('appendTo adds to the list under its key, in place', () => {
    const m = new Map<string, number[]>();
    appendTo(m, 'a', 1);
    const list = m.get('a');
    appendTo(m, 'a', 2);
    appendTo(m, 'b', 3);
    expect(m.get('a')).toBe(list);
    expect([...m]).toEqual([['a', [1, 2]], ['b', [3]]]);
  });
});
