/**
 * The lots CSV format: what the app and the `fleetledger` CLI import and export.
 *
 * Import is validate-everything-first: {@link parseLotCsv} reads the whole file, collects every
 * problem (header and rows) with its file row and column, and returns rows only when there are
 * none, so an all-or-nothing import is the natural way to call it. Export writes exactly the
 * import columns in the documented order, so export → import gives back the same lots.
 *
 * The rules mirror what `validateLot` (lotChanges.ts) demands of a lot in each status, so a
 * row that passes here also passes `createLot`, and the problem is reported with its row and
 * column instead of surfacing later without them (a test checks the two agree).
 *
 * Validation is hand-written rather than a zod schema: every message names the column and the
 * offending value and says what to write instead, and the cross-field rules (salvage vs. cost,
 * status vs. dates and PO) need the parsed values of several columns at once.
 */
import { isHsCode, parseCountryCode, parseEccn } from './compliance';
import { CATEGORIES, isCategory, type Category } from './catalog';
import { csvRowReader, noteFill, parseCsvTable, readCsvHeader, toCsv, type CsvDelimiter, type CsvRowError, type ImportFill } from './csv';
import { compareIso, parseIsoDate, type IsoDate } from './dates';
import {
  LOT_STATUSES,
  REQUIRES_PO_NUMBER,
  REQUIRES_RECEIVED_DATE,
  REQUIRES_REPLACEMENT_PLAN,
  hasBeenInService,
  isLotStatus,
  type LotStatus,
} from './lifecycle';
import { formatDecimal, type CurrencyCode } from './money';
import { tagsFromText, tagsText } from './lot';
import { parseSupplierChannel, SUPPLIER_CHANNELS, type SupplierChannel } from './suppliers';

export type { CsvRowError, ImportFill } from './csv';
export { describeFill, formatCsvErrors } from './csv';

export interface LotCsvColumn {
  name: string;
  required: boolean;
  description: string;
}

/** The columns in the order export writes them. Import accepts them in any order. */
export const LOT_CSV_COLUMNS = [
  { name: 'lot_code', required: true, description: 'Unique code of the lot, e.g. GPU-2024-001; must not already exist in the fleet.' },
  { name: 'manufacturer', required: true, description: 'Hardware manufacturer, e.g. Supermicro.' },
  { name: 'model', required: true, description: 'Model name, e.g. SYS-821GE-TNHR.' },
  { name: 'category', required: true, description: `One of: ${CATEGORIES.join(', ')}.` },
  { name: 'quantity', required: true, description: 'Number of units in the lot, a whole number above 0.' },
  { name: 'unit_cost', required: true, description: 'Cost per unit in the lot currency, decimal point, e.g. 28500.00.' },
  { name: 'currency', required: true, description: 'ISO 4217 code, e.g. USD.' },
  { name: 'purchase_date', required: true, description: 'Purchase date, YYYY-MM-DD.' },
  { name: 'status', required: true, description: 'Lifecycle status (any except disposed), e.g. in-service.' },
  { name: 'site', required: true, description: 'Code of the site the lot is at or destined for, e.g. AMS1; may be empty for a lot not in service yet (planned, ordered, received).' },
  { name: 'in_service_date', required: false, description: 'Date the lot went into service, YYYY-MM-DD; when empty for a lot that has been in service, the received date is taken, else the purchase date (the preview says so).' },
  { name: 'po_number', required: false, description: 'Purchase order number; an ordered or received lot without one is imported flagged “PO missing” until it is filled in.' },
  { name: 'supplier', required: false, description: 'Who the lot was bought from: a supplier’s name (case-insensitive); a name not yet among the suppliers becomes a new supplier.' },
  { name: 'salvage_value', required: false, description: 'Expected end-of-life value per unit in the lot currency; default 0.' },
  { name: 'warranty_end', required: false, description: 'Last day of the warranty, YYYY-MM-DD.' },
  { name: 'power_watts', required: false, description: "Typical draw per unit in watts, a whole number; empty uses the model's figure." },
  { name: 'notes', required: false, description: 'Free text; may span several lines if quoted.' },
  { name: 'received_date', required: false, description: 'Date the units were delivered, YYYY-MM-DD; required for received lots.' },
  { name: 'extra_costs', required: false, description: 'Capitalised freight, tax and installation for the whole lot, in the lot currency; default 0.' },
  { name: 'support_cost_per_year', required: false, description: 'Support contract cost per unit per year, in the lot currency; default 0.' },
  { name: 'replacement_plan', required: false, description: 'How the lot will be replaced; required for replacing.' },
  { name: 'country_of_origin', required: false, description: 'Where the model is made, ISO 3166 alpha-2, e.g. TW; for a model the import creates, or the one the catalogue has.' },
  { name: 'export_classification', required: false, description: 'The model’s ECCN, e.g. 4A090.a or 5A992.c, or EAR99; same rule.' },
  { name: 'hs_code', required: false, description: 'The model’s HS code, 6–10 digits, e.g. 8471.50; same rule.' },
  { name: 'site_country', required: false, description: 'The site’s country, ISO 3166 alpha-2, e.g. NL; for a site the import creates, or the one the catalogue has.' },
  { name: 'supplier_country', required: false, description: 'The supplier’s country, ISO 3166 alpha-2, e.g. US; for a supplier the import creates, or the one Suppliers has.' },
  { name: 'supplier_channel', required: false, description: `How the supplier sells: ${SUPPLIER_CHANNELS.join(', ')} (or their names, e.g. “OEM direct”, “broker / secondary market”); same rule.` },
  { name: 'tags', required: false, description: 'The lot’s tags, separated by commas as in the lot form, e.g. “training, cluster-a” (quote the cell in a comma-separated file).' },
] as const satisfies readonly LotCsvColumn[];

