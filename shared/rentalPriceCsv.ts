/**
 * The rental price book as CSV (issue 12): what renting the same capacity costs, one row per
 * price seen — for a model (manufacturer + model) or for a whole category — imported into the
 * models' books and the team's category book all or nothing, and exported in the same columns
 * (so export → import changes nothing). A category's prices, and a price on one model of a
 * category, also price the category's other models, converted by performance
 * (shared/ownVsRent.ts rentalPriceFor).
 */
import { csvRowReader, HEADER_BUT_NO_ROWS, parseCsvTable, readCsvHeader, toCsv, type CsvRowError } from './csv';
import { CATEGORIES, isCategory, type Category, type HardwareModel } from './catalog';
import { parseIsoDate, type IsoDate } from './dates';
import type { Uuid } from './ids';
import { formatDecimal, type CurrencyCode } from './money';
import { RENTAL_TERMS, rentalPriceProblem, type CategoryRentalPrices, type RentalPriceEntry, type RentalTerm } from './ownVsRent';

export const RENTAL_PRICE_CSV_COLUMNS = [
  { name: 'manufacturer', required: false, description: 'The model’s manufacturer, as in the catalogue, e.g. Supermicro; empty for a category’s price.' },
  { name: 'model', required: false, description: 'The model’s name, as in the catalogue, e.g. SYS-821GE-TNHR; empty for a category’s price.' },
  { name: 'category', required: false, description: `For a price of a whole category instead of one model: ${CATEGORIES.join(', ')}.` },
  { name: 'term', required: true, description: 'on-demand, 1-year or 3-year (also "on demand", "1 year", "3 year" and the app’s labels).' },
  { name: 'performance_per_instance', required: true, description: 'The work one rented instance does, in the catalogue’s performance units (one unit of the model does its performance), above 0.' },
  { name: 'price_per_hour', required: true, description: 'Price of one instance for one hour in the row currency, decimal point, above 0, e.g. 98.32.' },
  { name: 'currency', required: true, description: 'ISO 4217 code, e.g. USD.' },
  { name: 'date', required: true, description: 'The day the price applies from (the price list’s or quote’s date, or a later start), YYYY-MM-DD from 1900 to 2199.' },
  { name: 'source', required: true, description: 'Where the price was seen, on one line.' },
] as const;
type Column = (typeof RENTAL_PRICE_CSV_COLUMNS)[number]['name'];

export const RENTAL_PRICE_CSV_RULES: readonly string[] = [
  'The file is UTF-8 (a BOM is fine), comma- or semicolon-separated, with a header row; column names are case-insensitive, in any order.',
  'A row names either a model of the catalogue by manufacturer and model (case-insensitive), and its price goes into that model’s rental price book, or a category, and its price goes into the team’s prices for that category.',
  'A row the book already holds (same term, work, price, currency, date and source) is left as it is; the same price twice in one file is an error.',
  'A date after today is a price that applies from that day (a quote or price list for a later start): own vs rent uses a price from its date on, so it counts from then.',
  'Every problem is reported with its row and column; nothing is imported unless there are none.',
];

const TERM_WORDS: Readonly<Record<string, RentalTerm>> = {
  'on demand': 'on-demand', ondemand: 'on-demand', '1 year': '1-year', '1 year term': '1-year', '1y': '1-year', '1 yr': '1-year', '3 year': '3-year', '3 year term': '3-year', '3y': '3-year', '3 yr': '3-year',
};

/** The term a cell names, or null. */
export function parseRentalTerm(text: string): RentalTerm | null {
  const words = text.trim().toLowerCase().replace(/[\s,_-]+/gu, ' ').trim();
  return TERM_WORDS[words] ?? null;
}

export interface RentalPriceRow {
  line: number;
  /** The model whose book the price goes into, or null for a category's price. */
  modelId: Uuid | null;
  /** For a category's price. */
  category: Category | null;
  /** "Supermicro SYS-821GE-TNHR", or "category gpu-server". */
  label: string;
  entry: Omit<RentalPriceEntry, 'id'>;
}

const modelKey = (manufacturer: string, name: string): string => `${manufacturer.trim().toLowerCase()}\u0000${name.trim().toLowerCase()}`;
const entryKey = (e: Omit<RentalPriceEntry, 'id'>): string => [e.term, e.performancePerInstance, e.pricePerHour, e.currency, e.date, e.source].join('\u0000');
const NUMBER = /^\d+(?:\.\d+)?$/u;

