/**
 * The units CSV format: serial-numbered units of existing lots, one row per unit.
 *
 * Like the lots format (lotCsv.ts), import is validate-everything-first: {@link parseUnitCsv}
 * reads the whole file, collects every problem with its file row and column, and returns the
 * units only when there are none, so the import is all-or-nothing. What it checks against the
 * fleet comes in through options (look-ups, not the database), so the same code serves the app,
 * the CLI and tests. The storage layer checks again in its transaction.
 */
import { normaliseColumnName, parseCsvTable, toCsv, type CsvRowError } from './csv';
import type { Uuid } from './ids';
import { isLotStatus, type LotStatus } from './lifecycle';
import {
  checkAssetTag,
  checkSerial,
  DEFAULT_SERIAL_FORMAT,
  isUnitCondition,
  MAX_RACK_U,
  normaliseCode,
  UNIT_CONDITIONS,
  type SerialFormat,
  type Unit,
  type UnitCondition,
  type UnitHolder,
  type UnitInput,
} from './units';

export type { CsvRowError } from './csv';

export const UNIT_CSV_COLUMNS = [
  { name: 'lot_code', required: true, description: 'Code of the lot the unit belongs to; the lot must exist.' },
  { name: 'serial', required: true, description: 'Serial number: 4–40 letters A–Z, digits, - _ . /; unique in the file and the fleet (case does not matter).' },
  { name: 'asset_tag', required: false, description: 'Your asset tag: up to 40 letters A–Z, digits, - _ . /; unique in the file and the fleet; may be empty.' },
  { name: 'site', required: false, description: 'Site code where the unit is; empty means the lot’s site.' },
  { name: 'room', required: false, description: 'Room or hall.' },
  { name: 'rack', required: false, description: 'Rack.' },
  { name: 'u', required: false, description: `Lowest rack unit the item occupies, 1–${MAX_RACK_U} (needs a rack); empty when not racked.` },
  { name: 'status', required: false, description: `Unit condition: ${UNIT_CONDITIONS.join(', ')}; empty means ok.` },
  { name: 'notes', required: false, description: 'Notes on the unit (a ticket, a fault); may hold line breaks in a quoted value.' },
] as const;

export type UnitCsvColumnName = (typeof UNIT_CSV_COLUMNS)[number]['name'];
const COLUMN_NAMES: readonly UnitCsvColumnName[] = UNIT_CSV_COLUMNS.map((c) => c.name);
const REQUIRED: readonly UnitCsvColumnName[] = UNIT_CSV_COLUMNS.filter((c) => c.required).map((c) => c.name);

/** A lot as the import needs to know it. */
export interface UnitCsvLot {
  id: Uuid;
  code: string;
  quantity: number;
  /** Units it already tracks. */
  trackedUnits: number;
  status: LotStatus;
  siteId: Uuid | null;
  /** Its model's serial format, when the catalogue has one. */
  format?: SerialFormat;
}

export interface UnitCsvOptions {
  /** Lots by code (exact, as lot codes are). */
  lots: ReadonlyMap<string, UnitCsvLot>;
  /** Site ids by code; codes match ignoring case. */
  sites: ReadonlyMap<string, Uuid>;
  /** Where a serial already is in the fleet, or null. */
  knownSerials: (serial: string) => UnitHolder | null;
  /** Which unit already carries an asset tag, or null. */
  knownAssetTags: (tag: string) => UnitHolder | null;
}

/** The units for one lot, in file order. */
export interface UnitImportBatch {
  lotId: Uuid;
  lotCode: string;
  units: UnitInput[];
  /** The file row of each unit. */
  lines: number[];
}

export type UnitCsvResult = { ok: true; batches: UnitImportBatch[]; units: number } | { ok: false; errors: CsvRowError[] };

function isColumnName(name: string): name is UnitCsvColumnName {
  return (COLUMN_NAMES as readonly string[]).includes(name);
}

const CONTROL_CHARS = /\p{Cc}/u;
const WHOLE_NUMBER = /^\d+$/u;

/**
 * Reads and validates a units CSV. Returns every unit grouped by lot, or every problem (never
 * both), ordered by row: header problems, then each row's.
 */
