/**
 * `fleetledger ledger init --folder <dir> [--name <text>]`: starts a new team ledger in a folder
 * the team shares (issue 10): `fleetledger-<ledgerId>/ledger.json`, as *Share this ledger in a
 * folder…* makes it, and, with a name, the CLI device's first change setting the ledger's name.
 * Devices then join it (Settings → Team sync → Join a ledger in a folder…) and every command
 * takes `--folder <dir>`.
 *
 * `… --from <file.fleetledger>`: the team folder put back from a backup (the team's was lost):
 * the backup's ledger, every device's changes under its own device, as each had written them.
 */
import { readdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { eventWith, type LotEvent } from '../shared/events';
import { MAX_LEDGER_NAME_LENGTH, TEAM_SETTING_CHECKS, TEAM_SETTINGS_ENTITY_ID } from '../shared/ledger/teamSettings';
import { readManifest } from '../shared/sync/folderFormat';
import { putBackInFolder, shareInFolder } from '../shared/sync/folderSync';
import { readLedgerFile } from './ledgerFile';
import { diskFolder, ledgerFolderPath } from '../electron/teamFolder';
import { readCommandLine } from './args';
import { counted, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from './io';
import { NODE_CHAIN_DEPS, readTeamLedger } from './teamLedger';
import { actorOption, cliContext, deviceNameOption, DEVICE_OPTIONS, DEVICE_OPTIONS_HELP, openTeamDevice, writeAsDevice } from './teamWrite';

export const LEDGER_HELP = `Usage: fleetledger ledger init --folder <dir> [--name <text> | --from <file.fleetledger>]

Starts a new, empty team ledger in a folder the team shares (Syncthing, a network share…): the
folder fleetledger-<ledger id> appears in it. Devices join it in the app (Settings → Team sync →
Join a ledger in a folder…); the command line writes to it with --folder <dir>.

With --from, the folder holds the backup's ledger instead: every device's changes in the backup,
each under its own device, as that device had written them. That puts a team folder that was lost
back; each device then carries on there (those that made changes after the backup share them).

Options:
  --name <text>          the ledger's name (what backups are named after; default "Fleetledger")
  --from <file>          a backup (.fleetledger) of the ledger to put in the folder
${DEVICE_OPTIONS_HELP}
  -h, --help             show this help
`;

const OPTIONS = { name: { type: 'string' }, from: { type: 'string' }, ...DEVICE_OPTIONS, help: { type: 'boolean', short: 'h' } } as const;

/** The ledger folder (one holding a Fleetledger ledger.json) that `dir` is or lies in, or null. */
async function enclosingLedgerFolder(dir: string): Promise<string | null> {
  for (let current = resolve(dir); ; current = dirname(current)) {
    const text = await diskFolder(current).readManifest().catch(() => null);
    if (text !== null && readManifest(text).ok) return current;
    if (dirname(current) === current) return null;
  }
}

export async function runLedger(argv: readonly string[], io: CliIo): Promise<number> {
  const fail = (message: string, code = EXIT_USAGE): number => {
    io.stderr(`fleetledger ledger: ${message}\n`);
    return code;
  };
  const parsed = readCommandLine(argv, OPTIONS, true);
  if (!parsed.ok) return fail(parsed.error);
  const { values, positionals } = parsed.value;
  if (values.help === true) {
    io.stdout(LEDGER_HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 1 || positionals[0] !== 'init') return fail('the one subcommand is init (fleetledger ledger init --folder <dir>)');
  const folder = values.folder ?? '';
  if (folder === '') return fail('--folder: required (the folder the team shares)');
  const name = values.name?.trim();
  if (name !== undefined && !TEAM_SETTING_CHECKS.ledgerName(name)) return fail(`--name: 1 to ${MAX_LEDGER_NAME_LENGTH} characters, no control characters`);
  if (values.from === '') return fail('--from: needs a file name');
  if (values.from !== undefined && name !== undefined) return fail('--name: the ledger put back --from a backup keeps the backup’s name; give one or the other');
  // Checked before anything is written: a refused name must not leave a ledger behind (which would
  // also refuse the corrected command, the folder then holding a ledger).
  const names = name !== undefined && name !== 'Fleetledger';
  if (names || values['device-name'] !== undefined) {
    const deviceName = deviceNameOption(values['device-name']);
    if (!deviceName.ok) return fail(deviceName.error);
  }
  const actorName = actorOption(values.actor);
  if (!actorName.ok) return fail(actorName.error);
  let existing: string[];
  try {
    existing = (await readdir(folder, { withFileTypes: true })).filter((e) => e.isDirectory() && e.name.startsWith('fleetledger-')).map((e) => e.name);
  } catch (error) {
    return fail(`--folder: ${folder} cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  if (existing.length > 0) return fail(`--folder: ${folder} already holds a ledger (${existing.sort().join(', ')}); write to it with --folder, or choose another folder`, EXIT_FAILURE);
  // A ledger's own fleetledger-… folder (which every other command takes as --folder), or a folder
  // in it: a new ledger there would sit inside the team's, and every device would report it.
  const enclosing = await enclosingLedgerFolder(folder);
  if (enclosing !== null) return fail(`--folder: ${enclosing === resolve(folder) ? `${folder} is the folder of a ledger` : `${folder} is inside the folder of a ledger (${enclosing})`}; write to that ledger with --folder, or start a new one in a folder of its own (such as the one the team shares)`, EXIT_FAILURE);
  if (values.from !== undefined) return putBack(folder, values.from, io, fail);
  const ledgerId = crypto.randomUUID();
  const root = ledgerFolderPath(folder, ledgerId);
  const shared = await shareInFolder({ ledgerId, ledgerName: name ?? 'Fleetledger' }, diskFolder(root), new Date().toISOString());
  if (!shared.ok) return fail(shared.error, EXIT_FAILURE);
  if (names) {
    const opened = await openTeamDevice(root, values['device-name'], (text) => io.stderr(`fleetledger ledger: ${text}\n`));
    if (!opened.ok) return fail(opened.error, EXIT_FAILURE);
    const ctx = cliContext(actorName.value ?? opened.value.device.name);
    const event = eventWith({ entity: 'settings', lotId: TEAM_SETTINGS_ENTITY_ID, seq: 1, at: ctx.now, actor: ctx.actor, type: 'settings-changed', before: { ledgerName: 'Fleetledger' } as LotEvent['before'], after: { ledgerName: name } as LotEvent['after'] });
    const written = await writeAsDevice(opened.value.team, opened.value.device, [event]);
    if (!written.ok) return fail(written.error, EXIT_FAILURE);
  }
  const team = await readTeamLedger(root);
  if (!team.ok) return fail(team.error, EXIT_FAILURE);
  io.stdout(`Started the ledger “${team.value.manifest.ledgerName}” in ${root}\n`);
  return EXIT_OK;
}

/** `ledger init --folder <dir> --from <file>`: the backup's ledger, every device's chain, in the folder. */
async function putBack(folder: string, from: string, io: CliIo, fail: (message: string, code?: number) => number): Promise<number> {
  const read = await readLedgerFile(from);
  if (!read.ok) return fail(read.error.kind === 'unreadable' ? `--from: ${read.error.message}` : `--from: ${from}: ${read.error.message}`);
  const { header, contents } = read.value;
  const root = ledgerFolderPath(folder, header.ledgerId);
  const deps = { ...NODE_CHAIN_DEPS, gzip: (text: string) => gzipSync(text), now: () => new Date().toISOString() };
  const putBack = await putBackInFolder({ ledgerId: header.ledgerId, ledgerName: header.ledgerName }, diskFolder(root), contents.events, null, {}, header.createdAt, deps);
  if (!putBack.ok) return fail(putBack.error, EXIT_FAILURE);
  const put = putBack.value;
  const events = put.written.reduce((n, w) => n + w.events, 0);
  io.stdout(`Put the ledger “${header.ledgerName}” back in ${root} from ${from}: ${counted(events, 'change')} of ${counted(put.written.length, 'device')}\n`);
  for (const s of put.skipped) io.stderr(`fleetledger ledger: not put back: ${s}\n`);
  return put.skipped.length > 0 ? EXIT_FAILURE : EXIT_OK;
}

export const ledgerCommand: CliCommand = {
  name: 'ledger',
  summary: 'start a new team ledger in a shared folder, or put one back from a backup (ledger init --folder <dir> [--from <file>])',
  run: runLedger,
};
