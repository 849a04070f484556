/**
 * A lot's book or tax schedule, from the lot itself: its cost basis, its policy template, the
 * impairments and revisions recorded on it, its disposal — and, for a part of a lot split after
 * depreciation began, the original's schedule and the splits since (`Lot.depreciationChain`).
 *
 * A split part is its share of the original's schedule, split again at every later split. Inside
 * the computation every part keeps every month from the original's in-service month (its share of
 * each, `splitSchedule` taken at the schedule's first month), so the parts of a family add up to
 * the original month by month, to the minor unit, whatever the splits; the lot's own view then
 * starts at its last split with the months before as opening amounts.
 *
 * What a part records after a split (impairments, revisions) continues its own share
 * (`continueSchedule`). A disposal is its share of the disposal of what it was split from: the
 * months a disposal changes (a convention's disposal year, a month held in part) are allocated between
 * the parts of that split by what each still had to book, so when every lot of a family is
 * disposed of on one date, the family still adds up to the original disposed of on that date.
 * (Disposing of a part on its own, the engine's rule applied to the part alone could differ from
 * its share of the whole by a few minor units of rounding; its share is what keeps the family
 * exact.)
 *
 * A lot with no in-service date has no schedule (null). Policy `none` gives a flat schedule: the
 * lot stays on the books at cost, less impairments, until it is disposed of — so a fleet's net
 * book value still counts it.
 */
import { counted } from '../counted';
import { compareIso, type IsoDate } from '../dates';
import { BOOKS, costBasis, totalSalvage, type BookKind, type DepreciationChain, type Lot, type LotAdjustment, type SplitStep } from '../lot';
import { allocate, formatMoney } from '../money';
import { assertNever, err, ok, type Result } from '../result';
import { continueSchedule } from './continue';
import { isYearMonth, monthIndexOfDate, yearMonthOf, type YearMonth } from './fiscal-calendar';
import { salvageFor } from './policies';
import { depreciationSchedule, sortAdjustments } from './schedule';
import { splitSchedule } from './split';
import type { DepreciationPolicy, Disposal, MonthlySchedule, ScheduleAdjustment } from './types';

/**
 * Which months a split part's schedule shows.
 * - `since-split`: from the month of its last split, with its share of everything booked before
 *   as opening amounts — the lot's own books (the shape `splitSchedule` gives a part).
 * - `full`: every month from the original's in-service month, the part's share of each. Use it
 *   for fleet reports over periods before a split: the family's months add up to the original's,
 *   so a split never changes the fleet's figures for a past period.
 * Both agree on every month from the last split on, and on every book value from then on.
 */
export type LotScheduleHistory = 'since-split' | 'full';

export interface LotScheduleOptions {
  /** Default `since-split`. Lots never split after depreciation began have one history. */
  history?: LotScheduleHistory;
}

export function lotSchedule(
  lot: Lot,
  book: BookKind,
  fiscalYearStartMonth: number,
  options: LotScheduleOptions = {},
): Result<MonthlySchedule | null> {
  if (lot.inServiceDate === null) return ok(null);
  const inServiceDate = lot.inServiceDate;
  const disposal = disposalOf(lot);
  if (!disposal.ok) return disposal;
  const chain = lot.depreciationChain;
  if (chain === null) {
    const cost = costBasis(lot);
    return depreciationSchedule({
      cost,
      salvage: salvageFor(lot[book].salvage, cost, totalSalvage(lot)),
      inServiceDate,
      policy: lot[book].policy,
      fiscalYearStartMonth,
      adjustments: withDisposal(changesIn(lot.adjustments, book), disposal.value),
      formatAmount: amountsIn(lot.currency),
    });
  }
  const schedule = chainSchedule({ chain, lot, book, inServiceDate, policy: lot[book].policy, fiscalYearStartMonth, disposal: disposal.value });
  if (!schedule.ok) return schedule;
  const last = chain.splits[chain.splits.length - 1];
  if (last === undefined || options.history === 'full') return schedule;
  return ok(fromMonth(schedule.value, last.month));
}

/**
 * Every lot's book schedule with its `full` history: every month from the in-service month, a
 * split part's share of the months before its split included (null where a lot has none). What a
 * figure for a past date needs (own vs rent's owned cost to date, the compliance register's book
 * value): the lot's own view, from its last split, counts no depreciation before the split.
 */
