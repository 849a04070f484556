import { describe, expect, it } from 'vitest';
import { toCsv } from '../../shared/csv';
import { parseUnitCsv, unitsToCsv, UNIT_CSV_COLUMNS, type UnitCsvLot, type UnitCsvOptions } from '../../shared/unitCsv';
import { bareUnit, type Unit, type UnitHolder } from '../../shared/units';

const SITE_FRA = 'c0000000-0000-4000-8000-0000000000f1';
const SITE_AMS = 'c0000000-0000-4000-8000-0000000000a2';
const LOTS: UnitCsvLot[] = [
  { id: 'lot-gpu', code: 'GPU-1', quantity: 3, trackedUnits: 1, status: 'in-service', siteId: SITE_FRA },
  { id: 'lot-cpu', code: 'CPU-1', quantity: 10, trackedUnits: 0, status: 'received', siteId: SITE_FRA },
  { id: 'lot-old', code: 'OLD-1', quantity: 5, trackedUnits: 0, status: 'disposed', siteId: null },
];
const IN_FLEET: UnitHolder = { serial: 'GPU0000', lotId: 'lot-gpu', lotCode: 'GPU-1' };

function options(extra: Partial<UnitCsvOptions> = {}): UnitCsvOptions {
  return {
    lots: new Map(LOTS.map((l) => [l.code, l])),
    sites: new Map([['FRA1', SITE_FRA], ['AMS2', SITE_AMS]]),
    knownSerials: (s) => (s === 'GPU0000' ? IN_FLEET : null),
    knownAssetTags: (t) => (t === 'AT-0' ? IN_FLEET : null),
    ...extra,
  };
}

const HEADER = UNIT_CSV_COLUMNS.map((c) => c.name);

function csv(rows: string[][], header: readonly string[] = HEADER): string {
  return toCsv(header, rows);
}

