import { copyTemplate, DEFAULT_CATEGORY_POLICIES } from '../../shared/depreciation/policies';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { LotEvent } from '../../shared/events';
import { allowedTargets, isPoMissing, LOT_STATUSES, TRANSITIONS, type LotStatus } from '../../shared/lifecycle';
import { costBasis, type Lot } from '../../shared/lot';
import { lotSchedule } from '../../shared/depreciation/lotSchedule';
import { adjustment, makeLot } from './depreciation/lotFactory';
import { provenanceRecord } from '../../shared/provenanceRecord';
import { eventSummary } from '../../shared/sync/conflicts';
import {
  correctableMoveOf,
  correctedMoveDates,
  correctMoveDate,
  createLot,
  describeMoveDateCorrection,
  editLot,
  lastMoveOf,
  moveGuards,
  moveLot,
  replayLot,
  validateLot,
  type ChangeContext,
  type LotDraft,
  type MoveRequest,
} from '../../shared/lotChanges';

function idSequence(prefix = 'id'): () => string {
  let n = 0;
  return () => {
    n += 1;
    return `${prefix}-${String(n).padStart(6, '0')}`;
  };
}

function context(newId = idSequence()): ChangeContext {
  return { now: '2026-11-29T10:00:00.000Z', newId, actor: 'tester' };
}

function draft(overrides: Partial<LotDraft> = {}): LotDraft {
  return {
    code: 'GPU-001',
    modelId: 'model-1',
    quantity: 10,
    unitCost: 30_000_00,
    extraCosts: 1_234_57,
    currency: 'USD',
    purchaseDate: '2025-01-15',
    receivedDate: null,
    inServiceDate: null,
    siteId: null,
    supplier: 'Supermicro',
    poNumber: '',
    warrantyEnd: null,
    salvageValue: 3_000_00,
    powerWatts: null,
    supportCostPerYear: 0,
    status: 'planned',
    disposition: null,
    disposedDate: null,
    proceeds: null,
    replacementPlan: '',
    notes: '',
    tags: [],
    demo: false,
    book: copyTemplate(DEFAULT_CATEGORY_POLICIES['gpu-server'].book),
    tax: copyTemplate(DEFAULT_CATEGORY_POLICIES['gpu-server'].tax),
    ...overrides,
  };
}

function created(overrides: Partial<LotDraft> = {}, ctx = context()): { lot: Lot; events: LotEvent[] } {
  const r = createLot(draft(overrides), ctx, new Set());
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return { lot: r.value.lots[0]!, events: r.value.events };
}

/** A request that satisfies every guard of `to`, so only the table decides legality. */
function fullRequest(to: LotStatus, quantity: number): MoveRequest {
  return {
    to,
    quantity,
    date: '2025-06-01',
    poNumber: 'PO-1',
    siteId: 'site-1',
    replacementPlan: 'Replace with B200',
    disposition: 'sold',
    proceeds: 12_345,
  };
}

describe('createLot', () => {
  it('creates the lot and a created event carrying the whole lot', () => {
    const { lot, events } = created();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'created', lotId: lot.id, seq: 1, to: 'planned', quantity: 10, actor: 'tester' });
    expect(replayLot(events)).toEqual(lot);
  });

  it('refuses a lot whose status needs fields it lacks, naming each field', () => {
    const r = createLot(draft({ status: 'in-service', poNumber: 'PO-1', receivedDate: '2025-02-01' }), context(), new Set());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.siteId).toMatch(/needs a site/u);
    expect(r.error.inServiceDate).toMatch(/needs an in-service date/u);
  });

  it('refuses a cost too large to keep to the cent under unit cost, not as a depreciation input', () => {
    const r = createLot(draft({ quantity: 1_000_000, unitCost: 9_999_999_999_999 }), context(), new Set());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toEqual({ unitCost: "The lot's cost (quantity 1,000,000 × unit cost, plus extra costs) is too large to be kept to the last minor unit: check the quantity and the unit cost." });
  });

  it('refuses a duplicate code and salvage above cost', () => {
    const r = createLot(draft({ salvageValue: 40_000_00 }), context(), new Set(['GPU-001']));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toMatch(/already has the code GPU-001/u);
    expect(r.error.salvageValue).toMatch(/cannot exceed/u);
  });
});

