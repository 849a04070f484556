/**
 * Dates a person types outside the lot form — a move's date and in-service date, an impairment's
 * or revision's date — take the years the lot form and the imports take (1900–2199). Checked only
 * as YYYY-MM-DD, 0201-01-01 ordered a planned lot on that day (its purchase date became year 201)
 * and 9999-01-01 became an in-service date or a revision's date.
 */
import { describe, expect, it } from 'vitest';
import type { LotEvent } from '../../shared/events';
import { adjustLot, correctMoveDate, editLot, moveGuards, moveLot, validateLot } from '../../shared/lotChanges';
import { makeLot } from './depreciation/lotFactory';

const today = '2026-12-07';
const ctx = { now: '2026-12-07T10:00:00.000Z', newId: (() => { let i = 0; return () => `id-${++i}`; })(), actor: 'Test' };

describe('a move date or in-service date outside 1900–2199 is refused, naming the field', () => {
  it('ordering a planned lot on 0201-01-01', () => {
    const planned = makeLot({ status: 'planned', receivedDate: null, inServiceDate: null, purchaseDate: '2026-12-01' });
    expect(moveGuards(planned, { to: 'ordered', quantity: 10, date: '0201-01-01', poNumber: 'PO-1' }, { today })).toEqual({ ok: false, error: 'Move date: "0201-01-01" is not a date from 1900 to 2199.' });
    expect(moveGuards(planned, { to: 'ordered', quantity: 10, date: '2026-11-30', poNumber: 'PO-1' }, { today }).ok).toBe(true);
  });

  it('putting a lot in service with the in-service date 9999-01-01', () => {
    const received = makeLot({ status: 'received', inServiceDate: null, siteId: 'site-1' });
    expect(moveGuards(received, { to: 'in-service', quantity: 10, date: '2026-12-01', inServiceDate: '9999-01-01' }, { today })).toEqual({ ok: false, error: 'In-service date: "9999-01-01" is not a date from 1900 to 2199.' });
  });
});

describe('an adjustment dated outside 1900–2199 is refused, naming the field', () => {
  it('a revision on 9999-01-01', () => {
    const r = adjustLot(makeLot(), 1, { book: 'book', change: { type: 'revision', date: '9999-01-01', lifeMonths: 72 }, note: '' }, ctx, 1);
    expect(r).toEqual({ ok: false, error: 'Adjustment date: "9999-01-01" is not a date from 1900 to 2199.' });
    expect(adjustLot(makeLot(), 1, { book: 'book', change: { type: 'revision', date: '2199-01-01', lifeMonths: 72 }, note: '' }, ctx, 1).ok).toBe(true);
  });
});

describe('a move to In service with an in-service date after today is refused, as a move date after today is', () => {
  it('an in-service date of 2027-06-01 typed on 2026-12-07', () => {
    const received = makeLot({ status: 'received', inServiceDate: null, siteId: 'site-1' });
    expect(moveGuards(received, { to: 'in-service', quantity: 10, date: '2026-12-01', inServiceDate: '2027-06-01' }, { today })).toEqual({
      ok: false,
      error: 'The in-service date 2027-06-01 is after today (2026-12-07): a lot moved to In service has been put in service. Date it today or earlier.',
    });
    expect(moveGuards(received, { to: 'in-service', quantity: 10, date: '2026-12-07', inServiceDate: '2026-12-07' }, { today }).ok).toBe(true);
  });
});

describe('an in-service date before the received date is refused (owned from receipt, depreciated from service)', () => {
  // Before, the depreciation report's expense for 2026 booked Feb–May (before the lot was owned)
  // while its roll-forward for the same range did not: the two disagreed.
  it('on the lot (form, import, edit)', () => {
    const lot = makeLot({ purchaseDate: '2026-01-01', receivedDate: '2026-06-01', inServiceDate: '2026-02-01', siteId: 'site-1' });
    expect(validateLot(lot, new Set(), { today })).toEqual({ inServiceDate: 'In-service date cannot be before the received date (2026-06-01).' });
    expect(validateLot({ ...lot, inServiceDate: '2026-06-01' }, new Set(), { today })).toEqual({});
    // An edit that gives either date is checked; a lot written before stays editable in its other fields.
    expect(editLot(lot, 1, { inServiceDate: '2026-03-01' }, ctx, new Set(), '', undefined, 1, today)).toEqual({ ok: false, error: { inServiceDate: 'In-service date cannot be before the received date (2026-06-01).' } });
    expect(editLot(lot, 1, { notes: 'Racked early' }, ctx, new Set(), '', undefined, 1, today).ok).toBe(true);
  });

  it('in a move into service', () => {
    const received = makeLot({ status: 'received', purchaseDate: '2026-01-01', receivedDate: '2026-06-01', inServiceDate: null, siteId: 'site-1' });
    expect(moveGuards(received, { to: 'in-service', quantity: 10, date: '2026-07-01', inServiceDate: '2026-02-01' }, { today })).toEqual({
      ok: false,
      error: 'The in-service date 2026-02-01 is before the received date 2026-06-01: a lot goes into service once it is received.',
    });
    expect(moveGuards(received, { to: 'in-service', quantity: 10, date: '2026-07-01', inServiceDate: '2026-06-01' }, { today }).ok).toBe(true);
  });
});

