/**
 * Team sync through a shared folder, as the app runs it (issue 10): sharing this ledger in a
 * folder, joining a ledger found in one, and the rounds of shared/sync/folderSync.ts — on
 * *Sync now*, at each change in the folder (the desktop app's main process watches it; a
 * browser looks every few seconds), and soon after every change made here. The state the Team
 * sync card shows lives in {@link useTeamSync}.
 *
 * The folder is reached through renderer/platform/teamFolder.ts: the main process in the
 * desktop app, the File System Access API in a browser; where a browser has neither, the card
 * says folder sync needs the desktop app or a Chromium-based browser.
 */
import { create } from 'zustand';
import { folderLedger, putBackInFolder, shareInFolder, syncFolder, type SyncDeps, type SyncReport, type SyncState } from '../shared/sync/folderSync';
import { err, ok, type Result } from '../shared/result';
import { rememberDeviceNames, type FleetDb } from './db/database';
import { onEventsCommitted } from './db/eventLog';
import { ledgerRow, readLog, SEGMENT_CODECS } from './db/ledger';
import { foreignEventCount, joinTeamLedger, localEventCount, syncLedgerOf } from './db/teamSync';
import { automaticBackup, rememberLedger, startEmptyLedger } from './ledgerGuard';
import { onlyOnePageAtATime } from './platform/tabLock';
import { withWork } from './state/work';
import { useShipment } from './state/shipment';
import {
  allowTeamFolder,
  chooseTeamFolder,
  ledgerFoldersIn,
  leaveTeamFolder,
  saveTeamSyncSettings,
  updateTeamSyncSettings,
  supportsTeamFolder,
  teamFolderAccess,
  teamFolderName,
  teamFolderRef,
  teamSyncSettings,
  teamTransport,
  waitForTeamChange,
  type TeamFolderRef,
  type TeamSyncSettings,
} from './platform/teamFolder';

export type TeamSyncSetup =
  /** No folder access in this browser. */
  | 'unsupported'
  /** Not set up on this device. */
  | 'off'
  /** Set up, but the browser needs the person's permission again (a click). */
  | 'needs-permission'
  | 'on';

export interface TeamSyncView {
  setup: TeamSyncSetup;
  folderName: string | null;
  settings: TeamSyncSettings | null;
  report: SyncReport | null;
  /** Why the last round failed, in words. */
  error: string | null;
  busy: boolean;
}

export const useTeamSync = create<TeamSyncView>(() => ({ setup: supportsTeamFolder() ? 'off' : 'unsupported', folderName: null, settings: null, report: null, error: null, busy: false }));

const deps: SyncDeps = {
  ...SEGMENT_CODECS,
  now: () => new Date().toISOString(),
};

/** Reads where team sync stands on this device into {@link useTeamSync}. */
export async function refreshTeamSync(db: FleetDb): Promise<void> {
  if (!supportsTeamFolder()) {
    useTeamSync.setState({ setup: 'unsupported' });
    return;
  }
  const [settings, access, row] = await Promise.all([teamSyncSettings(), teamFolderAccess(), ledgerRow(db)]);
  // Set up for another ledger (one restored since): off until set up again.
  const mine = settings !== null && settings.ledgerId === row.ledgerId ? settings : null;
  const setup: TeamSyncSetup = mine === null || access === null ? 'off' : access.permission === 'granted' ? 'on' : 'needs-permission';
  useTeamSync.setState({ setup, folderName: access?.name ?? null, settings: mine });
}

let running: Promise<void> | null = null;

