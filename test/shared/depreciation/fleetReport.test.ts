/** The fleet depreciation report: expense by period and group, the roll-forward, as-of values, CSV. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addMonths, isoDate } from '../../../shared/dates';
import {
  accumulatedDepreciationAt,
  expenseByGroup,
  fleetReportToCsv,
  nbvAt,
  rollForward,
  rollForwardItem,
  type RollForward,
  type RollForwardItem,
} from '../../../shared/depreciation/fleetReport';
import { fiscalYearStartOf, lastDayOfMonth, monthIndexOfDate, yearMonthOf } from '../../../shared/depreciation/fiscal-calendar';
import { lotSchedule, type LotScheduleHistory } from '../../../shared/depreciation/lotSchedule';
import { PERIOD_KINDS } from '../../../shared/depreciation/periods';
import { splitSchedule } from '../../../shared/depreciation/split';
import type { MonthlySchedule } from '../../../shared/depreciation/types';
import type { Lot } from '../../../shared/lot';
import { allocate } from '../../../shared/money';
import { depreciatingPolicy, inputWithAdjustmentsArb, isoDateArb } from './arbitraries';
import { scheduleOf, sum } from './helpers';
import { dispose, makeLot, splitLot } from './lotFactory';

function ok<T>(result: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

/** 120,000.00 straight-line over 12 months from March 2026, no salvage: 10,000.00 a month. */
const lease = scheduleOf({
  cost: 12_000_000,
  salvage: 0,
  inServiceDate: '2026-03-10',
  policy: { method: 'straight-line', lifeMonths: 12, convention: 'full-month' },
});

describe('as of a date', () => {
  it('net book value at the end of the date’s month; cost before the schedule starts; salvage after it ends', () => {
    expect(nbvAt(lease, '2026-02-28')).toBe(12_000_000);
    expect(nbvAt(lease, '2026-03-01')).toBe(11_000_000);
    expect(nbvAt(lease, '2026-03-31')).toBe(11_000_000);
    expect(nbvAt(lease, '2026-12-15')).toBe(2_000_000);
    expect(nbvAt(lease, '2030-01-01')).toBe(0);
    expect(accumulatedDepreciationAt(lease, '2026-12-15')).toBe(10_000_000);
  });

  it('a disposed asset is off the books from its disposal month; its accumulated depreciation stays what it was', () => {
    const sold = scheduleOf({ ...leaseInput(), adjustments: [{ type: 'disposal', date: '2026-08-20', proceeds: 5_000_000 }] });
    expect(nbvAt(sold, '2026-07-31')).toBe(7_000_000);
    expect(nbvAt(sold, '2026-08-01')).toBe(0);
    expect(nbvAt(sold, '2027-08-01')).toBe(0);
    expect(accumulatedDepreciationAt(sold, '2027-08-01')).toBe(5_000_000); // March..July
    expect(sold.disposal?.bookValue).toBe(7_000_000);
  });

  it('a part of a split, before its first month: what it starts from (cost less its opening amounts)', () => {
    const [part] = ok(splitSchedule(lease, [1, 1], '2026-07'));
    if (!part) throw new Error('parts');
    expect(nbvAt(part, '2026-01-31')).toBe(6_000_000 - 2_000_000);
    expect(nbvAt(part, '2026-07-31')).toBe(6_000_000 - 2_500_000);
    expect(accumulatedDepreciationAt(part, '2026-01-31')).toBe(2_000_000);
  });
});

function leaseInput() {
  return { cost: 12_000_000, salvage: 0, inServiceDate: '2026-03-10', policy: { method: 'straight-line', lifeMonths: 12, convention: 'full-month' } } as const;
}

