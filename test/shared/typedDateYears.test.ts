/**
 * Dates a person types outside the lot form — a move's date and in-service date, an impairment's
 * or revision's date — take the years the lot form and the imports take (1900–2199). Checked only
 * as YYYY-MM-DD, 0201-01-01 ordered a planned lot on that day (its purchase date became year 201)
 * and 9999-01-01 became an in-service date or a revision's date.
 */
import { describe, expect, it } from 'vitest';
import { adjustLot, editLot, moveGuards, validateLot } from '../../shared/lotChanges';
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
    expect(moveGuards(received, { to: 'in-service', quantity: 10, date: '2026-12-01', inServiceDate: '2026-12-07' }, { today }).ok).toBe(true);
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
