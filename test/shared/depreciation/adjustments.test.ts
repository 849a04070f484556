/** Impairment, revision of life or salvage (prospective), and disposal with gain or loss. */
import { describe, expect, it } from 'vitest';
import type { Convention, ScheduleAdjustment, ScheduleInput } from '../../../shared/depreciation/types';
import { bookValueAt } from '../../../shared/depreciation/periods';
import { expectScheduleInvariants, periodsOf, scheduleError, scheduleOf, sum, yearCharges } from './helpers';

const M = 100; // one currency unit in minor units

/** 1,000,000 cost, 100,000 salvage, 5 years straight-line from 1 January 2026: 15,000 a month. */
function base(adjustments: ScheduleAdjustment[], convention: Convention = 'full-month'): ScheduleInput {
  return {
    cost: 1_000_000 * M,
    salvage: 100_000 * M,
    inServiceDate: '2026-01-01',
    policy: { method: 'straight-line', lifeMonths: 60, convention },
    adjustments,
  };
}

describe('impairment', () => {
  it('writes down on its date and depreciates what is left over the remaining life', () => {
    const input = base([{ type: 'impairment', date: '2027-12-31', amount: 100_000 * M }]);
    const years = periodsOf(input);
    expect(years[1]).toMatchObject({ label: 'FY2027', depreciation: 180_000 * M, writeDown: 100_000 * M, bookValue: 540_000 * M });
    // (540,000 − 100,000) over the 3 years left: 146,666.67, 146,666.67, then what is left.
    expect(years.slice(2).map((y) => y.depreciation)).toEqual([14_666_667, 14_666_667, 14_666_666]);
    expectScheduleInvariants(scheduleOf(input), { endsAtSalvage: true });
  });

  it('the write-down sits in the month of its date; dated on the 1st, that month is already on the new basis', () => {
    const endOfMonth = scheduleOf(base([{ type: 'impairment', date: '2027-12-31', amount: 100_000 * M }]));
    expect(endOfMonth.writeDowns[23]).toBe(100_000 * M);
    expect(endOfMonth.depreciation[23]).toBe(15_000 * M);
    const firstOfMonth = scheduleOf(base([{ type: 'impairment', date: '2027-12-01', amount: 100_000 * M }]));
    expect(firstOfMonth.writeDowns[23]).toBe(100_000 * M);
    expect(firstOfMonth.depreciation[23]).not.toBe(15_000 * M);
  });

  it('below salvage: salvage falls with the book value and depreciation stops', () => {
    const schedule = scheduleOf(base([{ type: 'impairment', date: '2029-12-31', amount: 250_000 * M }]));
    expect(schedule.salvage).toBe(30_000 * M);
    expect(bookValueAt(schedule, '2029-12')).toBe(30_000 * M);
    expect(sum(schedule.depreciation.slice(48))).toBe(0);
    expectScheduleInvariants(schedule, { endsAtSalvage: true });
  });

  it('more than the book value is refused, with the date and both amounts', () => {
    expect(scheduleError(base([{ type: 'impairment', date: '2029-12-31', amount: 300_000 * M }]))).toBe(
      'impairment on 2029-12-31: 30000000 is more than the book value 28000000 at that date',
    );
  });
});

describe('revision of useful life or salvage (prospective)', () => {
  it('a longer life spreads the book value less salvage over the months left; earlier years are untouched', () => {
    const charges = yearCharges(base([{ type: 'revision', date: '2028-01-01', lifeMonths: 96 }]));
    expect(charges).toEqual([180_000 * M, 180_000 * M, ...Array(6).fill(90_000 * M)]);
  });

  it('a new salvage: (640,000 − 40,000) over 3 years', () => {
    const input = base([{ type: 'revision', date: '2028-01-01', salvage: 40_000 * M }]);
    expect(yearCharges(input)).toEqual([180_000 * M, 180_000 * M, 200_000 * M, 200_000 * M, 200_000 * M]);
    expect(scheduleOf(input).salvage).toBe(40_000 * M);
  });

  it('dated after the 1st, it takes effect the next month', () => {
    const schedule = scheduleOf(base([{ type: 'revision', date: '2028-01-15', lifeMonths: 96 }]));
    expect(schedule.depreciation[24]).toBe(15_000 * M);
    expect(schedule.depreciation[25]).not.toBe(15_000 * M);
    expectScheduleInvariants(schedule, { endsAtSalvage: true });
  });

  it('a life shortened to before the revision: what is left goes in the month it takes effect', () => {
    const schedule = scheduleOf(base([{ type: 'revision', date: '2028-01-01', lifeMonths: 12 }]));
    expect(schedule.depreciation[24]).toBe(540_000 * M);
    expect(schedule.depreciation).toHaveLength(25);
    expectScheduleInvariants(schedule, { endsAtSalvage: true });
  });

  it('a salvage above the book value stops depreciation there (the book value never rises)', () => {
    const schedule = scheduleOf(base([{ type: 'revision', date: '2029-01-01', salvage: 600_000 * M }]));
    expect(schedule.salvage).toBe(460_000 * M);
    expect(sum(schedule.depreciation.slice(36))).toBe(0);
  });

  it('declining balance keeps factor ÷ the total life in effect', () => {
    const schedule = yearCharges({
      cost: 100_000 * M,
      salvage: 0,
      inServiceDate: '2026-01-01',
      policy: { method: 'declining-balance', lifeMonths: 60, convention: 'full-month', factor: 2, switchToStraightLine: false },
      adjustments: [{ type: 'revision', date: '2027-01-01', lifeMonths: 120 }],
    });
    // Year 1 at 40 % of 100,000; from year 2 at 20 % (2 ÷ 10 years) of 60,000.
    expect(schedule.slice(0, 2)).toEqual([40_000 * M, 12_000 * M]);
  });
});

