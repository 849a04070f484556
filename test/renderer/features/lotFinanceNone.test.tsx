// @vitest-environment jsdom
/**
 * A book on method "none" never depreciates: its schedule is flat (the lot stays at cost, less
 * impairments), with no months. The Finance tab said nothing and showed an empty table with a
 * total of 0 and an export of a header alone; it now says why there is nothing to show.
 */
import { afterEach, expect, it } from 'vitest';
import { LotFinance } from '../../../renderer/features/finance/LotFinance';
import { computeSchedules } from '../../../renderer/features/finance/schedules';
import { makeLot } from '../../shared/depreciation/lotFactory';
import { render, type Rendered } from './render';

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
});

it('a book on method none says it does not depreciate the lot, instead of an empty schedule', async () => {
  const lot = makeLot({ inServiceDate: '2026-01-01', book: { policy: { method: 'none' }, salvage: { kind: 'zero' } } });
  shown = await render(<LotFinance lot={lot} books={computeSchedules([lot], 1).get(lot.id)} fiscalYearStart={1} />);
  expect(shown.text()).toContain('This book does not depreciate the lot (method: none).');
  expect(shown.container.querySelector('table[aria-label="Book depreciation schedule"]')).toBeNull();
  const exportButton = [...shown.container.querySelectorAll('button')].find((b) => b.textContent === 'Export CSV');
  expect(exportButton?.disabled).toBe(true);
  // The lot is still on the books at cost.
  expect(shown.container.querySelector('[data-testid="nbv-today"]')?.textContent).toBe('USD 10,000.00');
});

it('a book on method none offers no revision of life or salvage (nothing it would change), but still an impairment', async () => {
  const lot = makeLot({ inServiceDate: '2026-01-01', book: { policy: { method: 'none' }, salvage: { kind: 'zero' } } });
  shown = await render(<LotFinance lot={lot} books={computeSchedules([lot], 1).get(lot.id)} fiscalYearStart={1} />);
  const button = (label: string) => [...(shown?.container.querySelectorAll('button') ?? [])].find((b) => (b.textContent ?? '').includes(label));
  expect(button('Revise life or salvage…')?.disabled).toBe(true);
  expect(button('Revise life or salvage…')?.title).toContain('method: none');
  expect(button('Record impairment…')?.disabled).toBe(false);
});
