/** A lot's schedule from the lot, and the headline: a split family adds up to the unsplit lot to the minor unit. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addMonths } from '../../../shared/dates';
import { monthIndexOfDate, yearMonthOf } from '../../../shared/depreciation/fiscal-calendar';
import { fiscalYearChangeProblems, lotSchedule, splitDepreciationChain, type LotScheduleHistory } from '../../../shared/depreciation/lotSchedule';
import { bookValueAt } from '../../../shared/depreciation/periods';
import { salvageFor, type SalvageRule } from '../../../shared/depreciation/policies';
import { depreciationSchedule } from '../../../shared/depreciation/schedule';
import { splitSchedule } from '../../../shared/depreciation/split';
import type { DepreciationPolicy, MonthlySchedule } from '../../../shared/depreciation/types';
import { BOOKS, costBasis, totalSalvage, type BookKind, type Lot, type LotAdjustment } from '../../../shared/lot';
import { allocate } from '../../../shared/money';
import { depreciatingPolicy, isoDateArb } from './arbitraries';
import { expectScheduleInvariants, expectViewsAgree, sum } from './helpers';
import { adjustment, dispose, makeLot, splitLot, STRAIGHT_LINE_60 } from './lotFactory';

function scheduleOf(lot: Lot, book: BookKind, history: LotScheduleHistory = 'since-split', fiscalYearStartMonth = 1): MonthlySchedule {
  const result = lotSchedule(lot, book, fiscalYearStartMonth, { history });
  if (!result.ok) throw new Error(result.error);
  if (result.value === null) throw new Error('expected a schedule');
  return result.value;
}

function errorOf(lot: Lot, book: BookKind): string {
  const result = lotSchedule(lot, book, 1);
  if (result.ok) throw new Error('expected an error');
  return result.error;
}

/** The sum over schedules starting in the same month, month by month. */
function monthSums(schedules: readonly MonthlySchedule[], key: 'depreciation' | 'writeDowns'): number[] {
  const length = Math.max(0, ...schedules.map((s) => s[key].length));
  return Array.from({ length }, (_x, i) => sum(schedules.map((s) => s[key][i] ?? 0)));
}

function padded(values: readonly number[], length: number): number[] {
  return Array.from({ length }, (_x, i) => values[i] ?? 0);
}

describe('lotSchedule without splits', () => {
  it('no in-service date: no schedule', () => {
    expect(lotSchedule(makeLot({ inServiceDate: null }), 'book', 1)).toEqual({ ok: true, value: null });
  });

  it('is the engine’s schedule of the lot’s cost basis, salvage rule, policy and adjustments for that book', () => {
    const lot = makeLot({
      quantity: 4,
      unitCost: 250_000_00,
      extraCosts: 12_345_67,
      salvageValue: 10_000_00,
      book: { policy: STRAIGHT_LINE_60, salvage: { kind: 'percent-of-cost', basisPoints: 1000 } },
      adjustments: [
        adjustment('book', { type: 'impairment', date: '2027-06-30', amount: 50_000_00 }),
        adjustment('tax', { type: 'revision', date: '2027-01-01', lifeMonths: 48 }),
      ],
    });
    const cost = costBasis(lot);
    const expected = depreciationSchedule({
      cost,
      salvage: salvageFor({ kind: 'percent-of-cost', basisPoints: 1000 }, cost, totalSalvage(lot)),
      inServiceDate: '2026-01-01',
      policy: STRAIGHT_LINE_60,
      fiscalYearStartMonth: 4,
      adjustments: [{ type: 'impairment', date: '2027-06-30', amount: 50_000_00 }],
    });
    expect(lotSchedule(lot, 'book', 4)).toEqual(expected);
    // The tax book has a revision MACRS refuses: that book fails, the other does not.
    expect(errorOf(lot, 'tax')).toMatch(/^revision on 2027-01-01: MACRS recovery periods are statutory/u);
  });

  it('a disposed lot is disposed of in both books, with its proceeds', () => {
    const lot = dispose(makeLot(), '2028-03-15', 500_000);
    for (const book of BOOKS) {
      const schedule = scheduleOf(lot, book);
      expect(schedule.disposal).toMatchObject({ date: '2028-03-15', month: '2028-03', proceeds: 500_000 });
      expect(schedule.depreciation).toHaveLength(27);
    }
    expect(errorOf({ ...lot, disposedDate: null }, 'book')).toBe('disposedDate: a disposed lot needs the date it was disposed of');
    expect(errorOf({ ...lot, proceeds: null }, 'tax')).toBe('proceeds: a disposed lot needs its proceeds (0 allowed)');
  });

  it('policy none: a flat schedule — the lot stays on the books at cost, less impairments, until disposed of', () => {
    const none: DepreciationPolicy = { method: 'none' };
    const lot = makeLot({ book: { policy: none, salvage: { kind: 'zero' } }, adjustments: [adjustment('book', { type: 'impairment', date: '2027-02-10', amount: 100_00 })] });
    const schedule = scheduleOf(lot, 'book');
    expect(sum(schedule.depreciation)).toBe(0);
    expect(bookValueAt(schedule, '2026-06')).toBe(costBasis(lot));
    expect(bookValueAt(schedule, '2030-01')).toBe(costBasis(lot) - 100_00);
    expect(scheduleOf(dispose(lot, '2029-01-31', 0), 'book').disposal?.bookValue).toBe(costBasis(lot) - 100_00);
  });
});

