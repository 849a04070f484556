import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { LotEvent } from '../../shared/events';
import { replayLot } from '../../shared/lotChanges';
import {
  bareUnit,
  sanitisedAfter,
  checkAssetTag,
  checkSerial,
  filterUnits,
  normaliseCode,
  overQuantity,
  packUnits,
  quantityBelowUnits,
  replayUnits,
  serialFormat,
  splitUnits,
  unitHistory,
  unpackUnit,
  unpackUnits,
  unsanitisedUnits,
  validateSanitisationRecord,
  UNIT_CONDITIONS,
  type SanitisationRecord,
  type Unit,
  type UnitLotEvent,
} from '../../shared/units';

const LOT = 'a0000000-0000-4000-8000-000000000001';
const CHILD = 'a0000000-0000-4000-8000-000000000002';

function unit(serial: string, extra: Partial<Unit> = {}): Unit {
  return { ...bareUnit(serial), lotId: LOT, sanitisation: null, ...extra };
}

const RECORD: SanitisationRecord = {
  method: 'purge', technique: 'cryptographic erase', tool: 'nvme-cli', toolVersion: '2.8', verificationMethod: 'sampling',
  verificationResult: 'passed', performedBy: 'Ada', verifiedBy: 'Grace', performedAt: '2026-05-02', mediaSerial: 'S6EZNA0W123', note: '',
};

describe('normaliseCode', () => {
  it('strips scanner control characters and invisible marks, trims, and upper-cases', () => {
    expect(normaliseCode('  sn-001x\r\n')).toBe('SN-001X');
    expect(normaliseCode('\u001dABC123\t')).toBe('ABC123');
    expect(normaliseCode('\u200bab\ufeffcd12')).toBe('ABCD12');
    expect(normaliseCode(' \r\n')).toBe('');
  });

  it('keeps a non-ASCII letter whose capital is ASCII, so it is refused rather than made into another serial', () => {
    // A scanner set to a US layout on a German keyboard types "-" as ß: SN-0001 came in as SNSS0001.
    expect(normaliseCode('SNß0001')).toBe('SNß0001');
    const r = checkSerial(normaliseCode('snß0001'));
    expect(r.ok ? '' : r.error).toMatch(/^“SNß0001” is not a valid serial/u);
    for (const raw of ['ſn-0001', 'ıd-1234', 'ﬁx-1234']) expect(checkSerial(normaliseCode(raw)).ok, raw).toBe(false);
    // Other letters are upper-cased as before (and refused as non-ASCII), ASCII as always.
    expect(normaliseCode('äb-12')).toBe('ÄB-12');
    expect(normaliseCode('sn-0001')).toBe('SN-0001');
  });

  it('gives printable ASCII codes upper-cased, the space, DEL and every edge of the range included', () => {
    expect(normaliseCode('!az{~`AZ@[')).toBe('!AZ{~`AZ@[');
    expect(normaliseCode('SN-0001/A_B.C')).toBe('SN-0001/A_B.C');
    expect(normaliseCode('')).toBe('');
    expect(normaliseCode('sn 0001')).toBe('SN 0001');
    expect(normaliseCode(' sn0001 ')).toBe('SN0001');
    expect(normaliseCode('sn\u007f0001')).toBe('SN0001');
    expect(normaliseCode('sn\u00ad0001')).toBe('SN0001');
  });
});