/** Reads a rental price CSV against the catalogue: every row, or every problem (never both). */
export function parseRentalPriceCsv(text: string, models: readonly Pick<HardwareModel, 'id' | 'manufacturer' | 'name'>[]): { ok: true; rows: RentalPriceRow[] } | { ok: false; errors: CsvRowError[] } {
  const table = parseCsvTable(text);
  if (!table.ok) return { ok: false, errors: [table.error] };
  const { header, headerLine, rows, delimiter } = table.value;
  const errors: CsvRowError[] = [];
  const { columnIndex, namedPositions } = readCsvHeader<Column>(header, headerLine, RENTAL_PRICE_CSV_COLUMNS, errors);
  const byKey = new Map(models.map((m) => [modelKey(m.manufacturer, m.name), m]));
  const seen = new Map<string, number>();
  const out: RentalPriceRow[] = [];
  for (const { line, cells } of rows) {
    const before = errors.length;
    const r = csvRowReader<Column>(line, cells, { columnIndex, namedPositions, headerLength: header.length, delimiter, errors });
    r.checkStray();
    const manufacturer = r.singleLine('manufacturer', r.get('manufacturer'));
    const name = r.singleLine('model', r.get('model'));
    const categoryText = r.get('category') ?? '';
    let model: Pick<HardwareModel, 'id' | 'manufacturer' | 'name'> | undefined;
    let category: Category | undefined;
    if (categoryText !== '') {
      if (manufacturer || name) r.fail('category', 'a row is for a model (manufacturer and model) or for a category, not both');
      else if (isCategory(categoryText.toLowerCase())) category = categoryText.toLowerCase() as Category;
      else r.fail('category', `"${categoryText}" is not a category; use one of: ${CATEGORIES.join(', ')}`);
    } else if (!manufacturer || !name) {
      r.fail(!manufacturer ? 'manufacturer' : 'model', 'a row names a model (manufacturer and model) or a category');
    } else {
      model = byKey.get(modelKey(manufacturer, name));
      if (model === undefined) r.fail('model', `"${manufacturer} ${name}" is not a model in the catalogue; add it first`);
    }
    const termText = r.required('term');
    let term: RentalTerm | undefined;
    if (termText) {
      term = parseRentalTerm(termText) ?? undefined;
      if (term === undefined) r.fail('term', `"${termText}" is not a rental term; use one of: ${RENTAL_TERMS.join(', ')}`);
    }
    const workText = r.required('performance_per_instance');
    let work: number | undefined;
    if (workText) {
      const w = Number(workText);
      if (NUMBER.test(workText) && w > 0) work = w;
      else r.fail('performance_per_instance', `"${workText}" is not a number above 0 with a decimal point, e.g. 2.5`);
    }
    const currencyText = r.required('currency');
    let currency: CurrencyCode | undefined;
    if (currencyText) {
      if (/^[A-Za-z]{3}$/u.test(currencyText)) currency = currencyText.toUpperCase();
      else r.fail('currency', `"${currencyText}" is not a currency code; use a 3-letter ISO 4217 code such as USD or EUR`);
    }
    const priceText = r.required('price_per_hour');
    let price: number | undefined;
    if (priceText && currency !== undefined) {
      // A negative price is refused as 0 is, by the rule the column has (above 0), not amount()'s "0 or more".
      price = /^-\s*\d/u.test(priceText) ? r.fail('price_per_hour', `"${priceText}" is not above 0; renting costs something`) : r.amount('price_per_hour', priceText, currency);
      if (price === 0) price = r.fail('price_per_hour', `"${priceText}" is not above 0; renting costs something`);
    }
    const dateText = r.required('date');
    let date: IsoDate | undefined;
    if (dateText) {
      const d = parseIsoDate(dateText);
      if (d.ok) date = d.value;
      else r.fail('date', d.error);
    }
    const source = r.singleLine('source', r.required('source'));
    if (errors.length > before || (model === undefined && category === undefined) || term === undefined || work === undefined || currency === undefined || price === undefined || date === undefined || !source) continue;
    const entry: Omit<RentalPriceEntry, 'id'> = { term, performancePerInstance: work, pricePerHour: price, currency, date, source };
    const problem = rentalPriceProblem({ ...entry, id: 'row' });
    if (problem !== null) {
      r.fail(null, problem);
      continue;
    }
    const key = `${model?.id ?? category}\u0000${entryKey(entry)}`;
    const first = seen.get(key);
    if (first !== undefined) {
      r.fail(null, `the same price as row ${first}`);
      continue;
    }
    seen.set(key, line);
    out.push({ line, modelId: model?.id ?? null, category: category ?? null, label: model === undefined ? `category ${category}` : `${model.manufacturer} ${model.name}`, entry });
  }
  if (errors.length === 0 && out.length === 0) errors.push({ row: headerLine, column: null, message: HEADER_BUT_NO_ROWS });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows: out };
}

