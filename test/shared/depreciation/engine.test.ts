import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../shared/catalog';
import { fixedDecliningRate, validateScheduleInput } from '../../../shared/depreciation/schedule';
import { DEFAULT_CATEGORY_POLICIES, salvageFor } from '../../../shared/depreciation/policies';
import type { ScheduleInput } from '../../../shared/depreciation/types';
import { expectScheduleInvariants, scheduleError, scheduleOf } from './helpers';

const valid: ScheduleInput = {
  cost: 100_000,
  salvage: 10_000,
  inServiceDate: '2026-01-01',
  policy: { method: 'straight-line', lifeMonths: 60, convention: 'full-month' },
};

describe('validation names the field at fault', () => {
  it.each([
    [{ ...valid, cost: 12.5 }, 'cost: must be a whole number of minor units, 0 or more (got 12.5)'],
    [{ ...valid, salvage: -1 }, 'salvage: must be a whole number of minor units, 0 or more (got -1)'],
    [{ ...valid, salvage: 100_001 }, 'salvage: 100001 is more than the cost 100000'],
    [{ ...valid, inServiceDate: '2026-02-30' }, 'inServiceDate: "2026-02-30" is not a date in YYYY-MM-DD form'],
    [{ ...valid, fiscalYearStartMonth: 13 }, 'fiscalYearStartMonth: must be a month 1..12 (got 13)'],
    [{ ...valid, policy: { ...valid.policy, lifeMonths: 0 } }, 'lifeMonths: must be a whole number of months from 1 to 1200 (got 0)'],
    [
      { ...valid, policy: { method: 'declining-balance', lifeMonths: 60, convention: 'full-month', factor: 0, switchToStraightLine: true } },
      'factor: must be a number above 0 (2 = double-declining), got 0',
    ],
    [{ ...valid, policy: { method: 'macrs', recoveryYears: 5, convention: 'half-year' } }, 'salvage: MACRS recovers the whole basis, so salvage must be 0'],
  ] as [ScheduleInput, string][])('%#: %s', (input, message) => {
    expect(validateScheduleInput(input)).toBe(message);
    expect(scheduleError(input)).toBe(message);
  });

  it('a valid input passes', () => {
    expect(validateScheduleInput(valid)).toBeNull();
  });
});

describe('edge cases', () => {
  it('zero cost, cost equal to salvage, and one-month lives are fine', () => {
    for (const input of [
      { ...valid, cost: 0, salvage: 0 },
      { ...valid, salvage: 100_000 },
      { ...valid, policy: { method: 'sum-of-years-digits', lifeMonths: 1, convention: 'half-year' } },
      { ...valid, policy: { method: 'fixed-declining', lifeMonths: 7, convention: 'mid-quarter' }, salvage: 0 },
    ] as ScheduleInput[]) {
      expectScheduleInvariants(scheduleOf(input), { endsAtSalvage: true });
    }
  });

  it('fixed-declining rate: three decimals, 1 with no salvage', () => {
    expect(fixedDecliningRate(1_000_000, 100_000, 6)).toBe(0.319);
    expect(fixedDecliningRate(1_000, 0, 5)).toBe(1);
  });
});

describe('policy templates', () => {
  it('every category has a book and a tax policy that produce valid schedules', () => {
    for (const category of CATEGORIES) {
      const { book, tax } = DEFAULT_CATEGORY_POLICIES[category];
      for (const template of [book, tax]) {
        const cost = 12_345_678;
        const salvage = salvageFor(template.salvage, cost, 0);
        expectScheduleInvariants(scheduleOf({ cost, salvage, inServiceDate: '2026-03-15', policy: template.policy }), {
          endsAtSalvage: true,
        });
      }
    }
    expect(DEFAULT_CATEGORY_POLICIES['gpu-server'].tax.policy).toEqual({ method: 'macrs', recoveryYears: 5, convention: 'half-year' });
  });

  it('salvageFor: percent of cost rounds half up; a lot salvage is capped at cost', () => {
    expect(salvageFor({ kind: 'percent-of-cost', basisPoints: 1_000 }, 12_345, 0)).toBe(1_235);
    expect(salvageFor({ kind: 'lot' }, 1_000, 5_000)).toBe(1_000);
    expect(salvageFor({ kind: 'zero' }, 1_000, 5_000)).toBe(0);
  });
});
