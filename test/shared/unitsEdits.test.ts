import { describe, expect, it } from 'vitest';
import type { LotEvent } from '../../shared/events';
import { replayLot } from '../../shared/lotChanges';
import {
  applyUnitEdits,
  bareUnit,
  describeUnitChanges,
  eventSerials,
  movePlacePatch,
  packUnits,
  replayUnits,
  unitHistory,
  type Unit,
  type UnitLotEvent,
} from '../../shared/units';

// Editing units in place (issue 5): the pure rules, and that the `units-updated` event they
// produce replays and shows in a unit's history.

const LOT = 'a0000000-0000-4000-8000-000000000001';
const SITE = 'b0000000-0000-4000-8000-000000000001';
const facts = { siteExists: (id: string) => id === SITE };

function unit(serial: string, extra: Partial<Unit> = {}): Unit {
  return { ...bareUnit(serial), lotId: LOT, sanitisation: null, ...extra };
}

describe('applyUnitEdits', () => {
  const units = [unit('S0001', { rack: 'R01', u: 4 }), unit('S0002'), unit('S0003', { status: 'faulty' })];

  it('sets the fields given, trims labels, records only what changed, passes the rest through', () => {
    const r = applyUnitEdits(units, [
      { serial: 's0001', patch: { room: ' Hall 2 ', rack: ' B07\r', u: 12 } },
      { serial: 'S0002', patch: { siteId: SITE, status: 'missing', notes: ' not on the pallet ' } },
      { serial: 'S0003', patch: { status: 'faulty' } },
    ], facts);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.changes).toEqual([
      { serial: 'S0001', before: { room: '', rack: 'R01', u: 4 }, after: { room: 'Hall 2', rack: 'B07', u: 12 } },
      { serial: 'S0002', before: { siteId: null, status: 'ok', notes: '' }, after: { siteId: SITE, status: 'missing', notes: 'not on the pallet' } },
    ]);
    expect(r.value.units[0]).toEqual(unit('S0001', { room: 'Hall 2', rack: 'B07', u: 12 }));
    expect(r.value.units[2]).toBe(units[2]); // unchanged: same object
  });

  it('refuses bad rack positions, a U without a rack, unknown sites, conditions and serials, naming each unit', () => {
    const cases: [Parameters<typeof applyUnitEdits>[1], RegExp][] = [
      [[{ serial: 'S0001', patch: { u: 0 } }], /S0001: rack position 0 is not a whole number from 1 to 99/u],
      [[{ serial: 'S0001', patch: { u: 100 } }], /rack position 100/u],
      [[{ serial: 'S0001', patch: { u: 2.5 } }], /rack position 2.5/u],
      [[{ serial: 'S0002', patch: { u: 3 } }], /S0002: a rack position \(U3\) needs a rack/u],
      [[{ serial: 'S0001', patch: { rack: '' } }], /S0001: a rack position \(U4\) needs a rack/u],
      [[{ serial: 'S0001', patch: { siteId: 'nowhere' } }], /S0001: the site nowhere does not exist/u],
      [[{ serial: 'S0001', patch: { status: 'lost' as Unit['status'] } }], /“lost” is not a unit condition/u],
      [[{ serial: 'NOPE01', patch: { room: 'A' } }, { serial: 'NOPE02', patch: {} }], /NOPE01, NOPE02 are not units in the fleet/u],
      [[{ serial: 'S0001', patch: { room: 'A' } }, { serial: 's0001', patch: { room: 'B' } }], /S0001 is edited twice/u],
    ];
    for (const [edits, message] of cases) {
      const r = applyUnitEdits(units, edits, facts);
      expect(r.ok, String(message)).toBe(false);
      if (!r.ok) expect(r.error).toMatch(message);
    }
  });

  it('one rack position holds one unit: a multi-unit edit that sets U is refused', () => {
    const r = applyUnitEdits(units, ['S0001', 'S0002', 'S0003'].map((serial) => ({ serial, patch: { rack: 'B07', u: 10 } })), facts);
    expect(r).toEqual({ ok: false, error: expect.stringContaining('U10 of rack B07 is given to S0001, S0002, S0003') });
    // Different positions, or different racks, are fine.
    expect(applyUnitEdits(units, [{ serial: 'S0001', patch: { rack: 'B07', u: 10 } }, { serial: 'S0002', patch: { rack: 'B07', u: 12 } }], facts).ok).toBe(true);
    expect(applyUnitEdits(units, [{ serial: 'S0001', patch: { rack: 'B07', u: 10 } }, { serial: 'S0002', patch: { rack: 'B08', u: 10 } }], facts).ok).toBe(true);
  });

  it('an edit that sets what is already there changes nothing', () => {
    const r = applyUnitEdits(units, [{ serial: 'S0001', patch: { rack: 'R01', u: 4 } }], facts);
    expect(r.ok && r.value.changes).toEqual([]);
  });

  it('describes the change for the event note', () => {
    expect(describeUnitChanges([{ serial: 'S1', before: { rack: '' }, after: { rack: 'B07' } }])).toBe('Rack of S1');
    expect(describeUnitChanges([
      { serial: 'S1', before: { rack: '', u: null }, after: { rack: 'B07', u: 3 } },
      { serial: 'S2', before: { status: 'ok' }, after: { status: 'faulty' } },
    ])).toBe('Rack, U and condition of 2 units');
  });
});