export interface RentalPriceImportPlan {
  /** Per model touched: its whole new price book (the old entries, then the new ones). */
  changes: { modelId: Uuid; modelLabel: string; rentalPrices: RentalPriceEntry[]; added: number }[];
  /** The team's category prices with the file's added, when the file adds any; null otherwise. */
  categoryPrices: CategoryRentalPrices | null;
  /** Per category touched: how many prices it gains. */
  categoryAdded: { category: Category; added: number }[];
  added: number;
  /** Rows whose price the book already holds. */
  unchanged: number;
}

/** What importing `rows` adds to each model's book and to the category prices; `newId` names the new entries. */
export function planRentalPriceImport(
  rows: readonly RentalPriceRow[],
  models: readonly Pick<HardwareModel, 'id' | 'rentalPrices'>[],
  categoryPrices: CategoryRentalPrices,
  newId: () => Uuid,
): RentalPriceImportPlan {
  const byId = new Map(models.map((m) => [m.id, m]));
  const touched = new Map<Uuid, RentalPriceImportPlan['changes'][number]>();
  const categories: CategoryRentalPrices = {};
  const categoryAdded = new Map<Category, number>();
  let unchanged = 0;
  for (const row of rows) {
    if (row.category !== null) {
      const book = (categories[row.category] ??= [...(categoryPrices[row.category] ?? [])]);
      if (book.some((e) => entryKey(e) === entryKey(row.entry))) unchanged++;
      else {
        book.push({ ...row.entry, id: newId() });
        categoryAdded.set(row.category, (categoryAdded.get(row.category) ?? 0) + 1);
      }
      continue;
    }
    const modelId = row.modelId as Uuid;
    const existing = byId.get(modelId)?.rentalPrices ?? [];
    if (existing.some((e) => entryKey(e) === entryKey(row.entry))) {
      unchanged++;
      continue;
    }
    let change = touched.get(modelId);
    if (change === undefined) touched.set(modelId, (change = { modelId, modelLabel: row.label, rentalPrices: [...existing], added: 0 }));
    change.rentalPrices.push({ ...row.entry, id: newId() });
    change.added++;
  }
  const changes = [...touched.values()].sort((a, b) => a.modelLabel.localeCompare(b.modelLabel));
  const added = [...categoryAdded.entries()].map(([category, n]) => ({ category, added: n })).sort((a, b) => a.category.localeCompare(b.category));
  return {
    changes,
    categoryPrices: added.length === 0 ? null : { ...categoryPrices, ...Object.fromEntries(added.map((a) => [a.category, categories[a.category]])) },
    categoryAdded: added,
    added: changes.reduce((s, c) => s + c.added, 0) + added.reduce((s, c) => s + c.added, 0),
    unchanged,
  };
}

const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** "3 rental prices for 2 models and 1 category": what an import adds, in words. */
export function describeRentalPriceImport(plan: Pick<RentalPriceImportPlan, 'added' | 'changes' | 'categoryAdded'>): string {
  const where = [plan.changes.length > 0 ? count(plan.changes.length, 'model', 'models') : '', plan.categoryAdded.length > 0 ? count(plan.categoryAdded.length, 'category', 'categories') : ''].filter(Boolean).join(' and ');
  return `${count(plan.added, 'rental price', 'rental prices')} for ${where}`;
}

const byDateThenTerm = (a: RentalPriceEntry, b: RentalPriceEntry): number => (a.date === b.date ? RENTAL_TERMS.indexOf(a.term) - RENTAL_TERMS.indexOf(b.term) : a.date < b.date ? -1 : 1);
const priceCells = (e: RentalPriceEntry): string[] => [e.term, String(e.performancePerInstance), formatDecimal(e.pricePerHour, e.currency), e.currency, e.date, e.source];

/** Every model's price book, then the category prices, in the import format. */
export function rentalPricesToCsv(models: readonly Pick<HardwareModel, 'manufacturer' | 'name' | 'rentalPrices'>[], categoryPrices: CategoryRentalPrices = {}): string {
  const rows: string[][] = [];
  const ordered = [...models].sort((a, b) => `${a.manufacturer} ${a.name}`.localeCompare(`${b.manufacturer} ${b.name}`));
  for (const m of ordered) for (const e of [...(m.rentalPrices ?? [])].sort(byDateThenTerm)) rows.push([m.manufacturer, m.name, '', ...priceCells(e)]);
  for (const category of CATEGORIES) for (const e of [...(categoryPrices[category] ?? [])].sort(byDateThenTerm)) rows.push(['', '', category, ...priceCells(e)]);
  return toCsv(RENTAL_PRICE_CSV_COLUMNS.map((c) => c.name), rows);
}
