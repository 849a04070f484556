/**
 * The Forecast view's scenario "Energy price (USD/kWh, all sites)" is typed in the base currency
 * and parsed to USD minor units per MWh (parsePerKwh(text, baseCurrency)), then handed to
 * fleetForecast as a bare number that every lot uses, whatever its currency: a JPY lot is then
 * charged 14,000 JPY/MWh (14 JPY/kWh) for "0.14" typed as USD, a EUR lot 0.14 EUR/kWh. The
 * site's own price is checked against the lot's currency (siteCurrencyOk); the override is not.
 */
import { describe, expect, it } from 'vitest';
import type { HardwareModel, Site } from '../../../shared/catalog';
import { copyTemplate, DEFAULT_CATEGORY_POLICIES } from '../../../shared/depreciation/policies';
import { fleetForecast } from '../../../shared/forecast/fleetForecast';
import { forecastInputFromLedger } from '../../../shared/ledger/forecastInput';
import { DEFAULT_TEAM_SETTINGS } from '../../../shared/ledger/teamSettings';
import type { Lot } from '../../../shared/lot';
import { parsePerKwh } from '../../../renderer/features/catalog/energyPrice';

const NOW = '2026-01-01T00:00:00.000Z';
const model = (id: string, extra: Partial<HardwareModel>): HardwareModel => ({ id, manufacturer: 'Acme', name: id, category: 'gpu-server', powerWatts: 10_200, rackUnits: null, listPrice: null, currency: 'JPY', releaseDate: '2023-03-01', endOfSale: null, endOfSupport: null, successorId: null, performance: 100, serialPattern: '', storageBearing: false, notes: '', demo: false, createdAt: NOW, updatedAt: NOW, ...extra });
const models = [model('old', { listPrice: 4_500_000, successorId: 'new' }), model('new', { listPrice: 6_000_000, releaseDate: '2025-03-01', powerWatts: 8_000, performance: 150 })];
const site: Site = { id: 's1', code: 'TYO1', name: 'Tokyo', energyPricePerMwh: 30_000, currency: 'JPY', pue: 1.3, notes: '', demo: false, createdAt: NOW, updatedAt: NOW };
const lot: Lot = { id: 'l1', code: 'JP-1', modelId: 'old', quantity: 4, unitCost: 4_000_000, extraCosts: 0, currency: 'JPY', purchaseDate: '2023-05-10', receivedDate: '2023-05-20', inServiceDate: '2023-06-01', siteId: 's1', supplier: '', poNumber: '', warrantyEnd: null, salvageValue: 0, powerWatts: null, supportCostPerYear: 20_000, status: 'in-service', disposition: null, disposedDate: null, proceeds: null, replacementPlan: '', notes: '', tags: [], parentId: null, book: copyTemplate(DEFAULT_CATEGORY_POLICIES['gpu-server'].book), tax: copyTemplate(DEFAULT_CATEGORY_POLICIES['gpu-server'].tax), adjustments: [], depreciationChain: null, demo: false, createdAt: NOW, updatedAt: NOW };

describe('the Forecast view\'s energy price override and lots in another currency', () => {
  it('a price typed in USD is not charged to a JPY lot as yen', () => {
    const typed = parsePerKwh('0.14', 'USD');
    if (!typed.ok) throw new Error('parse');
    expect(typed.value).toBe(14_000); // US cents per MWh
    const ledger = { lots: [lot], models, sites: [site], observations: [], settings: { ...DEFAULT_TEAM_SETTINGS, baseCurrency: 'USD' } };
    const run = (override: number | null) => {
      const r = fleetForecast(forecastInputFromLedger(ledger, { asOf: '2026-12-01', energyPricePerMwhOverride: override }));
      if (!r.ok) throw new Error(r.error);
      return r.value.lots[0]?.refresh;
    };
    // 14,000 US cents/MWh is not 14,000 yen/MWh: without an exchange rate the JPY lot keeps its site's price.
    expect(run(typed.value)?.energySavedPerYear).toBe(run(null)?.energySavedPerYear);
    expect(run(typed.value)?.reason).toBe(run(null)?.reason);
  });
});
