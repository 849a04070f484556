/**
 * The model and site forms as people fill them in (all text), and their conversion to the
 * drafts the catalogue commands take. Parsing problems come back per field, in the same shape
 * as the commands' validation errors, so the dialog shows both the same way.
 */
import { parseEccn } from '../../../shared/compliance';
import { STORAGE_BEARING_DEFAULT, type Category, type HardwareModel, type Site } from '../../../shared/catalog';
import type { RentalPriceEntry, RentalTerm } from '../../../shared/ownVsRent';
import type { CatalogErrors, ModelDraft, SiteDraft } from '../../../shared/catalogChanges';
import { isIsoDate, yearRangeProblem } from '../../../shared/dates';
import { formatDecimal, parseMoney } from '../../../shared/money';
import { err, ok, type Result } from '../../../shared/result';
import { energyPriceInput, parsePerKwh } from './energyPrice';

export interface ModelForm {
  manufacturer: string;
  name: string;
  category: Category;
  powerWatts: string;
  rackUnits: string;
  listPrice: string;
  currency: string;
  releaseDate: string;
  endOfSale: string;
  endOfSupport: string;
  /** '' for none. */
  successorId: string;
  /** Work per unit, a positive number; '' for unknown. */
  performance: string;
  /** A regular expression over the upper-case serial; '' for the default format. */
  serialPattern: string;
  storageBearing: boolean;
  /** Provenance (issue 13): ISO 3166 alpha-2, an ECCN, an HS code; '' unknown. */
  countryOfOrigin: string;
  exportClassification: string;
  hsCode: string;
  /** The rental price book, a row per entry (issue 12). */
  rentalPrices: RentalPriceRow[];
  notes: string;
}

/** A rental price as typed: amounts and numbers as text. */
export interface RentalPriceRow {
  id: string;
  term: RentalTerm;
  /** Per instance-hour, in `currency`. */
  price: string;
  currency: string;
  /** Work of one instance in the catalogue's performance units. */
  performancePerInstance: string;
  date: string;
  source: string;
  demo?: boolean;
}

/** Rental prices as typed into entries, and the first problem in words (the rows with one are left out). */
export function rentalPricesOfRows(rows: readonly RentalPriceRow[]): { prices: RentalPriceEntry[]; error: string | undefined } {
  const prices: RentalPriceEntry[] = [];
  let error: string | undefined;
  rows.forEach((row, i) => {
    const rowCurrency = normaliseCurrency(row.currency);
    const price = parseMoney(row.price, rowCurrency);
    const work = parsePerformance(row.performancePerInstance);
    // Named by its column: "Rental price 1: is empty" left the person to guess which box.
    if (!price.ok) error ??= row.price.trim() === '' ? `Rental price ${i + 1}: enter the price an hour.` : `Rental price ${i + 1}, price an hour: ${price.error}`;
    // As the model's own performance is read: digits only (Number() takes "0x10" for 16).
    else if (!work.ok || work.value === null) error ??= `Rental price ${i + 1}: the work of one instance must be a number above 0 (in the catalogue’s performance units).`;
    // The years the rental price CSV takes: 0201 for 2021 would be the newest price of no day anyone means.
    else if (isIsoDate(row.date.trim()) && yearRangeProblem(row.date.trim()) !== null) error ??= `Rental price ${i + 1}, date: ${yearRangeProblem(row.date.trim())}.`;
    else prices.push({ id: row.id, term: row.term, pricePerHour: price.value, currency: rowCurrency, performancePerInstance: work.value, date: row.date.trim(), source: row.source.trim(), ...(row.demo ? { demo: true } : {}) });
  });
  return { prices, error };
}

export function rentalPriceRowOf(e: RentalPriceEntry): RentalPriceRow {
  return { id: e.id, term: e.term, price: formatDecimal(e.pricePerHour, e.currency), currency: e.currency, performancePerInstance: String(e.performancePerInstance), date: e.date, source: e.source, ...(e.demo ? { demo: true } : {}) };
}

export interface SiteForm {
  code: string;
  name: string;
  /** Per kWh, as people quote it. */
  energyPrice: string;
  currency: string;
  pue: string;
  /** Per rack unit per month, in the site's currency. */
  spaceCost: string;
  /** ISO 3166 alpha-2; '' unknown. */
  country: string;
  notes: string;
}

const DEFAULT_CATEGORY: Category = 'gpu-server';

