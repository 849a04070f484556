/**
 * The full-screen stop shown instead of the fleet when the ledger cannot be trusted as it is:
 * the database is missing, empty, of another ledger or behind the data-loss record, or it was
 * written by a newer version. Nothing has been written; the way on is chosen explicitly.
 */
import { useEffect, useRef, useState } from 'react';
import { CURRENT_SCHEMA_VERSION } from '../../db/schema';
import { db } from '../../db/db';
import { backupsMadeThisSession, restoreFromBackup, setAsideNewerDatabase, startEmptyAtAlarm, verifyBackupFile, type RestorableBackup, type StartupOutcome } from '../../ledgerGuard';
import { hasAutomaticBackups, listAutomaticBackups, openBackupFile, readAutomaticBackup, type BackupEntry } from '../../platform/backups';
import { backupFolder, listFolderBackups, readFolderBackup, supportsFolderBackups, type FolderHandle } from '../../platform/folderBackups';
import { formatBytes } from '../settings/byteSize';
import { WorkStatus } from '../../components/WorkStatus';
import { withWork } from '../../state/work';
import { alarmOffer, backupMadeAt } from '../../../shared/ledger/alarmOffer';
import { backupCounts } from '../settings/BackupsCard';

type Stop = Exclude<StartupOutcome, { kind: 'ready' }>;

/** A backup read and verified at the stop, waiting for the person to confirm (as Settings → Backups asks). */
interface Pending {
  source: string;
  backup: RestorableBackup;
}

const utc = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** Whether restoring at this stop replaces something the database holds (else it fills a missing or empty one). */
function replacesSomething(outcome: Stop): boolean {
  return outcome.kind !== 'data-loss' || (outcome.check.kind !== 'missing' && outcome.check.kind !== 'empty');
}

/** Where the backup before a restore goes: the desktop's backups folder, the browser's folder once allowed, else a download. */
function backedUpWhere(folderName: string | null): string {
  if (hasAutomaticBackups()) return ' (the backups folder)';
  return folderName !== null ? ` (the folder ${folderName})` : ' (downloaded)';
}

/** What the verified backup holds, against what this computer last recorded. */
function PendingWords({ pending, outcome }: { pending: Pending; outcome: Stop }) {
  const { backup, source } = pending;
  if (backup.kind === 'raw-dump') {
    return (
      <p>
        <strong>{source}</strong> is a whole, verified copy of the database as it was before an upgrade (database version {backup.dump.header.schemaVersion}, made{' '}
        {utc(backup.dump.header.createdAt)}). Restoring puts it back and upgrades it again.
      </p>
    );
  }
  const header = backup.contents.header;
  const record = outcome.kind === 'data-loss' ? outcome.record : null;
  const expected = record === null ? 0 : Object.values(record.devices).reduce((a, b) => a + b, 0);
  return (
    <>
      <p>
        <strong>{source}</strong> is a whole, verified backup of <strong>{header.ledgerName}</strong> made {utc(header.createdAt)}: {backupCounts(header.counts)}.
      </p>
      {record !== null && (
        <p>
          {record.ledgerId !== header.ledgerId
            ? 'It is a backup of a different ledger from the one this computer last held.'
            : header.counts.events >= expected
              ? 'It is a backup of the ledger this computer last held, with all the events recorded.'
              : `It is a backup of the ledger this computer last held, but it holds ${header.counts.events.toLocaleString('en-US')} of the ${expected.toLocaleString('en-US')} events recorded: the changes made after it are not in it.`}
        </p>
      )}
    </>
  );
}

