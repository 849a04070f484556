import { describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/dates';
import {
  fitResidualCurve,
  H100_VINTAGE_CURVE,
  logLinearFit,
  RESIDUAL_PRIORS,
  residualQuantiles,
  residualQuantilesAtAge,
  residualSeries,
  studentT90,
  type ResidualCurve,
  type ResidualFitInput,
  type ResidualObservation,
  type ResidualPrior,
} from '../../../shared/forecast/residual';
import { CONDITION_FACTOR_DEFAULTS, type Condition } from '../../../shared/market';

/** mulberry32: a tiny seeded PRNG, so every synthetic data set is the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal by Box–Muller. */
function normal(rand: () => number): number {
  const u = 1 - rand();
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

const RELEASE = '2020-01-01';
const LIST = 3_000_000; // USD 30,000.00
const DAYS_PER_YEAR = 365.25;

/** The known curve the synthetic market follows: list × e^(−k·age) × log-normal noise. */
interface Truth {
  k: number;
  sigma: number;
  level?: number; // new-equivalent price at age 0 ÷ list
}

function draw(rand: () => number, truth: Truth, ageYears: number, condition: Condition = 'new'): ResidualObservation {
  const days = Math.round(ageYears * DAYS_PER_YEAR);
  const price = LIST * (truth.level ?? 1) * Math.exp(-truth.k * (days / DAYS_PER_YEAR) + truth.sigma * normal(rand)) * CONDITION_FACTOR_DEFAULTS[condition];
  return { date: addDays(RELEASE, days), unitPrice: Math.round(price), currency: 'USD', condition };
}

function sample(rand: () => number, truth: Truth, n: number, maxAgeYears: number, condition: Condition = 'new'): ResidualObservation[] {
  return Array.from({ length: n }, () => draw(rand, truth, rand() * maxAgeYears, condition));
}

function fit(input: Partial<ResidualFitInput> & Pick<ResidualFitInput, 'observations'>): ResidualCurve {
  const r = fitResidualCurve({
    category: 'gpu-server',
    currency: 'USD',
    listPrice: LIST,
    releaseDate: RELEASE,
    asOf: '2025-01-01',
    ...input,
  });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** Plain OLS slope of ln(price/conditionFactor) on age: what the data alone say. */
function olsDecay(obs: readonly ResidualObservation[]): number {
  return logLinearFit(
    obs.map((o) => ({
      ageYears: (Date.parse(o.date) - Date.parse(RELEASE)) / 86_400_000 / DAYS_PER_YEAR,
      value: o.unitPrice / CONDITION_FACTOR_DEFAULTS[o.condition],
    })),
  ).decayPerYear;
}

// The truth is deliberately far from the GPU prior (k ≈ 0.263), so recovering it shows the
// data winning, not the prior happening to be right.
const TRUTH: Truth = { k: 0.4, sigma: 0.15 };

describe('priors', () => {
  it('derives the GPU prior from the published H100 curve by least squares', () => {
    const p = RESIDUAL_PRIORS['gpu-server'];
    expect(p.decayPerYear).toBeCloseTo(0.2628, 3);
    expect(Math.exp(-p.decayPerYear * 4)).toBeCloseTo(H100_VINTAGE_CURVE[4] ?? 0, 1);
    expect(Math.abs(p.logInterceptMean)).toBeLessThan(0.02);
  });

  it('reads "used PC value falls about half a year" as halving each year', () => {
    expect(Math.exp(-RESIDUAL_PRIORS['cpu-server'].decayPerYear)).toBeCloseTo(0.5, 10);
  });

  it('every category prior is valid and can be fitted with no observations', () => {
    for (const [category, prior] of Object.entries(RESIDUAL_PRIORS)) {
      expect(prior.betweenModelDecaySd).toBeLessThan(prior.decaySd);
      const r = fitResidualCurve({ category: category as ResidualFitInput['category'], currency: 'USD', listPrice: LIST, releaseDate: RELEASE, asOf: '2025-01-01', observations: [] });
      expect(r.ok).toBe(true);
    }
  });

  it('the t multiplier matches published t tables', () => {
    // t(0.90) for ν = 2, 4, 10, 30 from standard tables.
    expect(studentT90(2)).toBeCloseTo(1.886, 2);
    expect(studentT90(4)).toBeCloseTo(1.533, 3);
    expect(studentT90(10)).toBeCloseTo(1.372, 3);
    expect(studentT90(30)).toBeCloseTo(1.31, 3);
  });
});

describe('fitResidualCurve: honesty on synthetic data from a known curve', () => {
  it('recovers the decay rate within 10 % from 30 observations (seed 7)', () => {
    const obs = sample(mulberry32(7), TRUTH, 30, 5);
    const curve = fit({ observations: obs });
    const error = Math.abs(curve.decayPerYear - TRUTH.k) / TRUTH.k;
    expect(error).toBeLessThan(0.1);
    expect(curve.source).toBe('model');
    expect(curve.modelDataWeight).toBeGreaterThan(0.9);
  });

  it('over 100 seeds with 30 observations, ≥ 95 % recover k within 10 % and the median error is under 5 %', () => {
    const errors: number[] = [];
    for (let seed = 1; seed <= 100; seed++) {
      const curve = fit({ observations: sample(mulberry32(seed), TRUTH, 30, 5) });
      errors.push(Math.abs(curve.decayPerYear - TRUTH.k) / TRUTH.k);
    }
    errors.sort((a, b) => a - b);
    expect(errors.filter((e) => e < 0.1).length).toBeGreaterThanOrEqual(95);
    expect(errors[50]).toBeLessThan(0.05);
  });

  it('the error shrinks with more observations', () => {
    const meanError = (n: number): number => {
      let total = 0;
      for (let seed = 1; seed <= 50; seed++) total += Math.abs(fit({ observations: sample(mulberry32(seed), TRUTH, n, 5) }).decayPerYear - TRUTH.k);
      return total / 50 / TRUTH.k;
    };
    const e30 = meanError(30);
    const e120 = meanError(120);
    expect(e120).toBeLessThan(e30 * 0.7);
  });

  it('the p10–p90 band holds about 80 % of held-out points within the observed ages', () => {
    let inside = 0;
    let total = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const rand = mulberry32(1000 + seed);
      const curve = fit({ observations: sample(rand, TRUTH, 40, 5) });
      for (let j = 0; j < 40; j++) {
        const age = rand() * 5;
        const truePrice = LIST * Math.exp(-TRUTH.k * age + TRUTH.sigma * normal(rand));
        const q = residualQuantilesAtAge(curve, age);
        total++;
        if (truePrice >= q.p10 && truePrice <= q.p90) inside++;
      }
    }
    const coverage = inside / total;
    expect(total).toBe(400);
    expect(coverage).toBeGreaterThan(0.7);
    expect(coverage).toBeLessThan(0.9);
  });

  it('without market drift, the band also holds about 80 % of points 0–3 years past the data; with drift it holds more', () => {
    const noDrift: ResidualPrior = { ...RESIDUAL_PRIORS['gpu-server'], driftSdPerSqrtYear: 0 };
    const coverage = (prior: ResidualPrior | undefined): number => {
      let inside = 0;
      let total = 0;
      for (let seed = 1; seed <= 10; seed++) {
        const rand = mulberry32(2000 + seed);
        const curve = fit({ observations: sample(rand, TRUTH, 40, 5), asOf: '2025-01-01', prior });
        for (let j = 0; j < 40; j++) {
          const age = 5 + rand() * 3;
          const truePrice = LIST * Math.exp(-TRUTH.k * age + TRUTH.sigma * normal(rand));
          const q = residualQuantilesAtAge(curve, age);
          total++;
          if (truePrice >= q.p10 && truePrice <= q.p90) inside++;
        }
      }
      return inside / total;
    };
    const plain = coverage(noDrift);
    expect(plain).toBeGreaterThan(0.7);
    expect(plain).toBeLessThan(0.9);
    expect(coverage(undefined)).toBeGreaterThan(plain);
  });
});

describe('fitResidualCurve: prior, category and blending', () => {
  it('with no observations the curve is the category prior', () => {
    const curve = fit({ observations: [] });
    const prior = RESIDUAL_PRIORS['gpu-server'];
    expect(curve.source).toBe('prior');
    expect(curve.decayPerYear).toBeCloseTo(prior.decayPerYear, 12);
    expect(curve.logIntercept).toBeCloseTo(Math.log(LIST) + prior.logInterceptMean, 12);
    expect(curve.varDecay).toBeCloseTo(prior.decaySd ** 2, 12);
    expect(curve.dataWeight).toBe(0);
    expect(residualQuantilesAtAge(curve, 2).p50).toBe(Math.round(LIST * Math.exp(prior.logInterceptMean - 2 * prior.decayPerYear)));
  });

  it('with a few observations the decay rate lies between the prior and what the data alone say', () => {
    const steep: Truth = { k: 0.9, sigma: 0.1 };
    const obs = sample(mulberry32(11), steep, 4, 3);
    const curve = fit({ observations: obs });
    const prior = RESIDUAL_PRIORS['gpu-server'].decayPerYear;
    const data = olsDecay(obs);
    expect(data).toBeGreaterThan(prior);
    expect(curve.decayPerYear).toBeGreaterThan(prior);
    expect(curve.decayPerYear).toBeLessThan(data);
    expect(curve.modelDataWeight).toBeGreaterThan(0);
    expect(curve.modelDataWeight).toBeLessThan(1);
  });

  it('the weight of the data grows with the number of observations', () => {
    const rand = mulberry32(5);
    const all = sample(rand, TRUTH, 60, 5);
    const weights = [2, 5, 15, 60].map((n) => fit({ observations: all.slice(0, n) }).modelDataWeight);
    for (let i = 1; i < weights.length; i++) expect(weights[i]).toBeGreaterThan(weights[i - 1] ?? 1);
  });

  it("falls back to the category's other models when the model has no observations", () => {
    const steep: Truth = { k: 0.7, sigma: 0.12 };
    const rand = mulberry32(21);
    const categoryModels = [
      // Prices relative to each model's own list price: a 2× pricier model pools with a cheaper one.
      { currency: 'USD', listPrice: LIST, releaseDate: RELEASE, observations: sample(rand, steep, 30, 4) },
      {
        currency: 'EUR',
        listPrice: 2 * LIST,
        releaseDate: RELEASE,
        observations: sample(rand, steep, 30, 4).map((o) => ({ ...o, unitPrice: 2 * o.unitPrice, currency: 'EUR' })),
      },
      // No list price: still informs the decay rate, by its within-model slope.
      { currency: 'USD', listPrice: null, releaseDate: null, observations: sample(rand, steep, 30, 4).map((o) => ({ ...o, unitPrice: 3 * o.unitPrice })) },
    ];
    const curve = fit({ observations: [], categoryModels });
    expect(curve.source).toBe('category');
    expect(curve.categoryObservationCount).toBe(90);
    expect(Math.abs(curve.decayPerYear - steep.k) / steep.k).toBeLessThan(0.1);
    // One model still differs from its category: the slope keeps at least the between-model spread.
    expect(Math.sqrt(curve.varDecay)).toBeGreaterThanOrEqual(RESIDUAL_PRIORS['gpu-server'].betweenModelDecaySd);
    // The model's own data then override the category.
    const own = sample(mulberry32(22), TRUTH, 60, 5);
    const withOwn = fit({ observations: own, categoryModels });
    expect(withOwn.source).toBe('model');
    expect(Math.abs(withOwn.decayPerYear - TRUTH.k) / TRUTH.k).toBeLessThan(0.1);
  });

  it('learns the price level from observations when the list price is unknown', () => {
    const cheap: Truth = { k: 0.4, sigma: 0.15, level: 0.6 };
    const obs = sample(mulberry32(31), cheap, 40, 5);
    const curve = fit({ observations: obs, listPrice: null });
    expect(Math.exp(curve.logIntercept) / LIST).toBeGreaterThan(0.5);
    expect(Math.exp(curve.logIntercept) / LIST).toBeLessThan(0.72);
    expect(Math.abs(curve.decayPerYear - cheap.k) / cheap.k).toBeLessThan(0.1);
  });

  it('refuses, as a value, a model with neither a list price nor observations', () => {
    const r = fitResidualCurve({ category: 'nic', currency: 'USD', listPrice: null, releaseDate: null, asOf: '2025-01-01', observations: [] });
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/list price/) });
  });

  it('ignores observations after asOf and in other currencies', () => {
    const obs = sample(mulberry32(3), TRUTH, 10, 4);
    const late = { ...draw(mulberry32(4), TRUTH, 6), unitPrice: 1 };
    const euro = { ...draw(mulberry32(4), TRUTH, 1), currency: 'EUR', unitPrice: 1 };
    const a = fit({ observations: obs });
    const b = fit({ observations: [...obs, late, euro] });
    expect(b.skippedObservationCount).toBe(2);
    expect(b.observationCount).toBe(10);
    expect(b.decayPerYear).toBe(a.decayPerYear);
  });
});

