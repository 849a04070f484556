/**
 * Snipe-IT's asset CSV, in and out (issue 15; PRODUCT.md "Coming from other tools, and leaving").
 *
 * In: {@link readSnipeItAssets} reads a file with either header style — the labels of Snipe-IT's
 * importer (Asset Tag, Model Name, Serial Number, Purchase Date, Purchase Cost, …) or the header
 * of its asset list export (Asset Tag, Model, Serial, Purchased, Cost, …), matched
 * case-insensitively, with the importer's aliases — and checks every asset strictly where data
 * would be wrong (dates, money, duplicate serials and tags), naming row and column. Columns that
 * carry nothing Fleetledger keeps are listed, never silently dropped.
 * {@link convertSnipeItAssets} then maps Snipe-IT's statuses and categories (tables the person
 * can change) and groups the assets into lots — one per model, purchase date, order number,
 * supplier, unit cost, warranty, and the mapped status and location, since a lot has one of
 * each — each asset with a serial becoming one of its units. The result is the lots CSV and
 * units CSV of this product, so the app's import and `fleetledger convert` go through the very
 * same parsers afterwards.
 *
 * Out: {@link snipeItAssetsCsv}, one row per unit with the importer's labels, which reads back
 * into the same lots and units (the lot code travels as the shared Asset Name).
 */
import { CATEGORIES, isCategory, type Category } from './catalog';
import { appendTo } from './collections';
import { noteFill, parseCsvTable, toCsv, type CsvRowError, type ImportFill } from './csv';
import { addDays, addMonths, compareIso, parseIsoDate, type IsoDate } from './dates';
import { hasBeenInService, isPoMissing, STATUS_LABELS, type LotStatus } from './lifecycle';
import {
  IMPORTABLE_LOT_STATUSES,
  isImportableLotStatus,
  lotsToCsv,
  STATUSES_REQUIRING_IN_SERVICE_DATE,
  STATUSES_REQUIRING_RECEIVED_DATE,
  type ExportLot,
  type ImportableLotStatus,
} from './lotCsv';
import { formatDecimal, isCurrencyCode, minorDigits, parseMoney, type CurrencyCode } from './money';
import { err, ok, type Result } from './result';
import { checkAssetTag, checkSerial, normaliseCode } from './units';
import { UNIT_CSV_COLUMNS } from './unitCsv';

// ---- Columns ----------------------------------------------------------------------------------

export type SnipeItField =
  | 'assetTag'
  | 'name'
  | 'model'
  | 'modelNumber'
  | 'serial'
  | 'category'
  | 'manufacturer'
  | 'location'
  | 'status'
  | 'supplier'
  | 'purchaseDate'
  | 'purchaseCost'
  | 'orderNumber'
  | 'warranty'
  | 'notes';

/**
 * Headers, lower-cased, to fields: the importer's labels and aliases
 * (../shared/reference/snipeit-asset-columns.md) and the asset list export's header.
 */
export const SNIPEIT_HEADERS: Readonly<Record<string, SnipeItField>> = {
  'asset tag': 'assetTag',
  'asset name': 'name',
  'item name': 'name',
  name: 'name',
  'model name': 'model',
  model: 'model',
  'model no.': 'modelNumber',
  'model no': 'modelNumber',
  'model number': 'modelNumber',
  'model num': 'modelNumber',
  'model num.': 'modelNumber',
  'serial number': 'serial',
  serial: 'serial',
  'serial no.': 'serial',
  'serial no': 'serial',
  // The importer's other aliases of the serial (a software asset's key is its serial there).
  'product key': 'serial',
  key: 'serial',
  category: 'category',
  manufacturer: 'manufacturer',
  location: 'location',
  status: 'status',
  supplier: 'supplier',
  'purchase date': 'purchaseDate',
  purchased: 'purchaseDate',
  'purchase cost': 'purchaseCost',
  cost: 'purchaseCost',
  'order number': 'orderNumber',
  warranty: 'warranty',
  'warranty months': 'warranty',
  notes: 'notes',
  'asset notes': 'notes',
};

/** What the export writes: the importer's labels, so Snipe-IT maps every column by itself. */
export const SNIPEIT_EXPORT_COLUMNS = [
  'Asset Tag',
  'Asset Name',
  'Model Name',
  'Model No.',
  'Category',
  'Manufacturer',
  'Serial Number',
  'Purchase Date',
  'Purchase Cost',
  'Order Number',
  'Supplier',
  'Location',
  'Status',
  'Warranty',
  // The importer's label for an asset's notes; a plain "Notes" is none of its labels or aliases, so
  // Snipe-IT would map it to "Do Not Import" and the lot marker (and any note) would be lost.
  'Asset Notes',
] as const;

// ---- Mappings ---------------------------------------------------------------------------------

/** What a Snipe-IT status becomes: a lifecycle status, or the asset is left out. */
export type SnipeItStatusTarget = ImportableLotStatus | 'leave-out';