describe('moveLot', () => {
  it('moves the whole lot with one transitioned event', () => {
    const { lot } = created({ poNumber: 'PO-7' });
    const r = moveLot(lot, 1, { to: 'ordered', quantity: 10, date: '2025-02-01' }, context(idSequence('m')), { takenCodes: new Set([lot.code]) });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.lots).toHaveLength(1);
    expect(r.value.lots[0]).toMatchObject({ id: lot.id, status: 'ordered' });
    expect(r.value.events[0]).toMatchObject({ type: 'transitioned', from: 'planned', to: 'ordered', seq: 2, date: '2025-02-01' });
  });

  it('splits a partial move; the child takes its share of the extra costs exactly', () => {
    const { lot } = created({ status: 'staged', poNumber: 'PO-1', receivedDate: '2025-02-01', quantity: 3, extraCosts: 100 });
    const r = moveLot(lot, 1, { to: 'in-service', quantity: 1, date: '2025-03-01', siteId: 'site-9' }, context(idSequence('m')), {
      takenCodes: new Set([lot.code, 'GPU-001.1']),
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [parent, child] = r.value.lots;
    expect(parent).toMatchObject({ id: lot.id, quantity: 2, status: 'staged', extraCosts: 67 });
    expect(child).toMatchObject({ code: 'GPU-001.2', quantity: 1, status: 'in-service', parentId: lot.id, extraCosts: 33, siteId: 'site-9', inServiceDate: '2025-03-01' });
    expect(costBasis(parent!) + costBasis(child!)).toBe(costBasis(lot));
    expect(r.value.events.map((e) => e.type)).toEqual(['split', 'created', 'transitioned']);
  });

  it('refuses an illegal move, says where the lot can go, and returns no change', () => {
    const { lot } = created();
    const snapshot = structuredClone(lot);
    const r = moveLot(lot, 1, fullRequest('in-service', 10), context(), { takenCodes: new Set() });
    expect(r).toEqual({ ok: false, error: 'A lot that is Planned cannot move to In service. From Planned it can move to: Ordered.' });
    expect(lot).toEqual(snapshot);
  });

  it.each([
    [{ status: 'planned' as const }, { to: 'ordered' as const }, /needs a PO number/u],
    [{ status: 'staged' as const, poNumber: 'PO-1', receivedDate: '2025-02-01' }, { to: 'in-service' as const }, /needs a site/u],
    [
      { status: 'refresh-candidate' as const, poNumber: 'PO-1', receivedDate: '2025-02-01', inServiceDate: '2025-02-02', siteId: 's' },
      { to: 'replacing' as const },
      /needs a replacement plan/u,
    ],
    [{ status: 'sanitised' as const, poNumber: 'PO-1', receivedDate: '2025-02-01' }, { to: 'disposed' as const }, /needs a disposition/u],
    [
      { status: 'sanitised' as const, poNumber: 'PO-1', receivedDate: '2025-02-01' },
      { to: 'disposed' as const, disposition: 'sold' as const },
      /needs the proceeds \(0 is allowed\)/u,
    ],
    [
      // A disposal that cost money (recycling fees) is not told it lacks proceeds.
      { status: 'sanitised' as const, poNumber: 'PO-1', receivedDate: '2025-02-01' },
      { to: 'disposed' as const, disposition: 'recycled' as const, proceeds: -250_00 },
      /^Proceeds cannot be negative \(got −USD 250\.00\): enter 0 when the disposal brought nothing in; its costs are not proceeds\.$/u,
    ],
  ])('a blocked guard says what is missing (%#)', (lotFields, req, message) => {
    const { lot } = created(lotFields);
    const r = moveLot(lot, 1, { quantity: lot.quantity, date: '2025-06-01', ...req }, context(), { takenCodes: new Set() });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it('refuses disposal while storage-bearing units lack sanitisation, naming them', () => {
    const { lot } = created({ status: 'sanitised', poNumber: 'PO-1', receivedDate: '2025-02-01' });
    const r = moveLot(lot, 1, fullRequest('disposed', 10), context(), { takenCodes: new Set(), unsanitisedUnits: ['SN1', 'SN2'] });
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/missing for SN1, SN2/u) });
  });

  it('refuses quantities outside 1..lot quantity and dates before purchase', () => {
    const { lot } = created({ poNumber: 'PO-1' });
    for (const quantity of [0, 11, 2.5]) {
      const r = moveLot(lot, 1, { ...fullRequest('ordered', quantity) }, context(), { takenCodes: new Set() });
      expect(r.ok).toBe(false);
    }
    const ordered = created({ status: 'ordered', poNumber: 'PO-1' }).lot;
    const early = moveLot(ordered, 1, { ...fullRequest('received', 1), date: '2024-01-01' }, context(), { takenCodes: new Set() });
    expect(early).toEqual({ ok: false, error: expect.stringMatching(/before the lot’s purchase date 2025-01-15/u) });
  });

  it('refuses a move dated after today, where the user is or (no day given) anywhere at that moment', () => {
    const ordered = created({ status: 'ordered', poNumber: 'PO-1' }).lot;
    const move = (date: string, today?: string) => moveLot(ordered, 1, { ...fullRequest('received', 10), date }, context(), { takenCodes: new Set(), ...(today === undefined ? {} : { today }) });
    expect(move('2026-11-29', '2026-11-29').ok).toBe(true);
    expect(move('2026-11-30', '2026-11-29')).toEqual({ ok: false, error: 'The move date 2026-11-30 is after today (2026-11-29): a move records what has happened. Date it today or earlier.' });
    expect(move('2027-11-29', '2026-11-29').ok).toBe(false);
    // No day given: the context's time (2026-11-29T10:00Z) is already 2026-11-30 from UTC+14 on, and no later anywhere.
    expect(move('2026-11-30').ok).toBe(true);
    expect(move('2026-12-01')).toEqual({ ok: false, error: expect.stringMatching(/^The move date 2026-12-01 is after today \(2026-11-30\)/u) });
    // The dialog's preview says so before anything is tried.
    expect(moveGuards(ordered, { ...fullRequest('received', 10), date: '2026-12-24' }, { today: '2026-12-07' })).toEqual({ ok: false, error: expect.stringMatching(/after today/u) });
    expect(moveGuards(ordered, { ...fullRequest('received', 10), date: '2026-12-24' }).ok).toBe(true);
  });

  it('ordering a planned lot makes the order date its purchase date, even before the planned date', () => {
    const { lot } = created({ poNumber: 'PO-1' });
    const r = moveLot(lot, 1, { to: 'ordered', quantity: 10, date: '2024-12-01' }, context(), { takenCodes: new Set() });
    expect(r.ok && r.value.lots[0]).toMatchObject({ status: 'ordered', purchaseDate: '2024-12-01' });
    expect(r.ok && r.value.events[0]!.before).toMatchObject({ purchaseDate: '2025-01-15' });
  });

  it('keeps the original in-service date when a spare returns to service', () => {
    const { lot } = created({ status: 'spare', poNumber: 'PO-1', receivedDate: '2025-02-01', inServiceDate: '2025-02-10', siteId: 's' });
    const r = moveLot(lot, 1, { to: 'in-service', quantity: 10, date: '2026-01-01' }, context(), { takenCodes: new Set() });
    expect(r.ok && r.value.lots[0]!.inServiceDate).toBe('2025-02-10');
  });
});

