/**
 * Start-up: on the desktop's first start on app://, take in the ledger the old file:// page
 * handed over (renderer/originMove.ts); check the ledger before anything is written (a database of a newer version is
 * refused untouched; a missing, emptied or shortened one raises the data-loss alarm instead of
 * showing an empty fleet or seeding the demo over it), open the database (a failure is shown,
 * never swallowed), ask for persistent storage, on the very first run load the demo fleet, and
 * from then on keep the data-loss record and the daily backups.
 */
import { db } from './db/db';
import { seedDemoOnFirstRun } from './db/demo';
import { changeContext } from './db/lotCommands';
import { requestPersistentStorage, storageErrors } from './db/storage';
import { checkLedgerAtStart, keepRecordUpToDate, startAutomaticBackups, type StartupOutcome } from './ledgerGuard';
import { isAppPage, MoveFailed, takeInMovedLedger } from './originMove';
import { startCouchSync } from './couchSync';
import { startTeamSync } from './teamSync';
import { todayIso } from './lib/clock';
import { usePersistence } from './state/persistence';

export async function startApp(): Promise<StartupOutcome> {
  window.addEventListener('unhandledrejection', (e) => {
    const reason: unknown = e.reason;
    const name = reason instanceof Error ? reason.name : '';
    // Storage failures anywhere (a live query, a command) reach the banner.
    if (/Dexie|Quota|Database|OpenFailed|Abort|Version|Upgrade|InvalidState|MissingAPI/u.test(name)) {
      storageErrors.report(reason);
    }
  });
  let outcome: StartupOutcome = { kind: 'ready' };
  try {
    // The desktop's first start on app://: the ledger the old file:// page handed over. If it
    // cannot be taken in, nothing else starts (an empty fleet must not be shown, nor the demo
    // seeded over it); the move stays pending and is tried again.
    if (isAppPage()) {
      const moved = await takeInMovedLedger(db).then(
        () => null,
        (e: unknown) => e,
      );
      if (moved !== null) {
        return { kind: 'move-failed', message: moved instanceof Error ? moved.message : String(moved), backupName: moved instanceof MoveFailed ? moved.backupName : null };
      }
    }
    outcome = await checkLedgerAtStart(db);
    if (outcome.kind !== 'ready') return outcome;
    await db.open();
    if (!(await db.getSetting('initialised'))) {
      // Checked again inside the seeding transaction: another tab may be seeding this new profile too.
      await seedDemoOnFirstRun(db, todayIso(), changeContext((await db.getSetting('actorName')) || 'Fleetledger'));
    }
    await keepRecordUpToDate(db);
    startAutomaticBackups(db);
    startTeamSync(db);
    startCouchSync(db);
  } catch (e) {
    storageErrors.report(e);
  }
  void requestPersistentStorage().then(
    (answer) => usePersistence.setState({ answer }),
    () => usePersistence.setState({ answer: { persisted: false, supported: false } }),
  );
  return outcome;
}