describe('fitResidualCurve: prices far outside the others', () => {
  it('leaves out a price far outside the others (a slip of the scale or the currency), names it, and fits the rest as without it', () => {
    const obs = sample(mulberry32(51), TRUTH, 12, 4, 'used');
    const base = fit({ observations: obs });
    const wild = { ...obs[3]!, unitPrice: 1e15 };
    const cents = { ...obs[5]!, unitPrice: Math.round(obs[5]!.unitPrice / 100) };
    const withWild = fit({ observations: [...obs, wild, cents] });
    expect(withWild.outliers).toEqual([wild, cents]);
    expect(withWild.observationCount).toBe(12);
    expect(withWild.decayPerYear).toBe(base.decayPerYear);
    expect(residualQuantiles(withWild, '2026-01-01', 'used')).toEqual(residualQuantiles(base, '2026-01-01', 'used'));
    expect(base.outliers).toEqual([]);
  });

  it('keeps a genuine market spread: no price of a noisy, mixed-condition market is left out (100 seeds)', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const rand = mulberry32(seed);
      const obs = Array.from({ length: 20 }, (_, i) => draw(rand, { k: 0.7, sigma: 0.4 }, rand() * 6, (['new', 'refurbished', 'used', 'as-is'] as const)[i % 4]));
      expect(fit({ observations: obs }).outliers).toEqual([]);
    }
  });

  it('with two prices and a list price, the one far from both the other and the list price\'s curve is named, and kept in the fit', () => {
    const obs = sample(mulberry32(52), TRUTH, 2, 3);
    const wild = { ...obs[1]!, unitPrice: 1e12 };
    const curve = fit({ observations: [obs[0]!, wild] });
    // Named alone: the list price's curve says which of the two is far.
    expect(curve.suspects).toEqual([wild]);
    // Kept: with two prices the list price is only a prior, and a model losing value far faster
    // than it has genuine old prices far below its curve; a slip shows in the band, named.
    expect(curve.outliers).toEqual([]);
    expect(curve.observationCount).toBe(2);
    // A price typed in cents (100 times too low) is named the same way.
    const cents = { ...obs[1]!, unitPrice: Math.round(obs[1]!.unitPrice / 100) };
    expect(fit({ observations: [obs[0]!, cents] }).suspects).toEqual([cents]);
  });

  it('with fewer than three prices and nothing to tell which is wrong, keeps them in the fit but names them', () => {
    const obs = sample(mulberry32(52), TRUTH, 2, 3);
    const wild = { ...obs[1]!, unitPrice: 1e12 };
    // Two prices and no list price: either could be the slip.
    const noList = fit({ observations: [obs[0]!, wild], listPrice: null });
    expect(noList.outliers).toEqual([]);
    expect(noList.suspects).toEqual([obs[0], wild]);
    expect(noList.observationCount).toBe(2);
    // One price far from its list price's curve: the price or the list price could be the slip.
    const one = fit({ observations: [wild] });
    expect(one.outliers).toEqual([]);
    expect(one.suspects).toEqual([wild]);
  });

  it('names nothing when one or two prices agree with each other and the list price (a genuine market, 100 seeds)', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const rand = mulberry32(1000 + seed);
      const obs = Array.from({ length: 2 }, (_, i) => draw(rand, { k: 0.35, sigma: 0.3 }, rand() * 4.9, (['new', 'used'] as const)[i % 2]));
      for (const observations of [obs, obs.slice(0, 1)]) {
        for (const listPrice of [LIST, null]) {
          const c = fit({ observations, listPrice });
          expect([c.outliers, c.suspects]).toEqual([[], []]);
        }
      }
    }
  });

  it("a wild price of another model of the category with only two prices does not widen this model's band", () => {
    const others = sample(mulberry32(55), TRUTH, 2, 4);
    const own = sample(mulberry32(56), TRUTH, 1, 4);
    const categoryModels = [{ currency: 'USD', listPrice: LIST, releaseDate: RELEASE, observations: others.slice(0, 1) }];
    const base = fit({ observations: own, categoryModels });
    for (const listPrice of [LIST, null]) {
      const wild = fit({ observations: own, categoryModels: [{ ...categoryModels[0]!, listPrice, observations: [others[0]!, { ...others[1]!, unitPrice: 1e15 }] }] });
      const p = residualQuantiles(wild, '2026-01-01');
      expect(p.p90 / p.p50).toBeLessThan(3);
      if (listPrice !== null) expect(p).toEqual(residualQuantiles(base, '2026-01-01'));
    }
  });

  it("a wild price of another model of the category does not widen this model's band", () => {
    const others = sample(mulberry32(53), TRUTH, 10, 4);
    const own = sample(mulberry32(54), TRUTH, 3, 4);
    const categoryModels = [{ currency: 'USD', listPrice: LIST, releaseDate: RELEASE, observations: others }];
    const base = fit({ observations: own, categoryModels });
    const wild = fit({ observations: own, categoryModels: [{ ...categoryModels[0]!, observations: [...others, { ...others[0]!, unitPrice: 1e15 }] }] });
    expect(wild.categoryObservationCount).toBe(10);
    expect(residualQuantiles(wild, '2026-01-01')).toEqual(residualQuantiles(base, '2026-01-01'));
  });
});

