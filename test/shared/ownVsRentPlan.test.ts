/**
 * Buy or rent for a planned purchase (issue 12): the net present value worked by hand to the
 * cent, the break-even utilisation that makes it zero, and the demo fleet's planned lots.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HardwareModel, Site } from '../../shared/catalog';
import { demoFleet } from '../../shared/demoFleet';
import { isCommitment } from '../../shared/depreciation/fleetValue';
import type { Lot } from '../../shared/lot';
import { plannedPurchase, plannedPurchases, policyLifeMonths } from '../../shared/ownVsRentPlan';

const TODAY = '2026-12-06';
let n = 0;
const demo = demoFleet({ today: TODAY, now: `${TODAY}T09:00:00.000Z`, newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` });
const planned = demo.lots.find((l) => l.status === 'planned')!;

const MODEL: HardwareModel = {
  ...demo.models[0]!, id: 'm-test', category: 'gpu-server', powerWatts: 1_000, rackUnits: 2, performance: 1, listPrice: null, successorId: null,
  rentalPrices: [{ id: 'r1', term: 'on-demand', pricePerHour: 1_000, currency: 'USD', performancePerInstance: 1, date: '2026-06-01', source: 'Cloud list price' }],
};
const SITE: Site = { ...demo.sites[0]!, id: 's-test', currency: 'USD', energyPricePerMwh: 10_000, pue: 1.5, spacePerRackUnitMonth: 1_000 };
/** Two servers at 100,000.00 each, planned into service in January 2027, sold at their salvage of 50,000.00 each. */
const LOT: Lot = {
  ...planned, id: 'l-test', code: 'PLAN-1', modelId: MODEL.id, siteId: SITE.id, status: 'planned', quantity: 2, unitCost: 10_000_000, extraCosts: 0, currency: 'USD',
  purchaseDate: '2026-12-20', receivedDate: null, inServiceDate: '2027-01-15', powerWatts: null, supportCostPerYear: 120_000, salvageValue: 5_000_000,
};
const SCENARIO = { asOf: TODAY, term: 'on-demand' as const, interestRate: 0.12, assumedUtilisation: 0.5, holdMonths: 2 };