export function modelFormOf(model: HardwareModel | null, defaultCurrency: string): ModelForm {
  if (!model) {
    return {
      manufacturer: '',
      name: '',
      category: DEFAULT_CATEGORY,
      powerWatts: '',
      rackUnits: '',
      listPrice: '',
      currency: defaultCurrency,
      releaseDate: '',
      endOfSale: '',
      endOfSupport: '',
      successorId: '',
      performance: '',
      serialPattern: '',
      storageBearing: STORAGE_BEARING_DEFAULT[DEFAULT_CATEGORY],
      countryOfOrigin: '',
      exportClassification: '',
      hsCode: '',
      rentalPrices: [],
      notes: '',
    };
  }
  return {
    manufacturer: model.manufacturer,
    name: model.name,
    category: model.category,
    powerWatts: model.powerWatts === null ? '' : String(model.powerWatts),
    rackUnits: model.rackUnits === null ? '' : String(model.rackUnits),
    listPrice: model.listPrice === null ? '' : formatDecimal(model.listPrice, model.currency),
    currency: model.currency,
    releaseDate: model.releaseDate ?? '',
    endOfSale: model.endOfSale ?? '',
    endOfSupport: model.endOfSupport ?? '',
    successorId: model.successorId ?? '',
    performance: model.performance === null ? '' : String(model.performance),
    serialPattern: model.serialPattern,
    storageBearing: model.storageBearing,
    countryOfOrigin: model.countryOfOrigin ?? '',
    exportClassification: model.exportClassification ?? '',
    hsCode: model.hsCode ?? '',
    rentalPrices: (model.rentalPrices ?? []).map(rentalPriceRowOf),
    notes: model.notes,
  };
}

export function siteFormOf(site: Site | null, defaultCurrency: string): SiteForm {
  if (!site) return { code: '', name: '', energyPrice: '', currency: defaultCurrency, pue: '', spaceCost: '', country: '', notes: '' };
  return {
    code: site.code,
    name: site.name,
    energyPrice: energyPriceInput(site.energyPricePerMwh, site.currency),
    currency: site.currency,
    pue: site.pue === null ? '' : String(site.pue),
    spaceCost: site.spacePerRackUnitMonth === null || site.spacePerRackUnitMonth === undefined ? '' : formatDecimal(site.spacePerRackUnitMonth, site.currency),
    country: site.country ?? '',
    notes: site.notes,
  };
}

/** A count such as watts or rack units: empty is `null`. */
export function parseWholeNumber(text: string): Result<number | null> {
  const t = text.trim();
  if (t === '') return ok(null);
  if (!/^\d+$/u.test(t)) return err(`"${text}" is not a whole number.`);
  const n = Number(t);
  return Number.isSafeInteger(n) ? ok(n) : err(`"${text}" is too large.`);
}

/** An optional amount in `currency`, exactly (see parseMoney): empty is `null`. */
export function parseOptionalMoney(text: string, currency: string): Result<number | null> {
  if (text.trim() === '') return ok(null);
  const r = parseMoney(text, currency);
  return r.ok ? r : err(`Not an amount: ${r.error}.`);
}

export const MIN_PUE = 1;
export const MAX_PUE = 5;

/** Power usage effectiveness, a ratio from 1.0 to 5.0: empty is `null` (unknown). */
export function parsePue(text: string): Result<number | null> {
  const t = text.trim();
  if (t === '') return ok(null);
  if (!/^(?:\d+(?:\.\d*)?|\.\d+)$/u.test(t)) return err(`"${text}" is not a number: PUE is a ratio such as 1.4.`);
  const n = Number(t);
  if (n < MIN_PUE || n > MAX_PUE) return err('PUE is a ratio from 1.0 to 5.0, or empty.');
  return ok(n);
}

/** Work per unit (HardwareModel.performance): a positive decimal such as 2.5; empty is `null` (unknown). */
export function parsePerformance(text: string): Result<number | null> {
  const t = text.trim();
  if (t === '') return ok(null);
  if (!/^(?:\d+(?:\.\d*)?|\.\d+)$/u.test(t)) return err(`"${text}" is not a number: performance is a positive number such as 2.5.`);
  const n = Number(t);
  if (!(n > 0) || !Number.isFinite(n)) return err('Performance must be a number above zero, or empty.');
  return ok(n);
}

/** "1.35", "1.4", "1.0": every stored digit, at least one decimal. */
export function formatPue(pue: number): string {
  return Number.isInteger(pue) ? pue.toFixed(1) : String(pue);
}

const normaliseCurrency = (text: string): string => text.trim().toUpperCase();
const optionalText = (text: string): string | null => (text.trim() === '' ? null : text.trim());

/**
 * The draft to save and the fields that could not be read. Fields that failed are `null` in
 * the draft (so the rest can still be validated for a complete list of problems).
 */