describe('moves and the books: a move is refused rather than leave a lot whose schedule cannot be computed', () => {
  const facts = { takenCodes: new Set<string>() };
  /** Moves `lot` through `steps`, whole, returning the lot or the first refusal. */
  function walk(lot: Lot, steps: readonly [LotStatus, string][]): Lot | string {
    let current = lot;
    for (const [to, date] of steps) {
      const r = moveLot(current, 1, { to, quantity: current.quantity, date, disposition: 'sold', proceeds: 500_00 }, context(), facts);
      if (!r.ok) return r.error;
      current = r.value.lots[0]!;
    }
    return current;
  }
  const toDisposal = (date: string): [LotStatus, string][] => [['draining', date], ['sanitised', date], ['disposed', date]];
  const schedulable = (lot: Lot): void => {
    for (const book of ['book', 'tax'] as const) expect(lotSchedule(lot, book, 1).ok).toBe(true);
  };

  it('refuses a disposal dated before the in-service date (the gain or loss could not be computed)', () => {
    const lot = makeLot({ purchaseDate: '2026-01-01', inServiceDate: '2026-06-01', siteId: 's' });
    expect(walk(lot, toDisposal('2026-02-01'))).toMatch(/disposal on 2026-02-01: is before the in-service date 2026-06-01/u);
    const disposed = walk(lot, toDisposal('2026-07-01'));
    expect(typeof disposed).not.toBe('string');
    schedulable(disposed as Lot);
  });

  it('refuses a disposal dated before an impairment recorded on the lot', () => {
    const lot = makeLot({ siteId: 's', adjustments: [adjustment('book', { type: 'impairment', date: '2026-09-15', amount: 100_00 })] });
    expect(walk(lot, toDisposal('2026-05-01'))).toMatch(/impairment on 2026-09-15: is after the disposal on 2026-05-01/u);
    // A part of it too: the part inherits the impairment.
    const part = moveLot({ ...lot, status: 'sanitised' }, 1, { to: 'disposed', quantity: 4, date: '2026-05-01', disposition: 'sold', proceeds: 0 }, context(), facts);
    expect(part.ok).toBe(false);
  });

  it('refuses a disposal of a split part dated before its split', () => {
    const split = moveLot(makeLot({ siteId: 's' }), 1, { to: 'draining', quantity: 4, date: '2026-08-15' }, context(), facts);
    if (!split.ok) throw new Error(split.error);
    const child = split.value.lots[1]!;
    expect(walk(child, [['sanitised', '2026-03-01'], ['disposed', '2026-03-01']])).toMatch(/before this lot's split of 2026-08/u);
    schedulable(walk(child, [['sanitised', '2026-09-01'], ['disposed', '2026-09-01']]) as Lot);
  });

  it('refuses a new in-service date on return from spare for a lot split after depreciation began (its schedule is a share of the original)', () => {
    const original = makeLot({ siteId: 's' });
    const split = moveLot(original, 1, { to: 'spare', quantity: 4, date: '2026-06-15' }, context(), facts);
    if (!split.ok) throw new Error(split.error);
    const child = split.value.lots[1]!;
    for (const inServiceDate of ['2025-12-01', '2026-07-01'] as const) {
      const back = moveLot({ ...child, purchaseDate: '2025-06-01' }, 3, { to: 'in-service', quantity: 4, date: '2026-08-01', inServiceDate }, context(), facts);
      expect(back).toEqual({ ok: false, error: expect.stringMatching(/Fixed by a split/u) });
    }
    const same = moveLot(child, 3, { to: 'in-service', quantity: 4, date: '2026-08-01', inServiceDate: child.inServiceDate }, context(), facts);
    expect(same.ok).toBe(true);
  });

  it('refuses a split dated before the lot’s last split (no schedule could be computed for either part)', () => {
    const first = moveLot(makeLot({ code: 'L', siteId: 's' }), 1, { to: 'spare', quantity: 2, date: '2026-08-15' }, context(), facts);
    if (!first.ok) throw new Error(first.error);
    const parent = first.value.lots[0]!;
    const early = moveLot(parent, 2, { to: 'spare', quantity: 3, date: '2026-04-01' }, context(), { takenCodes: new Set(['L', 'L.1']) });
    expect(early).toEqual({ ok: false, error: 'Book depreciation: a split on 2026-04-01: the split of 2026-04 is before the split before it.' });
    const later = moveLot(parent, 2, { to: 'spare', quantity: 3, date: '2026-09-01' }, context(), { takenCodes: new Set(['L', 'L.1']) });
    if (!later.ok) throw new Error(later.error);
    for (const l of later.value.lots) schedulable(l);
  });

  it('refuses an in-service date after an impairment recorded on the lot, by a move or an edit', () => {
    const lot = makeLot({ status: 'spare', siteId: 's', adjustments: [adjustment('book', { type: 'impairment', date: '2026-03-15', amount: 100_00 })] });
    const back = moveLot(lot, 1, { to: 'in-service', quantity: 10, date: '2026-08-01', inServiceDate: '2026-06-01' }, context(), facts);
    expect(back).toEqual({ ok: false, error: expect.stringMatching(/impairment on 2026-03-15: is before the in-service date 2026-06-01/u) });
    const edit = editLot(lot, 1, { inServiceDate: '2026-06-01' }, context(), new Set());
    expect(edit.ok).toBe(false);
    const fine = editLot(lot, 1, { inServiceDate: '2026-02-01' }, context(), new Set());
    expect(fine.ok).toBe(true);
  });
});

describe('a move is dated on or after the lot’s last move (its steps stay in order)', () => {
  const facts = { takenCodes: new Set<string>(['GPU-001']) };
  /** Moves `lot` whole to `to` on `date`, with the last move its events so far say. */
  function step(lot: Lot, events: LotEvent[], to: LotStatus, date: string, extra: Partial<MoveRequest> = {}) {
    return moveLot(lot, events.length, { to, quantity: lot.quantity, date, ...extra }, context(), { ...facts, lastMove: lastMoveOf(events) });
  }

  it('refuses a move dated before the previous one, naming both dates, and allows the same day and later', () => {
    let { lot, events } = created({ status: 'received', poNumber: 'PO-1', receivedDate: '2025-02-01', siteId: 's' });
    expect(lastMoveOf(events)).toBeNull(); // a registration carries no business date: back-dating is free
    const inService = step(lot, events, 'in-service', '2025-03-01');
    if (!inService.ok) throw new Error(inService.error);
    [lot] = inService.value.lots as [Lot];
    events = [...events, ...inService.value.events];
    const spare = step(lot, events, 'spare', '2025-07-01');
    if (!spare.ok) throw new Error(spare.error);
    [lot] = spare.value.lots as [Lot];
    events = [...events, ...spare.value.events];
    expect(lastMoveOf(events)).toEqual({ date: '2025-07-01', what: 'to Spare' });
    // Back in service before it went to spare: the history would read backwards.
    expect(step(lot, events, 'in-service', '2025-05-01')).toEqual({
      ok: false,
      error: 'The move date 2025-05-01 is before GPU-001’s last move (to Spare) on 2025-07-01: a lot’s moves are dated in the order they happened. Date it 2025-07-01 or later.',
    });
    expect(step(lot, events, 'in-service', '2025-07-01').ok).toBe(true);
    expect(step(lot, events, 'in-service', '2025-08-20').ok).toBe(true);
    // The preview (the Move dialog) says the same.
    expect(moveGuards(lot, { to: 'in-service', quantity: lot.quantity, date: '2025-05-01' }, { lastMove: lastMoveOf(events) }).ok).toBe(false);
  });

  it('counts a split, on the parent and on the child it made', () => {
    const { lot, events } = created({ status: 'spare', poNumber: 'PO-1', receivedDate: '2025-02-01', inServiceDate: '2025-02-10', siteId: 's' });
    const split = moveLot(lot, 1, { to: 'in-service', quantity: 4, date: '2025-09-01' }, context(idSequence('split')), facts);
    if (!split.ok) throw new Error(split.error);
    const [parent, child] = split.value.lots as [Lot, Lot];
    const parentEvents = [...events, ...split.value.events.filter((e) => e.lotId === parent.id)];
    const childEvents = split.value.events.filter((e) => e.lotId === child.id);
    expect(lastMoveOf(parentEvents)).toEqual({ date: '2025-09-01', what: 'a split of 4 units' });
    expect(lastMoveOf(childEvents.slice(0, 1), 'GPU-001')).toEqual({ date: '2025-09-01', what: 'its split from GPU-001' });
    expect(step(parent, parentEvents, 'in-service', '2025-08-01')).toEqual({ ok: false, error: expect.stringMatching(/^The move date 2025-08-01 is before GPU-001’s last move \(a split of 4 units\) on 2025-09-01/u) });
    expect(step(child, childEvents, 'spare', '2025-08-01')).toEqual({ ok: false, error: expect.stringMatching(/last move \(to In service\) on 2025-09-01/u) });
  });

  it('names a split of one unit in the singular', () => {
    const { lot, events } = created({ status: 'spare', poNumber: 'PO-1', receivedDate: '2025-02-01', inServiceDate: '2025-02-10', siteId: 's' });
    const split = moveLot(lot, 1, { to: 'in-service', quantity: 1, date: '2025-09-01' }, context(idSequence('one')), facts);
    if (!split.ok) throw new Error(split.error);
    const parent = split.value.lots[0] as Lot;
    const parentEvents = [...events, ...split.value.events.filter((e) => e.lotId === parent.id)];
    expect(lastMoveOf(parentEvents)).toEqual({ date: '2025-09-01', what: 'a split of 1 unit' });
    expect(step(parent, parentEvents, 'in-service', '2025-08-01')).toEqual({ ok: false, error: expect.stringMatching(/^The move date 2025-08-01 is before GPU-001’s last move \(a split of 1 unit\) on 2025-09-01/u) });
  });
});

describe('correctMoveDate: the date of the lot’s latest move, typed wrong', () => {
  const takenCodes = new Set<string>(['GPU-001']);
  const facts = { today: '2026-11-29', fiscalYearStart: 1 };
  /** Moves `lot` whole; the lot and its events after. */
  function moved(lot: Lot, events: LotEvent[], to: LotStatus, date: string, extra: Partial<MoveRequest> = {}): { lot: Lot; events: LotEvent[] } {
    const r = moveLot(lot, events.length, { to, quantity: lot.quantity, date, ...extra }, context(idSequence(`m${events.length}`)), { takenCodes, lastMove: lastMoveOf(events), today: '2026-11-29' });
    if (!r.ok) throw new Error(r.error);
    return { lot: r.value.lots[0]!, events: [...events, ...r.value.events] };
  }
  function corrected(lot: Lot, events: LotEvent[], date: string, more: Partial<typeof facts> & { sanitisedAfter?: string[]; parentCode?: string } = {}) {
    return correctMoveDate(lot, events, events.length, date, { ...context(idSequence(`c${events.length}`)), now: '2026-11-30T09:00:00.000Z' }, { ...facts, ...more }, 'Typed the day and month the wrong way round');
  }
  const received = () => created({ status: 'received', poNumber: 'PO-1', purchaseDate: '2025-12-01', receivedDate: '2025-12-20', siteId: 's' });

  it('moves the in-service date with it in one edited event, which replay, the last move, depreciation and the history follow', () => {
    // In service on 2026-03-01, typed 2026-01-03.
    const start = received();
    const { lot, events } = moved(start.lot, start.events, 'in-service', '2026-01-03');
    const r = corrected(lot, events, '2026-03-01');
    if (!r.ok) throw new Error(r.error);
    expect(r.value.event).toMatchObject({
      type: 'edited', seq: 3, date: '2026-03-01', from: 'received', to: 'in-service',
      before: { inServiceDate: '2026-01-03', updatedAt: lot.updatedAt },
      after: { inServiceDate: '2026-03-01', updatedAt: '2026-11-30T09:00:00.000Z' },
      note: 'Typed the day and month the wrong way round',
    });
    expect(r.value.lot.inServiceDate).toBe('2026-03-01');
    const all = [...events, r.value.event];
    expect(replayLot(all)).toEqual(r.value.lot);
    expect(lastMoveOf(all)).toEqual({ date: '2026-03-01', what: 'to In service' });
    const book = lotSchedule(r.value.lot, 'book', 1);
    if (!book.ok || book.value === null) throw new Error('no schedule');
    expect(book.value.startMonth).toBe('2026-03');
    const correction = correctedMoveDates(all).corrections.get(r.value.event.id);
    expect(describeMoveDateCorrection(r.value.event, correction)).toBe('Date of the move to In service corrected from 2026-01-03 to 2026-03-01');
    // Corrected again: from the corrected date, not the one first typed.
    const again = correctMoveDate(r.value.lot, all, all.length, '2026-02-27', { ...context(idSequence('again')), now: '2026-11-30T10:00:00.000Z' }, facts);
    if (!again.ok) throw new Error(again.error);
    const twice = [...all, again.value.event];
    expect(describeMoveDateCorrection(again.value.event, correctedMoveDates(twice).corrections.get(again.value.event.id))).toBe('Date of the move to In service corrected from 2026-03-01 to 2026-02-27');
    expect(replayLot(twice)?.inServiceDate).toBe('2026-02-27');
  });

  it('lets the moves go on that a later wrong date held up (the dead end an edit of the lot left)', () => {
    const start = received();
    // To spare on 2026-10-01, typed 2026-11-01: a return to service on 2026-10-20 was refused.
    let { lot, events } = moved(start.lot, start.events, 'in-service', '2026-01-10');
    ({ lot, events } = moved(lot, events, 'spare', '2026-11-01'));
    expect(() => moved(lot, events, 'in-service', '2026-10-20')).toThrow(/before GPU-001’s last move \(to Spare\) on 2026-11-01/u);
    const r = corrected(lot, events, '2026-10-01');
    if (!r.ok) throw new Error(r.error);
    // A move to spare sets no date of the lot: the event carries the corrected date alone.
    expect(r.value.event.after).toEqual({ updatedAt: '2026-11-30T09:00:00.000Z' });
    expect(moved(r.value.lot, [...events, r.value.event], 'in-service', '2026-10-20').lot.status).toBe('in-service');
  });

  it('corrects a receipt and a disposal, the lot’s received and disposal dates with them', () => {
    const ordered = created({ status: 'ordered', poNumber: 'PO-1', purchaseDate: '2025-12-01' });
    const rec = moved(ordered.lot, ordered.events, 'received', '2026-02-10');
    const r = corrected(rec.lot, rec.events, '2026-01-20');
    if (!r.ok) throw new Error(r.error);
    expect(r.value.event.after).toMatchObject({ receivedDate: '2026-01-20' });
    const start = created({ status: 'sanitised', poNumber: 'PO-1', purchaseDate: '2025-01-01', receivedDate: '2025-01-10', inServiceDate: '2025-01-15', siteId: 's' });
    const gone = moved(start.lot, start.events, 'disposed', '2026-11-20', { disposition: 'scrapped', proceeds: 0 });
    const d = corrected(gone.lot, gone.events, '2026-10-02');
    if (!d.ok) throw new Error(d.error);
    expect(d.value.lot.disposedDate).toBe('2026-10-02');
    expect(lotSchedule(d.value.lot, 'book', 1)).toMatchObject({ ok: true, value: { disposal: { date: '2026-10-02' } } });
    // Not before the sanitisation of its units, as the disposal itself.
    expect(corrected(gone.lot, gone.events, '2026-10-02', { sanitisedAfter: ['SN1'] })).toEqual({ ok: false, error: 'The corrected date 2026-10-02 is before the sanitisation recorded for SN1: date the disposal on or after their records.' });
  });

  it('refuses, saying why and changing nothing, what a move would be refused for', () => {
    const start = received();
    let { lot, events } = moved(start.lot, start.events, 'in-service', '2026-01-10');
    ({ lot, events } = moved(lot, events, 'spare', '2026-05-01'));
    const refused = (date: string, more = {}) => corrected(lot, events, date, more);
    expect(refused('2026-12-01')).toEqual({ ok: false, error: 'The corrected date 2026-12-01 is after today (2026-11-29): a move records what has happened. Date it today or earlier.' });
    expect(refused('2026-01-09')).toEqual({ ok: false, error: 'The corrected date 2026-01-09 is before GPU-001’s previous move (to In service) on 2026-01-10: a lot’s moves are dated in the order they happened. Date it 2026-01-10 or later.' });
    expect(refused('2026-05-01')).toEqual({ ok: false, error: 'GPU-001’s move to Spare is already dated 2026-05-01.' });
    expect(refused('1.5.2026')).toEqual({ ok: false, error: 'The corrected date of the move to Spare must be a date (YYYY-MM-DD).' });
    // An in-service date later than an impairment recorded on it, or before the purchase.
    const inService = moved(start.lot, start.events, 'in-service', '2026-01-10');
    const impaired = { ...inService.lot, adjustments: [adjustment('book', { type: 'impairment', date: '2026-02-01', amount: 100 })] };
    expect(corrected(impaired, inService.events, '2026-03-01')).toEqual({ ok: false, error: expect.stringMatching(/^impairment on 2026-02-01: is before the in-service date 2026-03-01/u) });
    const early = created({ status: 'received', poNumber: 'PO-1', purchaseDate: '2025-12-01', receivedDate: '2025-12-01', siteId: 's' });
    const first = moved(early.lot, early.events, 'in-service', '2025-12-05');
    expect(corrected(first.lot, first.events, '2025-11-30')).toEqual({ ok: false, error: 'The corrected date 2025-11-30 is before GPU-001’s purchase date 2025-12-01.' });
    // A sale recorded its price among the market prices, dated as the disposal.
    const sanitised = created({ status: 'sanitised', poNumber: 'PO-1', purchaseDate: '2025-01-01', receivedDate: '2025-01-10', inServiceDate: '2025-01-15', siteId: 's' });
    const sold = moved(sanitised.lot, sanitised.events, 'disposed', '2026-11-20', { disposition: 'sold', proceeds: 500_000 });
    expect(corrected(sold.lot, sold.events, '2026-11-02')).toEqual({ ok: false, error: expect.stringMatching(/^The sale of GPU-001 is recorded among its model’s market prices, dated 2026-11-20/u) });
  });

  it('refuses a corrected date outside 1900–2199, as a move’s date (an order’s would become the purchase date)', () => {
    const planned = created({ status: 'planned', poNumber: '', purchaseDate: '2026-06-01' });
    const order = moved(planned.lot, planned.events, 'ordered', '2026-05-01', { poNumber: 'PO-9' });
    expect(corrected(order.lot, order.events, '0201-05-01')).toEqual({ ok: false, error: 'Corrected date: "0201-05-01" is not a date from 1900 to 2199.' });
    expect(corrected(order.lot, order.events, '2026-04-01')).toMatchObject({ ok: true, value: { lot: { purchaseDate: '2026-04-01' } } });
  });

  it('refuses a receipt corrected to after the lot’s planned in-service date, as an edit of the received date is', () => {
    const ordered = created({ status: 'ordered', poNumber: 'PO-1', purchaseDate: '2025-12-01', inServiceDate: '2026-03-01' });
    const rec = moved(ordered.lot, ordered.events, 'received', '2026-02-10');
    expect(corrected(rec.lot, rec.events, '2026-04-01')).toEqual({ ok: false, error: 'In-service date cannot be before the received date (2026-04-01).' });
    expect(editLot(rec.lot, rec.events.length, { receivedDate: '2026-04-01' }, context(), new Set(), '', undefined, 1, '2026-11-29')).toMatchObject({ ok: false, error: { inServiceDate: 'In-service date cannot be before the received date (2026-04-01).' } });
    expect(corrected(rec.lot, rec.events, '2026-03-01')).toMatchObject({ ok: true, value: { lot: { receivedDate: '2026-03-01' } } });
  });

  it('dates the move as corrected in the provenance record, and says what it did in a conflict’s words', () => {
    const ordered = created({ status: 'ordered', poNumber: 'PO-1', purchaseDate: '2025-12-01' });
    const rec = moved(ordered.lot, ordered.events, 'received', '2026-02-10');
    const r = corrected(rec.lot, rec.events, '2026-01-20');
    if (!r.ok) throw new Error(r.error);
    const history = [...rec.events, r.value.event];
    const record = provenanceRecord({ lot: r.value.lot, history, model: undefined, sites: new Map(), suppliers: new Map(), lotCodes: new Map() });
    expect(record.receipt?.date).toBe('2026-01-20');
    expect(record.steps.map((s) => `${s.date} ${s.what}`).slice(1)).toEqual(['2026-01-20 Ordered → Received (10 units)', '2026-01-20 Date of the move to Received corrected from 2026-02-10 to 2026-01-20']);
    expect(eventSummary(r.value.event, 'GPU-001')).toBe('corrected the date of GPU-001’s move to received to 2026-01-20');
  });

  it('does not correct a split, on the lot split or the part that moved, nor a lot with no move', () => {
    const start = received();
    expect(correctableMoveOf(start.lot, start.events)).toEqual({ ok: false, error: 'GPU-001 has no dated move to correct: the dates it was registered or imported with are changed with Edit.' });
    const split = moveLot(start.lot, 1, { to: 'in-service', quantity: 4, date: '2026-01-10' }, context(idSequence('split')), { takenCodes, today: '2026-11-29' });
    if (!split.ok) throw new Error(split.error);
    const [parent, child] = split.value.lots as [Lot, Lot];
    const parentEvents = [...start.events, ...split.value.events.filter((e) => e.lotId === parent.id)];
    const childEvents = split.value.events.filter((e) => e.lotId === child.id);
    expect(corrected(parent, parentEvents, '2026-01-12')).toEqual({ ok: false, error: 'GPU-001’s latest move is a split of 4 units on 2026-01-10: a split’s date is on both lots and their shares of the depreciation, so it cannot be corrected.' });
    expect(corrected(child, childEvents, '2026-01-12', { parentCode: 'GPU-001' })).toEqual({ ok: false, error: 'GPU-001.1’s latest move is the part move that split it from GPU-001 on 2026-01-10: a split’s date is on both lots and their shares of the depreciation, so it cannot be corrected.' });
    // The part's next move is its own.
    const spare = moved(child, childEvents, 'spare', '2026-02-01');
    expect(corrected(spare.lot, spare.events, '2026-02-03', { parentCode: 'GPU-001' }).ok).toBe(true);
  });
});

describe('editLot', () => {
  it('records before/after of exactly the changed fields, and replay reproduces the lot', () => {
    const { lot, events } = created();
    const r = editLot(lot, 1, { poNumber: 'PO-CDW', notes: 'rush', quantity: 10 }, { ...context(idSequence('e')), now: '2026-11-30T00:00:00.000Z' }, new Set());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.event).toMatchObject({
      type: 'edited',
      seq: 2,
      before: { poNumber: lot.poNumber, notes: '', updatedAt: lot.updatedAt },
      after: { poNumber: 'PO-CDW', notes: 'rush', updatedAt: '2026-11-30T00:00:00.000Z' },
    });
    expect(replayLot([...events, r.value.event!])).toEqual(r.value.lot);
  });

  it('an edit that changes nothing appends nothing', () => {
    const { lot } = created();
    const r = editLot(lot, 1, { poNumber: lot.poNumber, tags: [] }, context(), new Set());
    expect(r).toEqual({ ok: true, value: { lot, event: null } });
  });

  it('refuses an invalid edit with a message per field', () => {
    const { lot } = created();
    const r = editLot(lot, 1, { quantity: 0, purchaseDate: '2025-02-30' }, context(), new Set());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.quantity).toMatch(/at least 1/u);
    expect(r.error.purchaseDate).toMatch(/YYYY-MM-DD/u);
  });
});