/**
 * Snipe-IT's default status labels, and the names this product's export writes for statuses
 * Snipe-IT has no label for (so an export reads back unchanged). Archived and Lost/Stolen
 * assets are left out unless the person chooses otherwise: a disposed lot needs a disposition
 * and proceeds, which the file does not carry.
 */
export const DEFAULT_SNIPEIT_STATUS_MAP: Readonly<Record<string, SnipeItStatusTarget>> = {
  'ready to deploy': 'staged',
  deployed: 'in-service',
  pending: 'received',
  broken: 'rma',
  'out for repair': 'rma',
  'out for diagnostics': 'rma',
  archived: 'leave-out',
  'lost/stolen': 'leave-out',
  planned: 'planned',
  ordered: 'ordered',
  spare: 'spare',
  'refresh candidate': 'refresh-candidate',
  replacing: 'replacing',
  draining: 'draining',
  sanitised: 'sanitised',
};

/** The status this product's export writes for each lifecycle status. */
export const SNIPEIT_STATUS_NAMES: Readonly<Record<LotStatus, string>> = {
  planned: 'Planned',
  ordered: 'Ordered',
  received: 'Pending',
  staged: 'Ready to Deploy',
  'in-service': 'Deployed',
  spare: 'Spare',
  rma: 'Out for Repair',
  'refresh-candidate': 'Refresh Candidate',
  replacing: 'Replacing',
  draining: 'Draining',
  sanitised: 'Sanitised',
  disposed: 'Archived',
};

/** Snipe-IT's status cell, as a mapping key: "Deployed (Deployed)" → "deployed". */
export function statusKey(cell: string): string {
  return cell.replace(/\s*\([^)]*\)\s*$/u, '').trim().toLowerCase();
}

/** A first guess for a Snipe-IT category (free text in Snipe-IT); the preview lets the person change it. */
export function guessCategory(name: string): Category {
  const n = name.toLowerCase();
  if (isCategory(n)) return n;
  const has = (...words: string[]) => words.some((w) => n.includes(w));
  if (has('gpu', 'graphics', 'accelerator') && has('server', 'node', 'system')) return 'gpu-server';
  if (has('gpu', 'graphics', 'accelerator')) return 'gpu-card';
  if (has('storage', 'nas', 'san', 'array')) return 'storage-server';
  if (has('server', 'compute', 'node')) return 'cpu-server';
  if (has('switch', 'router', 'network', 'firewall')) return 'network-switch';
  if (has('drive', 'disk', 'ssd', 'hdd', 'nvme')) return 'drive';
  if (has('nic', 'adapter', 'network card', 'transceiver')) return 'nic';
  return 'other';
}

export interface SnipeItMapping {
  /** By {@link statusKey}; `null` or absent: not mapped yet, which blocks the import. */
  statuses: Readonly<Record<string, SnipeItStatusTarget | null>>;
  /** By Snipe-IT category name, lower-cased. */
  categories: Readonly<Record<string, Category>>;
}

// ---- Reading ----------------------------------------------------------------------------------

export interface SnipeItAsset {
  line: number;
  assetTag: string;
  name: string;
  manufacturer: string;
  model: string;
  modelNumber: string;
  /** Canonical (upper-case); '' when the asset has none. */
  serial: string;
  category: string;
  location: string;
  /** The status cell as written; '' when empty. */
  status: string;
  supplier: string;
  purchaseDate: IsoDate;
  /** Minor units of the chosen currency; null when the cell is empty. */
  cost: number | null;
  orderNumber: string;
  /** Above 0; null when the cell is empty or 0 (no warranty). */
  warrantyMonths: number | null;
  notes: string;
  /** The lot this asset belonged to, when this product's export wrote it (Asset Notes: "Fleetledger lot <code>"). */
  lotCode: string;
}

/** What this product's export writes in Notes, so a file read back keeps its lots. */
export const LOT_MARKER = 'Fleetledger lot ';

export interface SnipeItFile {
  assets: SnipeItAsset[];
  /** Header style: the importer's labels, the list export's, or both. */
  headerStyle: 'importer' | 'export' | 'mixed';
  /** Columns that carry nothing Fleetledger keeps (e.g. Company, Checked Out), as written. */
  ignoredColumns: string[];
  /** Each status and category in the file (as written), with its rows: the preview's mapping tables. */
  statuses: { name: string; key: string; rows: number[] }[];
  categories: { name: string; key: string; rows: number[] }[];
}

const EXPORT_ONLY = new Set(['model', 'serial', 'purchased', 'cost']);
const IMPORTER_ONLY = new Set(['model name', 'serial number', 'purchase date', 'purchase cost']);
/** A cell holding a line break, tab or other control character holds more than one code (see readSnipeItAssets). */
const LINE_BREAK_OR_CONTROL = /\p{Cc}/u;

function notesAndLot(notes: string): { notes: string; lotCode: string } {
  return notes.startsWith(LOT_MARKER) && notes.length > LOT_MARKER.length ? { notes: '', lotCode: notes.slice(LOT_MARKER.length).trim() } : { notes, lotCode: '' };
}

