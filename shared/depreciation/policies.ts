/**
 * Default depreciation policies per hardware category, for the book and for tax: the values a
 * new lot starts with, which the user can change. Pure data.
 *
 * Book lives follow common practice for IT hardware (3–5 years, straight-line). Tax uses US
 * MACRS GDS: computers and peripheral equipment are 5-year property (Pub 946, Table B-1 asset
 * class 00.12); property without a class life is 7-year.
 */
import type { Category } from '../catalog';
import { assertNever } from '../result';
import type { DepreciationPolicy } from './types';

/** How a policy's salvage value is found for a lot. */
export type SalvageRule =
  /** The lot's own salvage value (per unit × quantity). */
  | { kind: 'lot' }
  /** A share of cost, in basis points (1000 = 10 %), rounded half up to the minor unit. */
  | { kind: 'percent-of-cost'; basisPoints: number }
  | { kind: 'zero' };

export interface PolicyTemplate {
  policy: DepreciationPolicy;
  salvage: SalvageRule;
}

export interface CategoryPolicies {
  book: PolicyTemplate;
  tax: PolicyTemplate;
}

const macrs5: PolicyTemplate = {
  policy: { method: 'macrs', recoveryYears: 5, convention: 'half-year' },
  salvage: { kind: 'zero' },
};

const macrs7: PolicyTemplate = {
  policy: { method: 'macrs', recoveryYears: 7, convention: 'half-year' },
  salvage: { kind: 'zero' },
};

function straightLine(years: number, basisPoints: number): PolicyTemplate {
  return {
    policy: { method: 'straight-line', lifeMonths: years * 12, convention: 'full-month' },
    salvage: basisPoints === 0 ? { kind: 'zero' } : { kind: 'percent-of-cost', basisPoints },
  };
}

export const DEFAULT_CATEGORY_POLICIES: Readonly<Record<Category, CategoryPolicies>> = {
  'gpu-server': { book: straightLine(5, 1000), tax: macrs5 },
  'cpu-server': { book: straightLine(5, 500), tax: macrs5 },
  'storage-server': { book: straightLine(5, 500), tax: macrs5 },
  'network-switch': { book: straightLine(5, 500), tax: macrs5 },
  'gpu-card': { book: straightLine(3, 1000), tax: macrs5 },
  drive: { book: straightLine(3, 0), tax: macrs5 },
  nic: { book: straightLine(5, 0), tax: macrs5 },
  other: { book: straightLine(5, 0), tax: macrs7 },
};

/** The salvage value a rule gives for a lot of `cost` whose own salvage value is `lotSalvage` (minor units). */
export function salvageFor(rule: SalvageRule, cost: number, lotSalvage: number): number {
  switch (rule.kind) {
    case 'lot':
      return Math.min(lotSalvage, cost);
    case 'percent-of-cost':
      return Math.min(cost, Math.floor((cost * rule.basisPoints + 5_000) / 10_000));
    case 'zero':
      return 0;
    default:
      return assertNever(rule, 'salvage rule');
  }
}

/** A template to store on a lot: its own copy, so editing one lot never touches another. */
export function copyTemplate(t: PolicyTemplate): PolicyTemplate {
  return { policy: { ...t.policy }, salvage: { ...t.salvage } };
}