describe('disposal', () => {
  it('gain or loss = proceeds − book value; full-month: the disposal month is not depreciated', () => {
    const schedule = scheduleOf(base([{ type: 'disposal', date: '2028-07-15', proceeds: 500_000 * M }]));
    expect(schedule.disposal).toEqual({
      date: '2028-07-15',
      month: '2028-07',
      proceeds: 500_000 * M,
      bookValue: 550_000 * M,
      gainOrLoss: -50_000 * M,
    });
    expect(schedule.depreciation).toHaveLength(31);
    expect(schedule.depreciation[30]).toBe(0);
    expectScheduleInvariants(schedule, { endsAtSalvage: false });
  });

  it('mid-month: half of the disposal month (and of the in-service month)', () => {
    const schedule = scheduleOf(base([{ type: 'disposal', date: '2028-07-15', proceeds: 0 }], 'mid-month'));
    expect(schedule.depreciation[0]).toBe(7_500 * M);
    expect(schedule.depreciation[30]).toBe(7_500 * M);
    expect(schedule.disposal).toMatchObject({ bookValue: 550_000 * M, gainOrLoss: -550_000 * M });
  });

  it('next-month: the disposal month counts, the in-service month does not', () => {
    const schedule = scheduleOf(base([{ type: 'disposal', date: '2028-07-15', proceeds: 0 }], 'next-month'));
    expect(schedule.depreciation[0]).toBe(0);
    expect(schedule.depreciation[30]).toBe(15_000 * M);
    expect(schedule.disposal?.bookValue).toBe(550_000 * M);
  });

  it('actual days: up to the day before disposal (196 of leap 2028\'s 366 days), within a cent', () => {
    const schedule = scheduleOf(base([{ type: 'disposal', date: '2028-07-15', proceeds: 0 }], 'actual-days'));
    const exact = 1_000_000 * M - 2 * 180_000 * M - (180_000 * M * 196) / 366;
    expect(Math.abs((schedule.disposal?.bookValue ?? 0) - exact)).toBeLessThanOrEqual(1);
  });

  it('a gain when proceeds exceed the book value', () => {
    const schedule = scheduleOf(base([{ type: 'disposal', date: '2031-06-30', proceeds: 150_000 * M }]));
    expect(schedule.disposal).toMatchObject({ bookValue: 100_000 * M, gainOrLoss: 50_000 * M });
  });

  it('MACRS half-year: half of the table amount in the year of disposal, nothing in the first year', () => {
    const macrs = (date: string) =>
      scheduleOf({
        cost: 1_000_000 * M,
        salvage: 0,
        inServiceDate: '2026-05-10',
        policy: { method: 'macrs', recoveryYears: 5, convention: 'half-year' },
        adjustments: [{ type: 'disposal', date, proceeds: 0 }],
      });
    const third = macrs('2028-03-01');
    expect(sum(third.depreciation)).toBe((200_000 + 320_000 + 96_000) * M);
    expect(third.disposal?.bookValue).toBe(384_000 * M);
    expect(third.depreciation.slice(-3)).toEqual([32_000 * M, 32_000 * M, 32_000 * M]);
    expect(macrs('2026-11-30').disposal?.bookValue).toBe(1_000_000 * M);
  });

  it('MACRS mid-quarter: 37.5 % of the year in the year of a disposal in its second quarter', () => {
    const schedule = scheduleOf({
      cost: 1_000_000 * M,
      salvage: 0,
      inServiceDate: '2026-11-15',
      policy: { method: 'macrs', recoveryYears: 5, convention: 'mid-quarter' },
      adjustments: [{ type: 'disposal', date: '2028-05-20', proceeds: 0 }],
    });
    expect(sum(schedule.depreciation)).toBe((50_000 + 380_000 + 85_500) * M);
  });

  it('mid-quarter: an impairment earlier in the disposal month adds nothing after the disposal month (regression)', () => {
    const schedule = scheduleOf({
      cost: 52,
      salvage: 0,
      inServiceDate: '2018-01-01',
      policy: { method: 'declining-balance', lifeMonths: 51, convention: 'mid-quarter', factor: 0.1, switchToStraightLine: true },
      adjustments: [
        { type: 'impairment', date: '2022-04-02', amount: 0 },
        { type: 'disposal', date: '2022-04-02', proceeds: 0 },
      ],
    });
    expect(schedule.disposal?.bookValue).toBe(52 - sum(schedule.depreciation));
    expectScheduleInvariants(schedule, { endsAtSalvage: false });
  });

  it('no depreciation method: the loss is the whole carrying amount', () => {
    const schedule = scheduleOf({
      cost: 5_000 * M,
      salvage: 0,
      inServiceDate: '2026-01-01',
      policy: { method: 'none' },
      adjustments: [{ type: 'disposal', date: '2027-03-03', proceeds: 1_000 * M }],
    });
    expect(schedule.disposal).toMatchObject({ bookValue: 5_000 * M, gainOrLoss: -4_000 * M });
  });
});

