// @vitest-environment jsdom
/**
 * The depreciation report's "Net book value at" a date is the value at the end of that date's
 * month (README "Fleet value has one definition"; depreciation is booked by month). The screen
 * showed the date and the figure and did not say so: on 2026-03-05 the figure already had March's
 * depreciation taken off. It now says which day the figure is at.
 */
import { afterEach, expect, it } from 'vitest';
import type { Fleet } from '../../../renderer/db/queries';
import { FleetReport } from '../../../renderer/features/finance/FleetReport';
import { makeLot } from '../../shared/depreciation/lotFactory';
import { render, typeInto, type Rendered } from './render';

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
});

const fleet: Fleet = { lots: [makeLot({ inServiceDate: '2026-01-01' })], models: [], sites: [], suppliers: [], modelsById: new Map(), sitesById: new Map(), suppliersById: new Map() };

it('says the net book value at a date is the one at the end of its month, naming that day', async () => {
  shown = await render(<FleetReport fleet={fleet} />);
  const section = shown.container.querySelector('[aria-label="Net book value at a date"]');
  const asOf = section?.querySelector('input[type="date"]');
  if (!(asOf instanceof HTMLInputElement)) throw new Error('no As of field');
  await typeInto(asOf, '2026-03-05');
  // 10,000.00 straight-line over 60 months: three months (166.67, 166.67, 166.67) booked by the end of March, not two.
  expect(section?.querySelector('[data-testid="nbv-as-of"]')?.textContent).toBe('USD 9,499.99');
  expect(section?.textContent).toContain('Values at the end of the month, 2026-03-31');
  await typeInto(asOf, '2024-02-10');
  expect(section?.textContent).toContain('Values at the end of the month, 2024-02-29');
});
