/**
 * A model's Market prices page fits its curve as the fleet forecast does, so its "today, a unit"
 * is the per-unit market value a lot's Value tab shows (renderer/features/market/marketChart.ts).
 */
import { describe, expect, it } from 'vitest';
import { curveFacts, fitModelCurve, marketChart, otherCurrencyFact } from '../../../renderer/features/market/marketChart';
import type { HardwareModel } from '../../../shared/catalog';
import { fleetForecast } from '../../../shared/forecast/fleetForecast';
import type { MarketObservation } from '../../../shared/market';
import { makeLot } from '../../shared/depreciation/lotFactory';

const NOW = '2026-01-01T00:00:00.000Z';
const TODAY = '2026-11-29';

function model(id: string, extra: Partial<HardwareModel>): HardwareModel {
  return {
    id, manufacturer: 'Acme', name: id, category: 'gpu-server', powerWatts: null, rackUnits: null, listPrice: 20_000_000, currency: 'USD', releaseDate: '2020-06-01',
    endOfSale: null, endOfSupport: null, successorId: null, performance: null, serialPattern: '', storageBearing: false, notes: '', demo: false, createdAt: NOW, updatedAt: NOW, ...extra,
  };
}

const a100 = model('a100', { successorId: 'h100' });
const h100 = model('h100', { listPrice: 30_000_000, releaseDate: '2023-03-01' });
const price = (modelId: string, date: string, unitPrice: number): MarketObservation => ({
  id: `${modelId}-${date}`, modelId, date, unitPrice, currency: 'USD', condition: 'used', quantity: 1, source: 'broker', note: '', createdAt: NOW,
});
const observations = [price('a100', '2022-06-01', 12_000_000), price('a100', '2024-06-01', 6_000_000), price('h100', '2025-06-01', 17_000_000)];
const lots = [makeLot({ id: 'l1', code: 'GPU-1', modelId: 'a100', purchaseDate: '2021-01-10', receivedDate: '2021-01-10', inServiceDate: '2021-02-01' })];

describe('fitModelCurve', () => {
  it('is the forecast’s curve: the successor’s release steps prices down on the model’s page too', () => {
    const forecast = fleetForecast({ lots, models: [a100, h100], sites: [], observations, asOf: TODAY, horizonMonths: 1, fiscalYearStartMonth: 1, refresh: false });
    if (!forecast.ok) throw new Error(forecast.error);
    const lotCurve = forecast.value.lots[0]?.curve;
    const page = fitModelCurve(a100, observations.filter((o) => o.modelId === 'a100'), [{ model: h100, observations: observations.filter((o) => o.modelId === 'h100') }], TODAY, { models: [a100, h100], lots });
    if (!page.ok) throw new Error(page.error);
    expect(page.value.successorStep).not.toBeNull();
    expect(page.value).toEqual(lotCurve);
    expect(curveFacts(page.value).some((f) => f.startsWith('Prices step down to 85 % when its successor is released'))).toBe(true);
  });

  it('without a release date, dates age 0 from its lots’ earliest purchase, and says so', () => {
    const bare = { ...a100, releaseDate: null, successorId: null };
    const page = fitModelCurve(bare, [], [], TODAY, { models: [bare], lots });
    if (!page.ok) throw new Error(page.error);
    expect(page.value.originDate).toBe('2021-01-10');
    expect(curveFacts(page.value)).toContain('Age 0 is 2021-01-10 (the earliest purchase of its lots; no release date).');
  });

  it('names a price left out of the fit as far outside the others, so a person can find and correct it', () => {
    const own = [price('a100', '2022-06-01', 12_000_000), price('a100', '2023-06-01', 9_000_000), price('a100', '2024-06-01', 6_000_000), price('a100', '2024-09-01', 1e15)];
    const page = fitModelCurve(a100, own, [], TODAY);
    if (!page.ok) throw new Error(page.error);
    expect(page.value.observationCount).toBe(3);
    expect(curveFacts(page.value)).toContain(
      "1 price far outside this model's others (more than 10 times above or below them, beyond their spread) was left out of the fit: 2024-09-01, USD 10,000,000,000,000.00 (Used, working). Check its amount and currency in the prices below.",
    );
  });

  it('charts a price left out of the fit apart (hollow, off the scale) and says why, as the facts do', () => {
    const good = [price('a100', '2022-06-01', 12_000_000), price('a100', '2023-06-01', 9_000_000), price('a100', '2024-06-01', 6_000_000)];
    const wild = price('a100', '2024-09-01', 1e15);
    const later = price('a100', '2026-12-15', 5_000_000); // e.g. from a teammate whose clock runs ahead
    const page = fitModelCurve(a100, [...good, wild, later], [], TODAY);
    if (!page.ok) throw new Error(page.error);
    const chart = marketChart(page.value, [...good, wild, later], 'used', TODAY);
    expect(chart.dots.filter((d) => d.excluded !== true)).toHaveLength(3);
    expect(chart.dots.filter((d) => d.excluded === true).map((d) => d.title)).toEqual([
      "2024-09-01: USD 10,000,000,000,000.00 (Used, working, ×1) at broker; left out of the fit: far outside this model's other prices (check its amount and currency)",
      '2026-12-15: USD 50,000.00 (Used, working, ×1) at broker; left out of the fit: dated after 2026-11-29',
    ]);
  });

  it('with two prices, names the one the list price says is the slip, and keeps it in the fit', () => {
    const own = [price('a100', '2023-06-01', 9_000_000), price('a100', '2024-09-01', 600_000_000)];
    const page = fitModelCurve(a100, own, [], TODAY);
    if (!page.ok) throw new Error('no curve');
    expect(page.value.observationCount).toBe(2);
    expect(curveFacts(page.value)).toContain(
      "A price more than 10 times above or below this model's other price or its list price's curve: 2024-09-01, USD 6,000,000.00 (Used, working). With fewer than three prices the fit keeps every one (the list price's curve is only what the category expects, and a model that loses value faster has genuine prices far below it), so its band may be far too wide: check its amount and currency in the prices below, and the model's list price.",
    );
  });

  it('with one price far from its list price, keeps it (nothing says which is wrong) but names it', () => {
    const page = fitModelCurve(a100, [price('a100', '2024-09-01', 600_000_000)], [], TODAY);
    if (!page.ok) throw new Error(page.error);
    expect(page.value.observationCount).toBe(1);
    expect(curveFacts(page.value)).toContain(
      "A price more than 10 times above or below this model's other price or its list price's curve: 2024-09-01, USD 6,000,000.00 (Used, working). With fewer than three prices the fit keeps every one (the list price's curve is only what the category expects, and a model that loses value faster has genuine prices far below it), so its band may be far too wide: check its amount and currency in the prices below, and the model's list price.",
    );
  });
});

describe('otherCurrencyFact', () => {
  it('says one price in another currency in the singular', () => {
    expect(otherCurrencyFact(1, 'USD')).toBe('1 price in another currency than USD is listed below but not charted.');
    expect(otherCurrencyFact(2, 'USD')).toBe('2 prices in another currency than USD are listed below but not charted.');
  });
});