describe('fitResidualCurve: conditions, successor, band shape', () => {
  it('normalises condition: the same market seen as used units gives the same curve', () => {
    const asNew = sample(mulberry32(41), TRUTH, 30, 5, 'new');
    const asUsed = sample(mulberry32(41), TRUTH, 30, 5, 'used');
    expect(asUsed[0]?.unitPrice).toBeLessThan((asNew[0]?.unitPrice ?? 0) * 0.73);
    const a = fit({ observations: asNew });
    const b = fit({ observations: asUsed });
    expect(b.decayPerYear).toBeCloseTo(a.decayPerYear, 4);
    expect(b.logIntercept).toBeCloseTo(a.logIntercept, 4);
    // And the quantiles for a used unit are the new-equivalent ones × 0.72.
    expect(residualQuantilesAtAge(b, 3, 'used').p50).toBe(Math.round(CONDITION_FACTOR_DEFAULTS.used * Math.exp(b.logIntercept - 3 * b.decayPerYear)));
  });

  it('a mixed-condition market recovers k as well as a single-condition one', () => {
    const rand = mulberry32(43);
    const conditions: Condition[] = ['new', 'refurbished', 'used', 'as-is'];
    const obs = Array.from({ length: 40 }, (_, i) => draw(rand, TRUTH, rand() * 5, conditions[i % 4]));
    expect(Math.abs(fit({ observations: obs }).decayPerYear - TRUTH.k) / TRUTH.k).toBeLessThan(0.1);
  });

  it('steps prices down from the successor release, and fits through the step', () => {
    const successor = { releaseDate: '2022-07-01', factor: 0.8 };
    const stepAge = (Date.parse('2022-07-01') - Date.parse(RELEASE)) / 86_400_000 / DAYS_PER_YEAR;
    const rand = mulberry32(51);
    const clean = sample(rand, TRUTH, 40, 5);
    const obs = clean.map((o) => (o.date >= successor.releaseDate ? { ...o, unitPrice: Math.round(o.unitPrice * 0.8) } : o));
    const withStep = fit({ observations: obs, successor });
    const ignoringStep = fit({ observations: obs });
    // Dividing the step back out leaves the same data as a market without it (up to rounding of prices).
    expect(withStep.decayPerYear).toBeCloseTo(fit({ observations: clean }).decayPerYear, 4);
    // Ignoring the step, the fit mistakes it for faster decay.
    expect(ignoringStep.decayPerYear).toBeGreaterThan(withStep.decayPerYear);
    expect(withStep.successorStep).toEqual({ ageYears: stepAge, factor: 0.8 });
    const before = residualQuantilesAtAge(withStep, stepAge - 1e-9);
    const after = residualQuantilesAtAge(withStep, stepAge);
    expect(after.p50 / before.p50).toBeCloseTo(0.8, 4);
  });

  it('the band widens with distance into the future and always brackets the median', () => {
    const curve = fit({ observations: sample(mulberry32(61), TRUTH, 30, 5) });
    let previous = 0;
    for (let age = 5; age <= 15; age += 0.5) {
      const q = residualQuantilesAtAge(curve, age);
      expect(q.p10).toBeLessThanOrEqual(q.p50);
      expect(q.p50).toBeLessThanOrEqual(q.p90);
      const logWidth = Math.log(q.p90 / q.p10);
      expect(logWidth).toBeGreaterThan(previous);
      previous = logWidth;
    }
  });

  it('a prior-only band is wider than a band fitted to 60 observations', () => {
    const width = (c: ResidualCurve): number => {
      const q = residualQuantilesAtAge(c, 3);
      return Math.log(q.p90 / q.p10);
    };
    expect(width(fit({ observations: [] }))).toBeGreaterThan(width(fit({ observations: sample(mulberry32(71), TRUTH, 60, 5) })));
  });
});

