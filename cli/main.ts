/**
 * `fleetledger <command> [options]`: the headless command line over shared/. Each subcommand is a
 * `CliCommand` in COMMANDS; adding one (e.g. `forecast`) is one
 * import and one entry.
 */
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from './io';
import { backupCommand } from './backup';
import { catalogCommand } from './catalog';
import { complianceCommand } from './compliance';
import { conflictsCommand } from './conflicts';
import { correctDateCommand } from './correctDate';
import { convertCommand } from './convert';
import { exportCommand } from './export';
import { forecastCommand } from './forecast';
import { importCommand } from './importCmd';
import { ledgerCommand } from './ledger';
import { lotsCommand } from './lots';
import { moveCommand } from './move';
import { ownVsRentCommand } from './ownVsRent';
import { scheduleCommand } from './schedule';
import { syncCommand } from './sync';

export const COMMANDS: readonly CliCommand[] = [scheduleCommand, forecastCommand, exportCommand, lotsCommand, backupCommand, conflictsCommand, ledgerCommand, importCommand, moveCommand, correctDateCommand, syncCommand, ownVsRentCommand, complianceCommand, convertCommand, catalogCommand];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: fleetledger <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'The reading commands (forecast, export, lots, schedule --lot, own-vs-rent, compliance) take',
    '--ledger <file.fleetledger>: a backup of the app\'s ledger, verified first. They, and conflicts,',
    'take --folder <dir> instead: a team\'s shared folder (Settings → Team sync), every device\'s',
    'changes read and merged. The writing commands (ledger init, import, move, correct-date) write',
    'into a team folder as this machine\'s own device. sync carries a team\'s ledger between a',
    'CouchDB server and a folder or a backup file.',
    '',
    'Run `fleetledger <command> --help` for a command\'s options.',
    '',
  ].join('\n');
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(`fleetledger: no command given (commands: ${COMMANDS.map((c) => c.name).join(', ')})\n`);
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`fleetledger: unknown command "${name}" (commands: ${COMMANDS.map((c) => c.name).join(', ')})\n`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    io.stderr(`fleetledger ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILURE;
  }
}