/** Snipe-IT writes dates as YYYY-MM-DD, sometimes with a time after it. */
function readDate(text: string): Result<IsoDate> {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/u.exec(text);
  if (m === null) return err(`"${text}" is not a date in YYYY-MM-DD form`);
  return parseIsoDate(m[1] as string);
}

/** "9.500,00" or "950,5": Snipe-IT's "1.234,56" digit separators, where a comma is followed by one or two digits. */
const DECIMAL_COMMA_COST = /^(-?(?:[$€£¥]\s*)?)(\d{1,3}(?:\.\d{3})+|\d+),(\d{1,2})$/u;

/**
 * A Purchase Cost cell as {@link parseMoney} reads it. Snipe-IT keeps costs with two decimals and
 * writes them with its digit separator setting (Helper::formatCurrencyOutput: number_format($cost,
 * 2) as "1,234.56" or "1.234,56"), so:
 * - a comma followed by one or two digits is a decimal comma (a thousands separator is followed
 *   by three), and its dots are thousands separators — "9.500,00" is 9500.00, in either delimiter;
 * - in a currency without minor units (JPY), the ".00" it always writes says nothing, and is
 *   dropped ("150,000.00" is 150000 yen). A real fraction, or a "1.000" that may be a thousand,
 *   is left for parseMoney to refuse.
 * Anything else is left as written (a comma with three digits after it stays ambiguous).
 */
function snipeItCostAsDecimal(text: string, currency: CurrencyCode): string {
  const comma = DECIMAL_COMMA_COST.exec(text);
  const decimal = comma === null ? text : `${comma[1] ?? ''}${(comma[2] ?? '').replaceAll('.', '')}.${comma[3] ?? ''}`;
  return minorDigits(currency) === 0 ? decimal.replace(/\.0{1,2}$/u, '') : decimal;
}

/** "36", "36 months", "36.0". */
function readWarranty(text: string): number | null {
  const m = /^(\d{1,4})(?:\.0+)?(?:\s*months?)?$/iu.exec(text);
  return m === null ? null : Number(m[1]);
}

function tally(list: { name: string; key: string; rows: number[] }[], name: string, key: string, row: number): void {
  const found = list.find((e) => e.key === key);
  if (found) found.rows.push(row);
  else list.push({ name, key, rows: [row] });
}

/**
 * Reads a Snipe-IT asset CSV. Every problem comes back with its row and column (the file's
 * header as written); the assets only when there are none.
 */
