/**
 * Backups on disk (LEDGER.md §2). The renderer encodes the `.fleetledger` file; main only
 * names it (shared/ledger/backupRotation.ts), writes it atomically into
 * `<userData>/backups` and the optional second folder, prunes old ones, lists and reads them.
 *
 * The second folder is kept in `<userData>/backup-settings.json`, with this installation's tag:
 * several installations of one team ledger may copy into one synced second folder, so each names
 * its copies with its tag there and prunes only those (shared/ledger/backupRotation.ts).
 */
import { app, type IpcMainInvokeEvent } from 'electron';
import { type FileHandle, mkdir, open, readdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, isAbsolute, join, resolve } from 'node:path';
import {
  BACKUP_FILE_EXTENSION,
  MAX_BACKUP_BYTES,
  type BackupConfig,
  type BackupEntry,
  type BackupReason,
  type BackupWritten,
  type OpenedBackupFile,
  type ReadBackupRequest,
  type SaveBackupAsRequest,
  type SavedFile,
  type WriteBackupRequest,
} from '../shared/ipc';
import { isoDate } from '../shared/dates';
import { peekStoredHeader } from '../shared/ledger/backupFormat';
import { backupFileName, backupNameClock, backupsToPrune, backupTime, isInstallationTag, parseBackupFileName, type BackupName } from '../shared/ledger/backupRotation';
import { err, ok, type Result } from '../shared/result';
import { askSavePath, chosenPath, showOpenDialogFor } from './dialogs';
import { ioMessage, writeFileAtomically } from './fileIo';

const MB = 1024 * 1024;
const BACKUP_FILTERS = [{ name: 'Fleetledger backup', extensions: [BACKUP_FILE_EXTENSION.slice(1)] }];
const SETTINGS_FILE = 'backup-settings.json';

export function backupsFolder(): string {
  return join(app.getPath('userData'), 'backups');
}