describe('parseUnitCsv', () => {
  it('reads units grouped by lot, canonical, with the lot’s site stored as “follows the lot”', () => {
    const r = parseUnitCsv(
      csv([
        ['GPU-1', 'gpu0001', 'at-1', 'fra1', 'Hall 1', 'R01', '12', ''],
        ['CPU-1', 'CPU0001', '', 'AMS2', '', '', '', 'faulty'],
        ['GPU-1', 'GPU0002', '', '', '', '', '', 'in-service'],
      ]),
      options(),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.units).toBe(3);
    expect(r.batches.map((b) => [b.lotCode, b.lines])).toEqual([['GPU-1', [2, 4]], ['CPU-1', [3]]]);
    expect(r.batches[0]?.units[0]).toEqual({ serial: 'GPU0001', assetTag: 'AT-1', siteId: null, room: 'Hall 1', rack: 'R01', u: 12, status: 'ok', notes: '' });
    expect(r.batches[1]?.units[0]).toMatchObject({ siteId: SITE_AMS, status: 'faulty' });
  });

  it('refuses a serial or asset tag that is another unit’s code of the other kind, so no two labels carry one QR code', () => {
    // A label's QR code holds the asset tag, else the serial (renderer/features/units/unitView.ts
    // labelCode): a tag equal to another unit's serial would print the same code on two labels,
    // and a scan of it would find the other unit (look-ups try the serial first).
    const r = parseUnitCsv(
      csv([
        ['GPU-1', 'AT-0', '', '', '', '', '', ''], // the asset tag of GPU0000
        ['CPU-1', 'CPU0001', 'GPU0000', '', '', '', '', ''], // the serial of a unit in the fleet
        ['CPU-1', 'CPU0002', 'CPU0003', '', '', '', '', ''],
        ['CPU-1', 'CPU0003', '', '', '', '', '', ''], // row 4's asset tag
        ['CPU-1', 'CPU0004', 'CPU0001', '', '', '', '', ''], // row 3's serial
        ['CPU-1', 'CPU0005', 'CPU0005', '', '', '', '', ''], // its own serial: one unit, one code
      ]),
      options(),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [2, 'serial', '"AT-0" is the asset tag of GPU0000 in lot GPU-1; a serial may not be another unit’s asset tag'],
      [3, 'asset_tag', '"GPU0000" is the serial of a unit in lot GPU-1; an asset tag may not be another unit’s serial'],
      [5, 'serial', '"CPU0003" is the asset tag on row 4; a serial may not be another unit’s asset tag'],
      [6, 'asset_tag', '"CPU0001" is the serial on row 3; an asset tag may not be another unit’s serial'],
    ]);
  });

  it('reports every problem with its row and column, and imports nothing', () => {
    const r = parseUnitCsv(
      csv([
        ['GPU-1', 'GPU0001', 'AT-5', '', '', '', '', ''],
        ['GPU-1', 'gpu0001', 'at-5', '', '', '', '', ''], // repeats row 2
        ['GPU-1', 'GPU0000', 'AT-0', '', '', '', '', ''], // already in the fleet
        ['NOPE', 'X', '', 'MARS', '', '', '0', 'spare'],
        ['OLD-1', 'OLD0001', '', '', '', '', '', ''],
        ['CPU-1', 'CPU0001', '', '', '', '', '7', 'spare'],
      ]),
      options(),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const at = (row: number, column: string | null) => r.errors.filter((e) => e.row === row && e.column === column).map((e) => e.message);
    expect(at(3, 'serial')).toEqual(['"GPU0001" is also on row 2; each serial is one unit']);
    expect(at(3, 'asset_tag')).toEqual(['"AT-5" is also the asset tag on row 2; asset tags are unique']);
    expect(at(4, 'serial')).toEqual(['"GPU0000" is already in the fleet, in lot GPU-1']);
    expect(at(4, 'asset_tag')).toEqual(['"AT-0" is already the asset tag of GPU0000 in lot GPU-1']);
    expect(at(5, 'lot_code')[0]).toMatch(/"NOPE" is not a lot/u);
    expect(at(5, 'serial')[0]).toMatch(/not a valid serial/u);
    expect(at(5, 'site')[0]).toMatch(/"MARS" is not a site.*AMS2, FRA1/u);
    expect(at(5, 'u')[0]).toMatch(/1 to 99/u);
    expect(at(6, 'lot_code')).toEqual(['"OLD-1" is disposed; it cannot receive units']);
    expect(at(7, 'status')[0]).toMatch(/lifecycle status.*CPU-1 is received/u);
    expect(r.errors.map((e) => e.row)).toEqual([...r.errors.map((e) => e.row)].sort((a, b) => a - b));
  });

  it('names the lot whose quantity is exceeded, at the first row past it', () => {
    const rows = ['GPU0001', 'GPU0002', 'GPU0003', 'GPU0004'].map((s) => ['GPU-1', s, '', '', '', '', '', '']);
    const r = parseUnitCsv(csv(rows), options());
    expect(r.ok ? [] : r.errors).toEqual([
      { row: 4, column: 'lot_code', message: '"GPU-1" has a quantity of 3 and already tracks 1 unit, so it has room for 2; this file gives it 4 (2 too many, from this row on)' },
    ]);
  });

  it('checks the header: missing, unknown and repeated columns', () => {
    const r = parseUnitCsv('lot code;Serial;colour;serial\nGPU-1;GPU0009;;\n', options());
    expect(r.ok ? [] : r.errors.map((e) => e.message)).toEqual(['appears more than once in the header; keep one', expect.stringMatching(/unknown column "colour"/u)]);
    const missing = parseUnitCsv('lot_code\nGPU-1\n', options());
    expect(missing.ok ? '' : missing.errors[0]?.message).toBe('missing required column: serial');
  });

  it('export → import gives the units back, their notes included', () => {
    const units: Unit[] = [
      { ...bareUnit('CPU0001'), lotId: 'lot-cpu', assetTag: 'AT-1', siteId: SITE_AMS, room: 'Hall 2', rack: 'R9', u: 40, sanitisation: null },
      { ...bareUnit('CPU0002'), lotId: 'lot-cpu', status: 'missing', sanitisation: null },
      // Notes come back too, whatever they hold: a comma, quotes, a line break, a formula-like start.
      { ...bareUnit('CPU0003'), lotId: 'lot-cpu', status: 'faulty', notes: 'PSU 2 dead, "burnt" smell\nTicket INC-1042', sanitisation: null },
      { ...bareUnit('CPU0004'), lotId: 'lot-cpu', notes: '=fan swapped; +1 spare', sanitisation: null },
    ];
    const text = unitsToCsv(units, (id) => LOTS.find((l) => l.id === id)?.code ?? '', (id) => (id === SITE_AMS ? 'AMS2' : 'FRA1'));
    const r = parseUnitCsv(text, options());
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.batches[0]?.units).toEqual(units.map(({ lotId: _l, sanitisation: _s, ...u }) => u));
  });
});

