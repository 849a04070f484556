// @vitest-environment jsdom
/**
 * A split after depreciation began moves the lot's impairments and revisions into its
 * depreciation chain (both parts carry their share of them; the lot's own list starts empty). The
 * Finance tab listed `lot.adjustments` alone, so after moving part of a lot (2 of 10 to spare)
 * the write-down and its note vanished from both parts' Adjustments, though their schedules still
 * carried it. They are listed again, said to be recorded before the split.
 */
import { afterEach, expect, it } from 'vitest';
import { LotFinance } from '../../../renderer/features/finance/LotFinance';
import { computeSchedules } from '../../../renderer/features/finance/schedules';
import type { Lot } from '../../../shared/lot';
import { adjustment, makeLot, splitLot } from '../../shared/depreciation/lotFactory';
import { render, type Rendered } from './render';

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
});

async function adjustmentsShown(lot: Lot): Promise<string> {
  shown = await render(<LotFinance lot={lot} books={computeSchedules([lot], 1).get(lot.id)} fiscalYearStart={1} />);
  const card = [...shown.container.querySelectorAll('.card')].find((c) => c.querySelector('h2')?.textContent === 'Adjustments');
  return card?.textContent ?? '';
}

const impaired = makeLot({
  inServiceDate: '2026-01-01',
  adjustments: [{ ...adjustment('book', { type: 'impairment', date: '2026-06-15', amount: 50_000 }), note: 'Rack fire' }],
});

it('before a split: the lot’s own impairment, with its note', async () => {
  const text = await adjustmentsShown(impaired);
  expect(text).toContain('2026-06-15 · Book · impairment of USD 500.00');
  expect(text).toContain('Rack fire');
});

it('after a split: both parts still list it, as recorded on the lot before the split', async () => {
  const { parent, child } = splitLot(impaired, 2, '2027-03-10', 'child-1');
  expect(parent.adjustments).toEqual([]);
  for (const part of [parent, child]) {
    const text = await adjustmentsShown(part);
    expect(text).toContain('2026-06-15 · Book · impairment of USD 500.00');
    expect(text).toContain('before the split of 2027-03');
    expect(text).toContain('Rack fire');
    await shown?.unmount();
    shown = null;
  }
});

it('after a split, what is recorded on the part is listed too, after what it inherits', async () => {
  const { child } = splitLot(impaired, 2, '2027-03-10', 'child-1');
  const revised: Lot = { ...child, adjustments: [adjustment('book', { type: 'revision', date: '2027-06-01', lifeMonths: 72 })] };
  const text = await adjustmentsShown(revised);
  expect(text.indexOf('impairment of USD 500.00')).toBeGreaterThanOrEqual(0);
  expect(text.indexOf('revision: life 72 months')).toBeGreaterThan(text.indexOf('impairment of USD 500.00'));
});