function settingsPath(): string {
  return join(app.getPath('userData'), SETTINGS_FILE);
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

// ---- Settings: the second folder

interface BackupSettings {
  secondFolder: string | null;
  /** This installation's tag in the names of its copies in the second folder; made at the first copy. */
  installation: string | null;
}

/**
 * A missing or damaged settings file means "no second folder": the settings are only this
 * one choice, and asking again is cheaper than stopping the app. Failing to read an existing
 * file (permissions…) is an error, not "none".
 */
async function readBackupSettings(): Promise<Result<BackupSettings>> {
  let text: string;
  try {
    text = await readFile(settingsPath(), 'utf8');
  } catch (error) {
    if (isMissing(error)) return ok({ secondFolder: null, installation: null });
    return err(`Could not read the backup settings (${settingsPath()}): ${ioMessage(error)}.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return ok({ secondFolder: null, installation: null });
  }
  const { secondFolder: folder, installation } = (parsed as { secondFolder?: unknown; installation?: unknown } | null) ?? {};
  return ok({ secondFolder: typeof folder === 'string' && isAbsolute(folder) ? folder : null, installation: isInstallationTag(installation) ? installation : null });
}

async function saveBackupSettings(settings: BackupSettings): Promise<Result<BackupConfig>> {
  try {
    await mkdir(app.getPath('userData'), { recursive: true });
    await writeFileAtomically(settingsPath(), `${JSON.stringify(settings, null, 2)}\n`);
  } catch (error) {
    return err(`Could not save the backup settings (${settingsPath()}): ${ioMessage(error)}.`);
  }
  return ok({ folder: backupsFolder(), secondFolder: settings.secondFolder });
}

export async function backupConfig(): Promise<Result<BackupConfig>> {
  const settings = await readBackupSettings();
  if (!settings.ok) return settings;
  return ok({ folder: backupsFolder(), secondFolder: settings.value.secondFolder });
}

/** Writes and removes a probe file, so a read-only or vanished folder is refused now, not at the next backup. */
export async function checkWritable(folder: string): Promise<Result<true>> {
  const probe = join(folder, `.fleetledger-probe-${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(probe, 'Fleetledger checks it can write here; this file is removed at once.\n', { flag: 'wx' });
    await rm(probe);
    return ok(true);
  } catch (error) {
    return err(`Fleetledger cannot write to ${folder}: ${ioMessage(error)}. Choose a folder you can write to.`);
  }
}

/**
 * Whether `a` and `b` are one folder on disk, however each is written: a trailing separator, a
 * link or a junction to it, another case on a file system that ignores case. The folder's identity
 * (device and inode) where the file system gives one, else its real path.
 */
async function sameFolder(a: string, b: string): Promise<boolean> {
  if (resolve(a) === resolve(b)) return true;
  try {
    const [x, y] = await Promise.all([stat(a, { bigint: true }), stat(b, { bigint: true })]);
    if (x.ino !== 0n && y.ino !== 0n) return x.dev === y.dev && x.ino === y.ino;
    return (await realpath(a)) === (await realpath(b));
  } catch {
    return false; // one of them is not there: not the same folder
  }
}

const OWN_FOLDER = 'That is the app’s own backups folder. Choose another one, ideally on another disk or a synced drive.';

export async function chooseSecondBackupFolder(event: IpcMainInvokeEvent): Promise<Result<BackupConfig | null>> {
  const choice = await showOpenDialogFor(event, {
    title: 'Choose a second folder for backups',
    buttonLabel: 'Use This Folder',
    properties: ['openDirectory', 'createDirectory'],
  });
  const folder = chosenPath(choice);
  if (folder === null) return ok(null);
  if (await sameFolder(folder, backupsFolder())) return err(OWN_FOLDER);
  const writable = await checkWritable(folder);
  if (!writable.ok) return writable;
  return saveBackupSettings({ secondFolder: folder, installation: (await installationTag()) ?? newInstallationTag() });
}

export async function clearSecondBackupFolder(): Promise<Result<BackupConfig>> {
  return saveBackupSettings({ secondFolder: null, installation: await installationTag() });
}

function newInstallationTag(): string {
  return randomBytes(3).toString('hex');
}

/** The tag kept in the settings, if any (kept when the second folder changes, so the copies already made stay this installation's). */
async function installationTag(): Promise<string | null> {
  const settings = await readBackupSettings();
  return settings.ok ? settings.value.installation : null;
}

// ---- Reading

/** Enough of a file for its stored header (at fleet scale its list of event blocks is a few KB). */
const HEADER_PEEK_BYTES = 256 * 1024;

/** The first bytes of `path`; none when it cannot be read (its entry is still listed, without what its header says). */
async function firstBytes(path: string): Promise<Uint8Array> {
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = new Uint8Array(HEADER_PEEK_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, HEADER_PEEK_BYTES, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return new Uint8Array(0);
  }
}

/** The local date and time in a backup's name (the clock that named it is this one), ISO UTC; a name without a time is the start of its day. */
function nameTime(name: string): string | undefined {
  const c = backupNameClock(name);
  const at = c === null ? null : new Date(c.year, c.month - 1, c.day, c.hour, c.minute, c.second);
  return at === null || Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

const utf8 = { encode: (text: string) => new TextEncoder().encode(text), decode: (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(bytes) };

async function backupEntry(path: string, reason: BackupReason, inSecondFolder = false): Promise<BackupEntry> {
  const { size, mtime } = await stat(path);
  const name = basename(path);
  const header = peekStoredHeader(await firstBytes(path), utf8);
  const madeAt = header?.createdAt ?? nameTime(name);
  return {
    name,
    size,
    modifiedAt: mtime.toISOString(),
    reason,
    ...(madeAt !== undefined ? { madeAt } : {}),
    ...(header !== null ? { holds: { ledgerId: header.ledgerId, events: header.counts.events } } : {}),
    ...(inSecondFolder ? { folder: 'second' as const } : {}),
  };
}

/** Reads a backup file, refusing folders and anything larger than a backup can be. */
async function readBackupBytes(path: string): Promise<Result<OpenedBackupFile>> {
  const name = basename(path);
  try {
    // One handle for the size check and the read, so the file cannot be swapped in between.
    const handle = await open(path, 'r');
    try {
      const info = await handle.stat();
      if (!info.isFile()) return err(`${name} is not a file.`);
      if (info.size > MAX_BACKUP_BYTES) {
        return err(`${name} is ${(info.size / MB).toFixed(1)} MB; a Fleetledger backup is at most ${MAX_BACKUP_BYTES / MB} MB, so this is not one.`);
      }
      const buffer = await handle.readFile();
      return ok({ name, bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) });
    } finally {
      await handle.close();
    }
  } catch (error) {
    return err(`Could not read ${name}: ${ioMessage(error)}.`);
  }
}

/** Our backup files in `folder` (regular files with our names), with their parsed names. */
async function backupFilesIn(folder: string): Promise<{ name: string; reason: BackupReason }[]> {
  const files = await readdir(folder, { withFileTypes: true });
  return files.flatMap((file) => {
    const parsed = file.isFile() ? parseBackupFileName(file.name) : null;
    return parsed ? [{ name: file.name, reason: parsed.reason }] : [];
  });
}

/** By modification time, then by name (which starts with the date), both descending. */
function newestFirst(a: BackupEntry, b: BackupEntry): number {
  const descending = (x: string, y: string): number => (x < y ? 1 : x > y ? -1 : 0);
  return descending(a.modifiedAt, b.modifiedAt) || descending(a.name, b.name);
}

/** The entries of our backup files in `folder`; a file removed since the folder was read (a rotation running now) is not listed. */
async function entriesIn(folder: string, inSecondFolder: boolean): Promise<BackupEntry[]> {
  const entries: BackupEntry[] = [];
  for (const file of await backupFilesIn(folder)) {
    try {
      entries.push(await backupEntry(join(folder, file.name), file.reason, inSecondFolder));
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
  return entries;
}

/**
 * The backups in the app's own folder and, when one is chosen, in the second folder (marked
 * `folder: 'second'`: this installation's copies, and any other installation's or person's
 * backups there). A second folder that cannot be read now (a drive not mounted) adds nothing:
 * the copies' own failures are shown when they are written.
 */
export async function listBackups(): Promise<Result<BackupEntry[]>> {
  const folder = backupsFolder();
  let entries: BackupEntry[];
  try {
    entries = await entriesIn(folder, false);
  } catch (error) {
    if (!isMissing(error)) return err(`Could not list the backups in ${folder}: ${ioMessage(error)}.`);
    entries = []; // no backup written yet
  }
  const settings = await readBackupSettings();
  const second = settings.ok ? settings.value.secondFolder : null;
  // One kept by an earlier version that is the backups folder itself (through a link…): its files are listed once.
  if (second !== null && !(await sameFolder(second, folder))) {
    try {
      entries.push(...(await entriesIn(second, true)));
    } catch {
      // Not there now: listed again when it is.
    }
  }
  return ok(entries.sort(newestFirst));
}

export async function readBackup(_event: IpcMainInvokeEvent, { name, folder }: ReadBackupRequest): Promise<Result<OpenedBackupFile>> {
  const where = folder === 'second' ? 'the second backups folder' : 'the backups folder';
  // The validator already refused folders in the name; this refuses files that are not ours.
  if (parseBackupFileName(name) === null || basename(name) !== name) {
    return err(`${name} is not a Fleetledger backup in ${where}.`);
  }
  if (folder !== 'second') return readBackupBytes(join(backupsFolder(), name));
  const settings = await readBackupSettings();
  if (!settings.ok) return settings;
  if (settings.value.secondFolder === null) return err(`${name} is not in ${where}: no second folder is chosen now.`);
  return readBackupBytes(join(settings.value.secondFolder, name));
}

export async function openBackupFile(event: IpcMainInvokeEvent): Promise<Result<OpenedBackupFile | null>> {
  const choice = await showOpenDialogFor(event, {
    title: 'Restore from backup',
    defaultPath: backupsFolder(),
    properties: ['openFile'],
    filters: BACKUP_FILTERS,
  });
  const path = chosenPath(choice);
  if (path === null) return ok(null);
  return readBackupBytes(path);
}

// ---- Writing

export async function saveBackupAs(event: IpcMainInvokeEvent, request: SaveBackupAsRequest): Promise<Result<SavedFile | null>> {
  const path = await askSavePath(event, request.suggestedName, BACKUP_FILTERS);
  if (path === null) return ok(null);
  try {
    await writeFileAtomically(path, request.bytes);
    return ok({ path });
  } catch (error) {
    return err(`Could not save ${basename(path)}: ${ioMessage(error)}.`);
  }
}

const COMPARE_CHUNK = 1024 * 1024;

/** Whether two files hold the same bytes (false when either cannot be read). */
async function sameBytes(a: string, b: string): Promise<boolean> {
  let x: FileHandle | null = null;
  let y: FileHandle | null = null;
  try {
    x = await open(a, 'r');
    y = await open(b, 'r');
    if ((await x.stat()).size !== (await y.stat()).size) return false;
    const bx = Buffer.alloc(COMPARE_CHUNK);
    const by = Buffer.alloc(COMPARE_CHUNK);
    for (;;) {
      const { bytesRead } = await x.read(bx, 0, COMPARE_CHUNK, null);
      const read = await y.read(by, 0, COMPARE_CHUNK, null);
      if (bytesRead !== read.bytesRead) return false;
      if (bytesRead === 0) return true;
      if (!bx.subarray(0, bytesRead).equals(by.subarray(0, bytesRead))) return false;
    }
  } catch {
    return false;
  } finally {
    await x?.close();
    await y?.close();
  }
}

/**
 * Removes what the rotation prunes from `folder` among the files of `installation` (null: the
 * untagged ones), never `keep` (the backup just written, whatever its date), nor a backup dated
 * after `today` (see backupsToPrune).
 *
 * `twinsIn`: the second folder, when pruning the app's own folder. Copies made there before
 * copies carried a tag have the same name as the file here; one is removed with its twin here
 * only when it holds the same bytes (else another installation of the ledger wrote it).
 */
async function prune(folder: string, keep: string, today: string, installation: string | null, twinsIn: string | null = null): Promise<{ pruned: string[]; error: string | null }> {
  let names: string[];
  try {
    names = (await backupFilesIn(folder)).map((f) => f.name);
  } catch (error) {
    return { pruned: [], error: `Could not look for old backups in ${folder}: ${ioMessage(error)}.` };
  }
  const pruned: string[] = [];
  const failures: string[] = [];
  for (const name of backupsToPrune(names, today, installation)) {
    if (name === keep) continue;
    const twin = twinsIn === null ? null : join(twinsIn, name);
    if (twin !== null && (await sameBytes(join(folder, name), twin))) {
      try {
        await rm(twin);
      } catch (error) {
        if (!isMissing(error)) failures.push(`${twin} (${ioMessage(error)})`);
      }
    }
    try {
      await rm(join(folder, name));
      pruned.push(name);
    } catch (error) {
      if (isMissing(error)) continue; // already gone
      failures.push(`${name} (${ioMessage(error)})`);
    }
  }
  const error = failures.length === 0 ? null : `Could not remove ${failures.length === 1 ? 'an old backup' : `${failures.length} old backups`} from ${folder}: ${failures.join(', ')}.`;
  return { pruned, error };
}

/**
 * Copies the backup named by `parts` into the second folder, named with this installation's tag
 * (made and kept in the settings at the first copy). `folder` and `name`: where it went and the
 * tag, for its rotation there.
 */
async function copyToSecondFolder(
  parts: BackupName,
  bytes: Uint8Array,
): Promise<{ copy: BackupWritten['secondCopy']; folder: string | null; name: string; installation: string | null }> {
  const settings = await readBackupSettings();
  const none = { folder: null, name: backupFileName(parts), installation: null };
  if (!settings.ok) return { copy: { error: `The backup was not copied to the second folder. ${settings.error}` }, ...none };
  const folder = settings.value.secondFolder;
  if (folder === null) return { copy: null, ...none };
  // Kept before the folder was compared by what it is on disk (through a link to the backups folder…): a copy there would be a second file beside the first, pruned twice.
  if (await sameFolder(folder, backupsFolder())) {
    return {
      copy: { error: `The backup was not copied to the second folder ${folder}: it is the app’s own backups folder, so a copy there would not be a second one. Choose another second folder, ideally on another disk or a synced drive.` },
      ...none,
    };
  }
  let installation = settings.value.installation;
  if (installation === null) {
    installation = newInstallationTag();
    // Not kept (the user-data disk full?): this copy still goes, under a tag of its own, and is never pruned.
    await saveBackupSettings({ secondFolder: folder, installation });
  }
  const name = backupFileName({ ...parts, installation });
  // The folder is not created: if it is on a drive that is not mounted, creating it would put
  // the "second copy" on the same disk as the first.
  const path = join(folder, name);
  try {
    await writeFileAtomically(path, bytes);
    return { copy: { path }, folder, name, installation };
  } catch (error) {
    return {
      copy: {
        error:
          `The backup was not copied to the second folder ${folder}: ${ioMessage(error)}. ` +
          'Check that the folder is there and writable (an external or network drive may be disconnected), or choose another second folder.',
      },
      ...none,
    };
  }
}

export async function writeBackup(_event: IpcMainInvokeEvent, request: WriteBackupRequest): Promise<Result<BackupWritten>> {
  const now = new Date();
  // A daily backup is named by the day the page says it is for; any other by the date and time
  // of one reading of this clock: the page's date with this time put a backup asked for at
  // 23:59:59 under that day's 000001, the oldest of the day.
  const date = request.reason === 'daily' ? request.date : isoDate(now.getFullYear(), now.getMonth() + 1, now.getDate());
  const parts: BackupName = {
    stem: request.ledgerStem,
    date,
    time: backupTime(now.getHours(), now.getMinutes(), now.getSeconds()),
    reason: request.reason,
  };
  const name = backupFileName(parts);
  const folder = backupsFolder();
  const path = join(folder, name);
  let entry: BackupEntry;
  try {
    await mkdir(folder, { recursive: true });
    await writeFileAtomically(path, request.bytes);
    entry = await backupEntry(path, request.reason);
  } catch (error) {
    // The user-data disk full or failing is what a second folder is chosen against: the copy
    // is still written there, and said, though the backup counts as failed.
    const failed = `Backup failed: ${ioMessage(error)}.`;
    const second = await copyToSecondFolder(parts, request.bytes);
    if (second.copy === null) return err(failed);
    if ('error' in second.copy) return err(`${failed} ${second.copy.error}`);
    const there = second.folder === null ? null : await prune(second.folder, second.name, date, second.installation);
    return err(`${failed} A copy was written to the second folder: ${second.copy.path}.${there?.error ? ` ${there.error}` : ''}`);
  }

  const second = await copyToSecondFolder(parts, request.bytes);
  const settings = await readBackupSettings();
  const here = await prune(folder, name, date, null, settings.ok ? settings.value.secondFolder : null);
  const there = second.folder === null ? null : await prune(second.folder, second.name, date, second.installation);
  const pruneErrors = [here.error, there?.error ?? null].filter((e): e is string => e !== null);

  return ok({
    entry,
    path,
    secondCopy: second.copy,
    pruned: here.pruned,
    ...(pruneErrors.length > 0 ? { pruneError: pruneErrors.join(' ') } : {}),
  });
}
