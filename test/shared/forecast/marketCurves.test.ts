/**
 * The market value curve of each (model, currency) as the fleet forecast and own vs rent fit it
 * (shared/forecast/marketCurves.ts): where its age 0 and its list price come from when the
 * catalogue does not say.
 */
import { describe, expect, it } from 'vitest';
import type { HardwareModel } from '../../../shared/catalog';
import { marketCurves } from '../../../shared/forecast/marketCurves';
import { residualQuantiles } from '../../../shared/forecast/residual';
import type { Lot } from '../../../shared/lot';
import { makeLot } from '../depreciation/lotFactory';

const NOW = '2024-01-01T00:00:00.000Z';

const nic: HardwareModel = {
  id: 'nic',
  manufacturer: 'Acme',
  name: 'NIC 400G',
  category: 'nic',
  powerWatts: null,
  rackUnits: null,
  listPrice: 200_000,
  currency: 'USD',
  releaseDate: null,
  endOfSale: null,
  endOfSupport: null,
  successorId: null,
  performance: null,
  serialPattern: '',
  storageBearing: false,
  notes: '',
  demo: false,
  createdAt: NOW,
  updatedAt: NOW,
};

/** A lot of ten NICs bought (and received, and in service) on `purchaseDate`. */
function lot(code: string, purchaseDate: string, currency = 'USD'): Lot {
  return makeLot({ id: `id-${code}`, code, modelId: 'nic', unitCost: 180_000, currency, purchaseDate, receivedDate: purchaseDate, inServiceDate: purchaseDate, poNumber: 'PO' });
}

const lots = [lot('NIC-2', '2023-05-10'), lot('NIC-1', '2022-03-01', 'EUR')];
const curveAsOf = (asOf: string) => marketCurves({ models: [nic], observations: [], ownedLots: lots, asOf })(nic, 'USD');

describe('marketCurves', () => {
  it('a model with a list price but no release date and no prices seen starts from its lots’ earliest purchase, so its value falls with time', () => {
    const early = curveAsOf('2024-06-01').curve;
    const late = curveAsOf('2026-06-01').curve;
    if (early === null || late === null) throw new Error('no curve');
    // Not from the forecast date: that priced hardware bought years ago as new on every date.
    expect(early.originDate).toBe('2022-03-01');
    expect(late.originDate).toBe('2022-03-01');
    // Said as what it is (the CLI's forecast --json prints it), not as a release date.
    expect(late.originKind).toBe('earliest-purchase');
    expect(curveAsOf('2026-06-01').listPriceSource).toBe('catalogue');
    expect(residualQuantiles(late, '2026-06-01', 'used').p50).toBeLessThan(residualQuantiles(early, '2024-06-01', 'used').p50);
  });

  it('a release date in the catalogue stands', () => {
    const curve = marketCurves({ models: [{ ...nic, releaseDate: '2021-09-01' }], observations: [], ownedLots: lots, asOf: '2026-06-01' })({ ...nic, releaseDate: '2021-09-01' }, 'USD').curve;
    expect(curve?.originDate).toBe('2021-09-01');
    expect(curve?.originKind).toBe('release');
  });

  it('prices seen date the curve when the release is unknown and the first one is before the lots were bought', () => {
    const curve = marketCurves({ models: [nic], observations: [{ modelId: 'nic', date: '2021-08-01', unitPrice: 150_000, currency: 'USD', condition: 'used' }], ownedLots: lots, asOf: '2026-06-01' })(nic, 'USD').curve;
    expect(curve?.originDate).toBe('2021-08-01');
    expect(curve?.originKind).toBe('first-observation');
  });

  it('a used price seen after the lots were bought is not read as a new unit’s: age 0 stays at the earliest purchase', () => {
    const seen = (unitPrice: number, date: string) => ({ modelId: 'nic', date, unitPrice, currency: 'USD', condition: 'used' as const });
    const none = curveAsOf('2026-06-01').curve;
    const one = marketCurves({ models: [nic], observations: [seen(20_000, '2026-03-01')], ownedLots: lots, asOf: '2026-06-01' })(nic, 'USD').curve;
    if (none === null || one === null) throw new Error('no curve');
    expect(one.originDate).toBe('2022-03-01');
    expect(one.originKind).toBe('earliest-purchase');
    // A used NIC seen at USD 200 three months ago: today's estimate stays near it. With age 0 at
    // that price's date it was USD 1,168.38 (p10 304.95, above the one price seen), against 212.52
    // with no price at all.
    const withPrice = residualQuantiles(one, '2026-06-01', 'used');
    const without = residualQuantiles(none, '2026-06-01', 'used');
    expect(withPrice.p50).toBeLessThan(without.p50);
    expect(withPrice.p10).toBeLessThan(20_000);
    expect(withPrice.p90).toBeGreaterThan(20_000);
  });
});
