import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  AVERAGE_HOURS_PER_MONTH,
  economicLife,
  energyCost,
  equivalentAnnualCost,
  refreshPlan,
  relativeWork,
  type RefreshPlan,
  type RefreshPlanInput,
} from '../../../shared/forecast/refresh';
import { fitResidualCurve, residualSeries } from '../../../shared/forecast/residual';
import { formatDecimal } from '../../../shared/money';

/** The team's published reference file, beside the repository (never copied in). */
const REFERENCE_PATH = fileURLToPath(new URL('../../../../shared/reference/depreciation-examples.json', import.meta.url));

interface EacExample {
  about: string;
  optimal_years: number;
  min_eac: number;
}

function loadEacExample(): EacExample {
  const json: unknown = JSON.parse(readFileSync(REFERENCE_PATH, 'utf8'));
  const example = (json as { equivalent_annual_cost_example?: EacExample }).equivalent_annual_cost_example;
  if (example === undefined || typeof example.min_eac !== 'number' || typeof example.optimal_years !== 'number') {
    throw new Error(`${REFERENCE_PATH} has no equivalent_annual_cost_example`);
  }
  return example;
}

describe('economic life (reference example)', () => {
  const example = loadEacExample();
  // "Price 250,000; resale after n years 250,000 x 0.8^n; operating cost 60,000 + 8,000 (n-1)
  // in year n; interest 10%." In minor units (cents).
  const input = {
    price: 25_000_000,
    resale: (n: number) => 25_000_000 * 0.8 ** n,
    operatingCost: (year: number) => 6_000_000 + 800_000 * (year - 1),
    interestRate: 0.1,
  };

  it('the example says what the test assumes', () => {
    expect(example.about).toMatch(/250,000 x 0\.8\^n/);
    expect(example.about).toMatch(/60,000 \+ 8,000 \(n-1\)/);
    expect(example.about).toMatch(/10%/);
  });

  it(`reproduces the published optimum: ${example.optimal_years} years at ${example.min_eac}`, () => {
    const life = economicLife({ ...input, maxYears: 15 });
    expect(life.optimalYears).toBe(example.optimal_years);
    expect(formatDecimal(life.minEac, 'USD')).toBe(example.min_eac.toFixed(2));
    expect(life.minEac).toBe(Math.round(example.min_eac * 100));
  });

  it('EAC falls to the optimum and rises after it (a U shape)', () => {
    const { eacByYears, optimalYears } = economicLife({ ...input, maxYears: 15 });
    for (let n = 1; n < eacByYears.length; n++) {
      const prev = eacByYears[n - 1] ?? 0;
      const cur = eacByYears[n] ?? 0;
      if (n < optimalYears) expect(cur).toBeLessThan(prev);
      else expect(cur).toBeGreaterThan(prev);
    }
  });

  it('a one-year life is price + operating cost − resale, in end-of-year money', () => {
    // (250,000 − 200,000/1.1 + 60,000/1.1) × 1.1 = 275,000 − 200,000 + 60,000 = 135,000.
    expect(equivalentAnnualCost({ ...input, years: 1 })).toBeCloseTo(13_500_000, 6);
  });

  it('at 0 % interest the EAC is the plain average cost', () => {
    const eac = equivalentAnnualCost({ price: 1200, resale: () => 200, operatingCost: () => 100, interestRate: 0, years: 4 });
    expect(eac).toBe((1200 - 200 + 400) / 4);
  });
});

describe('economic life with a constant operating cost', () => {
  // fleetForecast searches a successor's life once on capital alone and adds each lot's opex:
  // valid because the EAC of a constant yearly payment is that payment.
  it('has the same best life as capital alone, and its EAC is capital EAC + opex', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100_000, max: 100_000_000 }),
        fc.double({ min: 0.05, max: 0.9, noNaN: true }),
        fc.integer({ min: 0, max: 5_000_000 }),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        (price, decay, opex, interestRate) => {
          const resale = (years: number) => price * Math.exp(-decay * years);
          const withOpex = economicLife({ price, resale, operatingCost: () => opex, interestRate, maxYears: 8 });
          const capital = economicLife({ price, resale, operatingCost: () => 0, interestRate, maxYears: 8 });
          for (let n = 0; n < 8; n++) expect(withOpex.eacByYears[n]).toBeCloseTo((capital.eacByYears[n] ?? 0) + opex, 4);
          expect(Math.abs(withOpex.minEac - Math.round((capital.eacByYears[capital.optimalYears - 1] ?? 0) + opex))).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});

