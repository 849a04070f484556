/**
 * Own versus rent, the arithmetic (issue 12): a hand-computed month to the cent, and the
 * properties the view and the CLI rely on.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breakEvenUtilisation, ownedCost, ownVsRentMonth, rentalCost, rentalPriceFor, rentalPriceProblem, type OwnedMonth, type RentalPrice, type RentalPriceEntry } from '../../shared/ownVsRent';

/** Four 8-GPU servers (8 U, 10.2 kW) in a 30-day month, USD. */
const MONTH: OwnedMonth = {
  hours: 720, units: 4, depreciation: 25_000_000, bookValueAtStart: 100_000_000, wattsPerUnit: 10_200, pue: 1.3, energyPricePerMwh: 9_000,
  supportPerUnitPerYear: 1_200_000, monthOfYear: 0, spacePerRackUnitMonth: 2_500, rackUnits: 8, interestRate: 0.08, utilisation: 0.75,
};
const ON_DEMAND: RentalPrice = { term: 'on-demand', pricePerHour: 9_832, currency: 'USD', performancePerInstance: 2.5 };

describe('owned cost of a month', () => {
  it('is depreciation + energy + support + space + interest, to the cent (worked by hand)', () => {
    // energy: 10,200 W × 4 × 1.3 × 720 h × 90.00 USD/MWh = 3,436.992 → 3,436.99
    // support: 12,000.00 a unit-year × 4 = 48,000.00 a year → 4,000.00; space: 25.00 × 8 U × 4 = 800.00
    // interest: 1,000,000.00 × 8 % ÷ 12 = 6,666.666… → 6,666.67
    expect(ownedCost(MONTH)).toEqual({
      depreciation: 25_000_000, energy: 343_699, support: 400_000, space: 80_000, interest: 666_667, total: 26_490_366,
      usefulHours: 2_160, perUsefulHour: 26_490_366 / 2_160,
    });
    // 264,903.66 over 2,160 useful hours: 122.64 an hour of useful work.
    expect(Math.round(ownedCost(MONTH).perUsefulHour ?? 0)).toBe(12_264);
  });

  it('against renting the same work: on demand pays the hours used, a term every hour', () => {
    // 4 units × (2.5 ÷ 2.5 = 1 instance each) × 720 h × 75 % × 98.32 = 212,371.20
    expect(rentalCost(MONTH, ON_DEMAND, 2.5)).toBe(21_237_120);
    expect(rentalCost(MONTH, { ...ON_DEMAND, term: '3-year', pricePerHour: 4_500 }, 2.5)).toBe(4 * 720 * 4_500);
    // A rented instance doing half a unit's work: two instances per unit.
    expect(rentalCost(MONTH, { ...ON_DEMAND, performancePerInstance: 1.25 }, 2.5)).toBe(2 * 21_237_120);
    const month = ownVsRentMonth(MONTH, ON_DEMAND, 2.5);
    expect(month.saving).toBe(21_237_120 - 26_490_366);
    // 264,903.66 ÷ (4 × 720 × 98.32) = 0.9355…: owning pays above 93.6 % utilisation here.
    expect(month.breakEven).toBeCloseTo(26_490_366 / 28_316_160, 12);
  });

  it('with no useful hour has no cost per useful hour', () => {
    expect(ownedCost({ ...MONTH, utilisation: 0 }).perUsefulHour).toBeNull();
  });
});

const months = fc.record({
  hours: fc.constantFrom(672, 696, 720, 744),
  units: fc.integer({ min: 1, max: 64 }),
  depreciation: fc.integer({ min: 0, max: 10_000_000_00 }),
  bookValueAtStart: fc.integer({ min: 0, max: 100_000_000_00 }),
  wattsPerUnit: fc.integer({ min: 0, max: 15_000 }),
  pue: fc.double({ min: 1, max: 2, noNaN: true }),
  energyPricePerMwh: fc.integer({ min: 0, max: 50_000 }),
  supportPerUnitPerYear: fc.integer({ min: 0, max: 1_000_000_00 }),
  monthOfYear: fc.integer({ min: 0, max: 11 }),
  spacePerRackUnitMonth: fc.integer({ min: 0, max: 10_000 }),
  rackUnits: fc.integer({ min: 1, max: 10 }),
  interestRate: fc.double({ min: 0, max: 0.2, noNaN: true }),
  utilisation: fc.double({ min: 0, max: 1, noNaN: true }),
});
const prices = fc.record({
  term: fc.constant('on-demand' as const),
  pricePerHour: fc.integer({ min: 1, max: 100_000 }),
  currency: fc.constant('USD'),
  performancePerInstance: fc.double({ min: 0.1, max: 10, noNaN: true }),
});

