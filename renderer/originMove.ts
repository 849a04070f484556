/**
 * The renderer's two halves of moving the ledger from the desktop's old `file://` page to
 * `app://fleetledger` (electron/originMove.ts explains why and when):
 * - the old page, opened once with `#origin-handover` (it says "Moving your ledger…"), writes its database as it is (every
 *   table and row, a raw dump checked by SHA-256, as before a schema upgrade) into the backups
 *   folder and names the file; it never opens the database with Dexie, so nothing is upgraded
 *   or written there;
 * - the app:// page, before anything else at start, restores that file into its own database
 *   while it is still empty — never over one it already has.
 * The person's view choices kept in local storage (lot columns, label layout: also per origin)
 * go along with the ledger, and are set on the app:// page where it has none of its own.
 */
import { CARRIED_PREFERENCE_KEYS, type CarriedPreferences, type OriginHandedOver, type PendingOriginMove } from '../shared/ipc';
import type { Result } from '../shared/result';
import type { FleetDb } from './db/database';
import { gzip, sha256Hex } from './db/ledger';
import { dumpDatabaseAsIs } from './db/rawDump';
import { installedVersion, restoreFromBackup, verifyBackupFile } from './ledgerGuard';
import { todayIso } from './lib/clock';
import { desktopBridge } from './platform/bridge';

/** Must match electron/originMove.ts HANDOVER_HASH. */
export const HANDOVER_HASH = '#origin-handover';

/** What the two halves need of the desktop (the preload bridge; a fake in tests). */
export interface OriginMovePort {
  writeBackup(bytes: Uint8Array, date: string): Promise<Result<{ entry: { name: string } }>>;
  handedOver(outcome: OriginHandedOver): Promise<Result<true>>;
  pending(): Promise<Result<PendingOriginMove | null>>;
  readBackup(name: string): Promise<Result<{ bytes: Uint8Array }>>;
  done(): Promise<Result<true>>;
}

function desktopPort(): OriginMovePort | null {
  const bridge = desktopBridge();
  if (!bridge) return null;
  return {
    writeBackup: (bytes, date) => bridge.writeBackup({ bytes, ledgerStem: 'Fleetledger', date, reason: 'origin-move' }),
    handedOver: (outcome) => bridge.originHandedOver(outcome),
    pending: () => bridge.pendingOriginMove(),
    readBackup: (name) => bridge.readBackup({ name }),
    done: () => bridge.originMoveDone(),
  };
}

/** The view choices this page keeps that go along with the ledger (none where local storage cannot be read). */
export function carriedPreferences(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): CarriedPreferences {
  const out: CarriedPreferences = {};
  if (storage === undefined) return out;
  for (const key of CARRIED_PREFERENCE_KEYS) {
    try {
      const value = storage.getItem(key);
      if (value !== null) out[key] = value;
    } catch {
      // Storage refused (a policy, a full profile): the ledger moves without them.
    }
  }
  return out;
}

/** Sets the handed-over view choices this page has none of (its own, if any, stand). */
export function applyCarriedPreferences(preferences: CarriedPreferences, storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.localStorage): void {
  if (storage === undefined) return;
  for (const [key, value] of Object.entries(preferences)) {
    if (!CARRIED_PREFERENCE_KEYS.includes(key)) continue;
    try {
      if (storage.getItem(key) === null) storage.setItem(key, value);
    } catch {
      // A choice not kept is not worth stopping the start for.
    }
  }
}

/** A take-in that failed: the file it was taking in, for the screen that offers it again. */
export class MoveFailed extends Error {
  constructor(message: string, readonly backupName: string | null) {
    super(message);
  }
}

/**
 * Whether `name` holds a ledger of its own: any event at all. A database that exists but holds
 * none (one opened empty by an earlier start that then failed) does not count.
 */
async function holdsLedger(db: FleetDb): Promise<boolean> {
  if ((await installedVersion(db.name)) === null) return false;
  if (!db.isOpen()) await db.open();
  return (await db.logBlocks.count()) > 0;
}

/** This page is the desktop app's app:// page (not the dev server, not a browser). */
export function isAppPage(): boolean {
  return typeof location !== 'undefined' && location.protocol === 'app:' && desktopBridge() !== undefined;
}

/** This page is the old one, opened to hand its ledger over (and nothing else). */
export function isHandoverPage(): boolean {
  return typeof location !== 'undefined' && location.protocol === 'file:' && location.hash === HANDOVER_HASH && desktopBridge() !== undefined;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The old page's half: its database into the backups folder, then the outcome to main. */
export async function handOverLedger(dbName: string, port: OriginMovePort | null = desktopPort(), storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): Promise<OriginHandedOver> {
  if (port === null) return { outcome: 'failed', error: 'not in the desktop app' };
  let outcome: OriginHandedOver;
  try {
    if ((await installedVersion(dbName)) === null) outcome = { outcome: 'empty' };
    else {
      const dump = await dumpDatabaseAsIs(dbName, sha256Hex, new Date().toISOString());
      const written = await port.writeBackup(await gzip(dump.text), todayIso());
      const preferences = carriedPreferences(storage);
      outcome = written.ok
        ? { outcome: 'moved', backupName: written.value.entry.name, ...(Object.keys(preferences).length > 0 ? { preferences } : {}) }
        : { outcome: 'failed', error: `the copy could not be written: ${written.error}` };
    }
  } catch (e) {
    outcome = { outcome: 'failed', error: `the database could not be read: ${message(e)}` };
  }
  await port.handedOver(outcome.outcome === 'failed' ? { outcome: 'failed', error: outcome.error.slice(0, 4000) } : outcome);
  return outcome;
}

/**
 * The app:// page's half, at start before the ledger checks: takes in a ledger handed over by
 * the old page. `taken-in`: restored into this page's empty database; `kept-own`: this page had
 * a ledger already (events), so the handed-over file stays in the backups folder, untouched.
 * Throws {@link MoveFailed} with the file's name when it cannot be read or restored: nothing is
 * marked done, start-up stops on a screen that says so and tries again, and the next start does too.
 */
export async function takeInMovedLedger(db: FleetDb, port: OriginMovePort | null = desktopPort(), storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.localStorage): Promise<'nothing' | 'taken-in' | 'kept-own'> {
  if (port === null) return 'nothing';
  const pending = await port.pending();
  if (!pending.ok) throw new MoveFailed(`The ledger moved from the old page could not be looked up: ${pending.error}`, null);
  if (pending.value === null) return 'nothing';
  const name = pending.value.backupName;
  applyCarriedPreferences(pending.value.preferences, storage);
  if (await holdsLedger(db)) {
    const done = await port.done();
    if (!done.ok) throw new MoveFailed(done.error, name);
    return 'kept-own';
  }
  const file = await port.readBackup(name);
  if (!file.ok) throw new MoveFailed(`The ledger moved from the old page (${name} in the backups folder) could not be read: ${file.error}`, name);
  const verified = await verifyBackupFile(file.value.bytes);
  if (!verified.ok) throw new MoveFailed(`The ledger moved from the old page (${name} in the backups folder) is damaged: ${verified.error}`, name);
  const restored = await restoreFromBackup(db, verified.value);
  if (!restored.ok) throw new MoveFailed(`The ledger moved from the old page (${name}) could not be restored: ${restored.error}`, name);
  const done = await port.done();
  if (!done.ok) throw new MoveFailed(done.error, name);
  return 'taken-in';
}
