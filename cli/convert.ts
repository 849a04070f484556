/**
 * `fleetledger convert --from snipeit --to lots-csv|units-csv <file>` (issue 15): a Snipe-IT
 * asset CSV as this product's lots CSV or units CSV, with the same grouping and mapping as the
 * app's import (shared/snipeit.ts). What was filled in, left out or ignored goes to stderr, so
 * nothing happens silently; the converted file goes to stdout.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { CATEGORIES, isCategory, type Category } from '../shared/catalog';
import { describeFill, formatCsvErrors } from '../shared/csv';
import { parseLotCsv } from '../shared/lotCsv';
import { isCurrencyCode } from '../shared/money';
import {
  convertSnipeItAssets,
  defaultSnipeItMapping,
  isSnipeItStatusTarget,
  parseMappingArgs,
  readSnipeItAssets,
  SNIPEIT_STATUS_TARGETS,
  snipeItProblems,
} from '../shared/snipeit';
import { readCommandLine } from './args';
import { counted, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from './io';
import { utf8Text } from './textFile';

export const CONVERT_HELP = `Usage: fleetledger convert --from snipeit --to lots-csv|units-csv <file.csv> [options]

Converts a Snipe-IT asset CSV (its importer's column names or its asset list export's) into the
lots CSV or the units CSV, grouped and mapped exactly as the app's Snipe-IT import does: one lot
per model, purchase date, order number, supplier, unit cost, warranty, status and location;
each asset with a serial becomes a unit. The result is written to stdout; what was filled in,
left out, or not kept is listed on stderr.

  --from snipeit               the input format (the only one)
  --to lots-csv|units-csv      which of the two files to write
  --currency <code>            the currency of Purchase Cost (Snipe-IT does not say); default USD
  --status <NAME=STATUS>       what a Snipe-IT status becomes: a lifecycle status or leave-out,
                               e.g. --status "Quarantine=rma" --status "Archived=sanitised";
                               repeatable. Defaults: Ready to Deploy → staged, Deployed →
                               in-service, Pending → received, Broken / Out for Repair / Out for
                               Diagnostics → rma, Archived and Lost/Stolen → left out
  --category <NAME=CATEGORY>   what a Snipe-IT category becomes (${CATEGORIES.join(', ')});
                               repeatable; others are guessed from their names
  -h, --help                   show this help

Exit codes: 0 converted; 1 the file has problems (each named with its row and column on
stderr, nothing written); 2 bad arguments.
`;

const OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  currency: { type: 'string' },
  status: { type: 'string', multiple: true },
  category: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

const TARGETS = ['lots-csv', 'units-csv'] as const;

export async function runConvert(argv: readonly string[], io: CliIo): Promise<number> {
  const fail = (message: string, code = EXIT_USAGE): number => {
    io.stderr(`fleetledger convert: ${message}\n`);
    return code;
  };
  const parsed = readCommandLine(argv, OPTIONS, true);
  if (!parsed.ok) return fail(parsed.error);
  const { values, positionals } = parsed.value;
  if (values.help === true) {
    io.stdout(CONVERT_HELP);
    return EXIT_OK;
  }
  if (values.from !== 'snipeit') return fail(`--from: required, and "snipeit" is the one format (got ${values.from === undefined ? 'nothing' : `"${values.from}"`})`);
  const to = values.to;
  if (to === undefined || !(TARGETS as readonly string[]).includes(to)) return fail(`--to: one of ${TARGETS.join(', ')}`);
  const [file, extra] = positionals;
  if (file === undefined || file === '') return fail('the Snipe-IT CSV file is required (fleetledger convert --from snipeit --to lots-csv <file.csv>)');
  if (extra !== undefined) return fail(`unexpected argument "${extra}" (one file at a time)`);
  const currency = (values.currency ?? 'USD').toUpperCase();
  if (!isCurrencyCode(currency)) return fail(`--currency: "${values.currency}" is not a three-letter ISO 4217 code`);
  const statuses = parseMappingArgs(values.status ?? [], isSnipeItStatusTarget, 'status', SNIPEIT_STATUS_TARGETS);
  if (!statuses.ok) return fail(`--status ${statuses.error}`);
  const categories = parseMappingArgs(values.category ?? [], (v: string): v is Category => isCategory(v), 'category', CATEGORIES);
  if (!categories.ok) return fail(`--category ${categories.error}`);

  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return fail(`${file} cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  const name = basename(file);
  const decoded = utf8Text(bytes, name);
  if (!decoded.ok) {
    io.stderr(`${decoded.error}\n`);
    return fail('nothing was converted (1 problem)', EXIT_FAILURE);
  }
  const text = decoded.value;
  const problems = (errors: Parameters<typeof formatCsvErrors>[0]): number => {
    for (const line of formatCsvErrors(errors, name)) io.stderr(`${line}\n`);
    return fail(`nothing was converted (${errors.length} problem${errors.length === 1 ? '' : 's'})`, EXIT_FAILURE);
  };
  const read = readSnipeItAssets(text, currency);
  if (!read.ok) return problems(read.error);
  const defaults = defaultSnipeItMapping(read.value);
  const mapping = { statuses: { ...defaults.statuses, ...statuses.value }, categories: { ...defaults.categories, ...categories.value } };
  const converted = convertSnipeItAssets(read.value, mapping, { currency, existingCodes: new Set(), fileName: name });
  if (!converted.ok) return problems(converted.error);
  // What is written must import: the lots CSV is checked as \`import lots\` checks it (e.g. one model
  // under two categories), its problems told in the Snipe-IT file's rows, as the app's preview does.
  const checked = parseLotCsv(converted.value.lotsCsv, { existingCodes: new Set() });
  if (!checked.ok) return problems(snipeItProblems(converted.value, 'lots', checked.errors));
  const { lots, units, filled, leftOut } = converted.value;
  const say = (line: string): void => io.stderr(`fleetledger convert: ${line}\n`);
  say(`${counted(read.value.assets.length, 'asset')} in ${name} (${read.value.headerStyle === 'export' ? 'the asset list export’s columns' : read.value.headerStyle === 'importer' ? 'the importer’s columns' : 'both column styles'}) → ${counted(lots.length, 'lot')}, ${counted(units.length, 'unit')}`);
  for (const s of read.value.statuses) {
    const target = mapping.statuses[s.key];
    say(`status ${s.name} (${s.rows.length}) → ${target === 'leave-out' ? 'left out' : String(target)}`);
  }
  for (const c of read.value.categories) say(`category ${c.name} (${c.rows.length}) → ${mapping.categories[c.key]}`);
  for (const f of filled) say(`filled in: ${describeFill(f)}`);
  for (const l of leftOut) say(`left out: ${l.rows.length} ${l.status} asset${l.rows.length === 1 ? '' : 's'} (rows ${l.rows.join(', ')})`);
  if (read.value.ignoredColumns.length > 0) say(`not kept (Fleetledger has no place for them): ${read.value.ignoredColumns.join(', ')}`);
  io.stdout(to === 'lots-csv' ? converted.value.lotsCsv : converted.value.unitsCsv);
  return EXIT_OK;
}

export const convertCommand: CliCommand = {
  name: 'convert',
  summary: 'convert a Snipe-IT asset CSV into the lots or units CSV',
  run: runConvert,
};