describe('energy cost', () => {
  it('W × units × PUE × hours ÷ 10⁶ × price per MWh, in minor units', () => {
    // 700 W × 8 × 1.4 × 730 h = 5,723,200 Wh = 5.7232 MWh; × 87.50 USD/MWh (8,750 cents) = 500.78 USD.
    expect(energyCost({ wattsPerUnit: 700, units: 8, pue: 1.4, hours: 730, pricePerMwh: 8_750 })).toBe(50_078);
  });

  it('rounds half away from zero to a whole minor unit', () => {
    // 1,000 W × 1 × 1 × 1 h = 0.001 MWh × 500 = 0.5 minor → 1.
    expect(energyCost({ wattsPerUnit: 1000, units: 1, pue: 1, hours: 1, pricePerMwh: 500 })).toBe(1);
  });
});

function plan(input: Partial<RefreshPlanInput>): RefreshPlan {
  const r = refreshPlan({
    currency: 'USD',
    startMonth: '2026-01-01',
    units: 8,
    resalePerUnit: [1_000_000, 990_000, 980_000, 970_000],
    energy: { wattsPerUnit: 700, pue: 1.4, pricePerMwh: 8_750, hours: 'average' },
    supportPerUnitPerYear: 120_000,
    interestRatePerYear: 0.06,
    successor: { name: 'Next Gen', eacPerUnitPerYear: 3_000_000, relativeWork: 2 },
    ...input,
  });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe('refreshPlan', () => {
  it('adds up each month from its parts, in minor units', () => {
    const p = plan({});
    const [first] = p.months;
    expect(first).toBeDefined();
    if (first === undefined) return;
    expect(first.month).toBe('2026-01');
    expect(first.resaleValue).toBe(8_000_000);
    expect(first.resaleFall).toBe(80_000); // 8 × (10,000.00 − 9,900.00)
    expect(first.energy).toBe(50_078);
    expect(first.support).toBe(80_000); // 8 × 1,200.00 / 12
    // 80,000.00 × ((1.06)^(1/12) − 1) = 80,000.00 × 0.0048676 = 389.40
    expect(first.interest).toBe(Math.round(8_000_000 * (1.06 ** (1 / 12) - 1)));
    expect(first.interest).toBe(38_940);
    expect(first.keep).toBe(first.resaleFall + first.energy + first.support + first.interest);
    // 8 units' work = 4 successor units × 30,000.00 a year / 12 = 10,000.00 a month.
    expect(first.replace).toBe(1_000_000);
  });

  it('picks the first month where keeping costs more than the successor, and says why with the numbers', () => {
    // The resale value drops sharply in month 3 (e.g. a successor release): keeping costs about
    // 2,500.00 a month in months 0–2 and 15,000.00 in month 3 (and again in month 5), against
    // 13,333.33 for the successor. The first such month is the answer.
    const resale = [1_000_000, 990_000, 980_000, 970_000, 800_000, 790_000, 600_000];
    const p = plan({ resalePerUnit: resale, successor: { name: 'Next Gen', eacPerUnitPerYear: 4_000_000, relativeWork: 2 } });
    expect(p.months.map((m) => m.keep > m.replace)).toEqual([false, false, false, true, false, true]);
    expect(p.refreshIndex).toBe(3);
    expect(p.refreshMonth).toBe('2026-04');
    const m = p.months[3];
    if (m === undefined) throw new Error('missing month');
    expect(m.resaleFall).toBe(1_360_000);
    expect(p.reason).toContain('From 2026-04 keeping costs USD ');
    expect(p.reason).toContain(`USD ${(m.keep / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}/month`);
    expect(p.reason).toContain('resale falls 13,600.00');
    expect(p.reason).toContain('energy 500.78');
    expect(p.reason).toContain('support 800.00');
    expect(p.reason).toContain(`interest ${(m.interest / 100).toFixed(2)}`);
    expect(p.reason).toContain('USD 13,333.33/month for the same work from Next Gen');
  });

  it('returns no refresh month when keeping stays cheaper, and says so with the closest month', () => {
    const p = plan({ successor: { name: 'Next Gen', eacPerUnitPerYear: 100_000_000, relativeWork: 1 } });
    expect(p.refreshIndex).toBeNull();
    expect(p.refreshMonth).toBeNull();
    expect(p.reason).toMatch(/^Keeping stays cheaper through 2026-03: the closest month is 2026-0\d, where keeping costs USD [\d,]+\.\d\d\/month/);
  });

  it('a month-0 refresh says so', () => {
    const p = plan({ successor: { name: 'Next Gen', eacPerUnitPerYear: 1, relativeWork: 10 } });
    expect(p.refreshIndex).toBe(0);
    expect(p.reason).toMatch(/^Keeping already costs more than replacing: in 2026-01 \(the first month of the plan\) keeping costs USD /);
  });

  it('support over any 12 months starting at month 0 sums exactly to the yearly cost', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 50 }), (perUnit, units) => {
        const p = plan({ units, supportPerUnitPerYear: perUnit, resalePerUnit: Array.from({ length: 25 }, () => 0) });
        const total = (from: number) => p.months.slice(from, from + 12).reduce((a, m) => a + m.support, 0);
        expect(total(0)).toBe(perUnit * units);
        expect(total(12)).toBe(perUnit * units);
        expect(p.months.every((m) => Number.isInteger(m.keep) && Number.isInteger(m.replace))).toBe(true);
      }),
    );
  });

  it('calendar hours charge each month its real days', () => {
    const p = plan({ startMonth: '2028-02-10', energy: { wattsPerUnit: 1000, pue: 1, pricePerMwh: 10_000, hours: 'calendar' }, units: 1 });
    // 1 kW × 29 × 24 h = 0.696 MWh × 100.00 = 69.60; March: 0.744 MWh = 74.40.
    expect(p.months.map((m) => [m.month, m.energy])).toEqual([
      ['2028-02', 6_960],
      ['2028-03', 7_440],
      ['2028-04', 7_200],
    ]);
    expect(plan({ energy: { wattsPerUnit: 1000, pue: 1, pricePerMwh: 10_000, hours: 'average' }, units: 1 }).months[0]?.energy).toBe(
      AVERAGE_HOURS_PER_MONTH * 10,
    );
  });

  it('refuses bad input as a value', () => {
    expect(refreshPlan({ ...baseInput(), units: 0 })).toEqual({ ok: false, error: expect.stringMatching(/units/) });
    expect(refreshPlan({ ...baseInput(), resalePerUnit: [1] })).toEqual({ ok: false, error: expect.stringMatching(/two values/) });
    expect(refreshPlan({ ...baseInput(), resalePerUnit: [1, 0.5] })).toEqual({ ok: false, error: expect.stringMatching(/whole minor units/) });
    expect(refreshPlan({ ...baseInput(), successor: { name: 'x', eacPerUnitPerYear: 1, relativeWork: 0 } })).toEqual({
      ok: false,
      error: expect.stringMatching(/relative work/),
    });
  });

  it('relative work follows power and performance per watt', () => {
    expect(relativeWork({ wattsPerUnit: 700, successorWattsPerUnit: 1400, perfPerWattGain: 1.5 })).toBe(3);
  });

  it('works end to end on a fitted residual curve (p50 series)', () => {
    const curve = fitResidualCurve({ category: 'gpu-server', currency: 'USD', listPrice: 3_000_000, releaseDate: '2024-01-01', asOf: '2026-01-01', observations: [] });
    if (!curve.ok) throw new Error(curve.error);
    const series = residualSeries(curve.value, '2026-01-01', 120, 'used');
    const p = plan({ resalePerUnit: series.p50, successor: { name: 'Next Gen', eacPerUnitPerYear: 900_000, relativeWork: 1.5 } });
    expect(p.months).toHaveLength(120);
    expect(p.refreshIndex).not.toBeNull();
    const i = p.refreshIndex ?? 0;
    expect(p.months.slice(0, i).every((m) => m.keep <= m.replace)).toBe(true);
    expect(p.months[i]?.keep).toBeGreaterThan(p.months[i]?.replace ?? 0);
  });
});

function baseInput(): RefreshPlanInput {
  return {
    currency: 'USD',
    startMonth: '2026-01-01',
    units: 8,
    resalePerUnit: [1_000_000, 990_000],
    energy: { wattsPerUnit: 700, pue: 1.4, pricePerMwh: 8_750, hours: 'average' },
    supportPerUnitPerYear: 0,
    interestRatePerYear: 0.06,
    successor: { name: 'Next Gen', eacPerUnitPerYear: 3_000_000, relativeWork: 2 },
  };
}
