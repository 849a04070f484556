/**
 * The forecast accuracy report (issue 12): each own sale set against the p50 and band the
 * forecast gave 6 and 12 months before, from the data as it stood then.
 */
import { describe, expect, it } from 'vitest';
import { demoFleet } from '../../../shared/demoFleet';
import { forecastAccuracy } from '../../../shared/forecast/accuracy';
import type { Lot } from '../../../shared/lot';
import { ownSaleObservation, type MarketObservation } from '../../../shared/market';

const TODAY = '2026-11-29';
let n = 0;
const demo = demoFleet({ today: TODAY, now: `${TODAY}T09:00:00.000Z`, newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` });

/** Two in-service GPU lots of the demo, disposed as sold on a date, with their own-sale prices. */
function withSales(prices: readonly number[]): { lots: Lot[]; observations: MarketObservation[]; sold: Lot[] } {
  const gpu = demo.lots.filter((l) => l.status === 'in-service' && demo.models.find((m) => m.id === l.modelId)?.category === 'gpu-server').slice(0, prices.length);
  expect(gpu).toHaveLength(prices.length);
  const sold = gpu.map((l, i): Lot => ({ ...l, status: 'disposed', disposition: 'sold', disposedDate: '2026-10-15', proceeds: (prices[i] as number) * l.quantity }));
  const lots = demo.lots.map((l) => sold.find((s) => s.id === l.id) ?? l);
  const observations = [...demo.observations, ...sold.map((l, i) => ownSaleObservation(l, { id: `sale-${i}`, createdAt: `${TODAY}T09:00:00.000Z` }) as MarketObservation)];
  return { lots, observations, sold };
}

const input = (lots: Lot[], observations: MarketObservation[]) => ({ lots, models: demo.models, sites: demo.sites, observations, fiscalYearStartMonth: 1 });

describe('forecastAccuracy', () => {
  it('sets each own sale against the forecast made 6 and 12 months before, and sums up the error and the band', () => {
    const { lots, observations, sold } = withSales([1_500_000_00, 900_000_00]);
    const report = forecastAccuracy(input(lots, observations));
    const expected = sold.map((l, i) => [l.code, '2026-10-15', [1_500_000_00, 900_000_00][i]]);
    expect(report.sales.map((s) => [s.lotCode, s.date, s.realised])).toEqual(expect.arrayContaining(expected));
    expect(report.sales).toHaveLength(2);
    for (const s of report.sales) {
      for (const lead of [6, 12] as const) {
        const f = s.forecasts[lead];
        if (f === null) throw new Error(`no forecast ${lead} months before`);
        expect(f.p10).toBeLessThanOrEqual(f.p50);
        expect(f.p50).toBeLessThanOrEqual(f.p90);
        expect(f.error).toBeCloseTo((f.p50 - s.realised) / s.realised, 12);
        expect(f.inside).toBe(f.p10 <= s.realised && s.realised <= f.p90);
      }
    }
    for (const summary of report.summary) {
      const errors = report.sales.map((s) => Math.abs(s.forecasts[summary.monthsBefore]?.error ?? Number.NaN)).sort((a, b) => a - b);
      expect(summary.sales).toBe(2);
      expect(summary.medianAbsoluteError).toBeCloseTo(((errors[0] as number) + (errors[1] as number)) / 2, 12);
      expect(summary.insideBand).toBe(report.sales.filter((s) => s.forecasts[summary.monthsBefore]?.inside).length / 2);
    }
  });

  it('uses only the data as it stood then: a price seen after the forecast date changes nothing, one before changes it', () => {
    const { lots, observations, sold } = withSales([1_500_000_00]);
    const base = forecastAccuracy(input(lots, observations)).sales[0]?.forecasts[6];
    const model = sold[0]?.modelId as string;
    const price = (date: string, unitPrice: number): MarketObservation => ({ id: `x-${date}`, modelId: model, date, unitPrice, currency: 'USD', condition: 'used', quantity: 1, source: 'broker', note: '', createdAt: `${TODAY}T09:00:00.000Z` });
    // 2026-10-15 − 6 months = 2026-04-15: a price from May was not known then. (The earlier price is a
    // plausible one: a price far outside the others is left out of any fit.)
    expect(forecastAccuracy(input(lots, [...observations, price('2026-05-20', 1)])).sales[0]?.forecasts[6]).toEqual(base);
    expect(forecastAccuracy(input(lots, [...observations, price('2026-03-20', 150_000_00)])).sales[0]?.forecasts[6]).not.toEqual(base);
  });

  it('two lots of one model and quantity sold the same day are two sales, each under its own lot', () => {
    const r750 = demo.lots.filter((l) => l.code.startsWith('CPU-R750-2023')).slice(0, 2);
    expect(r750).toHaveLength(2);
    const sold = r750.map((l): Lot => ({ ...l, quantity: 10, status: 'disposed', disposition: 'sold', disposedDate: '2026-10-15', proceeds: 2_500_000 }));
    const lots = demo.lots.map((l) => sold.find((s) => s.id === l.id) ?? l);
    // Recorded in the other order than the lots: the note says which lot each price came from.
    const sales = sold.map((l, i) => ownSaleObservation(l, { id: `sale-${i}`, createdAt: `${TODAY}T09:00:00.000Z` }) as MarketObservation).reverse();
    const report = forecastAccuracy(input(lots, [...demo.observations, ...sales]));
    expect(report.sales.map((s) => [s.observationId, s.lotCode])).toEqual(
      expect.arrayContaining([
        ['sale-0', sold[0]?.code],
        ['sale-1', sold[1]?.code],
      ]),
    );
  });

  it('an own sale that no lot matches (a price recorded or imported under source "own sale") is still set against its model\'s forecast', () => {
    const { lots, observations } = withSales([1_500_000_00]);
    const sale = observations.find((o) => o.id === 'sale-0')!;
    // The same price and day, but 1 unit typed by hand: no lot of that quantity was sold that day.
    const orphan: MarketObservation = { ...sale, id: 'by-hand', quantity: 1, note: '' };
    const report = forecastAccuracy(input(lots, [...observations, orphan]));
    const [matched, unmatched] = [report.sales.find((s) => s.observationId === 'sale-0')!, report.sales.find((s) => s.observationId === 'by-hand')!];
    expect(unmatched.lotCode).toBeNull();
    expect(matched.forecasts[6]).not.toBeNull();
    expect(unmatched.forecasts).toEqual(matched.forecasts);
    expect(report.summary.map((s) => s.sales)).toEqual([2, 2]);
  });

  it('ignores prices that are not own sales, and has nothing to say without any', () => {
    const report = forecastAccuracy(input(demo.lots, demo.observations));
    expect(report.sales).toEqual([]);
    expect(report.summary).toEqual([
      { monthsBefore: 6, sales: 0, medianAbsoluteError: null, insideBand: null },
      { monthsBefore: 12, sales: 0, medianAbsoluteError: null, insideBand: null },
    ]);
  });
});
