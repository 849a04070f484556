/**
 * `fleetledger lots (--folder <dir> | --ledger <file>) [--json | --csv]`: the fleet's lots, from
 * a team's shared folder (every device's changes merged, as each device shows them) or a backup.
 * Text by default (code, status, quantity, model, site), or the lots CSV / JSON of `export lots`.
 */
import { STATUS_LABELS } from '../shared/lifecycle';
import { err, ok, type Result } from '../shared/result';
import { readCommandLine } from './args';
import { exportLotsText } from './export';
import { counted, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from './io';
import { ledgerSourceOf, readLedgerSource, type LedgerSource } from './ledgerSource';

export const LOTS_HELP = `Usage: fleetledger lots (--folder <dir> | --ledger <file.fleetledger>) [--json | --csv]

Lists the lots of a team's ledger, read from its shared folder, or of a backup.

Options:
  --folder <dir>   the folder the team shares (or the ledger's fleetledger-… folder in it)
  --ledger <file>  or a .fleetledger backup (verified first)
  --json           a JSON array, one lot per line (the columns of the lots CSV)
  --csv            the lots CSV (the app's import format)
  -h, --help       show this help
`;

const OPTIONS = {
  folder: { type: 'string' },
  ledger: { type: 'string' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseLotsArgs(argv: readonly string[]): Result<{ source: LedgerSource; format: 'text' | 'json' | 'csv' } | 'help'> {
  const parsed = readCommandLine(argv, OPTIONS, false);
  if (!parsed.ok) return parsed;
  const { values } = parsed.value;
  if (values.help === true) return ok('help');
  const source = ledgerSourceOf(values);
  if (!source.ok) return source;
  if (values.json === true && values.csv === true) return err('--json: give --csv or --json, not both');
  return ok({ source: source.value, format: values.json === true ? 'json' : values.csv === true ? 'csv' : 'text' });
}

export async function runLots(argv: readonly string[], io: CliIo): Promise<number> {
  const fail = (message: string): number => {
    io.stderr(`fleetledger lots: ${message}\n`);
    return EXIT_USAGE;
  };
  const parsed = parseLotsArgs(argv);
  if (!parsed.ok) return fail(parsed.error);
  if (parsed.value === 'help') {
    io.stdout(LOTS_HELP);
    return EXIT_OK;
  }
  const read = await readLedgerSource(parsed.value.source, (text) => io.stderr(`fleetledger lots: ${text}\n`));
  if (!read.ok) return fail(read.error);
  const { snapshot } = read.value;
  if (parsed.value.format !== 'text') {
    io.stdout(exportLotsText(snapshot, parsed.value.format));
    return EXIT_OK;
  }
  const models = new Map(snapshot.models.map((m) => [m.id, `${m.manufacturer} ${m.name}`]));
  const sites = new Map(snapshot.sites.map((s) => [s.id, s.code]));
  const rows = [...snapshot.lots]
    .sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }))
    .map((l) => [l.code, STATUS_LABELS[l.status], String(l.quantity), models.get(l.modelId) ?? '?', l.siteId === null ? '' : (sites.get(l.siteId) ?? '?')]);
  const header = ['LOT', 'STATUS', 'QTY', 'MODEL', 'SITE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]): string => `${cells.map((c, i) => (i === 2 ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join('  ').trimEnd()}\n`;
  io.stdout(line(header));
  for (const r of rows) io.stdout(line(r));
  io.stdout(`${counted(rows.length, 'lot')}, ${counted(snapshot.lots.reduce((n, l) => n + l.quantity, 0), 'unit')}\n`);
  return EXIT_OK;
}

export const lotsCommand: CliCommand = {
  name: 'lots',
  summary: 'list the lots of a team folder’s ledger or a backup (text, --json or --csv)',
  run: runLots,
};
