/**
 * A lot left without a schedule by changes two devices made apart (shared/sync/scheduleConflicts.ts):
 * a write-down on one device, and on another a cost edit or a new fiscal year start, each of which
 * the other device would have refused. Found from the fold and the basis, the same whatever order
 * the events come in, in words, and settled by a resolution that leaves a schedule.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lotSchedule } from '../../../shared/depreciation/lotSchedule';
import type { DepreciationPolicy } from '../../../shared/depreciation/types';
import { eventWith, type LotEvent } from '../../../shared/events';
import { foldLedger } from '../../../shared/ledger/fold';
import { TEAM_SETTINGS_ENTITY_ID } from '../../../shared/ledger/teamSettings';
import type { Lot } from '../../../shared/lot';
import { ledgerConflicts, resolutionEvent, type LedgerConflict } from '../../../shared/sync/conflicts';
import { editLot } from '../../../shared/lotChanges';
import { adjustment, MACRS_5, makeLot } from '../depreciation/lotFactory';

const LOT = '00000000-0000-4000-8000-000000000001';
const A = 'aaaaaaaa-0000-4000-8000-000000000000';
const B = 'bbbbbbbb-0000-4000-8000-000000000000';

function ev(device: string, counter: number, hlc: string, fields: Partial<LotEvent>): LotEvent {
  return {
    ...eventWith({ entity: 'lot', lotId: LOT, seq: counter, at: `2026-07-0${counter}T10:00:00.000Z`, actor: device === A ? 'ada' : 'bob', type: 'edited', after: {} }),
    id: `${device}:${counter}`,
    hlc,
    ...fields,
  };
}

/** 10 units at 1,000.00, in service 2026-01-01, straight-line 60 months on the book. */
const lot: Lot = makeLot({ id: LOT, code: 'L-1' });
const created = ev(A, 1, '0001', { type: 'created', after: lot, basis: { [LOT]: null } });
const impairment = adjustment('book', { type: 'impairment', date: '2026-06-30', amount: 8_000_00 });
/** Bob writes L-1 down by 8,000.00: it fits the book value of 9,000.00 the cost of 1,000.00 leaves. */
const writeDown = (counter: number, hlc: string, basis: string): LotEvent =>
  ev(B, counter, hlc, { type: 'adjusted', date: '2026-06-30', before: { adjustments: [] }, after: { adjustments: [impairment] }, basis: { [LOT]: basis } });
/** Ada sets the unit cost to 500.00: it fits a lot with no write-down. */
const costEdit = (counter: number, hlc: string, basis: string): LotEvent =>
  ev(A, counter, hlc, { before: { unitCost: 1_000_00 }, after: { unitCost: 500_00 }, basis: { [LOT]: basis } });

function settled(events: readonly LotEvent[], conflict: LedgerConflict, key: string, device: string, counter: number, hlc: string): LotEvent[] {
  const resolution = conflict.resolutions.find((r) => r.key === key);
  expect(resolution).toBeDefined();
  const fields = resolutionEvent(conflict, resolution!);
  const tip = events.filter((e) => e.lotId === fields.lotId).sort((x, y) => (x.hlc < y.hlc ? -1 : 1)).at(-1)!.id;
  return [...events, { ...ev(device, counter, hlc, {}), ...fields, basis: { [fields.lotId]: tip } }];
}

const schedules = (events: readonly LotEvent[]): boolean[] => {
  const { lots, settings } = foldLedger(events);
  return lots.flatMap((l) => (['book', 'tax'] as const).map((book) => lotSchedule(l, book, settings.fiscalYearStart).ok));
};