export function fullBookSchedules(lots: readonly Lot[], fiscalYearStartMonth: number): Map<string, MonthlySchedule | null> {
  return new Map(lots.map((l) => {
    const s = lotSchedule(l, 'book', fiscalYearStartMonth, { history: 'full' });
    return [l.id, s.ok ? s.value : null] as const;
  }));
}

/**
 * Why `book`'s schedule cannot be computed for `after` in fiscal year `afterFiscalYear` when it
 * could for `before` in `beforeFiscalYear`: what a change (an edit, a move, a new fiscal year)
 * breaks. Null when it still computes, or already failed before (not this change's doing).
 */
export function scheduleBrokenBy(book: BookKind, before: Lot, beforeFiscalYear: number, after: Lot, afterFiscalYear: number): string | null {
  const next = lotSchedule(after, book, afterFiscalYear);
  return !next.ok && lotSchedule(before, book, beforeFiscalYear).ok ? next.error : null;
}

/**
 * What a change of the team's fiscal year start from `from` to `to` would break: each lot (by code)
 * whose book or tax schedule is computed in the current fiscal year but not in the new one, with
 * the reason. The declining methods and the half-year and mid-quarter conventions book by fiscal
 * year, so the book value on an impairment's date moves with the fiscal year, and an impairment
 * recorded at (or near) the book value can become more than it. Empty: nothing breaks.
 */
export function fiscalYearChangeProblems(lots: readonly Lot[], from: number, to: number): { code: string; book: BookKind; error: string }[] {
  const problems: { code: string; book: BookKind; error: string }[] = [];
  if (from === to) return problems;
  for (const lot of lots) {
    if (lot.inServiceDate === null) continue;
    for (const book of BOOKS) {
      const error = scheduleBrokenBy(book, lot, from, lot, to);
      if (error !== null) problems.push({ code: lot.code, book, error });
    }
  }
  return problems;
}

/**
 * The chains of the two lots a split makes (the parent keeps the lot; the child takes
 * `childQuantity`) — for the split itself (lotChanges.ts `moveLot`). Null for both when depreciation has not begun on
 * `date` (no in-service date, or a later one): the child is then simply a lot of its own.
 *
 * The first such split starts the chain from the lot as it is (cost basis, salvage per book, the
 * adjustments recorded so far); a later one appends a step, moving the lot's adjustments since its
 * last split into that split's step. Both lots then start with no adjustments of their own.
 */
export function splitDepreciationChain(
  lot: Lot,
  childQuantity: number,
  date: IsoDate,
): { parent: DepreciationChain | null; child: DepreciationChain | null } {
  if (lot.inServiceDate === null || compareIso(lot.inServiceDate, date) > 0) return { parent: null, child: null };
  const month = yearMonthOf(monthIndexOfDate(date));
  const own = copyAdjustments(lot.adjustments);
  const chain = lot.depreciationChain;
  let base: DepreciationChain;
  if (chain === null) {
    const cost = costBasis(lot);
    const lotSalvage = totalSalvage(lot);
    const salvage = { book: salvageFor(lot.book.salvage, cost, lotSalvage), tax: salvageFor(lot.tax.salvage, cost, lotSalvage) };
    base = { cost, salvage, adjustments: own, splits: [] };
  } else {
    // The lot's adjustments since its last split belong to that split's step from now on.
    const splits = chain.splits.map(copyStep);
    const last = splits[splits.length - 1];
    if (last !== undefined) last.adjustments.push(...own);
    const adjustments = last === undefined ? [...copyAdjustments(chain.adjustments), ...own] : copyAdjustments(chain.adjustments);
    base = { cost: chain.cost, salvage: { ...chain.salvage }, adjustments, splits };
  }
  const quantities = [lot.quantity - childQuantity, childQuantity];
  const withStep = (part: number): DepreciationChain => ({
    cost: base.cost,
    salvage: { ...base.salvage },
    adjustments: copyAdjustments(base.adjustments),
    splits: [...base.splits.map(copyStep), { month, quantities: [...quantities], part, adjustments: [] }],
  });
  return { parent: withStep(0), child: withStep(1) };
}