describe('movePlacePatch', () => {
  it('places the moving units in a room and rack, clears U, and follows the lot to a new site', () => {
    expect(movePlacePatch({ room: '', rack: ' ' }, true)).toBeNull();
    expect(movePlacePatch({ room: 'Hall 1', rack: ' C03 ' }, false)).toEqual({ room: 'Hall 1', rack: 'C03', u: null });
    expect(movePlacePatch({ room: '', rack: 'C03' }, true)).toEqual({ room: '', rack: 'C03', u: null, siteId: null });
  });
});

describe('units-updated events', () => {
  const ev = (seq: number, type: LotEvent['type'], extra: Partial<UnitLotEvent> = {}): UnitLotEvent => ({
    id: `e${seq}`, entity: 'lot', lotId: LOT, seq, at: `2026-01-0${seq}T00:00:00.000Z`, date: null, actor: 'Ada', type, from: null, to: null,
    quantity: null, before: null, after: {}, relatedLotId: null, note: '', ...extra, hlc: '',
  });
  const received = ev(2, 'units-received', { units: packUnits([unit('S0001'), unit('S0002')], () => LOT) });
  const edits = applyUnitEdits([unit('S0001'), unit('S0002')], [{ serial: 'S0002', patch: { rack: 'B07', u: 12, status: 'faulty' } }], facts);
  if (!edits.ok) throw new Error(edits.error);
  const updated = ev(3, 'units-updated', { serials: ['S0002'], unitChanges: edits.value.changes });
  const events = [ev(1, 'created', { after: { code: 'L' } }), received, updated];

  it('replaying rebuilds the edited units; the lot replay ignores the event', () => {
    const units = replayUnits([...events].reverse());
    expect(units.get('S0002')).toEqual(unit('S0002', { rack: 'B07', u: 12, status: 'faulty' }));
    expect(units.get('S0001')).toEqual(unit('S0001'));
    expect(replayLot(events)).toEqual({ code: 'L' });
  });

  it('is in the history of the units it names, and only theirs', () => {
    expect(eventSerials(updated)).toEqual(['S0002']);
    expect(unitHistory('S0002', [{ lotId: LOT, events }]).map((e) => e.type)).toEqual(['created', 'units-received', 'units-updated']);
    expect(unitHistory('S0001', [{ lotId: LOT, events }]).map((e) => e.type)).toEqual(['created', 'units-received']);
  });
});