describe('parseUnitCsv: long places', () => {
  it('takes back a room, rack or site code of any length the app keeps (an export reads back in)', () => {
    // Neither the unit editor nor Sites limits these; a Snipe-IT import makes a site of each Location.
    const longSite = 'Amsterdam Science Park 610, Data Hall B (north wing)';
    const units: Unit[] = [
      { ...bareUnit('CPU0001'), lotId: 'lot-cpu', siteId: SITE_AMS, room: 'Data Hall 3 North Wing, Cage 12, Row B, Pod 4', rack: 'Rack B-12 (top of row, next to the PDU)', u: 7, sanitisation: null },
    ];
    const text = unitsToCsv(units, () => 'CPU-1', () => longSite);
    const r = parseUnitCsv(text, options({ sites: new Map([[longSite, SITE_AMS]]) }));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.batches[0]?.units).toEqual(units.map(({ lotId: _l, sanitisation: _s, ...u }) => u));
  });
});

describe('parseUnitCsv: notes', () => {
  it('takes a unit’s notes, a spreadsheet’s CR LF line breaks as LF, trimmed', () => {
    const r = parseUnitCsv(csv([['CPU-1', 'CPU0001', '', '', '', '', '', '', '  Fan noisy\r\nRMA asked  ']]), options());
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.batches[0]?.units[0]?.notes).toBe('Fan noisy\nRMA asked');
  });
});

describe('parseUnitCsv: review', () => {
  it('refuses a rack position without a rack, at its row and column', () => {
    const r = parseUnitCsv(csv([['CPU-1', 'CPU0001', '', '', 'Hall 1', '', '12', '']]), options());
    expect(r.ok ? [] : r.errors).toEqual([{ row: 2, column: 'u', message: 'U12 needs a rack: fill in the rack, or leave u empty' }]);
  });
});

describe('parseUnitCsv: one code a cell', () => {
  it('refuses a serial or asset tag cell holding a line break or tab, rather than joining two codes into one', () => {
    const r = parseUnitCsv(
      csv([
        ['CPU-1', 'AB12\nCD34', '', '', '', '', '', ''],
        ['CPU-1', 'CPU0001', 'AT-1\r\nAT-2', '', '', '', '', ''],
        ['CPU-1', 'CPU\t0002', '', '', '', '', '', ''],
      ]),
      options(),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.row, e.column])).toEqual([[2, 'serial'], [4, 'asset_tag'], [6, 'serial']]); // rows are file lines: a quoted line break takes two
    expect(r.errors[0]?.message).toContain('line break');
  });

  it('still drops invisible characters a spreadsheet or scanner adds (zero-width space, BOM)', () => {
    const r = parseUnitCsv(csv([['CPU-1', '\u200bCPU0001\ufeff', '', '', '', '', '', '']]), options());
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.batches[0]?.units[0]?.serial).toBe('CPU0001');
  });
});
