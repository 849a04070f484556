/**
 * The event form of received units (shared/units.ts `EventUnits`): joined string columns and one
 * byte array, decoded back to the exact pack; and events of the earlier form (a plain
 * `PackedUnits`, which users' databases hold) still replay, name their serials and give a history.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { LotEvent } from '../../shared/events';
import {
  decodeEventUnits,
  encodeEventUnits,
  eventSerials,
  isEventUnits,
  normaliseCode,
  packUnits,
  replayUnits,
  unitHistory,
  unpackUnits,
  UNIT_CONDITIONS,
  UNIT_SEPARATOR,
  type PackedUnits,
  type SanitisationRecord,
  type Unit,
  type UnitLotEvent,
} from '../../shared/units';

const LOT = 'a0000000-0000-4000-8000-000000000001';
const OTHER = 'a0000000-0000-4000-8000-000000000002';
const CHILD = 'a0000000-0000-4000-8000-000000000003';

const RECORD: SanitisationRecord = {
  method: 'purge', technique: 'cryptographic erase', tool: 'nvme-cli', toolVersion: '2.8', verificationMethod: 'sampling',
  verificationResult: 'passed', performedBy: 'Ada', verifiedBy: '', performedAt: '2026-05-02', mediaSerial: '', note: 'line 1\nline 2',
};

function unit(serial: string, extra: Partial<Unit> = {}): Unit {
  return { serial, lotId: LOT, assetTag: '', siteId: null, room: '', rack: '', u: null, status: 'ok', notes: '', sanitisation: null, ...extra };
}

/** Any text, separators and control characters included, for the fields the app only trims. */
const anyText = fc.oneof(fc.constantFrom('', 'Hall 1', 'R01', 'two\nlines', '\n', 'tab\there'), fc.string({ unit: 'binary', maxLength: 12 }));

/** Valid units as the app stores them: canonical serials and tags, free-text rooms, racks and notes. */
const validUnit = fc.record({
  serial: fc.stringMatching(/^[A-Z0-9][A-Z0-9\-_./]{3,39}$/u),
  lotId: fc.constantFrom(LOT, OTHER),
  assetTag: fc.oneof(fc.constant(''), fc.stringMatching(/^[A-Z0-9][A-Z0-9\-_./]{0,39}$/u)),
  siteId: fc.option(fc.constantFrom('site-a', 'site-b'), { nil: null }),
  room: anyText,
  rack: anyText,
  u: fc.option(fc.integer({ min: 1, max: 99 }), { nil: null }),
  status: fc.constantFrom(...UNIT_CONDITIONS),
  notes: anyText,
  sanitisation: fc.constantFrom(null, RECORD),
});

/** Through structured clone, as IndexedDB stores an event. */
function stored<T>(value: T): T {
  return structuredClone(value);
}

function packOf(units: readonly Unit[]): PackedUnits {
  return packUnits(units, (i) => (units[i] as Unit).lotId);
}

describe('event form of received units', () => {
  it('decode(encode(pack)) is the pack, and unpacks to the units, for any valid units (property)', () => {
    fc.assert(
      fc.property(fc.array(validUnit, { maxLength: 60 }), (units) => {
        const packed = packOf(units);
        const encoded = stored(encodeEventUnits(packed));
        expect(isEventUnits(encoded)).toBe(true);
        expect(decodeEventUnits(encoded)).toEqual(packed);
        expect(unpackUnits(decodeEventUnits(encoded))).toEqual(units);
      }),
      { numRuns: 300 },
    );
  });

  it('is still exact for serials or tags holding the separator (not canonical: the column stays an array)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ serial: fc.string({ unit: 'binary', maxLength: 8 }), assetTag: fc.string({ unit: 'binary', maxLength: 8 }) }), { maxLength: 20 }), (codes) => {
        const units = codes.map((c) => unit(c.serial, { assetTag: c.assetTag }));
        const packed = packOf(units);
        expect(unpackUnits(decodeEventUnits(stored(encodeEventUnits(packed))))).toEqual(units);
      }),
    );
    const odd = [unit('A\nB', { assetTag: 'T1' }), unit('C')];
    const encoded = encodeEventUnits(packOf(odd));
    expect(encoded.serials).toEqual(['A\nB', 'C']);
    expect(encoded.assetTags).toBe(`T1${UNIT_SEPARATOR}`);
    expect(unpackUnits(decodeEventUnits(encoded))).toEqual(odd);
  });

  it('canonical serials and tags never hold the separator', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (raw) => !normaliseCode(raw).includes(UNIT_SEPARATOR)));
    expect(normaliseCode(`AB\n12${UNIT_SEPARATOR}34\r\n`)).toBe('AB1234');
  });

  it('joins the string columns, keeps one byte array, and omits what is empty or implied', () => {
    const units = [unit('S0001', { assetTag: 'AT-1', room: 'Hall 1', rack: 'R01', u: 42, status: 'faulty' }), unit('S0002', { assetTag: '', notes: 'fan' })];
    const e = encodeEventUnits(packOf(units));
    expect(e).toEqual({
      form: 'columns-1',
      count: 2,
      serials: 'S0001\nS0002',
      lotIds: [LOT],
      assetTags: 'AT-1\n',
      places: [['', 'Hall 1', 'R01']],
      columns: Uint8Array.from([1, 0, 0, 0, 42, 0, 2, 0]),
      notes: [[1, 'fan']],
    });
    expect(encodeEventUnits(packOf([unit('S0003')]))).not.toHaveProperty('assetTags');
  });

  it('handles no units, several lots and place numbers above 255', () => {
    expect(decodeEventUnits(encodeEventUnits(packOf([])))).toEqual(packOf([]));
    const many = Array.from({ length: 700 }, (_, i) => unit(`S${String(i).padStart(5, '0')}`, { lotId: i % 2 ? OTHER : LOT, rack: `R${i}`, u: 1 + (i % 99) }));
    const packed = packOf(many);
    const e = encodeEventUnits(packed);
    expect(e.lot).toBeInstanceOf(Uint16Array);
    expect(unpackUnits(decodeEventUnits(stored(e)))).toEqual(many);
  });
});

