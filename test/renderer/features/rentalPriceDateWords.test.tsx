// @vitest-environment jsdom
/**
 * A rental price's date is the day it applies from: own vs rent uses a price from its date on
 * (shared/ownVsRent.ts rentalPriceFor), and a later date is taken, a price list or quote for a later
 * start. The price book's column said "Seen on" and the CSV's date column "When the price was
 * seen", which a date after today cannot be.
 */
import { afterEach, expect, it } from 'vitest';
import { RentalPricesEditor } from '../../../renderer/features/catalog/RentalPricesEditor';
import { RENTAL_PRICE_CSV_COLUMNS } from '../../../shared/rentalPriceCsv';
import { render, type Rendered } from './render';

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
});

it('the price book says the day a price applies from, not the day it was seen', async () => {
  const row = { id: 'r1', term: 'on-demand' as const, price: '98.32', currency: 'USD', performancePerInstance: '1', date: '2027-03-01', source: 'Quote for 2027' };
  shown = await render(<RentalPricesEditor rows={[row]} currency="USD" error={undefined} onChange={() => {}} />);
  const headers = [...shown.container.querySelectorAll('th')].map((th) => th.textContent);
  expect(headers).toContain('Applies from');
  expect(headers).not.toContain('Seen on');
});

it("the rental price CSV's date column says the same", () => {
  expect(RENTAL_PRICE_CSV_COLUMNS.find((c) => c.name === 'date')?.description).toBe('The day the price applies from (the price list’s or quote’s date, or a later start), YYYY-MM-DD from 1900 to 2199.');
});
