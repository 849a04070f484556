/**
 * What stands between the ledger and its loss (LEDGER.md §2), in the renderer:
 * - before the database is opened: refuse one written by a newer version (Dexie would otherwise
 *   reopen it at its version and patch the schema), and compare it with the data-loss record;
 * - while the app runs: keep the record up to date after every committed change, and keep the
 *   desktop's daily automatic backup;
 * - backup and restore as the app does them (the current ledger backed up before a restore).
 */
import { create } from 'zustand';
import { checkForDataLoss, type DataLossCheck } from '../shared/ledger/dataLoss';
import { backupFileName, backupTime, savedBackupFileName } from '../shared/ledger/backupRotation';
import { DEFAULT_TEAM_SETTINGS, ledgerFileStem, TEAM_SETTING_KEYS } from '../shared/ledger/teamSettings';
import { hasStoredHeader, isGzip, type BackupContents } from '../shared/ledger/backupFormat';
import { err, ok, type Result } from '../shared/result';
import type { FleetDb, SettingKey, SettingRow } from './db/database';
import { onEventsCommitted, type LedgerRow } from './db/eventLog';
import { backupText, createBackup, gzip, ledgerRow, readBackupFile, readBackupText, restoreBackup, sha256Hex, type Backup } from './db/ledger';
import { decodeRawDump, dumpDatabaseAsIs, isRawDump, restoreRawDump, type RawDump } from './db/rawDump';
import { CURRENT_SCHEMA_VERSION } from './db/schema';
import { UNREPORTED, type WorkReport } from '../shared/work';
import { todayIso } from './lib/clock';
import { backupFolder, browserInstallationTag, hasDailyBackupOf, writeFolderBackup } from './platform/folderBackups';
import {
  hasAutomaticBackups,
  keepLedgerName,
  keptLedgerName,
  listAutomaticBackups,
  readLedgerRecord,
  saveBackupFile,
  writeAutomaticBackup,
  writeLedgerRecord,
  type BackupReason,
  type LedgerRecord,
} from './platform/backups';

/** The IndexedDB version of an existing database (Dexie's ×10 undone), or null when there is none. */
export async function installedVersion(name: string): Promise<number | null> {
  const version = typeof indexedDB.databases === 'function' ? (await indexedDB.databases()).find((d) => d.name === name)?.version : await versionByOpening(name);
  return version === undefined || version === null ? null : version / 10;
}

/**
 * The version of database `name`, found by opening it at whatever version it has, for browsers
 * without `indexedDB.databases()` (Firefox before 126, still on some managed desktops): without
 * it, every start read "no database", and a ledger the record knows was called missing. A
 * database that is not there would be created by the open at version 1: the creation is
 * aborted in its upgrade, so nothing is left behind. Null when there is none.
 */
function versionByOpening(name: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    let creating = false;
    const request = indexedDB.open(name);
    request.onupgradeneeded = () => {
      creating = true;
      request.transaction?.abort();
    };
    request.onsuccess = () => {
      const version = request.result.version;
      request.result.close();
      resolve(version);
    };
    request.onerror = (e) => {
      if (!creating) {
        reject(request.error ?? new Error(`The ledger database ${name} could not be opened to read its version.`));
        return;
      }
      e.preventDefault();
      resolve(null);
    };
  });
}

export type StartupOutcome =
  | { kind: 'ready' }
  /** The desktop's move to app:// could not take the old page's ledger in (renderer/originMove.ts); nothing else starts. */
  | { kind: 'move-failed'; message: string; backupName: string | null }
  | { kind: 'newer-database'; found: number }
  /** `record` null: there is one, but it could not be read (see checkLedgerAtStart). */
  | { kind: 'data-loss'; check: Exclude<DataLossCheck, { kind: 'ok' }>; record: LedgerRecord | null };

/** What the Backups card shows about the record and the automatic backups. */
interface LedgerGuardState {
  /** A damaged record, or a failed write of it; the alarm cannot work until it is fixed. */
  recordProblem: string | null;
  /** The last automatic backup's failure, shown until one succeeds. */
  backupProblem: string | null;
  /**
   * The backup before this start's database upgrade failed: shown for the session, whatever
   * backups succeed after (a later daily backup is of the upgraded database, not of what was
   * there before).
   */
  upgradeBackupProblem: string | null;
  /** When this session last wrote an automatic backup. */
  lastAutomatic: string | null;
}