export function readSnipeItAssets(text: string, currency: CurrencyCode): Result<SnipeItFile, CsvRowError[]> {
  if (!isCurrencyCode(currency)) return err([{ row: 0, column: null, message: `"${currency}" is not a currency code` }]);
  const table = parseCsvTable(text);
  if (!table.ok) return err([table.error]);
  const { header, headerLine, rows, delimiter } = table.value;
  const errors: CsvRowError[] = [];
  const index = new Map<SnipeItField, number>();
  // A value where the header names no column would be lost without a word; one beyond the header
  // usually means an unquoted delimiter, which shifts every later cell into the wrong column.
  const named = new Set(header.flatMap((raw, i) => (raw.trim() === '' ? [] : [i])));
  const label = new Map<SnipeItField, string>();
  const ignoredColumns: string[] = [];
  let importer = 0;
  let exporter = 0;
  header.forEach((raw, i) => {
    const key = raw.trim().toLowerCase();
    if (key === '') return;
    const field = Object.hasOwn(SNIPEIT_HEADERS, key) ? SNIPEIT_HEADERS[key] : undefined;
    if (field === undefined) {
      ignoredColumns.push(raw.trim());
      return;
    }
    if (index.has(field)) {
      errors.push({ row: headerLine, column: raw.trim(), message: `says the same as "${label.get(field)}"; keep one of them` });
      return;
    }
    if (EXPORT_ONLY.has(key)) exporter += 1;
    if (IMPORTER_ONLY.has(key)) importer += 1;
    index.set(field, i);
    label.set(field, raw.trim());
  });
  const missing: string[] = [];
  if (!index.has('model') && !index.has('modelNumber')) missing.push('Model Name (or Model)');
  if (!index.has('manufacturer')) missing.push('Manufacturer');
  if (!index.has('purchaseDate')) missing.push('Purchase Date (or Purchased)');
  if (missing.length > 0) {
    errors.push({ row: headerLine, column: null, message: `missing column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}; this does not look like a Snipe-IT asset file` });
    return err(errors);
  }

  const assets: SnipeItAsset[] = [];
  const statuses: SnipeItFile['statuses'] = [];
  const categories: SnipeItFile['categories'] = [];
  const serialRow = new Map<string, number>();
  const tagRow = new Map<string, number>();
  for (const { line, cells } of rows) {
    const before = errors.length;
    const cell = (field: SnipeItField): string => {
      const i = index.get(field);
      return i === undefined ? '' : (cells[i] ?? '').trim();
    };
    const fail = (field: SnipeItField, message: string): void => {
      errors.push({ row: line, column: label.get(field) ?? null, message });
    };
    const stray = cells.findIndex((c, i) => !named.has(i) && c.trim() !== '');
    if (stray !== -1) {
      errors.push({
        row: line,
        column: null,
        message:
          stray >= header.length
            ? `has ${cells.length} values but the header names ${header.length} columns; put a value that contains "${delimiter}" in double quotes`
            : `has a value in column ${stray + 1}, which has no name in the header row`,
      });
      continue;
    }
    const manufacturer = cell('manufacturer');
    if (manufacturer === '') fail('manufacturer', 'is empty; every asset needs its manufacturer');
    const model = cell('model') || cell('modelNumber');
    if (model === '') fail(index.has('model') ? 'model' : 'modelNumber', 'is empty; every asset needs its model');
    const dateText = cell('purchaseDate');
    let purchaseDate: IsoDate | null = null;
    if (dateText === '') fail('purchaseDate', 'is empty; a lot needs its purchase date');
    else {
      const d = readDate(dateText);
      if (d.ok) purchaseDate = d.value;
      else fail('purchaseDate', d.error);
    }
    const costText = cell('purchaseCost');
    let cost: number | null = null;
    if (costText !== '') {
      const snipeItCost = snipeItCostAsDecimal(costText, currency);
      const c = parseMoney(snipeItCost, currency);
      // As the lots CSV reads amounts (csvRowReader.amount): in a semicolon file a comma may be a
      // decimal comma, and "1,500" read as a thousands separator would be a thousand times too much.
      if (delimiter === ';' && snipeItCost.includes(',')) {
        fail('purchaseCost', `"${costText}" has a comma, which in a semicolon-separated file may be a decimal comma; write the amount with a decimal point and no thousands separators, e.g. 1234.50`);
      } else if (!c.ok) fail('purchaseCost', c.error.replace(`"${snipeItCost}"`, `"${costText}"`)); // named as the cell has it
      else if (c.value < 0) fail('purchaseCost', `"${costText}" is negative`);
      else cost = c.value;
    }
    // A line break or tab in a cell is two codes in one: normaliseCode would join them into one no unit carries.
    const serialText = cell('serial');
    let serial = '';
    if (LINE_BREAK_OR_CONTROL.test(serialText)) fail('serial', `${JSON.stringify(serialText)} contains a line break or control character; one cell holds one serial`);
    else if (serialText !== '') {
      const s = checkSerial(normaliseCode(serialText));
      if (!s.ok) fail('serial', s.error);
      else {
        serial = s.value;
        const earlier = serialRow.get(serial);
        if (earlier !== undefined) fail('serial', `${serial} is also the serial of the asset on row ${earlier}; a serial is one unit`);
        else serialRow.set(serial, line);
      }
    }
    // Asset tags are canonical like serials (upper case), as Fleetledger keeps them.
    const tagText = cell('assetTag');
    const assetTag = LINE_BREAK_OR_CONTROL.test(tagText) ? '' : normaliseCode(tagText);
    if (LINE_BREAK_OR_CONTROL.test(tagText)) fail('assetTag', `${JSON.stringify(tagText)} contains a line break or control character; one cell holds one asset tag`);
    else if (assetTag !== '') {
      const t = checkAssetTag(assetTag);
      if (!t.ok) fail('assetTag', t.error);
      else {
        const earlier = tagRow.get(assetTag);
        if (earlier !== undefined) fail('assetTag', `${assetTag} is also the asset tag on row ${earlier}`);
        else tagRow.set(assetTag, line);
      }
    }
    const warrantyText = cell('warranty');
    const months = warrantyText === '' ? null : readWarranty(warrantyText);
    if (warrantyText !== '' && months === null) fail('warranty', `"${warrantyText}" is not a number of months, e.g. 36`);
    // 0 months is no warranty (as our export writes one shorter than a month): as an end date it
    // would be the day before the purchase.
    const warrantyMonths = months === 0 ? null : months;
    if (errors.length > before || purchaseDate === null) continue;
    const status = cell('status');
    tally(statuses, status === '' ? '(empty)' : status.replace(/\s*\([^)]*\)\s*$/u, ''), statusKey(status), line);
    const category = cell('category');
    tally(categories, category === '' ? '(empty)' : category, category.toLowerCase(), line);
    assets.push({
      line,
      assetTag,
      name: cell('name'),
      manufacturer,
      model,
      modelNumber: cell('modelNumber'),
      serial,
      category,
      location: cell('location'),
      status,
      supplier: cell('supplier'),
      purchaseDate,
      cost,
      orderNumber: cell('orderNumber'),
      warrantyMonths,
      ...notesAndLot(cell('notes')),
    });
  }
  if (errors.length > 0) return err(errors);
  const headerStyle = importer > 0 && exporter > 0 ? 'mixed' : exporter > 0 ? 'export' : 'importer';
  return ok({ assets, headerStyle, ignoredColumns, statuses, categories });
}

