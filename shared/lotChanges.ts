/**
 * Every change to a lot, as pure functions that return the records to write: the changed
 * lots and the events that record them. Storage writes both in one transaction.
 * Nothing here reads the clock or makes ids: `now` and `newId` come in through `ChangeContext`.
 */
import { checklistRefusal, type ChecklistRecord, type ChecklistTick } from './checklists';
import { compareIso, dateOf, isIsoDate, yearRangeProblem, type IsoDate, type Timestamp } from './dates';
import type { LotEvent } from './events';
import type { IdGenerator, Uuid } from './ids';
import {
  allowedTargets,
  hasBeenInService,
  isAllowedMove,
  REQUIRES_PO_NUMBER,
  isPoMissing,
  REQUIRES_RECEIVED_DATE,
  REQUIRES_REPLACEMENT_PLAN,
  STATUS_LABELS,
  type Disposition,
  type LotStatus,
} from './lifecycle';
import { isCommitment } from './depreciation/fleetValue';
import { salvageFor } from './depreciation/policies';
import { validateScheduleInput } from './depreciation/schedule';
import { lotSchedule, scheduleBrokenBy, splitDepreciationChain } from './depreciation/lotSchedule';
import { BOOKS, costBasis, EDITABLE_LOT_FIELDS, totalSalvage, type EditableLotField, type Lot, type LotAdjustment, type LotBuyer, type LotPatch } from './lot';
import { counted } from './counted';
import { allocate, formatMoney, isCurrencyCode } from './money';
import { ownSaleObservation } from './market';
import { err, ok, type Result } from './result';
import { utilisationChange, utilisationProblem, withFieldsApplied } from './utilisation';
import { isCountryCode, transferLicenceNeed, type CompliancePolicy, type TransferLicenceNeed } from './compliance';
import type { TransferRecord } from './events';

export interface ChangeContext {
  now: Timestamp;
  newId: IdGenerator;
  actor: string;
}

/** Per-field messages for inline validation; empty when the lot is valid. */
export type FieldErrors = Partial<Record<keyof Lot, string>>;

export interface LotChange {
  /** Lots to write (updated or new). */
  lots: Lot[];
  /** Events to append, in order. */
  events: LotEvent[];
}

/** A lot as entered (by a person, an import or the demo), before it gets its id and stamps. */
export type LotDraft = Omit<Lot, 'id' | 'createdAt' | 'updatedAt' | 'parentId' | 'adjustments' | 'depreciationChain'> & {
  parentId?: Uuid | null;
};

const isMoney = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
const optionalDate = (d: IsoDate | null): boolean => d === null || isIsoDate(d);

/**
 * Field-level checks shared by creation and editing. `takenCodes` holds every other lot's
 * code (not this lot's own).
 */
export function validateLot(
  lot: Omit<Lot, 'id' | 'createdAt' | 'updatedAt'>,
  takenCodes: ReadonlySet<string>,
  options: {
    /** An import may bring an ordered or received lot in without its PO (flagged "PO missing", see isPoMissing). */
    poMayBeMissing?: boolean;
    /**
     * Today where the user is: what the lot's status says has happened (received, in service,
     * disposed of) must be dated today or earlier, as a move must. A date after it (2062 typed for
     * 2026) would leave the lot out of every total until that day, without a word.
     */
    today?: IsoDate;
  } = {},
): FieldErrors {
  const e: FieldErrors = {};
  const code = lot.code.trim();
  if (code === '') e.code = 'A lot needs a code.';
  else if (takenCodes.has(code)) e.code = `Another lot already has the code ${code}.`;
  if (!lot.modelId) e.modelId = 'Choose the hardware model.';
  if (!Number.isSafeInteger(lot.quantity) || lot.quantity < 1) e.quantity = 'Quantity must be a whole number of at least 1.';
  if (!isMoney(lot.unitCost)) e.unitCost = 'Unit cost must be an amount of zero or more.';
  if (!isMoney(lot.extraCosts)) e.extraCosts = 'Extra costs must be an amount of zero or more.';
  if (!isCurrencyCode(lot.currency)) e.currency = 'Currency must be a three-letter ISO 4217 code, e.g. USD.';
  if (!isIsoDate(lot.purchaseDate)) e.purchaseDate = 'Purchase date must be a date (YYYY-MM-DD).';
  if (!optionalDate(lot.receivedDate)) e.receivedDate = 'Received date must be a date (YYYY-MM-DD) or empty.';
  if (!optionalDate(lot.inServiceDate)) e.inServiceDate = 'In-service date must be a date (YYYY-MM-DD) or empty.';
  if (!optionalDate(lot.warrantyEnd)) e.warrantyEnd = 'Warranty end must be a date (YYYY-MM-DD) or empty.';
  if (!isMoney(lot.salvageValue)) e.salvageValue = 'Salvage value must be an amount of zero or more.';
  else if (isMoney(lot.unitCost) && lot.salvageValue > lot.unitCost) e.salvageValue = 'Salvage value per unit cannot exceed the unit cost.';
  if (lot.powerWatts !== null && (!Number.isSafeInteger(lot.powerWatts) || lot.powerWatts < 0)) {
    e.powerWatts = 'Power must be a whole number of watts, or empty to use the model’s figure.';
  }
  if (!isMoney(lot.supportCostPerYear)) e.supportCostPerYear = 'Support cost must be an amount of zero or more.';
  if (isIsoDate(lot.purchaseDate)) {
    if (lot.receivedDate && isIsoDate(lot.receivedDate) && compareIso(lot.receivedDate, lot.purchaseDate) < 0) {
      e.receivedDate = `Received date cannot be before the purchase date (${lot.purchaseDate}).`;
    }
    if (lot.inServiceDate && isIsoDate(lot.inServiceDate) && compareIso(lot.inServiceDate, lot.purchaseDate) < 0) {
      e.inServiceDate = `In-service date cannot be before the purchase date (${lot.purchaseDate}).`;
    }
  }
  // What the lot's status implies must be on record (the same guards the moves apply).
  if (REQUIRES_PO_NUMBER.includes(lot.status) && lot.poNumber.trim() === '' && options.poMayBeMissing !== true) {
    e.poNumber = `A lot that is ${STATUS_LABELS[lot.status]} needs a PO number.`;
  }
  if (REQUIRES_RECEIVED_DATE.includes(lot.status) && lot.receivedDate === null && !e.receivedDate) {
    e.receivedDate = `A lot that is ${STATUS_LABELS[lot.status]} needs a received date.`;
  }
  if (hasBeenInService(lot.status)) {
    if (lot.inServiceDate === null && !e.inServiceDate) e.inServiceDate = `A lot that is ${STATUS_LABELS[lot.status]} needs an in-service date.`;
    if (lot.siteId === null) e.siteId = `A lot that is ${STATUS_LABELS[lot.status]} needs a site.`;
  }
  if (options.today !== undefined && !isCommitment(lot)) {
    // The lot is the team's from its receipt (its in-service or purchase date when it has none:
    // fleetValue.ts ownedFrom), so a later one would keep it out of the books until then.
    const today = options.today;
    const after = (date: IsoDate | null): date is IsoDate => date !== null && isIsoDate(date) && compareIso(date, today) > 0;
    const state = `a lot that is ${STATUS_LABELS[lot.status]}`;
    const fix = 'check the year, or give the status the lot has today.';
    if (lot.receivedDate !== null) {
      if (after(lot.receivedDate) && !e.receivedDate) e.receivedDate = `Received date ${lot.receivedDate} is after today (${today}), and ${state} has been received: ${fix}`;
    } else if (lot.inServiceDate === null && after(lot.purchaseDate) && !e.purchaseDate) {
      e.purchaseDate = `Purchase date ${lot.purchaseDate} is after today (${today}), and ${state} has been bought: ${fix}`;
    }
    if ((hasBeenInService(lot.status) || lot.receivedDate === null) && after(lot.inServiceDate) && !e.inServiceDate) {
      e.inServiceDate = hasBeenInService(lot.status)
        ? `In-service date ${lot.inServiceDate} is after today (${today}), and ${state} has been put in service: ${fix}`
        : `In-service date ${lot.inServiceDate} is after today (${today}): ${state} with no received date is on the books from its in-service date, so it would count nowhere until then. Give its received date, or check the year.`;
    }
    if (lot.status === 'disposed' && after(lot.disposedDate) && !e.disposedDate) e.disposedDate = `Disposal date ${lot.disposedDate} is after today (${today}): a disposal records what has happened; date it today or earlier.`;
  }
  // Owned from receipt, depreciated from service (PRODUCT.md "Fleet value"): depreciation before
  // receipt is booked in the report's expense but not in its roll-forward, so the two disagree.
  // Checked when the dates are (with `today`: a lot written before stays editable in its other fields).
  if (options.today !== undefined && !e.inServiceDate && !e.receivedDate && lot.receivedDate && lot.inServiceDate && isIsoDate(lot.receivedDate) && isIsoDate(lot.inServiceDate) && compareIso(lot.inServiceDate, lot.receivedDate) < 0) {
    e.inServiceDate = `In-service date cannot be before the received date (${lot.receivedDate}).`;
  }
  if (REQUIRES_REPLACEMENT_PLAN.includes(lot.status) && lot.replacementPlan.trim() === '') {
    e.replacementPlan = 'A lot being replaced needs a replacement plan.';
  }
  // Each amount may be fine and the lot's cost still past what a number holds to the cent.
  if (!e.quantity && !e.unitCost && !e.extraCosts && !Number.isSafeInteger(costBasis(lot))) {
    e.unitCost = `The lot's cost (quantity ${lot.quantity.toLocaleString('en-US')} × unit cost, plus extra costs) is too large to be kept to the last minor unit: check the quantity and the unit cost.`;
  }
  if (!e.quantity && !e.unitCost && !e.extraCosts && !e.salvageValue && isIsoDate(lot.purchaseDate)) {
    const cost = costBasis(lot);
    for (const book of BOOKS) {
      const template = lot[book];
      const problem = validateScheduleInput({
        cost,
        salvage: salvageFor(template.salvage, cost, totalSalvage(lot)),
        inServiceDate: lot.inServiceDate ?? lot.purchaseDate,
        policy: template.policy,
      });
      if (problem) e[book] = `${book === 'book' ? 'Book' : 'Tax'} depreciation: ${problem}`;
    }
  }
  const utilisation = utilisationProblem(lot.utilisation);
  if (utilisation !== null) e.utilisation = utilisation;
  if (lot.status === 'disposed') {
    if (lot.disposition === null) e.disposition = 'A disposed lot needs a disposition.';
    if (lot.proceeds === null || !isMoney(lot.proceeds)) e.proceeds = 'A disposed lot needs its proceeds (0 allowed).';
    if (lot.disposedDate === null || !isIsoDate(lot.disposedDate)) e.disposedDate = 'A disposed lot needs a disposal date.';
  }
  return e;
}