describe('units of production', () => {
  const input: ScheduleInput = {
    cost: 12_000 * M,
    salvage: 0,
    inServiceDate: '2026-01-01',
    policy: {
      method: 'units-of-production',
      lifeMonths: 12,
      totalUnits: 1_200,
      usage: Array.from({ length: 12 }, (_u, i) => ({ month: `2026-${String(i + 1).padStart(2, '0')}`, units: 100 })),
    },
  };

  it('charges by usage', () => {
    expect(scheduleOf(input).depreciation).toEqual(Array(12).fill(1_000 * M));
  });

  it('after an impairment, what is left by the units left', () => {
    const schedule = scheduleOf({ ...input, adjustments: [{ type: 'impairment', date: '2026-06-30', amount: 2_000 * M }] });
    expect(schedule.depreciation.slice(0, 6)).toEqual(Array(6).fill(1_000 * M));
    expect(schedule.depreciation.slice(6)).toEqual([66_667, 66_666, 66_667, 66_667, 66_666, 66_667]);
    expectScheduleInvariants(schedule, { endsAtSalvage: true });
  });

  it('unused capacity at the end of life goes in the last month', () => {
    const schedule = scheduleOf({ ...input, policy: { ...input.policy, method: 'units-of-production', lifeMonths: 12, totalUnits: 2_400, usage: [] } });
    expect(schedule.depreciation).toEqual([...Array(11).fill(0), 12_000 * M]);
  });
});

describe('refusals name what is wrong', () => {
  it.each([
    [base([{ type: 'impairment', date: '2025-12-31', amount: 1 }]), 'impairment on 2025-12-31: is before the in-service date 2026-01-01'],
    [
      base([
        { type: 'disposal', date: '2027-01-01', proceeds: 0 },
        { type: 'impairment', date: '2027-02-01', amount: 1 },
      ]),
      'impairment on 2027-02-01: is after the disposal on 2027-01-01',
    ],
    [
      base([
        { type: 'disposal', date: '2027-01-01', proceeds: 0 },
        { type: 'disposal', date: '2027-02-01', proceeds: 0 },
      ]),
      'disposal on 2027-02-01: the asset was already disposed of on 2027-01-01',
    ],
    [base([{ type: 'revision', date: '2027-01-01' }]), 'revision on 2027-01-01: give a new life, a new salvage or both'],
    [base([{ type: 'revision', date: '2027-01-01', lifeMonths: 0 }]), 'revision on 2027-01-01: lifeMonths: must be a whole number of months from 1 to 1200 (got 0)'],
    [
      {
        cost: 100,
        salvage: 0,
        inServiceDate: '2026-01-01',
        policy: { method: 'macrs', recoveryYears: 5, convention: 'half-year' },
        adjustments: [{ type: 'revision', date: '2027-01-01', lifeMonths: 12 }],
      } satisfies ScheduleInput,
      'revision on 2027-01-01: MACRS recovery periods are statutory; life and salvage cannot be revised',
    ],
  ])('%#', (input, message) => {
    expect(scheduleError(input)).toBe(message);
  });
});