describe('serial and asset tag formats', () => {
  it('accepts 4–40 letters, digits, - _ . / starting with a letter or digit', () => {
    expect(checkSerial('SN-01/2.3_4').ok).toBe(true);
    expect(checkSerial('ABC').ok).toBe(false);
    expect(checkSerial('A'.repeat(41)).ok).toBe(false);
    expect(checkSerial('-ABC1').ok).toBe(false);
    const r = checkSerial('AB CD');
    expect(r.ok ? '' : r.error).toMatch(/not a valid serial.*4–40/u);
  });

  it('takes a per-model pattern, anchored, and reports an invalid one as a message', () => {
    const f = serialFormat('^S3Z[0-9A-Z]{4}$', 'S3Z and 4 characters');
    if (!f.ok) throw new Error(f.error);
    expect(checkSerial('S3Z12AB', f.value).ok).toBe(true);
    expect(checkSerial('XS3Z12AB', f.value).ok).toBe(false);
    const bad = checkSerial('S3Z1', f.value);
    expect(bad.ok ? '' : bad.error).toContain('S3Z and 4 characters');
    expect(serialFormat('([').ok).toBe(false);
  });

  it('a model pattern narrows the default format and ignores case', () => {
    const any = serialFormat('.*');
    if (!any.ok) throw new Error(any.error);
    for (const bad of ['A,B;"C"', 'AB CD', 'A'.repeat(300), '=SUM1']) expect(checkSerial(bad, any.value).ok, bad).toBe(false);
    expect(checkSerial('SN-0001', any.value).ok).toBe(true);
    const lower = serialFormat('s[0-9a-z]{13}');
    if (!lower.ok) throw new Error(lower.error);
    expect(checkSerial('S6CKNE0T123456', lower.value).ok).toBe(true);
    expect(checkSerial('X6CKNE0T123456', lower.value).ok).toBe(false);
  });

  it('allows an empty asset tag', () => {
    expect(checkAssetTag('').ok).toBe(true);
    expect(checkAssetTag('AT 1').ok).toBe(false);
  });

  it('says the letters are A–Z when a non-ASCII letter is refused (what is accepted is unchanged)', () => {
    const tag = checkAssetTag(normaliseCode('äb-12'));
    expect(tag.ok ? '' : tag.error).toBe('“ÄB-12” is not a valid asset tag: expected up to 40 characters: letters A–Z, digits 0–9, “-”, “_”, “.” or “/”, starting with a letter A–Z or a digit.');
    const serial = checkSerial(normaliseCode('Ñ1234567'));
    expect(serial.ok ? '' : serial.error).toBe('“Ñ1234567” is not a valid serial: expected 4–40 characters: letters A–Z, digits 0–9, “-”, “_”, “.” or “/”, starting with a letter A–Z or a digit.');
    expect(checkAssetTag('AB-12').ok).toBe(true);
    expect(checkSerial('N1234567').ok).toBe(true);
  });
});

describe('sanitisation records (NIST SP 800-88)', () => {
  it('accepts a complete record and trims it', () => {
    const r = validateSanitisationRecord({ ...RECORD, tool: ' nvme-cli ' }, '2026-05-02');
    expect(r).toEqual({ ok: true, value: RECORD });
  });

  it('says everything that is missing', () => {
    const r = validateSanitisationRecord({ ...RECORD, technique: '', toolVersion: '', performedBy: '', performedAt: '2026-06-01' }, '2026-05-02');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(/technique/u);
    expect(r.error).toMatch(/tool version/u);
    expect(r.error).toMatch(/who performed/u);
    expect(r.error).toMatch(/in the future/u);
  });

  it('does not need a tool version for physical destruction', () => {
    expect(validateSanitisationRecord({ ...RECORD, method: 'destroy', technique: 'shred', tool: 'Shredder X', toolVersion: '' }, '2026-05-02').ok).toBe(true);
  });

  it('lists storage-bearing units lacking a verified record (a failed verification counts as lacking)', () => {
    const units = [unit('A0001', { sanitisation: RECORD }), unit('A0002'), unit('A0003', { sanitisation: { ...RECORD, verificationResult: 'failed' } })];
    expect(unsanitisedUnits(units, true)).toEqual(['A0002', 'A0003']);
    expect(unsanitisedUnits(units, false)).toEqual([]);
  });

  it('lists storage-bearing units whose verified record is dated after a disposal date (then they were not sanitised yet)', () => {
    const units = [unit('A0001', { sanitisation: RECORD }), unit('A0002', { sanitisation: { ...RECORD, performedAt: '2026-06-01' } }), unit('A0003')];
    expect(sanitisedAfter(units, true, '2026-06-01')).toEqual([]);
    expect(sanitisedAfter(units, true, '2026-05-31')).toEqual(['A0002']);
    expect(sanitisedAfter(units, true, '2026-04-01')).toEqual(['A0001', 'A0002']);
    expect(sanitisedAfter(units, false, '2026-04-01')).toEqual([]);
  });
});

