/**
 * Spreadsheet parity: a lot in service on the first day of the fiscal year (for DB: on the first
 * day of any month, DB's month argument being the months in service in the first year),
 * reported by fiscal year, reproduces SLN / SYD / DDB / VDB / DB period by period to the cent —
 * every period but the last, which takes what is left and lands exactly on salvage. MACRS
 * reproduces the IRS percentages of basis.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isoDate } from '../../../shared/dates';
import { DB, DDB, SLN, SYD, VDB } from '../../../shared/depreciation/spreadsheet';
import { roundToMinor } from '../../../shared/depreciation/rounding';
import { MACRS_GDS_TABLES, type MacrsTableKey } from '../../../shared/depreciation/macrs';
import { MACRS_RECOVERY_YEARS, type ScheduleInput } from '../../../shared/depreciation/types';
import { cents, loadReference, type ReferenceExample } from './reference';
import { sum, yearCharges } from './helpers';

const reference = loadReference();

// ---------------------------------------------------------------------------------------------
// The published examples, one by one

interface ProductCase {
  input: ScheduleInput;
  /** Which fiscal year (1-based) the example's value is. */
  period: number;
}

function productCase(e: ReferenceExample): ProductCase {
  const num = (i: number, fallback?: number): number => {
    const v = e.args[i] ?? fallback;
    if (typeof v !== 'number') throw new Error(`${e.fn} argument ${i} is not a number`);
    return v;
  };
  const cost = cents(num(0));
  const salvage = cents(num(1));
  const lifeMonths = num(2) * 12;
  const onFirstDay = { cost, salvage, inServiceDate: '2026-01-01', fiscalYearStartMonth: 1 };
  switch (e.fn) {
    case 'SLN':
      return { input: { ...onFirstDay, policy: { method: 'straight-line', lifeMonths, convention: 'full-month' } }, period: 1 };
    case 'SYD':
      return { input: { ...onFirstDay, policy: { method: 'sum-of-years-digits', lifeMonths, convention: 'full-month' } }, period: num(3) };
    case 'DDB':
      return {
        input: {
          ...onFirstDay,
          policy: { method: 'declining-balance', lifeMonths, convention: 'full-month', factor: num(4, 2), switchToStraightLine: false },
        },
        period: num(3),
      };
    case 'DB': {
      const month = num(4, 12);
      return {
        input: { ...onFirstDay, inServiceDate: isoDate(2026, 13 - month, 1), policy: { method: 'fixed-declining', lifeMonths, convention: 'full-month' } },
        period: num(3),
      };
    }
    case 'VDB': {
      const [start, end] = [num(3), num(4)];
      const policy = {
        method: 'declining-balance',
        lifeMonths,
        factor: num(5, 2),
        switchToStraightLine: e.args[6] !== true,
      } as const;
      if (Number.isInteger(start) && end === start + 1) {
        return { input: { ...onFirstDay, policy: { ...policy, convention: 'full-month' } }, period: end };
      }
      // A first period of 0.875 of a year is the mid-quarter convention for an asset placed in service in Q1.
      if (start === 0 && end === 0.875) {
        return { input: { ...onFirstDay, inServiceDate: '2026-02-01', policy: { ...policy, convention: 'mid-quarter' } }, period: 1 };
      }
      throw new Error(`no product equivalent for VDB(${e.args.join(', ')})`);
    }
  }
}

describe('published examples, as fiscal years of a product schedule', () => {
  for (const e of reference.examples) {
    const { input, period } = productCase(e);
    const charges = yearCharges(input);
    const isLast = period === charges.length;
    const name = `${e.fn}(${e.args.join(', ')}) = ${e.expected} → FY period ${period} of ${charges.length}`;
    if (!isLast) {
      it(`${name}: equal to the cent`, () => {
        expect(charges[period - 1]).toBe(roundToMinor(e.expected * 100));
      });
    } else {
      it(`${name}: the last period takes what is left`, () => {
        expect(charges[period - 1]).toBe(input.cost - input.salvage - sum(charges.slice(0, period - 1)));
        expect(sum(charges)).toBe(input.cost - input.salvage);
      });
    }
  }

  it('a last period differs from the spreadsheet only by the rounding left over, at most half a cent a period', () => {
    for (const e of reference.examples) {
      const { input, period } = productCase(e);
      const charges = yearCharges(input);
      if (period !== charges.length || e.fn === 'DB') continue; // DB never lands on salvage by itself
      expect(Math.abs((charges[period - 1] ?? 0) - roundToMinor(e.expected * 100)), `${e.fn}(${e.args.join(', ')})`).toBeLessThanOrEqual(
        Math.ceil(period / 2),
      );
    }
  });

  it('the issue example: DB 1,000,000 / 100,000 / 6 years from 2026-06-01 is DB(…, p, 7) year by year, then what is left', () => {
    const charges = yearCharges({
      cost: 100_000_000,
      salvage: 10_000_000,
      inServiceDate: '2026-06-01',
      policy: { method: 'fixed-declining', lifeMonths: 72, convention: 'full-month' },
    });
    expect(charges).toEqual([18_608_333, 25_963_942, 17_681_444, 12_041_064, 8_199_964, 5_584_176, 1_921_077]);
    for (let p = 1; p <= 6; p += 1) expect(charges[p - 1]).toBe(roundToMinor(DB(100_000_000, 10_000_000, 6, p, 7)));
  });
});

