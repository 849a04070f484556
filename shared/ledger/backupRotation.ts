/**
 * Backup file names and the retention policy of the backups folder (LEDGER.md §2).
 *
 * - `daily`: `<stem>-<YYYY-MM-DD>-daily.fleetledger`, one per day (a second one the same day
 *   replaces it). Kept: the newest 7 days, the newest file of each of the 4 most recent ISO weeks
 *   and of each of the 12 most recent calendar months that have one.
 * - `manual`, `before-restore`, `schema-upgrade`, `origin-move`: `<stem>-<YYYY-MM-DD>-<HHMMSS>-<reason>.fleetledger`;
 *   the newest 10 of each kind are kept.
 *
 * Retention is counted per ledger stem, so one ledger's backups never push out another's that
 * share the folder. A name this module does not recognise is not ours: it is never pruned.
 *
 * The desktop's copy in the second folder carries its installation's tag before the extension,
 * `<…>-daily-<tag>.fleetledger`, `<…>-<reason>-<tag>.fleetledger` (6 hex digits, {@link isInstallationTag}):
 * several installations of one team ledger (same name) may copy into one synced folder, and
 * then none writes over another's daily nor prunes another's backups. The rotation only ever
 * counts and prunes the files of one tag (untagged: the app's own folder, a browser's folder).
 *
 * *Back up now* names its file `<stem>-<YYYY-MM-DD>.fleetledger` ({@link savedBackupFileName}).
 * Such a file is a backup (listed, restorable) but never pruned and never written over: a person
 * may well save one into the backups folder or the second folder, and it is theirs to keep.
 * (Daily backups of versions before 2026-12 had that name too; they stay until removed by hand.)
 *
 * Pure: the date and time come in with the request; nothing here reads a clock or a disk.
 */
import { epochDay, isIsoDate } from '../dates';
import { BACKUP_FILE_EXTENSION, BACKUP_REASONS, isLedgerFileStem, type BackupReason } from '../ipc';

export const DAILY_DAYS_KEPT = 7;
export const WEEKLY_WEEKS_KEPT = 4;
export const MONTHLY_MONTHS_KEPT = 12;
/** For each of `manual`, `before-restore`, `schema-upgrade`, `origin-move`. */
export const EVENT_BACKUPS_KEPT = 10;

export interface BackupName {
  stem: string;
  /** YYYY-MM-DD */
  date: string;
  /** HHMMSS; absent for `daily`. */
  time?: string;
  reason: BackupReason;
  /** Named as *Back up now* names a file (no reason in the name): kept whatever the policy. */
  saved?: true;
  /** The installation that copied it into a second folder ({@link isInstallationTag}); absent elsewhere. */
  installation?: string;
}

const INSTALLATION_TAG = /^[0-9a-f]{6}$/u;

/** An installation's tag in a backup name: 6 lower-case hex digits. */
export function isInstallationTag(tag: unknown): tag is string {
  return typeof tag === 'string' && INSTALLATION_TAG.test(tag);
}

type TimedReason = Exclude<BackupReason, 'daily'>;
const TIMED_REASONS = BACKUP_REASONS.filter((r): r is TimedReason => r !== 'daily');

const HHMMSS = /^([01]\d|2[0-3])[0-5]\d[0-5]\d$/u;
// The stem is greedy, so a stem that itself ends in a date still splits at the last one.
// The installation tag only ever follows a reason: `<stem>-<date>.fleetledger` (Back up now) has none.
const NAME = new RegExp(
  `^(.+)-(\\d{4}-\\d{2}-\\d{2})(?:(?:-(\\d{6})-(${TIMED_REASONS.join('|')})|-(daily))(?:-([0-9a-f]{6}))?)?${BACKUP_FILE_EXTENSION.replace('.', '\\.')}$`,
  'u',
);

/** `HHMMSS` of a time of day. */
export function backupTime(hours: number, minutes: number, seconds: number): string {
  return [hours, minutes, seconds].map((n) => String(n).padStart(2, '0')).join('');
}

/** The file name of a backup. Throws on malformed parts: callers pass validated values. */
export function backupFileName(parts: BackupName): string {
  if (!isLedgerFileStem(parts.stem)) throw new Error(`Not a ledger file stem: ${JSON.stringify(parts.stem)}`);
  if (!isIsoDate(parts.date)) throw new Error(`Not a YYYY-MM-DD date: ${JSON.stringify(parts.date)}`);
  if (parts.installation !== undefined && !isInstallationTag(parts.installation)) throw new Error(`Not an installation tag: ${JSON.stringify(parts.installation)}`);
  const tag = parts.installation === undefined ? '' : `-${parts.installation}`;
  if (parts.reason === 'daily') return `${parts.stem}-${parts.date}-daily${tag}${BACKUP_FILE_EXTENSION}`;
  if (parts.time === undefined || !HHMMSS.test(parts.time)) throw new Error(`Not an HHMMSS time: ${JSON.stringify(parts.time)}`);
  return `${parts.stem}-${parts.date}-${parts.time}-${parts.reason}${tag}${BACKUP_FILE_EXTENSION}`;
}

