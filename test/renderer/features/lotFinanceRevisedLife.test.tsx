// @vitest-environment jsdom
/**
 * A revision of the useful life is recorded beside the lot's policy, which keeps the life it was
 * set up with. The Finance tab's heading described that policy, so after revising 5 years to 7 it
 * still said "5 y straight-line". It now says the life in effect, and that it was revised, when and
 * from what; a revision dated ahead is said as what is to come.
 */
import { afterEach, expect, it } from 'vitest';
import { describePolicyInEffect, LotFinance } from '../../../renderer/features/finance/LotFinance';
import { computeSchedules } from '../../../renderer/features/finance/schedules';
import { adjustment, makeLot } from '../../shared/depreciation/lotFactory';
import { render, type Rendered } from './render';

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
});

const revised = makeLot({
  inServiceDate: '2020-01-01',
  receivedDate: '2020-01-01',
  purchaseDate: '2020-01-01',
  adjustments: [adjustment('book', { type: 'revision', date: '2022-01-01', lifeMonths: 84 })],
});

it('the heading of a book whose life was revised says the revised life, and when it was revised from what', async () => {
  shown = await render(<LotFinance lot={revised} books={computeSchedules([revised], 1).get(revised.id)} fiscalYearStart={1} />);
  const heading = shown.container.querySelector('[data-testid="finance-policy"]')?.textContent ?? '';
  expect(heading).toBe('7 y straight-line, full month, lot salvage; life revised on 2022-01-01 (was 5 y)');
});

it('the tax book, not revised, keeps its own line', () => {
  expect(describePolicyInEffect(revised, 'tax', '2026-12-01')).toBe('MACRS 5-year, half-year');
});

it('a life revised twice shows the last revision in effect; one dated after today is said as to come', () => {
  const lot = makeLot({
    adjustments: [
      adjustment('book', { type: 'revision', date: '2026-03-01', lifeMonths: 72 }),
      adjustment('book', { type: 'revision', date: '2026-09-15', lifeMonths: 54 }),
      adjustment('book', { type: 'revision', date: '2027-02-01', lifeMonths: 48, salvage: 0 }),
      adjustment('book', { type: 'revision', date: '2026-04-01', salvage: 5_00 }),
    ],
  });
  expect(describePolicyInEffect(lot, 'book', '2026-02-28')).toBe('5 y straight-line, full month, lot salvage; life to be 6 y from 2026-03-01');
  expect(describePolicyInEffect(lot, 'book', '2026-10-01')).toBe('4.5 y straight-line, full month, lot salvage; life revised on 2026-09-15 (was 6 y); life to be 4 y from 2027-02-01');
  expect(describePolicyInEffect(lot, 'book', '2027-02-01')).toBe('4 y straight-line, full month, lot salvage; life revised on 2027-02-01 (was 4.5 y)');
});
