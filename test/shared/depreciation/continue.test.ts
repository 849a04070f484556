/** Continuing a schedule (a split part, typically) with the adjustments recorded after it. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addMonths, daysInMonth, isoDate } from '../../../shared/dates';
import { continueSchedule } from '../../../shared/depreciation/continue';
import { fiscalYearStartOf, monthIndexOfDate, yearMonthOf } from '../../../shared/depreciation/fiscal-calendar';
import { bookValueAt } from '../../../shared/depreciation/periods';
import { depreciationSchedule } from '../../../shared/depreciation/schedule';
import { splitSchedule } from '../../../shared/depreciation/split';
import { roundToMinor } from '../../../shared/depreciation/rounding';
import { clockFor, conventionTime, lifeEnd } from '../../../shared/depreciation/timeline';
import type { Convention, DepreciationPolicy, ScheduleAdjustment, ScheduleInput } from '../../../shared/depreciation/types';
import { inputWithAdjustmentsArb, isoDateArb, scheduleInputArb } from './arbitraries';
import { expectScheduleInvariants, expectViewsAgree, scheduleOf, sum } from './helpers';

function ok<T>(result: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

function failure(result: { ok: boolean; error?: string }): string {
  if (result.ok) throw new Error('expected an error');
  return result.error ?? '';
}

/** An adjustment `monthsAfter` months after `from`, on `day` (never before `from`). */
const adjustmentSpec = fc.record({
  kind: fc.constantFrom('impairment', 'life', 'salvage', 'both', 'disposal'),
  monthsAfter: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 150 })),
  day: fc.constantFrom(1, 1, 2, 15, 28),
  share: fc.double({ min: 0, max: 1, noNaN: true }),
  lifeMonths: fc.integer({ min: 1, max: 200 }),
});
type AdjustmentSpec = typeof adjustmentSpec extends fc.Arbitrary<infer T> ? T : never;

/** Up to `max` adjustments from `from` on, in date order, at most one disposal (last); MACRS takes disposals only. */
function adjustmentsFrom(from: string, specs: readonly AdjustmentSpec[], cost: number, macrs: boolean): ScheduleAdjustment[] {
  const out: ScheduleAdjustment[] = [];
  const sorted = [...specs].sort((a, b) => a.monthsAfter - b.monthsAfter || a.day - b.day);
  for (const s of sorted) {
    const d = addMonths(from, s.monthsAfter);
    const candidate = `${d.slice(0, 8)}${String(s.day).padStart(2, '0')}`;
    const date = candidate < from ? from : candidate;
    if (macrs && s.kind !== 'disposal') continue;
    if (s.kind === 'impairment') out.push({ type: 'impairment', date, amount: Math.floor(cost * s.share * 0.3) });
    if (s.kind === 'life') out.push({ type: 'revision', date, lifeMonths: s.lifeMonths });
    if (s.kind === 'salvage') out.push({ type: 'revision', date, salvage: Math.floor(cost * s.share) });
    if (s.kind === 'both') out.push({ type: 'revision', date, salvage: Math.floor(cost * s.share * 0.2), lifeMonths: s.lifeMonths });
    if (s.kind === 'disposal') {
      out.push({ type: 'disposal', date, proceeds: Math.floor(cost * s.share) });
      break;
    }
  }
  return out;
}

/** Any method (`none` too), up to six adjustments of every kind, many on the 1st or in the same month. */
const richInputArb: fc.Arbitrary<ScheduleInput> = fc
  .tuple(
    fc.oneof(scheduleInputArb, scheduleInputArb.map((i): ScheduleInput => ({ ...i, policy: { method: 'none' } }))),
    fc.array(adjustmentSpec, { maxLength: 6 }),
  )
  .map(([input, specs]) => ({
    ...input,
    adjustments: adjustmentsFrom(input.inServiceDate, specs, input.cost, input.policy.method === 'macrs'),
  }));