/** The name *Back up now* suggests: `<stem>-<YYYY-MM-DD>.fleetledger` (never pruned, see above). Throws on malformed parts. */
export function savedBackupFileName(stem: string, date: string): string {
  if (!isLedgerFileStem(stem)) throw new Error(`Not a ledger file stem: ${JSON.stringify(stem)}`);
  if (!isIsoDate(date)) throw new Error(`Not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  return `${stem}-${date}${BACKUP_FILE_EXTENSION}`;
}

/** The parts of one of our backup names, or `null` for any other file (leave those alone). */
export function parseBackupFileName(name: string): BackupName | null {
  const match = NAME.exec(name);
  if (!match) return null;
  const [, stem, date, time, reason, daily, installation] = match;
  if (stem === undefined || date === undefined || !isLedgerFileStem(stem) || !isIsoDate(date)) return null;
  const tagged = installation === undefined ? {} : { installation };
  if (daily !== undefined) return { stem, date, reason: 'daily', ...tagged };
  if (time === undefined || reason === undefined) return { stem, date, reason: 'manual', saved: true };
  if (!HHMMSS.test(time)) return null;
  return { stem, date, time, reason: reason as TimedReason, ...tagged };
}

/**
 * The wall-clock time a backup's name gives (its maker's local time: a daily one, the start of
 * its day), as numbers a caller reads in its own time zone; null for another name. Where the
 * header cannot be read, this is when the backup was made, better than a copy's modification time.
 */
export function backupNameClock(name: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } | null {
  const parsed = parseBackupFileName(name);
  if (parsed === null) return null;
  const t = parsed.time ?? '000000';
  return { year: Number(parsed.date.slice(0, 4)), month: Number(parsed.date.slice(5, 7)), day: Number(parsed.date.slice(8, 10)), hour: Number(t.slice(0, 2)), minute: Number(t.slice(2, 4)), second: Number(t.slice(4, 6)) };
}

/** Monday of the ISO week of `date`, as an epoch day (1970-01-01, day 0, was a Thursday). */
function weekKey(date: string): number {
  const day = epochDay(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
  return day - ((((day + 3) % 7) + 7) % 7);
}

function monthKey(date: string): string {
  return date.slice(0, 7);
}

/** The newest file of each of the `count` most recent groups; `files` sorted newest first. */
function newestOfRecentGroups<K>(files: readonly Parsed[], count: number, key: (date: string) => K): Parsed[] {
  const seen = new Set<K>();
  const kept: Parsed[] = [];
  for (const file of files) {
    if (seen.size === count) break;
    const k = key(file.date);
    if (seen.has(k)) continue;
    seen.add(k);
    kept.push(file);
  }
  return kept;
}

interface Parsed extends BackupName {
  name: string;
  /** Sorts like the backup's age: date, then time (a daily backup has none: the start of its day). */
  order: string;
}

function dailyToKeep(files: readonly Parsed[]): Parsed[] {
  // One daily file per stem and day, so "7 distinct days" is the first 7 files.
  return [
    ...files.slice(0, DAILY_DAYS_KEPT),
    ...newestOfRecentGroups(files, WEEKLY_WEEKS_KEPT, weekKey),
    ...newestOfRecentGroups(files, MONTHLY_MONTHS_KEPT, monthKey),
  ];
}

/**
 * The names to delete from a folder holding `names` so that it follows the retention policy.
 * Names that are not Fleetledger backups are never returned. Idempotent: pruning what is left
 * prunes nothing more.
 *
 * `today` (YYYY-MM-DD, the date of the backup being written): a backup dated after it was made
 * while a clock was wrong. It is kept, and does not count among the newest: else ten such
 * files would push every backup made since out of its kind's newest ten, the one just written
 * at the next write, until the wrong date came round.
 *
 * `installation`: only the files of that installation's tag are counted and pruned (`null`, the
 * default: only untagged ones); another installation's files are never returned.
 */
export function backupsToPrune(names: readonly string[], today: string | null = null, installation: string | null = null): string[] {
  const groups = new Map<string, Parsed[]>();
  for (const name of new Set(names)) {
    const parsed = parseBackupFileName(name);
    if (parsed === null || parsed.saved === true) continue;
    if ((parsed.installation ?? null) !== installation) continue;
    if (today !== null && parsed.date > today) continue;
    const key = `${parsed.reason}\u0000${parsed.stem}`;
    const group = groups.get(key) ?? [];
    group.push({ ...parsed, name, order: `${parsed.date}${parsed.time ?? ''}` });
    groups.set(key, group);
  }
  const prune: string[] = [];
  for (const files of groups.values()) {
    files.sort((a, b) => (a.order < b.order ? 1 : a.order > b.order ? -1 : 0));
    const kept = new Set((files[0]?.reason === 'daily' ? dailyToKeep(files) : files.slice(0, EVENT_BACKUPS_KEPT)).map((f) => f.name));
    for (const file of files) if (!kept.has(file.name)) prune.push(file.name);
  }
  return prune.sort();
}