export function StartupScreen({ outcome }: { outcome: Stop }) {
  const [backups, setBackups] = useState<BackupEntry[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirmEmpty, setConfirmEmpty] = useState(false);
  // After Cancel on the question, the focus goes back to the button that asked it (not to the page).
  const [emptyCancelled, setEmptyCancelled] = useState(false);
  // In a browser: the folder chosen for automatic backups (Settings → Backups), when its handle is
  // still kept. After a reload the browser lets the page read it only once the person allows it,
  // which must be a click: until then a button naming the folder asks, and its backups are then
  // offered as the desktop's are.
  const [folder, setFolder] = useState<FolderHandle | null>(null);
  const fileButton = useRef<HTMLButtonElement>(null);

  const listFolder = async (handle: FolderHandle): Promise<void> => {
    try {
      const listed = await listFolderBackups(handle);
      setBackups(listed);
      // The button that asked is gone: the focus goes on to the way on (the newest backup's button takes it when there is one).
      if (listed.length === 0) fileButton.current?.focus();
    } catch (e) {
      setBackups([]);
      setProblem(`The backups in the folder ${handle.name} could not be listed, so none is offered here: ${e instanceof Error ? e.message : String(e)} Restore from backup… can still open a backup file.`);
      fileButton.current?.focus();
    }
  };

  useEffect(() => {
    if (!hasAutomaticBackups()) {
      if (!supportsFolderBackups()) return;
      let live = true;
      void backupFolder()
        .then(async (handle) => {
          if (!live || handle === null) return;
          setFolder(handle);
          // Allowed already (the browser remembers it for this site): listed at once.
          if (handle.queryPermission && (await handle.queryPermission({ mode: 'readwrite' })) !== 'granted') return;
          if (live) await listFolder(handle);
        })
        .catch(() => undefined);
      return () => {
        live = false;
      };
    }
    void listAutomaticBackups().then((r) => {
      setBackups(r.ok ? r.value : []);
      // Said, not hidden: with no list the screen would look as if there were no automatic backups.
      if (!r.ok) setProblem(`The automatic backups could not be listed, so none is offered here: ${r.error} Restore from backup… can still open a backup file.`);
    });
    return undefined;
  }, []);

  /** Asks the browser for the folder (this click is the person's word), then lists its backups. */
  const allowFolder = async (handle: FolderHandle) => {
    setBusy(true);
    setProblem(null);
    try {
      const permission = handle.requestPermission ? await handle.requestPermission({ mode: 'readwrite' }) : 'granted';
      if (permission !== 'granted') {
        setProblem(`This browser was not allowed to read the folder ${handle.name}, so its backups are not offered here. Restore from backup… can still open one of them as a file.`);
        return;
      }
      await listFolder(handle);
    } catch (e) {
      setProblem(`The folder ${handle.name} could not be read: ${e instanceof Error ? e.message : String(e)} Restore from backup… can still open a backup file.`);
    } finally {
      setBusy(false);
    }
  };

  /** One of the listed backups: the desktop's backups folders, or the folder chosen in this browser. */
  const readListed = (b: BackupEntry) => (folder !== null ? readFolderBackup(folder, b.name) : readAutomaticBackup(b.name, b.folder));
  /** The folder's button, while its backups wait for the person's permission. */
  const askFolder = folder !== null && backups === null;

  const [pending, setPending] = useState<Pending | null>(null);

  /** Reads and verifies a backup, then asks to confirm; nothing is written yet. */
  const choose = async (read: () => Promise<{ ok: true; value: { name: string; bytes: Uint8Array } | null } | { ok: false; error: string }>) => {
    setBusy(true);
    setProblem(null);
    try {
      const file = await read();
      if (!file.ok) return setProblem(file.error);
      if (file.value === null) return;
      const { name, bytes } = file.value;
      await withWork('startup', async (report) => {
        const contents = await verifyBackupFile(bytes, report);
        if (!contents.ok) return setProblem(`${name} was not restored: ${contents.error}`);
        setPending({ source: name, backup: contents.value });
      });
    } catch (e) {
      setProblem(`The backup could not be read, so nothing was restored: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const restore = async (backup: RestorableBackup) => {
    setBusy(true);
    setProblem(null);
    let newerSetAside = false;
    try {
      await withWork('startup', async (report) => {
        if (outcome.kind === 'newer-database') {
          // The newer database is replaced only when asked to, here, explicitly, and kept first.
          const aside = await setAsideNewerDatabase(db);
          if (!aside.ok) return setProblem(aside.error);
          newerSetAside = true;
        }
        const restored = await restoreFromBackup(db, backup, report);
        if (!restored.ok) return setProblem(restored.error);
        window.location.reload();
      });
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      // After the newer database was kept and deleted, "nothing was changed" would not be true.
      setProblem(newerSetAside ? `The restore failed (${why}): the newer database had been backed up (the before-restore backup) and removed; restore that with the newer Fleetledger, or try another backup here.` : `The restore failed and nothing was changed: ${why}`);
    } finally {
      setBusy(false);
    }
  };

  const startEmpty = async () => {
    setBusy(true);
    try {
      const started = await startEmptyAtAlarm(db);
      if (!started.ok) {
        setProblem(started.error);
        setBusy(false);
        return;
      }
      window.location.reload();
    } catch (e) {
      setProblem(`Could not start an empty ledger: ${e instanceof Error ? e.message : String(e)}`);
      setBusy(false);
    }
  };

  // The newest backup that holds the recorded ledger, not merely the newest file (shared/ledger/alarmOffer.ts).
  const { offer: newest, holdsRecordedLedger, others } = alarmOffer(backups ?? [], outcome.kind === 'data-loss' ? outcome.record : null, backupsMadeThisSession());
  return (
    <main className="startup-stop" role="alertdialog" aria-labelledby="startup-stop-title" aria-describedby="startup-stop-message">
      <div className="startup-stop-body">
        {outcome.kind === 'newer-database' ? (
          <>
            <h1 id="startup-stop-title">This ledger is from a newer Fleetledger</h1>
            <p id="startup-stop-message">
              The database on this computer was written by a newer version of Fleetledger (database version {outcome.found}; this version
              knows up to {CURRENT_SCHEMA_VERSION}). It has not been opened or changed. Update Fleetledger to open it, or restore a backup
              made by this version instead — that replaces the newer database, after keeping a copy of it as it is (which the newer
              version can restore).
            </p>
          </>
        ) : outcome.kind === 'move-failed' ? (
          <>
            <h1 id="startup-stop-title">Your ledger could not be moved yet</h1>
            <p id="startup-stop-message">
              This version keeps the ledger under its own page (app://) instead of the old file page, and moves it once. The move did not
              finish: {outcome.message}
            </p>
            <p>
              Nothing has been lost: the ledger is still where the old version kept it{outcome.backupName !== null && <>, and a copy is in the backups folder as <span className="mono">{outcome.backupName}</span></>}.
              Try again, or restore that copy (or another backup) below.
            </p>
            <div className="toolbar">
              {/* An alert dialog takes the focus (its first way on), or a keyboard starts behind it. */}
              <button type="button" className="btn btn-primary" autoFocus disabled={busy} onClick={() => window.location.reload()}>Try again</button>
            </div>
          </>
        ) : (
          <>
            <h1 id="startup-stop-title">Ledger data is missing</h1>
            <p id="startup-stop-message">{outcome.check.message}</p>
            <p>Nothing has been written. Restore it from a backup, or start an empty ledger if you mean to begin again.</p>
          </>
        )}
        {problem && (
          <p className="banner banner-error" role="alert">
            {problem}
          </p>
        )}
        {pending !== null ? (
          <section aria-labelledby="startup-restore-title" className="startup-confirm">
            <h2 id="startup-restore-title">Restore this backup?</h2>
            <PendingWords pending={pending} outcome={outcome} />
            <p>
              {outcome.kind === 'newer-database'
                ? 'Restoring replaces the newer database, after keeping a copy of it as it is (the backup before a restore).'
                : replacesSomething(outcome)
                  ? `Restoring replaces what the database holds now; that is backed up first${backedUpWhere(folder !== null && backups !== null ? folder.name : null)}.`
                  : 'Restoring puts it in place of the missing ledger.'}{' '}
              Your name and theme stay.
            </p>
            <div className="toolbar">
              <button type="button" className="btn btn-primary" autoFocus disabled={busy} onClick={() => void restore(pending.backup)}>
                {replacesSomething(outcome) ? 'Replace the ledger with this backup' : 'Restore this backup'}
              </button>
              <button type="button" className="btn btn-ghost" disabled={busy} onClick={() => setPending(null)}>
                Cancel
              </button>
            </div>
          </section>
        ) : (
          <div className="toolbar">
            {askFolder && (
              <button type="button" className="btn btn-primary" autoFocus={outcome.kind !== 'move-failed'} disabled={busy} onClick={() => void allowFolder(folder)}>
                Find the backups in the folder {folder.name}…
              </button>
            )}
            {newest !== null && (
              <button type="button" className="btn btn-primary" autoFocus={folder !== null} disabled={busy} onClick={() => void choose(() => readListed(newest))}>
                {holdsRecordedLedger ? 'Restore the newest backup of this ledger' : 'Restore the newest backup'} ({newest.name}
              {newest.folder === 'second' ? ', second folder' : ''}, {formatBytes(newest.size)})
              </button>
            )}
            <button ref={fileButton} type="button" className={newest !== null || askFolder ? 'btn' : 'btn btn-primary'} autoFocus={outcome.kind !== 'move-failed' && !askFolder} disabled={busy} onClick={() => void choose(openBackupFile)}>
              Restore from backup…
            </button>
            {outcome.kind === 'data-loss' &&
              (confirmEmpty ? (
                <>
                  <span id="startup-empty-question">Start over with an empty ledger (no demo)? Whatever the database still holds is backed up first.</span>
                  <button type="button" className="btn btn-danger" aria-describedby="startup-empty-question" disabled={busy} onClick={() => void startEmpty()}>
                    Yes, start an empty ledger
                  </button>
                  {/* The button pressed is gone: the focus goes to the safe answer, which says the question. */}
                  <button
                    type="button"
                    className="btn btn-ghost"
                    aria-describedby="startup-empty-question"
                    autoFocus
                    disabled={busy}
                    onClick={() => {
                      setConfirmEmpty(false);
                      setEmptyCancelled(true);
                    }}
                  >
                    Cancel
                  </button>
                </>
              ) : (
                <button type="button" className="btn btn-ghost" autoFocus={emptyCancelled} disabled={busy} onClick={() => setConfirmEmpty(true)}>
                  Start an empty ledger…
                </button>
              ))}
          </div>
        )}
        <WorkStatus place="startup" />
        {pending === null && folder !== null && backups !== null && backups.length === 0 && <p className="muted">The folder {folder.name} holds no Fleetledger backups.</p>}
        {pending === null && others.length > 0 && (
          <details>
            <summary>Other automatic backups ({others.length})</summary>
            <ul className="plain-list">
              {others.map((b) => (
                <li key={`${b.folder ?? 'own'}/${b.name}`}>
                  <button type="button" className="btn btn-ghost btn-sm" disabled={busy} onClick={() => void choose(() => readListed(b))}>
                    Restore {b.name}
                  </button>{' '}
                  {b.folder === 'second' && <span className="muted">(second folder) </span>}
                  <span className="muted">
                    {formatBytes(b.size)}, {backupMadeAt(b).slice(0, 16).replace('T', ' ')} UTC
                  </span>
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>
    </main>
  );
}
