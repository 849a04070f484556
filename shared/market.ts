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
