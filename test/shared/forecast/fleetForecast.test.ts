import { describe, expect, it } from 'vitest';
import type { Category, HardwareModel, Site } from '../../../shared/catalog';
import { copyTemplate, DEFAULT_CATEGORY_POLICIES } from '../../../shared/depreciation/policies';
import { firstDayOfMonth, monthIndexOfDate } from '../../../shared/depreciation/fiscal-calendar';
import { nbvAt } from '../../../shared/depreciation/fleetReport';
import { lotSchedule } from '../../../shared/depreciation/lotSchedule';
import {
  fleetForecast,
  gainLossAt,
  lotMarketAt,
  NO_SUCCESSOR_REASON,
  workRatio,
  type FleetForecast,
  type FleetForecastInput,
  type ForecastObservation,
  type LotForecast,
} from '../../../shared/forecast/fleetForecast';
import { residualSeries } from '../../../shared/forecast/residual';
import { costBasis, type Lot } from '../../../shared/lot';
import type { LotStatus } from '../../../shared/lifecycle';

const NOW = '2026-01-01T00:00:00.000Z';

function model(id: string, category: Category, extra: Partial<HardwareModel> = {}): HardwareModel {
  return {
    id,
    manufacturer: 'Acme',
    name: id,
    category,
    powerWatts: null,
    rackUnits: null,
    listPrice: null,
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
    ...extra,
  };
}

function lot(code: string, modelId: string, category: Category, extra: Partial<Lot> = {}): Lot {
  const policies = DEFAULT_CATEGORY_POLICIES[category];
  const status: LotStatus = extra.status ?? 'in-service';
  return {
    id: `id-${code}`,
    code,
    modelId,
    quantity: 4,
    unitCost: 25_000_000,
    extraCosts: 10_000,
    currency: 'USD',
    purchaseDate: '2023-05-10',
    receivedDate: '2023-05-20',
    inServiceDate: '2023-06-01',
    siteId: 'site-1',
    supplier: '',
    poNumber: 'PO',
    warrantyEnd: null,
    salvageValue: 0,
    powerWatts: null,
    supportCostPerYear: 150_000,
    status,
    disposition: null,
    disposedDate: null,
    proceeds: null,
    replacementPlan: '',
    notes: '',
    tags: [],
    parentId: null,
    book: copyTemplate(policies.book),
    tax: copyTemplate(policies.tax),
    adjustments: [],
    depreciationChain: null,
    demo: false,
    createdAt: NOW,
    updatedAt: NOW,
    ...extra,
  };
}

const sites: Site[] = [
  { id: 'site-1', code: 'AMS1', name: 'Amsterdam', energyPricePerMwh: 15_000, currency: 'USD', pue: 1.3, notes: '', demo: false, createdAt: NOW, updatedAt: NOW },
];

const models: HardwareModel[] = [
  model('h100', 'gpu-server', { listPrice: 30_000_000, releaseDate: '2023-03-01', powerWatts: 10_200, successorId: 'b200' }),
  model('b200', 'gpu-server', { listPrice: 45_000_000, releaseDate: '2025-03-01', powerWatts: 14_300 }),
  model('a100', 'gpu-server', { listPrice: 20_000_000, releaseDate: '2020-06-01' }),
  model('r760', 'cpu-server'),
];

function obs(modelId: string, date: string, unitPrice: number, condition: ForecastObservation['condition'] = 'used'): ForecastObservation {
  return { modelId, date, unitPrice, currency: 'USD', condition };
}

const observations: ForecastObservation[] = [
  obs('h100', '2024-06-01', 23_000_000),
  obs('h100', '2025-06-01', 17_500_000),
  obs('h100', '2026-06-01', 14_000_000, 'refurbished'),
  obs('h100', '2027-06-01', 1), // after asOf: ignored
  obs('b200', '2025-09-01', 40_000_000, 'new'),
  obs('b200', '2026-09-01', 33_000_000, 'used'),
];

