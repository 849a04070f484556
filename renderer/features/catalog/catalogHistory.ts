/** The history of a model, site or supplier in words: which fields an edit changed, from what to what. */
import { CATEGORY_LABELS, isCategory } from '../../../shared/catalog';
import type { LotEvent } from '../../../shared/events';
import { formatMoney } from '../../../shared/money';
import { isSupplierChannel, SUPPLIER_CHANNEL_LABELS } from '../../../shared/suppliers';
import { formatEnergyPrice } from './energyPrice';

const FIELD_LABELS: Readonly<Record<string, string>> = {
  manufacturer: 'Manufacturer',
  name: 'Name',
  category: 'Category',
  powerWatts: 'Power (W)',
  rackUnits: 'Rack units',
  listPrice: 'List price',
  currency: 'Currency',
  releaseDate: 'Release date',
  endOfSale: 'End of sale',
  endOfSupport: 'End of support',
  successorId: 'Successor',
  performance: 'Performance per unit',
  serialPattern: 'Serial format',
  storageBearing: 'Storage-bearing',
  code: 'Code',
  energyPricePerMwh: 'Energy price',
  pue: 'PUE',
  spacePerRackUnitMonth: 'Space cost a rack unit a month',
  rentalPrices: 'Rental prices',
  countryOfOrigin: 'Country of origin',
  exportClassification: 'Export classification',
  hsCode: 'HS code',
  country: 'Country',
  channel: 'Channel',
  notes: 'Notes',
  demo: 'Demo data',
};

/** Bookkeeping fields, not something a person changed. */
const HIDDEN = new Set(['id', 'createdAt', 'updatedAt']);
const MAX_TEXT = 80;

export interface ChangeRow {
  field: string;
  label: string;
  before: string;
  after: string;
}

export interface HistoryContext {
  /** The record's currency now, for amounts in edits that did not change it. */
  currency: string;
  /** A model's name by id, for successors. */
  modelName: (id: string) => string;
}

function formatValue(field: string, value: unknown, currency: string, ctx: HistoryContext): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (field === 'listPrice' && typeof value === 'number') return formatMoney(value, currency);
  if (field === 'energyPricePerMwh' && typeof value === 'number') return formatEnergyPrice(value, currency);
  if (field === 'spacePerRackUnitMonth' && typeof value === 'number') return formatMoney(value, currency);
  if (field === 'rentalPrices' && Array.isArray(value)) {
    const prices = value as { term?: string; pricePerHour?: number; currency?: string }[];
    if (prices.length === 0) return 'none';
    return prices.map((p) => `${p.term ?? '?'} ${typeof p.pricePerHour === 'number' && typeof p.currency === 'string' ? formatMoney(p.pricePerHour, p.currency) : '?'}/h`).join(', ').slice(0, MAX_TEXT);
  }
  if (field === 'successorId' && typeof value === 'string') return ctx.modelName(value);
  if (field === 'category' && typeof value === 'string' && isCategory(value)) return CATEGORY_LABELS[value];
  if (field === 'channel' && isSupplierChannel(value)) return SUPPLIER_CHANNEL_LABELS[value];
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

/** The changed fields of an `edited` event (none for `created`: its `after` is the whole record). */
export function catalogChangeRows(event: Pick<LotEvent, 'type' | 'before' | 'after'>, ctx: HistoryContext): ChangeRow[] {
  if (event.type !== 'edited') return [];
  const before = (event.before ?? {}) as Record<string, unknown>;
  const after = event.after as Record<string, unknown>;
  const beforeCurrency = typeof before.currency === 'string' ? before.currency : ctx.currency;
  const afterCurrency = typeof after.currency === 'string' ? after.currency : ctx.currency;
  return Object.keys(after)
    .filter((field) => !HIDDEN.has(field))
    .map((field) => ({
      field,
      label: FIELD_LABELS[field] ?? field,
      before: formatValue(field, before[field], beforeCurrency, ctx),
      after: formatValue(field, after[field], afterCurrency, ctx),
    }));
}