/** The mapping a file starts with: the defaults where they know a status, guesses for categories. */
export function defaultSnipeItMapping(file: SnipeItFile): SnipeItMapping {
  return {
    statuses: Object.fromEntries(file.statuses.map((s) => [s.key, s.key === '' ? 'staged' : Object.hasOwn(DEFAULT_SNIPEIT_STATUS_MAP, s.key) ? (DEFAULT_SNIPEIT_STATUS_MAP[s.key] as SnipeItStatusTarget) : null])),
    categories: Object.fromEntries(file.categories.map((c) => [c.key, guessCategory(c.key)])),
  };
}

/**
 * Reads a `name=target` list (the CLI's `--status` and `--category`), e.g.
 * `Quarantine=rma` or `Archived=sanitised`; names are matched as {@link statusKey} does.
 */
export function parseMappingArgs<T extends string>(args: readonly string[], isTarget: (v: string) => v is T, what: string, allowed: readonly string[]): Result<Record<string, T>> {
  const out: Record<string, T> = {};
  for (const arg of args) {
    const at = arg.lastIndexOf('=');
    if (at <= 0) return err(`"${arg}" is not NAME=${what.toUpperCase()}`);
    const target = arg.slice(at + 1).trim().toLowerCase();
    if (!isTarget(target)) return err(`"${arg}": ${target} is not a ${what}; use one of: ${allowed.join(', ')}`);
    out[statusKey(arg.slice(0, at))] = target;
  }
  return ok(out);
}

export function isSnipeItStatusTarget(v: string): v is SnipeItStatusTarget {
  return v === 'leave-out' || isImportableLotStatus(v);
}

export const SNIPEIT_STATUS_TARGETS: readonly SnipeItStatusTarget[] = [...IMPORTABLE_LOT_STATUSES, 'leave-out'];
export { CATEGORIES as SNIPEIT_CATEGORY_TARGETS };

// ---- Converting -------------------------------------------------------------------------------

export interface SnipeItUnitRow {
  lotCode: string;
  serial: string;
  assetTag: string;
}

export interface SnipeItConversion {
  lots: ExportLot[];
  units: SnipeItUnitRow[];
  /** Values filled in or let through, as a person would, each with its rows. */
  filled: ImportFill[];
  /** Assets left out by the status mapping, per status. */
  leftOut: { status: string; rows: number[] }[];
  /** This product's lots CSV and units CSV of the same. */
  lotsCsv: string;
  unitsCsv: string;
  /** The Snipe-IT file's rows of each lot (as `lots`) and of each unit (as `units`). */
  lotRows: number[][];
  unitRows: number[];
}

/**
 * Problems the lots or units CSV made from a Snipe-IT file showed, told in the Snipe-IT file's
 * terms: its rows, and its column names where there is one.
 */
export function snipeItProblems(conversion: Pick<SnipeItConversion, 'lots' | 'lotRows' | 'unitRows'>, kind: 'lots' | 'units', errors: readonly CsvRowError[]): CsvRowError[] {
  const columns: Readonly<Record<string, string>> = { serial: 'Serial Number', asset_tag: 'Asset Tag', lot_code: 'Asset Name', po_number: 'Order Number', unit_cost: 'Purchase Cost', purchase_date: 'Purchase Date', site: 'Location', model: 'Model Name', manufacturer: 'Manufacturer', category: 'Category' };
  return errors.map((e) => {
    const index = e.row - 2; // header, then one row per lot or unit
    const column = e.column === null ? null : (Object.hasOwn(columns, e.column) ? (columns[e.column] as string) : e.column);
    if (kind === 'units') return { row: conversion.unitRows[index] ?? e.row, column, message: e.message };
    const lot = conversion.lots[index];
    const rows = conversion.lotRows[index] ?? [];
    return { row: rows[0] ?? e.row, column, message: lot === undefined ? e.message : `lot ${lot.lotCode} (rows ${rows.slice(0, 10).join(', ')}${rows.length > 10 ? ', …' : ''}): ${e.message}` };
  });
}

const CODE_CHARS = /[^A-Za-z0-9._-]+/gu;
/** Where an asset in service without a Location is put (a site the import creates; rename it in Sites). */
export const UNKNOWN_SITE = 'UNKNOWN';

function codeFrom(text: string): string {
  return text.replace(CODE_CHARS, '-').replace(/-{2,}/gu, '-').replace(/^-|-$/gu, '').slice(0, 40);
}

/**
 * Rows as runs: `rows 2–1001, 1005`. A lot of 30,000 assets, listed one by one, put 200 kB of
 * row numbers into its notes (and into its event, on every device).
 */
export function rowRanges(rows: readonly number[]): string {
  const sorted = [...rows].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) <= (sorted[j] as number) + 1) j += 1;
    runs.push(sorted[i] === sorted[j] ? String(sorted[i]) : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return `row${sorted.length === 1 ? '' : 's'} ${runs.join(', ')}`;
}

/**
 * Groups the assets into lots under `mapping`. Refused, with the rows concerned, while a
 * status has no mapping. Lot codes: the group's common Asset Name when it has one (as this
 * product's export writes it), else the order number, else model and purchase date; made unique
 * against `existingCodes` and each other with -2, -3….
 */