describe('a refused impairment, in the words a person reads', () => {
  // The message reaches people as is: the Finance tab's dialog, a refused edit, a fiscal year change, a sync conflict.
  it('names the amounts in the lot’s currency, not in minor units', () => {
    const lot = makeLot({ adjustments: [adjustment('book', { type: 'impairment', date: '2026-01-01', amount: 20_000_00 })] });
    expect(errorOf(lot, 'book')).toBe('impairment on 2026-01-01: USD 20,000.00 is more than the book value USD 10,000.00 at that date');
    const none = makeLot({ currency: 'JPY', unitCost: 1_000, book: { policy: { method: 'none' }, salvage: { kind: 'zero' } }, adjustments: [adjustment('book', { type: 'impairment', date: '2026-03-10', amount: 12_345 })] });
    expect(errorOf(none, 'book')).toBe('impairment on 2026-03-10: JPY 12,345 is more than the book value JPY 10,000 at that date');
  });

  it('a new salvage above the cost names both', () => {
    const lot = makeLot({ adjustments: [adjustment('book', { type: 'revision', date: '2026-06-01', salvage: 12_000_00 })] });
    expect(errorOf(lot, 'book')).toBe('revision on 2026-06-01: the new salvage USD 12,000.00 is more than the cost USD 10,000.00');
  });

  it('on a part of a split lot too', () => {
    const { child } = splitLot(makeLot(), 4, '2026-07-15', 'child-1');
    const impaired = { ...child, adjustments: [adjustment('book', { type: 'impairment', date: '2026-08-01', amount: 5_000_00 })] };
    const revised = { ...child, adjustments: [adjustment('book', { type: 'revision', date: '2026-08-01', salvage: 5_000_00 })] };
    expect(errorOf(revised, 'book')).toBe('revision on 2026-08-01: the new salvage USD 5,000.00 is more than the cost USD 4,000.00');
    expect(errorOf(impaired, 'book')).toMatch(/^impairment on 2026-08-01: USD 5,000\.00 is more than the book value USD \d{1,3}(,\d{3})*\.\d{2} at that date$/u);
  });
});