// ---------------------------------------------------------------------------------------------
// Every period, for any cost, salvage, life, factor and fiscal year

/**
 * Checks fiscal-year charges against a spreadsheet function, period by period (all but the last):
 * each is the spreadsheet's value rounded to the cent — unless that would take the book value
 * below salvage (rounding up over many periods can, when a declining balance reaches salvage
 * early), in which case it lands exactly on salvage. The last period takes what is left.
 */
function expectParity(charges: readonly number[], cost: number, salvage: number, spreadsheet: (period: number) => number): void {
  let book = cost;
  for (let p = 1; p < charges.length; p += 1) {
    const expected = Math.min(roundToMinor(spreadsheet(p)), book - salvage);
    expect(charges[p - 1], `period ${p}`).toBe(expected);
    book -= expected;
  }
  expect(sum(charges)).toBe(cost - salvage);
}

const lot = fc.record({
  cost: fc.integer({ min: 100_000, max: 2_000_000_000 }),
  salvagePermille: fc.integer({ min: 0, max: 900 }),
  lifeYears: fc.integer({ min: 1, max: 20 }),
  fiscalYearStartMonth: fc.integer({ min: 1, max: 12 }),
});
const factor = fc.integer({ min: 50, max: 400 }).map((x) => x / 100);

function onFirstDayOfFiscalYear(l: { cost: number; salvagePermille: number; fiscalYearStartMonth: number }) {
  return {
    cost: l.cost,
    salvage: Math.floor((l.cost * l.salvagePermille) / 1000),
    inServiceDate: isoDate(2026, l.fiscalYearStartMonth, 1),
    fiscalYearStartMonth: l.fiscalYearStartMonth,
  };
}

describe('parity with the spreadsheet functions, every period (property)', () => {
  it('SLN', () => {
    fc.assert(
      fc.property(lot, (l) => {
        const base = onFirstDayOfFiscalYear(l);
        const charges = yearCharges({ ...base, policy: { method: 'straight-line', lifeMonths: l.lifeYears * 12, convention: 'full-month' } });
        expect(charges).toHaveLength(l.lifeYears);
        expectParity(charges, base.cost, base.salvage, () => SLN(base.cost, base.salvage, l.lifeYears));
      }),
    );
  });

  it('SYD', () => {
    fc.assert(
      fc.property(lot, (l) => {
        const base = onFirstDayOfFiscalYear(l);
        const charges = yearCharges({ ...base, policy: { method: 'sum-of-years-digits', lifeMonths: l.lifeYears * 12, convention: 'full-month' } });
        expect(charges).toHaveLength(l.lifeYears);
        expectParity(charges, base.cost, base.salvage, (p) => SYD(base.cost, base.salvage, l.lifeYears, p));
      }),
    );
  });

  it('DDB (no switch), any factor', () => {
    fc.assert(
      fc.property(lot, factor, (l, f) => {
        const base = onFirstDayOfFiscalYear(l);
        const charges = yearCharges({
          ...base,
          policy: { method: 'declining-balance', lifeMonths: l.lifeYears * 12, convention: 'full-month', factor: f, switchToStraightLine: false },
        });
        expect(charges).toHaveLength(l.lifeYears);
        expectParity(charges, base.cost, base.salvage, (p) => DDB(base.cost, base.salvage, l.lifeYears, p, f));
      }),
    );
  });

  it('VDB(start = p − 1, end = p), switching to straight-line, any factor', () => {
    fc.assert(
      fc.property(lot, factor, (l, f) => {
        const base = onFirstDayOfFiscalYear(l);
        const charges = yearCharges({
          ...base,
          policy: { method: 'declining-balance', lifeMonths: l.lifeYears * 12, convention: 'full-month', factor: f, switchToStraightLine: true },
        });
        expect(charges).toHaveLength(l.lifeYears);
        expectParity(charges, base.cost, base.salvage, (p) => VDB(base.cost, base.salvage, l.lifeYears, p - 1, p, f, false));
      }),
    );
  });

  it('DB with month = the months in service in the first fiscal year', () => {
    fc.assert(
      fc.property(lot, fc.integer({ min: 0, max: 11 }), (l, offset) => {
        const base = onFirstDayOfFiscalYear(l);
        const monthsInFirstYear = 12 - offset;
        const startMonth = ((l.fiscalYearStartMonth - 1 + offset) % 12) + 1;
        const year = 2026 + (l.fiscalYearStartMonth - 1 + offset >= 12 ? 1 : 0);
        const charges = yearCharges({
          ...base,
          inServiceDate: isoDate(year, startMonth, 1),
          policy: { method: 'fixed-declining', lifeMonths: l.lifeYears * 12, convention: 'full-month' },
        });
        expect(charges).toHaveLength(monthsInFirstYear === 12 ? l.lifeYears : l.lifeYears + 1);
        expectParity(charges, base.cost, base.salvage, (p) => DB(base.cost, base.salvage, l.lifeYears, p, monthsInFirstYear));
      }),
    );
  });

  it('would catch a schedule that rounds each month instead of each year', () => {
    // 1,000.00 over 3 years: SLN is 333.33 a year. Rounding months (27.78 × 12 = 333.36) would not match.
    const charges = yearCharges({
      cost: 100_000,
      salvage: 0,
      inServiceDate: '2026-01-01',
      policy: { method: 'straight-line', lifeMonths: 36, convention: 'full-month' },
    });
    expect(charges).toEqual([33_333, 33_333, 33_334]);
  });
});