/** One round now (a no-op while one runs, or when sync is off or paused unless `force`). */
export async function syncNow(db: FleetDb, force = false): Promise<void> {
  if (running !== null) return running;
  running = (async () => {
    try {
      await refreshTeamSync(db);
      const view = useTeamSync.getState();
      if (view.setup !== 'on' || view.settings === null || (view.settings.paused && !force)) return;
      const folder = await teamFolderRef();
      if (folder === null) return;
      useTeamSync.setState({ busy: true });
      const settings = view.settings;
      // Another tab of this profile (the same database, so the same device) in a round of its
      // own: this one skips its turn rather than write the device's segments beside it.
      // A round that brings a whole ledger (a new device's first) takes seconds: the card shows how far it has got.
      const locked = await onlyOnePageAtATime(`fleetledger-team-folder:${db.name}`, async () =>
        withWork('team-sync', async (report) => syncFolder(await syncLedgerOf(db, settings.deviceName), teamTransport(folder, settings.ledgerId), settings.state, { ...deps, report })),
      );
      if (!locked.ran) return;
      const result = locked.value;
      if (!result.ok) {
        useTeamSync.setState({ error: result.error });
        return;
      }
      // Kept on what the settings are now: a pause, a rename or a stop made during the round
      // stays; a round for a ledger no longer set up (stopped, joined another) keeps nothing.
      const ownDevice = (await ledgerRow(db)).deviceId;
      const next = await updateTeamSyncSettings((current) => {
        if (current === null || current.ledgerId !== settings.ledgerId) return null;
        const names: Record<string, string> = { ...current.deviceNames, [ownDevice]: current.deviceName };
        for (const d of result.value.devices) if (d.name !== null) names[d.device] = d.name;
        return { ...current, state: result.value.state, lastSyncAt: new Date().toISOString(), deviceNames: names };
      });
      if (next === null) return;
      await rememberDeviceNames(db, next.deviceNames ?? {});
      useTeamSync.setState({ settings: next, report: result.value, error: null });
    } catch (e) {
      useTeamSync.setState({ error: `The team folder could not be read or written: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      useTeamSync.setState({ busy: false });
      running = null;
    }
  })();
  return running;
}

/** What *Share this ledger in a folder…* did: the folder, and what it put there of other devices. */
export interface Shared {
  folder: string;
  /** Other devices whose changes were put into the folder, and how many changes. */
  otherDevices: number;
  otherEvents: number;
  /** Devices whose changes could not be put there, with why (in words). */
  skipped: string[];
}

/**
 * *Share this ledger in a folder…*: the folder picker, then the ledger's folder made there and this
 * device's events written. A ledger that holds other devices' changes (a team's, shared anew after
 * its folder was lost; or one restored from a backup) puts theirs into a new folder too, each under
 * its own device (shared/sync/folderSync.ts putBackInFolder), so the team's ledger lacks nothing.
 */
export async function shareLedger(db: FleetDb, deviceName: string): Promise<Result<Shared | null>> {
  const chosen = await chooseTeamFolder();
  if (!chosen.ok || chosen.value === null) return chosen.ok ? ok(null) : chosen;
  const ledger = await syncLedgerOf(db, deviceName);
  const transport = teamTransport(chosen.value, ledger.ledgerId);
  const state: SyncState = { own: { segments: 0, lastHash: null, lastCounter: 0 }, devices: {} };
  const done: Shared = { folder: teamFolderName(chosen.value), otherDevices: 0, otherEvents: 0, skipped: [] };
  // Only into a folder made now: in one the team already keeps, another device's files may still
  // be on their way, and writing its chain beside them would collide with its own.
  if ((await transport.readManifest()) === null && (await foreignEventCount(db)) > 0) {
    // As the folder or server last named them, also after sync stopped (the folder lost): else a chain put back carries its device's id for a name.
    const names = { ...(await db.getSetting('deviceNames')), ...useTeamSync.getState().settings?.deviceNames };
    const put = await withWork('team-sync', async (report) => {
      await report.step('Putting the other devices’ changes into the team folder');
      return putBackInFolder(ledger, transport, await readLog(db), ledger.deviceId, names, new Date().toISOString(), deps);
    });
    if (!put.ok) return put;
    for (const w of put.value.written) state.devices[w.device] = w.point;
    done.otherDevices = put.value.written.length;
    done.otherEvents = put.value.written.reduce((n, w) => n + w.events, 0);
    done.skipped = put.value.skipped;
  } else {
    const shared = await shareInFolder(ledger, transport, new Date().toISOString());
    if (!shared.ok) return shared;
  }
  // The devices written are recorded as read: the first round need not read back what came from here.
  await saveTeamSyncSettings({ ledgerId: ledger.ledgerId, deviceName, paused: false, state, lastSyncAt: null });
  await syncNow(db, true);
  return ok(done);
}

/** A team ledger found in a chosen folder, waiting for the person to say how to join it. */
export interface JoinOffer {
  folder: TeamFolderRef;
  ledgerId: string;
  ledgerName: string;
  /** Lots in this device's own ledger now: when there are any, the person chooses merge or start over. */
  localLots: number;
  /** Events this device's ledger holds: a ledger of models and sites but no lots is not empty. */
  localEvents: number;
  /** Events in this ledger made on other devices (a restored backup): merging is not possible then. */
  foreignEvents: number;
}

/** *Join a ledger in a folder…*: the folder picker, then what the folder holds. */
export async function findTeamLedger(db: FleetDb): Promise<Result<JoinOffer | null>> {
  const chosen = await chooseTeamFolder();
  if (!chosen.ok || chosen.value === null) return chosen.ok ? ok(null) : chosen;
  const folder = chosen.value;
  const name = teamFolderName(folder);
  const names = await ledgerFoldersIn(folder);
  if (names.length === 0) return err(`The folder ${name} holds no Fleetledger ledger (no folder named fleetledger-…). Choose the folder your team shares, where a teammate used “Share this ledger in a folder…”.`);
  if (names.length > 1) return err(`The folder ${name} holds ${names.length} ledgers (${names.join(', ')}): choose the one to join itself.`);
  const ledgerId = (names[0] as string).slice('fleetledger-'.length);
  const found = await folderLedger(teamTransport(folder, ledgerId));
  if (!found.ok) return found;
  return ok({ folder, ledgerId: found.value.ledgerId, ledgerName: found.value.ledgerName, localLots: await db.lots.count(), localEvents: await localEventCount(db), foreignEvents: await foreignEventCount(db, found.value.ledgerId) });
}

/**
 * Joins the offered ledger: `merge` keeps this device's own data and shares it with the team;
 * `team` starts from the team's ledger (this device's data is backed up first, then replaced
 * by an empty ledger that sync fills).
 */
export async function joinLedger(db: FleetDb, offer: JoinOffer, mode: 'merge' | 'team', deviceName: string): Promise<Result<void>> {
  const adopted = await adoptTeamLedger(db, offer, mode);
  if (!adopted.ok) return adopted;
  await saveTeamSyncSettings({ ledgerId: offer.ledgerId, deviceName, paused: false, state: { own: { segments: 0, lastHash: null, lastCounter: 0 }, devices: {} }, lastSyncAt: null });
  await syncNow(db, true);
  return ok(undefined);
}

/**
 * Makes this device's ledger the team's `ledgerId`, whatever the transport (a folder, a
 * server): `merge` keeps this device's own data, to be shared with the team; `team` backs this
 * device's ledger up (when it holds anything) and starts an empty one that sync fills.
 */
export async function adoptTeamLedger(db: FleetDb, offer: { ledgerId: string; localLots: number }, mode: 'merge' | 'team'): Promise<Result<void>> {
  if (mode === 'merge') {
    const joined = await joinTeamLedger(db, offer.ledgerId);
    if (!joined.ok) return err(joined.error);
  } else {
    const row = await ledgerRow(db);
    // Anything it holds (lots or not, made here or restored from elsewhere) is backed up before it is replaced.
    if (offer.localLots > 0 || Object.values(row.heads).some((n) => n > 0)) {
      const backup = await automaticBackup(db, 'before-restore');
      if (!backup.ok) return err(`This device’s ledger could not be backed up first, so it was not replaced: ${backup.error}`);
    }
    await startEmptyLedger(db, offer.ledgerId);
    // Work in progress on the ledger left behind goes with it, as its drafts did: a shipment
    // list held on screen would be saved as a draft of the team's ledger at its next change
    // (a restore reloads the page for the same reason; a join goes on syncing instead).
    useShipment.getState().clear();
  }
  await rememberLedger(db);
  return ok(undefined);
}

export async function setTeamSyncPaused(db: FleetDb, paused: boolean): Promise<void> {
  const settings = await updateTeamSyncSettings((current) => (current === null ? null : { ...current, paused }));
  if (settings === null) return;
  await refreshTeamSync(db);
  if (!paused) await syncNow(db);
}

export async function renameDevice(db: FleetDb, deviceName: string): Promise<void> {
  const settings = await updateTeamSyncSettings((current) => (current === null ? null : { ...current, deviceName }));
  if (settings === null) return;
  await refreshTeamSync(db);
}

/** Asks the browser for the folder again (from a click), then syncs. */
export async function allowTeamFolderAgain(db: FleetDb): Promise<void> {
  await allowTeamFolder();
  await syncNow(db);
}

/** Stops folder sync on this device (the folder and the ledger stay). */
export async function stopTeamSync(db: FleetDb): Promise<void> {
  await leaveTeamFolder();
  useTeamSync.setState({ report: null, error: null });
  await refreshTeamSync(db);
}

/**
 * How long one wait for a change in the folder lasts: in the desktop app the main process
 * watches the folder and a change ends the wait at once; a browser cannot watch one and looks
 * again after this long.
 */
export const SYNC_EVERY_MS = 5_000;
/** How soon after a change made here it is written to the folder. */
const PUSH_AFTER_MS = 1_000;

/** Runs a round at each change in the folder (or every few seconds) and soon after each change made here; returns the stop function. */
export function startTeamSync(db: FleetDb): () => void {
  let stopped = false;
  void (async () => {
    await refreshTeamSync(db);
    await syncNow(db);
    while (!stopped) {
      const settings = useTeamSync.getState().settings;
      const waited = settings !== null && useTeamSync.getState().setup === 'on' ? waitForTeamChange(settings.ledgerId, SYNC_EVERY_MS) : new Promise<boolean>((r) => setTimeout(() => r(false), SYNC_EVERY_MS));
      await waited.catch(() => false);
      if (!stopped) await syncNow(db).catch(() => undefined);
    }
  })();
  let soon: ReturnType<typeof setTimeout> | null = null;
  const unsubscribe = onEventsCommitted(() => {
    soon ??= setTimeout(() => {
      soon = null;
      void syncNow(db);
    }, PUSH_AFTER_MS);
  });
  return () => {
    stopped = true;
    if (soon !== null) clearTimeout(soon);
    unsubscribe();
  };
}