describe('splitDepreciationChain', () => {
  const lot = makeLot({ quantity: 10, extraCosts: 1_001, salvageValue: 50_00 });

  it('before depreciation begins (no in-service date, or a later one) there is no chain: the child is a lot of its own', () => {
    expect(splitDepreciationChain(makeLot({ inServiceDate: null }), 3, '2026-05-01')).toEqual({ parent: null, child: null });
    expect(splitDepreciationChain(makeLot({ inServiceDate: '2026-06-01' }), 3, '2026-05-31')).toEqual({ parent: null, child: null });
    expect(splitDepreciationChain(makeLot({ inServiceDate: '2026-06-01' }), 3, '2026-06-01').parent).not.toBeNull();
  });

  it('the first split starts the chain from the lot: cost basis, salvage per book, its adjustments', () => {
    const impairment = adjustment('book', { type: 'impairment', date: '2026-09-30', amount: 1_000_00 });
    const withAdjustment = { ...lot, adjustments: [impairment] };
    const before = structuredClone(withAdjustment);
    const { parent, child } = splitDepreciationChain(withAdjustment, 3, '2027-02-14');
    expect(withAdjustment).toEqual(before); // not mutated
    expect(parent).toEqual({
      cost: costBasis(lot),
      salvage: { book: 10 * 50_00, tax: 0 },
      adjustments: [impairment],
      splits: [{ month: '2027-02', quantities: [7, 3], part: 0, adjustments: [] }],
    });
    expect(child).toEqual({ ...parent, splits: [{ month: '2027-02', quantities: [7, 3], part: 1, adjustments: [] }] });
  });

  it('a later split appends a step, moving the lot’s adjustments since its last split into that step', () => {
    const first = splitLot(lot, 4, '2027-01-10', 'c1');
    const revision = adjustment('book', { type: 'revision', date: '2027-06-01', lifeMonths: 72 });
    const parent = { ...first.parent, adjustments: [revision] };
    const { parent: chain, child } = splitDepreciationChain(parent, 2, '2027-08-01');
    expect(chain?.adjustments).toEqual([]);
    expect(chain?.splits).toEqual([
      { month: '2027-01', quantities: [6, 4], part: 0, adjustments: [revision] },
      { month: '2027-08', quantities: [4, 2], part: 0, adjustments: [] },
    ]);
    expect(child?.splits[1]).toEqual({ month: '2027-08', quantities: [4, 2], part: 1, adjustments: [] });
    expect(parent.depreciationChain?.splits[0]?.adjustments).toEqual([]); // the lot's own chain is untouched
  });
});

