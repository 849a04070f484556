/**
 * `fleetledger backup info <file>` and `fleetledger backup verify <file>`: what a `.fleetledger`
 * backup holds, and whether the app would restore it (LEDGER.md §2).
 *
 *   fleetledger backup info acme-2026-11-29.fleetledger --json
 *   fleetledger backup verify acme-2026-11-29.fleetledger
 *
 * Exit codes: 0 readable (info) / whole (verify); 1 the file is not a backup this version can
 * read, with the reason on one stderr line; 2 a bad command line or a file that cannot be opened.
 */
import { backupCountWords, type BackupCounts } from '../shared/ledger/backupFormat';
import { readCommandLine } from './args';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from './io';
import { readLedgerFile, readLedgerHeader, type LedgerFileError } from './ledgerFile';

export const BACKUP_HELP = `Usage: fleetledger backup info <file.fleetledger> [--json]
       fleetledger backup verify <file.fleetledger>

Reads a Fleetledger backup (the app's Back up now, or its automatic backups).

  info      prints the header: format, ledger, schema version, when it was made, what it
            holds, and the file's size. Reads the header only; it does not check the rest.
  verify    checks the whole file as the app does before a restore: decompression, the
            SHA-256 of the body, every line, the counts, and that the events rebuild the
            snapshot. Prints one line starting "OK:" when it is whole.

  --json                     info: print the header as JSON
  -h, --help                 show this help

Exit code 0: readable (info) or whole (verify); 1: not a backup this version can read (the reason
is on stderr: damaged, cut short, not a backup, written by a newer Fleetledger); 2: bad arguments
or a file that cannot be opened.
`;

const SUBCOMMANDS = ['info', 'verify'] as const;

const OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The counts in words: "1234 events, 40 lots, 2000 units, 16 models, 4 sites, 9 suppliers, 120 market prices". */
export function describeCounts(c: BackupCounts): string {
  return backupCountWords(c).join(', ');
}

function byteSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i += 1;
  }
  return `${value.toFixed(1)} ${units[i] ?? ''} (${bytes} bytes)`;
}

/** `path` as a shell word: as it is when it holds nothing a shell would split or expand, else single-quoted. */
function shellWord(path: string): string {
  return /^[\p{L}\p{N}_./:@%+=,-]+$/u.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`;
}

function runInfo(file: string, json: boolean, io: CliIo, fail: (e: LedgerFileError) => number): number {
  const read = readLedgerHeader(file);
  if (!read.ok) return fail(read.error);
  const { header: h, fileBytes, compressed } = read.value;
  if (json) {
    io.stdout(
      `${JSON.stringify({
        file,
        fileBytes,
        compressed,
        format: h.format,
        formatVersion: h.formatVersion,
        ledgerId: h.ledgerId,
        ledgerName: h.ledgerName,
        schemaVersion: h.schemaVersion,
        createdAt: h.createdAt,
        counts: h.counts,
        bodySha256: h.bodySha256,
      })}\n`,
    );
    return EXIT_OK;
  }
  io.stdout(
    [
      `Fleetledger backup of "${h.ledgerName}", made ${h.createdAt}`,
      `  file        ${file}, ${byteSize(fileBytes)}, ${compressed ? 'gzip-compressed' : 'plain text'}`,
      `  format      ${h.format} version ${h.formatVersion}, database schema version ${h.schemaVersion}`,
      `  ledger      ${h.ledgerName} (id ${h.ledgerId})`,
      `  holds       ${describeCounts(h.counts)}`,
      `  SHA-256     ${h.bodySha256} (of the body, as the header states it)`,
      '',
      // A command to copy and run: a path with a space in it is quoted, or it would be two arguments.
      `Only the header was read. \`fleetledger backup verify ${shellWord(file)}\` checks the whole file.`,
      '',
    ].join('\n'),
  );
  return EXIT_OK;
}

async function runVerify(file: string, io: CliIo, fail: (e: LedgerFileError) => number): Promise<number> {
  const read = await readLedgerFile(file);
  if (!read.ok) return fail(read.error);
  const { header } = read.value;
  io.stdout(`OK: ${describeCounts(header.counts)}; the events rebuild the snapshot (SHA-256 ${header.bodySha256})\n`);
  return EXIT_OK;
}

export async function runBackup(argv: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  const usage = (prefix: string, message: string): number => {
    io.stderr(`${prefix}: ${message}\n`);
    return EXIT_USAGE;
  };
  if (sub === undefined) return usage('fleetledger backup', `no subcommand given (${SUBCOMMANDS.join(', ')}; see --help)`);
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout(BACKUP_HELP);
    return EXIT_OK;
  }
  if (sub !== 'info' && sub !== 'verify') return usage('fleetledger backup', `unknown subcommand "${sub}" (${SUBCOMMANDS.join(', ')})`);
  const prefix = `fleetledger backup ${sub}`;
  const parsed = readCommandLine(rest, OPTIONS, true);
  if (!parsed.ok) return usage(prefix, parsed.error);
  const { values, positionals } = parsed.value;
  if (values.help === true) {
    io.stdout(BACKUP_HELP);
    return EXIT_OK;
  }
  if (sub === 'verify' && values.json !== undefined) return usage(prefix, '--json: only for backup info (verify prints one line)');
  const [file, extra] = positionals;
  if (file === undefined || file === '') return usage(prefix, '<file>: required (a .fleetledger backup)');
  if (extra !== undefined) return usage(prefix, `unexpected argument "${extra}" (one backup file at a time)`);
  const fail = (e: LedgerFileError): number => {
    io.stderr(`${prefix}: ${e.kind === 'unreadable' ? '<file>: ' : `${file}: `}${e.message}\n`);
    return e.kind === 'unreadable' ? EXIT_USAGE : EXIT_FAILURE;
  };
  return sub === 'info' ? runInfo(file, values.json === true, io, fail) : runVerify(file, io, fail);
}

export const backupCommand: CliCommand = {
  name: 'backup',
  summary: 'show a .fleetledger backup\'s header (info) or check the whole file (verify)',
  run: runBackup,
};
