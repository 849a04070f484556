/**
 * Rolling backups into a folder the person chooses, in a browser that has the File System
 * Access API (Chromium-based browsers): the same daily / before-restore files and the same
 * rotation as the desktop app (shared/ledger/backupRotation.ts), written by the page itself.
 *
 * The folder's handle is kept in a small IndexedDB database of its own (`fleetledger-device`):
 * it is this browser's, not the ledger's, so it is never in a backup, a restore or a sync. The
 * browser asks again for permission to write in each new session; until the person allows it
 * (a click), nothing is written and the Backups card says so.
 *
 * The files carry this browser's installation tag (`<…>-daily-<tag>.fleetledger`, as the desktop
 * names its copies in a second folder): two browsers (two people, two profiles) may well choose
 * one synced folder, and then neither writes over the other's daily backup nor prunes the
 * other's. The tag is kept in this browser's localStorage beside the data-loss record. Files
 * written before tags (untagged) are never pruned here: which browser wrote one cannot be told.
 */
import { backupFileName, backupNameClock, backupsToPrune, backupTime, isInstallationTag, parseBackupFileName } from '../../shared/ledger/backupRotation';
import { peekStoredHeader } from '../../shared/ledger/backupFormat';
import { MAX_BACKUP_BYTES, type BackupEntry, type BackupReason, type OpenedBackupFile } from '../../shared/ipc';
import { err, ok, type Result } from '../../shared/result';

// The parts of the File System Access API used here (not yet in TypeScript's DOM types everywhere).
interface PermissionDescriptor {
  mode: 'readwrite';
}
interface WritableFileStream {
  write(data: Uint8Array): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}
interface FileHandle {
  readonly kind: 'file';
  readonly name: string;
  getFile(): Promise<File>;
  createWritable(): Promise<WritableFileStream>;
}
export interface FolderHandle {
  readonly kind: 'directory';
  readonly name: string;
  values(): AsyncIterable<FileHandle | FolderHandle>;
  getFileHandle(name: string, options?: { create?: boolean }): Promise<FileHandle>;
  getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<FolderHandle>;
  removeEntry(name: string): Promise<void>;
  queryPermission?(descriptor: PermissionDescriptor): Promise<PermissionState>;
  requestPermission?(descriptor: PermissionDescriptor): Promise<PermissionState>;
}
type DirectoryPicker = (options: { id?: string; mode: 'readwrite' }) => Promise<FolderHandle>;

const DEVICE_DB = 'fleetledger-device';
/** localStorage key of this browser's installation tag in its backup names. */
export const INSTALLATION_TAG_KEY = 'fleetledger.backupInstallation';

function newInstallationTag(): string {
  return [...crypto.getRandomValues(new Uint8Array(3))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * This browser's tag in the names of its folder backups, made and kept at first use. Where
 * localStorage cannot keep it, a new one each time: those files are then never pruned by a
 * later write, which is better than writing over or pruning another browser's.
 */
export function browserInstallationTag(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.localStorage): string {
  try {
    const kept = storage?.getItem(INSTALLATION_TAG_KEY);
    if (isInstallationTag(kept)) return kept;
    const tag = newInstallationTag();
    storage?.setItem(INSTALLATION_TAG_KEY, tag);
    return tag;
  } catch {
    return newInstallationTag();
  }
}

/**
 * Whether the folder holds today's daily backup of ledger `ledgerId` written by installation `tag`:
 * one of another ledger (left behind by joining a team's, or by a restore) does not count, else the
 * ledger now held would have no backup until the next day.
 */
export async function hasDailyBackupOf(folder: FolderHandle, today: string, tag: string, ledgerId: string): Promise<boolean> {
  for (const name of await folderBackupNames(folder)) {
    if (!hasDailyOf([name], today, tag)) continue;
    try {
      const file = await (await folder.getFileHandle(name)).getFile();
      const header = await peekFileHeader(file);
      if (header?.ledgerId === ledgerId) return true;
    } catch {
      // Unreadable: not a backup of this ledger to count on; today's is written again.
    }
  }
  return false;
}

/** Whether `names` hold the daily backup of `today` written by the installation `tag`. */
export function hasDailyOf(names: readonly string[], today: string, tag: string): boolean {
  return names.some((name) => {
    const parsed = parseBackupFileName(name);
    return parsed !== null && parsed.reason === 'daily' && parsed.date === today && parsed.installation === tag;
  });
}
const STORE = 'handles';
const KEY = 'backupFolder';

export function supportsFolderBackups(): boolean {
  return typeof window !== 'undefined' && typeof (window as unknown as { showDirectoryPicker?: unknown }).showDirectoryPicker === 'function';
}

function deviceDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DEVICE_DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('The device store could not be opened.'));
  });
}