const lots: Lot[] = [
  lot('GPU-1', 'h100', 'gpu-server', { quantity: 8 }),
  lot('GPU-2', 'h100', 'gpu-server', { quantity: 2, inServiceDate: '2024-02-15' }),
  lot('GPU-OLD', 'a100', 'gpu-server', { quantity: 16, unitCost: 15_000_000, inServiceDate: '2021-01-01' }),
  // Received, not in service yet: owned, at its cost basis.
  lot('CPU-NEW', 'r760', 'cpu-server', { status: 'received', quantity: 10, unitCost: 1_250_000, purchaseDate: '2026-10-01', receivedDate: '2026-10-01', inServiceDate: null }),
  // Ordered: a commitment, never fleet value (PRODUCT.md "Fleet value").
  lot('CPU-NEXT', 'r760', 'cpu-server', { status: 'ordered', quantity: 4, unitCost: 1_300_000, purchaseDate: '2026-11-15', receivedDate: null, inServiceDate: null }),
  lot('GPU-GONE', 'h100', 'gpu-server', { status: 'disposed', disposition: 'sold', disposedDate: '2025-01-10', proceeds: 100 }),
];

const input: FleetForecastInput = { lots, models, sites, observations, asOf: '2026-12-01', horizonMonths: 36, fiscalYearStartMonth: 1 };

