// @vitest-environment jsdom
/**
 * A lot disposed of without ever being put in service has no schedule, but it did leave the books:
 * the depreciation report's roll-forward takes it off at its cost basis. Its Finance tab said only
 * that it was never depreciated — no proceeds, no gain or loss. It now states the disposal with the
 * roll-forward's own figures: date, proceeds, book value then, gain or loss.
 */
import { afterEach, expect, it } from 'vitest';
import { LotFinance } from '../../../renderer/features/finance/LotFinance';
import { computeSchedules } from '../../../renderer/features/finance/schedules';
import { rollForward } from '../../../shared/depreciation/fleetReport';
import { rollForwardItems } from '../../../shared/depreciation/fleetValue';
import { formatMoney } from '../../../shared/money';
import { makeLot } from '../../shared/depreciation/lotFactory';
import { render, type Rendered } from './render';

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
});

const stat = (r: Rendered, label: string): string | null => {
  const found = [...r.container.querySelectorAll('.stat')].find((s) => s.querySelector('.label')?.textContent === label);
  return found?.querySelector('.value')?.textContent ?? null;
};

it('a lot sold without ever being in service shows its disposal: date, proceeds, book value then and the loss, as the roll-forward counts it', async () => {
  const lot = makeLot({ status: 'disposed', inServiceDate: null, receivedDate: '2026-01-10', disposition: 'sold', disposedDate: '2026-03-31', proceeds: 7_500_00, extraCosts: 123_45 });
  shown = await render(<LotFinance lot={lot} books={computeSchedules([lot], 1).get(lot.id)} fiscalYearStart={1} />);
  const roll = rollForward(rollForwardItems([{ lot, schedule: null }]), '2026-01-01', '2026-12-31');
  if (!roll.ok) throw new Error(roll.error);
  expect(roll.value.disposals).toBe(10_123_45);
  expect(shown.text()).toContain('without ever being put in service');
  expect(shown.text()).toContain('Never depreciated');
  expect(stat(shown, 'Disposed of on')).toBe('2026-03-31');
  expect(stat(shown, 'Proceeds')).toBe('USD 7,500.00');
  expect(stat(shown, 'Book value at disposal')).toBe(formatMoney(roll.value.disposals, 'USD'));
  expect(stat(shown, 'Gain / loss on disposal')).toBe('−USD 2,623.45');
});

it('a lot scrapped for nothing before going into service shows a loss of its whole cost; one sold above cost a gain', async () => {
  const scrapped = makeLot({ status: 'disposed', inServiceDate: null, disposition: 'recycled', disposedDate: '2026-02-01', proceeds: 0 });
  shown = await render(<LotFinance lot={scrapped} books={computeSchedules([scrapped], 1).get(scrapped.id)} fiscalYearStart={1} />);
  expect(stat(shown, 'Proceeds')).toBe('USD 0.00');
  expect(stat(shown, 'Gain / loss on disposal')).toBe('−USD 10,000.00');
  await shown.unmount();
  shown = null;
  const sold = makeLot({ status: 'disposed', inServiceDate: null, disposition: 'sold', disposedDate: '2026-02-01', proceeds: 10_500_00 });
  shown = await render(<LotFinance lot={sold} books={computeSchedules([sold], 1).get(sold.id)} fiscalYearStart={1} />);
  expect(stat(shown, 'Gain / loss on disposal')).toBe('USD 500.00');
});

it('a lot received and not in service yet shows no disposal', async () => {
  const lot = makeLot({ status: 'received', inServiceDate: null });
  shown = await render(<LotFinance lot={lot} books={computeSchedules([lot], 1).get(lot.id)} fiscalYearStart={1} />);
  expect(stat(shown, 'Proceeds')).toBeNull();
  expect(shown.text()).toContain('Depreciation starts when the lot is put in service.');
});

it('a lot disposed of after depreciating shows the same disposal figures, from its schedule', async () => {
  const lot = makeLot({ status: 'disposed', inServiceDate: '2026-01-01', disposition: 'sold', disposedDate: '2026-06-30', proceeds: 9_000_00 });
  const books = computeSchedules([lot], 1).get(lot.id);
  const disposal = books?.book?.disposal;
  if (!disposal) throw new Error('no disposal in the schedule');
  shown = await render(<LotFinance lot={lot} books={books} fiscalYearStart={1} />);
  expect(stat(shown, 'Disposed of on')).toBe('2026-06-30');
  expect(stat(shown, 'Proceeds')).toBe('USD 9,000.00');
  expect(stat(shown, 'Book value at disposal')).toBe(formatMoney(disposal.bookValue, 'USD'));
  expect(stat(shown, 'Gain / loss on disposal')).toBe(formatMoney(9_000_00 - disposal.bookValue, 'USD'));
});
