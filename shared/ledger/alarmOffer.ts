/**
 * Which automatic backup the data-loss alarm offers first (renderer/features/ledger/StartupScreen.tsx).
 *
 * Not simply the newest file: the backup before this start's database upgrade, or before a
 * restore that failed at the alarm, is newer than any other and holds the very database that
 * raised the alarm (empty, behind the record, another ledger). And a file's modification time
 * is when it was copied into the folder, not when it was made.
 */
import type { BackupEntry } from '../ipc';
import { backupFileName, parseBackupFileName } from './backupRotation';
import type { DataLossRecord } from './dataLoss';

/**
 * The name of the file in the app's own folder that `b` is (a copy in the second folder is named
 * with an installation tag: without it, the same name).
 */
function ownFolderName(b: BackupEntry): string {
  const parsed = b.folder === 'second' ? parseBackupFileName(b.name) : null;
  if (parsed?.installation === undefined) return b.name;
  const { installation: _tag, ...untagged } = parsed;
  return backupFileName(untagged);
}

/** When the backup says it was made (its header, else its name); the modification time only for an entry that says neither. */
export function backupMadeAt(b: BackupEntry): string {
  return b.madeAt ?? b.modifiedAt;
}

/** Newest first by when each backup says it was made, then by name (which starts with the date). */
export function byTimeMade(backups: readonly BackupEntry[]): BackupEntry[] {
  const descending = (x: string, y: string): number => (x < y ? 1 : x > y ? -1 : 0);
  return [...backups].sort((a, b) => descending(backupMadeAt(a), backupMadeAt(b)) || descending(a.name, b.name));
}

export interface AlarmOffer {
  /** The backup offered first, or null when none is fit to be. */
  offer: BackupEntry | null;
  /** True when its header shows it holds the recorded ledger with at least as many events as the record counts. */
  holdsRecordedLedger: boolean;
  /** Every other backup, newest first (none is hidden). */
  others: BackupEntry[];
}

/**
 * The newest backup that holds the recorded ledger at least as far as the record says; when
 * none does (or there is no record to go by), the newest one that is not a backup made before
 * an upgrade or a restore in this session (`madeThisSession`: the names written since the page
 * started), which hold what is in the database now.
 */
export function alarmOffer(backups: readonly BackupEntry[], record: DataLossRecord | null, madeThisSession: ReadonlySet<string>): AlarmOffer {
  const sorted = byTimeMade(backups);
  const expected = record === null ? null : Object.values(record.devices).reduce((a, b) => a + b, 0);
  let offer =
    record === null || expected === null ? undefined : sorted.find((b) => b.holds !== undefined && b.holds.ledgerId === record.ledgerId && b.holds.events >= expected);
  const holdsRecordedLedger = offer !== undefined;
  // Their copies in the second folder too: the same database.
  offer ??= sorted.find((b) => !(madeThisSession.has(ownFolderName(b)) && (b.reason === 'schema-upgrade' || b.reason === 'before-restore')));
  return { offer: offer ?? null, holdsRecordedLedger, others: sorted.filter((b) => b !== offer) };
}
