/**
 * `fleetledger conflicts --folder <dir> [--json]`: what a team's ledger holds that people must
 * look at (issue 10): the conflicts between changes devices made apart (shared/sync/conflicts.ts),
 * and what in the folder cannot be read (a torn or altered segment, named with the device and
 * segment). Reads only.
 */
import { ledgerConflicts, type LedgerConflict } from '../shared/sync/conflicts';
import { err, ok, type Result } from '../shared/result';
import { readCommandLine } from './args';
import { EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from './io';
import { readTeamLedger } from './teamLedger';

export const CONFLICTS_HELP = `Usage: fleetledger conflicts --folder <dir> [--json]

Lists the conflicts in a team's ledger, read from its shared folder: changes made on two devices
before either saw the other's that disagree (a move from a status the lot had already left, more
quantity than is left, one field set to two values, a serial received into two lots, one code
on two units, a lot or site code created twice, a lot left without a depreciation schedule by
a write-down and a cost or fiscal year change, or by two edits such as a policy put on MACRS
while the salvage value was raised), each with the changes concerned and the ways to settle it in
the app; and the segments that cannot be read (torn or altered, with the device and segment;
nothing after them from that device is applied until they are whole).

Options:
  --folder <dir>   the folder the team shares (or the ledger's fleetledger-… folder in it)
  --json           one JSON object: {"conflicts":[…],"problems":[…]}
  -h, --help       show this help
`;

const OPTIONS = {
  folder: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseConflictsArgs(argv: readonly string[]): Result<{ folder: string; json: boolean } | 'help'> {
  const parsed = readCommandLine(argv, OPTIONS, false);
  if (!parsed.ok) return parsed;
  const { values } = parsed.value;
  if (values.help === true) return ok('help');
  if (values.folder === undefined || values.folder === '') return err('--folder: required (the team folder)');
  return ok({ folder: values.folder, json: values.json === true });
}

export async function runConflicts(argv: readonly string[], io: CliIo): Promise<number> {
  const fail = (message: string): number => {
    io.stderr(`fleetledger conflicts: ${message}\n`);
    return EXIT_USAGE;
  };
  const parsed = parseConflictsArgs(argv);
  if (!parsed.ok) return fail(parsed.error);
  if (parsed.value === 'help') {
    io.stdout(CONFLICTS_HELP);
    return EXIT_OK;
  }
  const team = await readTeamLedger(parsed.value.folder);
  if (!team.ok) return fail(`--folder: ${team.error}`);
  const conflicts: LedgerConflict[] = ledgerConflicts(team.value.events);
  if (parsed.value.json) {
    io.stdout(`${JSON.stringify({ conflicts, problems: team.value.problems })}\n`);
    return EXIT_OK;
  }
  if (conflicts.length === 0 && team.value.problems.length === 0) {
    io.stdout('No conflicts.\n');
    return EXIT_OK;
  }
  // Each device by the name it gave itself in the folder, as the app's Conflicts view shows it.
  const names = new Map(team.value.devices.map((d) => [d.device, d.name]));
  const device = (id: string): string => {
    const name = names.get(id);
    return name === undefined || name === null || name === '' ? `device ${id.slice(0, 8)}` : `on ${name}, device ${id.slice(0, 8)}`;
  };
  for (const c of conflicts) {
    io.stdout(`${c.id}\n  ${c.message}\n`);
    for (const e of c.events) io.stdout(`  ${e.at}  ${e.actor} (${device(e.device)}): ${e.summary}\n`);
    for (const r of c.resolutions) io.stdout(`  to settle: ${r.label}\n`);
  }
  for (const p of team.value.problems) io.stdout(`${p}\n`);
  return EXIT_OK;
}

export const conflictsCommand: CliCommand = {
  name: 'conflicts',
  summary: 'list the conflicts in a team folder’s ledger (changes made apart that disagree, unreadable segments)',
  run: runConflicts,
};
