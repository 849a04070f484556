/**
 * Settings → Backups and Settings → Ledger: back up now, restore from a backup (verified, the
 * current ledger backed up first), the automatic backups (the desktop's, or those in the folder a
 * browser keeps them in), and *Verify ledger*.
 */
import { useCallback, useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { Card } from '../../components/Card';
import { Dialog } from '../../components/Dialog';
import { WorkStatus } from '../../components/WorkStatus';
import { backupCountWords, type BackupCounts } from '../../../shared/ledger/backupFormat';
import { db } from '../../db/db';
import { LEDGER_ROW_KEY } from '../../db/eventLog';
import { rebuildFromEvents, verifyLedger, type LedgerCheck } from '../../db/ledger';
import { useSettings } from '../../db/queries';
import { automaticBackup, backUpNow, dailyBackupIfDue, restoreFromBackup, useLedgerGuard, verifyBackupFile, type RestorableBackup } from '../../ledgerGuard';
import {
  backupConfig,
  chooseSecondBackupFolder,
  clearSecondBackupFolder,
  hasAutomaticBackups,
  listAutomaticBackups,
  openBackupFile,
  readAutomaticBackup,
  type BackupConfig,
  type BackupEntry,
} from '../../platform/backups';
import {
  allowBackupFolder,
  backupFolder,
  backupFolderState,
  chooseBackupFolder,
  forgetBackupFolder,
  listFolderBackups,
  readFolderBackup,
  supportsFolderBackups,
  type FolderState,
} from '../../platform/folderBackups';
import { err, type Result } from '../../../shared/result';
import type { OpenedBackupFile } from '../../../shared/ipc';
import { useUi } from '../../state/ui';
import { withWork } from '../../state/work';
import { formatBytes } from './byteSize';
import { backupMadeAt, byTimeMade } from '../../../shared/ledger/alarmOffer';
import { create } from 'zustand';

/** How old the last backup may get before a browser user is reminded. */
export const BACKUP_REMINDER_DAYS = 7;


function when(iso: string): string {
  return iso === '' ? 'never' : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** A backup chosen for restore, verified, waiting for the person to confirm. */
interface PendingRestore {
  source: string;
  backup: RestorableBackup;
}

interface RestoreFlow {
  pending: PendingRestore | null;
  set: (p: PendingRestore | null) => void;
}
export const useRestoreFlow = create<RestoreFlow>((set) => ({ pending: null, set: (pending) => set({ pending }) }));

/** Runs *Back up now* and tells the person where it went (or why not). */
export function useBackUpNow(): [() => Promise<void>, boolean] {
  const toast = useUi((s) => s.toast);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async () => {
    setBusy(true);
    try {
      const r = await withWork('backups', (report) => backUpNow(db, report));
      if (!r.ok) toast(`Backup failed: ${r.error}`, 'error');
      else if (r.value) toast(`Backed up (${formatBytes(r.value.bytes)}) to ${r.value.path}`);
    } catch (e) {
      toast(`Backup failed: ${e instanceof Error ? e.message : String(e)}`, 'error');
    } finally {
      setBusy(false);
    }
  }, [toast]);
  return [run, busy];
}

/** Reads one listed backup (in a browser, from the folder chosen for them). */
type ReadBackup = () => Promise<Result<OpenedBackupFile | null>>;

/** Opens a backup (a file, or an automatic one of the list), verifies it, and asks to confirm. */
export function useChooseRestore(): [(listed?: Pick<BackupEntry, 'name' | 'folder'> | ReadBackup) => Promise<void>, boolean] {
  const toast = useUi((s) => s.toast);
  const setPending = useRestoreFlow((s) => s.set);
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async (listed?: Pick<BackupEntry, 'name' | 'folder'> | ReadBackup) => {
      setBusy(true);
      try {
        const file = listed === undefined ? await openBackupFile() : typeof listed === 'function' ? await listed() : await readAutomaticBackup(listed.name, listed.folder);
        if (!file.ok) return toast(file.error, 'error');
        if (file.value === null) return;
        const bytes = file.value.bytes;
        const contents = await withWork('backups', (report) => verifyBackupFile(bytes, report));
        if (!contents.ok) return toast(`${file.value.name} was not restored: ${contents.error}`, 'error');
        setPending({ source: file.value.name, backup: contents.value });
      } catch (e) {
        // Unheard otherwise (the caller drops the promise): nothing was restored, and the person is told why.
        toast(`The backup could not be read, so nothing was restored: ${e instanceof Error ? e.message : String(e)}`, 'error');
      } finally {
        setBusy(false);
      }
    },
    [toast, setPending],
  );
  return [run, busy];
}