export type LotCsvColumnName = (typeof LOT_CSV_COLUMNS)[number]['name'];

const COLUMN_NAMES: readonly LotCsvColumnName[] = LOT_CSV_COLUMNS.map((c) => c.name);
const REQUIRED_COLUMNS: readonly LotCsvColumnName[] = LOT_CSV_COLUMNS.filter((c) => c.required).map((c) => c.name);


// ---- Status rules -------------------------------------------------------------------------
// What a lot's status says must be on record: the guards of the moves that lead to it, as
// validateLot (lotChanges.ts) checks them. Derived from lifecycle.ts so they cannot drift.

/** Disposed lots need a disposition and proceeds, which this format does not carry. */
export type ImportableLotStatus = Exclude<LotStatus, 'disposed'>;

export function isImportableLotStatus(text: string): text is ImportableLotStatus {
  return text !== 'disposed' && isLotStatus(text);
}

export const IMPORTABLE_LOT_STATUSES: readonly ImportableLotStatus[] = LOT_STATUSES.filter(isImportableLotStatus);

/** Every status past planned went through "ordered needs a PO". */
export const STATUSES_REQUIRING_PO_NUMBER: readonly ImportableLotStatus[] = IMPORTABLE_LOT_STATUSES.filter((s) => REQUIRES_PO_NUMBER.includes(s));

/** The rules come from shared/lifecycle.ts, the same ones creating or editing a lot applies. */
export const STATUSES_REQUIRING_RECEIVED_DATE: readonly ImportableLotStatus[] = IMPORTABLE_LOT_STATUSES.filter((s) => REQUIRES_RECEIVED_DATE.includes(s));

/**
 * Statuses only reachable through in-service need its date (depreciation starts then). Spare,
 * RMA, draining and sanitised can also be reached by units never put into service, so there
 * the date is optional.
 */
export const STATUSES_REQUIRING_IN_SERVICE_DATE: readonly ImportableLotStatus[] = IMPORTABLE_LOT_STATUSES.filter(hasBeenInService);

/** "Replacing" needs a replacement plan. */
export const STATUSES_REQUIRING_REPLACEMENT_PLAN: readonly ImportableLotStatus[] = IMPORTABLE_LOT_STATUSES.filter((s) => REQUIRES_REPLACEMENT_PLAN.includes(s));

