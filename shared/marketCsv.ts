/**
 * The market observations CSV format: prices seen on the secondary market, imported and
 * exported by the app and the `fleetledger` CLI.
 *
 * Built like the lots format (lotCsv.ts): {@link parseMarketCsv} reads the whole file, collects
 * every problem with its file row and column, and returns rows only when there are none, so
 * the import is all-or-nothing; export writes the import columns in the documented order, so
 * export → import gives back the same observations.
 *
 * Two decisions worth knowing:
 * - quantity may be left empty and then means 1 (a price seen for a single unit is the common
 *   case when someone copies prices from listings); when written it must be a whole number above
 *   0. The column itself may be omitted for the same reason.
 * - source is required: a price with no provenance cannot be checked or weighed later, and the
 *   residual-value fit is only as honest as its inputs.
 */
import { csvRowReader, parseCsvTable, readCsvHeader, toCsv, type CsvDelimiter, type CsvRowError } from './csv';
import { compareIso, parseIsoDate, type IsoDate } from './dates';
import { CONDITION_LABELS, CONDITIONS, type Condition } from './market';
import { formatDecimal, type CurrencyCode } from './money';

export type { CsvRowError } from './csv';
export { formatCsvErrors } from './csv';

export interface MarketCsvColumn {
  name: string;
  required: boolean;
  description: string;
}

/** The columns in the order export writes them. Import accepts them in any order. */
export const MARKET_CSV_COLUMNS = [
  { name: 'manufacturer', required: true, description: 'Hardware manufacturer, as in the model catalogue, e.g. Supermicro.' },
  { name: 'model', required: true, description: 'Model name, as in the model catalogue, e.g. SYS-821GE-TNHR.' },
  { name: 'date', required: true, description: 'Day the price was seen, YYYY-MM-DD; not in the future.' },
  { name: 'unit_price', required: true, description: 'Price per unit in the row currency, decimal point, above 0, e.g. 18500.00.' },
  { name: 'currency', required: true, description: 'ISO 4217 code, e.g. USD.' },
  { name: 'condition', required: true, description: 'new, refurbished, used or as-is (also "certified refurbished", "used working", "as is").' },
  { name: 'quantity', required: false, description: 'Units offered or sold at that price, a whole number above 0; empty means 1.' },
  { name: 'source', required: true, description: 'Where the price was seen: broker, marketplace, auction or quote.' },
  { name: 'note', required: false, description: 'Free text; may span several lines if quoted.' },
] as const satisfies readonly MarketCsvColumn[];

export type MarketCsvColumnName = (typeof MARKET_CSV_COLUMNS)[number]['name'];

const COLUMN_NAMES: readonly MarketCsvColumnName[] = MARKET_CSV_COLUMNS.map((c) => c.name);
const REQUIRED_COLUMNS: readonly MarketCsvColumnName[] = MARKET_CSV_COLUMNS.filter((c) => c.required).map((c) => c.name);


/**
 * Condition words people write, after lower-casing and turning runs of spaces, hyphens,
 * underscores and commas into one space. The app's own labels (CONDITION_LABELS: "Certified
 * refurbished", "Used, working", "As-is") are among them, so a sheet written from the screen
 * reads back.
 */
const CONDITION_WORDS: Readonly<Record<string, Condition>> = {
  new: 'new',
  refurbished: 'refurbished',
  'certified refurbished': 'refurbished',
  used: 'used',
  'used working': 'used',
  'as is': 'as-is',
};

function normaliseWords(text: string): string {
  return text.trim().toLowerCase().replace(/[\s,_-]+/gu, ' ').trim();
}

/** The condition a cell names, or null. Exported for the manual entry form. */
export function parseCondition(text: string): Condition | null {
  return CONDITION_WORDS[normaliseWords(text)] ?? null;
}