/** What a backup holds, in words: "1,000 lots, 40,000 units, 8 models, 1 site, …, 202,009 events" (each noun as its count needs). */
export function backupCounts(c: BackupCounts): string {
  const [events, ...records] = backupCountWords(c, (n) => n.toLocaleString('en-US'));
  return `${records.join(', ')} and ${events ?? ''}`;
}

/**
 * Whether the backup is of the open ledger, and when it is, whether it holds every event here:
 * restoring an older one replaces the changes made since (kept in the backup made first).
 */
function sameLedgerWords(header: { ledgerId: string; counts: BackupCounts }, current: { ledgerId: string; heads: Record<string, number> } | undefined): string {
  if (current?.ledgerId !== header.ledgerId) return 'It is a backup of a different ledger from the one open now.';
  const here = Object.values(current.heads).reduce((a, b) => a + b, 0);
  if (header.counts.events >= here) return 'It is a backup of this ledger.';
  return `It is a backup of this ledger from before its last changes: it holds ${header.counts.events.toLocaleString('en-US')} of the ${here.toLocaleString('en-US')} events here, so the changes made since are replaced.`;
}

/** The confirmation before a restore replaces the ledger. */
export function RestoreDialog() {
  const pending = useRestoreFlow((s) => s.pending);
  const setPending = useRestoreFlow((s) => s.set);
  const current = useLiveQuery(() => db.ledger.get(LEDGER_ROW_KEY), []);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  // In a browser with a backups folder it may write to, the backup before the restore goes there, not to Downloads.
  const folder = useFolderState();
  if (!pending) return null;
  const backup = pending.backup;
  const restore = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const r = await withWork('restore', (report) => restoreFromBackup(db, backup, report));
      if (!r.ok) {
        setProblem(r.error);
        setBusy(false);
        return;
      }
      // Every view reads the restored ledger from scratch.
      window.location.reload();
    } catch (e) {
      setProblem(`The restore failed and nothing was changed: ${e instanceof Error ? e.message : String(e)}`);
      setBusy(false);
    }
  };
  return (
    <Dialog
      title="Restore from backup"
      label="Restore from backup"
      onClose={() => setPending(null)}
      footer={
        <>
          <button type="button" className="btn btn-ghost" onClick={() => setPending(null)} disabled={busy}>
            Cancel
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void restore()} disabled={busy} aria-busy={busy || undefined}>
            Replace the ledger with this backup
          </button>
        </>
      }
    >
      {backup.kind === 'ledger' ? (
        <>
          <p>
            <strong>{pending.source}</strong> is a whole, verified backup of <strong>{backup.contents.header.ledgerName}</strong> made{' '}
            {when(backup.contents.header.createdAt)}: {backupCounts(backup.contents.header.counts)}.
          </p>
          <p>{sameLedgerWords(backup.contents.header, current)}</p>
        </>
      ) : (
        <p>
          <strong>{pending.source}</strong> is a whole, verified copy of the database as it was before an upgrade (database version{' '}
          {backup.dump.header.schemaVersion}, made {when(backup.dump.header.createdAt)}). Restoring puts it back and upgrades it again.
        </p>
      )}
      <p>
        Restoring replaces everything here with it;{' '}
        {hasAutomaticBackups()
          ? 'the current ledger is backed up to the backups folder first.'
          : folder?.permission === 'granted'
            ? `the current ledger is backed up to the folder ${folder.name} first.`
            : 'the current ledger is downloaded as a backup first.'}{' '}
        Your
        name and theme stay.
      </p>
      <WorkStatus place="restore" />
      {problem && (
        <p className="banner banner-error" role="alert">
          {problem}
        </p>
      )}
    </Dialog>
  );
}

