import { describe, expect, it } from 'vitest';
import { cents, loadReference } from './reference';
import { periodsOf, scheduleOf, yearCharges } from './helpers';
import type { Convention, ScheduleInput } from '../../../shared/depreciation/types';

const reference = loadReference();

/** The reference example: 1,000,000 cost, 100,000 salvage, 5-year straight-line, in service 17 March. */
function example(convention: Convention, fiscalYearStartMonth = 1): ScheduleInput {
  return {
    cost: 100_000_000,
    salvage: 10_000_000,
    inServiceDate: '2026-03-17',
    fiscalYearStartMonth,
    policy: { method: 'straight-line', lifeMonths: 60, convention },
  };
}

describe('first-period conventions (reference first_year_conventions_example)', () => {
  const expected = reference.first_year_conventions_example;
  it.each([
    ['full-month', expected['full-month']],
    ['next-month', expected['next-month']],
    ['mid-month', expected['mid-month']],
    ['half-year', expected['half-year']],
    ['actual-days', expected['actual-days-365']],
  ] as const)('%s: first fiscal year %d', (convention, amount) => {
    const charges = yearCharges(example(convention));
    expect(charges[0]).toBe(cents(amount));
    expect(charges.slice(1, 5)).toEqual([18_000_000, 18_000_000, 18_000_000, 18_000_000]);
  });

  it('mid-quarter: placed in service in Q1, as if at its middle (10.5 months)', () => {
    expect(yearCharges(example('mid-quarter'))[0]).toBe(15_750_000);
  });

  it('full-month counts the in-service month; months are 15,000.00 each', () => {
    const months = scheduleOf(example('full-month')).depreciation;
    expect(months).toHaveLength(60);
    expect(new Set(months)).toEqual(new Set([1_500_000]));
  });

  it('mid-month: half of the first month and half of a month after the 60th', () => {
    const months = scheduleOf(example('mid-month')).depreciation;
    expect(months).toHaveLength(61);
    expect(months[0]).toBe(750_000);
    expect(months[1]).toBe(1_500_000);
    expect(months[60]).toBe(750_000);
  });

  it('next-month: nothing in the in-service month', () => {
    const months = scheduleOf(example('next-month')).depreciation;
    expect(months[0]).toBe(0);
    expect(months[1]).toBe(1_500_000);
  });

  it('half-year: the first year\'s half-year charge is spread over the months actually in service; the last year has six months', () => {
    const schedule = scheduleOf(example('half-year'));
    expect(schedule.depreciation.slice(0, 10)).toEqual(Array.from({ length: 10 }, () => 900_000)); // Mar..Dec 2026
    const last = periodsOf(example('half-year'), 'month').filter((m) => m.label.startsWith('2031-'));
    expect(last.map((m) => m.depreciation)).toEqual([1_500_000, 1_500_000, 1_500_000, 1_500_000, 1_500_000, 1_500_000]);
  });

  it('actual days: a leap fiscal year in the middle is still one year\'s charge; the last year takes the days left', () => {
    const charges = yearCharges({ ...example('actual-days'), inServiceDate: '2027-03-17' });
    expect(charges[1]).toBe(18_000_000); // FY2028 has 366 days
    expect(charges).toHaveLength(6);
    const months = scheduleOf(example('actual-days')).depreciation;
    // March 2026 has 15 of 31 days in service, April all 30: months are weighted by days.
    expect(months[0]).toBeLessThan(months[1] ?? 0);
  });

  it('a fiscal year from July: FY2026 is July 2025 – June 2026, named by the year it ends', () => {
    const years = periodsOf(example('full-month', 7), 'year');
    expect(years[0]).toMatchObject({ label: 'FY2026', start: '2025-07-01', end: '2026-06-30', depreciation: 6_000_000 });
    expect(years[1]).toMatchObject({ label: 'FY2027', start: '2026-07-01', end: '2027-06-30', depreciation: 18_000_000 });
    expect(years[years.length - 1]).toMatchObject({ label: 'FY2031', bookValue: 10_000_000 });
  });

  it('half-year with a fiscal year from April: the middle of FY2027 (April 2026 – March 2027) is October', () => {
    const charges = yearCharges({ ...example('half-year', 4), inServiceDate: '2026-12-01' });
    expect(charges[0]).toBe(9_000_000);
  });
});

describe('declining methods spread each fiscal year evenly over its months', () => {
  it('DDB 2,400 / 300 / 10 years: 480.00 in year one is 40.00 a month', () => {
    const schedule = scheduleOf({
      cost: 240_000,
      salvage: 30_000,
      inServiceDate: '2026-01-01',
      policy: { method: 'declining-balance', lifeMonths: 120, convention: 'full-month', factor: 2, switchToStraightLine: false },
    });
    expect(schedule.depreciation.slice(0, 12)).toEqual(Array.from({ length: 12 }, () => 4_000));
    // Year two, 384.00: 32.00 a month.
    expect(schedule.depreciation.slice(12, 24)).toEqual(Array.from({ length: 12 }, () => 3_200));
  });

  it('a year that does not divide evenly gives its extra cents to the earliest months', () => {
    const schedule = scheduleOf({
      cost: 100_000,
      salvage: 0,
      inServiceDate: '2026-01-01',
      policy: { method: 'straight-line', lifeMonths: 36, convention: 'full-month' },
    });
    // 333.33 a year: 27.78 × 9 + 27.77 × 3.
    expect(schedule.depreciation.slice(0, 12)).toEqual([...Array(9).fill(2_778), ...Array(3).fill(2_777)]);
  });
});