/** Every import rule, one sentence each, for the README and the import dialog's help. */
export const LOT_CSV_RULES: readonly string[] = [
  'The file is UTF-8 (a BOM is fine), comma- or semicolon-separated (detected from the header row), with CRLF, LF or CR line ends; values containing the separator, quotes or line breaks are quoted as in RFC 4180.',
  'The first non-blank row is the header. Column names are case-insensitive and may use spaces or hyphens for underscores; order is free. Unknown or repeated columns are an error (a misspelt optional column would otherwise lose its data silently).',
  `Required columns: ${REQUIRED_COLUMNS.join(', ')}. Optional: ${COLUMN_NAMES.filter((c) => !REQUIRED_COLUMNS.includes(c)).join(', ')}.`,
  'Blank rows are skipped. Values are trimmed. A row may not have values beyond the named columns.',
  'lot_code is unique within the file and must not already exist in the fleet.',
  `category is one of: ${CATEGORIES.join(', ')} (case-insensitive). It is the model’s (it decides the lot’s depreciation policies): every row of a model gives the same one, and a model already in the catalogue keeps its own, so a row giving another category is an error.`,
  'quantity is a whole number above 0.',
  'currency is a 3-letter ISO 4217 code (case-insensitive, stored upper-case).',
  'unit_cost and salvage_value are per unit, in the row currency, 0 or more, with a decimal point and at most the currency’s decimal places (e.g. 2 for USD, 0 for JPY); no currency symbol. In a semicolon-separated file they may not contain commas, which could be decimal commas. salvage_value defaults to 0 and may not exceed unit_cost.',
  'extra_costs (whole lot) and support_cost_per_year (per unit) follow the same amount rules and default to 0.',
  'purchase_date, received_date, in_service_date and warranty_end are real calendar dates in YYYY-MM-DD form; received_date and in_service_date may not be before purchase_date, nor in_service_date before received_date.',
  `status is one of: ${IMPORTABLE_LOT_STATUSES.join(', ')} (case-insensitive). disposed cannot be imported: a disposal needs a disposition and proceeds; import the lot in its last status and dispose of it in Fleetledger.`,
  `po_number belongs to a lot whose status is ${STATUSES_REQUIRING_PO_NUMBER.join(' or ')}; when it is empty, the lot is imported with no PO and flagged “PO missing” in the lots list until someone fills it in. The preview lists those rows.`,
  `received_date is required when status is ${STATUSES_REQUIRING_RECEIVED_DATE.join(', ')}.`,
  `in_service_date belongs to a lot whose status is ${STATUSES_REQUIRING_IN_SERVICE_DATE.join(', ')}; when it is empty there, it is taken from received_date, else from purchase_date (depreciation starts then). The preview lists every value filled in, and you can still cancel.`,
  `replacement_plan is required when status is ${STATUSES_REQUIRING_REPLACEMENT_PLAN.join(', ')}.`,
  `site is a site code (when the importer is given the known sites, it must be one of them); it may be empty for a lot that has not been in service (the lot then has no site yet), and is required when status is ${STATUSES_REQUIRING_IN_SERVICE_DATE.join(', ')}.`,
  'power_watts is a whole number of watts, 0 or more, or empty to use the model’s figure.',
  'country_of_origin, site_country and supplier_country are ISO 3166 alpha-2 codes (case-insensitive), export_classification an ECCN (e.g. 3A090, 4A090.a, 5A992.c) or EAR99, hs_code 6–10 digits with optional dots, supplier_channel one of oem-direct, distributor, reseller, broker. They describe the model, the site and the supplier: a model, site or supplier the import creates takes them (every row of it must agree); for one already in the catalogue they must match it or be empty — a lots file never changes the catalogue.',
  'tags are separated by commas, as in the lot form; each is trimmed and empty ones are dropped.',
  'Every problem in the file is reported with its row and column; nothing is imported unless there are none.',
];

// ---- Types --------------------------------------------------------------------------------