describe('lotSchedule of split lots', () => {
  const lot = makeLot({ quantity: 3, unitCost: 1_000_000_01, salvageValue: 100_000_00 }); // costs that do not divide by 3

  it('each part starts at its split with its share booked before as opening amounts; the parts add up to the lot', () => {
    const { parent, child } = splitLot(lot, 1, '2027-07-20', 'c1');
    for (const book of BOOKS) {
      const whole = scheduleOf(lot, book);
      const parts = [scheduleOf(parent, book), scheduleOf(child, book)];
      for (const part of parts) {
        expect(part.startMonth).toBe('2027-07');
        expectScheduleInvariants(part, { endsAtSalvage: true });
        expectViewsAgree(part);
      }
      expect(sum(parts.map((p) => p.cost))).toBe(whole.cost);
      expect(parts.map((p) => p.cost)).toEqual([costBasis(parent), costBasis(child)]);
      expect(sum(parts.map((p) => p.salvage))).toBe(whole.salvage);
      expect(sum(parts.map((p) => p.openingAccumulated))).toBe(sum(whole.depreciation.slice(0, 18)));
      expect(monthSums(parts, 'depreciation')).toEqual(padded(whole.depreciation.slice(18), parts[0]?.depreciation.length ?? 0));
      // The child's share of what was booked before the split is a third of it, within a minor unit per month.
      expect(Math.abs((parts[1]?.openingAccumulated ?? 0) - sum(whole.depreciation.slice(0, 18)) / 3)).toBeLessThanOrEqual(18);
    }
  });

  it('equal halves: a month’s odd minor unit goes to the parent (ties to the first part, as for the extra costs)', () => {
    // 2 units of 30.01 over 2 months: 30.01 a month, split one and one.
    const pair = makeLot({ quantity: 2, unitCost: 3_001, book: { policy: { method: 'straight-line', lifeMonths: 2, convention: 'full-month' }, salvage: { kind: 'zero' } } });
    const { parent, child } = splitLot(pair, 1, '2026-01-31', 'c1');
    expect(scheduleOf(parent, 'book', 'full').depreciation).toEqual([1_501, 1_500]);
    expect(scheduleOf(child, 'book', 'full').depreciation).toEqual([1_500, 1_501]);
    const odd = splitLot({ ...pair, extraCosts: 1 }, 1, '2026-01-31', 'c1');
    expect([costBasis(odd.parent), costBasis(odd.child)]).toEqual([3_002, 3_001]);
    expect(scheduleOf(odd.parent, 'book').cost).toBe(3_002);
  });

  it('history full: every month from the in-service month; it agrees with the lot’s view from the split on', () => {
    const { child } = splitLot(lot, 1, '2027-07-20', 'c1');
    const full = scheduleOf(child, 'book', 'full');
    const since = scheduleOf(child, 'book');
    expect(full.startMonth).toBe('2026-01');
    expect(since.openingAccumulated).toBe(sum(full.depreciation.slice(0, 18)));
    expect(since.depreciation).toEqual(full.depreciation.slice(18));
    for (const month of ['2027-07', '2028-12', '2031-01']) expect(bookValueAt(since, month)).toBe(bookValueAt(full, month));
  });

  it('an impairment on one part after the split: that part only, on its own share; the other part is unchanged', () => {
    const { child } = splitLot(lot, 1, '2027-07-20', 'c1');
    const impaired = { ...child, adjustments: [adjustment('book', { type: 'impairment', date: '2027-12-31', amount: 100_000_00 })] };
    const before = scheduleOf(child, 'book');
    const after = scheduleOf(impaired, 'book');
    expect(after.depreciation.slice(0, 6)).toEqual(before.depreciation.slice(0, 6));
    expect(after.writeDowns[5]).toBe(100_000_00);
    expectScheduleInvariants(after, { endsAtSalvage: true });
    expect(scheduleOf(impaired, 'tax')).toEqual(scheduleOf(child, 'tax'));
  });

  it('the same as splitting the schedule: the lot’s share of the original, split from its first month', () => {
    const { child } = splitLot(lot, 1, '2027-07-20', 'c1');
    const whole = scheduleOf(lot, 'book');
    const [, share] = (() => {
      const r = splitSchedule(whole, [2, 1], whole.startMonth);
      if (!r.ok) throw new Error(r.error);
      return r.value;
    })();
    expect(scheduleOf(child, 'book', 'full')).toEqual(share);
  });

  it('refuses a chain that does not hold together, saying why', () => {
    const { parent, child } = splitLot(lot, 1, '2027-07-20', 'c1');
    const early = { ...child, adjustments: [adjustment('book', { type: 'impairment', date: '2027-06-30', amount: 1 })] };
    expect(errorOf(early, 'book')).toBe(
      'impairment on 2027-06-30: is before the split of 2027-07; a change recorded on a part of a split takes effect after it',
    );
    expect(errorOf(dispose(child, '2027-06-30', 0), 'book')).toBe("disposal on 2027-06-30: is before this lot's split of 2027-07");
    expect(errorOf({ ...parent, quantity: 5 }, 'tax')).toBe(
      'depreciationChain: the split of 2027-07 leaves this lot 2 units, but it has 5',
    );
    expect(errorOf({ ...child, quantity: 5 }, 'tax')).toBe('depreciationChain: the split of 2027-07 leaves this lot 1 unit, but it has 5');
    const inherited = splitLot({ ...lot, adjustments: [adjustment('book', { type: 'revision', date: '2028-01-01', salvage: 0 })] }, 1, '2027-07-20', 'c1');
    const before = { ...inherited.child, adjustments: [adjustment('book', { type: 'impairment', date: '2027-10-31', amount: 1 })] };
    expect(errorOf(before, 'book')).toBe(
      'impairment on 2027-10-31: is before the revision on 2028-01-01 this lot inherits from before its split of 2027-07',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The headline property

const salvageRule: fc.Arbitrary<SalvageRule> = fc.oneof(
  fc.constant<SalvageRule>({ kind: 'lot' }),
  fc.constant<SalvageRule>({ kind: 'zero' }),
  fc.integer({ min: 0, max: 10_000 }).map((basisPoints): SalvageRule => ({ kind: 'percent-of-cost', basisPoints })),
);

const template = fc
  .record({ policy: fc.oneof({ weight: 9, arbitrary: depreciatingPolicy }, { weight: 1, arbitrary: fc.constant<DepreciationPolicy>({ method: 'none' }) }), salvage: salvageRule })
  .map(({ policy, salvage }) => ({ policy, salvage: policy.method === 'macrs' ? ({ kind: 'zero' } as const) : salvage }));

const changeSpec = fc.record({
  book: fc.constantFrom<BookKind>('book', 'tax'),
  kind: fc.constantFrom('impairment', 'life', 'salvage'),
  monthsAfter: fc.integer({ min: 0, max: 90 }),
  day: fc.constantFrom(1, 1, 9, 28),
  share: fc.double({ min: 0, max: 0.2, noNaN: true }),
  lifeMonths: fc.integer({ min: 1, max: 150 }),
});

const splitSpec = fc.record({
  member: fc.nat(),
  childShare: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  monthsAfter: fc.integer({ min: 0, max: 100 }),
  day: fc.constantFrom(1, 14, 28),
});

const familyArb = fc.record({
  quantity: fc.integer({ min: 2, max: 60 }),
  unitCost: fc.oneof(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 50_000_000 })),
  extraCosts: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 10_000_000 })),
  salvageShare: fc.double({ min: 0, max: 1, noNaN: true }),
  inServiceDate: isoDateArb,
  fiscalYearStartMonth: fc.integer({ min: 1, max: 12 }),
  book: template,
  tax: template,
  changes: fc.array(changeSpec, { maxLength: 3 }),
  splits: fc.array(splitSpec, { minLength: 1, maxLength: 5 }),
  disposal: fc.option(fc.record({ monthsAfter: fc.integer({ min: 0, max: 80 }), day: fc.constantFrom(1, 15, 28), proceeds: fc.integer({ min: 0, max: 10_000_000 }) })),
});