/** One request on this browser's own small store (folder handles, team sync state). */
export async function deviceStore<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await deviceDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = run(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('The device store failed.'));
    });
  } finally {
    db.close();
  }
}

export async function backupFolder(): Promise<FolderHandle | null> {
  if (typeof indexedDB === 'undefined') return null;
  const handle = await deviceStore<unknown>('readonly', (s) => s.get(KEY));
  return handle && typeof handle === 'object' && (handle as { kind?: unknown }).kind === 'directory' ? (handle as FolderHandle) : null;
}

export type FolderState = { name: string; permission: PermissionState } | null;

export async function backupFolderState(): Promise<FolderState> {
  const folder = await backupFolder();
  if (!folder) return null;
  const permission = folder.queryPermission ? await folder.queryPermission({ mode: 'readwrite' }) : 'granted';
  return { name: folder.name, permission };
}

/**
 * The browser's folder picker (remembering its last place under `id`); `null` when cancelled,
 * `unsupported` as the error when the browser has none.
 */
export async function pickFolder(id: string, unsupported: string): Promise<Result<FolderHandle | null>> {
  const picker = (window as unknown as { showDirectoryPicker?: DirectoryPicker }).showDirectoryPicker;
  if (!picker) return err(unsupported);
  try {
    return ok(await picker({ id, mode: 'readwrite' }));
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') return ok(null);
    return err(`The folder could not be chosen: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The folder picker; `null` when cancelled. */
export async function chooseBackupFolder(): Promise<Result<FolderState>> {
  const picked = await pickFolder('fleetledger-backups', 'This browser cannot write to a folder; use Back up now.');
  if (!picked.ok || picked.value === null) return picked.ok ? ok(null) : picked;
  const folder = picked.value;
  await deviceStore('readwrite', (s) => s.put(folder, KEY));
  return ok({ name: folder.name, permission: 'granted' });
}

/** Asks again for permission to write (must run from a click). */
export async function allowBackupFolder(): Promise<FolderState> {
  const folder = await backupFolder();
  if (!folder) return null;
  const permission = folder.requestPermission ? await folder.requestPermission({ mode: 'readwrite' }) : 'granted';
  return { name: folder.name, permission };
}

export async function forgetBackupFolder(): Promise<void> {
  await deviceStore('readwrite', (s) => s.delete(KEY));
}

/** Writes a file whole: the browser writes a temporary file and replaces the target only on close, never leaving half of one. */
export async function writeWholeFile(folder: FolderHandle, name: string, bytes: Uint8Array): Promise<void> {
  const out = await (await folder.getFileHandle(name, { create: true })).createWritable();
  try {
    await out.write(bytes);
    await out.close();
  } catch (e) {
    await out.abort().catch(() => undefined);
    throw e;
  }
}

/** Our backup files in the folder. */
export async function folderBackupNames(folder: FolderHandle): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of folder.values()) if (entry.kind === 'file' && parseBackupFileName(entry.name) !== null) names.push(entry.name);
  return names;
}

/** Enough of a file for its stored header (at fleet scale its list of event blocks is a few KB), as the desktop reads it. */
const HEADER_PEEK_BYTES = 256 * 1024;

const utf8 = { encode: (text: string) => new TextEncoder().encode(text), decode: (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(bytes) };

/** A backup file's stored header, from its first bytes only (null: not one this version reads). */
async function peekFileHeader(file: Blob): Promise<ReturnType<typeof peekStoredHeader>> {
  return peekStoredHeader(new Uint8Array(await file.slice(0, HEADER_PEEK_BYTES).arrayBuffer()), utf8);
}

/** The local date and time in a backup's name (this browser's clock named it), ISO UTC; a name without a time is the start of its day. */
function nameTime(name: string): string | undefined {
  const c = backupNameClock(name);
  const at = c === null ? null : new Date(c.year, c.month - 1, c.day, c.hour, c.minute, c.second);
  return at === null || Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

/**
 * The backups in the folder (every browser's and every ledger's there), as the desktop lists its
 * own: when each says it was made and which ledger it holds, from its header, so the data-loss
 * alarm can offer the newest backup of the ledger that went missing. A file that cannot be read
 * is still listed, without what its header says.
 */
export async function listFolderBackups(folder: FolderHandle): Promise<BackupEntry[]> {
  const entries: BackupEntry[] = [];
  for await (const handle of folder.values()) {
    const parsed = handle.kind === 'file' ? parseBackupFileName(handle.name) : null;
    if (handle.kind !== 'file' || parsed === null) continue;
    const named = nameTime(handle.name);
    let file: File | null = null;
    let header = null;
    try {
      file = await handle.getFile();
      header = await peekFileHeader(file);
    } catch {
      // Listed without what its header says; reading it for a restore says why it cannot be.
    }
    const madeAt = header?.createdAt ?? named;
    entries.push({
      name: handle.name,
      size: file?.size ?? 0,
      modifiedAt: file !== null ? new Date(file.lastModified).toISOString() : (madeAt ?? ''),
      reason: parsed.reason,
      ...(madeAt !== undefined ? { madeAt } : {}),
      ...(header !== null ? { holds: { ledgerId: header.ledgerId, events: header.counts.events } } : {}),
    });
  }
  return entries;
}

/** One backup of {@link listFolderBackups} by name, refusing anything larger than a backup can be. */
export async function readFolderBackup(folder: FolderHandle, name: string): Promise<Result<OpenedBackupFile>> {
  try {
    const file = await (await folder.getFileHandle(name)).getFile();
    if (file.size > MAX_BACKUP_BYTES) return err(`${name} is larger than ${MAX_BACKUP_BYTES / 1024 / 1024} MB: it is not a Fleetledger backup.`);
    return ok({ name, bytes: new Uint8Array(await file.arrayBuffer()) });
  } catch (e) {
    return err(`${name} could not be read from the folder ${folder.name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Writes a backup into the chosen folder (when permission is granted) and prunes the old ones
 * as the desktop does. `null` when no folder is chosen or writing is not allowed right now.
 */
export async function writeFolderBackup(bytes: Uint8Array, stem: string, date: string, reason: BackupReason, now: Date): Promise<Result<FolderBackupWritten | null>> {
  const folder = await backupFolder();
  if (!folder) return ok(null);
  if (folder.queryPermission && (await folder.queryPermission({ mode: 'readwrite' })) !== 'granted') return ok(null);
  return writeBackupInto(folder, bytes, stem, date, reason, now);
}

export interface FolderBackupWritten {
  name: string;
  pruned: string[];
  /** The backup was written, but old ones could not all be removed. */
  pruneError?: string;
}

/**
 * {@link writeFolderBackup} into `folder`, named with `installation`'s tag: the backup, then the
 * rotation of that installation's files only; an error only when the backup itself was not written.
 */
export async function writeBackupInto(
  folder: FolderHandle,
  bytes: Uint8Array,
  stem: string,
  date: string,
  reason: BackupReason,
  now: Date,
  installation: string = browserInstallationTag(),
): Promise<Result<FolderBackupWritten>> {
  const name = backupFileName({ stem, date, reason, installation, ...(reason === 'daily' ? {} : { time: backupTime(now.getHours(), now.getMinutes(), now.getSeconds()) }) });
  try {
    await writeWholeFile(folder, name, bytes);
  } catch (e) {
    return err(`The backup could not be written to the folder ${folder.name}: ${e instanceof Error ? e.message : String(e)}`);
  }
  // Written: a failure from here on is about old backups, and the new one stands.
  const pruned: string[] = [];
  try {
    for (const old of backupsToPrune(await folderBackupNames(folder), date, installation).filter((n) => n !== name)) {
      await folder.removeEntry(old);
      pruned.push(old);
    }
  } catch (e) {
    return ok({ name, pruned, pruneError: `Old backups could not be removed from the folder ${folder.name}: ${e instanceof Error ? e.message : String(e)}` });
  }
  return ok({ name, pruned });
}