/** One validated lot row. Money is in minor units of `currency`, per unit. */
export interface LotImportRow {
  /** File row the lot came from (header = row 1). */
  line: number;
  lotCode: string;
  manufacturer: string;
  model: string;
  category: Category;
  quantity: number;
  unitCost: number;
  currency: CurrencyCode;
  purchaseDate: IsoDate;
  status: ImportableLotStatus;
  siteCode: string;
  inServiceDate: IsoDate | null;
  poNumber: string;
  supplier: string;
  /** Per unit. */
  salvageValue: number;
  warrantyEnd: IsoDate | null;
  powerWatts: number | null;
  notes: string;
  receivedDate: IsoDate | null;
  /** For the whole lot. */
  extraCosts: number;
  /** Per unit per year. */
  supportCostPerYear: number;
  replacementPlan: string;
  /** The model's and the site's provenance, as the row gives them ('' / null: not given). */
  countryOfOrigin: string | null;
  exportClassification: string;
  hsCode: string;
  siteCountry: string | null;
  /** The supplier's country and channel, as the row gives them (null: not given). */
  supplierCountry: string | null;
  supplierChannel: SupplierChannel | null;
  /** Trimmed, non-empty, in the order written. */
  tags: string[];
}

/** A flat view of a lot for export. Any status may be exported (disposed ones will not re-import). */
export type ExportLot = Omit<LotImportRow, 'line' | 'status'> & { status: LotStatus };

export interface LotCsvOptions {
  /** Codes of the lots already in the fleet. */
  existingCodes: ReadonlySet<string>;
  /** Codes of the known sites; when given, a site not among them (ignoring case) is an error. */
  siteCodes?: ReadonlySet<string>;
}

/** The lots, and every value filled in or let through on the way (listed in the preview), or every problem. */
export type LotCsvResult = { ok: true; rows: LotImportRow[]; filled: ImportFill[] } | { ok: false; errors: CsvRowError[] };

// ---- Import -------------------------------------------------------------------------------


const WHOLE_NUMBER = /^\d+$/u;
const CURRENCY = /^[A-Za-z]{3}$/u;

function quoteList(values: readonly string[], limit = 20): string {
  const shown = values.slice(0, limit).join(', ');
  return values.length > limit ? `${shown}, … (${values.length - limit} more)` : shown;
}

/**
 * Reads and validates a lots CSV. Returns every lot, or every problem (never both): header
 * problems (missing, unknown or repeated columns) and each row's problems are all collected,
 * ordered by row.
 */
export function parseLotCsv(text: string, options: LotCsvOptions): LotCsvResult {
  const table = parseCsvTable(text);
  if (!table.ok) return { ok: false, errors: [table.error] };
  const { header, headerLine, rows, delimiter } = table.value;
  const errors: CsvRowError[] = [];

  const { columnIndex, namedPositions } = readCsvHeader(header, headerLine, LOT_CSV_COLUMNS, errors);

  const knownSites = new Set([...(options.siteCodes ?? [])].map((c) => c.toLowerCase()));
  const firstRowOfCode = new Map<string, number>();
  const categoryOfModel = new Map<string, { category: Category; label: string }>();
  const parsed: LotImportRow[] = [];
  const filled: ImportFill[] = [];
  for (const { line, cells } of rows) {
    const row = validateRow(line, cells, {
      columnIndex,
      namedPositions,
      headerLength: header.length,
      delimiter,
      firstRowOfCode,
      categoryOfModel,
      options,
      knownSites,
      errors,
      filled,
    });
    if (row !== null) parsed.push(row);
  }

  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows: parsed, filled };
}

interface RowContext {
  columnIndex: ReadonlyMap<LotCsvColumnName, number>;
  namedPositions: ReadonlySet<number>;
  headerLength: number;
  delimiter: CsvDelimiter;
  firstRowOfCode: Map<string, number>;
  /** The category of each model (lower-cased manufacturer + model) as its first row gives it, with that row's spelling. */
  categoryOfModel: Map<string, { category: Category; label: string }>;
  options: LotCsvOptions;
  /** Lower-cased siteCodes: site codes match case-insensitively, as the importer looks them up. */
  knownSites: ReadonlySet<string>;
  errors: CsvRowError[];
  filled: ImportFill[];
}

