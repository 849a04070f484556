/**
 * `fleetledger sync --couchdb <url> --folder <dir> | --ledger <file>` (issue 11): a team's ledger
 * between a CouchDB database and a shared folder or a backup file, from one machine.
 *
 * - `--folder <dir>`: both ways. Every device's segments are copied byte for byte to where they
 *   are missing (shared/sync/couchMirror.ts), so a folder team reaches a server and back.
 * - `--ledger <file>`: the events the file holds and the server lacks are sent (continuing each
 *   device's chain), then the file is (re)written as a backup of everything both hold — a backup
 *   of the server that the app restores and every `--ledger` command reads.
 *
 * The password comes from FLEETLEDGER_COUCHDB_PASSWORD, never from the command line (which the
 * process list and the shell's history show).
 */
import { access } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { numberedFromOne, type LotEvent } from '../shared/events';
import { encodeBackupFile, encodeSnapshotLines, snapshotCounts } from '../shared/ledger/backupFormat';
import { foldLedger } from '../shared/ledger/fold';
import { blocksOf } from '../shared/ledger/logBlocks';
import { err, ok, type Result } from '../shared/result';
import { checkCouchUrl, couchHttp, type FetchLike } from '../shared/sync/couchHttp';
import { mirrorFolderAndServer, pushEventsToServer, serverChains, serverLedger } from '../shared/sync/couchMirror';
import { shareOnServer, type CouchFailure, type CouchHttp } from '../shared/sync/couchSync';
import { diskFolder } from '../electron/teamFolder';
import { writeFileAtomically } from '../electron/fileIo';
import { readCommandLine } from './args';
import { counted, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from './io';
import { readLedgerFile, READABLE_SCHEMA_VERSION, sha256Bytes } from './ledgerFile';
import { ledgerRootOf, NODE_CHAIN_DEPS } from './teamLedger';

export const PASSWORD_ENV = 'FLEETLEDGER_COUCHDB_PASSWORD';

export const SYNC_HELP = `Usage: fleetledger sync --couchdb <url> (--folder <dir> | --ledger <file>) [--user <name>]

Syncs a team's ledger between a CouchDB database (Apache CouchDB 3, Cloudant, PouchDB Server)
and a shared folder or a backup file, from this machine.

  --folder <dir>   both ways: each device's segments are copied, byte for byte, to where they are
                   missing, so a folder team and a server team share one ledger. Run it by hand or
                   on a schedule (cron, a systemd timer).
  --ledger <file>  the file's events the server lacks are sent, then the file is written as a
                   backup of everything both hold (the app restores it; --ledger commands read it).

Options:
  --couchdb <url>  the database's URL, like https://sync.example.com/fleetledger (https, or http
                   on this machine)
  --user <name>    the CouchDB user; the password is read from ${PASSWORD_ENV}
  -h, --help       show this help
`;

const OPTIONS = {
  couchdb: { type: 'string' },
  folder: { type: 'string' },
  ledger: { type: 'string' },
  user: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Node's fetch, bounded (the tests use it too). */
export const nodeFetch: FetchLike = (url, { timeoutMs, ...init }) => fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
const deps = { ...NODE_CHAIN_DEPS, gzip: (text: string) => gzipSync(text), now: () => new Date().toISOString() };

function devicesLine(list: readonly { device: string; events: number }[]): string {
  if (list.length === 0) return 'nothing';
  return `${counted(list.reduce((n, d) => n + d.events, 0), 'event')} of ${counted(list.length, 'device')}`;
}

/** What `sync --ledger` did, in one line: what went to the server, and the backup written. */
export function ledgerFileLine(sent: readonly { device: string; events: number }[], path: string, events: number): string {
  return `Sent ${devicesLine(sent)} to the server; wrote ${path}: a backup of ${counted(events, 'event')}.`;
}

/** Writes `events` as a backup file (format 2, as the app writes one) and reads it back verified. */
export async function writeLedgerBackup(path: string, ledger: { ledgerId: string; createdAt: string }, events: Iterable<LotEvent>): Promise<Result<number>> {
  const log = numberedFromOne([...events].sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0)));
  const snapshot = foldLedger(log);
  const blocks = blocksOf(log).map((b) => ({ gz: gzipSync(b.text), count: b.count }));
  const { bytes } = await encodeBackupFile(
    { ledgerId: ledger.ledgerId, ledgerName: snapshot.settings.ledgerName, schemaVersion: READABLE_SCHEMA_VERSION, createdAt: new Date().toISOString() },
    blocks,
    gzipSync(encodeSnapshotLines(snapshot), { level: 3 }),
    snapshotCounts(log.length, snapshot),
    { sha256: sha256Bytes, utf8: { encode: (t) => new TextEncoder().encode(t), decode: (b) => new TextDecoder('utf-8', { fatal: true }).decode(b) } },
  );
  await writeFileAtomically(path, bytes);
  const back = await readLedgerFile(path);
  return back.ok ? ok(log.length) : err(`the backup written to ${path} does not read back (${back.error.message})`);
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * A server's failure in the command line's words. The app's words promise a retry ("Changes stay on
 * this device and are sent when it is back", "sync tries again") that this one run, which keeps
 * nothing, does not make: a nightly job's log must say to run it again.
 */
function failureText(failure: CouchFailure): string {
  if (failure.kind === 'offline') return `The server cannot be reached (${failure.reason ?? 'no answer'}). Run the command again when it answers: the command line keeps nothing to send later.`;
  return failure.message.replace(/ sync tries again\.$/u, ' run the command again.');
}

/** The backup named by --ledger, or null when there is none yet (the run writes it). */
async function ledgerFileAt(path: string): Promise<Result<LedgerFile | null>> {
  if (!(await exists(path))) return ok(null);
  const file = await readLedgerFile(path);
  if (file.ok) return ok(file.value);
  // As every reading command says it: the file named, unless the message already names it (a file that cannot be opened).
  return err(file.error.kind === 'unreadable' ? `--ledger: ${file.error.message}` : `--ledger: ${path}: ${file.error.message}`);
}
type LedgerFile = Extract<Awaited<ReturnType<typeof readLedgerFile>>, { ok: true }>['value'];

async function withLedgerFile(http: CouchHttp, path: string, file: LedgerFile | null, io: CliIo): Promise<Result<string>> {
  let server = await serverLedger(http, NODE_CHAIN_DEPS);
  if (!server.ok && (server.error.kind === 'no-ledger' || server.error.kind === 'no-database') && file !== null) {
    // An empty (or missing) database becomes the file's ledger.
    const shared = await shareOnServer({ ledgerId: file.header.ledgerId, ledgerName: file.header.ledgerName }, http, file.header.createdAt);
    if (!shared.ok) return err(failureText(shared.error));
    server = await serverLedger(http, NODE_CHAIN_DEPS);
  }
  if (!server.ok) return err(failureText(server.error));
  if (file !== null && file.header.ledgerId !== server.value.ledgerId) {
    return err(`--ledger: ${path} is a backup of another ledger (“${file.header.ledgerName}”) than the database’s (“${server.value.ledgerName}”); nothing was synced`);
  }
  for (const p of server.value.problems) io.stderr(`fleetledger sync: ${p}\n`);
  let sent: { device: string; events: number }[] = [];
  if (file !== null) {
    const remote = await serverChains(http, NODE_CHAIN_DEPS);
    if (!remote.ok) return err(failureText(remote.error));
    const pushed = await pushEventsToServer(http, file.contents.events, remote.value.chains, remote.value.heads, deps);
    if (!pushed.ok) return err(failureText(pushed.error));
    sent = pushed.value;
  }
  const all = new Map<string, LotEvent>();
  for (const e of file?.contents.events ?? []) all.set(e.id, e);
  for (const chain of server.value.chains) for (const seg of chain.segments) for (const e of seg.events) all.set(e.id, e);
  const written = await writeLedgerBackup(path, server.value, all.values());
  if (!written.ok) return written;
  return ok(ledgerFileLine(sent, path, written.value));
}

export async function runSync(argv: readonly string[], io: CliIo, env: Record<string, string | undefined> = process.env): Promise<number> {
  const fail = (message: string, code = EXIT_USAGE): number => {
    io.stderr(`fleetledger sync: ${message}\n`);
    return code;
  };
  const parsed = readCommandLine(argv, OPTIONS);
  if (!parsed.ok) return fail(parsed.error);
  const { values } = parsed.value;
  if (values.help === true) {
    io.stdout(SYNC_HELP);
    return EXIT_OK;
  }
  if (values.couchdb === undefined) return fail('--couchdb: required (the database’s URL)');
  const url = checkCouchUrl(values.couchdb);
  if (!url.ok) return fail(`--couchdb: ${url.error}`);
  // Given but empty (`--ledger "$BACKUP"` with BACKUP unset) is a bad argument, as for every command
  // that takes them: not a run against the server that then cannot write its backup anywhere.
  if (values.ledger === '') return fail('--ledger: needs a file name');
  if (values.folder === '') return fail('--folder: needs a folder');
  if ((values.folder === undefined) === (values.ledger === undefined)) return fail('give one of --folder <dir> (a team folder) and --ledger <file> (a backup file)');
  const user = values.user ?? '';
  const password = env[PASSWORD_ENV] ?? '';
  if (user !== '' && password === '') return fail(`--user ${user}: set the password in ${PASSWORD_ENV} (it is never taken from the command line)`);
  const http = couchHttp({ url: url.value, user, password }, nodeFetch);

  if (values.folder !== undefined) {
    // A folder that is not a team's is a wrong argument, as for every command that takes --folder.
    const root = await ledgerRootOf(values.folder);
    if (!root.ok) return fail(`--folder: ${root.error}`);
    const mirrored = await mirrorFolderAndServer(diskFolder(root.value), http, deps);
    if (!mirrored.ok) return fail(failureText(mirrored.error), EXIT_FAILURE);
    for (const p of mirrored.value.problems) io.stderr(`fleetledger sync: ${p}\n`);
    io.stdout(`To the server: ${devicesLine(mirrored.value.toServer)}. To the folder: ${devicesLine(mirrored.value.toFolder)}.\n`);
    return EXIT_OK;
  }
  // A damaged, foreign or newer backup is a wrong argument, as for every command that takes --ledger.
  const file = await ledgerFileAt(values.ledger as string);
  if (!file.ok) return fail(file.error);
  const done = await withLedgerFile(http, values.ledger as string, file.value, io);
  if (!done.ok) return fail(done.error, EXIT_FAILURE);
  io.stdout(`${done.value}\n`);
  return EXIT_OK;
}

export const syncCommand: CliCommand = {
  name: 'sync',
  summary: 'sync a team ledger with a CouchDB server (--couchdb <url> --folder <dir> | --ledger <file>)',
  run: (argv, io) => runSync(argv, io),
};
