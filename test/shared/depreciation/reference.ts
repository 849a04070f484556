/**
 * The published depreciation examples. The file lives beside the repository, in the team's
 * shared folder (`../shared/reference/` from the repository root; CI has it at the same place),
 * and is read from there, never copied in.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const REFERENCE_PATH = fileURLToPath(
  new URL('../../../../shared/reference/depreciation-examples.json', import.meta.url),
);

const example = z.object({
  fn: z.enum(['SLN', 'SYD', 'DDB', 'DB', 'VDB']),
  args: z.array(z.union([z.number(), z.boolean()])),
  expected: z.number(),
});

const percentTable = z.array(z.number());

const referenceFile = z.object({
  examples: z.array(example).min(1),
  macrs_gds_percent_of_basis: z.object({
    '5-year': z.record(z.string(), percentTable),
    '7-year': z.record(z.string(), percentTable),
  }),
  first_year_conventions_example: z.object({
    'full-month': z.number(),
    'next-month': z.number(),
    'mid-month': z.number(),
    'half-year': z.number(),
    'actual-days-365': z.number(),
  }),
});

export type ReferenceExample = z.infer<typeof example>;
export type ReferenceFile = z.infer<typeof referenceFile>;

export function loadReference(): ReferenceFile {
  return referenceFile.parse(JSON.parse(readFileSync(REFERENCE_PATH, 'utf8')));
}

/** Dollars (as the spreadsheets take them) to cents, exactly for the reference's values. */
export function cents(dollars: number): number {
  return Math.round(dollars * 100);
}
