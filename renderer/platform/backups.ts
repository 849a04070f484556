/**
 * Backups and the data-loss record on each platform. Desktop: the main process writes, lists,
 * rotates and reads backup files in the user-data folder (and an optional second folder) and
 * keeps the record in a file there (electron/, behind shared/ipc.ts). Browser: *Back up now*
 * downloads the file, a file input opens one, and the record lives in localStorage; automatic
 * backups need the desktop app, so the browser reminds instead.
 */
import { MAX_BACKUP_BYTES, type BackupConfig, type BackupEntry, type BackupReason, type BackupWritten, type LedgerRecord, type OpenedBackupFile, type SavedFile } from '../../shared/ipc';
import { err, ok, type Result } from '../../shared/result';
import { desktopBridge } from './bridge';
import { downloadBlob } from './browser';

export type { BackupConfig, BackupEntry, BackupReason, BackupWritten, LedgerRecord, OpenedBackupFile } from '../../shared/ipc';

/** True where automatic backups are kept (the desktop app). */
export function hasAutomaticBackups(): boolean {
  return desktopBridge() !== undefined;
}

/** *Back up now*: a save dialog on the desktop, a download in a browser. `null` when cancelled. */
export async function saveBackupFile(suggestedName: string, bytes: Uint8Array): Promise<Result<SavedFile | null>> {
  const bridge = desktopBridge();
  if (bridge) return bridge.saveBackupAs({ suggestedName, bytes });
  return downloadBlob(suggestedName, new Blob([bytes as BlobPart], { type: 'application/gzip' }));
}

/** Writes an automatic backup (desktop only) and rotates the old ones. */
export async function writeAutomaticBackup(bytes: Uint8Array, ledgerStem: string, date: string, reason: BackupReason): Promise<Result<BackupWritten>> {
  const bridge = desktopBridge();
  if (!bridge) return err('Automatic backups are kept by the desktop app; in a browser use Back up now.');
  return bridge.writeBackup({ bytes, ledgerStem, date, reason });
}

export async function listAutomaticBackups(): Promise<Result<BackupEntry[]>> {
  const bridge = desktopBridge();
  return bridge ? bridge.listBackups() : ok([]);
}

/** One of {@link listAutomaticBackups} by name, in its folder (`second`: the second folder). */
export async function readAutomaticBackup(name: string, folder?: 'second'): Promise<Result<OpenedBackupFile>> {
  const bridge = desktopBridge();
  if (!bridge) return err('Automatic backups are kept by the desktop app.');
  return bridge.readBackup(folder === undefined ? { name } : { name, folder });
}

export async function backupConfig(): Promise<Result<BackupConfig | null>> {
  const bridge = desktopBridge();
  return bridge ? bridge.backupConfig() : ok(null);
}

export async function chooseSecondBackupFolder(): Promise<Result<BackupConfig | null>> {
  const bridge = desktopBridge();
  return bridge ? bridge.chooseSecondBackupFolder() : ok(null);
}

export async function clearSecondBackupFolder(): Promise<Result<BackupConfig | null>> {
  const bridge = desktopBridge();
  return bridge ? bridge.clearSecondBackupFolder() : ok(null);
}

/** *Restore from backup…*: an open dialog (desktop) or a file input (browser). `null` when cancelled. */
export function openBackupFile(): Promise<Result<OpenedBackupFile | null>> {
  const bridge = desktopBridge();
  if (bridge) return bridge.openBackupFile();
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.fleetledger,application/gzip';
    input.hidden = true;
    const finish = (r: Result<OpenedBackupFile | null>): void => {
      input.remove();
      resolve(r);
    };
    input.addEventListener('cancel', () => finish(ok(null)), { once: true });
    input.addEventListener(
      'change',
      () => {
        const file = input.files?.[0];
        if (!file) return finish(ok(null));
        if (file.size > MAX_BACKUP_BYTES) return finish(err(`${file.name} is larger than ${MAX_BACKUP_BYTES / 1024 / 1024} MB: it is not a Fleetledger backup.`));
        void file.arrayBuffer().then(
          (buffer) => finish(ok({ name: file.name, bytes: new Uint8Array(buffer) })),
          () => finish(err(`${file.name} could not be read.`)),
        );
      },
      { once: true },
    );
    document.body.append(input);
    input.click();
  });
}

// ---- The data-loss record ---------------------------------------------------------------

function recordKey(dbName: string): string {
  return `fleetledger.ledgerRecord.${dbName}`;
}

function isRecord(v: unknown): v is LedgerRecord {
  if (v === null || typeof v !== 'object') return false;
  const r = v as Partial<LedgerRecord>;
  return typeof r.ledgerId === 'string' && typeof r.updatedAt === 'string' && r.devices !== null && typeof r.devices === 'object' && Object.values(r.devices).every((n) => Number.isSafeInteger(n));
}

/** The record kept outside IndexedDB, `null` when there is none. A damaged record is an error, never silently nothing. */
export async function readLedgerRecord(dbName: string): Promise<Result<LedgerRecord | null>> {
  const bridge = desktopBridge();
  if (bridge) return bridge.readLedgerRecord();
  let text: string | null;
  try {
    text = localStorage.getItem(recordKey(dbName));
  } catch (e) {
    // No local storage here (storage turned off for the site, or not a browser page).
    return err(`The ledger record could not be read from local storage (${e instanceof Error ? e.message : String(e)}), so a missing or shortened database could not be detected.`);
  }
  if (text === null) return ok(null);
  try {
    const parsed: unknown = JSON.parse(text);
    if (isRecord(parsed)) return ok(parsed);
  } catch {
    // fall through
  }
  return err('The ledger record in this browser’s local storage is damaged, so a missing or shortened database could not be detected.');
}

export async function writeLedgerRecord(dbName: string, record: LedgerRecord): Promise<Result<true>> {
  const bridge = desktopBridge();
  if (bridge) return bridge.writeLedgerRecord(record);
  try {
    localStorage.setItem(recordKey(dbName), JSON.stringify(record));
    return ok(true);
  } catch (e) {
    return err(`The ledger record could not be saved in local storage (${e instanceof Error ? e.message : String(e)}).`);
  }
}

// ---- The recorded ledger's name ----------------------------------------------------------

function nameKey(dbName: string): string {
  return `fleetledger.ledgerName.${dbName}`;
}

/**
 * The name of the ledger the record is about, kept beside it in this browser's (or the desktop
 * window's) localStorage, so the data-loss alarm can name a ledger whose database is gone. Not
 * part of the record (whose form older versions check strictly); only a help to words, so a
 * failure to keep or read it is silent: the alarm then names the ledger by its id.
 */
export function keepLedgerName(dbName: string, ledgerId: string, name: string): void {
  try {
    localStorage.setItem(nameKey(dbName), JSON.stringify({ ledgerId, name }));
  } catch {
    // No local storage here: the alarm names the ledger by its id.
  }
}

/** The name kept by {@link keepLedgerName} for `ledgerId`, or null. */
export function keptLedgerName(dbName: string, ledgerId: string): string | null {
  try {
    const text = localStorage.getItem(nameKey(dbName));
    if (text === null) return null;
    const kept = JSON.parse(text) as { ledgerId?: unknown; name?: unknown } | null;
    return kept !== null && kept.ledgerId === ledgerId && typeof kept.name === 'string' && kept.name !== '' ? kept.name : null;
  } catch {
    return null;
  }
}