describe('a lot imported without its PO ("PO missing", issue 15)', () => {
  const ordered = { status: 'ordered' as const, poNumber: '', receivedDate: null, inServiceDate: null, siteId: null };

  it('is refused when created in the app, and accepted from an import, flagged', () => {
    const refused = createLot(draft(ordered), context(), new Set());
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.poNumber).toMatch(/needs a PO number/u);
    const imported = createLot(draft(ordered), context(), new Set(), { type: 'imported', poMayBeMissing: true });
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    const lot = imported.value.lots[0] as Lot;
    expect(isPoMissing(lot)).toBe(true);
    expect(isPoMissing({ ...lot, poNumber: 'PO-7' })).toBe(false);
    expect(isPoMissing({ ...lot, status: 'planned' })).toBe(false);
  });

  it('other edits save while it stays missing; filling it in clears the flag; it cannot be emptied again', () => {
    const imported = createLot(draft(ordered), context(), new Set(), { type: 'imported', poMayBeMissing: true });
    if (!imported.ok) throw new Error('not imported');
    const lot = imported.value.lots[0] as Lot;
    const noted = editLot(lot, 1, { notes: 'PO to follow' }, context(idSequence('n')), new Set());
    expect(noted.ok).toBe(true);
    const filled = editLot(lot, 1, { poNumber: 'PO-7' }, context(idSequence('f')), new Set());
    if (!filled.ok) throw new Error('not filled');
    expect(isPoMissing(filled.value.lot)).toBe(false);
    const emptied = editLot(filled.value.lot, 2, { poNumber: '' }, context(idSequence('x')), new Set());
    expect(emptied.ok).toBe(false);
    if (!emptied.ok) expect(emptied.error.poNumber).toMatch(/needs a PO number/u);
  });
});