function forecast(extra: Partial<FleetForecastInput> = {}): FleetForecast {
  const result = fleetForecast({ ...input, ...extra });
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

function byCode(f: FleetForecast, code: string): LotForecast {
  const found = f.lots.find((l) => l.lotCode === code);
  if (found === undefined) throw new Error(`no lot ${code}`);
  return found;
}

describe('fleetForecast', () => {
  const f = forecast();

  it('covers asOf’s month and the horizon, over the lots owned: disposed ones skipped, ordered ones counted apart as commitments', () => {
    expect(f.months).toHaveLength(37);
    expect(f.months[0]).toBe('2026-12');
    expect(f.months[1]).toBe('2027-01');
    expect(f.months[36]).toBe('2029-12');
    expect(f.lots.map((l) => l.lotCode)).toEqual(['GPU-1', 'GPU-2', 'GPU-OLD', 'CPU-NEW']);
    expect(f.disposedSkipped).toBe(1);
    expect(f.commitments).toEqual({ lots: 1, cost: { USD: 4 * 1_300_000 + 10_000 } });
    for (const l of f.lots) expect(l.book).toHaveLength(37);
  });

  it('a lot whose model is not in the catalogue (removed on another device meanwhile) keeps its book values and says why it has no market value; the rest of the fleet is forecast as before', () => {
    const orphan = lot('GPU-ORPHAN', 'gone', 'gpu-server', { quantity: 2 });
    const withOrphan = forecast({ lots: [...lots, orphan] });
    const l = byCode(withOrphan, 'GPU-ORPHAN');
    const schedule = lotSchedule(orphan, 'book', 1);
    if (!schedule.ok || schedule.value === null) throw new Error('no schedule');
    const s = schedule.value;
    withOrphan.months.forEach((m, i) => expect(l.book[i]).toBe(nbvAt(s, m)));
    expect(l.unitMarket).toBeNull();
    expect(l.marketProblem).toBe("GPU-ORPHAN's model is not in the catalogue (removed, perhaps on another device while this lot was made with it): add the model again, or give the lot another, for its market value and refresh.");
    expect(l.refresh).toMatchObject({ recommendedMonth: null, reason: l.marketProblem });
    for (const code of ['GPU-1', 'GPU-2', 'GPU-OLD', 'CPU-NEW']) expect(byCode(withOrphan, code)).toEqual(byCode(f, code));
  });

  it('book values are the engine’s nbvAt, month by month', () => {
    for (const code of ['GPU-1', 'GPU-2', 'GPU-OLD']) {
      const l = byCode(f, code);
      const source = lots.find((x) => x.code === code);
      if (source === undefined) throw new Error(code);
      const schedule = lotSchedule(source, 'book', 1);
      if (!schedule.ok || schedule.value === null) throw new Error('no schedule');
      const s = schedule.value;
      f.months.forEach((m, i) => expect(l.book[i]).toBe(nbvAt(s, m)));
    }
  });

  it('a lot not yet in service stays at its cost basis and is priced new', () => {
    const l = byCode(f, 'CPU-NEW');
    const source = lots.find((x) => x.code === 'CPU-NEW');
    if (source === undefined) throw new Error('CPU-NEW');
    expect([...l.book].every((v) => v === costBasis(source))).toBe(true);
    expect(l.condition).toBe('new');
    expect(l.inService).toBe(false);
    expect(l.stage).toBe('procure');
    // No list price and no observations: the lots' unit cost stands in.
    expect(l.listPriceSource).toBe('lot-cost');
    expect(l.curve?.originDate).toBe('2026-10-01');
  });

  it('market values are the model curve’s per-unit series × quantity, ordered p10 ≤ p50 ≤ p90', () => {
    const a = byCode(f, 'GPU-1');
    const b = byCode(f, 'GPU-2');
    if (a.unitMarket === null || a.curve === null) throw new Error('no market');
    expect(b.unitMarket).toBe(a.unitMarket); // one series per model and condition
    const perUnit = residualSeries(a.curve, firstDayOfMonth(monthIndexOfDate('2026-12-01') + 1), 36, 'used');
    for (let i = 0; i < 37; i++) {
      expect(lotMarketAt(a, i)).toEqual({ p10: 8 * (perUnit.p10[i] ?? 0), p50: 8 * (perUnit.p50[i] ?? 0), p90: 8 * (perUnit.p90[i] ?? 0) });
      expect(lotMarketAt(b, i)?.p50).toBe(2 * (perUnit.p50[i] ?? 0));
    }
    expect(a.curve.source).toBe('model');
    expect(a.curve.observationCount).toBe(3);
    expect(a.curve.skippedObservationCount).toBe(1);
    for (const l of f.lots) {
      for (let i = 0; i < 37; i++) {
        const m = lotMarketAt(l, i);
        if (m === null) throw new Error(`${l.lotCode}: ${l.marketProblem ?? ''}`);
        expect(m.p10).toBeLessThanOrEqual(m.p50);
        expect(m.p50).toBeLessThanOrEqual(m.p90);
        expect(gainLossAt(l, i)).toBe(m.p50 - (l.book[i] ?? 0));
      }
    }
  });

  it('a model with no observations of its own falls back on its category', () => {
    expect(byCode(f, 'GPU-OLD').curve?.source).toBe('category');
    expect(byCode(f, 'GPU-OLD').curve?.categoryObservationCount).toBe(5); // h100's 3 usable + b200's 2
  });

  it('refresh: from the successor when there is one, else the documented reason', () => {
    const a = byCode(f, 'GPU-1');
    expect(a.refresh.successorId).toBe('b200');
    expect(a.refresh.reason).toMatch(/Acme b200/u);
    if (a.refresh.recommendedMonth !== null) expect(f.months.slice(1)).toContain(a.refresh.recommendedMonth);
    expect(byCode(f, 'GPU-OLD').refresh).toEqual({
      recommendedMonth: null, trigger: null, reason: NO_SUCCESSOR_REASON, successorId: null,
      proceeds: null, replacementUnits: null, replacementCapex: null, energySavedPerYear: null, energySavedMwhPerYear: null,
    });
    // Dearer energy makes keeping the old lot cost more, so refresh comes no later.
    const dear = byCode(forecast({ energyPricePerMwhOverride: 500_000, perfPerWattGain: 3 }), 'GPU-1');
    expect(dear.refresh.recommendedMonth).not.toBeNull();
    if (a.refresh.recommendedMonth !== null && dear.refresh.recommendedMonth !== null) {
      expect(dear.refresh.recommendedMonth <= a.refresh.recommendedMonth).toBe(true);
    }
  });

  it('refresh: replacing work with the successor, priced and in energy', () => {
    // No performance in the catalogue: work follows power (14.3 kW ÷ 10.2 kW) × the assumed gain 1.
    const a = byCode(f, 'GPU-1').refresh;
    expect(a.replacementUnits).toBe(Math.ceil(8 / (14_300 / 10_200)));
    expect(a.replacementUnits).toBe(6);
    expect(a.replacementCapex).toBe(6 * 45_000_000);
    // 8 × 10.2 kW against 6 × 14.3 kW, × PUE 1.3 × 8,760 h, at 150.00 per MWh.
    const mwh = ((8 * 10_200 - 6 * 14_300) * 1.3 * 8_760) / 1e6;
    expect(a.energySavedMwhPerYear).toBeCloseTo(mwh, 9);
    expect(a.energySavedPerYear).toBe(Math.round((8 * 10_200 * 1.3 * 8_760 * 15_000) / 1e6) - Math.round((6 * 14_300 * 1.3 * 8_760 * 15_000) / 1e6));
    expect(a.energySavedPerYear).toBeLessThan(0); // more power in total: the replacement does more work than needed
  });

  it('refresh: the catalogue’s performance per unit decides how much work a successor does', () => {
    const withPerf = models.map((m) => (m.id === 'h100' ? { ...m, performance: 1 } : m.id === 'b200' ? { ...m, performance: 4 } : m));
    const g = forecast({ models: withPerf, perfPerWattGain: 10 }); // the gain is ignored when both performances are known
    const r = byCode(g, 'GPU-1').refresh;
    expect(r.replacementUnits).toBe(2);
    expect(r.replacementCapex).toBe(2 * 45_000_000);
    expect(r.energySavedPerYear).toBeGreaterThan(0);
    // Without a site energy price the saving in money is unknown (the MWh are not).
    const noPrice = byCode(forecast({ models: withPerf, sites: sites.map((x) => ({ ...x, energyPricePerMwh: null })) }), 'GPU-1').refresh;
    expect(noPrice.energySavedPerYear).toBeNull();
    expect(noPrice.energySavedMwhPerYear).toBeCloseTo(r.energySavedMwhPerYear ?? Number.NaN, 9);
    // Four times the work per unit makes the successor's capacity cheap: refresh comes no later than with power alone.
    expect(r.recommendedMonth).not.toBeNull();
    // By power alone (1.4 units' work per successor unit) keeping stays cheaper through the horizon;
    // at 4× it does not, from the first month.
    expect(byCode(f, 'GPU-1').refresh.recommendedMonth).toBeNull();
    expect(r.recommendedMonth).toBe('2027-01');
    expect(r.trigger).toBe('economics');
    // Proceeds are the lot's p50 at the start of the month it is due.
    const lotF = byCode(g, 'GPU-1');
    const k = g.months.indexOf(r.recommendedMonth ?? '') - 1;
    expect(r.proceeds).toBe(8 * (lotF.unitMarket?.p50[k] ?? Number.NaN));
  });

  it('workRatio: performance ratio, else power × gain, else the gain', () => {
    expect(workRatio({ performance: 2 }, { performance: 5 }, 700, 1_000, 9)).toBe(2.5);
    expect(workRatio({ performance: null }, { performance: 5 }, 700, 1_400, 1.5)).toBe(3);
    expect(workRatio({ performance: 2 }, { performance: null }, 0, 1_400, 1.5)).toBe(1.5);
  });

  it('refresh: a hold-until age brings a lot forward, and applies to lots without a successor', () => {
    // GPU-OLD went into service 2021-01-01: it reaches 6 years in 2027-01, the plan's first month.
    const g = forecast({ holdUntilAgeMonths: 72 });
    const old = byCode(g, 'GPU-OLD').refresh;
    expect(old).toMatchObject({ recommendedMonth: '2027-01', trigger: 'age', successorId: null, replacementUnits: null, replacementCapex: null });
    // The reason after the age is a sentence of its own, as the Value tab and the calendar show it.
    expect(old.reason).toBe('Reaches the hold-until age of 6 years in 2027-01. No successor model in the catalogue.');
    expect(old.proceeds).toBe(16 * (byCode(g, 'GPU-OLD').unitMarket?.p50[0] ?? Number.NaN));
    // GPU-2 (in service 2024-02-15) reaches 4 years in 2028-02; GPU-1 (2023-06-01) in 2027-06.
    const h = forecast({ holdUntilAgeMonths: 48 });
    expect(byCode(h, 'GPU-2').refresh.recommendedMonth).toBe('2028-02');
    expect(byCode(h, 'GPU-1').refresh.recommendedMonth).toBe('2027-06');
    expect(byCode(h, 'GPU-1').refresh.reason).toMatch(/^Reaches the hold-until age of 4 years in 2027-06/u);
    // A lot not yet in service ages from its receipt (2026-10-01): 3 years 4 months → 2030-02, past the horizon (2029-12).
    expect(byCode(forecast({ holdUntilAgeMonths: 40 }), 'CPU-NEW').refresh.recommendedMonth).toBeNull();
    expect(byCode(forecast({ holdUntilAgeMonths: 38 }), 'CPU-NEW').refresh.recommendedMonth).toBe('2029-12');
    expect(byCode(forecast({ holdUntilAgeMonths: 24 }), 'CPU-NEW').refresh).toMatchObject({ recommendedMonth: '2028-10', trigger: 'age' });
    // Past the age before the plan starts (GPU-OLD reached 4 years in 2025-01): due in the first month, and the reason says it was passed then.
    const past = byCode(h, 'GPU-OLD').refresh;
    expect(past).toMatchObject({ recommendedMonth: '2027-01', trigger: 'age' });
    expect(past.reason).toBe('Passed the hold-until age of 4 years in 2025-01: due now, in 2027-01. No successor model in the catalogue.');
    // Without the limit nothing is due by age.
    expect(byCode(f, 'GPU-OLD').refresh.recommendedMonth).toBeNull();
    expect(fleetForecast({ ...input, holdUntilAgeMonths: -1 }).ok).toBe(false);
    expect(fleetForecast({ ...input, holdUntilAgeMonths: 1.5 }).ok).toBe(false);
  });

  it('fleet totals add up by category, site and stage', () => {
    const fleet = f.totals.filter((t) => t.by === 'fleet');
    expect(fleet).toHaveLength(1);
    const all = fleet[0];
    if (all === undefined) throw new Error('no fleet total');
    expect(all.lotCount).toBe(4);
    for (let i = 0; i < 37; i++) {
      expect(all.book[i]).toBe(f.lots.reduce((s, l) => s + (l.book[i] ?? 0), 0));
      expect(all.p50[i]).toBe(f.lots.reduce((s, l) => s + (lotMarketAt(l, i)?.p50 ?? 0), 0));
      for (const by of ['category', 'site', 'stage'] as const) {
        const groups = f.totals.filter((t) => t.by === by);
        expect(groups.reduce((s, t) => s + (t.book[i] ?? 0), 0)).toBe(all.book[i]);
        expect(groups.reduce((s, t) => s + (t.p90[i] ?? 0), 0)).toBe(all.p90[i]);
      }
    }
    expect(f.totals.filter((t) => t.by === 'category').map((t) => t.key)).toEqual(['gpu-server', 'cpu-server']);
    expect(f.totals.filter((t) => t.by === 'stage').map((t) => t.key)).toEqual(['deploy', 'procure']);
  });

  it('is deterministic', () => {
    expect(forecast()).toEqual(f);
  });

  it('refuses bad parameters as a value', () => {
    expect(fleetForecast({ ...input, horizonMonths: 0 })).toEqual({ ok: false, error: expect.stringMatching(/horizon/u) as unknown });
    expect(fleetForecast({ ...input, horizonMonths: 241 }).ok).toBe(false);
    expect(fleetForecast({ ...input, fiscalYearStartMonth: 13 }).ok).toBe(false);
    expect(fleetForecast({ ...input, asOf: '2026-13-01' }).ok).toBe(false);
    expect(fleetForecast({ ...input, interestRate: -2 }).ok).toBe(false);
  });
});

describe('fleetForecast refresh with a successor whose power draw is unknown', () => {
  // A successor that is the same machine (same price, release, performance) and only lacks its
  // power draw in the catalogue: replacing a lot with it buys nothing, so whether it is due must
  // not depend on whether its watts were typed in. Counting its energy as 0 made every such lot
  // due at once (keeping pays its energy, the successor ran for free).
  const twin = (watts: number | null): HardwareModel[] => [
    model('old', 'gpu-server', { listPrice: 30_000_000, releaseDate: '2023-03-01', powerWatts: 10_200, successorId: 'new', performance: 100 }),
    model('new', 'gpu-server', { listPrice: 30_000_000, releaseDate: '2023-03-01', powerWatts: watts, performance: 100 }),
  ];
  const run = (watts: number | null, extra: Partial<FleetForecastInput> = {}): LotForecast => {
    const r = fleetForecast({ ...input, lots: [lot('L', 'old', 'gpu-server')], models: twin(watts), observations: [], horizonMonths: 120, ...extra });
    if (!r.ok) throw new Error(r.error);
    return byCode(r.value, 'L');
  };

  it('counts the successor as drawing what the lot draws for the same work (perf/W gain 1)', () => {
    const known = run(10_200).refresh;
    const unknown = run(null).refresh;
    expect(known.recommendedMonth).toBeNull();
    expect(unknown.recommendedMonth).toBe(known.recommendedMonth);
    expect(unknown.reason).toBe(known.reason);
    // The energy a year saved stays unknown: it is not in the catalogue.
    expect(unknown.energySavedPerYear).toBeNull();
    expect(unknown.energySavedMwhPerYear).toBeNull();
    // At 1,500.00 per MWh the lot's energy outweighs the rest: it was recommended for refresh
    // in the plan's first month, in favour of the same machine.
    const dear = { energyPricePerMwhOverride: 150_000 };
    expect(run(10_200, dear).refresh.recommendedMonth).toBeNull();
    expect(run(null, dear).refresh.recommendedMonth).toBeNull();
  });

  it('an assumed perf/W gain makes the unknown successor draw less for the same work', () => {
    // Twice the efficiency: as if the successor drew 5.1 kW for the same work.
    expect(run(null, { perfPerWattGain: 2 }).refresh.reason).toBe(run(5_100, { perfPerWattGain: 2 }).refresh.reason);
  });
});

describe('fleetForecast as of a date before a lot was disposed', () => {
  // GPU-GONE was sold on 2025-01-10; as of 2024-12-01 it is still owned (PRODUCT.md "Fleet value"),
  // but from its disposal month on it is off the books: no book value, no market value, no refresh.
  const sold = lot('GPU-SOLD', 'h100', 'gpu-server', { status: 'disposed', disposition: 'sold', disposedDate: '2025-03-10', proceeds: 100 });
  // Returned to the supplier before it went into service: no schedule, so its book value is its cost until then.
  const returned = lot('CPU-RET', 'r760', 'cpu-server', { status: 'disposed', disposition: 'returned', disposedDate: '2025-03-10', proceeds: 0, inServiceDate: null, unitCost: 1_000_000 });
  const kept = lot('GPU-KEPT', 'h100', 'gpu-server');
  const g = (() => {
    const r = fleetForecast({ ...input, lots: [sold, returned, kept], asOf: '2024-12-01', horizonMonths: 12, holdUntilAgeMonths: 24 });
    if (!r.ok) throw new Error(r.error);
    return r.value;
  })();

  it('counts it in the forecast until its disposal month and not as skipped', () => {
    expect(g.lots.map((l) => l.lotCode)).toEqual(['GPU-SOLD', 'CPU-RET', 'GPU-KEPT']);
    expect(g.disposedSkipped).toBe(0);
  });

  it('has neither book nor market value from its disposal month, and the totals leave it out', () => {
    const disposedAt = g.months.indexOf('2025-03');
    expect(disposedAt).toBe(3);
    for (const code of ['GPU-SOLD', 'CPU-RET']) {
      const l = byCode(g, code);
      expect(l.book[disposedAt - 1]).toBeGreaterThan(0);
      for (let i = disposedAt; i < g.months.length; i++) {
        expect(l.book[i]).toBe(0);
        expect(lotMarketAt(l, i)?.p50 ?? 0).toBe(0);
        expect(gainLossAt(l, i) ?? 0).toBe(0);
      }
    }
    const fleet = g.totals.find((t) => t.by === 'fleet');
    const k = byCode(g, 'GPU-KEPT');
    for (let i = disposedAt; i < g.months.length; i++) {
      expect(fleet?.book[i]).toBe(k.book[i]);
      expect(fleet?.p50[i]).toBe(lotMarketAt(k, i)?.p50);
    }
  });

  it('is not recommended for refresh after it was disposed', () => {
    // a100 has no successor: only the hold-until age (40 months from 2022-01-01 = 2025-05) can make it due.
    const extra = { inServiceDate: '2022-01-01', unitCost: 15_000_000 };
    const oldSold = lot('A100-SOLD', 'a100', 'gpu-server', { ...extra, status: 'disposed', disposition: 'sold', disposedDate: '2025-03-10', proceeds: 100 });
    const oldKept = lot('A100-KEPT', 'a100', 'gpu-server', extra);
    const r = fleetForecast({ ...input, lots: [oldSold, oldKept], asOf: '2024-12-01', horizonMonths: 12, holdUntilAgeMonths: 40 });
    if (!r.ok) throw new Error(r.error);
    expect(byCode(r.value, 'A100-KEPT').refresh).toMatchObject({ recommendedMonth: '2025-05', trigger: 'age' });
    expect(byCode(r.value, 'A100-SOLD').refresh).toMatchObject({ recommendedMonth: null, trigger: null, proceeds: null });
  });
});