export function convertSnipeItAssets(
  file: SnipeItFile,
  mapping: SnipeItMapping,
  options: { currency: CurrencyCode; existingCodes: ReadonlySet<string>; fileName: string },
): Result<SnipeItConversion, CsvRowError[]> {
  const targetOf = (key: string): SnipeItStatusTarget | null => (Object.hasOwn(mapping.statuses, key) ? (mapping.statuses[key] ?? null) : null);
  const unmapped = file.statuses.filter((s) => targetOf(s.key) === null);
  if (unmapped.length > 0) {
    return err(
      unmapped.map((s) => ({
        row: s.rows[0] as number,
        column: 'Status',
        message: `"${s.name}" (rows ${s.rows.slice(0, 10).join(', ')}${s.rows.length > 10 ? ', …' : ''}) is not a status Fleetledger knows; choose what it becomes (${SNIPEIT_STATUS_TARGETS.join(', ')})`,
      })),
    );
  }
  const filled: ImportFill[] = [];
  const leftOut = new Map<string, number[]>();
  // An Asset Name shared by several assets is a lot's code (this product's export writes it so).
  const nameCount = new Map<string, number>();
  for (const a of file.assets) if (a.name !== '') nameCount.set(a.name, (nameCount.get(a.name) ?? 0) + 1);

  interface Group { key: string; assets: SnipeItAsset[]; status: ImportableLotStatus; category: Category }
  const groups = new Map<string, Group>();
  for (const a of file.assets) {
    const target = targetOf(statusKey(a.status)) as SnipeItStatusTarget;
    if (target === 'leave-out') {
      const name = a.status === '' ? '(empty)' : a.status;
      appendTo(leftOut, name, a.line);
      continue;
    }
    if (a.status === '') noteFill(filled, 'Status', 'empty: taken as Ready to Deploy, as Snipe-IT does', a.line);
    const categoryKey = a.category.toLowerCase();
    const category = Object.hasOwn(mapping.categories, categoryKey) ? (mapping.categories[categoryKey] as Category) : guessCategory(a.category);
    const sharedName = (nameCount.get(a.name) ?? 0) > 1 ? a.name : '';
    // This product's export names each asset's lot: that lot comes back whole, wherever its units are.
    const key = a.lotCode !== ''
      ? JSON.stringify(['lot', a.lotCode, target])
      : JSON.stringify([a.manufacturer.toLowerCase(), a.model.toLowerCase(), a.purchaseDate, a.orderNumber, a.supplier, a.cost, a.warrantyMonths, target, a.location.toLowerCase(), category, sharedName]);
    const group = groups.get(key);
    if (group) group.assets.push(a);
    else groups.set(key, { key, assets: [a], status: target, category });
  }

  // A model has one category (it decides its lots' depreciation): assets of one model whose
  // Snipe-IT categories map to different ones (a mistyped category on one of them) would make
  // lots the import refuses, so they are refused here, with their rows and what to do.
  const categoriesOfModel = new Map<string, { label: string; byCategory: Map<Category, { rows: number[]; names: Set<string> }> }>();
  for (const g of groups.values()) {
    for (const a of g.assets) {
      const modelKey = JSON.stringify([a.manufacturer.toLowerCase(), a.model.toLowerCase()]);
      let entry = categoriesOfModel.get(modelKey);
      if (entry === undefined) categoriesOfModel.set(modelKey, (entry = { label: [a.manufacturer, a.model].filter(Boolean).join(' '), byCategory: new Map() }));
      let seen = entry.byCategory.get(g.category);
      if (seen === undefined) entry.byCategory.set(g.category, (seen = { rows: [], names: new Set() }));
      seen.rows.push(a.line);
      seen.names.add(a.category === '' ? '(empty)' : a.category);
    }
  }
  const contradictions: CsvRowError[] = [];
  for (const { label, byCategory } of categoriesOfModel.values()) {
    if (byCategory.size < 2) continue;
    const parts = [...byCategory].map(([category, { rows, names }]) => `${category} (Snipe-IT ${[...names].map((n) => `“${n}”`).join(', ')}; row${rows.length === 1 ? '' : 's'} ${rows.slice(0, 10).join(', ')}${rows.length > 10 ? ', …' : ''})`);
    const firstRow = Math.min(...[...byCategory.values()].map((c) => c.rows[0] as number));
    contradictions.push({
      row: firstRow,
      column: 'Category',
      message: `model ${label || '(no name)'} would be in ${byCategory.size} categories: ${parts.join(' and ')}; a model has one category, which decides its depreciation. Map these Snipe-IT categories to the same one, or correct the rows`,
    });
  }
  if (contradictions.length > 0) return err(contradictions);

  const taken = new Set(options.existingCodes);
  const unique = (base: string): string => {
    const stem = base === '' ? 'SNIPEIT' : base;
    let code = stem;
    for (let n = 2; taken.has(code); n += 1) code = `${stem}-${n}`;
    taken.add(code);
    return code;
  };
  const lots: ExportLot[] = [];
  const units: SnipeItUnitRow[] = [];
  const lotRows: number[][] = [];
  const unitRows: number[] = [];
  for (const g of groups.values()) {
    const first = g.assets[0] as SnipeItAsset;
    const rowsOf = g.assets.map((a) => a.line);
    // The assets' common Asset Name names the lot (this product's export writes the lot code there).
    const commonName = g.assets.every((a) => a.name === first.name) ? first.name : '';
    // A lot this product exported keeps its code as written (spaces, slashes, accents and all): it is
    // already a lot code, and reshaping it would bring the lot back under another name. (A marker with
    // a control character in it was not written by us, and is shaped like foreign text.)
    const ownCode = /\p{Cc}/u.test(first.lotCode) ? codeFrom(first.lotCode) : first.lotCode;
    const code = unique(ownCode || codeFrom(commonName) || codeFrom(first.orderNumber) || codeFrom(`${first.model}-${first.purchaseDate}`));
    // The lot's site: where most of its assets are (all of them, but for this product's own exports).
    const counts = new Map<string, number>();
    for (const a of g.assets) counts.set(a.location, (counts.get(a.location) ?? 0) + 1);
    const location = [...counts].reduce((best, c) => (c[1] > best[1] ? c : best), [first.location, 0] as [string, number])[0];
    if (first.cost === null) for (const r of rowsOf) noteFill(filled, 'Purchase Cost', 'empty: imported at 0', r);
    // Snipe-IT keeps neither date: the purchase date stands in where the status needs one, said in the preview.
    const needsReceipt = STATUSES_REQUIRING_RECEIVED_DATE.includes(g.status);
    if (needsReceipt) for (const r of rowsOf) noteFill(filled, 'received_date', 'taken from Purchase Date', r);
    const needsInService = STATUSES_REQUIRING_IN_SERVICE_DATE.includes(g.status);
    if (needsInService) for (const r of rowsOf) noteFill(filled, 'in_service_date', 'taken from Purchase Date', r);
    if (isPoMissing({ status: g.status, poNumber: first.orderNumber })) for (const r of rowsOf) noteFill(filled, 'Order Number', 'empty: the lots are imported flagged “PO missing”', r);
    const needsSite = hasBeenInService(g.status);
    if (location === '' && needsSite) for (const r of rowsOf) noteFill(filled, 'Location', `empty for an asset that has been in service: its lot is placed at site ${UNKNOWN_SITE}`, r);
    for (const a of g.assets) if (a.location !== location) noteFill(filled, 'Location', `differs from the rest of its lot: the unit comes in at the lot’s site ${location || '(none)'}`, a.line);
    const noted = g.assets.filter((a) => a.notes !== '').map((a) => `${a.assetTag || a.serial || `row ${a.line}`}: ${a.notes}`);
    lots.push({
      lotCode: code,
      manufacturer: first.manufacturer,
      model: first.model,
      category: g.category,
      quantity: g.assets.length,
      unitCost: first.cost ?? 0,
      currency: options.currency,
      purchaseDate: first.purchaseDate,
      status: g.status,
      siteCode: location !== '' ? location : needsSite ? UNKNOWN_SITE : '',
      inServiceDate: needsInService ? first.purchaseDate : null,
      poNumber: first.orderNumber,
      supplier: first.supplier,
      salvageValue: 0,
      warrantyEnd: first.warrantyMonths === null ? null : addDays(addMonths(first.purchaseDate, first.warrantyMonths), -1),
      powerWatts: null,
      notes: [`Imported from Snipe-IT (${options.fileName}, ${rowRanges(rowsOf)}).`, ...noted].join('\n'),
      receivedDate: needsReceipt ? first.purchaseDate : null,
      extraCosts: 0,
      supportCostPerYear: 0,
      replacementPlan: g.status === 'replacing' ? 'Imported from Snipe-IT; the plan is not recorded there.' : '',
      countryOfOrigin: null,
      exportClassification: '',
      hsCode: '',
      siteCountry: null,
      supplierCountry: null,
      supplierChannel: null,
      tags: [],
    });
    lotRows.push(rowsOf);
    for (const a of g.assets) {
      if (a.serial === '') {
        noteFill(filled, 'Serial Number', 'empty: counted in its lot’s quantity, with no unit record', a.line);
        continue;
      }
      units.push({ lotCode: code, serial: a.serial, assetTag: a.assetTag });
      unitRows.push(a.line);
    }
  }
  const unitColumns = UNIT_CSV_COLUMNS.map((c) => c.name);
  const unitsCsv = toCsv(unitColumns, units.map((u) => unitColumns.map((c) => (c === 'lot_code' ? u.lotCode : c === 'serial' ? u.serial : c === 'asset_tag' ? u.assetTag : ''))));
  return ok({
    lots,
    units,
    filled,
    leftOut: [...leftOut].map(([status, rows]) => ({ status, rows })),
    lotsCsv: lotsToCsv(lots),
    unitsCsv,
    lotRows,
    unitRows,
  });
}