describe('expenseByGroup', () => {
  const cpu = scheduleOf({ cost: 3_600_000, salvage: 0, inServiceDate: '2025-11-01', policy: { method: 'straight-line', lifeMonths: 36, convention: 'full-month' } });

  it('fiscal quarters (year from April), cut to the range: each cell is the sum of its months', () => {
    const table = expenseByGroup(
      [
        { key: 'gpu-server', schedule: lease },
        { key: 'cpu-server', schedule: cpu },
        { key: 'gpu-server', schedule: lease },
      ],
      'quarter',
      '2026-02',
      '2026-11',
      4,
    );
    expect(table.periods).toEqual([
      { label: 'FY2026 Q4', start: '2026-02-01', end: '2026-03-31' },
      { label: 'FY2027 Q1', start: '2026-04-01', end: '2026-06-30' },
      { label: 'FY2027 Q2', start: '2026-07-01', end: '2026-09-30' },
      { label: 'FY2027 Q3', start: '2026-10-01', end: '2026-11-30' },
    ]);
    expect(table.rows).toEqual([
      { key: 'cpu-server', amounts: [200_000, 300_000, 300_000, 200_000], total: 1_000_000 },
      { key: 'gpu-server', amounts: [2_000_000, 6_000_000, 6_000_000, 4_000_000], total: 18_000_000 },
    ]);
    expect(table.totals).toEqual([2_200_000, 6_300_000, 6_300_000, 4_200_000]);
    expect(table.total).toBe(19_000_000);
  });

  it('months and years; a range with no months is empty', () => {
    const months = expenseByGroup([{ key: 'a', schedule: lease }], 'month', '2027-01', '2027-04', 1);
    expect(months.periods.map((p) => p.label)).toEqual(['2027-01', '2027-02', '2027-03', '2027-04']);
    expect(months.rows[0]?.amounts).toEqual([1_000_000, 1_000_000, 0, 0]);
    const years = expenseByGroup([{ key: 'a', schedule: lease }], 'year', '2025-01', '2027-12', 7);
    expect(years.periods).toEqual([
      { label: 'FY2025', start: '2025-01-01', end: '2025-06-30' },
      { label: 'FY2026', start: '2025-07-01', end: '2026-06-30' },
      { label: 'FY2027', start: '2026-07-01', end: '2027-06-30' },
      { label: 'FY2028', start: '2027-07-01', end: '2027-12-31' },
    ]);
    expect(years.rows[0]?.amounts).toEqual([0, 4_000_000, 8_000_000, 0]);
    expect(expenseByGroup([{ key: 'a', schedule: lease }], 'month', '2027-04', '2027-01', 1)).toMatchObject({ periods: [], totals: [], total: 0 });
  });

  it('property: any schedules, groups, range, period kind and fiscal year — every amount an exact sum of the months', () => {
    const range = fc.record({ start: isoDateArb, months: fc.integer({ min: 0, max: 150 }) });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(inputWithAdjustmentsArb, fc.constantFrom('a', 'b', 'c')), { minLength: 1, maxLength: 8 }),
        range,
        fc.constantFrom(...PERIOD_KINDS),
        fc.integer({ min: 1, max: 12 }),
        (specs, { start, months }, kind, fy) => {
          const items = specs.flatMap(([input, key]) => {
            const result = depreciationScheduleOrNull(input);
            return result === null ? [] : [{ key, schedule: result }];
          });
          const from = start.slice(0, 7);
          const to = yearMonthOf(monthIndexOfDate(from) + months);
          const table = expenseByGroup(items, kind, from, to, fy);
          // Periods: contiguous, covering the range exactly, each inside one fiscal period.
          expect(table.periods[0]?.start).toBe(`${from}-01`);
          expect(table.periods.at(-1)?.end).toBe(lastDayOfMonth(monthIndexOfDate(to)));
          table.periods.forEach((p, i) => {
            const next = table.periods[i + 1];
            if (next) expect(monthIndexOfDate(next.start)).toBe(monthIndexOfDate(p.end) + 1);
            if (kind === 'year') expect(fiscalYearStartOf(monthIndexOfDate(p.start), fy)).toBe(fiscalYearStartOf(monthIndexOfDate(p.end), fy));
          });
          const inRange = (s: MonthlySchedule, a: number, b: number): number => {
            let total = 0;
            s.depreciation.forEach((d, i) => {
              const m = monthIndexOfDate(s.startMonth) + i;
              if (m >= a && m <= b) total += d;
            });
            return total;
          };
          for (const row of table.rows) {
            const mine = items.filter((it) => it.key === row.key);
            expect(row.total).toBe(sum(mine.map((it) => inRange(it.schedule, monthIndexOfDate(from), monthIndexOfDate(to)))));
            table.periods.forEach((p, i) => {
              expect(row.amounts[i]).toBe(sum(mine.map((it) => inRange(it.schedule, monthIndexOfDate(p.start), monthIndexOfDate(p.end)))));
            });
          }
          expect(table.rows.map((r) => r.key)).toEqual([...new Set(items.map((it) => it.key))].sort());
          table.totals.forEach((t, i) => expect(t).toBe(sum(table.rows.map((r) => r.amounts[i] ?? 0))));
          expect(table.total).toBe(sum(table.rows.map((r) => r.total)));
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);
});

function depreciationScheduleOrNull(input: Parameters<typeof scheduleOf>[0]): MonthlySchedule | null {
  try {
    return scheduleOf(input);
  } catch {
    return null; // an impairment the engine refuses
  }
}

describe('rollForward', () => {
  const itemOf = (schedule: MonthlySchedule, addedOn: string | null = `${schedule.startMonth}-01`): RollForwardItem => ({ schedule, addedOn });

  it('opening, additions, depreciation, impairments, disposals, closing — for a small fleet, by hand', () => {
    // Old: in service since 2025, 1,000.00 a month; new: added in June 2026; sold: disposed of in
    // August; impaired: written down 500.00 in May.
    const line = (cost: number, inServiceDate: string, lifeMonths: number, adjustments = [] as Parameters<typeof scheduleOf>[0]['adjustments']) =>
      scheduleOf({ cost, salvage: 0, inServiceDate, policy: { method: 'straight-line', lifeMonths, convention: 'full-month' }, adjustments });
    const old = line(3_600_000, '2025-01-01', 36);
    const fresh = line(1_200_000, '2026-06-15', 12);
    const sold = line(2_400_000, '2025-07-01', 24, [{ type: 'disposal', date: '2026-08-31', proceeds: 0 }]);
    const impaired = line(1_200_000, '2025-10-01', 12, [{ type: 'impairment', date: '2026-05-31', amount: 50_000 }]);
    const result = ok(rollForward([itemOf(old), itemOf(fresh), itemOf(sold), itemOf(impaired)], '2026-04-01', '2026-09-30'));
    // Opening (start of April): old 3,600,000 − 15 × 100,000; sold 2,400,000 − 9 × 100,000; impaired 1,200,000 − 6 × 100,000.
    expect(result.opening).toBe(2_100_000 + 1_500_000 + 600_000);
    expect(result.additions).toBe(1_200_000);
    // Old 6 months, fresh June–September, sold April–July; impaired April–May at 100,000, then its
    // 350,000 left over the 4 months of life left (June–September): 87,500 a month.
    expect(result.depreciation).toBe(600_000 + 400_000 + 400_000 + 200_000 + 4 * 87_500);
    expect(result.impairments).toBe(50_000);
    expect(result.disposals).toBe(1_100_000);
    expect(result.closing).toBe(1_500_000 + 800_000 + 0 + (600_000 - 200_000 - 50_000 - 4 * 87_500));
    expect(result.opening + result.additions - result.depreciation - result.impairments - result.disposals).toBe(result.closing);
    expect(result).toMatchObject({ start: '2026-04-01', end: '2026-09-30' });
  });

  it('rollForwardItem: a lot is added at its in-service date; a split part carrying opening amounts came from its parent', () => {
    expect(rollForwardItem(lease, '2026-03-10')).toEqual({ schedule: lease, addedOn: '2026-03-10' });
    const [part] = ok(splitSchedule(lease, [1, 1], '2026-07'));
    if (!part) throw new Error('parts');
    expect(rollForwardItem(part, '2026-03-10').addedOn).toBeNull();
    const [fromStart] = ok(splitSchedule(lease, [1, 1], lease.startMonth));
    if (!fromStart) throw new Error('parts');
    expect(rollForwardItem(fromStart, '2026-03-10').addedOn).toBe('2026-03-10');
  });

  it('refuses a range that ends before it starts, or is not one of dates', () => {
    expect(rollForward([], '2026-05-01', '2026-04-30')).toEqual({ ok: false, error: 'to: 2026-04-30 is before from 2026-05-01' });
    expect(rollForward([], 'May', '2026-04-30')).toEqual({ ok: false, error: 'from: "May" is not a date in YYYY-MM-DD form' });
    expect(ok(rollForward([], '2026-05-01', '2026-05-01'))).toMatchObject({ opening: 0, closing: 0 });
  });

  const rangeArb = fc.record({ from: isoDateArb, months: fc.integer({ min: 0, max: 160 }), day: fc.integer({ min: 1, max: 28 }) });

  it('property: reconciles exactly, and each line is what the schedules say', () => {
    fc.assert(
      fc.property(fc.array(inputWithAdjustmentsArb, { maxLength: 10 }), rangeArb, (inputs, { from, months, day }) => {
        const schedules = inputs.flatMap((i) => {
          const s = depreciationScheduleOrNull(i);
          return s === null ? [] : [{ schedule: s, inServiceDate: i.inServiceDate }];
        });
        const end = isoDate(Number(addMonths(from, months).slice(0, 4)), Number(addMonths(from, months).slice(5, 7)), day);
        const to = end < from ? from : end;
        const result = ok(rollForward(schedules.map(({ schedule, inServiceDate }) => ({ schedule, addedOn: inServiceDate })), from, to));
        expectReconciles(result);
        const first = monthIndexOfDate(from);
        const last = monthIndexOfDate(to);
        const before = yearMonthOf(first - 1);
        const added = (s: { inServiceDate: string }) => monthIndexOfDate(s.inServiceDate);
        expect(result.opening).toBe(sum(schedules.filter((s) => added(s) < first).map((s) => nbvAt(s.schedule, before))));
        expect(result.closing).toBe(sum(schedules.filter((s) => added(s) <= last).map((s) => nbvAt(s.schedule, to))));
        expect(result.additions).toBe(sum(schedules.filter((s) => added(s) >= first && added(s) <= last).map((s) => s.schedule.cost)));
        const disposedWithin = schedules.filter((s) => s.schedule.disposal && monthIndexOfDate(s.schedule.disposal.month) >= first && monthIndexOfDate(s.schedule.disposal.month) <= last);
        expect(result.disposals).toBe(sum(disposedWithin.map((s) => s.schedule.disposal?.bookValue ?? 0)));
        const within = (values: readonly number[], s: MonthlySchedule): number =>
          sum(values.filter((_v, i) => monthIndexOfDate(s.startMonth) + i >= first && monthIndexOfDate(s.startMonth) + i <= last));
        expect(result.depreciation).toBe(sum(schedules.map((s) => within(s.schedule.depreciation, s.schedule))));
        expect(result.impairments).toBe(sum(schedules.map((s) => within(s.schedule.writeDowns, s.schedule))));
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('property: a split changes nothing for the fleet — full-history parts for any range; since-split parts from the last split on', () => {
    const familyArb = fc.record({
      quantity: fc.integer({ min: 2, max: 40 }),
      unitCost: fc.integer({ min: 0, max: 20_000_000 }),
      extraCosts: fc.integer({ min: 0, max: 1_000_000 }),
      inServiceDate: isoDateArb,
      policy: depreciatingPolicy,
      splits: fc.array(fc.record({ member: fc.nat(), share: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), gap: fc.integer({ min: 0, max: 30 }) }), { minLength: 1, maxLength: 4 }),
      disposal: fc.option(fc.integer({ min: 0, max: 60 })),
      range: rangeArb,
    });
    fc.assert(
      fc.property(familyArb, (spec) => {
        const book = spec.policy.method === 'macrs' ? ({ policy: spec.policy, salvage: { kind: 'zero' } } as const) : { policy: spec.policy, salvage: { kind: 'lot' } as const };
        let original = makeLot({ quantity: spec.quantity, unitCost: spec.unitCost, extraCosts: spec.extraCosts, salvageValue: Math.floor(spec.unitCost / 10), inServiceDate: spec.inServiceDate, book });
        let family: Lot[] = [original];
        let date = spec.inServiceDate;
        spec.splits.forEach((s, i) => {
          date = addMonths(date, s.gap);
          const candidates = family.filter((l) => l.quantity >= 2);
          const member = candidates[s.member % Math.max(1, candidates.length)];
          if (member === undefined) return;
          const { parent, child } = splitLot(member, 1 + Math.floor(s.share * (member.quantity - 1)), date, `c${i}`);
          family = family.map((l) => (l.id === member.id ? parent : l));
          family.push(child);
        });
        if (spec.disposal !== null) {
          const on = addMonths(date, spec.disposal);
          const proceeds = allocate(1_000, family.map((l) => l.quantity));
          family = family.map((l, i) => dispose(l, on, proceeds[i] ?? 0));
          original = dispose(original, on, 1_000);
        }
        const schedule = (l: Lot, history: LotScheduleHistory) => {
          const s = ok(lotSchedule(l, 'book', 1, { history }));
          if (s === null) throw new Error('in service');
          return s;
        };
        const whole = schedule(original, 'full');
        const to = addMonths(spec.range.from, spec.range.months);
        const unsplit = ok(rollForward([{ schedule: whole, addedOn: spec.inServiceDate }], spec.range.from, to));
        const full = ok(rollForward(family.map((l) => rollForwardItem(schedule(l, 'full'), l.inServiceDate ?? '')), spec.range.from, to));
        expect(full).toEqual(unsplit);
        expect(expenseByGroup(family.map((l) => ({ key: 'fleet', schedule: schedule(l, 'full') })), 'quarter', spec.range.from.slice(0, 7), to.slice(0, 7), 1).totals).toEqual(
          expenseByGroup([{ key: 'fleet', schedule: whole }], 'quarter', spec.range.from.slice(0, 7), to.slice(0, 7), 1).totals,
        );
        // Since-split parts come from their parent: no addition. From the last split on, the same figures.
        const lastSplit = date > spec.range.from ? date : spec.range.from;
        const own = family.map((l) => rollForwardItem(schedule(l, 'since-split'), l.inServiceDate ?? ''));
        const later = ok(rollForward(own, lastSplit, to > lastSplit ? to : lastSplit));
        expect(later).toEqual(ok(rollForward([{ schedule: whole, addedOn: spec.inServiceDate }], lastSplit, to > lastSplit ? to : lastSplit)));
        expectReconciles(later);
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});

function expectReconciles(r: RollForward): void {
  expect(r.opening + r.additions - r.depreciation - r.impairments - r.disposals).toBe(r.closing);
}

describe('fleetReportToCsv', () => {
  it('the expense table: a row per group, a column per period (cut periods say so), totals; plain decimals', () => {
    const table = expenseByGroup([{ key: 'gpu-server', schedule: lease }, { key: 'nic, 25G', schedule: lease }], 'year', '2026-01', '2027-12', 1);
    expect(fleetReportToCsv({ kind: 'expense', table, groupLabel: 'Category' }, 'USD')).toBe(
      'Category,FY2026,FY2027,Total\r\n' +
        'gpu-server,100000.00,20000.00,120000.00\r\n' +
        '"nic, 25G",100000.00,20000.00,120000.00\r\n' +
        'Total,200000.00,40000.00,240000.00\r\n',
    );
    const cut = expenseByGroup([{ key: 'a', schedule: lease }], 'quarter', '2026-05', '2026-06', 1);
    expect(fleetReportToCsv({ kind: 'expense', table: cut }, 'JPY')).toBe('Group,FY2026 Q2 (2026-05-01 to 2026-06-30),Total\r\na,2000000,2000000\r\nTotal,2000000,2000000\r\n');
  });

  it('the roll-forward: reductions negative, so the lines above the closing one sum to it', () => {
    const r = ok(rollForward([{ schedule: lease, addedOn: '2026-03-10' }], '2026-01-15', '2026-06-30'));
    expect(fleetReportToCsv({ kind: 'roll-forward', rollForward: r }, 'USD')).toBe(
      'Line,Amount\r\n' +
        'Opening net book value (2026-01-01),0.00\r\n' +
        'Additions,120000.00\r\n' +
        'Depreciation,-40000.00\r\n' +
        'Impairments,0.00\r\n' +
        'Disposals,0.00\r\n' +
        'Closing net book value (2026-06-30),80000.00\r\n',
    );
  });
});