function monthsBetween(a: string, b: string): number {
  return monthIndexOfDate(b) - monthIndexOfDate(a);
}

describe('continueSchedule on the schedule without adjustments is the schedule with them', () => {
  const sameAsEngine = (input: ScheduleInput): void => {
    const plain = scheduleOf({ ...input, adjustments: [] });
    const continued = continueSchedule(plain, input.policy, input.inServiceDate, input.adjustments ?? []);
    // The same schedule to the minor unit, or the same refusal with the same message.
    expect(continued).toEqual(depreciationSchedule(input));
  };

  it('property: every method, convention, fiscal year and mix of impairments, revisions and disposal', () => {
    fc.assert(fc.property(inputWithAdjustmentsArb, sameAsEngine), { numRuns: 400 });
  }, 120_000);

  it('property: up to six adjustments, the none method, events on the 1st and in one month', () => {
    fc.assert(fc.property(richInputArb, sameAsEngine), { numRuns: 400 });
  }, 120_000);

  it('the base is not changed, and no adjustments give a copy of it', () => {
    const plain = scheduleOf({
      cost: 120_000,
      salvage: 0,
      inServiceDate: '2026-01-01',
      policy: { method: 'straight-line', lifeMonths: 12, convention: 'full-month' },
    });
    const before = structuredClone(plain);
    const continued = ok(continueSchedule(plain, { method: 'straight-line', lifeMonths: 12, convention: 'full-month' }, '2026-01-01', [
      { type: 'impairment', date: '2026-06-30', amount: 1_000 },
    ]));
    expect(plain).toEqual(before);
    expect(continued.writeDowns[5]).toBe(1_000);
    const copy = ok(continueSchedule(plain, { method: 'straight-line', lifeMonths: 12, convention: 'full-month' }, '2026-01-01', []));
    expect(copy).toEqual(plain);
    expect(copy.depreciation).not.toBe(plain.depreciation);
  });
});

describe('continueSchedule: regressions the engine equality alone cannot see (it shares the code)', () => {
  it('a half-year disposal year is bounded by the book value the base leaves before that year', () => {
    // 3 minor units, SYD over 8 months from January 2018 under half-year: 1 + 1 in 2018, the last unit in
    // January 2019, the year of the disposal, whose convention amount would be 2 without the bound.
    const policy = { method: 'sum-of-years-digits', lifeMonths: 8, convention: 'half-year' } as const;
    const plain = scheduleOf({ cost: 3, salvage: 0, inServiceDate: '2018-01-01', policy });
    const disposed = ok(continueSchedule(plain, policy, '2018-01-01', [{ type: 'disposal', date: '2019-01-01', proceeds: 0 }]));
    expect(disposed.depreciation).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(disposed.disposal?.bookValue).toBe(0);
  });
});