/** Validates one row, pushing its problems to ctx.errors; the row when it has none. */
function validateRow(line: number, cells: readonly string[], ctx: RowContext): LotImportRow | null {
  const errorsBefore = ctx.errors.length;
  const reader = csvRowReader(line, cells, ctx);
  const { fail, get, required, singleLine, optionalDate, amount } = reader;
  reader.checkStray();

  // lot_code
  const lotCode = singleLine('lot_code', required('lot_code'));
  if (lotCode !== undefined && lotCode !== '') {
    const earlier = ctx.firstRowOfCode.get(lotCode);
    if (earlier !== undefined) {
      fail('lot_code', `"${lotCode}" is also the code of the lot on row ${earlier}; lot codes must be unique`);
    } else {
      ctx.firstRowOfCode.set(lotCode, line);
      if (ctx.options.existingCodes.has(lotCode)) {
        fail('lot_code', `"${lotCode}" is already a lot in the fleet; lot codes must be unique (use a new code, or leave the row out)`);
      }
    }
  }

  const manufacturer = required('manufacturer');
  const model = required('model');

  let category: Category | undefined;
  const categoryText = required('category');
  if (categoryText !== undefined && categoryText !== '') {
    const c = categoryText.toLowerCase();
    if (isCategory(c)) category = c;
    else fail('category', `"${categoryText}" is not a category; use one of: ${CATEGORIES.join(', ')}`);
  }
  // The category is the model's (it decides the lot's depreciation policies): the rows of one model must agree.
  if (category !== undefined && manufacturer !== undefined && manufacturer !== '' && model !== undefined && model !== '') {
    const key = `${manufacturer.toLowerCase()}\u0000${model.toLowerCase()}`;
    const earlier = ctx.categoryOfModel.get(key);
    if (earlier === undefined) ctx.categoryOfModel.set(key, { category, label: `${manufacturer} ${model}` });
    else if (earlier.category !== category) {
      category = fail('category', `${earlier.label} is ${earlier.category} from an earlier row of this file, not ${category}; a model has one category (it decides the depreciation policies)`);
    }
  }

  let quantity: number | undefined;
  const quantityText = required('quantity');
  if (quantityText !== undefined && quantityText !== '') {
    const q = Number(quantityText);
    if (WHOLE_NUMBER.test(quantityText) && Number.isSafeInteger(q) && q > 0) quantity = q;
    else fail('quantity', `"${quantityText}" is not a whole number of units above 0, e.g. 8`);
  }

  let currency: CurrencyCode | undefined;
  const currencyText = required('currency');
  if (currencyText !== undefined && currencyText !== '') {
    if (CURRENCY.test(currencyText)) currency = currencyText.toUpperCase();
    else fail('currency', `"${currencyText}" is not a currency code; use a 3-letter ISO 4217 code such as USD or EUR`);
  }

  // Amounts can only be read in a known currency (its decimal places); a bad currency is reported above.
  let unitCost: number | undefined;
  const unitCostText = required('unit_cost');
  if (unitCostText !== undefined && unitCostText !== '' && currency !== undefined) {
    unitCost = amount('unit_cost', unitCostText, currency);
    if (unitCost !== undefined && quantity !== undefined && !Number.isSafeInteger(unitCost * quantity)) {
      unitCost = fail('unit_cost', `"${unitCostText}" × ${quantity} units is too large a total to hold exactly`);
    }
  }

  /** 0 when empty; undefined when invalid (reported) or unreadable for want of a currency. */
  const optionalAmount = (name: LotCsvColumnName): number | undefined => {
    const v = get(name) ?? '';
    if (v === '') return 0;
    return currency === undefined ? undefined : amount(name, v, currency);
  };

  let salvageValue = optionalAmount('salvage_value');
  if (salvageValue !== undefined && unitCost !== undefined && currency !== undefined && salvageValue > unitCost) {
    salvageValue = fail(
      'salvage_value',
      `${formatDecimal(salvageValue, currency)} is more than the unit cost ${formatDecimal(unitCost, currency)}; salvage value is per unit and cannot exceed what a unit cost`,
    );
  }

  let purchaseDate: IsoDate | undefined;
  const purchaseText = required('purchase_date');
  if (purchaseText !== undefined && purchaseText !== '') {
    const d = parseIsoDate(purchaseText);
    if (d.ok) purchaseDate = d.value;
    else fail('purchase_date', d.error);
  }

  let status: ImportableLotStatus | undefined;
  const statusText = required('status');
  if (statusText !== undefined && statusText !== '') {
    const s = statusText.toLowerCase();
    if (s === 'disposed') {
      fail(
        'status',
        '"disposed" cannot be imported: a disposal needs a disposition and proceeds, which this file does not carry; import the lot in its last status (e.g. sanitised) and record the disposal in Fleetledger',
      );
    } else if (isImportableLotStatus(s)) {
      status = s;
    } else {
      fail('status', `"${statusText}" is not a status; use one of: ${IMPORTABLE_LOT_STATUSES.join(', ')}`);
    }
  }

  // A lot not yet in service may have no site (the app allows it, and exports it so): it comes back without one.
  // (A missing column is the header's problem, reported once; its rows give no lot.)
  const siteCode = singleLine('site', get('site'));
  if (siteCode === '' && status !== undefined && hasBeenInService(status)) fail('site', `is empty, but a lot with status "${status}" needs its site`);
  const siteCodes = ctx.options.siteCodes;
  if (siteCode !== undefined && siteCode !== '' && siteCodes !== undefined && !ctx.knownSites.has(siteCode.toLowerCase())) {
    fail('site', `"${siteCode}" is not a site in Fleetledger; add the site first, or use one of: ${quoteList([...siteCodes].sort())}`);
  }

  const receivedDate = optionalDate('received_date');
  if (status !== undefined && receivedDate === null && STATUSES_REQUIRING_RECEIVED_DATE.includes(status)) {
    fail('received_date', `is empty, but a lot with status "${status}" needs the date its units were delivered`);
  }
  if (typeof receivedDate === 'string' && purchaseDate !== undefined && compareIso(receivedDate, purchaseDate) < 0) {
    fail('received_date', `${receivedDate} is before the purchase date ${purchaseDate}`);
  }

  let inServiceDate = optionalDate('in_service_date');
  if (typeof inServiceDate === 'string' && purchaseDate !== undefined && compareIso(inServiceDate, purchaseDate) < 0) {
    fail('in_service_date', `${inServiceDate} is before the purchase date ${purchaseDate}`);
  }
  // As a person would: a lot in service since it arrived (or was bought). Said in the preview.
  if (status !== undefined && inServiceDate === null && STATUSES_REQUIRING_IN_SERVICE_DATE.includes(status)) {
    if (typeof receivedDate === 'string') {
      inServiceDate = receivedDate;
      noteFill(ctx.filled, 'in_service_date', 'taken from received_date', line);
    } else if (receivedDate === null && purchaseDate !== undefined) {
      inServiceDate = purchaseDate;
      noteFill(ctx.filled, 'in_service_date', 'taken from purchase_date', line);
    }
  }

  const poNumber = get('po_number') ?? '';
  if (status !== undefined && poNumber === '' && STATUSES_REQUIRING_PO_NUMBER.includes(status)) {
    noteFill(ctx.filled, 'po_number', 'empty: the lots are imported flagged “PO missing”', line);
  }

  const replacementPlan = get('replacement_plan') ?? '';
  if (status !== undefined && replacementPlan === '' && STATUSES_REQUIRING_REPLACEMENT_PLAN.includes(status)) {
    fail('replacement_plan', `is empty, but a lot with status "${status}" needs its replacement plan (or a note on why there is none)`);
  }

  const warrantyEnd = optionalDate('warranty_end');
  const extraCosts = optionalAmount('extra_costs');
  const supportCostPerYear = optionalAmount('support_cost_per_year');

  let powerWatts: number | null | undefined = null;
  const powerText = get('power_watts') ?? '';
  if (powerText !== '') {
    const w = Number(powerText);
    powerWatts =
      WHOLE_NUMBER.test(powerText) && Number.isSafeInteger(w)
        ? w
        : fail('power_watts', `"${powerText}" is not a whole number of watts (0 or more), e.g. 700`);
  }

  const country = (name: 'country_of_origin' | 'site_country' | 'supplier_country'): string | null | undefined => {
    const text = get(name) ?? '';
    if (text === '') return null;
    return parseCountryCode(text) ?? fail(name, `"${text}" is not an ISO 3166 alpha-2 country code, e.g. TW, US or NL`);
  };
  const countryOfOrigin = country('country_of_origin');
  const siteCountry = country('site_country');
  const supplierCountry = country('supplier_country');
  const channelText = get('supplier_channel') ?? '';
  const supplierChannel = parseSupplierChannel(channelText) ?? (channelText === '' ? null : fail('supplier_channel', `"${channelText}" is not a supplier channel: one of ${SUPPLIER_CHANNELS.join(', ')}`));
  const supplier = get('supplier') ?? '';
  if (supplier === '' && (supplierCountry || supplierChannel)) fail(supplierCountry ? 'supplier_country' : 'supplier_channel', 'describes a supplier, but the row names none (supplier is empty)');
  const eccnText = get('export_classification') ?? '';
  const exportClassification = eccnText === '' ? '' : (parseEccn(eccnText) ?? fail('export_classification', `"${eccnText}" is not an export classification: an ECCN such as 3A090, 4A090.a or 5A992.c, or EAR99`));
  const hsText = get('hs_code') ?? '';
  const hsCode = hsText === '' || isHsCode(hsText) ? hsText : fail('hs_code', `"${hsText}" is not an HS code: 6 to 10 digits, dots allowed, e.g. 8471.50`);
  // As the lot form reads its Tags field (comma-separated), so an export's tags come back as they were.
  const tagsCell = singleLine('tags', get('tags'));
  const tags = tagsCell === undefined ? [] : tagsFromText(tagsCell);

  if (
    ctx.errors.length > errorsBefore ||
    countryOfOrigin === undefined ||
    siteCountry === undefined ||
    supplierCountry === undefined ||
    supplierChannel === undefined ||
    exportClassification === undefined ||
    hsCode === undefined ||
    lotCode === undefined ||
    manufacturer === undefined ||
    model === undefined ||
    category === undefined ||
    quantity === undefined ||
    unitCost === undefined ||
    currency === undefined ||
    purchaseDate === undefined ||
    status === undefined ||
    siteCode === undefined ||
    inServiceDate === undefined ||
    salvageValue === undefined ||
    warrantyEnd === undefined ||
    powerWatts === undefined ||
    receivedDate === undefined ||
    extraCosts === undefined ||
    supportCostPerYear === undefined
  ) {
    return null;
  }
  return {
    line,
    lotCode,
    manufacturer,
    model,
    category,
    quantity,
    unitCost,
    currency,
    purchaseDate,
    status,
    siteCode,
    inServiceDate,
    poNumber,
    supplier,
    salvageValue,
    warrantyEnd,
    powerWatts,
    notes: get('notes') ?? '',
    receivedDate,
    extraCosts,
    supportCostPerYear,
    replacementPlan,
    countryOfOrigin,
    exportClassification,
    hsCode,
    siteCountry,
    supplierCountry,
    supplierChannel,
    tags,
  };
}