describe('evaluation', () => {
  const curve = fit({ observations: sample(mulberry32(81), TRUTH, 30, 5), successor: { releaseDate: '2026-03-01' } });

  it('is deterministic: the same input gives the same curve, to the bit', () => {
    const again = fit({ observations: sample(mulberry32(81), TRUTH, 30, 5), successor: { releaseDate: '2026-03-01' } });
    expect(again).toEqual(curve);
    expect(JSON.parse(JSON.stringify(curve))).toEqual(curve);
  });

  it('residualSeries equals residualQuantiles month by month, in whole minor units (month ends, leap years, the step)', () => {
    for (const from of ['2025-01-31', '2027-11-30', '2019-06-15']) {
      const s = residualSeries(curve, from, 24, 'refurbished');
      expect(s.p50.length).toBe(25);
      for (let m = 0; m <= 24; m++) {
        const date = addMonthsClamped(from, m);
        const q = residualQuantiles(curve, date, 'refurbished');
        expect([s.p10[m], s.p50[m], s.p90[m]]).toEqual([q.p10, q.p50, q.p90]);
        expect(Number.isInteger(s.p50[m])).toBe(true);
      }
    }
  });

  it('reuses the output arrays it is given', () => {
    const out = residualSeries(curve, '2025-01-01', 120);
    const again = residualSeries(curve, '2026-01-01', 120, 'used', out);
    expect(again).toBe(out);
  });

  it('treats dates before the origin as age 0', () => {
    expect(residualQuantiles(curve, '2019-01-01')).toEqual(residualQuantilesAtAge(curve, 0));
  });
});

function addMonthsClamped(date: string, months: number): string {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const yy = Math.floor(index / 12);
  const mm = (index % 12) + 1;
  const last = new Date(Date.UTC(yy, mm, 0)).getUTCDate();
  return `${yy}-${String(mm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
