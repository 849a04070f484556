/**
 * Fleet value (shared/depreciation/fleetValue.ts): a lot's book value on a date is the value at the
 * end of that date's month, whether or not it has a depreciation schedule.
 */
import { describe, expect, it } from 'vitest';
import { lotSchedule } from '../../../shared/depreciation/lotSchedule';
import { bookedSchedule, bookValueByGroup, lotBookValue, rollForwardItems } from '../../../shared/depreciation/fleetValue';
import { rollForward } from '../../../shared/depreciation/fleetReport';
import type { MonthlySchedule } from '../../../shared/depreciation/types';
import type { Lot } from '../../../shared/lot';
import { addDays } from '../../../shared/dates';
import { fleetForecast } from '../../../shared/forecast/fleetForecast';
import type { HardwareModel } from '../../../shared/catalog';
import { adjustment, makeLot, splitLot } from './lotFactory';

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

describe('rollForwardItems: the roll-forward counts what the fleet value counts', () => {
  const fy = 4;
  const full = (lot: Lot): MonthlySchedule | null => {
    const s = lotSchedule(lot, 'book', fy, { history: 'full' });
    if (!s.ok) throw new Error(s.error);
    return s.value;
  };
  // One currency's fleet: in service with an impairment and a revision of life; received and not
  // in service yet; received, then in service later; received and returned before service; a
  // commitment; one received after the range; and a part of a split.
  const impaired = makeLot({
    id: 'imp', code: 'IMP', quantity: 7, unitCost: 1_234_57, extraCosts: 999_99, purchaseDate: '2025-01-01', receivedDate: '2025-01-05', inServiceDate: '2025-02-14',
    adjustments: [adjustment('book', { type: 'impairment', date: '2025-09-17', amount: 100_003 }), adjustment('book', { type: 'revision', date: '2025-11-02', lifeMonths: 40, salvage: 12_345 })],
  });
  const waiting = makeLot({ id: 'wait', code: 'WAIT', status: 'received', unitCost: 5_000_01, quantity: 3, purchaseDate: '2025-03-01', receivedDate: '2025-03-20', inServiceDate: null });
  const later = makeLot({ id: 'later', code: 'LATER', unitCost: 2_500_33, quantity: 4, purchaseDate: '2025-05-01', receivedDate: '2025-05-11', inServiceDate: '2026-02-03' });
  const returned = makeLot({ id: 'ret', code: 'RET', status: 'disposed', disposition: 'returned', unitCost: 777_77, quantity: 2, purchaseDate: '2025-06-01', receivedDate: '2025-06-02', inServiceDate: null, disposedDate: '2025-10-09', proceeds: 0 });
  const ordered = makeLot({ id: 'ord', code: 'ORD', status: 'ordered', receivedDate: null, inServiceDate: '2025-07-01', purchaseDate: '2025-06-01' });
  const future = makeLot({ id: 'fut', code: 'FUT', status: 'received', purchaseDate: '2026-05-01', receivedDate: '2026-05-02', inServiceDate: null });
  const { parent, child } = splitLot(makeLot({ id: 'big', code: 'BIG', quantity: 9, unitCost: 3_333_33, extraCosts: 1_01, receivedDate: '2024-11-30', inServiceDate: '2024-12-01', purchaseDate: '2024-11-01' }), 4, '2025-08-15', 'small');

  for (const currency of ['USD', 'EUR', 'JPY']) {
    const lots = [impaired, waiting, later, returned, ordered, future, parent, child].map((l) => ({ ...l, currency }));
    const items = lots.map((lot) => ({ lot, schedule: bookedSchedule(lot, full(lot)) }));
    const bookValue = (date: string): number => [...bookValueByGroup(items, date, () => 'all').values()].reduce((a, b) => a + b, 0);

    it.each([
      ['2025-01-01', '2025-03-31'],
      ['2025-04-01', '2026-03-31'],
      ['2025-03-01', '2025-12-31'],
      ['2026-01-01', '2026-04-30'],
      ['2024-01-01', '2027-12-31'],
    ])(`in ${currency}, from %s to %s: opening and closing are the fleet's book value on the day before and the last day`, (from, to) => {
      const r = rollForward(rollForwardItems(items), from, to);
      if (!r.ok) throw new Error(r.error);
      const roll = r.value;
      expect(roll.closing).toBe(bookValue(to));
      expect(roll.opening).toBe(bookValue(addDays(from, -1)));
      expect(roll.opening + roll.additions - roll.depreciation - roll.impairments - roll.disposals).toBe(roll.closing);
    });
  }

  it('the lot received but not in service is an addition at its cost; returned before service, a disposal at its cost', () => {
    const items = [waiting, returned].map((lot) => ({ lot, schedule: full(lot) }));
    const r = rollForward(rollForwardItems(items), '2025-01-01', '2025-12-31');
    if (!r.ok) throw new Error(r.error);
    expect(r.value).toMatchObject({ opening: 0, additions: 15_000_03 + 1_555_54, depreciation: 0, impairments: 0, disposals: 1_555_54, closing: 15_000_03 });
  });

  it('the impairment is in the period it was recorded in, and a commitment is never in the books', () => {
    const items = [impaired, ordered].map((lot) => ({ lot, schedule: bookedSchedule(lot, full(lot)) }));
    const r = rollForward(rollForwardItems(items), '2025-04-01', '2026-03-31');
    if (!r.ok) throw new Error(r.error);
    expect(r.value.impairments).toBe(100_003);
    expect(r.value.closing).toBe(lotBookValue(impaired, full(impaired), '2026-03-31'));
  });
});