// ---------------------------------------------------------------------------------------------
// MACRS

const quarterDates: Record<MacrsTableKey, string> = {
  'half-year': '2026-05-10',
  'mid-quarter-q1': '2026-02-14',
  'mid-quarter-q2': '2026-04-01',
  'mid-quarter-q3': '2026-09-30',
  'mid-quarter-q4': '2026-12-31',
};

function macrsCharges(cost: number, recoveryYears: 3 | 5 | 7, key: MacrsTableKey): number[] {
  return yearCharges({
    cost,
    salvage: 0,
    inServiceDate: quarterDates[key],
    policy: { method: 'macrs', recoveryYears, convention: key === 'half-year' ? 'half-year' : 'mid-quarter' },
  });
}

describe('MACRS reproduces the IRS Publication 946 percentages of basis', () => {
  const published = reference.macrs_gds_percent_of_basis;
  for (const [years, tables] of [
    [5, published['5-year']],
    [7, published['7-year']],
  ] as const) {
    for (const [key, percents] of Object.entries(tables)) {
      it(`${years}-year ${key}: the table matches the published one, and basis 1,000,000.00 gets exactly those amounts`, () => {
        const ours = MACRS_GDS_TABLES[years][key as MacrsTableKey];
        expect(ours).toEqual(percents.map((p) => Math.round(p * 100)));
        const charges = macrsCharges(100_000_000, years, key as MacrsTableKey);
        expect(charges).toEqual(percents.map((p) => Math.round(p * 1_000_000)));
      });
    }
  }

  it('every table (3, 5 and 7 years, half-year and four quarters) sums to exactly 100 %', () => {
    for (const years of MACRS_RECOVERY_YEARS) {
      for (const [key, table] of Object.entries(MACRS_GDS_TABLES[years])) {
        expect(sum(table), `${years}-year ${key}`).toBe(10_000);
        expect(table, `${years}-year ${key}`).toHaveLength(years + 1);
      }
    }
  });

  it('the 3-year tables are Pub 946 Table A-1..A-5', () => {
    expect(MACRS_GDS_TABLES[3]).toEqual({
      'half-year': [3333, 4445, 1481, 741],
      'mid-quarter-q1': [5833, 2778, 1235, 154],
      'mid-quarter-q2': [4167, 3889, 1414, 530],
      'mid-quarter-q3': [2500, 5000, 1667, 833],
      'mid-quarter-q4': [833, 6111, 2037, 1019],
    });
  });

  it('any basis: each tax year but the last is the percentage of basis rounded to the cent; the last takes the rest', () => {
    const keys = Object.keys(quarterDates) as MacrsTableKey[];
    fc.assert(
      fc.property(
        fc.integer({ min: 10_000, max: 5_000_000_000 }), // from 100.00: below that a cent of rounding is a whole tax year
        fc.constantFrom(...MACRS_RECOVERY_YEARS),
        fc.constantFrom(...keys),
        (basis, years, key) => {
          const charges = macrsCharges(basis, years, key);
          const table = MACRS_GDS_TABLES[years][key];
          expect(charges).toHaveLength(table.length);
          charges.slice(0, -1).forEach((c, k) => expect(c).toBe(roundToMinor((basis * (table[k] ?? 0)) / 10_000)));
          expect(sum(charges)).toBe(basis);
        },
      ),
    );
  });
});
