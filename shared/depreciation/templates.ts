/**
 * Checking depreciation templates that come from storage or a person (Settings, a restored
 * backup): a template is accepted only if the engine can run it.
 */
import { CATEGORIES, type Category } from '../catalog';
import { salvageFor, type CategoryPolicies, type PolicyTemplate } from './policies';
import { validateScheduleInput } from './schedule';

const SAMPLE_COST = 1_000_000_00;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Null when `value` is a usable template, else what is wrong with it. */
export function policyTemplateProblem(value: unknown): string | null {
  if (!isRecord(value) || !isRecord(value.policy) || !isRecord(value.salvage)) return 'needs a policy and a salvage rule';
  const salvage = value.salvage as { kind?: unknown; basisPoints?: unknown };
  if (salvage.kind === 'percent-of-cost') {
    if (!Number.isInteger(salvage.basisPoints) || (salvage.basisPoints as number) < 0 || (salvage.basisPoints as number) > 10_000) {
      return 'salvage: a percentage of cost from 0 to 100';
    }
  } else if (salvage.kind !== 'lot' && salvage.kind !== 'zero') return 'salvage: unknown rule';
  const template = value as unknown as PolicyTemplate;
  return validateScheduleInput({
    cost: SAMPLE_COST,
    salvage: salvageFor(template.salvage, SAMPLE_COST, 0),
    inServiceDate: '2026-01-01',
    policy: template.policy,
  });
}

/** Null when `value` holds a book and a tax template for every category. */
export function categoryPoliciesProblem(value: unknown): string | null {
  if (!isRecord(value)) return 'not a set of templates';
  for (const category of CATEGORIES) {
    const entry = value[category];
    if (!isRecord(entry)) return `${category}: missing`;
    for (const book of ['book', 'tax'] as const) {
      const problem = policyTemplateProblem(entry[book]);
      if (problem) return `${category} ${book}: ${problem}`;
    }
  }
  return null;
}

export function isCategoryPolicies(value: unknown): value is Record<Category, CategoryPolicies> {
  return categoryPoliciesProblem(value) === null;
}