describe('lifecycle table', () => {
  it('disposed is terminal and every other status can move somewhere', () => {
    expect(TRANSITIONS.disposed).toEqual([]);
    for (const s of LOT_STATUSES) if (s !== 'disposed') expect(allowedTargets(s).length).toBeGreaterThan(0);
  });

  it('every status is reachable from planned', () => {
    const seen = new Set<LotStatus>(['planned']);
    const queue: LotStatus[] = ['planned'];
    while (queue.length) {
      for (const t of TRANSITIONS[queue.shift()!]) {
        if (seen.has(t)) continue;
        seen.add(t);
        queue.push(t);
      }
    }
    expect([...seen].sort()).toEqual([...LOT_STATUSES].sort());
  });
});

describe('properties', () => {
  // A step picks a lot of the family, a target (legal or not) and a fraction of its quantity.
  const step = fc.record({ pick: fc.nat(), target: fc.constantFrom(...LOT_STATUSES), fraction: fc.double({ min: 0, max: 1, noNaN: true }) });

  it('any sequence of moves conserves quantity and cost to the cent; replay reproduces every lot; illegal moves change nothing', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 0, max: 10_000_000_00 }),
        fc.integer({ min: 0, max: 99_999_99 }),
        fc.array(step, { maxLength: 30 }),
        (quantity, unitCost, extraCosts, steps) => {
          const ctx = context(idSequence('p'));
          const start = createLot(draft({ quantity, unitCost, extraCosts, salvageValue: 0 }), ctx, new Set());
          if (!start.ok) throw new Error('setup');
          const lots = new Map<string, Lot>(start.value.lots.map((l) => [l.id, l]));
          const events: LotEvent[] = [...start.value.events];
          const original = { quantity, cost: costBasis(start.value.lots[0]!) };
          for (const s of steps) {
            const all = [...lots.values()];
            const lot = all[s.pick % all.length]!;
            const q = Math.max(1, Math.round(lot.quantity * s.fraction));
            const lastSeq = events.filter((e) => e.lotId === lot.id).length;
            const before = structuredClone(lot);
            const r = moveLot(lot, lastSeq, fullRequest(s.target, q), ctx, { takenCodes: new Set(all.map((l) => l.code)) });
            const legal = lot.status !== 'disposed' && allowedTargets(lot.status).includes(s.target);
            expect(r.ok).toBe(legal);
            expect(lot).toEqual(before);
            if (!r.ok) {
              expect(r.error.length).toBeGreaterThan(10);
              continue;
            }
            for (const l of r.value.lots) lots.set(l.id, l);
            events.push(...r.value.events);
          }
          const all = [...lots.values()];
          expect(all.reduce((a, l) => a + l.quantity, 0)).toBe(original.quantity);
          expect(all.reduce((a, l) => a + costBasis(l), 0)).toBe(original.cost);
          expect(new Set(all.map((l) => l.code)).size).toBe(all.length);
          for (const l of all) {
            const own = events.filter((e) => e.lotId === l.id);
            expect(own.map((e) => e.seq)).toEqual(own.map((_, i) => i + 1));
            expect(replayLot(own)).toEqual(l);
            expect(validateLot(l, new Set())).toEqual({});
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('editLot of a lot with an impairment or revision recorded', () => {
  const ctx = (): ChangeContext => ({ now: '2026-11-29T10:00:00.000Z', newId: idSequence('e'), actor: 'tester' });
  /** Ten units at 1,000.00 in service since 2026-01-01, impaired by 5,000.00 on 2026-06-15 (book value then about 9,166). */
  const impaired = (): Lot => makeLot({ siteId: 's', adjustments: [adjustment('book', { type: 'impairment', date: '2026-06-15', amount: 5_000_00 })] });

  it('refuses a cost, quantity or policy that leaves the recorded impairment above the book value, naming the field and the book', () => {
    const lot = impaired();
    expect(lotSchedule(lot, 'book', 1).ok).toBe(true);
    for (const patch of [{ unitCost: 500_00 }, { quantity: 2 }, { book: { policy: { method: 'declining-balance', factor: 2, lifeMonths: 12, switchToStraightLine: true, convention: 'full-month' }, salvage: { kind: 'lot' } } }] as const) {
      const r = editLot(lot, 2, patch as never, ctx(), new Set(), '', undefined, 1);
      expect(r.ok, JSON.stringify(patch)).toBe(false);
      if (r.ok) continue;
      const field = Object.keys(patch)[0] as keyof Lot;
      expect(r.error[field]).toMatch(/^Book depreciation: impairment on 2026-06-15: .* is more than the book value/u);
    }
  });

  it('still takes an edit the recorded changes allow', () => {
    const r = editLot(impaired(), 2, { unitCost: 900_00 }, ctx(), new Set(), '', undefined, 1);
    expect(r.ok).toBe(true);
    if (r.ok) expect(lotSchedule(r.value.lot, 'book', 1).ok).toBe(true);
  });
});

describe('dates a lot’s status says have happened are today or earlier', () => {
  // context(): 2026-11-29T10:00Z, so the latest date anywhere is 2026-11-30 (UTC+14).
  const inService = { status: 'in-service' as const, poNumber: 'PO-1', siteId: 'site-1', receivedDate: '2026-02-01', inServiceDate: '2026-03-01' };

  it('refuses a lot in service received in 2062 (2026 mistyped), which would count in no total until then', () => {
    const r = createLot(draft({ ...inService, receivedDate: '2062-02-01' }), context(), new Set());
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.receivedDate).toBe('Received date 2062-02-01 is after today (2026-11-30), and a lot that is In service has been received: check the year, or give the status the lot has today.');
      // The in-service date (2026-03-01) is not after today: nothing is said of it.
      expect(r.error.inServiceDate).toBe(undefined);
    }
    const late = createLot(draft({ ...inService, inServiceDate: '2062-03-01' }), context(), new Set());
    expect(!late.ok && late.error.inServiceDate).toBe('In-service date 2062-03-01 is after today (2026-11-30), and a lot that is In service has been put in service: check the year, or give the status the lot has today.');
  });

  it('takes the caller’s today, and today itself', () => {
    expect(createLot(draft({ ...inService, receivedDate: '2026-11-29', inServiceDate: '2026-11-29' }), context(), new Set(), { today: '2026-11-29' }).ok).toBe(true);
    const r = createLot(draft({ ...inService, receivedDate: '2026-11-30', inServiceDate: '2026-11-30' }), context(), new Set(), { today: '2026-11-29' });
    expect(!r.ok && Object.keys(r.error).sort()).toEqual(['inServiceDate', 'receivedDate']);
  });

  it('lets a commitment, and a received lot’s planned in-service date, lie ahead', () => {
    expect(createLot(draft({ status: 'ordered', poNumber: 'PO-1', purchaseDate: '2027-01-10', inServiceDate: '2027-03-01' }), context(), new Set()).ok).toBe(true);
    expect(createLot(draft({ status: 'received', poNumber: 'PO-1', receivedDate: '2026-11-01', inServiceDate: '2027-03-01' }), context(), new Set()).ok).toBe(true);
  });

  it('holds an owned lot without a received date to the date it counts from', () => {
    const spare = createLot(draft({ status: 'spare', poNumber: 'PO-1', siteId: 'site-1', purchaseDate: '2026-01-10', inServiceDate: '2062-01-01' }), context(), new Set());
    expect(!spare.ok && spare.error.inServiceDate).toMatch(/^In-service date 2062-01-01 is after today \(2026-11-30\): a lot that is Spare with no received date is on the books from its in-service date/u);
    const bought = createLot(draft({ status: 'spare', poNumber: 'PO-1', siteId: 'site-1', purchaseDate: '2062-01-10' }), context(), new Set());
    expect(!bought.ok && bought.error.purchaseDate).toMatch(/^Purchase date 2062-01-10 is after today \(2026-11-30\), and a lot that is Spare has been bought/u);
  });

  it('checks an edit’s dates when it gives them, and leaves a lot written before the check editable otherwise', () => {
    const { lot } = created(inService);
    const typo = editLot(lot, 1, { receivedDate: '2062-02-01' }, context(), new Set());
    expect(!typo.ok && typo.error.receivedDate).toMatch(/^Received date 2062-02-01 is after today/u);
    const older = { ...lot, receivedDate: '2062-02-01', inServiceDate: '2062-03-01' };
    expect(editLot(older, 1, { notes: 'Racked in hall 2' }, context(), new Set()).ok).toBe(true);
    const fixed = editLot(older, 1, { receivedDate: '2026-02-01', inServiceDate: '2026-03-01' }, context(), new Set(), '', undefined, 1, '2026-11-29');
    expect(fixed.ok).toBe(true);
  });

  it('validateLot without today checks no date against it (replay, and what an older version wrote)', () => {
    const { lot } = created(inService);
    expect(validateLot({ ...lot, receivedDate: '2062-02-01', inServiceDate: '2062-03-01' }, new Set())).toEqual({});
  });
});