/** Every import rule, one sentence each, for the README and the import dialog's help. */
export const MARKET_CSV_RULES: readonly string[] = [
  'The file is UTF-8 (a BOM is fine), comma- or semicolon-separated (detected from the header row), with CRLF, LF or CR line ends; values containing the separator, quotes or line breaks are quoted as in RFC 4180.',
  'The first non-blank row is the header. Column names are case-insensitive and may use spaces or hyphens for underscores; order is free. Unknown or repeated columns are an error.',
  `Required columns: ${REQUIRED_COLUMNS.join(', ')}. Optional: ${COLUMN_NAMES.filter((c) => !REQUIRED_COLUMNS.includes(c)).join(', ')}.`,
  'Blank rows are skipped. Values are trimmed. A row may not have values beyond the named columns.',
  'manufacturer and model name a model in the catalogue (case-insensitive); when the importer is given the catalogue, an unknown model is an error (add it first: its category decides the price curve).',
  'date is a real calendar date in YYYY-MM-DD form, not later than today.',
  'unit_price is per unit, in the row currency, above 0, with a decimal point and at most the currency’s decimal places; no currency symbol. In a semicolon-separated file it may not contain commas, which could be decimal commas.',
  'currency is a 3-letter ISO 4217 code (case-insensitive, stored upper-case).',
  `condition is one of: ${CONDITIONS.join(', ')} (case-insensitive; "certified refurbished", "used working" and "as is" are accepted too, as are the labels ${CONDITIONS.map((c) => `"${CONDITION_LABELS[c]}"`).join(', ')}).`,
  'quantity is a whole number above 0; empty means 1.',
  'source is required: where the price was seen.',
  'Every problem in the file is reported with its row and column; nothing is imported unless there are none.',
];

// ---- Types --------------------------------------------------------------------------------

/** One validated observation row. Money is minor units of `currency`, per unit. */
export interface MarketImportRow {
  /** File row it came from (header = row 1). */
  line: number;
  manufacturer: string;
  model: string;
  date: IsoDate;
  unitPrice: number;
  currency: CurrencyCode;
  condition: Condition;
  quantity: number;
  source: string;
  note: string;
}

/** A flat view of an observation for export (model resolved to its names). */
export type ExportMarketObservation = Omit<MarketImportRow, 'line'>;

export interface MarketCsvOptions {
  /** Today: observations dated later are refused. */
  asOf: IsoDate;
  /** The catalogue; when given, a row whose manufacturer + model is not in it is an error. */
  knownModels?: readonly { manufacturer: string; name: string }[];
}

export type MarketCsvResult = { ok: true; rows: MarketImportRow[] } | { ok: false; errors: CsvRowError[] };

// ---- Import -------------------------------------------------------------------------------


const modelKey = (manufacturer: string, name: string): string => `${manufacturer.trim().toLowerCase()}\u0000${name.trim().toLowerCase()}`;

const WHOLE_NUMBER = /^\d+$/u;
const CURRENCY = /^[A-Za-z]{3}$/u;

/**
 * Reads and validates a market observations CSV. Returns every row, or every problem (never
 * both), ordered by row, header problems first.
 */
export function parseMarketCsv(text: string, options: MarketCsvOptions): MarketCsvResult {
  const table = parseCsvTable(text);
  if (!table.ok) return { ok: false, errors: [table.error] };
  const { header, headerLine, rows, delimiter } = table.value;
  const errors: CsvRowError[] = [];

  const { columnIndex, namedPositions } = readCsvHeader(header, headerLine, MARKET_CSV_COLUMNS, errors);
  const knownModels = options.knownModels === undefined ? null : new Set(options.knownModels.map((m) => modelKey(m.manufacturer, m.name)));

  const parsed: MarketImportRow[] = [];
  for (const { line, cells } of rows) {
    const row = validateRow(line, cells, { columnIndex, namedPositions, headerLength: header.length, delimiter, asOf: options.asOf, knownModels, errors });
    if (row !== null) parsed.push(row);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows: parsed };
}

interface RowContext {
  columnIndex: ReadonlyMap<MarketCsvColumnName, number>;
  namedPositions: ReadonlySet<number>;
  headerLength: number;
  delimiter: CsvDelimiter;
  asOf: IsoDate;
  knownModels: ReadonlySet<string> | null;
  errors: CsvRowError[];
}