function copyStep(step: SplitStep): SplitStep {
  return { ...step, quantities: [...step.quantities], adjustments: copyAdjustments(step.adjustments) };
}

function copyAdjustments(adjustments: readonly LotAdjustment[]): LotAdjustment[] {
  return adjustments.map((a) => ({ ...a, change: { ...a.change } }));
}

/** Amounts in a refusal as people read them ("USD 1,234.50"): the message reaches the app's dialogs and the command line. */
function amountsIn(currency: string): (minor: number) => string {
  return (minor) => formatMoney(minor, currency);
}

function changesIn(adjustments: readonly LotAdjustment[], book: BookKind): ScheduleAdjustment[] {
  return adjustments.filter((a) => a.book === book).map((a) => a.change);
}

function withDisposal(changes: ScheduleAdjustment[], disposal: Disposal | null): ScheduleAdjustment[] {
  return disposal === null ? changes : [...changes, disposal];
}

/** A disposed lot's disposal, in both books. */
function disposalOf(lot: Lot): Result<Disposal | null> {
  if (lot.status !== 'disposed') return ok(null);
  if (lot.disposedDate === null) return err('disposedDate: a disposed lot needs the date it was disposed of');
  if (lot.proceeds === null) return err('proceeds: a disposed lot needs its proceeds (0 allowed)');
  return ok({ type: 'disposal', date: lot.disposedDate, proceeds: lot.proceeds });
}

/** The schedule from `month` on, what was booked before it becoming opening amounts. */
function fromMonth(schedule: MonthlySchedule, month: YearMonth): MonthlySchedule {
  const start = monthIndexOfDate(schedule.startMonth);
  const offset = Math.max(0, monthIndexOfDate(month) - start);
  const cut = Math.min(offset, schedule.depreciation.length);
  return {
    ...schedule,
    startMonth: yearMonthOf(start + offset),
    openingAccumulated: schedule.openingAccumulated + sum(schedule.depreciation, cut),
    openingWriteDowns: schedule.openingWriteDowns + sum(schedule.writeDowns, cut),
    depreciation: schedule.depreciation.slice(cut),
    writeDowns: schedule.writeDowns.slice(cut),
  };
}

function sum(values: readonly number[], to = values.length): number {
  let total = 0;
  for (let i = 0; i < to; i += 1) total += values[i] ?? 0;
  return total;
}

// ---------------------------------------------------------------------------------------------
// The chain

interface ChainInput {
  chain: DepreciationChain;
  lot: Lot;
  book: BookKind;
  inServiceDate: IsoDate;
  policy: DepreciationPolicy;
  fiscalYearStartMonth: number;
  disposal: Disposal | null;
}

/** One schedule along the chain: the original (level 0), then this lot's part after each split. */
interface Level {
  /** All parts of the split that made this level (null for the original), and which one it is. */
  parts: MonthlySchedule[] | null;
  part: number;
  /** Recorded on this level: after its split, before the next. */
  changes: ScheduleAdjustment[];
  /** The policy in effect when this level starts (a revised life carries on). */
  policy: DepreciationPolicy;
  /** This level's schedule, every month from the in-service month, without the disposal. */
  schedule: MonthlySchedule;
}