// ---- Writing ----------------------------------------------------------------------------------

export interface SnipeItExportLot {
  code: string;
  manufacturer: string;
  model: string;
  category: Category;
  quantity: number;
  unitCost: number;
  currency: CurrencyCode;
  purchaseDate: IsoDate;
  status: LotStatus;
  siteCode: string;
  poNumber: string;
  supplier: string;
  warrantyEnd: IsoDate | null;
  units: readonly { serial: string; assetTag: string; siteCode: string }[];
}

/** Whole months from the purchase date to the day after the warranty's last day (Snipe-IT keeps months). */
export function warrantyMonths(purchaseDate: IsoDate, warrantyEnd: IsoDate | null): string {
  if (warrantyEnd === null || compareIso(warrantyEnd, purchaseDate) < 0) return '';
  const end = addDays(warrantyEnd, 1);
  let months = (Number(end.slice(0, 4)) - Number(purchaseDate.slice(0, 4))) * 12 + Number(end.slice(5, 7)) - Number(purchaseDate.slice(5, 7));
  while (months > 0 && compareIso(addMonths(purchaseDate, months), end) > 0) months -= 1;
  return String(months);
}

/**
 * The asset tag of item `n` of a lot without a unit record: `<lot code>-<n>` as an asset tag
 * (ASSET_TAG_FORMAT: upper case, other characters as "-", at most 40 characters, the number kept),
 * so that the file reads back: a lot code may hold spaces or brackets, or be longer than a tag.
 */