/** The automatic backups this page has written (their names): the alarm does not offer first one it made of the database that raised it. */
const madeThisSession = new Set<string>();

export function backupsMadeThisSession(): ReadonlySet<string> {
  return madeThisSession;
}

export const useLedgerGuard = create<LedgerGuardState>(() => ({ recordProblem: null, backupProblem: null, upgradeBackupProblem: null, lastAutomatic: null }));

function recordOf(row: LedgerRow): LedgerRecord {
  return { ledgerId: row.ledgerId, devices: { ...row.heads }, updatedAt: new Date().toISOString() };
}

async function saveRecord(db: FleetDb, row: LedgerRow): Promise<void> {
  const r = await writeLedgerRecord(db.name, recordOf(row));
  useLedgerGuard.setState({ recordProblem: r.ok ? null : r.error });
  // So the alarm can name the ledger (“Acme GPU fleet”) even when its database is gone.
  keepLedgerName(db.name, row.ledgerId, await db.getSetting('ledgerName'));
}

/**
 * Checks the database before anything is written to it. Does not open it when it is newer than
 * this build or missing while the record says it held events.
 */
export async function checkLedgerAtStart(db: FleetDb): Promise<StartupOutcome> {
  const installed = await installedVersion(db.name);
  if (installed !== null && installed > CURRENT_SCHEMA_VERSION) return { kind: 'newer-database', found: installed };
  const recorded = await readLedgerRecord(db.name);
  if (!recorded.ok) useLedgerGuard.setState({ recordProblem: recorded.error });
  const record = recorded.ok ? recorded.value : null;
  if (installed === null) {
    // No database, and a record that is there but cannot be read: a ledger may well have been
    // here. Seeding the demo would write its record over the only sign of it.
    if (!recorded.ok) {
      const message = `The ledger database is missing, and the record of the ledger this computer held cannot be read (${recorded.error.replace(/\.$/u, '')}), so a ledger may have been here.`;
      return { kind: 'data-loss', check: { kind: 'missing', message }, record: null };
    }
    const check = checkForDataLoss(record, { exists: false, ledgerId: null, heads: {} }, record && keptLedgerName(db.name, record.ledgerId));
    if (check.kind !== 'ok' && record) return { kind: 'data-loss', check, record };
    return { kind: 'ready' };
  }
  await backupBeforeUpgrade(db.name, installed);
  await db.open();
  const row = await ledgerRow(db);
  const check = checkForDataLoss(
    record,
    { exists: true, ledgerId: row.ledgerId, heads: row.heads, ledgerName: Object.keys(row.heads).length > 0 ? await db.getSetting('ledgerName') : null },
    record && keptLedgerName(db.name, record.ledgerId),
  );
  if (check.kind !== 'ok' && record) return { kind: 'data-loss', check, record };
  return { kind: 'ready' };
}

let unsubscribe: (() => void) | null = null;

/**
 * From now on, every committed change moves the record forward (written at most every 300 ms).
 * The record is written from the ledger row as it is when the write comes due, not as it was at
 * the change: a restore that ended in between (and wrote the record for the restored ledger)
 * must not be overwritten by the ledger it replaced.
 */
export async function keepRecordUpToDate(db: FleetDb): Promise<void> {
  await saveRecord(db, await ledgerRow(db));
  unsubscribe?.();
  let timer: ReturnType<typeof setTimeout> | null = null;
  unsubscribe = onEventsCommitted(() => {
    timer ??= setTimeout(() => {
      timer = null;
      // A database closed meanwhile (a pre-upgrade dump being put back) writes its own record.
      void ledgerRow(db).then(
        (row) => saveRecord(db, row),
        () => undefined,
      );
    }, 300);
  });
}

/** `<ledger name>-<date>.fleetledger` (a name rotation never prunes nor writes over). */
export function suggestedBackupName(backup: Backup): string {
  return savedBackupFileName(ledgerFileStem(backup.header.ledgerName), todayIso());
}

async function rememberBackup(db: FleetDb, backup: Backup): Promise<void> {
  await db.setSetting('lastBackupAt', backup.header.createdAt);
  await db.setSetting('lastBackupBytes', backup.bytes.length);
}

