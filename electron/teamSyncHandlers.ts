/**
 * The team folder for the desktop app (issue 10): the main process keeps the folder the person
 * chose (in `<userData>/team-folder.json`), reads and writes the ledger's folder in it for the
 * renderer (electron/teamFolder.ts; the renderer never gets file-system access), and watches it
 * so the renderer syncs within seconds of a teammate's change (`team:wait-for-change`).
 */
import { app, type IpcMainInvokeEvent } from 'electron';
import { watch, type FSWatcher } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { TeamDeviceListing, TeamFileRequest, TeamFileWrite, TeamFolderInfo, TeamLedgerRequest, TeamManifestWrite, TeamWaitRequest } from '../shared/ipc';
import { ledgerFolderName } from '../shared/sync/folderFormat';
import { err, ok, type Result } from '../shared/result';
import { checkWritable } from './backups';
import { chosenPath, showOpenDialogFor } from './dialogs';
import { ioMessage, writeFileAtomically } from './fileIo';
import { diskFolder } from './teamFolder';

const SETTINGS_FILE = 'team-folder.json';

function settingsPath(): string {
  return join(app.getPath('userData'), SETTINGS_FILE);
}

/** The chosen folder's path, or null (none chosen, or the settings file is unreadable: then it is asked for again). */
async function chosenFolder(): Promise<string | null> {
  try {
    const parsed = JSON.parse(await readFile(settingsPath(), 'utf8')) as unknown;
    const path = typeof parsed === 'object' && parsed !== null ? (parsed as { path?: unknown }).path : null;
    return typeof path === 'string' && path !== '' ? path : null;
  } catch {
    return null;
  }
}

/** The ledger folders in `folder`, or the folder itself when it is one (it holds ledger.json). */
async function ledgersIn(folder: string): Promise<string[]> {
  if ((await diskFolder(folder).readManifest().catch(() => null)) !== null) return [basename(folder)];
  try {
    return (await readdir(folder, { withFileTypes: true })).filter((e) => e.isDirectory() && e.name.startsWith('fleetledger-')).map((e) => e.name).sort();
  } catch {
    return [];
  }
}

async function info(folder: string): Promise<TeamFolderInfo> {
  return { name: basename(folder), path: folder, ledgers: await ledgersIn(folder) };
}

export async function chooseTeamFolder(event: IpcMainInvokeEvent): Promise<Result<TeamFolderInfo | null>> {
  const choice = await showOpenDialogFor(event, {
    title: 'Choose the folder your team shares',
    buttonLabel: 'Use This Folder',
    properties: ['openDirectory', 'createDirectory'],
  });
  const folder = chosenPath(choice);
  if (folder === null) return ok(null);
  const writable = await checkWritable(folder);
  if (!writable.ok) return writable;
  try {
    await writeFileAtomically(settingsPath(), `${JSON.stringify({ path: folder })}\n`);
  } catch (error) {
    return err(`The team folder could not be remembered: ${ioMessage(error)}`);
  }
  stopWatching();
  return ok(await info(folder));
}

export async function teamFolderInfo(): Promise<Result<TeamFolderInfo | null>> {
  const folder = await chosenFolder();
  return ok(folder === null ? null : await info(folder));
}

export async function forgetTeamFolder(): Promise<Result<true>> {
  stopWatching();
  try {
    await writeFileAtomically(settingsPath(), `${JSON.stringify({ path: null })}\n`);
    return ok(true);
  } catch (error) {
    return err(`The team folder could not be forgotten: ${ioMessage(error)}`);
  }
}

/**
 * The ledger's folder inside the chosen one (or the chosen one, when it is that ledger's own).
 * `writes`: the chosen folder must be there. A write makes the ledger's folder inside it when
 * need be, never the chosen folder itself: moved or renamed while the app runs, or on a drive
 * pulled out, it would come back at the old path holding only this device's files (on the
 * computer's own disk, under the drive's mount point).
 */
async function ledgerRoot(ledgerId: string, writes = false): Promise<Result<string>> {
  const folder = await chosenFolder();
  if (folder === null) return err('No team folder is chosen on this device: choose it in Settings → Team sync.');
  if (writes && !(await stat(folder).then((s) => s.isDirectory(), () => false))) {
    return err(
      `${folder} is not there any more: it was moved, renamed or deleted, or its drive is disconnected. Nothing was written. ` +
        'Once it is back, sync goes on; if it has moved, choose it again: Stop syncing on this device, then Join a ledger in a folder… and Merge this device’s data in.',
    );
  }
  const name = ledgerFolderName(ledgerId);
  return ok(basename(folder) === name && (await diskFolder(folder).readManifest().catch(() => null)) !== null ? folder : join(folder, name));
}