export function BackupsCard() {
  const settings = useSettings();
  const toast = useUi((s) => s.toast);
  const recordProblem = useLedgerGuard((s) => s.recordProblem);
  const backupProblem = useLedgerGuard((s) => s.backupProblem);
  const upgradeBackupProblem = useLedgerGuard((s) => s.upgradeBackupProblem);
  const lastAutomatic = useLedgerGuard((s) => s.lastAutomatic);
  const [backUp, backingUp] = useBackUpNow();
  const [chooseRestore, opening] = useChooseRestore();
  const desktop = hasAutomaticBackups();
  const [list, setList] = useState<BackupEntry[] | null>(null);
  const [config, setConfig] = useState<BackupConfig | null>(null);

  useEffect(() => {
    if (!desktop) return;
    let live = true;
    void Promise.all([listAutomaticBackups(), backupConfig()]).then(([l, c]) => {
      if (!live) return;
      // By when each says it was made (a file copied in has the copy's modification time).
      setList(l.ok ? byTimeMade(l.value) : []);
      if (!l.ok) toast(`The backups folder could not be read: ${l.error}`, 'error');
      setConfig(c.ok ? c.value : null);
      if (!c.ok) toast(`The backup settings could not be read, so the second folder is not shown: ${c.error}`, 'error');
    });
    return () => {
      live = false;
    };
  }, [desktop, lastAutomatic, settings.lastBackupAt, toast]);

  const second = async (choose: boolean) => {
    const r = choose ? await chooseSecondBackupFolder() : await clearSecondBackupFolder();
    if (!r.ok) toast(r.error, 'error');
    else if (r.value) setConfig(r.value);
  };

  return (
    <Card title="Backups">
      <dl className="kv">
        <dt>Last backup</dt>
        <dd data-testid="last-backup">
          {when(settings.lastBackupAt)}
          {settings.lastBackupAt !== '' && `, ${formatBytes(settings.lastBackupBytes)}`}
        </dd>
      </dl>
      <div className="toolbar">
        <button type="button" className="btn btn-primary" onClick={() => void backUp()} disabled={backingUp} aria-busy={backingUp || undefined}>
          Back up now
        </button>
        <button type="button" className="btn" onClick={() => void chooseRestore()} disabled={opening} aria-busy={opening || undefined}>
          Restore from backup…
        </button>
      </div>
      <WorkStatus place="backups" />
      <p className="muted">
        A backup is one <code>.fleetledger</code> file: every event of the ledger and a snapshot of it, checked by a SHA-256 checksum.
        {desktop
          ? ' The app also keeps one automatically every day (7 daily, 4 weekly and 12 monthly are kept), one before every restore and one before every database upgrade.'
          : ` In a browser, Back up now downloads the file, and you are reminded when the last backup is more than ${BACKUP_REMINDER_DAYS} days old.`}
      </p>
      {!desktop && <FolderBackups />}
      {upgradeBackupProblem && (
        <p className="banner banner-error" role="alert">
          {upgradeBackupProblem}
        </p>
      )}
      {backupProblem && (
        <p className="banner banner-error" role="alert">
          {backupProblem}
        </p>
      )}
      {recordProblem && (
        <p className="banner banner-error" role="alert">
          {recordProblem}
        </p>
      )}
      {desktop && config && (
        <dl className="kv">
          <dt>Backups folder</dt>
          <dd className="mono">{config.folder}</dd>
          <dt>Second folder</dt>
          <dd>
            {config.secondFolder === null ? 'none' : <span className="mono">{config.secondFolder}</span>}{' '}
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => void second(true)}>
              {config.secondFolder === null ? 'Choose…' : 'Change…'}
            </button>
            {config.secondFolder !== null && (
              <button type="button" className="btn btn-ghost btn-sm" onClick={() => void second(false)}>
                Stop copying there
              </button>
            )}
          </dd>
        </dl>
      )}
      {desktop && list !== null && (
        <>
          <h3 className="section-title">Automatic backups</h3>
          <BackupList list={list} onRestore={(b) => void chooseRestore(b)} />
        </>
      )}
    </Card>
  );
}

