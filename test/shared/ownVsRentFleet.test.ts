/**
 * Own versus rent over the fleet (issue 12): each owned, in-service lot month by month, summed to
 * date and ahead, the same as the one-month arithmetic applied by hand; the cumulative series.
 */
import { describe, expect, it } from 'vitest';
import { demoFleet } from '../../shared/demoFleet';
import { fullBookSchedules, lotSchedule } from '../../shared/depreciation/lotSchedule';
import { monthIndexOfDate } from '../../shared/depreciation/fiscal-calendar';
import { isCommitment } from '../../shared/depreciation/fleetValue';
import type { HardwareModel } from '../../shared/catalog';
import { ownVsRentMonth, type RentalPriceEntry } from '../../shared/ownVsRent';
import { fleetOwnVsRent } from '../../shared/ownVsRentFleet';
import type { Lot } from '../../shared/lot';
import { moveLot } from '../../shared/lotChanges';
import { makeLot } from './depreciation/lotFactory';

function idSequence(): () => string {
  let k = 0;
  return () => `split-${++k}`;
}

const TODAY = '2026-11-29';
let n = 0;
const demo = demoFleet({ today: TODAY, now: `${TODAY}T09:00:00.000Z`, newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` });
const price = (model: HardwareModel): RentalPriceEntry => ({ id: `rent-${model.id}`, term: 'on-demand', pricePerHour: 5_000, currency: 'USD', performancePerInstance: model.performance ?? 1, date: '2024-01-01', source: 'test' });
// Every GPU server model priced (by this test's price, not the demo's); the rest not.
const models = demo.models.map((m) => (m.category === 'gpu-server' ? { ...m, rentalPrices: [price(m)] } : { ...m, rentalPrices: [] }));
const schedules = new Map(demo.lots.map((l) => {
  const s = lotSchedule(l, 'book', 1);
  return [l.id, s.ok ? s.value : null] as const;
}));
const scenario = { asOf: TODAY, horizonMonths: 12, term: 'on-demand' as const, interestRate: 0.08, assumedUtilisation: 0.7 };
const result = fleetOwnVsRent({ lots: demo.lots, models, sites: demo.sites, schedules }, scenario);

describe('fleetOwnVsRent', () => {
  it('covers the owned, in-service lots only; commitments and disposed lots are not there', () => {
    const ids = new Set(result.lots.map((l) => l.lotId));
    for (const lot of demo.lots) {
      const expected = !isCommitment(lot) && lot.status !== 'disposed' && lot.inServiceDate !== null;
      expect(ids.has(lot.id), lot.code).toBe(expected);
    }
  });

  it('is each month’s arithmetic summed: to date through the as-of month, ahead over the horizon', () => {
    const row = result.lots.find((l) => l.price !== null)!;
    const lot = demo.lots.find((l) => l.id === row.lotId)!;
    const model = models.find((m) => m.id === lot.modelId)!;
    const site = demo.sites.find((s) => s.id === lot.siteId);
    const schedule = schedules.get(lot.id)!;
    const start = monthIndexOfDate(lot.inServiceDate!);
    const asOf = monthIndexOfDate(TODAY);
    let booked = schedule.openingAccumulated + schedule.openingWriteDowns;
    const sums = { toDate: [0, 0], ahead: [0, 0] };
    for (let i = start; i <= asOf + 12; i++) {
      const k = i - monthIndexOfDate(schedule.startMonth);
      const dep = k >= 0 && k < schedule.depreciation.length ? schedule.depreciation[k]! + schedule.writeDowns[k]! : 0;
      const y = Math.floor(i / 12);
      const mo = (i % 12) + 1;
      const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
      const month = ownVsRentMonth({
        hours: days * 24, units: lot.quantity, depreciation: dep, bookValueAtStart: schedule.cost - booked, wattsPerUnit: lot.powerWatts ?? model.powerWatts ?? 0,
        pue: site?.pue ?? 1, energyPricePerMwh: site?.energyPricePerMwh ?? 0, supportPerUnitPerYear: lot.supportCostPerYear, monthOfYear: i - start,
        spacePerRackUnitMonth: 0, rackUnits: model.rackUnits ?? 0, interestRate: 0.08, utilisation: 0.7,
      }, price(model), model.performance);
      booked += dep;
      const bucket = i <= asOf ? sums.toDate : sums.ahead;
      bucket[0]! += month.owned.total;
      bucket[1]! += month.rental;
    }
    expect([row.toDate.owned, row.toDate.rental, row.ahead.owned, row.ahead.rental]).toEqual([sums.toDate[0], sums.toDate[1], sums.ahead[0], sums.ahead[1]]);
    expect(row.toDate.saving).toBe(sums.toDate[1]! - sums.toDate[0]!);
    expect(row.utilisation).toMatchObject({ value: 0.7, assumed: true, recordedMonths: 0 });
    expect(row.breakEven).toBeGreaterThan(0);
  });

  it('has no comparison for a lot whose model and category have no rental price', () => {
    const unpriced = result.lots.filter((l) => l.price === null);
    expect(unpriced.length).toBeGreaterThan(0);
    for (const l of unpriced) expect([l.toDate.rental, l.toDate.saving, l.ahead.saving, l.breakEven]).toEqual([null, null, null, null]);
  });

  it('charts cumulative cost: never falling, ending at the priced lots’ totals', () => {
    const usd = result.cumulative.USD!;
    expect(usd.owned).toHaveLength(result.months.length);
    for (let k = 1; k < usd.owned.length; k++) {
      expect(usd.owned[k]!).toBeGreaterThanOrEqual(usd.owned[k - 1]!);
      expect(usd.rental[k]!).toBeGreaterThanOrEqual(usd.rental[k - 1]!);
    }
    const priced = result.lots.filter((l) => l.price !== null && l.currency === 'USD');
    expect(usd.owned.at(-1)).toBe(priced.reduce((s, l) => s + l.toDate.owned + l.ahead.owned, 0));
    expect(usd.rental.at(-1)).toBe(priced.reduce((s, l) => s + (l.toDate.rental ?? 0) + (l.ahead.rental ?? 0), 0));
  });

  it('takes a month’s recorded utilisation over the assumption, and reports which was used', () => {
    const row = result.lots.find((l) => l.price !== null && l.price.term === 'on-demand')!;
    const lot = demo.lots.find((l) => l.id === row.lotId)!;
    const asOfMonth = TODAY.slice(0, 7);
    const busy = { ...lot, utilisation: { [asOfMonth]: 100, '2020-01': 5 } };
    const again = fleetOwnVsRent({ lots: [busy], models, sites: demo.sites, schedules }, scenario).lots[0]!;
    expect(again.utilisation).toMatchObject({ value: 1, assumed: false, recordedMonths: 1 });
    expect(again.utilisation.assumedMonths).toBe(row.utilisation.assumedMonths - 1);
    // Only the as-of month's rental changes: from 70 % of its hours to all of them.
    const hours = 30 * 24;
    const perHour = lot.quantity * 5_000;
    expect(again.toDate.rental! - row.toDate.rental!).toBe(Math.round(perHour * hours) - Math.round(perHour * hours * 0.7));
    expect(again.toDate.owned).toBe(row.toDate.owned);
    expect(again.ahead).toEqual(row.ahead);
  });

  it('sums per category and for the fleet over the priced lots, and the parts add up to the whole', () => {
    const fleet = result.fleet.find((t) => t.currency === 'USD')!;
    const categories = result.byCategory.filter((t) => t.currency === 'USD');
    expect(categories.map((t) => t.key)).toEqual(['gpu-server']);
    for (const span of ['toDate', 'ahead'] as const) {
      for (const k of ['owned', 'rental', 'saving'] as const) expect(categories.reduce((s, t) => s + t[span][k], 0)).toBe(fleet[span][k]);
      expect(fleet[span].saving).toBe(fleet[span].rental - fleet[span].owned);
    }
    expect(fleet.lots).toBe(result.lots.filter((l) => l.price !== null && l.currency === 'USD').length);
  });

  it('an energy price for every site replaces the sites’ own (a what-if)', () => {
    const free = fleetOwnVsRent({ lots: demo.lots, models, sites: demo.sites, schedules }, { ...scenario, energyPrice: { currency: 'USD', perMwh: 0 } });
    const dear = fleetOwnVsRent({ lots: demo.lots, models, sites: demo.sites, schedules }, { ...scenario, energyPrice: { currency: 'USD', perMwh: 100_000 } });
    const usd = (r: typeof result) => r.fleet.find((t) => t.currency === 'USD')!.toDate.owned;
    expect(usd(free)).toBeLessThan(usd(result));
    expect(usd(dear)).toBeGreaterThan(usd(result));
    // A price in another currency leaves these lots on their sites' prices.
    expect(usd(fleetOwnVsRent({ lots: demo.lots, models, sites: demo.sites, schedules }, { ...scenario, energyPrice: { currency: 'EUR', perMwh: 0 } }))).toBe(usd(result));
  });
});

describe('a lot split after depreciation began', () => {
  // One priced model, no energy, support or space, no interest: owned cost is the book's depreciation alone.
  const gpu = models.find((m) => m.category === 'gpu-server')!;
  const model = { ...gpu, powerWatts: null, rackUnits: 0 };
  const ctx = { now: '2026-11-29T10:00:00.000Z', newId: idSequence(), actor: 't' };
  const original = makeLot({ id: 'lot-a', code: 'A', modelId: model.id, siteId: null, quantity: 10, unitCost: 1_000_00, inServiceDate: '2026-01-01' });
  const split = moveLot(original, 1, { to: 'spare', quantity: 4, date: '2026-07-15' }, ctx, { takenCodes: new Set(['A']) });
  if (!split.ok) throw new Error(split.error);
  const family = split.value.lots;
  const quiet = { asOf: '2026-11-29', horizonMonths: 12, term: 'on-demand' as const, interestRate: 0, assumedUtilisation: 0.7, energyPrice: { currency: 'USD', perMwh: 0 } };
  const run = (lots: Lot[]) => fleetOwnVsRent({ lots, models: [model], sites: [], schedules: fullBookSchedules(lots, 1) }, quiet);

  it('keeps the family’s owned cost to date and ahead: the split changes no past or future month', () => {
    const whole = run([original]);
    const parts = run(family);
    expect(whole.lots[0]!.toDate.owned).toBe(183_334); // 11 of 60 months of 10,000.00
    expect(parts.fleet.map((t) => [t.toDate.owned, t.ahead.owned])).toEqual(whole.fleet.map((t) => [t.toDate.owned, t.ahead.owned]));
    expect(parts.cumulative.USD!.owned).toEqual(whole.cumulative.USD!.owned);
  });

  it('as of a date before a lot was disposed of: nothing is owned or rented for it from its disposal month on', () => {
    const sold = demo.lots.find((l) => l.status === 'disposed' && l.inServiceDate !== null && models.find((m) => m.id === l.modelId)?.rentalPrices?.length)!;
    const asOf = '2026-03-31';
    const disposedMonth = monthIndexOfDate(sold.disposedDate!);
    expect(disposedMonth).toBeGreaterThan(monthIndexOfDate(asOf));
    const horizon = 24;
    const one = fleetOwnVsRent({ lots: [sold], models, sites: demo.sites, schedules: fullBookSchedules([sold], 1) }, { ...scenario, asOf, horizonMonths: horizon });
    const row = one.lots[0]!;
    const series = one.cumulative.USD!;
    const at = (month: number): number => month - monthIndexOfDate(one.months[0]!);
    // The cumulative cost stops growing at the disposal: a lot sold is neither run nor rented after it.
    const last = series.owned.length - 1;
    expect(series.owned[last]).toBe(series.owned[at(disposedMonth) - 1]);
    expect(series.rental[last]).toBe(series.rental[at(disposedMonth) - 1]);
    expect(row.ahead.owned).toBe((series.owned[at(disposedMonth) - 1] ?? 0) - (series.owned[at(monthIndexOfDate(asOf))] ?? 0));
    expect(row.utilisation.assumedMonths + row.utilisation.recordedMonths).toBe(disposedMonth - monthIndexOfDate(sold.inServiceDate!));
  });
});