describe('a write-down on one device, a cost edit on another, neither seeing the other', () => {
  for (const order of ['write-down first', 'edit first'] as const) {
    it(`is a conflict found at the later of them (${order}), the same whatever order the events are given in`, () => {
      const events = order === 'write-down first' ? [created, writeDown(1, '0002', `${A}:1`), costEdit(2, '0003', `${A}:1`)] : [created, costEdit(2, '0002', `${A}:1`), writeDown(1, '0003', `${A}:1`)];
      // The fold alone leaves the lot without a book schedule.
      expect(schedules(events)).toEqual([false, true]);
      const later = events[2] as LotEvent;
      const found = ledgerConflicts(events);
      expect(found).toHaveLength(1);
      const [c] = found as [LedgerConflict];
      expect(c).toMatchObject({ id: `schedule-broken:${later.id}`, kind: 'schedule-broken', entity: 'lot', recordId: LOT, record: 'lot L-1' });
      expect(c.events.map((e) => e.id)).toEqual([events[1]!.id, later.id]);
      expect(c.message).toContain('lot L-1');
      expect(c.message).toContain('wrote lot L-1 down by 8000.00 USD on 2026-06-30 (book)');
      expect(c.message).toContain('set the unit cost to 500.00 USD');
      expect(c.message).toContain('impairment on 2026-06-30: USD 8,000.00 is more than the book value USD 4,499.98 at that date');
      expect(c.message).toContain('2026-07-01 10:00');
      expect(c.resolutions.map((r) => r.key)).toEqual(['undo-write-down', 'undo-edit']);
      expect(c.resolutions[1]!.after).toEqual({ unitCost: 1_000_00 });
      fc.assert(
        fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), (shuffled) => {
          expect(ledgerConflicts(shuffled)).toEqual(found);
        }),
      );
      // Either resolution leaves a schedule in both books, and settles the conflict.
      for (const r of c.resolutions) {
        const after = settled(events, c, r.key, A, 9, '0009');
        expect(schedules(after)).toEqual([true, true]);
        expect(ledgerConflicts(after)).toEqual([]);
      }
    });
  }

  it('is no conflict when the edit saw the write-down, or nothing is known of what its author saw', () => {
    // Such events are refused on one device; a fold of them is not a merge of changes made apart.
    expect(ledgerConflicts([created, writeDown(1, '0002', `${A}:1`), costEdit(2, '0003', `${B}:1`)])).toEqual([]);
    expect(ledgerConflicts([created, writeDown(1, '0002', `${A}:1`), { ...costEdit(2, '0003', `${A}:1`), basis: undefined } as LotEvent])).toEqual([]);
  });
});

describe('a new fiscal year start on one device, a write-down on another, neither seeing the other', () => {
  const ddb: DepreciationPolicy = { method: 'declining-balance', factor: 2, lifeMonths: 60, switchToStraightLine: false, convention: 'half-year' };
  // Declining balance, half-year convention: the book value on a date moves with the fiscal year.
  const ddbLot: Lot = makeLot({ id: LOT, code: 'L-1', inServiceDate: '2026-03-01', book: { policy: ddb, salvage: { kind: 'lot' } } });
  const ddbCreated = ev(A, 1, '0001', { type: 'created', after: ddbLot, basis: { [LOT]: null } });
  const writeDown65 = adjustment('book', { type: 'impairment', date: '2026-12-31', amount: 6_500_00 });
  const bobWritesDown = (hlc: string): LotEvent =>
    ev(B, 1, hlc, { type: 'adjusted', date: '2026-12-31', before: { adjustments: [] }, after: { adjustments: [writeDown65] }, basis: { [LOT]: `${A}:1` } });
  const adaMovesTheYear = (hlc: string): LotEvent =>
    ev(A, 2, hlc, { entity: 'settings', lotId: TEAM_SETTINGS_ENTITY_ID, type: 'settings-changed', before: { fiscalYearStart: 1 } as never, after: { fiscalYearStart: 7 } as never, basis: { [TEAM_SETTINGS_ENTITY_ID]: null } });

  it('fits each alone', () => {
    expect(lotSchedule({ ...ddbLot, adjustments: [writeDown65] }, 'book', 1).ok).toBe(true);
    expect(lotSchedule({ ...ddbLot, adjustments: [writeDown65] }, 'book', 7).ok).toBe(false);
  });

  for (const order of ['write-down first', 'new year first'] as const) {
    it(`is a conflict on the lot (${order}), the same whatever order the events are given in, settled either way`, () => {
      const events = order === 'write-down first' ? [ddbCreated, bobWritesDown('0002'), adaMovesTheYear('0003')] : [ddbCreated, adaMovesTheYear('0002'), bobWritesDown('0003')];
      expect(schedules(events)).toEqual([false, true]);
      const later = events[2] as LotEvent;
      const found = ledgerConflicts(events);
      expect(found).toHaveLength(1);
      const [c] = found as [LedgerConflict];
      expect(c).toMatchObject({ id: later.entity === 'settings' ? `schedule-broken:${later.id}/${LOT}` : `schedule-broken:${later.id}`, kind: 'schedule-broken', entity: 'lot', recordId: LOT, record: 'lot L-1' });
      expect(c.message).toContain('changed the fiscal year start from January to July');
      expect(c.message).toContain('wrote lot L-1 down by 6500.00 USD on 2026-12-31 (book)');
      expect(c.resolutions.map((r) => r.key)).toEqual(['undo-write-down', 'undo-fiscal-year']);
      expect(c.resolutions[1]).toMatchObject({ entity: 'settings', recordId: TEAM_SETTINGS_ENTITY_ID, after: { fiscalYearStart: 1 } });
      fc.assert(
        fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), (shuffled) => {
          expect(ledgerConflicts(shuffled)).toEqual(found);
        }),
      );
      for (const r of c.resolutions) {
        const after = settled(events, c, r.key, A, 9, '0009');
        expect(schedules(after)).toEqual([true, true]);
        expect(ledgerConflicts(after)).toEqual([]);
      }
      expect(foldLedger(settled(events, c, 'undo-fiscal-year', A, 9, '0009')).settings.fiscalYearStart).toBe(1);
    });
  }
});