async function withFolder<T>(ledgerId: string, run: (root: string) => Promise<T>, writes = false): Promise<Result<T>> {
  const root = await ledgerRoot(ledgerId, writes);
  if (!root.ok) return root;
  try {
    return ok(await run(root.value));
  } catch (error) {
    return err(`The team folder could not be read or written: ${ioMessage(error)}`);
  }
}

export const readTeamManifest = (_e: IpcMainInvokeEvent, { ledgerId }: TeamLedgerRequest): Promise<Result<string | null>> => withFolder(ledgerId, (root) => diskFolder(root).readManifest());

export const writeTeamManifest = (_e: IpcMainInvokeEvent, { ledgerId, text }: TeamManifestWrite): Promise<Result<true>> =>
  withFolder(
    ledgerId,
    async (root) => {
      await diskFolder(root).writeManifest(text);
      return true as const;
    },
    true,
  );

export const listTeamDevices = (_e: IpcMainInvokeEvent, { ledgerId }: TeamLedgerRequest): Promise<Result<TeamDeviceListing[]>> => withFolder(ledgerId, (root) => diskFolder(root).listDevices());

export const readTeamFile = (_e: IpcMainInvokeEvent, { ledgerId, device, name }: TeamFileRequest): Promise<Result<Uint8Array | null>> =>
  withFolder(ledgerId, (root) => diskFolder(root).readFile(device, name));

export const writeTeamFile = (_e: IpcMainInvokeEvent, { ledgerId, device, name, bytes }: TeamFileWrite): Promise<Result<true>> =>
  withFolder(
    ledgerId,
    async (root) => {
      await diskFolder(root).writeFile(device, name, bytes);
      return true as const;
    },
    true,
  );

// ---- Watching: one watcher on the ledger's folder while the renderer waits on it.

let watched: { root: string; identity: string; watcher: FSWatcher } | null = null;
const waiting = new Set<() => void>();
/**
 * A change while no one waited: the renderer was running a round (a teammate's sync tool renames
 * the segment and writes the head just after the first file it touched ended the wait). The next
 * wait ends at once, instead of at its timeout, so that change is synced as soon as the others.
 */
let changedUnheard = false;

function stopWatching(): void {
  watched?.watcher.close();
  watched = null;
  changedUnheard = false;
  for (const wake of [...waiting]) wake();
}

/**
 * The folder's identity on disk: a folder that went away and came back (a share remounted, a USB
 * drive plugged in again) is another directory, which the old watcher never hears of (it stays
 * on the one removed, without an error), so it is watched anew.
 */
async function folderIdentity(root: string): Promise<string | null> {
  return stat(root).then(
    // Its birth time too: a folder made again at once often gets the number of the one removed.
    (s) => `${s.dev}:${s.ino}:${s.birthtimeMs}`,
    () => null,
  );
}

async function ensureWatching(root: string): Promise<void> {
  const identity = await folderIdentity(root);
  if (watched?.root === root && watched.identity === identity) return;
  if (watched !== null) stopWatching();
  if (identity === null) throw new Error(`${root} is not there`);
  // Never created here: a folder moved away would come back empty (and the sync tool would copy it to everyone).
  // Recursive watching covers devices/<id>/ files on every platform Electron runs on.
  const watcher = watch(root, { recursive: true }, () => {
    if (waiting.size === 0) changedUnheard = true;
    for (const wake of [...waiting]) wake();
  });
  watcher.on('error', () => stopWatching());
  watched = { root, identity, watcher };
}

export async function waitForTeamChange(_e: IpcMainInvokeEvent, { ledgerId, timeoutMs }: TeamWaitRequest): Promise<Result<boolean>> {
  const root = await ledgerRoot(ledgerId);
  if (!root.ok) return root;
  try {
    await ensureWatching(root.value);
  } catch {
    // Not there (yet) or not watchable: the renderer looks again after the timeout.
  }
  if (changedUnheard && watched?.root === root.value) {
    changedUnheard = false;
    return ok(true);
  }
  return ok(
    await new Promise<boolean>((resolve) => {
      const done = (changed: boolean): void => {
        clearTimeout(timer);
        waiting.delete(wake);
        resolve(changed);
      };
      const wake = (): void => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      waiting.add(wake);
    }),
  );
}
