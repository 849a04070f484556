/** Prices seen on the secondary market (PRODUCT.md "MarketObservation", "Market value and refresh"). */
import type { IsoDate, Timestamp } from './dates';
import type { Uuid } from './ids';

export const CONDITIONS = ['new', 'refurbished', 'used', 'as-is'] as const;
export type Condition = (typeof CONDITIONS)[number];

export const CONDITION_LABELS: Readonly<Record<Condition, string>> = {
  new: 'New',
  refurbished: 'Certified refurbished',
  used: 'Used, working',
  'as-is': 'As-is',
};

/**
 * What a unit in each condition fetches relative to a new one, before any fitted curve says
 * otherwise. The published starting figures of PRODUCT.md; the forecast may refine them.
 */
export const CONDITION_FACTOR_DEFAULTS: Readonly<Record<Condition, number>> = {
  new: 1.0,
  refurbished: 0.85,
  used: 0.72,
  'as-is': 0.55,
};

export function isCondition(text: string): text is Condition {
  return (CONDITIONS as readonly string[]).includes(text);
}

/** One price seen for a model on the secondary market. Money is minor units of `currency`. */
export interface MarketObservation {
  id: Uuid;
  modelId: Uuid;
  /** The day the price was seen (listing, quote or sale). */
  date: IsoDate;
  /** Price per unit, minor units. */
  unitPrice: number;
  currency: string;
  condition: Condition;
  /** Units offered or sold at that price (a 64-unit lot prices differently from a single one). */
  quantity: number;
  /** Where it was seen: a broker, a marketplace, an auction, a quote. */
  source: string;
  note: string;
  createdAt: Timestamp;
  /** Part of the demo fleet (removed with it); absent on prices people recorded. */
  demo?: boolean;
}

/** The source an own sale's price is recorded under (issue 12: own sales close the loop on resale). */
export const OWN_SALE_SOURCE = 'own sale';

/**
 * A disposal that sold the hardware (sold, or returned to a vendor for credit) is a price the
 * market paid for it: a market observation of the lot's model, per unit, used, with the lot's
 * quantity, on the disposal date. Scrapped, donated and recycled lots say nothing about resale
 * value (scrap or material value), nor does a sale without proceeds.
 */
export function ownSaleObservation(
  lot: { code: string; modelId: Uuid; quantity: number; currency: string; status: string; disposition: string | null; disposedDate: IsoDate | null; proceeds: number | null },
  ids: { id: Uuid; createdAt: Timestamp },
): MarketObservation | null {
  if (lot.status !== 'disposed' || (lot.disposition !== 'sold' && lot.disposition !== 'returned')) return null;
  if (lot.proceeds === null || lot.proceeds <= 0 || lot.disposedDate === null || lot.quantity < 1) return null;
  const unitPrice = Math.round(lot.proceeds / lot.quantity);
  if (unitPrice <= 0) return null;
  return {
    id: ids.id,
    modelId: lot.modelId,
    date: lot.disposedDate,
    unitPrice,
    currency: lot.currency,
    condition: 'used',
    quantity: lot.quantity,
    source: OWN_SALE_SOURCE,
    note: `${lot.disposition === 'sold' ? 'Sale' : 'Return'} of lot ${lot.code}`,
    createdAt: ids.createdAt,
  };
}