/**
 * Two edits with no write-down (ada's on one device, bob's on another, neither seeing the other):
 * what each local check lets through and only the merge breaks. A policy set to MACRS keeping a
 * salvage rule fits while that rule gives no salvage, and a salvage value (or, with a percentage of
 * cost, a cost) fits the policy it was set under; merged, MACRS has a salvage it cannot have.
 * (A salvage value raised while the unit cost is lowered is no such case: the schedule caps the
 * salvage at the cost and still computes; nor is a quantity, extra costs or in-service date edit
 * against a salvage value: see the first test.)
 */
describe('two edits on two devices, neither seeing the other, with no write-down', () => {
  const lotSalvage: Lot['book'] = { policy: MACRS_5, salvage: { kind: 'lot' } };
  const tenPercent: Lot['book'] = { policy: MACRS_5, salvage: { kind: 'percent-of-cost', basisPoints: 1000 } };
  const edit = (device: string, counter: number, hlc: string, before: Partial<Lot>, after: Partial<Lot>): LotEvent =>
    ev(device, counter, hlc, { before, after, basis: { [LOT]: `${A}:1` } });
  const ctx = { now: '2026-07-01T00:00:00.000Z', newId: () => 'x', actor: 'ada' };
  const fits = (l: Lot, patch: Partial<Lot>): boolean => editLot(l, 1, patch, ctx, new Set()).ok;
  const placed = { poNumber: 'PO-1', siteId: 'site-1' };

  it('each edit alone passes the local checks; a salvage raised while the cost is lowered still has a schedule', () => {
    const l = makeLot({ id: LOT, code: 'L-1', ...placed });
    expect(fits(l, { book: lotSalvage })).toBe(true);
    expect(fits(l, { salvageValue: 100_00 })).toBe(true);
    expect(fits({ ...l, book: lotSalvage }, { salvageValue: 100_00 })).toBe(false);
    const free = makeLot({ id: LOT, code: 'L-1', unitCost: 0, ...placed });
    expect(fits(free, { book: tenPercent })).toBe(true);
    expect(fits(free, { unitCost: 100_00 })).toBe(true);
    expect(fits({ ...free, book: tenPercent }, { unitCost: 100_00 })).toBe(false);
    // Not a case: salvage 900.00 a unit over a unit cost of 500.00 is capped at the cost.
    expect(fits(l, { salvageValue: 900_00 })).toBe(true);
    expect(fits(l, { unitCost: 500_00 })).toBe(true);
    const capped = { ...l, salvageValue: 900_00, unitCost: 500_00 };
    expect([lotSchedule(capped, 'book', 1).ok, lotSchedule(capped, 'tax', 1).ok]).toEqual([true, true]);
  });

  const cases = [
    {
      name: 'the book put on MACRS with the lot’s salvage, and the salvage value raised',
      lot,
      ada: edit(A, 2, '', { book: lot.book }, { book: lotSalvage }),
      bob: edit(B, 1, '', { salvageValue: 0 }, { salvageValue: 100_00 }),
      words: ['ada set the book depreciation policy to MACRS 5-year, half-year, lot salvage on lot L-1', 'bob set the salvage value to 100.00 USD on lot L-1'],
      book: 'book',
    },
    {
      name: 'the tax put on MACRS with the lot’s salvage, and the salvage value raised',
      lot,
      ada: edit(A, 2, '', { tax: lot.tax }, { tax: lotSalvage }),
      bob: edit(B, 1, '', { salvageValue: 0 }, { salvageValue: 100_00 }),
      words: ['ada set the tax depreciation policy to MACRS 5-year, half-year, lot salvage on lot L-1', 'bob set the salvage value to 100.00 USD on lot L-1'],
      book: 'tax',
    },
    {
      name: 'the book put on MACRS with 10 % salvage on a lot of no cost, and the unit cost raised',
      lot: makeLot({ id: LOT, code: 'L-1', unitCost: 0 }),
      ada: edit(A, 2, '', { book: lot.book }, { book: tenPercent }),
      bob: edit(B, 1, '', { unitCost: 0 }, { unitCost: 100_00 }),
      words: ['ada set the book depreciation policy to MACRS 5-year, half-year, 10 % salvage on lot L-1', 'bob set the unit cost to 100.00 USD on lot L-1'],
      book: 'book',
    },
    {
      name: 'the book put on MACRS with 10 % salvage on a lot of no cost, and extra costs added',
      lot: makeLot({ id: LOT, code: 'L-1', unitCost: 0 }),
      ada: edit(A, 2, '', { book: lot.book }, { book: tenPercent }),
      bob: edit(B, 1, '', { extraCosts: 0 }, { extraCosts: 100_00 }),
      words: ['bob set the extra costs to 100.00 USD on lot L-1'],
      book: 'book',
    },
  ];

  for (const c of cases) {
    for (const order of ['ada first', 'bob first'] as const) {
      it(`${c.name} (${order}): a conflict at the later, in words, the same in any order, settled by taking either edit back`, () => {
        const made = ev(A, 1, '0001', { type: 'created', after: c.lot, basis: { [LOT]: null } });
        const [first, second] = order === 'ada first' ? [c.ada, c.bob] : [c.bob, c.ada];
        const events = [made, { ...first, hlc: '0002' }, { ...second, hlc: '0003' }];
        expect(schedules(events)).toEqual(c.book === 'book' ? [false, true] : [true, false]);
        const found = ledgerConflicts(events);
        expect(found).toHaveLength(1);
        const [k] = found as [LedgerConflict];
        expect(k).toMatchObject({ id: `schedule-broken:${second.id}`, kind: 'schedule-broken', entity: 'lot', recordId: LOT, record: 'lot L-1' });
        expect(k.events.map((e) => e.id)).toEqual([first.id, second.id]);
        for (const w of c.words) expect(k.message).toContain(w);
        expect(k.message).toContain(`without a ${c.book} schedule`);
        expect(k.message).toContain('MACRS recovers the whole basis, so salvage must be 0');
        expect(k.message).toMatch(/on device aaaaaaaa/u);
        expect(k.message).toMatch(/on device bbbbbbbb/u);
        expect(k.message).toContain('2026-07-0');
        expect(k.message).not.toMatch(/write-down/u);
        // One choice per edit: take it back, keeping the other.
        expect(k.resolutions.map((r) => r.key)).toEqual([`undo-edit:${first.id}`, `undo-edit:${second.id}`]);
        expect(k.resolutions.map((r) => r.after)).toEqual([first.before, second.before]);
        for (const r of k.resolutions) expect(r.label).toMatch(/^Keep (ada|bob)’s .+; put the .+ back to .+/u);
        expect(k.resolutions.every((r) => !r.label.includes('write-down'))).toBe(true);
        fc.assert(
          fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), (shuffled) => {
            expect(ledgerConflicts(shuffled)).toEqual(found);
          }),
        );
        for (const r of k.resolutions) {
          const after = settled(events, k, r.key, A, 9, '0009');
          expect(schedules(after)).toEqual([true, true]);
          expect(ledgerConflicts(after)).toEqual([]);
        }
      });
    }
  }

  it('is no conflict when the later edit saw the earlier (it is refused on one device), or its basis is unknown', () => {
    const made = ev(A, 1, '0001', { type: 'created', after: lot, basis: { [LOT]: null } });
    const macrs = ev(A, 2, '0002', { before: { book: lot.book }, after: { book: lotSalvage }, basis: { [LOT]: `${A}:1` } });
    const salvage = ev(B, 1, '0003', { before: { salvageValue: 0 }, after: { salvageValue: 100_00 }, basis: { [LOT]: `${A}:2` } });
    expect(ledgerConflicts([made, macrs, salvage])).toEqual([]);
    expect(ledgerConflicts([made, macrs, { ...salvage, basis: undefined } as LotEvent])).toEqual([]);
  });

  it('with a write-down case of another lot, the list is the same whatever order the events arrive in (property)', () => {
    const OTHER = '00000000-0000-4000-8000-000000000002';
    const made = ev(A, 1, '0001', { type: 'created', after: lot, basis: { [LOT]: null } });
    const macrs = ev(A, 2, '0004', { before: { book: lot.book }, after: { book: lotSalvage }, basis: { [LOT]: `${A}:1` } });
    const salvage = ev(B, 1, '0005', { before: { salvageValue: 0 }, after: { salvageValue: 100_00 }, basis: { [LOT]: `${A}:1` } });
    const on = (e: LotEvent, id: string, basis: string | null): LotEvent => ({ ...e, id, lotId: OTHER, basis: { [OTHER]: basis } });
    const other = [
      on(ev(A, 3, '0002', { type: 'created', after: { ...lot, id: OTHER, code: 'L-2' } }), `${A}:3`, null),
      on(writeDown(2, '0003', ''), `${B}:2`, `${A}:3`),
      on(costEdit(4, '0006', ''), `${A}:4`, `${A}:3`),
    ];
    const events = [made, macrs, salvage, ...other];
    const found = ledgerConflicts(events);
    expect(found.map((k) => [k.id, k.record])).toEqual([
      [`schedule-broken:${B}:1`, 'lot L-1'],
      [`schedule-broken:${A}:4`, 'lot L-2'],
    ]);
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), (shuffled) => {
        expect(ledgerConflicts(shuffled)).toEqual(found);
      }),
    );
  });
});
