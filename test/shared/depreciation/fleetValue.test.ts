/**
 * Fleet value (shared/depreciation/fleetValue.ts): a lot's book value on a date is the value at the
 * end of that date's month, whether or not it has a depreciation schedule.
 */
import { describe, expect, it } from 'vitest';
import { lotSchedule } from '../../../shared/depreciation/lotSchedule';
import { lotBookValue } from '../../../shared/depreciation/fleetValue';
import { fleetForecast } from '../../../shared/forecast/fleetForecast';
import type { HardwareModel } from '../../../shared/catalog';
import { makeLot } from './lotFactory';

const model: HardwareModel = {
  id: 'model-1', manufacturer: 'Acme', name: 'X1', category: 'gpu-server', powerWatts: null, rackUnits: null, listPrice: null,
  currency: 'USD', releaseDate: null, endOfSale: null, endOfSupport: null, successorId: null, performance: null, serialPattern: '',
  storageBearing: false, notes: '', demo: false, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
};

function forecastBook(lot: ReturnType<typeof makeLot>, asOf: string): number | undefined {
  const r = fleetForecast({ lots: [lot], models: [model], sites: [], observations: [], asOf, horizonMonths: 1, fiscalYearStartMonth: 1, refresh: false });
  if (!r.ok) throw new Error(r.error);
  return r.value.lots[0]?.book[0];
}

describe('lotBookValue', () => {
  // Received, never put in service (dead on arrival), returned to the vendor on 20 March.
  const returned = makeLot({ inServiceDate: null, receivedDate: '2026-01-10', status: 'disposed', disposition: 'returned', disposedDate: '2026-03-20', proceeds: 0 });
  // The same lot in service from January: its schedule ends at the disposal.
  const inService = { ...returned, inServiceDate: '2026-01-10' };

  it('a lot disposed later in the month is off the books at the end of that month, with or without a schedule', () => {
    const scheduled = lotSchedule(inService, 'book', 1);
    if (!scheduled.ok || scheduled.value === null) throw new Error('no schedule');
    expect(lotBookValue(inService, scheduled.value, '2026-03-10')).toBe(0);
    expect(lotBookValue(returned, null, '2026-03-10')).toBe(0);
  });

  it('agrees with the forecast on the same date', () => {
    for (const date of ['2026-02-15', '2026-03-10']) {
      expect(lotBookValue(returned, null, date)).toBe(forecastBook(returned, date));
    }
  });

  it('is the cost basis before the month of the disposal, and nothing once disposed', () => {
    expect(lotBookValue(returned, null, '2026-02-28')).toBe(1_000_000);
    expect(lotBookValue(returned, null, '2026-03-20')).toBeNull();
  });
});