describe('an in-service date after the date of the move that puts the lot in service is refused', () => {
  // A lot moved to In service on 2026-03-01 with the in-service date 2026-03-15 was taken: in
  // service from the move, it started depreciating two weeks later, without a word.
  const received = makeLot({ status: 'received', purchaseDate: '2026-01-01', receivedDate: '2026-02-01', inServiceDate: null, siteId: 'site-1' });
  it('given with the move', () => {
    expect(moveGuards(received, { to: 'in-service', quantity: 10, date: '2026-03-01', inServiceDate: '2026-03-15' }, { today })).toEqual({
      ok: false,
      error: 'The in-service date 2026-03-15 is after the move date 2026-03-01: a lot moved to In service on 2026-03-01 is in service from that day. Give an in-service date of 2026-03-01 or earlier, or date the move when it went into service.',
    });
    expect(moveGuards(received, { to: 'in-service', quantity: 10, date: '2026-03-01', inServiceDate: '2026-03-01' }, { today }).ok).toBe(true);
    // Back-dated (in service before the move was recorded as made) stays allowed.
    expect(moveGuards(received, { to: 'in-service', quantity: 10, date: '2026-03-01', inServiceDate: '2026-02-15' }, { today }).ok).toBe(true);
  });

  it('planned on a received lot and kept by its first move into service, even after today', () => {
    const planned = { ...received, inServiceDate: '2026-12-20' };
    expect(moveGuards(planned, { to: 'in-service', quantity: 10, date: '2026-12-01' }, { today })).toEqual({
      ok: false,
      error: 'The in-service date 2026-12-20 is after the move date 2026-12-01: a lot moved to In service on 2026-12-01 is in service from that day. Give an in-service date of 2026-12-01 or earlier, or date the move when it went into service.',
    });
    expect(moveGuards(planned, { to: 'in-service', quantity: 10, date: '2026-12-01', inServiceDate: '2026-12-01' }, { today }).ok).toBe(true);
  });

  it('not on a return to service, which keeps the in-service date the lot has (a lot written before stays movable)', () => {
    const spare = makeLot({ status: 'spare', purchaseDate: '2026-01-01', receivedDate: '2026-02-01', inServiceDate: '2026-03-15', siteId: 'site-1' });
    expect(moveGuards(spare, { to: 'in-service', quantity: 10, date: '2026-03-10' }, { today }).ok).toBe(true);
    // A new one given with it is checked.
    expect(moveGuards(spare, { to: 'in-service', quantity: 10, date: '2026-03-10', inServiceDate: '2026-03-12' }, { today }).ok).toBe(false);
  });

  it('when a move’s date is corrected to before an in-service date it did not set from its own', () => {
    // A received lot with a planned in-service date of 2026-03-15, put in service on 2026-03-20: it keeps the 15th.
    const planned = makeLot({ status: 'received', purchaseDate: '2026-01-01', receivedDate: '2026-02-01', inServiceDate: '2026-03-15', siteId: 'site-1' });
    const moved = moveLot(planned, 1, { to: 'in-service', quantity: 10, date: '2026-03-20' }, ctx, { takenCodes: new Set(), today });
    if (!moved.ok) throw new Error(moved.error);
    const lot = moved.value.lots[0]!;
    const events: LotEvent[] = moved.value.events;
    const facts = { today, fiscalYearStart: 1 };
    expect(correctMoveDate(lot, events, 2, '2026-03-02', ctx, facts)).toEqual({
      ok: false,
      error: `The corrected date 2026-03-02 is before ${lot.code}’s in-service date 2026-03-15, which is not the move’s date: a lot moved to In service is in service from that day. Date the move 2026-03-15 or later, or change the in-service date with Edit first.`,
    });
    expect(correctMoveDate(lot, events, 2, '2026-03-16', ctx, facts).ok).toBe(true);
  });
});