/** *Back up now*: the desktop asks where to save it, a browser downloads it. `null` when cancelled. */
export async function backUpNow(db: FleetDb, report: WorkReport = UNREPORTED): Promise<Result<{ path: string; bytes: number } | null>> {
  await report.step('Backing up the ledger');
  const backup = await createBackup(db);
  await report.step('Saving the backup');
  const saved = await saveBackupFile(suggestedBackupName(backup), backup.bytes);
  if (!saved.ok) return saved;
  if (saved.value === null) return ok(null);
  await rememberBackup(db, backup);
  return ok({ path: saved.value.path, bytes: backup.bytes.length });
}

/** A backup file kept: where, whether it is one of the automatic backups (not a download), and what to show (undefined: leave what is shown). */
interface KeptBackup {
  path: string;
  automatic: boolean;
  problem: string | null | undefined;
}

/**
 * `bytes` kept as a backup of `reason` where automatic backups go: the desktop's backups folder
 * (rotated, and copied to the second folder); in a browser the folder chosen for backups when it
 * may write there, else a download, since a browser cannot write a file unasked — except the
 * daily one, which is then not made (null).
 */
async function keepBackupFile(bytes: Uint8Array, stem: string, reason: BackupReason): Promise<Result<KeptBackup | null>> {
  if (hasAutomaticBackups()) {
    const written = await writeAutomaticBackup(bytes, stem, todayIso(), reason);
    if (!written.ok) return written;
    madeThisSession.add(written.value.entry.name);
    const second = written.value.secondCopy;
    const problems = [
      second !== null && 'error' in second ? `The copy in the second folder failed: ${second.error}` : null,
      written.value.pruneError !== undefined ? `Old backups could not be removed: ${written.value.pruneError}` : null,
    ].filter((p): p is string => p !== null);
    return ok({ path: written.value.path, automatic: true, problem: problems.length > 0 ? problems.join(' ') : null });
  }
  const now = new Date();
  const inFolder = await writeFolderBackup(bytes, stem, todayIso(), reason, now);
  if (inFolder.ok && inFolder.value !== null) return ok({ path: inFolder.value.name, automatic: true, problem: inFolder.value.pruneError ?? null });
  if (reason === 'daily') return inFolder.ok ? ok(null) : inFolder;
  const name = backupFileName({ stem, date: todayIso(), time: backupTime(now.getHours(), now.getMinutes(), now.getSeconds()), reason });
  const saved = await saveBackupFile(name, bytes);
  if (!saved.ok) return saved;
  return ok({ path: saved.value?.path ?? name, automatic: false, problem: inFolder.ok ? undefined : inFolder.error });
}

/** An automatic backup of `reason` (desktop: into the backups folder, rotated; a browser downloads it). */
export async function automaticBackup(db: FleetDb, reason: BackupReason): Promise<Result<string>> {
  const backup = await createBackup(db);
  const kept = await keepBackupFile(backup.bytes, ledgerFileStem(backup.header.ledgerName), reason);
  if (!kept.ok) {
    useLedgerGuard.setState({ backupProblem: kept.error });
    return kept;
  }
  if (kept.value === null) return ok('');
  await rememberBackup(db, backup);
  const { path, automatic, problem } = kept.value;
  if (problem !== undefined || automatic) useLedgerGuard.setState({ ...(problem !== undefined ? { backupProblem: problem } : {}), ...(automatic ? { lastAutomatic: backup.header.createdAt } : {}) });
  return ok(path);
}

/**
 * The daily backup, if none was written today: the desktop's backups folder, or in a browser
 * the folder chosen for backups (when it may write there). Its failure is shown, never swallowed.
 */
export async function dailyBackupIfDue(db: FleetDb): Promise<void> {
  const today = todayIso();
  const isToday = (name: string) => name.endsWith(`-${today}-daily.fleetledger`);
  try {
    // Today's daily of the ledger held now: one of a ledger left behind (a team joined, a restore) is not it.
    const { ledgerId } = await ledgerRow(db);
    if (hasAutomaticBackups()) {
      const listed = await listAutomaticBackups();
      if (!listed.ok) {
        useLedgerGuard.setState({ backupProblem: `The backups folder could not be read: ${listed.error}` });
        return;
      }
      // Today's daily in the app's own folder (a copy in the second folder may be another installation's).
      if (listed.value.some((b) => b.folder === undefined && b.reason === 'daily' && isToday(b.name) && b.holds?.ledgerId === ledgerId)) return;
    } else {
      const folder = await backupFolder();
      if (folder === null) return;
      if (folder.queryPermission && (await folder.queryPermission({ mode: 'readwrite' })) !== 'granted') return;
      if (await hasDailyBackupOf(folder, today, browserInstallationTag(), ledgerId)) return;
    }
    await automaticBackup(db, 'daily');
  } catch (e) {
    useLedgerGuard.setState({ backupProblem: `The daily backup failed: ${e instanceof Error ? e.message : String(e)}` });
  }
}