type Family = typeof familyArb extends fc.Arbitrary<infer T> ? T : never;

function dateAfter(from: string, months: number, day: number): string {
  const d = addMonths(from, months);
  const candidate = `${d.slice(0, 8)}${String(day).padStart(2, '0')}`;
  return candidate < from ? from : candidate;
}

/** The unsplit lot (with its adjustments), and the family its splits make; both disposed of when the spec says so. */
function buildFamily(spec: Family): { original: Lot; family: Lot[]; lastSplitMonth: string } {
  const lot0 = makeLot({
    quantity: spec.quantity,
    unitCost: spec.unitCost,
    extraCosts: spec.extraCosts,
    salvageValue: Math.floor(spec.unitCost * spec.salvageShare),
    inServiceDate: spec.inServiceDate,
    book: spec.book,
    tax: spec.tax,
  });
  const adjustments: LotAdjustment[] = [];
  for (const c of spec.changes) {
    if (lot0[c.book].policy.method === 'macrs') continue; // MACRS takes none
    const date = dateAfter(spec.inServiceDate, c.monthsAfter, c.day);
    const cost = costBasis(lot0);
    if (c.kind === 'impairment') adjustments.push(adjustment(c.book, { type: 'impairment', date, amount: Math.floor(cost * c.share) }));
    if (c.kind === 'life') adjustments.push(adjustment(c.book, { type: 'revision', date, lifeMonths: c.lifeMonths }));
    if (c.kind === 'salvage') adjustments.push(adjustment(c.book, { type: 'revision', date, salvage: Math.floor(cost * c.share) }));
  }
  let original: Lot = { ...lot0, adjustments };
  let family: Lot[] = [original];
  let date = spec.inServiceDate;
  let id = 0;
  for (const s of [...spec.splits].sort((a, b) => a.monthsAfter - b.monthsAfter)) {
    date = dateAfter(date, s.monthsAfter === 0 ? 0 : 1 + (s.monthsAfter % 30), s.day);
    const candidates = family.filter((l) => l.quantity >= 2);
    const member = candidates[s.member % Math.max(1, candidates.length)];
    if (member === undefined) break;
    const childQuantity = 1 + Math.floor(s.childShare * (member.quantity - 1));
    id += 1;
    const { parent, child } = splitLot(member, childQuantity, date, `c${id}`);
    family = family.map((l) => (l.id === member.id ? parent : l));
    family.push(child);
  }
  if (spec.disposal) {
    const latest = [date, ...adjustments.map((a) => a.change.date)].sort().at(-1) ?? date;
    const disposedOn = dateAfter(latest, spec.disposal.monthsAfter, spec.disposal.day);
    const proceeds = allocate(spec.disposal.proceeds, family.map((l) => l.quantity));
    family = family.map((l, i) => dispose(l, disposedOn, proceeds[i] ?? 0));
    original = dispose(original, disposedOn, spec.disposal.proceeds);
  }
  return { original, family, lastSplitMonth: date.slice(0, 7) };
}

