/**
 * Start-up: open the database (a failure is shown, never swallowed), ask for persistent
 * storage, and on the very first run load the demo fleet.
 */
import { db } from './db/db';
import { seedDemoFleet } from './db/demo';
import { changeContext } from './db/lotCommands';
import { requestPersistentStorage, storageErrors } from './db/storage';
import { todayIso } from './lib/clock';
import { usePersistence } from './state/persistence';

export async function startApp(): Promise<void> {
  window.addEventListener('unhandledrejection', (e) => {
    const reason: unknown = e.reason;
    const name = reason instanceof Error ? reason.name : '';
    // Storage failures anywhere (a live query, a command) reach the banner.
    if (/Dexie|Quota|Database|OpenFailed|Abort|Version|Upgrade|InvalidState|MissingAPI/u.test(name)) {
      storageErrors.report(reason);
    }
  });
  try {
    await db.open();
    if (!(await db.getSetting('initialised'))) {
      await seedDemoFleet(db, todayIso(), changeContext((await db.getSetting('actorName')) || 'Fleetledger'));
      await db.setSetting('initialised', true);
    }
  } catch (e) {
    storageErrors.report(e);
  }
  void requestPersistentStorage().then(
    (answer) => usePersistence.setState({ answer }),
    () => usePersistence.setState({ answer: { persisted: false, supported: false } }),
  );
}