describe('buy or rent, for a planned purchase', () => {
  it('is the present value of renting the same work less that of buying, to the cent (worked by hand)', () => {
    const r = plannedPurchase(LOT, { model: MODEL, models: [MODEL], site: SITE, curve: null }, SCENARIO);
    if (!r.ok) throw new Error(r.reason);
    // January 2027 (744 h), February (672 h); 1 % a month, discounted to December 2026 (one month before use).
    // energy: 1,000 W × 2 × 1.5 × 744 h × 100.00/MWh = 223.20; February 201.60
    // support: 1,200.00 a unit-year × 2 ÷ 12 = 200.00; space: 10.00 × 2 U × 2 = 40.00
    // price: 200,000.00 ÷ 1.01 = 198,019.80
    // running: 463.20 ÷ 1.01² + 441.60 ÷ 1.01³ = 882.69
    // resale: salvage 50,000.00 × 2 = 100,000.00 at the end of February ÷ 1.01³ = 97,059.01
    // buy: 198,019.8020 + 882.6857 − 97,059.0148 = 101,843.47
    // rent: 2 instances × 10.00 × 744 h × 50 % = 7,440.00; 6,720.00 → ÷ 1.01², ÷ 1.01³ = 13,815.77
    expect(r.value).toMatchObject({
      startMonth: '2027-01', endMonth: '2027-02', months: 2, refreshMonth: '2027-03',
      buy: { capex: 20_000_000, capexPv: 19_801_980, runningPv: 88_269, resale: 10_000_000, resalePv: 9_705_901, pv: 10_184_347 },
      rent: { total: 1_416_000, pv: 1_381_577 },
      npv: 1_381_577 - 10_184_347,
    });
    // Renting on demand would cost what buying does at 368.6 % utilisation: over two months buying never pays.
    expect(r.value.breakEvenUtilisation).toBeCloseTo(3.685769403698, 9);
    expect(r.value.assumptions.join('\n')).toMatch(/salvage value/u);
    expect(r.value.assumptions.join('\n')).toMatch(/50 %, assumed for every month/u);
  });

  it('at its break-even utilisation buying and renting on demand are worth the same', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 100, max: 50_000 }), (months, ratePercent, pricePerHour) => {
        const model = { ...MODEL, rentalPrices: [{ ...MODEL.rentalPrices![0]!, pricePerHour }] };
        const scenario = { ...SCENARIO, holdMonths: months, interestRate: ratePercent / 100 };
        const first = plannedPurchase(LOT, { model, models: [model], site: SITE, curve: null }, scenario);
        if (!first.ok || first.value.breakEvenUtilisation === null) throw new Error('no break-even');
        const at = plannedPurchase(LOT, { model, models: [model], site: SITE, curve: null }, { ...scenario, assumedUtilisation: first.value.breakEvenUtilisation });
        if (!at.ok) throw new Error(at.reason);
        // Each month's rental is rounded to the cent: at most half a cent a month apart.
        expect(Math.abs(at.value.npv)).toBeLessThanOrEqual(months);
      }),
    );
  });

  it('uses the utilisation recorded on the lot, month by month, and says how much was assumed', () => {
    const lot = { ...LOT, utilisation: { '2027-01': 100 } };
    const r = plannedPurchase(lot, { model: MODEL, models: [MODEL], site: SITE, curve: null }, SCENARIO);
    if (!r.ok) throw new Error(r.reason);
    expect(r.value.rent.total).toBe(2 * 1_000 * 744 + 672_000);
    expect(r.value.assumptions.join('\n')).toMatch(/recorded for 1 month, 50 % assumed for the other 1/u);
    // The break-even is then the utilisation of the assumed month that makes the NPV zero.
    const at = plannedPurchase(lot, { model: MODEL, models: [MODEL], site: SITE, curve: null }, { ...SCENARIO, assumedUtilisation: r.value.breakEvenUtilisation! });
    if (!at.ok) throw new Error(at.reason);
    expect(Math.abs(at.value.npv)).toBeLessThanOrEqual(2);
  });

  it('on a term, utilisation does not change the answer', () => {
    const model = { ...MODEL, rentalPrices: [{ ...MODEL.rentalPrices![0]!, term: '3-year' as const }] };
    const at = (u: number) => plannedPurchase(LOT, { model, models: [model], site: SITE, curve: null }, { ...SCENARIO, term: '3-year', assumedUtilisation: u });
    const low = at(0.1);
    const high = at(0.9);
    if (!low.ok || !high.ok) throw new Error('failed');
    expect(low.value.npv).toBe(high.value.npv);
    expect(low.value.breakEvenUtilisation).toBeNull();
  });

  it('says why when it cannot compare', () => {
    expect(plannedPurchase({ ...LOT, status: 'in-service' }, { model: MODEL, models: [MODEL], site: SITE, curve: null }, SCENARIO)).toMatchObject({ ok: false, reason: expect.stringMatching(/only planned and ordered/u) });
    expect(plannedPurchase(LOT, { model: { ...MODEL, rentalPrices: [] }, models: [], site: SITE, curve: null }, SCENARIO)).toMatchObject({ ok: false, reason: expect.stringMatching(/no on demand rental price in USD/u) });
    expect(plannedPurchase({ ...LOT, book: { ...LOT.book, policy: { method: 'none' } } }, { model: MODEL, models: [MODEL], site: SITE, curve: null }, { ...SCENARIO, holdMonths: null })).toMatchObject({ ok: false, reason: expect.stringMatching(/no holding period/u) });
  });

  it('holds a lot for its book life unless told otherwise', () => {
    expect(policyLifeMonths({ method: 'straight-line', lifeMonths: 60, convention: 'full-month' })).toBe(60);
    expect(policyLifeMonths({ method: 'macrs', recoveryYears: 5, convention: 'half-year' })).toBe(60);
    const r = plannedPurchase(LOT, { model: MODEL, models: [MODEL], site: SITE, curve: null }, { ...SCENARIO, holdMonths: null });
    if (!r.ok) throw new Error(r.reason);
    expect(r.value.months).toBe(policyLifeMonths(LOT.book.policy));
  });

  it('covers every planned and ordered lot of the demo fleet, resale from the market curve', () => {
    const all = plannedPurchases({ lots: demo.lots, models: demo.models, sites: demo.sites, observations: demo.observations }, { ...SCENARIO, holdMonths: null });
    expect(all).toHaveLength(demo.lots.filter(isCommitment).length);
    const compared = all.filter((r) => r.ok);
    expect(compared.length).toBeGreaterThan(0);
    for (const r of compared) {
      expect(r.value.npv).toBe(r.value.rent.pv - r.value.buy.pv);
      expect(r.value.buy.resale).toBeGreaterThan(0);
      expect(r.value.assumptions.join('\n')).toMatch(/market curve’s p50/u);
    }
    for (const r of all.filter((x) => !x.ok)) expect(r.reason).not.toBe('');
  });
});