/** How long after start the first daily check waits: a backup reads the whole ledger, and start-up is the fleet view's. */
const FIRST_CHECK_DELAY_MS = 5_000;

/** Starts the daily backups: soon after start, then every hour (a laptop left open across midnight gets its backup). */
export function startAutomaticBackups(db: FleetDb): () => void {
  const first = setTimeout(() => void dailyBackupIfDue(db), FIRST_CHECK_DELAY_MS);
  const timer = setInterval(() => void dailyBackupIfDue(db), 60 * 60 * 1000);
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}

/**
 * A verified backup, ready to restore: a ledger backup, or the raw tables written before a
 * schema upgrade (renderer/db/rawDump.ts).
 */
export type RestorableBackup = { kind: 'ledger'; contents: BackupContents; /** The file's size. */ bytes?: number } | { kind: 'raw-dump'; dump: RawDump };

/** Reads and verifies a backup file of either kind; nothing is written. */
export async function verifyBackupFile(bytes: Uint8Array, report: WorkReport = UNREPORTED): Promise<Result<RestorableBackup>> {
  // A ledger backup starts with its header stored uncompressed; a raw dump (and a format-1 backup) is compressed whole.
  if (!hasStoredHeader(bytes)) {
    await report.step('Checking the backup');
    const text = await backupText(bytes);
    if (!text.ok) return text;
    if (isRawDump(text.value)) {
      const dump = await decodeRawDump(text.value, sha256Hex, CURRENT_SCHEMA_VERSION);
      return dump.ok ? ok({ kind: 'raw-dump', dump: dump.value }) : dump;
    }
    const contents = await readBackupText(text.value, report, isGzip(bytes) ? 'recompressed' : 'text');
    return contents.ok ? ok({ kind: 'ledger', contents: contents.value, bytes: bytes.length }) : contents;
  }
  const contents = await readBackupFile(bytes, report);
  return contents.ok ? ok({ kind: 'ledger', contents: contents.value, bytes: bytes.length }) : contents;
}

/** The ledger the database holds, backed up before something replaces it (an empty log has nothing to keep). */
async function backUpBeforeReplacing(db: FleetDb): Promise<Result<unknown>> {
  return (await db.logBlocks.count()) === 0 ? ok(null) : automaticBackup(db, 'before-restore');
}

/**
 * How far each device's events are known to go: the most of what the database holds and what
 * the data-loss record says. A database behind the record (the alarm's "behind") has lost
 * events whose ids this device gave out; a restore must not give them out again.
 */
async function idsGivenOut(db: FleetDb): Promise<Record<string, number>> {
  const heads: Record<string, number> = { ...(await ledgerRow(db)).heads };
  const recorded = await readLedgerRecord(db.name);
  if (recorded.ok && recorded.value !== null) {
    for (const [device, n] of Object.entries(recorded.value.devices)) if ((heads[device] ?? 0) < n) heads[device] = n;
  }
  return heads;
}

/**
 * Replaces the ledger with a verified backup: the current ledger is backed up first (when it
 * holds any events), then the restore runs in one transaction, then the record follows. A
 * pre-upgrade dump re-creates the database at its version and lets the upgrades run again.
 * Either way the device takes a new id when the restored log holds fewer of its events than it
 * had given out (eventLog.ts replaceLog), so no event id is ever given to two events.
 */
