/**
 * Continuing a schedule that already exists — typically a part of a split lot — with the
 * impairments, revisions and disposal recorded after it.
 *
 * The base stands until the first adjustment: its months before it never change. From then on
 * the engine's own code takes over (schedule.ts): the same timing rules, the same per-method
 * behaviour after an event, the same disposal handling, starting from the base's book value and
 * salvage at that point. It is the code path `depreciationSchedule` itself uses for events, so
 *
 *   continueSchedule(depreciationSchedule({ ...input, adjustments: [] }), policy, date, adjustments)
 *     = depreciationSchedule({ ...input, adjustments })
 *
 * to the minor unit, for every method.
 *
 * What the base stands for:
 * - Its salvage is the salvage in effect, and `policy` must be the policy in effect at its end
 *   (after a revision of life, the revised life): the engine reads nothing else from its history.
 * - The one rule that looks back is half-year / mid-quarter's: a disposal sets the whole fiscal
 *   year's amount (for the time-based methods, the method's figure for the part of the year the
 *   convention counts, on the base's cost and salvage). A base that starts at the in-service month
 *   is read as the first segment of an asset of its own cost and salvage; a base that starts later
 *   (a split part carrying opening amounts) as a segment that starts in its first month, exactly as
 *   if an event had happened there. MACRS needs the whole tax year of the disposal, so its base
 *   must start no later than that year does.
 * - Pass every adjustment after the base at once: a schedule continued twice is not, in general,
 *   the schedule continued once with both lists.
 */
import { isIsoDate, type IsoDate } from '../dates';
import { err, ok, type Result } from '../result';
import { monthIndexOfDate, yearMonthOf } from './fiscal-calendar';
import { continueFrom, effectiveMonth, sortAdjustments, validateScheduleInput } from './schedule';
import type { AmountFormat, DepreciationPolicy, MonthlySchedule, ScheduleAdjustment } from './types';

export function continueSchedule(
  base: MonthlySchedule,
  policy: DepreciationPolicy,
  inServiceDate: IsoDate,
  adjustments: readonly ScheduleAdjustment[],
  formatAmount?: AmountFormat,
): Result<MonthlySchedule> {
  const problem = continueProblem(base, policy, inServiceDate, adjustments, formatAmount);
  if (problem !== null) return err(problem);
  if (adjustments.length === 0) return ok(copySchedule(base));
  return continueFrom(base, policy, inServiceDate, adjustments, formatAmount);
}

function copySchedule(s: MonthlySchedule): MonthlySchedule {
  return { ...s, depreciation: [...s.depreciation], writeDowns: [...s.writeDowns], disposal: s.disposal && { ...s.disposal } };
}

/** The first thing that keeps `adjustments` from continuing `base`, or null. */
function continueProblem(
  base: MonthlySchedule,
  policy: DepreciationPolicy,
  inServiceDate: IsoDate,
  adjustments: readonly ScheduleAdjustment[],
  formatAmount: AmountFormat | undefined,
): string | null {
  // The same checks (and messages) as a schedule made with these adjustments.
  const inputProblem = validateScheduleInput({
    ...(formatAmount === undefined ? {} : { formatAmount }),
    cost: base.cost,
    salvage: base.salvage,
    inServiceDate,
    policy,
    fiscalYearStartMonth: base.fiscalYearStartMonth,
    adjustments,
  });
  if (inputProblem !== null) return inputProblem;
  if (base.depreciation.length !== base.writeDowns.length) return 'schedule: depreciation and write-downs must cover the same months';
  const start = monthIndexOfDate(base.startMonth);
  if (start < monthIndexOfDate(inServiceDate)) return `schedule: starts in ${base.startMonth}, before the in-service date ${inServiceDate}`;
  if (base.disposal !== null) return `schedule: it ends in a disposal on ${base.disposal.date}; nothing can follow it`;
  const sorted = sortAdjustments(adjustments);
  for (const a of sorted) {
    if (!isIsoDate(a.date)) continue; // reported above
    if (monthIndexOfDate(a.date) < start) return `${a.type} on ${a.date}: is before the schedule's first month ${base.startMonth}`;
  }
  // The base's own events must all come before the first change: a write-down the recomputed months
  // would follow (or a disposal would cut off) belongs in `adjustments`.
  const first = sorted[0];
  if (first === undefined) return null;
  const firstChanged = first.type === 'disposal' ? monthIndexOfDate(first.date) + 1 : effectiveMonth(first.date);
  for (let i = Math.max(0, firstChanged - start); i < base.writeDowns.length; i += 1) {
    if ((base.writeDowns[i] ?? 0) !== 0) {
      return (
        `schedule: it has a write-down in ${yearMonthOf(start + i)}, after the ${first.type} on ${first.date} takes effect; ` +
        'continue it from before that write-down, with every adjustment since'
      );
    }
  }
  return null;
}