describe('a split family adds up to the unsplit lot, to the minor unit', () => {
  it('property: any policy in either book, pre-split adjustments, up to five splits at any months and quantities, with or without a disposal of the whole family', () => {
    let families = 0;
    fc.assert(
      fc.property(familyArb, (spec) => {
        const { original, family, lastSplitMonth } = buildFamily(spec);
        expect(sum(family.map((l) => l.quantity))).toBe(spec.quantity);
        for (const book of BOOKS) {
          const unsplit = lotSchedule(original, book, spec.fiscalYearStartMonth, { history: 'full' });
          if (!unsplit.ok) {
            // The only refusal: an impairment larger than the book value on its date — then every part refuses too.
            expect(unsplit.error).toMatch(/is more than the book value/u);
            for (const l of family) expect(lotSchedule(l, book, spec.fiscalYearStartMonth).ok).toBe(false);
            continue;
          }
          const whole = unsplit.value;
          if (whole === null) throw new Error('in service');
          families += 1;
          const parts = family.map((l) => scheduleOf(l, book, 'full', spec.fiscalYearStartMonth));
          const length = Math.max(whole.depreciation.length, ...parts.map((p) => p.depreciation.length));
          for (const [i, part] of parts.entries()) {
            expect(part.startMonth).toBe(whole.startMonth);
            expect(part.cost).toBe(costBasis(family[i] as Lot));
            expectScheduleInvariants(part, { endsAtSalvage: part.disposal === null && original[book].policy.method !== 'none' });
          }
          // Every month, from the in-service month: depreciation and write-downs.
          expect(padded(monthSums(parts, 'depreciation'), length)).toEqual(padded(whole.depreciation, length));
          expect(padded(monthSums(parts, 'writeDowns'), length)).toEqual(padded(whole.writeDowns, length));
          expect(sum(parts.map((p) => p.cost))).toBe(whole.cost);
          expect(sum(parts.map((p) => p.salvage))).toBe(whole.salvage);
          if (whole.disposal) {
            expect(parts.every((p) => p.disposal?.date === whole.disposal?.date)).toBe(true);
            expect(sum(parts.map((p) => p.disposal?.bookValue ?? 0))).toBe(whole.disposal.bookValue);
            expect(sum(parts.map((p) => p.disposal?.proceeds ?? 0))).toBe(whole.disposal.proceeds);
            expect(sum(parts.map((p) => p.disposal?.gainOrLoss ?? 0))).toBe(whole.disposal.gainOrLoss);
          } else {
            expect(parts.every((p) => p.disposal === null)).toBe(true);
          }
          // Each lot's own view (from its last split) agrees with its full history, and the family's
          // book values add up from the last split on.
          const own = family.map((l) => scheduleOf(l, book, 'since-split', spec.fiscalYearStartMonth));
          const last = monthIndexOfDate(whole.startMonth) + length - 1;
          for (let m = monthIndexOfDate(lastSplitMonth); m <= last; m += 1) {
            const month = yearMonthOf(m);
            expect(sum(own.map((s) => bookValueAt(s, month))), month).toBe(bookValueAt(whole, month));
          }
          own.forEach((s, i) => {
            const full = parts[i] as MonthlySchedule;
            const cut = monthIndexOfDate(s.startMonth) - monthIndexOfDate(full.startMonth);
            expect(s.openingAccumulated).toBe(sum(full.depreciation.slice(0, cut)));
            expect(s.openingWriteDowns).toBe(sum(full.writeDowns.slice(0, cut)));
            expect(s.depreciation).toEqual(full.depreciation.slice(cut));
          });
        }
      }),
      { numRuns: 250 },
    );
    expect(families).toBeGreaterThan(250);
  }, 300_000);
});

describe('fiscalYearChangeProblems', () => {
  const ddb = { method: 'declining-balance' as const, factor: 2, lifeMonths: 60, switchToStraightLine: false, convention: 'full-month' as const };
  // Impaired at about the book value a fiscal year starting in October gives on 2026-06-15.
  const lot = makeLot({
    code: 'DDB-1', purchaseDate: '2025-03-01', receivedDate: '2025-03-01', inServiceDate: '2025-03-01', book: { policy: ddb, salvage: { kind: 'lot' } },
    adjustments: [adjustment('book', { type: 'impairment', date: '2026-06-15', amount: 5_266_65 })],
  });

  it('names the lots a new fiscal year start leaves without a schedule, and why', () => {
    expect(lotSchedule(lot, 'book', 10).ok).toBe(true);
    expect(lotSchedule(lot, 'book', 4).ok).toBe(false);
    expect(fiscalYearChangeProblems([lot], 10, 4)).toEqual([{ code: 'DDB-1', book: 'book', error: expect.stringMatching(/^impairment on 2026-06-15: USD 5,266\.65 is more than the book value USD [\d,]+\.\d{2} at that date$/u) }]);
  });

  it('finds nothing where every schedule still computes, or a schedule already failed', () => {
    expect(fiscalYearChangeProblems([lot], 10, 1)).toEqual([]);
    expect(fiscalYearChangeProblems([lot], 4, 7)).toEqual([]);
    expect(fiscalYearChangeProblems([makeLot()], 1, 7)).toEqual([]);
  });
});