/** Listed backups, newest first, each with *Restore…*. */
function BackupList({ list, onRestore }: { list: readonly BackupEntry[]; onRestore: (b: BackupEntry) => void }) {
  if (list.length === 0) return <p>None yet.</p>;
  return (
    <table className="table" aria-label="Automatic backups">
      <thead>
        <tr>
          <th>File</th>
          <th>Made</th>
          <th className="num">Size</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {list.map((b) => (
          <tr key={`${b.folder ?? 'own'}/${b.name}`}>
            <td>
              <span className="mono">{b.name}</span>
              {b.folder === 'second' && <span className="muted"> (second folder)</span>}
            </td>
            <td>{when(backupMadeAt(b))}</td>
            <td className="num">{formatBytes(b.size)}</td>
            <td>
              <button type="button" className="btn btn-ghost btn-sm" onClick={() => onRestore(b)} aria-label={`Restore ${b.name}${b.folder === 'second' ? ' (second folder)' : ''}…`}>
                Restore…
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Browser only: the same rolling backups as the desktop, into a folder this browser may write
 * to (File System Access API). Browsers without it are told what they have instead.
 */
function FolderBackups() {
  const toast = useUi((s) => s.toast);
  const lastAutomatic = useLedgerGuard((s) => s.lastAutomatic);
  const lastBackupAt = useSettings().lastBackupAt;
  const [state, setState] = useState<FolderState | undefined>(undefined);
  // The backups in the folder (every browser's there), once this browser may read it.
  const [list, setList] = useState<BackupEntry[] | null>(null);
  const [chooseRestore] = useChooseRestore();
  const supported = supportsFolderBackups();
  useEffect(() => {
    if (!supported) return;
    let live = true;
    void backupFolderState().then(
      (s) => live && setState(s),
      () => live && setState(null),
    );
    return () => {
      live = false;
    };
  }, [supported, lastAutomatic]);
  useEffect(() => {
    if (state?.permission !== 'granted') {
      setList(null);
      return;
    }
    let live = true;
    void backupFolder()
      .then((folder) => (folder === null ? [] : listFolderBackups(folder)))
      .then(
        (listed) => live && setList(byTimeMade(listed)),
        (e: unknown) => {
          if (!live) return;
          setList(null);
          toast(`The backups in the folder ${state.name} could not be listed: ${e instanceof Error ? e.message : String(e)}`, 'error');
        },
      );
    return () => {
      live = false;
    };
  }, [state, lastBackupAt, toast]);
  const restoreListed = (b: BackupEntry) =>
    void chooseRestore(async () => {
      const folder = await backupFolder();
      return folder === null ? err('No folder is chosen for backups any more.') : readFolderBackup(folder, b.name);
    });
  if (!supported) return <p className="muted">Automatic backups are kept by the desktop app; this browser cannot write to a folder.</p>;
  if (state === undefined) return null;
  const afterChange = async (next: FolderState) => {
    setState(next);
    if (next?.permission === 'granted') {
      await dailyBackupIfDue(db);
      toast(`Automatic backups go to the folder ${next.name}.`);
    }
  };
  return (
    <div className="folder-backups">
      {state === null ? (
        <p>
          This browser can also keep automatic backups (daily, and before every restore; 7 daily, 4 weekly, 12 monthly kept) in a folder you
          choose.{' '}
          <button type="button" className="btn btn-sm" onClick={() => void chooseBackupFolder().then((r) => (r.ok ? afterChange(r.value) : toast(r.error, 'error')))}>
            Choose a folder…
          </button>
        </p>
      ) : (
        <p>
          Automatic backups go to the folder <strong>{state.name}</strong>
          {state.permission === 'granted' ? '.' : ', but this browser needs your permission again to write there.'}{' '}
          {state.permission !== 'granted' && (
            <button type="button" className="btn btn-sm" onClick={() => void allowBackupFolder().then(afterChange)}>
              Allow writing there
            </button>
          )}{' '}
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => void forgetBackupFolder().then(() => setState(null))}>
            Stop
          </button>
        </p>
      )}
      {list !== null && state !== null && (
        <>
          <h3 className="section-title">Backups in the folder {state.name}</h3>
          <BackupList list={list} onRestore={restoreListed} />
        </>
      )}
    </div>
  );
}

export function LedgerCard() {
  const toast = useUi((s) => s.toast);
  const row = useLiveQuery(() => db.ledger.get(LEDGER_ROW_KEY), []);
  const [check, setCheck] = useState<LedgerCheck | null>(null);
  const [busy, setBusy] = useState(false);

  const verify = async () => {
    setBusy(true);
    try {
      setCheck(await withWork('ledger-check', (report) => verifyLedger(db, report)));
    } catch (e) {
      toast(`Verifying failed: ${e instanceof Error ? e.message : String(e)}`, 'error');
    } finally {
      setBusy(false);
    }
  };
  const rebuild = async () => {
    setBusy(true);
    try {
      await withWork('ledger-check', async (report) => {
        // What is stored now is kept in a backup first (readable, though its snapshot disagrees with its events).
        await report.step('Backing up the ledger first');
        const saved = await automaticBackup(db, 'before-restore');
        if (!saved.ok) {
          toast(`Nothing was rebuilt: the current ledger could not be backed up first (${saved.error}).`, 'error');
          return;
        }
        const changed = await rebuildFromEvents(db, report);
        toast(changed.length === 0 ? 'Rebuilt from the events: nothing changed.' : `Rebuilt from the events: ${changed.length} differences repaired.`);
        setCheck(await verifyLedger(db, report));
      });
    } catch (e) {
      toast(`Rebuilding failed, nothing was changed: ${e instanceof Error ? e.message : String(e)}`, 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="Ledger">
      <p>
        Every change is an event in the ledger’s log; the lots, units, catalogue, prices and team settings are rebuilt from those events alone.
        Verifying rebuilds them in memory and compares them with what is stored.
      </p>
      {row && (
        <dl className="kv">
          <dt>Ledger id</dt>
          <dd className="mono">{row.ledgerId}</dd>
          <dt>This device</dt>
          <dd className="mono">{row.deviceId}</dd>
        </dl>
      )}
      <div className="toolbar">
        <button type="button" className="btn" onClick={() => void verify()} disabled={busy} aria-busy={busy || undefined}>
          Verify ledger
        </button>
      </div>
      <WorkStatus place="ledger-check" />
      {check && (
        <div role="status" data-testid="ledger-check">
          {check.problems.length === 0 ? (
            <p>
              <strong>The ledger is whole.</strong> {check.events.toLocaleString('en-US')} events rebuild exactly what is stored.
            </p>
          ) : (
            <>
              <p>
                <strong>
                  {check.problems.length} {check.problems.length === 1 ? 'difference' : 'differences'} between the events and what is stored:
                </strong>
              </p>
              <ul className="backup-problems">
                {check.problems.slice(0, 50).map((p) => (
                  <li key={p}>{p}</li>
                ))}
                {check.problems.length > 50 && <li>… and {check.problems.length - 50} more.</li>}
              </ul>
              <p className="muted">
                Rebuilding makes what is stored exactly what the events say; anything stored that no event records is dropped. The current
                state is backed up first.
              </p>
              <div className="toolbar">
                <button type="button" className="btn" onClick={() => void rebuild()} disabled={busy}>
                  Rebuild from the events
                </button>
              </div>
            </>
          )}
        </div>
      )}
    </Card>
  );
}

function useFolderState(): FolderState {
  const [state, setState] = useState<FolderState>(null);
  useEffect(() => {
    if (!supportsFolderBackups() || hasAutomaticBackups()) return;
    void backupFolderState().then(setState, () => setState(null));
  }, []);
  return state;
}

/** Days between two ISO timestamps (whole days, rounded down). */
function daysBetween(from: string, to: Date): number {
  return Math.floor((to.getTime() - Date.parse(from)) / 86_400_000);
}

/**
 * In a browser, where nothing backs the ledger up by itself: a reminder when the last backup is
 * more than BACKUP_REMINDER_DAYS old (or there has been none and the ledger is older than that).
 */
export function BackupReminder() {
  const settings = useSettings();
  const row = useLiveQuery(() => db.ledger.get(LEDGER_ROW_KEY), []);
  const [backUp, busy] = useBackUpNow();
  const folder = useFolderState();
  if (hasAutomaticBackups() || !row) return null;
  const now = new Date();
  const since = settings.lastBackupAt !== '' ? settings.lastBackupAt : row.createdAt;
  const days = daysBetween(since, now);
  if (!(days > BACKUP_REMINDER_DAYS)) return null;
  return (
    <div className="banner banner-demo" role="status">
      <span>
        <strong>{settings.lastBackupAt === '' ? 'This ledger has never been backed up.' : `The last backup is ${days} days old.`}</strong>{' '}
        {folder && folder.permission !== 'granted'
          ? `Automatic backups to the folder ${folder.name} wait for your permission (Settings → Backups).`
          : 'In a browser nothing else keeps a copy: back it up to a file.'}
      </span>
      <span className="spacer" />
      <button type="button" className="btn btn-sm" onClick={() => void backUp()} disabled={busy}>
        Back up now
      </button>
    </div>
  );
}
