/** Splitting a schedule by quantity: parent + children equal the unsplit schedule to the minor unit. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { depreciationSchedule } from '../../../shared/depreciation/schedule';
import { splitByQuantity, splitSchedule } from '../../../shared/depreciation/split';
import { accumulatedAt, bookValueAt, schedulePeriods } from '../../../shared/depreciation/periods';
import { monthIndexOfDate, yearMonthOf } from '../../../shared/depreciation/fiscal-calendar';
import { allocate } from '../../../shared/money';
import type { MonthlySchedule } from '../../../shared/depreciation/types';
import { inputWithAdjustmentsArb } from './arbitraries';
import { expectScheduleInvariants, expectViewsAgree, scheduleOf, sum } from './helpers';

function parts(schedule: MonthlySchedule, quantities: number[], month: string): MonthlySchedule[] {
  const result = splitSchedule(schedule, quantities, month);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

const lot = scheduleOf({
  cost: 1_000_000_01, // 1,000,000.01: does not divide by 3
  salvage: 100_000_00,
  inServiceDate: '2026-01-01',
  policy: { method: 'declining-balance', lifeMonths: 60, convention: 'full-month', factor: 2, switchToStraightLine: true },
});

describe('splitSchedule', () => {
  it('a child takes its share of cost, salvage and the depreciation booked before the split', () => {
    const [parent, child] = parts(lot, [7, 3], '2027-07');
    if (!parent || !child) throw new Error('two parts expected');
    const before = accumulatedAt(lot, '2027-06');
    expect(parent.cost + child.cost).toBe(lot.cost);
    expect(child.cost).toBe(allocate(lot.cost, [7, 3])[1]);
    expect(parent.openingAccumulated + child.openingAccumulated).toBe(before);
    expect(Math.abs(child.openingAccumulated - (before * 3) / 10)).toBeLessThanOrEqual(1);
    expect(child.startMonth).toBe('2027-07');
    expect(parent.salvage + child.salvage).toBe(lot.salvage);
    for (const p of [parent, child]) expectScheduleInvariants(p, { endsAtSalvage: true });
  });

  it('parent + children equal the unsplit schedule in every month, quarter and year', () => {
    const split = parts(lot, [5, 4, 1], '2026-11');
    split[0]?.depreciation.forEach((_d, i) => {
      expect(sum(split.map((p) => p.depreciation[i] ?? 0))).toBe(lot.depreciation[i + 10]);
    });
    const years = split.map((p) => schedulePeriods(p, 'year'));
    schedulePeriods(lot, 'year').forEach((year, i) => {
      expect(sum(years.map((y) => y[i]?.bookValue ?? 0)), year.label).toBe(year.bookValue);
      expect(sum(years.map((y) => y[i]?.accumulated ?? 0)), year.label).toBe(year.accumulated);
    });
  });

  it('refuses quantities that are not whole and positive', () => {
    const result = splitSchedule(lot, [2, 0], '2027-01');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^quantities:/u);
  });

  it('a few minor units left at the end, split over many parts, leave no part below zero (fast-check found one)', () => {
    // 567,130,872.07 fully depreciated in its one month to a salvage of 0.01, split 32 / 47 / 10:
    // cost and depreciation rounded each on their own gave the last part 0.01 more depreciation
    // than its cost (a salvage of −0.01).
    const whole = scheduleOf({ cost: 56_713_087_207, salvage: 1, inServiceDate: '2018-01-01', policy: { method: 'units-of-production', lifeMonths: 1, totalUnits: 1, usage: [] } });
    const split = parts(whole, [32, 47, 10], whole.startMonth);
    expect(sum(split.map((p) => p.salvage))).toBe(1);
    expect(sum(split.map((p) => p.cost))).toBe(whole.cost);
    for (const p of split) {
      expect(p.salvage).toBeGreaterThanOrEqual(0);
      expectScheduleInvariants(p, { endsAtSalvage: true });
    }
    expect(sum(split.map((p) => sum(p.depreciation)))).toBe(sum(whole.depreciation));
  });

  it('splitByQuantity allocates an accumulated amount exactly', () => {
    expect(splitByQuantity(1_001, [1, 1, 1])).toEqual([334, 334, 333]);
  });

  it('property: any schedule, any parts, any split month — sums exact, each part whole, never rising, ending on its salvage', () => {
    fc.assert(
      fc.property(
        inputWithAdjustmentsArb,
        fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: -3, max: 250 }),
        (input, quantities, offset) => {
          const result = depreciationSchedule(input);
          if (!result.ok) return;
          const whole = result.value;
          const splitMonth = yearMonthOf(monthIndexOfDate(whole.startMonth) + offset);
          const split = parts(whole, quantities, splitMonth);
          expect(split).toHaveLength(quantities.length);
          expect(sum(split.map((p) => p.cost))).toBe(whole.cost);
          expect(sum(split.map((p) => p.salvage))).toBe(whole.salvage);
          const months = whole.depreciation.length;
          const start = Math.min(Math.max(offset, 0), months);
          expect(sum(split.map((p) => p.openingAccumulated))).toBe(sum(whole.depreciation.slice(0, start)));
          expect(sum(split.map((p) => p.openingWriteDowns))).toBe(sum(whole.writeDowns.slice(0, start)));
          for (let i = start; i < months; i += 1) {
            expect(sum(split.map((p) => p.depreciation[i - start] ?? 0))).toBe(whole.depreciation[i]);
            expect(sum(split.map((p) => p.writeDowns[i - start] ?? 0))).toBe(whole.writeDowns[i]);
          }
          for (const p of split) {
            expectScheduleInvariants(p, { endsAtSalvage: whole.disposal === null });
            expectViewsAgree(p);
          }
          if (whole.disposal) {
            expect(sum(split.map((p) => p.disposal?.proceeds ?? 0))).toBe(whole.disposal.proceeds);
            expect(sum(split.map((p) => p.disposal?.bookValue ?? 0))).toBe(whole.disposal.bookValue);
            expect(sum(split.map((p) => p.disposal?.gainOrLoss ?? 0))).toBe(whole.disposal.gainOrLoss);
          }
          const last = yearMonthOf(monthIndexOfDate(whole.startMonth) + Math.max(months - 1, 0));
          expect(sum(split.map((p) => bookValueAt(p, last)))).toBe(bookValueAt(whole, last));
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);
});