function generatedAssetTag(lotCode: string, n: number): string {
  const suffix = `-${n}`;
  const stem = normaliseCode(lotCode).replace(/[^A-Z0-9\-_./]+/gu, '-').replace(/^[^A-Z0-9]+|[^A-Z0-9]+$/gu, '') || 'ITEM';
  return `${stem.slice(0, 40 - suffix.length)}${suffix}`;
}

/**
 * Snipe-IT asset import CSV: one row per unit. With `allItems`, a lot's items without a unit
 * record get a row each too, with a generated asset tag (`<lot code>-<n>`, see
 * {@link generatedAssetTag}) and no serial;
 * otherwise only units that exist are written. Disposed lots go out as Archived.
 */
/**
 * What a Snipe-IT export cannot carry: the currency of its costs, when the lots it writes rows for
 * are in more than one. Snipe-IT keeps no currency, and reading the file back (the app's Snipe-IT
 * import, `fleetledger convert`) takes every Purchase Cost in the one currency chosen, so a JPY
 * lot beside USD ones would come back 1,500,000 USD. Null when the rows are in one currency.
 */
export function snipeItCurrencyNote(lots: readonly Pick<SnipeItExportLot, 'currency' | 'quantity' | 'units'>[], options: { allItems: boolean }): string | null {
  const lotsOf = new Map<string, number>();
  for (const lot of lots) {
    const rows = options.allItems ? Math.max(lot.quantity, lot.units.length) : lot.units.length;
    if (rows > 0) lotsOf.set(lot.currency, (lotsOf.get(lot.currency) ?? 0) + 1);
  }
  if (lotsOf.size < 2) return null;
  const parts = [...lotsOf].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([currency, n]) => `${currency} (${n} lot${n === 1 ? '' : 's'})`);
  return `Purchase Cost is written in each lot’s own currency: ${parts.join(', ')}. Snipe-IT keeps no currency, and reading the file back takes every cost in the one currency chosen, so import each currency’s assets on their own.`;
}

export function snipeItAssetsCsv(lots: readonly SnipeItExportLot[], options: { allItems: boolean }): string {
  const rows: string[][] = [];
  for (const lot of lots) {
    const base = {
      name: lot.code,
      cost: formatDecimal(lot.unitCost, lot.currency),
      status: SNIPEIT_STATUS_NAMES[lot.status],
      warranty: warrantyMonths(lot.purchaseDate, lot.warrantyEnd),
    };
    const row = (assetTag: string, serial: string, site: string): string[] => [
      assetTag, base.name, lot.model, '', lot.category, lot.manufacturer, serial, lot.purchaseDate, base.cost, lot.poNumber, lot.supplier, site, base.status, base.warranty, `${LOT_MARKER}${lot.code}`,
    ];
    for (const u of lot.units) rows.push(row(u.assetTag, u.serial, u.siteCode || lot.siteCode));
    if (options.allItems) {
      for (let n = lot.units.length + 1; n <= lot.quantity; n += 1) rows.push(row(generatedAssetTag(lot.code, n), '', lot.siteCode));
    }
  }
  return toCsv(SNIPEIT_EXPORT_COLUMNS, rows);
}

/** For the README and the preview: the status table as the import applies it by default. */
export function describeStatusMap(): string[] {
  return Object.entries(DEFAULT_SNIPEIT_STATUS_MAP).map(([name, target]) => `${name} → ${target === 'leave-out' ? 'left out' : STATUS_LABELS[target]}`);
}