/** The lot's schedule from the original's in-service month (history `full`). */
function chainSchedule(input: ChainInput): Result<MonthlySchedule> {
  const { chain, lot, book, inServiceDate, fiscalYearStartMonth, disposal } = input;
  const n = chain.splits.length;
  const changesAt = (k: number): ScheduleAdjustment[] => {
    if (k === 0) return changesIn(n === 0 ? [...chain.adjustments, ...lot.adjustments] : chain.adjustments, book);
    const recorded = chain.splits[k - 1]?.adjustments ?? [];
    return changesIn(k === n ? [...recorded, ...lot.adjustments] : recorded, book);
  };
  const problem = chainProblem(input, changesAt);
  if (problem !== null) return err(problem);

  const original = (extra: ScheduleAdjustment[]): Result<MonthlySchedule> =>
    depreciationSchedule({
      cost: chain.cost,
      salvage: chain.salvage[book],
      inServiceDate,
      policy: input.policy,
      fiscalYearStartMonth,
      adjustments: [...changesAt(0), ...extra],
      formatAmount: amountsIn(lot.currency),
    });
  const first = original([]);
  if (!first.ok) return first;
  const levels: Level[] = [{ parts: null, part: 0, changes: changesAt(0), policy: input.policy, schedule: first.value }];
  for (let k = 1; k <= n; k += 1) {
    const step = chain.splits[k - 1];
    const previous = levels[k - 1];
    if (step === undefined || previous === undefined) break;
    const policy = withRevisedLife(previous.policy, previous.changes);
    // Every month is split (from the schedule's first month), so every part keeps its whole history.
    const parts = splitSchedule(previous.schedule, step.quantities, previous.schedule.startMonth);
    if (!parts.ok) return err(`depreciationChain: the split of ${step.month}: ${parts.error}`);
    const part = parts.value[step.part];
    if (part === undefined) return err(`depreciationChain: the split of ${step.month} has no part ${step.part}`);
    const changes = changesAt(k);
    const schedule = changes.length === 0 ? ok(part) : continueSchedule(part, policy, inServiceDate, changes, amountsIn(lot.currency));
    if (!schedule.ok) return schedule;
    levels.push({ parts: parts.value, part: step.part, changes, policy, schedule: schedule.value });
  }
  const own = levels[levels.length - 1];
  if (own === undefined) return err('depreciationChain: no schedule'); // unreachable: level 0 exists
  if (disposal === null) return ok(own.schedule);

  // The disposal goes where the last changes were recorded (the engine's rule there); each split
  // since passes on its share of what that disposal changed.
  let j = levels.length - 1;
  while (j > 0 && (levels[j]?.changes.length ?? 0) === 0) j -= 1;
  const at = levels[j];
  if (at === undefined) return err('depreciationChain: no schedule');
  const base = at.parts?.[at.part];
  let disposed = base === undefined ? original([disposal]) : continueSchedule(base, at.policy, inServiceDate, [...at.changes, disposal], amountsIn(lot.currency));
  for (let k = j + 1; k < levels.length && disposed.ok; k += 1) {
    const level = levels[k];
    const whole = levels[k - 1];
    if (level === undefined || level.parts === null || whole === undefined) return err('depreciationChain: no schedule');
    disposed = ok(shareOfDisposal(level.parts, level.part, whole.schedule, disposed.value, disposal));
  }
  return disposed;
}

/** The first thing wrong with the chain (for one book), or null. */
function chainProblem(input: ChainInput, changesAt: (k: number) => ScheduleAdjustment[]): string | null {
  const { chain, lot, inServiceDate, disposal } = input;
  const inServiceMonth = monthIndexOfDate(inServiceDate);
  let previousMonth = inServiceMonth;
  // The latest change each level inherits: a later level's change cannot come before it.
  let inherited: ScheduleAdjustment | null = latest(changesAt(0));
  for (const [i, step] of chain.splits.entries()) {
    if (!isYearMonth(step.month)) return `depreciationChain: split ${i + 1}: "${step.month}" is not a month in YYYY-MM form`;
    const month = monthIndexOfDate(step.month);
    if (month < previousMonth) {
      return `depreciationChain: the split of ${step.month} is before ${i === 0 ? `the in-service date ${inServiceDate}` : 'the split before it'}`;
    }
    previousMonth = month;
    if (!Number.isInteger(step.part) || step.part < 0 || step.part >= step.quantities.length) {
      return `depreciationChain: the split of ${step.month} has no part ${step.part}`;
    }
    for (const a of changesAt(i + 1)) {
      if (monthIndexOfDate(a.date) < month) {
        return `${a.type} on ${a.date}: is before the split of ${step.month}; a change recorded on a part of a split takes effect after it`;
      }
      if (inherited !== null && compareIso(a.date, inherited.date) < 0) {
        return `${a.type} on ${a.date}: is before the ${inherited.type} on ${inherited.date} this lot inherits from before its split of ${step.month}`;
      }
    }
    inherited = latest([...(inherited === null ? [] : [inherited]), ...changesAt(i + 1)]);
  }
  const last = chain.splits[chain.splits.length - 1];
  if (last !== undefined && last.quantities[last.part] !== lot.quantity) {
    const left = last.quantities[last.part] ?? 0;
    return `depreciationChain: the split of ${last.month} leaves this lot ${counted(left, 'unit')}, but it has ${lot.quantity}`;
  }
  if (disposal !== null) {
    if (last !== undefined && monthIndexOfDate(disposal.date) < monthIndexOfDate(last.month)) {
      return `disposal on ${disposal.date}: is before this lot's split of ${last.month}`;
    }
    if (inherited !== null && compareIso(disposal.date, inherited.date) < 0) {
      return `disposal on ${disposal.date}: is before the ${inherited.type} on ${inherited.date} recorded on this lot`;
    }
  }
  return null;
}