// ---- Export -------------------------------------------------------------------------------

/** Writes lots in the import format (same columns, documented order), so re-importing gives them back. */
export function lotsToCsv(lots: readonly ExportLot[]): string {
  const rows = lots.map((lot) => {
    const cells: Record<LotCsvColumnName, string> = {
      lot_code: lot.lotCode,
      manufacturer: lot.manufacturer,
      model: lot.model,
      category: lot.category,
      quantity: String(lot.quantity),
      unit_cost: formatDecimal(lot.unitCost, lot.currency),
      currency: lot.currency,
      purchase_date: lot.purchaseDate,
      status: lot.status,
      site: lot.siteCode,
      in_service_date: lot.inServiceDate ?? '',
      po_number: lot.poNumber,
      supplier: lot.supplier,
      salvage_value: formatDecimal(lot.salvageValue, lot.currency),
      warranty_end: lot.warrantyEnd ?? '',
      power_watts: lot.powerWatts === null ? '' : String(lot.powerWatts),
      notes: lot.notes,
      received_date: lot.receivedDate ?? '',
      extra_costs: formatDecimal(lot.extraCosts, lot.currency),
      support_cost_per_year: formatDecimal(lot.supportCostPerYear, lot.currency),
      replacement_plan: lot.replacementPlan,
      country_of_origin: lot.countryOfOrigin ?? '',
      export_classification: lot.exportClassification,
      hs_code: lot.hsCode,
      site_country: lot.siteCountry ?? '',
      supplier_country: lot.supplierCountry ?? '',
      supplier_channel: lot.supplierChannel ?? '',
      tags: tagsText(lot.tags),
    };
    return COLUMN_NAMES.map((name) => cells[name]);
  });
  return toCsv(COLUMN_NAMES, rows);
}