export async function restoreFromBackup(db: FleetDb, backup: RestorableBackup, report: WorkReport = UNREPORTED): Promise<Result<LedgerRow>> {
  if (!db.isOpen()) await db.open();
  const replaced = (await ledgerRow(db)).ledgerId;
  const givenOut = await idsGivenOut(db);
  await report.step('Backing up the current ledger first');
  const before = await backUpBeforeReplacing(db);
  if (!before.ok) return err(`The current ledger could not be backed up first, so nothing was restored: ${before.error}`);
  await report.step('Replacing the ledger with the backup');
  if (backup.kind === 'raw-dump') {
    // The dump holds every table, the settings too: this person's own ones here are put back after.
    const personal = await db.settings.bulkGet([...PERSONAL_SETTING_KEYS]);
    // And the drafts: the dump's are work long since committed or thrown away; today's are kept
    // if the ledger is the same one (as a ledger backup's restore keeps them).
    const drafts = await db.drafts.toArray();
    // A pre-upgrade dump is put back by deleting the database and making it again at the dump's
    // version, which cannot be one transaction: a failure after the deletion has changed the
    // database, and is said as such (the backup made just before holds the ledger as it was).
    db.close();
    try {
      await restoreRawDump(db.name, backup.dump);
      await db.open();
    } catch (e) {
      const saved = hasAutomaticBackups() ? 'the automatic backup made just before it (the newest in the list)' : 'the backup made just before it (in the folder chosen for backups, or downloaded)';
      return err(`The restore failed part-way (${e instanceof Error ? e.message : String(e)}): the database was emptied and not filled again. The ledger as it was is in ${saved}; restore that.`);
    }
    await putBackPersonalSettings(db, personal);
    let row = await ledgerRow(db);
    if ((row.heads[row.deviceId] ?? 0) < (givenOut[row.deviceId] ?? 0)) {
      row = { ...row, deviceId: crypto.randomUUID() };
      await db.ledger.put(row);
    }
    await saveRecord(db, row);
    await db.transaction('rw', db.drafts, async () => {
      await db.drafts.clear();
      if (row.ledgerId === replaced) await db.drafts.bulkPut(drafts);
    });
    return ok(row);
  }
  const row = await restoreBackup(db, backup.contents, givenOut);
  await saveRecord(db, row);
  await dropDraftsOfAnotherLedger(db, replaced, row.ledgerId);
  await rememberRestoredBackup(db, backup.contents.header.createdAt, backup.bytes ?? 0, replaced !== row.ledgerId);
  return ok(row);
}

/**
 * The file just restored is a backup of the ledger as it now is, made when its header says: the
 * last backup is at least that recent. When another ledger was replaced, what was remembered
 * (the backup before the restore among them) was a backup of that one, not of this: the file's
 * date replaces it. Else a newer backup of this ledger (the one before the restore) stays.
 * Without this, a ledger restored into an empty profile was "never backed up".
 */
async function rememberRestoredBackup(db: FleetDb, createdAt: string, bytes: number, otherLedgerReplaced: boolean): Promise<void> {
  const last = (await db.settings.get('lastBackupAt'))?.value;
  if (!otherLedgerReplaced && typeof last === 'string' && last !== '' && last >= createdAt) return;
  await db.setSetting('lastBackupAt', createdAt);
  await db.setSetting('lastBackupBytes', bytes);
}

/**
 * This person's and this device's settings that a restore leaves as they are ("Your name and
 * theme stay"), as a ledger backup does by not holding them. The other personal settings say
 * what the database holds (`initialised`, `demoFleet`), so they come with it.
 */
const PERSONAL_SETTING_KEYS = ['actorName', 'theme', 'lastBackupAt', 'lastBackupBytes'] as const satisfies readonly SettingKey[];

/**
 * Puts `rows` (read before a pre-upgrade dump replaced every table) back. A setting this
 * database did not hold is left as the dump has it: a new database taking in a whole one (the
 * desktop's move to app://, renderer/originMove.ts) takes its name and theme with it.
 */
async function putBackPersonalSettings(db: FleetDb, rows: readonly (SettingRow | undefined)[]): Promise<void> {
  const kept = rows.filter((row): row is SettingRow => row !== undefined);
  if (kept.length > 0) await db.settings.bulkPut(kept);
}

/**
 * Drafts (renderer/db/drafts.ts) are work in progress on one ledger: its shipment list, its
 * lots' and POs' scan sessions. When the database now holds another ledger, they are not offered
 * in it (a PO number of the new ledger may well be one of the old). A restore of the same ledger
 * keeps them: they are still its own work, and resumed serials are checked again.
 */
async function dropDraftsOfAnotherLedger(db: FleetDb, before: string, now: string): Promise<void> {
  if (before !== now) await db.drafts.clear();
}

/**
 * Before a restore at the start-up screen replaces a database written by a newer version: that
 * database as it is, every table and row at its version (a raw dump, which the newer version can
 * restore), is kept as the backup before a restore, and only then deleted. This version cannot
 * make a ledger backup of it, but the newest ledger must not go without a copy. Nothing is
 * deleted when it cannot be kept.
 */
