// @vitest-environment jsdom
/**
 * A planned or ordered lot may carry its planned in-service date, and its Finance tab then shows
 * the schedule it would book. The lot header, the lots list and the report count nothing for a
 * commitment (PRODUCT.md "Fleet value"), so the tab must not present that projection as the lot's
 * net book value: it says it is projected.
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

async function figures(lot: ReturnType<typeof makeLot>): Promise<string> {
  shown = await render(<LotFinance lot={lot} books={computeSchedules([lot], 1).get(lot.id)} fiscalYearStart={1} />);
  return shown.container.querySelector('[aria-label="Book figures"]')?.textContent ?? '';
}

it('a commitment’s figures are labelled projected, with a note that the books carry nothing for it', async () => {
  const planned = makeLot({ status: 'planned', receivedDate: null, inServiceDate: '2020-01-01', purchaseDate: '2020-01-01' });
  const text = await figures(planned);
  expect(text).toContain('Projected book value today');
  expect(text).not.toContain('Net book value today');
  expect(shown?.container.querySelector('[data-testid="finance-projected"]')?.textContent).toContain('a commitment the fleet does not own yet');
});

it('an owned lot’s figures are its net book value, with no such note', async () => {
  const text = await figures(makeLot({ inServiceDate: '2020-01-01', receivedDate: '2020-01-01', purchaseDate: '2020-01-01' }));
  expect(text).toContain('Net book value today');
  expect(shown?.container.querySelector('[data-testid="finance-projected"]')).toBeNull();
});