describe('what continuing does, checked against the rule rather than the engine', () => {
  const timeBased = fc.constantFrom('straight-line' as const, 'sum-of-years-digits' as const, 'fixed-declining' as const);
  const base = fc.record({
    cost: fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 10_000_000_000 })),
    salvageShare: fc.double({ min: 0, max: 0.5, noNaN: true }),
    inServiceDate: isoDateArb,
    fiscalYearStartMonth: fc.integer({ min: 1, max: 12 }),
    lifeMonths: fc.integer({ min: 2, max: 150 }),
    method: timeBased,
    quantities: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 3 }),
    splitAfter: fc.integer({ min: 0, max: 100 }),
    history: fc.constantFrom('full', 'since-split'),
  });
  /** The schedule to continue: the lot's, or a part of it split at some month. */
  const baseOf = (b: typeof base extends fc.Arbitrary<infer T> ? T : never, convention: Convention) => {
    const policy = { method: b.method, lifeMonths: b.lifeMonths, convention } as DepreciationPolicy;
    const whole = scheduleOf({ cost: b.cost, salvage: Math.floor(b.cost * b.salvageShare), inServiceDate: b.inServiceDate, policy, fiscalYearStartMonth: b.fiscalYearStartMonth });
    const splitMonth = yearMonthOf(monthIndexOfDate(whole.startMonth) + b.splitAfter);
    const parts = ok(splitSchedule(whole, b.quantities, b.history === 'full' ? whole.startMonth : splitMonth));
    return { policy, part: parts[parts.length - 1] ?? whole, splitMonth };
  };

  it('property: a disposal keeps every month before its own, and of its own month the share the convention holds', () => {
    fc.assert(
      fc.property(base, fc.constantFrom<Convention>('full-month', 'next-month', 'mid-month', 'actual-days'), fc.integer({ min: 0, max: 160 }), fc.integer({ min: 1, max: 31 }), (b, convention, after, day) => {
        const { policy, part, splitMonth } = baseOf(b, convention);
        const month = monthIndexOfDate(splitMonth) + after;
        const ym = yearMonthOf(month);
        const date = isoDate(Number(ym.slice(0, 4)), Number(ym.slice(5, 7)), Math.min(day, daysInMonth(Number(ym.slice(0, 4)), Number(ym.slice(5, 7)))));
        if (date < b.inServiceDate) return;
        const disposed = ok(continueSchedule(part, policy, b.inServiceDate, [{ type: 'disposal', date, proceeds: 0 }]));
        const at = month - monthIndexOfDate(part.startMonth);
        expect(disposed.depreciation).toHaveLength(at + 1);
        expect(disposed.depreciation.slice(0, at)).toEqual(Array.from({ length: at }, (_x, i) => part.depreciation[i] ?? 0));
        // The disposal month: its share of the time the asset is held in it, up to the time the convention deems the disposal.
        const clock = clockFor(convention);
        const t0 = conventionTime(convention, b.inServiceDate, b.fiscalYearStartMonth);
        const end = lifeEnd(convention, t0, b.inServiceDate, b.lifeMonths);
        const heldFrom = Math.max(clock.at(month), t0);
        const heldTo = Math.min(clock.at(month + 1), end);
        const stop = Math.min(Math.max(conventionTime(convention, date, b.fiscalYearStartMonth), t0), end);
        const planned = part.depreciation[at] ?? 0;
        const expected = stop <= heldFrom ? 0 : stop >= heldTo ? planned : roundToMinor((planned * (stop - heldFrom)) / (heldTo - heldFrom));
        expect(disposed.depreciation[at]).toBe(expected);
      }),
      { numRuns: 400 },
    );
  }, 60_000);

  it('property: after an impairment or a revision, the rest is a new asset’s — its book value then, over the life left', () => {
    const change = fc.record({
      after: fc.integer({ min: 0, max: 150 }),
      day: fc.constantFrom(1, 2, 15, 28),
      kind: fc.constantFrom('impairment', 'life', 'salvage'),
      share: fc.double({ min: 0, max: 1, noNaN: true }),
      lifeMonths: fc.integer({ min: 1, max: 200 }),
    });
    fc.assert(
      fc.property(base, change, (b, c) => {
        const { policy, part, splitMonth } = baseOf(b, 'full-month');
        const ym = yearMonthOf(monthIndexOfDate(splitMonth) + c.after);
        const date = `${ym}-${String(c.day).padStart(2, '0')}`;
        if (date < b.inServiceDate) return;
        const effective = monthIndexOfDate(date) + (c.day === 1 ? 0 : 1);
        const at = effective - monthIndexOfDate(part.startMonth);
        const bookBefore = part.cost - part.openingAccumulated - part.openingWriteDowns - sum(part.depreciation.slice(0, at)) - sum(part.writeDowns.slice(0, at));
        let book = bookBefore;
        let salvage = part.salvage;
        let lifeMonths = b.lifeMonths;
        let adjustment: ScheduleAdjustment;
        if (c.kind === 'impairment') {
          adjustment = { type: 'impairment', date, amount: Math.floor(bookBefore * c.share) };
          book -= adjustment.amount;
          salvage = Math.min(salvage, book);
        } else if (c.kind === 'life') {
          adjustment = { type: 'revision', date, lifeMonths: c.lifeMonths };
          lifeMonths = c.lifeMonths;
        } else {
          adjustment = { type: 'revision', date, salvage: Math.floor(part.cost * c.share) };
          salvage = Math.min(adjustment.salvage ?? 0, book);
        }
        const left = monthIndexOfDate(b.inServiceDate) + lifeMonths - effective;
        if (left < 1) return; // a life already over: what is left goes in one month (tested in adjustments.test.ts)
        const continued = ok(continueSchedule(part, policy, b.inServiceDate, [adjustment]));
        const fresh = scheduleOf({
          cost: book,
          salvage,
          inServiceDate: `${yearMonthOf(effective)}-01`,
          policy: { ...policy, lifeMonths: left } as DepreciationPolicy,
          fiscalYearStartMonth: b.fiscalYearStartMonth,
        });
        // (Trailing months of nothing may differ in number: an asset with nothing left to depreciate.)
        const padded = (xs: readonly number[], length: number): number[] => Array.from({ length }, (_x, i) => xs[i] ?? 0);
        expect(padded(continued.depreciation, at)).toEqual(padded(part.depreciation, at));
        const rest = continued.depreciation.slice(at);
        const length = Math.max(rest.length, fresh.depreciation.length);
        expect(padded(rest, length)).toEqual(padded(fresh.depreciation, length));
        expect(continued.salvage).toBe(salvage);
      }),
      { numRuns: 400 },
    );
  }, 60_000);
});