export function modelDraftOf(form: ModelForm, existing: HardwareModel | null): { draft: ModelDraft; errors: CatalogErrors<HardwareModel> } {
  const errors: CatalogErrors<HardwareModel> = {};
  const currency = normaliseCurrency(form.currency);
  const value = <T>(key: keyof HardwareModel, r: Result<T | null>): T | null => {
    if (r.ok) return r.value;
    errors[key] = r.error;
    return null;
  };
  // A vendor date takes the years every typed date does (the form's other checks are validateModel's).
  const date = (key: 'releaseDate' | 'endOfSale' | 'endOfSupport', label: string): string | null => {
    const text = optionalText(form[key]);
    const outside = text !== null && isIsoDate(text) ? yearRangeProblem(text) : null;
    if (outside === null) return text;
    errors[key] = `${label}: ${outside}.`;
    return null;
  };
  const draft: ModelDraft = {
    manufacturer: form.manufacturer.trim(),
    name: form.name.trim(),
    category: form.category,
    powerWatts: value('powerWatts', parseWholeNumber(form.powerWatts)),
    rackUnits: value('rackUnits', parseWholeNumber(form.rackUnits)),
    listPrice: value('listPrice', parseOptionalMoney(form.listPrice, currency)),
    currency,
    releaseDate: date('releaseDate', 'Release date'),
    endOfSale: date('endOfSale', 'End of sale'),
    endOfSupport: date('endOfSupport', 'End of support'),
    successorId: form.successorId === '' ? null : form.successorId,
    performance: value('performance', parsePerformance(form.performance)),
    serialPattern: form.serialPattern.trim(),
    storageBearing: form.storageBearing,
    notes: form.notes.trim(),
    demo: existing?.demo ?? false,
  };
  // The price book: written when it has entries, or had some (a model from before it stays without it).
  const book = rentalPricesOfRows(form.rentalPrices);
  if (book.error !== undefined) errors.rentalPrices = book.error;
  if (book.prices.length > 0 || (existing?.rentalPrices ?? []).length > 0) draft.rentalPrices = book.prices;
  // Provenance: written when given, or when the model had it (a model from before it stays without it).
  const origin = form.countryOfOrigin.trim().toUpperCase();
  const eccn = form.exportClassification.trim();
  const hs = form.hsCode.trim();
  if (origin !== '' || (existing?.countryOfOrigin ?? null) !== null) draft.countryOfOrigin = origin === '' ? null : origin;
  if (eccn !== '' || (existing?.exportClassification ?? '') !== '') draft.exportClassification = eccn === '' ? '' : (parseEccn(eccn) ?? eccn);
  if (hs !== '' || (existing?.hsCode ?? '') !== '') draft.hsCode = hs;
  if (existing && draft.successorId === existing.id) errors.successorId = 'A model cannot be its own successor.';
  return { draft, errors };
}

export function siteDraftOf(form: SiteForm, existing: Site | null): { draft: SiteDraft; errors: CatalogErrors<Site> } {
  const errors: CatalogErrors<Site> = {};
  const currency = normaliseCurrency(form.currency);
  // An untouched price keeps its stored value, whatever precision it was stored with.
  const unchangedPrice =
    existing !== null && currency === existing.currency && form.energyPrice === energyPriceInput(existing.energyPricePerMwh, existing.currency);
  const price = unchangedPrice ? ok(existing.energyPricePerMwh) : parsePerKwh(form.energyPrice, currency);
  if (!price.ok) errors.energyPricePerMwh = price.error;
  const pue = parsePue(form.pue);
  if (!pue.ok) errors.pue = pue.error;
  const space = parseOptionalMoney(form.spaceCost, currency);
  if (!space.ok) errors.spacePerRackUnitMonth = space.error;
  else if (space.value !== null && space.value < 0) errors.spacePerRackUnitMonth = 'Space cost must be an amount of zero or more a rack unit a month, or empty.';
  const draft: SiteDraft = {
    code: form.code.trim(),
    name: form.name.trim(),
    energyPricePerMwh: price.ok ? price.value : null,
    currency,
    pue: pue.ok ? pue.value : null,
    // Absent stays absent on a site that never had it (its history shows no change).
    ...(space.ok && (space.value !== null || (existing?.spacePerRackUnitMonth ?? null) !== null) ? { spacePerRackUnitMonth: space.value } : {}),
    ...(form.country.trim() !== '' || (existing?.country ?? null) !== null ? { country: form.country.trim() === '' ? null : form.country.trim().toUpperCase() } : {}),
    notes: form.notes.trim(),
    demo: existing?.demo ?? false,
  };
  return { draft, errors };
}

export function hasErrors(errors: object): boolean {
  return Object.keys(errors).length > 0;
}