export function parseUnitCsv(text: string, options: UnitCsvOptions): UnitCsvResult {
  const table = parseCsvTable(text);
  if (!table.ok) return { ok: false, errors: [table.error] };
  const { header, headerLine, rows, delimiter } = table.value;
  const errors: CsvRowError[] = [];

  const columnIndex = new Map<UnitCsvColumnName, number>();
  const unknown: string[] = [];
  header.forEach((raw, i) => {
    const name = normaliseColumnName(raw);
    if (name === '') return;
    if (!isColumnName(name)) unknown.push(raw.trim());
    else if (columnIndex.has(name)) errors.push({ row: headerLine, column: name, message: 'appears more than once in the header; keep one' });
    else columnIndex.set(name, i);
  });
  const missing = REQUIRED.filter((c) => !columnIndex.has(c));
  if (missing.length > 0) errors.push({ row: headerLine, column: null, message: `missing required column${missing.length === 1 ? '' : 's'}: ${missing.join(', ')}` });
  if (unknown.length > 0) {
    errors.push({ row: headerLine, column: null, message: `unknown column${unknown.length === 1 ? '' : 's'} ${unknown.map((u) => `"${u}"`).join(', ')}; the columns are: ${COLUMN_NAMES.join(', ')}` });
  }
  if (missing.length > 0) return { ok: false, errors };
  const named = new Set(columnIndex.values());
  const sites = new Map([...options.sites].map(([code, id]) => [code.toLowerCase(), id]));

  const firstRowOfSerial = new Map<string, number>();
  const firstRowOfTag = new Map<string, number>();
  const batches = new Map<string, UnitImportBatch>();
  /** Rows per lot, to report a lot's quantity exceeded at the row that exceeds it. */
  const lotRows = new Map<string, number[]>();

  for (const { line, cells } of rows) {
    const before = errors.length;
    const fail = (column: UnitCsvColumnName | null, message: string): undefined => {
      errors.push({ row: line, column, message });
      return undefined;
    };
    const get = (name: UnitCsvColumnName): string => {
      const i = columnIndex.get(name);
      return i === undefined ? '' : (cells[i] ?? '').trim();
    };
    // No length limit: the unit editor and Sites keep rooms, racks and site codes of any length, and
    // an export of them must read back in.
    const singleLine = (name: UnitCsvColumnName): string => {
      const v = get(name);
      if (CONTROL_CHARS.test(v)) fail(name, `${JSON.stringify(v)} contains a line break or control character`);
      return v;
    };

    const stray = cells.findIndex((c, i) => !named.has(i) && c.trim() !== '');
    if (stray !== -1) {
      fail(null, stray >= header.length ? `has ${cells.length} values but the header names ${header.length} columns; put a value that contains "${delimiter}" in double quotes` : `has a value in column ${stray + 1}, which has no name in the header row`);
    }

    const code = get('lot_code');
    let lot: UnitCsvLot | undefined;
    if (code === '') fail('lot_code', 'is empty, but this column is required');
    else {
      lot = options.lots.get(code);
      if (!lot) fail('lot_code', `"${code}" is not a lot in the fleet; import or create the lot first`);
      else if (lot.status === 'disposed') {
        fail('lot_code', `"${code}" is disposed; it cannot receive units`);
        lot = undefined;
      }
    }

    // A line break or tab in a cell is two codes in one, not a scanner's stray character:
    // normaliseCode would join "AB12\nCD34" into one serial no unit carries.
    const rawSerial = get('serial');
    const serial = CONTROL_CHARS.test(rawSerial) ? '' : normaliseCode(rawSerial);
    let serialOk = false;
    if (CONTROL_CHARS.test(rawSerial)) fail('serial', `${JSON.stringify(rawSerial)} contains a line break or control character; one cell holds one serial`);
    else if (serial === '') fail('serial', 'is empty, but this column is required');
    else {
      const check = checkSerial(serial, lot?.format ?? DEFAULT_SERIAL_FORMAT);
      if (!check.ok) fail('serial', check.error);
      else {
        const earlier = firstRowOfSerial.get(serial);
        const holder = options.knownSerials(serial);
        // A label's QR code is the asset tag, else the serial: a serial that is another unit's
        // asset tag would put one code on two labels, and a scan of it would find only one unit.
        const tagRow = firstRowOfTag.get(serial);
        const tagHolder = options.knownAssetTags(serial);
        if (earlier !== undefined) fail('serial', `"${serial}" is also on row ${earlier}; each serial is one unit`);
        else if (holder) fail('serial', `"${serial}" is already in the fleet, in lot ${holder.lotCode}`);
        else if (tagHolder) fail('serial', `"${serial}" is the asset tag of ${tagHolder.serial} in lot ${tagHolder.lotCode}; a serial may not be another unit’s asset tag`);
        else if (tagRow !== undefined) fail('serial', `"${serial}" is the asset tag on row ${tagRow}; a serial may not be another unit’s asset tag`);
        else serialOk = true;
        if (earlier === undefined) firstRowOfSerial.set(serial, line);
      }
    }

    const rawTag = get('asset_tag');
    const assetTag = CONTROL_CHARS.test(rawTag) ? '' : normaliseCode(rawTag);
    if (CONTROL_CHARS.test(rawTag)) fail('asset_tag', `${JSON.stringify(rawTag)} contains a line break or control character; one cell holds one asset tag`);
    else if (assetTag !== '') {
      const check = checkAssetTag(assetTag);
      if (!check.ok) fail('asset_tag', check.error);
      else {
        const earlier = firstRowOfTag.get(assetTag);
        const holder = options.knownAssetTags(assetTag);
        // Another unit's serial (a unit's own serial as its tag is one unit, one code).
        const serialHolder = assetTag === serial ? null : options.knownSerials(assetTag);
        const serialRow = assetTag === serial ? undefined : firstRowOfSerial.get(assetTag);
        if (earlier !== undefined) fail('asset_tag', `"${assetTag}" is also the asset tag on row ${earlier}; asset tags are unique`);
        else if (holder) fail('asset_tag', `"${assetTag}" is already the asset tag of ${holder.serial} in lot ${holder.lotCode}`);
        else if (serialHolder) fail('asset_tag', `"${assetTag}" is the serial of a unit in lot ${serialHolder.lotCode}; an asset tag may not be another unit’s serial`);
        else if (serialRow !== undefined) fail('asset_tag', `"${assetTag}" is the serial on row ${serialRow}; an asset tag may not be another unit’s serial`);
        else firstRowOfTag.set(assetTag, line);
      }
    }

    const siteCode = singleLine('site');
    let siteId: Uuid | null = null;
    if (siteCode !== '') {
      const id = sites.get(siteCode.toLowerCase());
      if (id === undefined) fail('site', `"${siteCode}" is not a site in Fleetledger; add the site first, or use one of: ${[...options.sites.keys()].sort().join(', ')}`);
      else if (id !== lot?.siteId) siteId = id; // the lot's own site is stored as "follows the lot"
    }
    const room = singleLine('room');
    const rack = singleLine('rack');

    let u: number | null = null;
    const uText = get('u');
    if (uText !== '') {
      const n = Number(uText);
      if (!(WHOLE_NUMBER.test(uText) && n >= 1 && n <= MAX_RACK_U)) fail('u', `"${uText}" is not a rack unit: a whole number from 1 to ${MAX_RACK_U}, or empty`);
      else if (rack === '') fail('u', `U${n} needs a rack: fill in the rack, or leave u empty`);
      else u = n;
    }

    let status: UnitCondition = 'ok';
    const statusText = get('status').toLowerCase();
    if (statusText !== '') {
      if (isUnitCondition(statusText)) status = statusText;
      else if (isLotStatus(statusText) && lot && statusText === lot.status) status = 'ok';
      else if (isLotStatus(statusText) && lot) {
        fail('status', `"${statusText}" is a lifecycle status, and a unit’s follows its lot (${lot.code} is ${lot.status}); use ${UNIT_CONDITIONS.join(', ')} or leave it empty, and move units in Fleetledger`);
      } else fail('status', `"${get('status')}" is not a unit status; use ${UNIT_CONDITIONS.join(', ')}, or leave it empty`);
    }

    if (lot) {
      const lines = lotRows.get(lot.code) ?? [];
      if (lines.length === 0) lotRows.set(lot.code, lines);
      lines.push(line);
    }
    if (errors.length > before || !lot || !serialOk) continue;
    const batch = batches.get(lot.code) ?? { lotId: lot.id, lotCode: lot.code, units: [], lines: [] };
    batches.set(lot.code, batch);
    batch.units.push({ serial, assetTag, siteId, room, rack, u, status, notes: unitNotes(get('notes')) });
    batch.lines.push(line);
  }

  // A lot's quantity bounds its units: reported once per lot, on the first row past it.
  for (const [code, lines] of lotRows) {
    const lot = options.lots.get(code);
    if (!lot) continue;
    const room = Math.max(0, lot.quantity - lot.trackedUnits);
    if (lines.length <= room) continue;
    errors.push({
      row: lines[room] as number,
      column: 'lot_code',
      message: `"${code}" has a quantity of ${lot.quantity} and already tracks ${lot.trackedUnits} unit${lot.trackedUnits === 1 ? '' : 's'}, so it has room for ${room}; this file gives it ${lines.length} (${lines.length - room} too many, from this row on)`,
    });
  }
  errors.sort((a, b) => a.row - b.row);
  if (errors.length > 0) return { ok: false, errors };
  const list = [...batches.values()];
  return { ok: true, batches: list, units: list.reduce((n, b) => n + b.units.length, 0) };
}

/** A notes cell as a unit keeps it: a spreadsheet's CR LF line breaks as LF, trimmed as the unit editor trims. */
function unitNotes(cell: string): string {
  return cell.replace(/\r\n?/gu, '\n').trim();
}

/** Writes units in the import format, so export → import gives them back (into lots that have room). */
export function unitsToCsv(units: readonly Unit[], lotCodeOf: (lotId: Uuid) => string, siteCodeOf: (siteId: Uuid) => string): string {
  const rows = units.map((u) => {
    const cells: Record<UnitCsvColumnName, string> = {
      lot_code: lotCodeOf(u.lotId),
      serial: u.serial,
      asset_tag: u.assetTag,
      site: u.siteId === null ? '' : siteCodeOf(u.siteId),
      room: u.room,
      rack: u.rack,
      u: u.u === null ? '' : String(u.u),
      status: u.status,
      notes: u.notes,
    };
    return COLUMN_NAMES.map((c) => cells[c]);
  });
  return toCsv(COLUMN_NAMES, rows);
}