export function hasErrors(e: FieldErrors): boolean {
  return Object.keys(e).length > 0;
}

function event(ctx: ChangeContext, lotId: Uuid, seq: number, fields: Partial<Omit<LotEvent, 'hlc'>> & Pick<LotEvent, 'type' | 'after'>): LotEvent {
  return {
    id: ctx.newId(),
    hlc: '',
    entity: 'lot',
    lotId,
    seq,
    at: ctx.now,
    date: null,
    actor: ctx.actor,
    from: null,
    to: null,
    quantity: null,
    before: null,
    relatedLotId: null,
    note: '',
    ...fields,
  };
}

/** The fields an edit is checked against today for (validateLot's `today`) when it gives one of them. */
const DATES_CHECKED_AGAINST_TODAY: readonly (keyof Lot)[] = ['status', 'purchaseDate', 'receivedDate', 'inServiceDate', 'disposedDate'];

/** Registers a new lot: the lot and its `created` (or `imported`) event. */
export function createLot(
  draft: LotDraft,
  ctx: ChangeContext,
  takenCodes: ReadonlySet<string>,
  options: { type?: 'created' | 'imported'; note?: string; poMayBeMissing?: boolean; today?: IsoDate } = {},
): Result<LotChange, FieldErrors> {
  const lot: Lot = {
    ...draft,
    code: draft.code.trim(),
    parentId: draft.parentId ?? null,
    adjustments: [],
    depreciationChain: null,
    id: ctx.newId(),
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  const errors = validateLot(lot, takenCodes, { poMayBeMissing: options.poMayBeMissing === true, today: options.today ?? latestDateAt(ctx.now) });
  if (hasErrors(errors)) return err(errors);
  return ok({
    lots: [lot],
    events: [
      event(ctx, lot.id, 1, {
        type: options.type ?? 'created',
        to: lot.status,
        quantity: lot.quantity,
        after: { ...lot },
        note: options.note ?? '',
      }),
    ],
  });
}

/** JSON with sorted keys, so two equal policies compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** Whether two field values are the same value: objects and lists by content (absent and null differ). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && canonical(a) === canonical(b);
}

/** Fields a split after the start of depreciation fixes: the part's schedule is a share of the original's. */
const FIXED_BY_SPLIT: readonly (keyof Lot)[] = ['quantity', 'unitCost', 'extraCosts', 'inServiceDate', 'salvageValue', 'book', 'tax', 'currency'];
const SPLIT_FIXED_MESSAGE = 'Fixed by a split after depreciation began: this lot’s schedule is its share of the original. Record an impairment or a revision instead.';

/**
 * Edits fields of a lot. The event records before/after of exactly the fields that changed.
 * An edit that changes nothing returns no event. A disposed lot is closed to edits other than notes.
 */
export function editLot(
  lot: Lot,
  lastSeq: number,
  patch: LotPatch,
  ctx: ChangeContext,
  takenCodes: ReadonlySet<string>,
  note = '',
  /** A change of site to another country is a transfer (issue 13): judged and recorded as a move's is. */
  transferFacts?: { compliance: MoveCompliance; licenceReference?: string },
  /** The team's fiscal year start (month 1–12): the lot's schedules are checked in it when the edit changes them. */
  fiscalYearStart = 1,
  /** Today where the user is (validateLot's `today`); when not said, the latest date anywhere at `ctx.now`. */
  today?: IsoDate,
): Result<{ lot: Lot; event: LotEvent | null }, FieldErrors> {
  const before: Partial<Lot> = {};
  const after: Partial<Lot> = {};
  const next: Lot = { ...lot };
  for (const field of EDITABLE_LOT_FIELDS) {
    if (!(field in patch)) continue;
    const value = patch[field];
    if (value === undefined || sameValue(value, lot[field])) continue;
    if (field === 'utilisation') {
      // The event names only the months that change (shared/utilisation.ts UtilisationChange).
      const change = utilisationChange(lot.utilisation, value as NonNullable<Lot['utilisation']>);
      if (Object.keys(change.after).length === 0) continue;
      next.utilisation = withFieldsApplied(lot, { utilisation: change.after }).utilisation;
      (before as Record<string, unknown>).utilisation = change.before;
      (after as Record<string, unknown>).utilisation = change.after;
      continue;
    }
    setField(next, before, after, field, value as Lot[typeof field], lot);
  }
  // Naming a supplier record supersedes a supplier text an earlier version wrote (shared/suppliers.ts):
  // the text is emptied in the same event, so the later choice holds, and a concurrent one is a conflict on it.
  if (patch.supplierId !== undefined && (lot.supplier ?? '') !== '') {
    before.supplier = lot.supplier;
    after.supplier = '';
    next.supplier = '';
  }
  if (Object.keys(after).length === 0) return ok({ lot, event: null });
  if (lot.status === 'disposed' && Object.keys(after).some((f) => f !== 'notes' && f !== 'tags' && f !== 'utilisation')) {
    return err({ status: 'A disposed lot is closed: only its notes, tags and utilisation record can change.' });
  }
  if (lot.depreciationChain !== null) {
    const fixed = FIXED_BY_SPLIT.filter((f) => f in after);
    if (fixed.length > 0) {
      return err(Object.fromEntries(fixed.map((f) => [f, SPLIT_FIXED_MESSAGE])) as FieldErrors);
    }
  }
  next.code = next.code.trim();
  if (after.code !== undefined) after.code = next.code;
  // A lot imported without its PO may be edited in other ways while it stays missing (it stays flagged).
  // Dates checked against today only when this edit gives them (or the status): a lot written
  // before the check stays editable in its other fields, and says what to fix when its dates are.
  const dated = DATES_CHECKED_AGAINST_TODAY.some((f) => f in after);
  const errors = validateLot(next, takenCodes, { poMayBeMissing: isPoMissing(lot), ...(dated ? { today: today ?? latestDateAt(ctx.now) } : {}) });
  if (!errors.inServiceDate && after.inServiceDate !== undefined) {
    const early = adjustmentBeforeInService(next);
    if (early !== null) errors.inServiceDate = early;
  }
  if (!hasErrors(errors)) Object.assign(errors, recordedChangesProblem(lot, next, after, fiscalYearStart));
  if (hasErrors(errors)) return err(errors);
  const transfer = after.siteId ? moveTransfer(lot, { siteId: after.siteId, licenceReference: transferFacts?.licenceReference ?? '' }, { siteId: after.siteId, status: lot.status }, transferFacts?.compliance) : null;
  if (transfer?.need && transfer.record.licenceReference === null) return err({ siteId: transfer.need.message });
  next.updatedAt = ctx.now;
  before.updatedAt = lot.updatedAt;
  after.updatedAt = ctx.now;
  return ok({ lot: next, event: event(ctx, lot.id, lastSeq + 1, { type: 'edited', before, after, note, ...(transfer ? { transfer: transfer.record } : {}) }) });
}

/** Fields an edit can change that the lot's schedules are computed from. */
const SCHEDULE_FIELDS = ['quantity', 'unitCost', 'extraCosts', 'salvageValue', 'inServiceDate', 'book', 'tax'] as const satisfies readonly (keyof Lot)[];

/**
 * What keeps `next`'s schedules from being computed with the impairments and revisions recorded on
 * the lot, by the fields of the edit that change a schedule (empty: nothing). validateLot checks
 * the schedule without them; an impairment recorded on the old cost can be more than the book
 * value the new cost, quantity or policy leaves, and the lot would then have no book value in any
 * report. A book whose schedule already failed before the edit is not this edit's doing.
 */
function recordedChangesProblem(lot: Lot, next: Lot, after: Partial<Lot>, fiscalYearStart: number): FieldErrors {
  const changed = SCHEDULE_FIELDS.filter((f) => f in after);
  if (changed.length === 0 || next.adjustments.length === 0) return {};
  for (const book of BOOKS) {
    const broken = scheduleBrokenBy(book, lot, fiscalYearStart, next, fiscalYearStart);
    if (broken === null) continue;
    const message = `${book === 'book' ? 'Book' : 'Tax'} depreciation: ${broken}`;
    return Object.fromEntries(changed.map((f) => [f, message])) as FieldErrors;
  }
  return {};
}

function setField<K extends EditableLotField>(next: Lot, before: Partial<Lot>, after: Partial<Lot>, field: K, value: Lot[K], lot: Lot): void {
  next[field] = value;
  before[field] = lot[field];
  after[field] = value;
}

/** What a move asks for. Fields beyond `to`, `quantity` and `date` satisfy the target's guards. */
export interface MoveRequest {
  to: LotStatus;
  /** How many units move; fewer than the lot's quantity splits the lot. */
  quantity: number;
  /** The date the move takes effect (receipt, in-service, disposal…). */
  date: IsoDate;
  note?: string;
  poNumber?: string;
  siteId?: Uuid | null;
  inServiceDate?: IsoDate | null;
  replacementPlan?: string;
  disposition?: Disposition | null;
  proceeds?: number | null;
  /** For a disposal: who the units go to (issue 13), recorded on the lot; a buyer abroad is a transfer. */
  buyer?: LotBuyer | null;
  /** The licence that allows a transfer the team's compliance policy requires one for (issue 13), recorded on the event. */
  licenceReference?: string;
  /**
   * The target status's checklist as the person answered it (see shared/checklists.ts). The
   * caller brings the definition from settings; the move refuses while a required item is
   * unticked and records the answers on its events. Absent or empty: nothing to record
   * (scripted moves such as the refresh planner's, the demo fleet).
   */
  checklist?: readonly ChecklistTick[];
}

/** Facts about the world a guard needs that the lot itself does not hold. */
export interface MoveFacts {
  /** Every code in the fleet, so a split child gets a free one. */
  takenCodes: ReadonlySet<string>;
  /**
   * Storage-bearing units of the moving quantity that still lack a verified sanitisation
   * record (serials); disposal is refused while any remain.
   */
  unsanitisedUnits?: readonly string[];
  /**
   * Storage-bearing units of the moving quantity whose verified record is dated after the move's
   * date (serials); a disposal dated before their sanitisation is refused.
   */
  sanitisedAfter?: readonly string[];
  /**
   * Provenance and trade compliance (issue 13): the team's policy, the lot's model's export
   * classification and each site's country. Absent: no transfer is checked or recorded.
   */
  compliance?: MoveCompliance;
  /**
   * The last date a move may take effect: today where the user is. A move records what has
   * happened (a receipt, going into service, a disposal), so a later date is a typo (2027 for
   * 2026) that would start or stop depreciation in the wrong year. Absent (a preview with no
   * clock): not checked; {@link moveLot} always checks it, from its context's time when the
   * caller gives no date.
   */
  today?: IsoDate;
  /**
   * The lot's latest move so far ({@link lastMoveOf} its events): a move dated before it would put
   * the lot's steps out of order (back in service before it went to spare, a split before the
   * split before it, which no schedule can be computed from). Absent or null: none known.
   */
  lastMove?: LastMove | null;
}

/** A lot's latest dated move: a status change, a split, or the split that made it. */
export interface LastMove {
  date: IsoDate;
  /** What it was, as a person reads it: "to Spare", "a split of 2", "its split from GPU-1". */
  what: string;
}

/**
 * The latest-dated move among a lot's own events (null: none, e.g. a lot as registered or
 * imported, whose events carry no business date). `parentCode` names the lot a split child came from.
 * A move whose date was corrected ({@link correctMoveDate}) counts at its corrected date.
 */
export function lastMoveOf(events: readonly LotEvent[], parentCode?: string): LastMove | null {
  const found = lastMoveEventOf(events, parentCode);
  return found === null ? null : { date: found.date, what: found.what };
}

/** {@link lastMoveOf} with the event that made it. */
function lastMoveEventOf(events: readonly LotEvent[], parentCode?: string): (LastMove & { event: LotEvent }) | null {
  const corrected = correctedMoveDates(events).moves;
  let last: (LastMove & { event: LotEvent }) | null = null;
  for (const e of events) {
    const date = e.type === 'transitioned' ? (corrected.get(e.id) ?? e.date) : e.date;
    if (date === null || !isIsoDate(date) || (last !== null && compareIso(date, last.date) < 0)) continue;
    if (e.type === 'transitioned' && e.to !== null) last = { date, what: `to ${STATUS_LABELS[e.to]}`, event: e };
    else if (e.type === 'split') last = { date, what: `a split of ${counted(e.quantity, 'unit')}`, event: e };
    else if (e.type === 'created' && e.relatedLotId !== null) last = { date, what: `its split from ${parentCode ?? 'its parent lot'}`, event: e };
  }
  return last;
}

/**
 * Whether `e` corrects the date of a move (an `edited` event that names the move by its from and
 * to statuses and carries the corrected date; see {@link correctMoveDate}), or a `resolved` event
 * that puts such a date back. A plain edit has neither.
 */
export function isMoveDateCorrection(e: Pick<LotEvent, 'type' | 'date' | 'to'>): boolean {
  // A settled move-date conflict (shared/sync/conflicts.ts) can set the move's date as a correction does.
  return (e.type === 'edited' || e.type === 'resolved') && e.date !== null && e.to !== null;
}

/** A correction of a move's date, as a lot's history reads it. */
export interface MoveDateCorrection {
  /** The move corrected: the lot's latest move from and to the statuses the correction names. */
  move: LotEvent;
  from: IsoDate;
  to: IsoDate;
}

/**
 * The dates of a lot's moves as corrected: for each corrected move (by event id), its date now; for
 * each correction (by event id), what it corrected. A correction names its move by its statuses:
 * the latest move before it (in replay order) from and to them.
 */
export function correctedMoveDates(events: readonly LotEvent[]): { moves: Map<string, IsoDate>; corrections: Map<string, MoveDateCorrection> } {
  const moves = new Map<string, IsoDate>();
  const corrections = new Map<string, MoveDateCorrection>();
  if (!events.some(isMoveDateCorrection)) return { moves, corrections };
  const transitions: LotEvent[] = [];
  for (const e of [...events].sort(compareEventsOfEntity)) {
    if (e.type === 'transitioned') {
      transitions.push(e);
      continue;
    }
    if (!isMoveDateCorrection(e) || e.date === null || !isIsoDate(e.date)) continue;
    const move = transitions.findLast((m) => m.lotId === e.lotId && m.from === e.from && m.to === e.to);
    const from = move === undefined ? null : (moves.get(move.id) ?? move.date);
    if (move === undefined || from === null) continue;
    moves.set(move.id, e.date);
    corrections.set(e.id, { move, from, to: e.date });
  }
  return { moves, corrections };
}

/** The lot's latest move, if its date can be corrected: the move, its date now and the lot fields that follow that date. */
export interface CorrectableMove {
  move: LotEvent;
  date: IsoDate;
  /** The lot's date fields set from the move's date (a receipt's received date…), which a correction changes with it. */
  fields: (keyof Lot)[];
}

/** The lot's dates a move's date can be checked against. */
const LOT_DATE_FIELDS: readonly (keyof Lot)[] = ['purchaseDate', 'receivedDate', 'inServiceDate', 'disposedDate'];

/** The dates a move into a status sets on the lot from its own date (lotChanges moveGuards). */
const MOVE_DATE_FIELDS: Partial<Record<LotStatus, keyof Lot>> = {
  ordered: 'purchaseDate',
  received: 'receivedDate',
  'in-service': 'inServiceDate',
  disposed: 'disposedDate',
};

/**
 * The move {@link correctMoveDate} would correct: the lot's latest move. Refused, saying why, when
 * the lot has none, or when it is a split (on the lot split, or the part move that made the lot):
 * a split's date is on two lots and their shares of the depreciation.
 */
export function correctableMoveOf(lot: Lot, events: readonly LotEvent[], parentCode?: string): Result<CorrectableMove> {
  const last = lastMoveEventOf(events, parentCode);
  if (last === null) return err(`${lot.code} has no dated move to correct: the dates it was registered or imported with are changed with Edit.`);
  const splitNote = 'a split’s date is on both lots and their shares of the depreciation, so it cannot be corrected.';
  if (last.event.type !== 'transitioned' || last.event.to === null) return err(`${lot.code}’s latest move is ${last.what} on ${last.date}: ${splitNote}`);
  const move = last.event;
  const firstMove = [...events].sort(compareEventsOfEntity).find((e) => e.type === 'transitioned');
  if (lot.parentId !== null && firstMove?.id === move.id) {
    return err(`${lot.code}’s latest move is the part move that split it from ${parentCode ?? 'its parent lot'} on ${last.date}: ${splitNote}`);
  }
  const fields: (keyof Lot)[] = [];
  const field = move.to === null ? undefined : MOVE_DATE_FIELDS[move.to];
  // A field the move set from its date, and still at it (not, e.g., an in-service date kept on a return from spare, or typed apart).
  if (field !== undefined && lot[field] === last.date && (field in move.after || (field === 'purchaseDate' && move.to === 'ordered'))) fields.push(field);
  return ok({ move, date: last.date, fields });
}

/** Facts about the world a move date correction is checked with that the lot and its events do not hold. */
export interface MoveDateFacts {
  /** Today where the user is: a move records what has happened, its date is today or earlier. */
  today: IsoDate;
  /** The team's fiscal year start (1–12): the lot's schedules must still compute with the new date. */
  fiscalYearStart: number;
  /** The code of the lot this one was split from, for messages. */
  parentCode?: string;
  /** For a disposal: storage-bearing units whose verified sanitisation is dated after the new date (serials). */
  sanitisedAfter?: readonly string[];
}

/**
 * Corrects the date of a lot's latest move (typed 2026-01-03 for 2026-03-01): one `edited` event
 * that names the move (its from and to statuses), carries the corrected date, and sets the lot's
 * dates that follow the move's (its received, in-service or disposal date), so depreciation and
 * the forecast follow. The new date is checked as a move's is: today or earlier, not before the
 * purchase date or the lot's previous move, a disposal not before its units' sanitisation, and
 * the lot's schedules must still compute. Disposed lots included: it is the only way to correct
 * a disposal's date.
 */
export function correctMoveDate(
  lot: Lot,
  events: readonly LotEvent[],
  lastSeq: number,
  date: IsoDate,
  ctx: ChangeContext,
  facts: MoveDateFacts,
  reason = '',
): Result<{ lot: Lot; event: LotEvent }> {
  const found = correctableMoveOf(lot, events, facts.parentCode);
  if (!found.ok) return found;
  const { move, date: was, fields } = found.value;
  const to = move.to as LotStatus;
  const moveWords = `the move to ${STATUS_LABELS[to]}`;
  if (!isIsoDate(date)) return err(`The corrected date of ${moveWords} must be a date (YYYY-MM-DD).`);
  // As a move's date is read (moveGuards): 0201 for 2021 would become an order's purchase date.
  const outside = yearRangeProblem(date);
  if (outside !== null) return err(`Corrected date: ${outside}.`);
  if (date === was) return err(`${lot.code}’s ${moveWords.slice(4)} is already dated ${was}.`);
  if (compareIso(date, facts.today) > 0) return err(`The corrected date ${date} is after today (${facts.today}): a move records what has happened. Date it today or earlier.`);
  if (to !== 'ordered' && compareIso(date, lot.purchaseDate) < 0) return err(`The corrected date ${date} is before ${lot.code}’s purchase date ${lot.purchaseDate}.`);
  const corrections = correctedMoveDates(events).corrections;
  const previous = lastMoveOf(
    events.filter((e) => e.id !== move.id && corrections.get(e.id)?.move.id !== move.id),
    facts.parentCode,
  );
  if (previous !== null && compareIso(date, previous.date) < 0) {
    return err(`The corrected date ${date} is before ${lot.code}’s previous move (${previous.what}) on ${previous.date}: a lot’s moves are dated in the order they happened. Date it ${previous.date} or later.`);
  }
  if (to === 'disposed') {
    // A sale's disposal recorded its price per unit as a market price of the model, dated as the disposal (moveLotCommand).
    if (ownSaleObservation(lot, { id: '', createdAt: ctx.now }) !== null) {
      return err(`The sale of ${lot.code} is recorded among its model’s market prices, dated ${was}; moving that price with the date is not supported, so the date of a sale cannot be corrected here. Nothing was changed.`);
    }
    const late = facts.sanitisedAfter ?? [];
    if (late.length > 0) {
      const more = late.length > 10 ? ` and ${late.length - 10} more` : '';
      return err(`The corrected date ${date} is before the sanitisation recorded for ${late.slice(0, 10).join(', ')}${more}: date the disposal on or after their records.`);
    }
  }
  const set: Partial<Lot> = {};
  for (const f of fields) (set as Record<string, unknown>)[f] = date;
  const next: Lot = { ...lot, ...set, updatedAt: ctx.now };
  if (fields.length > 0) {
    // The lot's own rules for the dates it now has (received not before purchase, in service not
    // before received…): what they say of the fields this changes, and what they newly say of its
    // other dates (a receipt moved past a planned in-service date is named at the in-service date).
    const checks = { poMayBeMissing: true, today: facts.today };
    const errors = validateLot(next, new Set(), checks);
    const was = validateLot(lot, new Set(), checks);
    const wrong = LOT_DATE_FIELDS.filter((f) => errors[f] !== undefined && (fields.includes(f) || errors[f] !== was[f])).map((f) => errors[f] as string);
    if (wrong.length > 0) return err(wrong.join(' '));
  }
  // A move into service that set the lot's in-service date apart from its own (a later one, or
  // one kept from a plan) is not dated before it: the lot is in service from the move's date.
  const inService = next.inServiceDate;
  if (to === 'in-service' && set.inServiceDate === undefined && inService !== null && compareIso(inService, date) > 0 && ('inServiceDate' in move.after || move.from === null || !RETURNS_TO_SERVICE.includes(move.from))) {
    return err(`The corrected date ${date} is before ${lot.code}’s in-service date ${inService}, which is not the move’s date: a lot moved to ${STATUS_LABELS[to]} is in service from that day. Date the move ${inService} or later, or change the in-service date with Edit first.`);
  }
  if (set.inServiceDate !== undefined) {
    if (lot.depreciationChain !== null) return err(`In-service date: ${SPLIT_FIXED_MESSAGE}`);
    const early = adjustmentBeforeInService(next);
    if (early !== null) return err(early);
  }
  if (set.inServiceDate !== undefined || set.disposedDate !== undefined) {
    for (const book of BOOKS) {
      const broken = scheduleBrokenBy(book, lot, facts.fiscalYearStart, next, facts.fiscalYearStart);
      if (broken !== null) return err(`${book === 'book' ? 'Book' : 'Tax'} depreciation: ${broken}`);
    }
  }
  const before: Partial<Lot> = { updatedAt: lot.updatedAt };
  for (const f of fields) (before as Record<string, unknown>)[f] = lot[f];
  return ok({
    lot: next,
    event: event(ctx, lot.id, lastSeq + 1, {
      type: 'edited',
      date,
      from: move.from,
      to,
      before,
      after: { ...set, updatedAt: ctx.now },
      note: reason.trim(),
    }),
  });
}

/** A move date correction in words: "Date of the move to In service corrected from 2026-01-03 to 2026-03-01". */
export function describeMoveDateCorrection(e: Pick<LotEvent, 'to' | 'date'>, correction: MoveDateCorrection | undefined): string {
  const move = e.to === null ? 'a move' : `the move to ${STATUS_LABELS[e.to]}`;
  return correction === undefined ? `Date of ${move} corrected to ${e.date ?? '?'}` : `Date of ${move} corrected from ${correction.from} to ${correction.to}`;
}

export interface MoveCompliance {
  policy: CompliancePolicy;
  classification: string | undefined;
  countryOfSite: (siteId: Uuid) => string | null;
}

/** The compliance facts of a move of a lot of `model`, from the policy and the sites. */
export function moveComplianceOf(policy: CompliancePolicy, model: { exportClassification?: string } | undefined, sites: Iterable<{ id: Uuid; country?: string | null }>): MoveCompliance {
  const countries = new Map<Uuid, string | null>();
  for (const s of sites) countries.set(s.id, s.country ?? null);
  return { policy, classification: model?.exportClassification || undefined, countryOfSite: (id) => countries.get(id) ?? null };
}

/**
 * A move that takes units from one country to another (a site abroad, a buyer abroad) and what
 * the policy says of it: the licence it needs (null: none), and the record the event carries.
 */
export function moveTransfer(lot: Pick<Lot, 'siteId'>, req: Pick<MoveRequest, 'siteId' | 'buyer' | 'licenceReference'>, set: Partial<Lot>, compliance: MoveCompliance | undefined): { record: TransferRecord; need: TransferLicenceNeed | null } | null {
  if (compliance === undefined || lot.siteId === null) return null;
  const from = compliance.countryOfSite(lot.siteId);
  const to = set.siteId !== undefined && set.siteId !== null ? compliance.countryOfSite(set.siteId) : set.status === 'disposed' ? (req.buyer?.country ?? null) : null;
  if (from === null || to === null || from === to) return null;
  const need = transferLicenceNeed(compliance.classification, from, to, compliance.policy);
  const licence = (req.licenceReference ?? '').trim();
  return { need, record: { from, to, classification: compliance.classification || null, licenceReference: licence === '' ? null : licence, toBuyer: set.status === 'disposed' } };
}

/**
 * Checks a move without changing anything. Returns the lot fields the target status sets,
 * or a message that says what is missing.
 */
export function moveGuards(lot: Lot, req: MoveRequest, facts: Pick<MoveFacts, 'unsanitisedUnits' | 'sanitisedAfter' | 'compliance' | 'today' | 'lastMove'> = {}): Result<Partial<Lot>> {
  const from = lot.status;
  const to = req.to;
  if (from === 'disposed') return err(`${lot.code} is disposed; a disposed lot cannot move.`);
  if (from === to) return err(`${lot.code} is already ${STATUS_LABELS[to]}.`);
  if (!isAllowedMove(from, to)) {
    const targets = allowedTargets(from).map((s) => STATUS_LABELS[s]);
    return err(`A lot that is ${STATUS_LABELS[from]} cannot move to ${STATUS_LABELS[to]}. From ${STATUS_LABELS[from]} it can move to: ${targets.join(', ')}.`);
  }
  if (!Number.isSafeInteger(req.quantity) || req.quantity < 1 || req.quantity > lot.quantity) {
    return err(`Quantity must be a whole number from 1 to ${lot.quantity}.`);
  }
  if (!isIsoDate(req.date)) return err('The move needs a date (YYYY-MM-DD).');
  // As the lot form and the imports read dates: 0201 for 2021 would become the order's purchase date.
  const outside = yearRangeProblem(req.date);
  if (outside !== null) return err(`Move date: ${outside}.`);
  if (facts.today !== undefined && compareIso(req.date, facts.today) > 0) {
    return err(`The move date ${req.date} is after today (${facts.today}): a move records what has happened. Date it today or earlier.`);
  }
  // A planned lot's purchase date is only expected; ordering it makes the order date the purchase date.
  if (to !== 'ordered' && compareIso(req.date, lot.purchaseDate) < 0) {
    return err(`The move date ${req.date} is before the lot’s purchase date ${lot.purchaseDate}.`);
  }
  // Back-dating a move to the day it happened is normal, but not to before the lot's previous step.
  const last = facts.lastMove;
  if (last && compareIso(req.date, last.date) < 0) {
    return err(`The move date ${req.date} is before ${lot.code}’s last move (${last.what}) on ${last.date}: a lot’s moves are dated in the order they happened. Date it ${last.date} or later.`);
  }
  const set: Partial<Lot> = { status: to };
  const target = STATUS_LABELS[to];
  switch (to) {
    case 'ordered': {
      const po = (req.poNumber ?? lot.poNumber).trim();
      if (po === '') return err(`Moving to ${target} needs a PO number.`);
      if (po !== lot.poNumber) set.poNumber = po;
      if (req.date !== lot.purchaseDate) set.purchaseDate = req.date;
      break;
    }
    case 'received':
      set.receivedDate = req.date;
      break;
    case 'in-service': {
      const siteId = req.siteId ?? lot.siteId;
      if (!siteId) return err(`Moving to ${target} needs a site: choose where the units are installed.`);
      if (siteId !== lot.siteId) set.siteId = siteId;
      // Returning from spare/RMA keeps the original in-service date (depreciation started then).
      const inService = req.inServiceDate ?? lot.inServiceDate ?? req.date;
      if (!isIsoDate(inService)) return err(`Moving to ${target} needs an in-service date (YYYY-MM-DD).`);
      const inServiceOutside = inService === lot.inServiceDate ? null : yearRangeProblem(inService);
      if (inServiceOutside !== null) return err(`In-service date: ${inServiceOutside}.`);
      // As the move date itself: the lot is being put in service, so its depreciation cannot start after today.
      if (facts.today !== undefined && inService !== lot.inServiceDate && compareIso(inService, facts.today) > 0) {
        return err(`The in-service date ${inService} is after today (${facts.today}): a lot moved to ${target} has been put in service. Date it today or earlier.`);
      }
      if (compareIso(inService, lot.purchaseDate) < 0) return err(`The in-service date ${inService} is before the purchase date ${lot.purchaseDate}.`);
      // (A lot split after depreciation began keeps its in-service date whatever it is: booksProblem says so.)
      if (inService !== lot.inServiceDate && lot.depreciationChain === null && lot.receivedDate !== null && compareIso(inService, lot.receivedDate) < 0) {
        return err(`The in-service date ${inService} is before the received date ${lot.receivedDate}: a lot goes into service once it is received.`);
      }
      // The move puts the lot in service on its date, so its depreciation cannot start later than
      // that: not an in-service date given with it, nor a planned one it makes the lot's (the
      // in-service date kept on a return to service is the lot's already, and stays).
      if (!keepsInServiceDate(from, inService, lot.inServiceDate) && compareIso(inService, req.date) > 0) {
        return err(`The in-service date ${inService} is after the move date ${req.date}: a lot moved to ${target} on ${req.date} is in service from that day. Give an in-service date of ${req.date} or earlier, or date the move when it went into service.`);
      }
      if (inService !== lot.inServiceDate) set.inServiceDate = inService;
      break;
    }
    case 'staged':
    case 'spare':
    case 'rma': {
      if (req.siteId && req.siteId !== lot.siteId) set.siteId = req.siteId;
      break;
    }
    case 'replacing': {
      const plan = (req.replacementPlan ?? '').trim() || lot.replacementPlan.trim() || (req.note ?? '').trim();
      if (plan === '') return err(`Moving to ${target} needs a replacement plan, or a note on why there is none.`);
      if (plan !== lot.replacementPlan) set.replacementPlan = plan;
      break;
    }
    case 'disposed': {
      const pending = facts.unsanitisedUnits ?? [];
      if (pending.length > 0) {
        const shown = pending.slice(0, 10).join(', ');
        const more = pending.length > 10 ? ` and ${pending.length - 10} more` : '';
        return err(`Disposal needs every storage-bearing unit sanitised with a verified record; missing for ${shown}${more}.`);
      }
      const late = facts.sanitisedAfter ?? [];
      if (late.length > 0) {
        const shown = late.slice(0, 10).join(', ');
        const more = late.length > 10 ? ` and ${late.length - 10} more` : '';
        return err(`The disposal date ${req.date} is before the sanitisation recorded for ${shown}${more}: date the disposal on or after their records.`);
      }
      if (!req.disposition) return err(`Moving to ${target} needs a disposition (sold, recycled, donated, returned or scrapped).`);
      if (typeof req.proceeds === 'number' && Number.isSafeInteger(req.proceeds) && req.proceeds < 0) {
        return err(`Proceeds cannot be negative (got ${formatMoney(req.proceeds, lot.currency)}): enter 0 when the disposal brought nothing in; its costs are not proceeds.`);
      }
      if (req.proceeds === null || req.proceeds === undefined || !isMoney(req.proceeds)) {
        return err(`Moving to ${target} needs the proceeds (0 is allowed).`);
      }
      set.disposition = req.disposition;
      set.proceeds = req.proceeds;
      set.disposedDate = req.date;
      break;
    }
    case 'planned':
    case 'refresh-candidate':
    case 'draining':
    case 'sanitised':
      break;
    default: {
      const never: never = to;
      return err(`Unknown status ${String(never)}`);
    }
  }
  const books = booksProblem(lot, set) ?? (req.quantity < lot.quantity ? splitBooksProblem(lot, req.quantity, req.date) : null);
  if (books !== null) return err(books);
  if (to === 'disposed' && req.buyer) {
    const name = req.buyer.name.trim();
    if (name === '' && req.buyer.country !== null) return err('A buyer’s country needs the buyer’s name.');
    if (req.buyer.country !== null && !isCountryCode(req.buyer.country)) return err(`The buyer’s country must be a two-letter ISO 3166 code, e.g. DE; “${req.buyer.country}” is not one.`);
    if (name !== '') set.buyer = { name, country: req.buyer.country };
  }
  // A transfer abroad that the team's policy needs a licence for (issue 13).
  const transfer = moveTransfer(lot, req, set, facts.compliance);
  if (transfer?.need && transfer.record.licenceReference === null) return err(transfer.need.message);
  // Last, so that a missing site or PO is reported before the boxes still to tick.
  const unticked = checklistRefusal(req.checklist ?? [], to);
  if (unticked) return err(unticked);
  return ok(set);
}

/** Statuses a lot returns to service from with the in-service date it had (a spare, an RMA, a refresh candidate kept on). */
const RETURNS_TO_SERVICE: readonly LotStatus[] = ['spare', 'rma', 'refresh-candidate'];

/** Whether a move into service from `from` keeps the lot's in-service date rather than setting one. */
function keepsInServiceDate(from: LotStatus | null, inService: IsoDate | null, lotInService: IsoDate | null): boolean {
  return from !== null && RETURNS_TO_SERVICE.includes(from) && inService === lotInService;
}

/**
 * What keeps the lot's schedules from being computed once `set` is applied (null: nothing), for a
 * change of its in-service date or its disposal: a move must not leave a lot whose book value and
 * disposal gain or loss cannot be worked out. A lot split after depreciation began keeps its
 * in-service date (its schedule is its share of the original's, as an edit is refused). A disposal
 * is checked with the lot's schedules themselves: it cannot come before the in-service date, a
 * change recorded on the lot or the lot's last split. Only what the disposal itself breaks is
 * reported (a schedule that fails without it is not this move's doing); what a disposal can break
 * is the order of dates, the same in every fiscal year, so the calendar year stands in for the team's.
 */
function booksProblem(lot: Lot, set: Partial<Lot>): string | null {
  const newInService = set.inServiceDate !== undefined && set.inServiceDate !== lot.inServiceDate;
  if (newInService && lot.depreciationChain !== null) return `In-service date: ${SPLIT_FIXED_MESSAGE}`;
  if (!newInService && set.status !== 'disposed') return null;
  if (newInService && set.status !== 'disposed') return adjustmentBeforeInService({ ...lot, ...set });
  const next: Lot = { ...lot, ...set };
  for (const book of BOOKS) {
    const broken = scheduleBrokenBy(book, lot, 1, next, 1);
    if (broken !== null) return `${book === 'book' ? 'Book' : 'Tax'} depreciation: ${broken}`;
  }
  return null;
}

/**
 * What a split of `quantity` on `date` would keep the two lots' schedules from being computed
 * (null: nothing), e.g. a split dated before the lot's last split. Only what the split breaks.
 */
function splitBooksProblem(lot: Lot, quantity: number, date: IsoDate): string | null {
  const chains = splitDepreciationChain(lot, quantity, date);
  if (chains.parent === null || chains.child === null) return null;
  const rest = lot.quantity - quantity;
  const [parentExtras = 0, childExtras = 0] = allocate(lot.extraCosts, [rest, quantity]);
  const parts: Lot[] = [
    { ...lot, quantity: rest, extraCosts: parentExtras, adjustments: [], depreciationChain: chains.parent },
    { ...lot, quantity, extraCosts: childExtras, adjustments: [], depreciationChain: chains.child },
  ];
  for (const book of BOOKS) {
    for (const part of parts) {
      const broken = scheduleBrokenBy(book, lot, 1, part, 1);
      if (broken !== null) return `${book === 'book' ? 'Book' : 'Tax'} depreciation: a split on ${date}: ${broken.replace(/^depreciationChain: /u, '')}.`;
    }
  }
  return null;
}

/** An impairment or revision recorded on the lot before its in-service date (null: none). */
function adjustmentBeforeInService(lot: Pick<Lot, 'inServiceDate' | 'adjustments'>): string | null {
  const inService = lot.inServiceDate;
  if (inService === null || !isIsoDate(inService)) return null;
  const early = lot.adjustments.find((a) => compareIso(a.change.date, inService) < 0);
  return early === undefined ? null : `${early.change.type} on ${early.change.date}: is before the in-service date ${inService}; depreciation, and what was recorded on it, cannot start later than it did.`;
}

/** The first free split-child code: "GPU-01.1", "GPU-01.2", … */
export function childCode(parentCode: string, takenCodes: ReadonlySet<string>): string {
  for (let n = 1; ; n += 1) {
    const code = `${parentCode}.${n}`;
    if (!takenCodes.has(code)) return code;
  }
}

/**
 * The latest calendar date anywhere at instant `ts` (UTC+14, the earliest time zone): a move's
 * date when the caller does not say which day it is where the user is. No one's today is later.
 */
export function latestDateAt(ts: Timestamp): IsoDate {
  return dateOf(new Date(Date.parse(ts) + 14 * 3_600_000).toISOString());
}

/**
 * Moves all or part of a lot to another status. Moving part splits the lot: a child lot
 * takes the quantity moved and its share of the capitalised extra costs (whole minor units,
 * parent + child sum exactly to the original), remembers its parent, and makes the move.
 * An illegal move returns a message and no change.
 */
export function moveLot(lot: Lot, lastSeq: number, req: MoveRequest, ctx: ChangeContext, facts: MoveFacts): Result<LotChange> {
  const guarded = moveGuards(lot, req, { ...facts, today: facts.today ?? latestDateAt(ctx.now) });
  if (!guarded.ok) return guarded;
  const note = (req.note ?? '').trim();
  const checklist: ChecklistRecord | null =
    req.checklist && req.checklist.length > 0 ? { items: req.checklist.map((t) => ({ label: t.label.trim(), required: t.required, ticked: t.ticked })), actor: ctx.actor } : null;
  // Only when there is one, so that moves without a checklist write events shaped as before.
  const withChecklist = checklist ? { checklist } : {};
  const transfer = moveTransfer(lot, req, guarded.value, facts.compliance);
  const withTransfer = transfer ? { transfer: transfer.record } : {};
  const transition = (target: Lot, seq: number): { lot: Lot; event: LotEvent } => {
    const before: Partial<Lot> = { updatedAt: target.updatedAt };
    for (const key of Object.keys(guarded.value) as (keyof Lot)[]) before[key] = target[key] as never;
    const after: Partial<Lot> = { ...guarded.value, updatedAt: ctx.now };
    return {
      lot: { ...target, ...after },
      event: event(ctx, target.id, seq, {
        type: 'transitioned',
        date: req.date,
        from: target.status,
        to: req.to,
        quantity: target.quantity,
        before,
        after,
        note,
        ...withChecklist,
        ...withTransfer,
      }),
    };
  };

  if (req.quantity === lot.quantity) {
    const moved = transition(lot, lastSeq + 1);
    return ok({ lots: [moved.lot], events: [moved.event] });
  }

  const rest = lot.quantity - req.quantity;
  // Parent first, as splitSchedule allocates cost: ties go the same way, so each part's schedule cost
  // equals its cost basis exactly.
  const [parentExtras = 0, childExtras = 0] = allocate(lot.extraCosts, [rest, req.quantity]);
  const childId = ctx.newId();
  const code = childCode(lot.code, facts.takenCodes);
  // Split after depreciation began: both parts carry their share of the original's schedule.
  const chains = splitDepreciationChain(lot, req.quantity, req.date);
  const parentAfter: Partial<Lot> =
    chains.parent === null
      ? { quantity: rest, extraCosts: parentExtras, updatedAt: ctx.now }
      : { quantity: rest, extraCosts: parentExtras, adjustments: [], depreciationChain: chains.parent, updatedAt: ctx.now };
  const parent: Lot = { ...lot, ...parentAfter };
  const splitEvent = event(ctx, lot.id, lastSeq + 1, {
    type: 'split',
    date: req.date,
    from: lot.status,
    quantity: req.quantity,
    before:
      chains.parent === null
        ? { quantity: lot.quantity, extraCosts: lot.extraCosts, updatedAt: lot.updatedAt }
        : { quantity: lot.quantity, extraCosts: lot.extraCosts, adjustments: lot.adjustments, depreciationChain: lot.depreciationChain, updatedAt: lot.updatedAt },
    after: parentAfter,
    relatedLotId: childId,
    note: note || `Split ${req.quantity} of ${lot.quantity} into ${code} to move to ${STATUS_LABELS[req.to]}.`,
    // The parent's history is where the units were when they were checked; it shows the checklist too.
    ...withChecklist,
  });
  const child: Lot = {
    ...lot,
    id: childId,
    code,
    quantity: req.quantity,
    extraCosts: childExtras,
    parentId: lot.id,
    adjustments: [],
    depreciationChain: chains.child,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  const childCreated = event(ctx, childId, 1, {
    type: 'created',
    date: req.date,
    to: child.status,
    quantity: req.quantity,
    after: { ...child },
    relatedLotId: lot.id,
    note: `Split from ${lot.code}.`,
  });
  const moved = transition(child, 2);
  return ok({ lots: [parent, moved.lot], events: [splitEvent, childCreated, moved.event] });
}

/**
 * One entity's events in replay order: the clock order (shared/ledger/clock.ts), which for
 * the events of one device is also their `seq` order. Events built in memory and not yet
 * appended to a log have no stamp; they keep `seq` order.
 */
export function compareEventsOfEntity(a: LotEvent, b: LotEvent): number {
  if (a.hlc && b.hlc && a.hlc !== b.hlc) return a.hlc < b.hlc ? -1 : 1;
  return a.seq - b.seq;
}

/**
 * Rebuilds a lot from its events alone. `created`/`imported` carry the whole lot; every
 * later event carries the fields it set.
 */
export function replayLot(events: readonly LotEvent[]): Lot | null {
  let lot = null as Lot | null;
  for (const e of [...events].sort(compareEventsOfEntity)) lot = stepLot(lot, e);
  return lot;
}

/** One event applied to a lot (null: not created yet, or removed), as {@link replayLot} applies them in clock order. */
export function stepLot(lot: Lot | null, e: LotEvent): Lot | null {
  switch (e.type) {
    case 'created':
    case 'imported':
      return { ...(e.after as Lot) };
    case 'transitioned':
    case 'split':
    case 'edited':
    case 'adjusted':
    case 'resolved':
      return lot === null ? null : withFieldsApplied(lot, e.after);
    // Unit events (shared/units.ts) change units, not the lot.
    case 'units-received':
    case 'sanitised':
    case 'units-updated':
      return lot;
    // The lot was taken out of the ledger (with the demo fleet).
    case 'removed':
      return null;
    // Events of models and the team settings; a lot's own events never include them.
    case 'observed':
    case 'prices-removed':
    case 'settings-changed':
      return lot;
    default: {
      const never: never = e.type;
      throw new Error(`Unknown event type ${String(never)}`);
    }
  }
}

/**
 * Records an impairment or a change of estimate (life, salvage) in one book. It must leave a
 * schedule the engine can compute (e.g. an impairment no larger than the book value); it takes
 * effect from its date, never before (IAS 8 / ASC 250).
 */
export function adjustLot(
  lot: Lot,
  lastSeq: number,
  adjustment: Omit<LotAdjustment, 'id'>,
  ctx: ChangeContext,
  fiscalYearStart: number,
): Result<{ lot: Lot; event: LotEvent }> {
  if (lot.status === 'disposed') return err(`${lot.code} is disposed; its books are closed.`);
  if (lot.inServiceDate === null) return err(`${lot.code} is not in service yet: depreciation has not started.`);
  const date = adjustment.change.date;
  if (!isIsoDate(date)) return err('The adjustment needs a date (YYYY-MM-DD).');
  const outside = yearRangeProblem(date);
  if (outside !== null) return err(`Adjustment date: ${outside}.`);
  if (compareIso(date, lot.inServiceDate) < 0) return err(`The date ${date} is before the in-service date ${lot.inServiceDate}.`);
  const added: LotAdjustment = { ...adjustment, id: ctx.newId(), note: adjustment.note.trim() };
  const next: Lot = { ...lot, adjustments: [...lot.adjustments, added], updatedAt: ctx.now };
  const check = lotSchedule(next, adjustment.book, fiscalYearStart);
  if (!check.ok) return err(check.error);
  const kind = adjustment.change.type === 'impairment' ? 'Impairment' : 'Revision';
  return ok({
    lot: next,
    event: event(ctx, lot.id, lastSeq + 1, {
      type: 'adjusted',
      date,
      before: { adjustments: lot.adjustments, updatedAt: lot.updatedAt },
      after: { adjustments: next.adjustments, updatedAt: ctx.now },
      note: added.note || `${kind} (${adjustment.book})`,
    }),
  });
}