describe('properties', () => {
  it('at the break-even utilisation, renting on demand costs what owning does (to the rounding of one minor unit)', () => {
    fc.assert(
      fc.property(months, prices, fc.option(fc.double({ min: 0.1, max: 10, noNaN: true }), { nil: null }), (m, price, performance) => {
        const owned = ownedCost(m).total;
        const u = breakEvenUtilisation(owned, m, price, performance);
        if (u === null) return;
        expect(Math.abs(rentalCost({ ...m, utilisation: u }, price, performance) - owned)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('savings over months are the sum of each month’s, and support sums to the year over any twelve months', () => {
    fc.assert(
      fc.property(fc.array(months, { minLength: 1, maxLength: 24 }), prices, (ms, price) => {
        const each = ms.map((m) => ownVsRentMonth(m, price, null));
        const total = (pick: (m: (typeof each)[number]) => number): number => each.reduce((s, m) => s + pick(m), 0);
        expect(total((m) => m.saving)).toBe(total((m) => m.rental) - total((m) => m.owned.total));
        const year = Array.from({ length: 12 }, (_, k) => ownedCost({ ...(ms[0] as OwnedMonth), monthOfYear: k }).support).reduce((a, b) => a + b, 0);
        expect(year).toBe((ms[0] as OwnedMonth).supportPerUnitPerYear * (ms[0] as OwnedMonth).units);
      }),
    );
  });
});

describe('the rental price book', () => {
  const entry = (over: Partial<RentalPriceEntry> = {}): RentalPriceEntry => ({
    id: 'r1', term: 'on-demand', pricePerHour: 9_832, currency: 'USD', performancePerInstance: 2.5, date: '2026-06-01', source: 'Cloud price list', ...over,
  });
  const h100 = { id: 'h100', category: 'gpu-server' as const, performance: 2.5, rentalPrices: [entry(), entry({ id: 'r2', date: '2026-09-01', pricePerHour: 8_900 }), entry({ id: 'r3', term: '3-year', pricePerHour: 4_500 })] };
  const b200 = { id: 'b200', category: 'gpu-server' as const, performance: 5, rentalPrices: [] };
  const nic = { id: 'nic', category: 'nic' as const, performance: null, rentalPrices: [] };

  it('gives a model its own newest price seen by the date, in the currency and term asked', () => {
    expect(rentalPriceFor(h100, [h100, b200], 'USD', 'on-demand', '2026-12-01')?.entry.id).toBe('r2');
    expect(rentalPriceFor(h100, [h100, b200], 'USD', 'on-demand', '2026-07-01')?.entry.id).toBe('r1');
    expect(rentalPriceFor(h100, [h100, b200], 'USD', '3-year', '2026-12-01')?.entry.id).toBe('r3');
    expect(rentalPriceFor(h100, [h100, b200], 'EUR', 'on-demand', '2026-12-01')).toBeNull();
    expect(rentalPriceFor(h100, [h100, b200], 'USD', 'on-demand', '2026-01-01')).toBeNull();
  });

  it('falls back on a model of its category, converted by the work per instance; not without a performance', () => {
    const found = rentalPriceFor(b200, [h100, b200], 'USD', 'on-demand', '2026-12-01');
    expect(found).toMatchObject({ from: 'category', entry: { id: 'r2' } });
    // One B200 unit (5) does the work of two 2.5-instances.
    expect(rentalCost({ hours: 720, units: 1, utilisation: 1 }, found!.entry, b200.performance)).toBe(2 * 720 * 8_900);
    // On the same day, the cheaper for the same work, whatever order the models come in.
    const dear = { ...b200, id: 'm-dear', rentalPrices: [entry({ id: 'd1', date: '2026-12-01', pricePerHour: 90_000, performancePerInstance: 5 })] };
    const cheap = { ...b200, id: 'm-cheap', rentalPrices: [entry({ id: 'c1', date: '2026-12-01', pricePerHour: 30_000, performancePerInstance: 2.5 })] };
    const bare = { ...b200, id: 'm-bare', rentalPrices: [] };
    expect(rentalPriceFor(bare, [dear, cheap, bare], 'USD', 'on-demand', '2026-12-01')?.entry.id).toBe('c1');
    expect(rentalPriceFor(bare, [cheap, dear, bare], 'USD', 'on-demand', '2026-12-01')?.entry.id).toBe('c1');
    // The team's prices for the category count with the other models'.
    expect(rentalPriceFor(bare, [dear, bare], 'USD', 'on-demand', '2026-12-01', { 'gpu-server': [entry({ id: 'g1', date: '2026-12-01', pricePerHour: 10_000, performancePerInstance: 1 })] })?.entry.id).toBe('g1');
    expect(rentalPriceFor(bare, [bare], 'USD', 'on-demand', '2026-12-01', { 'gpu-server': [entry({ id: 'g1', date: '2026-12-01' })] })).toMatchObject({ from: 'category', entry: { id: 'g1' } });
    expect(rentalPriceFor({ ...b200, performance: null }, [h100, b200], 'USD', 'on-demand', '2026-12-01')).toBeNull();
    expect(rentalPriceFor(nic, [h100, nic], 'USD', 'on-demand', '2026-12-01')).toBeNull();
  });

  it('says what is wrong with an entry', () => {
    expect(rentalPriceProblem(entry())).toBeNull();
    expect(rentalPriceProblem(entry({ term: 'weekly' as RentalPriceEntry['term'] }))).toMatch(/term/u);
    expect(rentalPriceProblem(entry({ pricePerHour: 0 }))).toMatch(/above 0/u);
    expect(rentalPriceProblem(entry({ currency: 'usd' }))).toMatch(/currency/u);
    expect(rentalPriceProblem(entry({ performancePerInstance: 0 }))).toMatch(/work of one instance/u);
    expect(rentalPriceProblem(entry({ date: '2026-13-01' }))).toMatch(/date/u);
    expect(rentalPriceProblem(entry({ source: ' ' }))).toMatch(/where the price was seen/u);
  });
});
