/**
 * What every schedule promises, for any method, convention, fiscal year, cost and events:
 * whole non-negative amounts, book value never below salvage and never rising, ending exactly at
 * salvage, periods summing exactly to cost − salvage, and month / quarter / year views agreeing.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { depreciationSchedule } from '../../../shared/depreciation/schedule';
import { bookValueAt } from '../../../shared/depreciation/periods';
import type { MonthlySchedule } from '../../../shared/depreciation/types';
import { inputWithAdjustmentsArb, scheduleInputArb } from './arbitraries';
import { expectScheduleInvariants, expectViewsAgree, scheduleOf, sum } from './helpers';

describe('schedule invariants (property)', () => {
  it('without events: never below salvage, never rising, ends exactly at salvage, sums to cost − salvage', () => {
    fc.assert(
      fc.property(scheduleInputArb, (input) => {
        const schedule = scheduleOf(input);
        expect(schedule.salvage).toBe(input.salvage);
        expectScheduleInvariants(schedule, { endsAtSalvage: true });
        expect(sum(schedule.depreciation)).toBe(input.cost - input.salvage);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('month, quarter and fiscal-year views of one schedule agree exactly', () => {
    fc.assert(
      fc.property(scheduleInputArb, (input) => {
        expectViewsAgree(scheduleOf(input));
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it('with impairments, revisions and disposal: the same, landing on the salvage in effect at the end', () => {
    fc.assert(
      fc.property(inputWithAdjustmentsArb, (input) => {
        const result = depreciationSchedule(input);
        if (!result.ok) {
          // The only refusal: an impairment bigger than the book value on its date.
          expect(result.error).toMatch(/^impairment on .* is more than the book value/u);
          return;
        }
        const schedule = result.value;
        expectScheduleInvariants(schedule, { endsAtSalvage: schedule.disposal === null });
        expectViewsAgree(schedule);
        if (schedule.disposal) {
          const book = input.cost - sum(schedule.depreciation) - sum(schedule.writeDowns);
          expect(schedule.disposal.bookValue).toBe(book);
          expect(schedule.disposal.gainOrLoss).toBe(schedule.disposal.proceeds - book);
          expect(schedule.depreciation.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('changes are prospective: every month before an event is the same as without it', () => {
    fc.assert(
      fc.property(inputWithAdjustmentsArb, (input) => {
        const first = input.adjustments?.[0];
        const withEvents = depreciationSchedule(input);
        if (first === undefined || !withEvents.ok) return;
        const without = scheduleOf({ ...input, adjustments: [] });
        const monthOf = (d: string): number => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;
        const fyStart = input.fiscalYearStartMonth ?? 1;
        // Months strictly before the event's month never change. One documented exception: under
        // half-year / mid-quarter a disposal sets its whole fiscal year's amount (the IRS rule),
        // re-spread over the months held that year — so compare up to that year's start there.
        const convention = 'convention' in input.policy ? input.policy.convention : 'full-month';
        let cutMonth = monthOf(first.date);
        if (first.type === 'disposal' && (convention === 'half-year' || convention === 'mid-quarter')) {
          cutMonth -= (((cutMonth - (fyStart - 1)) % 12) + 12) % 12;
        }
        const cut = Math.max(0, cutMonth - monthOf(input.inServiceDate));
        const padded = (xs: readonly number[]): number[] => Array.from({ length: cut }, (_x, i) => xs[i] ?? 0);
        expect(padded(withEvents.value.depreciation)).toEqual(padded(without.depreciation));
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});

describe('the invariant checks can fail', () => {
  const good = scheduleOf({
    cost: 100_000,
    salvage: 10_000,
    inServiceDate: '2026-01-01',
    policy: { method: 'straight-line', lifeMonths: 12, convention: 'full-month' },
  });
  const broken = (change: (s: MonthlySchedule) => void): MonthlySchedule => {
    const copy = { ...good, depreciation: [...good.depreciation], writeDowns: [...good.writeDowns] };
    change(copy);
    return copy;
  };

  it('a cent moved between months still passes; a cent lost does not', () => {
    expect(() => expectScheduleInvariants(broken((s) => { s.depreciation[0] = (s.depreciation[0] ?? 0) + 1; s.depreciation[1] = (s.depreciation[1] ?? 0) - 1; }), { endsAtSalvage: true })).not.toThrow();
    expect(() => expectScheduleInvariants(broken((s) => { s.depreciation[3] = (s.depreciation[3] ?? 0) - 1; }), { endsAtSalvage: true })).toThrow();
  });

  it('a month below salvage or a rising book value fails', () => {
    expect(() => expectScheduleInvariants(broken((s) => { s.depreciation[0] = 95_000; s.depreciation[1] = -5_000 - 7_500 * 1; }), { endsAtSalvage: false })).toThrow();
    expect(() => expectScheduleInvariants(broken((s) => { s.depreciation[5] = -1; }), { endsAtSalvage: false })).toThrow();
  });

  it('book value helpers read the same schedule', () => {
    expect(bookValueAt(good, '2025-12')).toBe(100_000);
    expect(bookValueAt(good, '2026-06')).toBe(100_000 - 6 * 7_500);
    expect(bookValueAt(good, '2030-01')).toBe(10_000);
  });
});
