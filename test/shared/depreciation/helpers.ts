import { expect } from 'vitest';
import { depreciationSchedule } from '../../../shared/depreciation/schedule';
import { schedulePeriods, type PeriodKind, type SchedulePeriod } from '../../../shared/depreciation/periods';
import type { MonthlySchedule, ScheduleInput } from '../../../shared/depreciation/types';

export function scheduleOf(input: ScheduleInput): MonthlySchedule {
  const result = depreciationSchedule(input);
  if (!result.ok) throw new Error(`expected a schedule, got: ${result.error}`);
  return result.value;
}

export function scheduleError(input: ScheduleInput): string {
  const result = depreciationSchedule(input);
  if (result.ok) throw new Error('expected an error, got a schedule');
  return result.error;
}

export function periodsOf(input: ScheduleInput, kind: PeriodKind = 'year'): SchedulePeriod[] {
  return schedulePeriods(scheduleOf(input), kind);
}

/** Fiscal-year depreciation amounts, first year first. */
export function yearCharges(input: ScheduleInput): number[] {
  return periodsOf(input, 'year').map((p) => p.depreciation);
}

export function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/**
 * Every invariant a schedule promises, to the minor unit. `endsAtSalvage` is false for schedules
 * that stop early (disposal) or never depreciate (none).
 */
export function expectScheduleInvariants(schedule: MonthlySchedule, options: { endsAtSalvage: boolean }): void {
  const { cost, salvage } = schedule;
  let book = cost - schedule.openingAccumulated - schedule.openingWriteDowns;
  expect(schedule.depreciation.length).toBe(schedule.writeDowns.length);
  schedule.depreciation.forEach((dep, i) => {
    const wd = schedule.writeDowns[i] ?? 0;
    expect(Number.isSafeInteger(dep), `month ${i} depreciation ${dep} is whole`).toBe(true);
    expect(dep, `month ${i} depreciation`).toBeGreaterThanOrEqual(0);
    expect(wd, `month ${i} write-down`).toBeGreaterThanOrEqual(0);
    book -= dep + wd;
    expect(book, `month ${i} book value is not below salvage`).toBeGreaterThanOrEqual(salvage);
  });
  if (options.endsAtSalvage) {
    expect(book, 'ends exactly at salvage').toBe(salvage);
    expect(sum(schedule.depreciation) + sum(schedule.writeDowns) + schedule.openingAccumulated + schedule.openingWriteDowns).toBe(
      cost - salvage,
    );
  }
}

/** Month, quarter and year views are sums of the same months: totals and period-end values agree. */
export function expectViewsAgree(schedule: MonthlySchedule): void {
  const months = schedulePeriods(schedule, 'month');
  const byEnd = new Map(months.map((m) => [m.end, m]));
  const total = sum(months.map((m) => m.depreciation));
  expect(total).toBe(sum(schedule.depreciation));
  for (const kind of ['quarter', 'year'] as const) {
    const periods = schedulePeriods(schedule, kind);
    expect(sum(periods.map((p) => p.depreciation)), `${kind} total`).toBe(total);
    expect(sum(periods.map((p) => p.writeDown)), `${kind} write-downs`).toBe(sum(months.map((m) => m.writeDown)));
    for (const p of periods) {
      const inside = months.filter((m) => m.start >= p.start && m.end <= p.end);
      expect(sum(inside.map((m) => m.depreciation)), `${p.label} is the sum of its months`).toBe(p.depreciation);
      const lastMonth = inside[inside.length - 1];
      if (lastMonth === undefined) throw new Error(`${p.label} has no months`);
      expect(p.bookValue, `${p.label} book value`).toBe(lastMonth.bookValue);
      expect(p.accumulated, `${p.label} accumulated`).toBe(lastMonth.accumulated);
      // A period's end is a month's end whenever the schedule runs through it.
      if (byEnd.has(p.end)) expect(byEnd.get(p.end)?.bookValue).toBe(p.bookValue);
    }
  }
}