function ev(lotId: string, seq: number, type: LotEvent['type'], extra: Partial<UnitLotEvent> = {}): UnitLotEvent {
  return {
    id: `${lotId}-${seq}`, hlc: '', entity: 'lot', lotId, seq, at: `2026-01-0${seq}T00:00:00.000Z`, date: null, actor: 'Ada', type, from: null, to: null,
    quantity: null, before: null, after: {}, relatedLotId: null, note: '', ...extra,
  };
}

describe('replay reads both forms', () => {
  const units = [unit('S0001', { assetTag: 'AT-1', room: 'Hall 1', rack: 'R01', u: 3 }), unit('S0002', { notes: 'dented', status: 'faulty' })];
  const later = [unit('S0003', { assetTag: 'AT-3' })];
  /** A log written before the event form (plain packs) and after it (event form), in one lot. */
  const log = (form: 'old' | 'new' | 'mixed'): UnitLotEvent[] => {
    const first = packOf(units);
    const second = packOf(later);
    return [
      ev(LOT, 1, 'created'),
      ev(LOT, 2, 'units-received', { units: form === 'new' ? encodeEventUnits(first) : first }),
      ev(LOT, 3, 'units-received', { units: form === 'old' ? second : encodeEventUnits(second) }),
      ev(LOT, 4, 'split', { relatedLotId: CHILD, serials: ['S0002'] }),
      ev(LOT, 5, 'sanitised', { serials: ['S0001'], sanitisation: RECORD }),
    ];
  };
  const childLog = [ev(CHILD, 1, 'created', { at: '2026-01-04T00:00:00.000Z' })];

  it.each(['old', 'new', 'mixed'] as const)('%s-form events rebuild every unit exactly, name their serials and give histories', (form) => {
    const events = log(form).map(stored);
    const replayed = replayUnits([...childLog, ...events]);
    expect([...replayed.values()].sort((a, b) => a.serial.localeCompare(b.serial))).toEqual([
      { ...units[0], sanitisation: RECORD },
      { ...units[1], lotId: CHILD },
      later[0],
    ]);
    expect(eventSerials(events[1] as LotEvent)).toEqual(['S0001', 'S0002']);
    expect(eventSerials(events[2] as LotEvent)).toEqual(['S0003']);
    expect(eventSerials(events[3] as LotEvent)).toEqual(['S0002']);
    const chain = [
      { lotId: LOT, events },
      { lotId: CHILD, events: childLog },
    ];
    expect(unitHistory('S0002', chain).map((e) => `${e.lotId === LOT ? 'P' : 'C'}${e.seq}`)).toEqual(['P1', 'P2', 'P4', 'C1']);
    expect(unitHistory('S0003', [{ lotId: LOT, events }]).map((e) => e.seq)).toEqual([1, 3]);
    expect(unitHistory('S0001', [{ lotId: LOT, events }]).map((e) => e.seq)).toEqual([1, 2, 5]);
  });

  it('gives the same units from either form of the same receipts (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(validUnit, { selector: (u) => u.serial, maxLength: 40 }), (list) => {
        const mine = list.map((u) => ({ ...u, lotId: LOT }));
        const old = replayUnits([ev(LOT, 2, 'units-received', { units: packOf(mine) })]);
        const now = replayUnits([stored(ev(LOT, 2, 'units-received', { units: encodeEventUnits(packOf(mine)) }))]);
        expect(now).toEqual(old);
        expect([...now.values()]).toEqual(mine);
      }),
    );
  });
});