function latest(changes: readonly ScheduleAdjustment[]): ScheduleAdjustment | null {
  return sortAdjustments(changes).at(-1) ?? null;
}

/** The policy after `changes`: a revision of life sets the life from then on. */
function withRevisedLife(policy: DepreciationPolicy, changes: readonly ScheduleAdjustment[]): DepreciationPolicy {
  let lifeMonths: number | null = null;
  for (const c of sortAdjustments(changes)) if (c.type === 'revision' && c.lifeMonths !== undefined) lifeMonths = c.lifeMonths;
  if (lifeMonths === null) return policy;
  switch (policy.method) {
    case 'straight-line':
    case 'sum-of-years-digits':
    case 'declining-balance':
    case 'fixed-declining':
    case 'units-of-production':
      return { ...policy, lifeMonths };
    case 'macrs':
    case 'none':
      return policy;
    default:
      return assertNever(policy, 'depreciation method');
  }
}

/**
 * Part `p` of a split of `whole` (its `parts`), when `whole` is disposed of as `disposed` says:
 * the months before the first one the disposal changes stay the part's; from there on each month
 * of `disposed` is allocated between the parts by what each still has to book (as
 * `splitSchedule` allocates), so the parts add up to `disposed` exactly and none books more than
 * it had left: no part goes below its salvage.
 */
function shareOfDisposal(
  parts: readonly MonthlySchedule[],
  p: number,
  whole: MonthlySchedule,
  disposed: MonthlySchedule,
  disposal: Disposal,
): MonthlySchedule {
  const own = parts[p];
  if (own === undefined) throw new Error(`shareOfDisposal: no part ${p}`);
  const length = disposed.depreciation.length;
  let w = 0;
  while (
    w < length &&
    disposed.depreciation[w] === (whole.depreciation[w] ?? 0) &&
    disposed.writeDowns[w] === (whole.writeDowns[w] ?? 0)
  ) {
    w += 1;
  }
  // What each part still books from `w` on, undisposed: at least what the disposed whole books then.
  const remaining = parts.map((s) => sum(s.depreciation) - sum(s.depreciation, w) + sum(s.writeDowns) - sum(s.writeDowns, w));
  const depreciation: number[] = [];
  const writeDowns: number[] = [];
  for (let i = 0; i < w; i += 1) {
    depreciation.push(own.depreciation[i] ?? 0);
    writeDowns.push(own.writeDowns[i] ?? 0);
  }
  for (let i = w; i < length; i += 1) {
    writeDowns.push(allocateFromRemaining(disposed.writeDowns[i] ?? 0, remaining)[p] ?? 0);
    depreciation.push(allocateFromRemaining(disposed.depreciation[i] ?? 0, remaining)[p] ?? 0);
  }
  const bookValue = own.cost - own.openingAccumulated - own.openingWriteDowns - sum(depreciation) - sum(writeDowns);
  return {
    ...own,
    depreciation,
    writeDowns,
    disposal: {
      date: disposal.date,
      month: yearMonthOf(monthIndexOfDate(disposal.date)),
      proceeds: disposal.proceeds,
      bookValue,
      gainOrLoss: disposal.proceeds - bookValue,
    },
  };
}

/** `total` in proportion to what each part still has to book (`remaining`, updated in place). */
function allocateFromRemaining(total: number, remaining: number[]): number[] {
  if (total === 0) return remaining.map(() => 0);
  const shares = allocate(total, remaining);
  shares.forEach((s, i) => {
    remaining[i] = (remaining[i] ?? 0) - s;
  });
  return shares;
}