describe('continueSchedule on a part of a split', () => {
  // 1,200,000.00 straight-line over 60 months from January 2026, no salvage: 20,000.00 a month.
  const policy = { method: 'straight-line', lifeMonths: 60, convention: 'full-month' } as const;
  const whole = scheduleOf({ cost: 120_000_000, salvage: 0, inServiceDate: '2026-01-01', policy });

  it('an impairment on one part: that part’s months before it stand, what is left goes over the remaining life', () => {
    const [, child] = ok(splitSchedule(whole, [3, 1], '2027-01'));
    if (!child) throw new Error('two parts');
    expect(child.openingAccumulated).toBe(6_000_000); // a quarter of 12 months × 20,000.00
    // 30 June 2027: book value 300,000 − 6 × 5,000 = 210,000.00; write 42,000.00 down; the 168,000.00
    // left goes over the 42 months of life left: 4,000.00 a month.
    const continued = ok(continueSchedule(child, policy, '2026-01-01', [{ type: 'impairment', date: '2027-06-30', amount: 4_200_000 }]));
    expect(continued.depreciation.slice(0, 6)).toEqual(child.depreciation.slice(0, 6));
    expect(continued.writeDowns[5]).toBe(4_200_000);
    expect(continued.depreciation.slice(6)).toEqual(Array(42).fill(400_000));
    expect(bookValueAt(continued, '2030-12')).toBe(0);
    expectScheduleInvariants(continued, { endsAtSalvage: true });
  });

  it('a half-year disposal on a part that starts mid-year: the year from its first month, as after an event there', () => {
    const halfYear = { method: 'straight-line', lifeMonths: 60, convention: 'half-year' } as const;
    const original = scheduleOf({ cost: 120_000_000, salvage: 0, inServiceDate: '2026-01-01', policy: halfYear });
    const [, part] = ok(splitSchedule(original, [1, 1], '2028-04'));
    if (!part) throw new Error('two parts');
    const disposed = ok(continueSchedule(part, halfYear, '2026-01-01', [{ type: 'disposal', date: '2028-09-10', proceeds: 0 }]));
    // The part's segment starts in April 2028 with its book value then; the convention deems the
    // disposal at mid-year (July): the charge is for April–June — the months before April are closed.
    const bookAtStart = part.cost - part.openingAccumulated;
    const remainingYears = (2031 * 12 + 6 - (2028 * 12 + 3)) / 12; // April 2028 to the end of life, mid-2031
    const charge = Math.round((bookAtStart * (3 / 12)) / remainingYears);
    expect(sum(disposed.depreciation)).toBe(charge);
    expect(disposed.depreciation).toHaveLength(6); // April..September
    expect(disposed.disposal?.bookValue).toBe(bookAtStart - charge);
    // The whole, after an event starting a segment in April, books exactly twice that.
    const wholeAfterEvent = ok(
      continueSchedule(original, halfYear, '2026-01-01', [
        { type: 'revision', date: '2028-04-01', salvage: 0 },
        { type: 'disposal', date: '2028-09-10', proceeds: 0 },
      ]),
    );
    expect(sum(wholeAfterEvent.depreciation.slice(27))).toBe(2 * charge);
  });

  it('MACRS: a disposal in the tax year a part started in needs the whole year, so it is refused', () => {
    const macrs = { method: 'macrs', recoveryYears: 5, convention: 'half-year' } as const;
    const original = scheduleOf({ cost: 100_000_00, salvage: 0, inServiceDate: '2026-03-10', policy: macrs });
    const [part] = ok(splitSchedule(original, [2, 1], '2028-05'));
    if (!part) throw new Error('two parts');
    expect(failure(continueSchedule(part, macrs, '2026-03-10', [{ type: 'disposal', date: '2028-10-01', proceeds: 0 }]))).toMatch(
      /^disposal on 2028-10-01: the convention sets the amount of the whole tax year from 2028-01, but this schedule starts in 2028-05/u,
    );
    // The next year is whole in the part: half the table's amount, on the part's cost.
    const next = ok(continueSchedule(part, macrs, '2026-03-10', [{ type: 'disposal', date: '2029-10-01', proceeds: 0 }]));
    expect(sum(next.depreciation.slice(8))).toBe(Math.round(Math.round((part.cost * 1152) / 10_000) * 0.5));
    // From the in-service month (history split at the schedule's start) the same disposal is fine.
    const [fromStart] = ok(splitSchedule(original, [2, 1], original.startMonth));
    if (!fromStart) throw new Error('two parts');
    expect(continueSchedule(fromStart, macrs, '2026-03-10', [{ type: 'disposal', date: '2028-10-01', proceeds: 0 }]).ok).toBe(true);
  });

  it('refuses what cannot continue the base, saying why', () => {
    const [part] = ok(splitSchedule(whole, [1, 1], '2027-01'));
    if (!part) throw new Error('two parts');
    expect(failure(continueSchedule(part, policy, '2026-01-01', [{ type: 'impairment', date: '2026-12-31', amount: 1 }]))).toBe(
      "impairment on 2026-12-31: is before the schedule's first month 2027-01",
    );
    const disposed = ok(continueSchedule(part, policy, '2026-01-01', [{ type: 'disposal', date: '2027-03-01', proceeds: 0 }]));
    expect(failure(continueSchedule(disposed, policy, '2026-01-01', [{ type: 'impairment', date: '2027-03-01', amount: 1 }]))).toBe(
      'schedule: it ends in a disposal on 2027-03-01; nothing can follow it',
    );
    const impaired = ok(continueSchedule(part, policy, '2026-01-01', [{ type: 'impairment', date: '2027-08-31', amount: 100 }]));
    expect(failure(continueSchedule(impaired, policy, '2026-01-01', [{ type: 'revision', date: '2027-05-01', lifeMonths: 72 }]))).toBe(
      'schedule: it has a write-down in 2027-08, after the revision on 2027-05-01 takes effect; continue it from before that write-down, with every adjustment since',
    );
    expect(failure(continueSchedule(part, policy, '2026-01-01', [{ type: 'impairment', date: '2027-08-31', amount: part.cost }]))).toMatch(
      /^impairment on 2027-08-31: \d+ is more than the book value \d+ at that date$/u,
    );
    expect(failure(continueSchedule(part, { method: 'macrs', recoveryYears: 5, convention: 'half-year' }, '2026-01-01', [
      { type: 'revision', date: '2027-08-31', lifeMonths: 24 },
    ]))).toMatch(/MACRS recovery periods are statutory/u);
  });

  const splitArb = fc.record({
    input: scheduleInputArb,
    quantities: fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 2, maxLength: 4 }),
    offset: fc.integer({ min: 0, max: 130 }),
    fromStart: fc.boolean(),
    specs: fc.array(fc.array(adjustmentSpec, { maxLength: 4 }), { minLength: 4, maxLength: 4 }),
  });

  it('property: any split, any later adjustments per part — whole amounts, never below salvage, never rising, ending at salvage, earlier months unchanged', () => {
    fc.assert(
      fc.property(splitArb, ({ input, quantities, offset, fromStart, specs }) => {
        const whole = scheduleOf(input);
        const splitMonth = yearMonthOf(monthIndexOfDate(whole.startMonth) + offset);
        // History split at the schedule's first month, or from the split month with opening amounts.
        const parts = ok(splitSchedule(whole, quantities, fromStart ? whole.startMonth : splitMonth));
        const firstDay = `${splitMonth}-01` < input.inServiceDate ? input.inServiceDate : `${splitMonth}-01`;
        parts.forEach((part, p) => {
          const adjustments = adjustmentsFrom(firstDay, specs[p] ?? [], part.cost, input.policy.method === 'macrs');
          const result = continueSchedule(part, input.policy, input.inServiceDate, adjustments);
          if (!result.ok) {
            // The only refusals: a write-down bigger than the book value, a MACRS year the part does not hold.
            expect(result.error).toMatch(/is more than the book value|the convention sets the amount of the whole tax year/u);
            return;
          }
          const continued = result.value;
          expect(continued.cost).toBe(part.cost);
          expect(continued.startMonth).toBe(part.startMonth);
          expect(continued.openingAccumulated + continued.openingWriteDowns).toBe(part.openingAccumulated + part.openingWriteDowns);
          expectScheduleInvariants(continued, { endsAtSalvage: continued.disposal === null });
          expectViewsAgree(continued);
          const first = adjustments[0];
          if (first === undefined) {
            expect(continued).toEqual(part);
            return;
          }
          // Months before the first change's month stand; a half-year / mid-quarter (or MACRS)
          // disposal sets its fiscal year's amount, so there only months before that year.
          const convention = 'convention' in input.policy ? input.policy.convention : 'full-month';
          const yearly = convention === 'half-year' || convention === 'mid-quarter';
          const month = monthIndexOfDate(first.date);
          const cut = first.type === 'disposal' && yearly ? fiscalYearStartOf(month, input.fiscalYearStartMonth ?? 1) : month;
          const kept = Math.max(0, cut - monthIndexOfDate(part.startMonth));
          const firstMonths = (xs: readonly number[]): number[] => Array.from({ length: kept }, (_x, i) => xs[i] ?? 0);
          expect(firstMonths(continued.depreciation)).toEqual(firstMonths(part.depreciation));
          expect(firstMonths(continued.writeDowns)).toEqual(firstMonths(part.writeDowns));
          if (continued.disposal) {
            const book = continued.cost - continued.openingAccumulated - continued.openingWriteDowns - sum(continued.depreciation) - sum(continued.writeDowns);
            expect(continued.disposal.bookValue).toBe(book);
            expect(monthsBetween(continued.startMonth, continued.disposal.month)).toBe(continued.depreciation.length - 1);
          }
        });
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