describe('quantity', () => {
  it('bounds a lot’s units by its quantity', () => {
    expect(overQuantity({ code: 'L1', quantity: 512 }, 300, 212)).toBeNull();
    expect(overQuantity({ code: 'L1', quantity: 512 }, 300, 213)).toMatch(/L1 has a quantity of 512 and already tracks 300 units: room for 212 more, not 213/u);
    expect(quantityBelowUnits('L1', 10, 12)).toMatch(/cannot be below 12/u);
    expect(quantityBelowUnits('L1', 12, 12)).toBeNull();
  });
});

describe('splitUnits', () => {
  const lot = { code: 'GPU-1', quantity: 4 };
  const units = ['S0001', 'S0002', 'S0003', 'S0004'].map((s) => unit(s));

  it('moves the named units (any case) and keeps the rest', () => {
    const r = splitUnits(lot, units, 2, ['s0002', 'S0004']);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.moving.map((u) => u.serial)).toEqual(['S0002', 'S0004']);
    expect(r.value.staying.map((u) => u.serial)).toEqual(['S0001', 'S0003']);
  });

  it('asks for more names when the staying part cannot hold the unnamed units', () => {
    const r = splitUnits(lot, units, 2, ['S0002']);
    expect(r.ok ? '' : r.error).toMatch(/GPU-1 tracks 4 units and 2 stay, so name 1 more unit that move/u);
  });

  it('lets untracked units make up the moving quantity in a partly tracked lot', () => {
    const r = splitUnits({ code: 'GPU-1', quantity: 10 }, units, 3, ['S0001']);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.moving.map((u) => u.serial)).toEqual(['S0001']);
  });

  it('refuses strangers, repeats and too many names', () => {
    expect(splitUnits(lot, units, 2, ['X9999']).ok).toBe(false);
    expect(splitUnits(lot, units, 2, ['S0001', 's0001']).ok).toBe(false);
    expect(splitUnits(lot, units, 1, ['S0001', 'S0002']).ok).toBe(false);
  });

  it('moves every unit with the whole lot', () => {
    const r = splitUnits(lot, units, 4, []);
    expect(r.ok && r.value.moving.length).toBe(4);
  });

  it('refuses some units named for a move of the whole lot: they alone were meant to move, not all', () => {
    const r = splitUnits(lot, units, 4, ['S0002']);
    expect(r.ok ? '' : r.error).toBe('S0002 is named, but the move is for the whole lot (4 units), so every unit of GPU-1 would move: set the quantity to 1 to move only the unit named, or name every unit.');
    const partly = splitUnits({ code: 'GPU-1', quantity: 10 }, units, 10, ['S0001', 'S0003']);
    expect(partly.ok ? '' : partly.error).toMatch(/^S0001, S0003 are named, but the move is for the whole lot \(10 units\).*set the quantity to 2 to move only the units named/u);
    // A lot of one holding two (two devices received a unit each): one unit, not "1 units".
    const overOne = splitUnits({ code: 'GPU-1', quantity: 1 }, units.slice(0, 2), 1, ['S0001']);
    expect(overOne.ok ? '' : overOne.error).toMatch(/^S0001 is named, but the move is for the whole lot \(1 unit\), so/u);
    // Every tracked unit named: the whole lot moves, as asked.
    const all = splitUnits(lot, units, 4, ['S0001', 'S0002', 'S0003', 'S0004']);
    expect(all.ok && all.value.moving.length).toBe(4);
  });
});