function validateRow(line: number, cells: readonly string[], ctx: RowContext): MarketImportRow | null {
  const errorsBefore = ctx.errors.length;
  const reader = csvRowReader(line, cells, ctx);
  const { fail, get, required, singleLine, amount } = reader;
  reader.checkStray();

  const manufacturer = singleLine('manufacturer', required('manufacturer'));
  const model = singleLine('model', required('model'));
  if (ctx.knownModels !== null && manufacturer !== undefined && model !== undefined && manufacturer !== '' && model !== '') {
    if (!ctx.knownModels.has(modelKey(manufacturer, model))) {
      fail('model', `"${manufacturer} ${model}" is not a model in the catalogue; add it first (its category decides the price curve)`);
    }
  }

  let date: IsoDate | undefined;
  const dateText = required('date');
  if (dateText !== undefined && dateText !== '') {
    const d = parseIsoDate(dateText);
    if (!d.ok) fail('date', d.error);
    else if (compareIso(d.value, ctx.asOf) > 0) fail('date', `${d.value} is in the future (today is ${ctx.asOf}); record prices once they are seen`);
    else date = d.value;
  }

  let currency: CurrencyCode | undefined;
  const currencyText = required('currency');
  if (currencyText !== undefined && currencyText !== '') {
    if (CURRENCY.test(currencyText)) currency = currencyText.toUpperCase();
    else fail('currency', `"${currencyText}" is not a currency code; use a 3-letter ISO 4217 code such as USD or EUR`);
  }

  // An amount can only be read in a known currency (its decimal places); a bad currency is reported above.
  let unitPrice: number | undefined;
  const priceText = required('unit_price');
  if (priceText !== undefined && priceText !== '' && currency !== undefined) {
    // A negative price is refused as 0 is (the shared amount reader says "0 or more", and 0 is no price either).
    const price = /^-\s*\d/u.test(priceText) ? fail('unit_price', `"${priceText}" is negative; a price seen on the market is a positive amount`) : amount('unit_price', priceText, currency);
    if (price !== undefined) {
      if (price === 0) fail('unit_price', `"${priceText}" is not above 0; a price seen on the market is a positive amount`);
      else unitPrice = price;
    }
  }

  let condition: Condition | undefined;
  const conditionText = required('condition');
  if (conditionText !== undefined && conditionText !== '') {
    const c = parseCondition(conditionText);
    if (c !== null) condition = c;
    else fail('condition', `"${conditionText}" is not a condition; use one of: ${CONDITIONS.join(', ')}`);
  }

  let quantity: number | undefined = 1;
  const quantityText = get('quantity') ?? '';
  if (quantityText !== '') {
    const q = Number(quantityText);
    quantity =
      WHOLE_NUMBER.test(quantityText) && Number.isSafeInteger(q) && q > 0
        ? q
        : fail('quantity', `"${quantityText}" is not a whole number of units above 0, e.g. 8 (or leave it empty for 1)`);
  }

  const source = singleLine('source', required('source'));

  if (
    ctx.errors.length > errorsBefore ||
    manufacturer === undefined ||
    model === undefined ||
    date === undefined ||
    unitPrice === undefined ||
    currency === undefined ||
    condition === undefined ||
    quantity === undefined ||
    source === undefined
  ) {
    return null;
  }
  return { line, manufacturer, model, date, unitPrice, currency, condition, quantity, source, note: get('note') ?? '' };
}

// ---- Export -------------------------------------------------------------------------------

/** Writes observations in the import format (same columns, documented order), so re-importing gives them back. */
export function marketObservationsToCsv(observations: readonly ExportMarketObservation[]): string {
  const rows = observations.map((o) => {
    const cells: Record<MarketCsvColumnName, string> = {
      manufacturer: o.manufacturer,
      model: o.model,
      date: o.date,
      unit_price: formatDecimal(o.unitPrice, o.currency),
      currency: o.currency,
      condition: o.condition,
      quantity: String(o.quantity),
      source: o.source,
      note: o.note,
    };
    return COLUMN_NAMES.map((name) => cells[name]);
  });
  return toCsv(COLUMN_NAMES, rows);
}