export async function setAsideNewerDatabase(db: FleetDb): Promise<Result<void>> {
  db.close();
  let bytes: Uint8Array;
  try {
    bytes = await gzip((await dumpDatabaseAsIs(db.name, sha256Hex, new Date().toISOString())).text);
  } catch (e) {
    return err(`The newer database could not be read to back it up first, so nothing was restored: ${e instanceof Error ? e.message : String(e)}`);
  }
  const kept = await keepBackupFile(bytes, 'Fleetledger', 'before-restore');
  if (!kept.ok) return err(`The newer database could not be backed up first, so nothing was restored: ${kept.error}`);
  await db.delete();
  return ok(undefined);
}

/**
 * Before this version upgrades an older database: the database as it is, every table and row,
 * into the backups folder (desktop). A failure is shown; the upgrade still runs, since refusing
 * it would lock the person out of their ledger.
 */
export async function backupBeforeUpgrade(name: string, installed: number): Promise<void> {
  if (!hasAutomaticBackups() || installed >= CURRENT_SCHEMA_VERSION) return;
  try {
    const dump = await dumpDatabaseAsIs(name, sha256Hex, new Date().toISOString());
    const written = await writeAutomaticBackup(await gzip(dump.text), 'Fleetledger', todayIso(), 'schema-upgrade');
    if (written.ok) madeThisSession.add(written.value.entry.name);
    else useLedgerGuard.setState({ upgradeBackupProblem: `The backup before upgrading the database failed: ${written.error}` });
  } catch (e) {
    useLedgerGuard.setState({ upgradeBackupProblem: `The backup before upgrading the database failed: ${e instanceof Error ? e.message : String(e)}` });
  }
}

/** Records where the ledger stands now (after a change that is not an event: joining a team's ledger). */
export async function rememberLedger(db: FleetDb): Promise<void> {
  await saveRecord(db, await ledgerRow(db));
}

/**
 * *Start an empty ledger* at the data-loss alarm. The database may still hold most of the
 * ledger (the alarm's "behind"), or another whole one ("other-ledger"): what it holds is backed
 * up first, as before a restore, and nothing is cleared when that backup fails.
 */
export async function startEmptyAtAlarm(db: FleetDb): Promise<Result<void>> {
  if (!db.isOpen()) await db.open();
  const before = await backUpBeforeReplacing(db);
  if (!before.ok) return err(`The ledger in the database could not be backed up first, so nothing was cleared: ${before.error}`);
  await startEmptyLedger(db);
  return ok(undefined);
}

/**
 * A new empty ledger with no demo, recorded at once; whatever the database held is cleared (the
 * callers back it up first). With `ledgerId`, the empty ledger is that one (a team's, to be
 * filled by sync).
 */
export async function startEmptyLedger(db: FleetDb, ledgerId: string = crypto.randomUUID()): Promise<void> {
  if (!db.isOpen()) await db.open();
  await db.transaction('rw', [db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger, db.lots, db.models, db.sites, db.suppliers, db.marketObservations, db.unitPages, db.serialBuckets, db.assetTagBuckets, db.settings, db.drafts], async () => {
    await Promise.all([db.logBlocks.clear(), db.entityBlocks.clear(), db.eventSeqs.clear(), db.lots.clear(), db.models.clear(), db.sites.clear(), db.suppliers.clear(), db.marketObservations.clear(), db.unitPages.clear(), db.serialBuckets.clear(), db.assetTagBuckets.clear()]);
    // A new ledger, and a new device id: events this installation wrote before may live on elsewhere.
    const current = await ledgerRow(db);
    // The drafts of the ledger left behind are not offered in another one, nor is its last
    // backup said to be this one's (Settings → Backups would show the new ledger backed up).
    if (current.ledgerId !== ledgerId) {
      await db.drafts.clear();
      await db.settings.bulkPut([
        { key: 'lastBackupAt', value: '' },
        { key: 'lastBackupBytes', value: 0 },
      ]);
    }
    await db.ledger.put({ ...current, ledgerId, deviceId: crypto.randomUUID(), createdAt: new Date().toISOString(), heads: {} });
    await db.settings.bulkPut([
      { key: 'initialised', value: true },
      { key: 'demoFleet', value: false },
      { key: 'syncConflicts', value: [] },
      // The team settings are projections of the events too: the empty ledger's are the defaults
      // (the ledger left behind must not lend its name or currency to the one that sync fills).
      ...TEAM_SETTING_KEYS.map((key) => ({ key, value: DEFAULT_TEAM_SETTINGS[key] })),
    ]);
  });
  await saveRecord(db, await ledgerRow(db));
}