describe('packed units', () => {
  const unitArb = fc.record({
    serial: fc.stringMatching(/^[A-Z0-9]{4,12}$/u),
    lotId: fc.constantFrom(LOT, CHILD),
    assetTag: fc.oneof(fc.constant(''), fc.stringMatching(/^AT[0-9]{1,6}$/u)),
    siteId: fc.option(fc.constantFrom('site-a', 'site-b'), { nil: null }),
    room: fc.constantFrom('', 'Hall 1'),
    rack: fc.constantFrom('', 'R01', 'R02'),
    u: fc.option(fc.integer({ min: 1, max: 99 }), { nil: null }),
    status: fc.constantFrom(...UNIT_CONDITIONS),
    notes: fc.constantFrom('', 'fan noise'),
    sanitisation: fc.constantFrom(null, RECORD),
  });

  it('unpack(pack(units)) is the identity, whole and one at a time', () => {
    fc.assert(
      fc.property(fc.array(unitArb, { maxLength: 40 }), (units) => {
        const packed = packUnits(units, (i) => (units[i] as Unit).lotId);
        expect(unpackUnits(packed)).toEqual(units);
        units.forEach((u, i) => expect(unpackUnit(packed, i)).toEqual(u));
      }),
    );
  });

  it('stores no asset tag column when no unit has one', () => {
    expect(packUnits([unit('S0001')], () => LOT).assetTags).toBeUndefined();
  });
});

function ev(lotId: string, seq: number, type: LotEvent['type'], extra: Partial<UnitLotEvent> = {}): UnitLotEvent {
  return {
    id: `${lotId}-${seq}`, hlc: '', entity: 'lot', lotId, seq, at: `2026-01-0${seq}T00:00:00.000Z`, date: null, actor: 'Ada', type, from: null, to: null,
    quantity: null, before: null, after: {}, relatedLotId: null, note: '', ...extra,
  };
}

describe('unit events', () => {
  const received = ev(LOT, 2, 'units-received', { units: packUnits([unit('S0001'), unit('S0002')], () => LOT) });
  const parentEvents = [
    ev(LOT, 1, 'created'),
    received,
    ev(LOT, 3, 'split', { relatedLotId: 'other-child', serials: [] }),
    ev(LOT, 4, 'split', { relatedLotId: CHILD, serials: ['S0002'] }),
    ev(LOT, 5, 'transitioned'),
  ];
  const childEvents = [ev(CHILD, 1, 'created', { at: '2026-01-04T00:00:00.000Z' }), ev(CHILD, 2, 'sanitised', { at: '2026-01-06T00:00:00.000Z', serials: ['S0002'], sanitisation: RECORD })];

  it('a unit’s history: its lot’s events until it left, then its new lot’s, unit events naming it', () => {
    const history = unitHistory('S0002', [
      { lotId: LOT, events: parentEvents },
      { lotId: CHILD, events: childEvents },
    ]);
    expect(history.map((e) => `${e.lotId === LOT ? 'P' : 'C'}${e.seq}:${e.type}`)).toEqual(['P1:created', 'P2:units-received', 'P4:split', 'C1:created', 'C2:sanitised']);
    const stayed = unitHistory('S0001', [{ lotId: LOT, events: parentEvents }]);
    expect(stayed.map((e) => e.seq)).toEqual([1, 2, 5]);
  });

  it('replaying events rebuilds the units, and leaves the lot replay alone', () => {
    const units = replayUnits([...childEvents, ...parentEvents]);
    expect(units.get('S0001')).toEqual(unit('S0001'));
    expect(units.get('S0002')).toEqual(unit('S0002', { lotId: CHILD, sanitisation: RECORD }));
    expect(replayLot([{ ...ev(LOT, 1, 'created'), after: { code: 'L' } }, received])).toEqual({ code: 'L' });
  });
});

describe('filterUnits', () => {
  const units = [unit('ABC0001', { assetTag: 'AT-1', rack: 'R01' }), unit('XYZ0002', { rack: 'r02', room: 'Hall 2' })];
  it('matches every word in serial, tag, room or rack, any case', () => {
    expect(filterUnits(units, 'abc').map((u) => u.serial)).toEqual(['ABC0001']);
    expect(filterUnits(units, 'hall r02').map((u) => u.serial)).toEqual(['XYZ0002']);
    expect(filterUnits(units, 'at-1 r01')).toHaveLength(1);
    expect(filterUnits(units, '  ')).toHaveLength(2);
    expect(filterUnits(units, 'abc r02')).toHaveLength(0);
  });
});
