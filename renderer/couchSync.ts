/**
 * Team sync through a CouchDB server, as the app runs it (issue 11): connecting this ledger to
 * a database (sharing it there, or joining the ledger it holds), and the rounds of
 * shared/sync/couchSync.ts — at once when connected, whenever the server reports a change (a
 * `_changes` longpoll), soon after every change made here, and on *Sync now*. When the server
 * cannot be reached, changes stay here and rounds are retried with a growing pause (up to a
 * minute); nothing is lost. Works the same in a browser and in the desktop app (plain `fetch`).
 *
 * What the Team sync panel shows lives in {@link useCouchSync}; what this device keeps between
 * sessions (the server, the checkpoint, the counts) in the browser's own small database, never
 * in the ledger or a backup; the password as renderer/platform/couchServer.ts keeps it.
 */
import { create } from 'zustand';
import { err, ok, type Result } from '../shared/result';
import { checkCouchUrl, couchHttp } from '../shared/sync/couchHttp';
import { checkDatabase, couchLedger, EMPTY_COUCH_STATE, shareOnServer, syncCouch, waitForCouchChange, type CouchDeps, type CouchFailure, type CouchFailureKind, type CouchSyncReport, type CouchSyncState } from '../shared/sync/couchSync';
import type { DeviceStatus } from '../shared/sync/folderSync';
import { rememberDeviceNames, type FleetDb } from './db/database';
import { onEventsCommitted } from './db/eventLog';
import { ledgerRow, readLog, SEGMENT_CODECS } from './db/ledger';
import { pushEventsToServer, serverChains } from '../shared/sync/couchMirror';
import { parseEventId } from '../shared/ledger/clock';
import { foreignEventCount, localEventCount, syncLedgerOf } from './db/teamSync';
import { forgetServer, isDesktop, keepServer, keptServer, platformFetch, type KeptServer } from './platform/couchServer';
import { deviceStore } from './platform/folderBackups';
import { onlyOnePageAtATime } from './platform/tabLock';
import { adoptTeamLedger } from './teamSync';
import { counted } from './lib/counted';
import { withWork } from './state/work';

const SETTINGS_KEY = 'couchSync';

/** What this device keeps of its server sync (besides the server itself). */
export interface CouchSyncSettings {
  /** The ledger connected (a restore of another ledger disconnects it). */
  ledgerId: string;
  deviceName: string;
  paused: boolean;
  state: CouchSyncState;
  lastSyncAt: string | null;
  /** Events sent to the server and taken from it since connecting. */
  up: number;
  down: number;
  deviceNames: Record<string, string>;
  /** Every other device as the rounds last saw it (a round reads only the devices with something new). */
  devices: Record<string, DeviceStatus>;
}

export type CouchStatus = 'off' | 'needs-password' | 'connected' | 'syncing' | 'offline' | 'error' | 'paused';

export interface CouchSyncView {
  status: CouchStatus;
  server: KeptServer | null;
  settings: CouchSyncSettings | null;
  report: CouchSyncReport | null;
  /** Why the last round failed, in words (offline or error). */
  message: string | null;
  failure: CouchFailureKind | null;
}

export const useCouchSync = create<CouchSyncView>(() => ({ status: 'off', server: null, settings: null, report: null, message: null, failure: null }));

const deps: CouchDeps = {
  ...SEGMENT_CODECS,
  now: () => new Date().toISOString(),
  newSession: () => crypto.randomUUID(),
};

async function loadSettings(): Promise<CouchSyncSettings | null> {
  if (typeof indexedDB === 'undefined') return null;
  const v = (await deviceStore<unknown>('readonly', (s) => s.get(SETTINGS_KEY))) as Partial<CouchSyncSettings> | null;
  if (v === null || typeof v !== 'object' || typeof v.ledgerId !== 'string' || typeof v.deviceName !== 'string') return null;
  return {
    ledgerId: v.ledgerId,
    deviceName: v.deviceName,
    paused: v.paused === true,
    state: v.state ?? EMPTY_COUCH_STATE,
    lastSyncAt: v.lastSyncAt ?? null,
    up: v.up ?? 0,
    down: v.down ?? 0,
    deviceNames: v.deviceNames ?? {},
    devices: v.devices ?? {},
  };
}

async function saveSettings(settings: CouchSyncSettings | null): Promise<void> {
  if (settings === null) await deviceStore('readwrite', (s) => s.delete(SETTINGS_KEY));
  else await deviceStore('readwrite', (s) => s.put(settings, SETTINGS_KEY));
}

let settingsQueue: Promise<unknown> = Promise.resolve();

/**
 * Reads, changes and writes the settings with no other update in between (a round ending while
 * the person presses Pause must not write back what it read before). `null` from `change`: no write.
 */
function updateSettings(change: (current: CouchSyncSettings | null) => CouchSyncSettings | null): Promise<CouchSyncSettings | null> {
  const run = settingsQueue.then(async () => {
    const next = change(await loadSettings());
    if (next !== null) await saveSettings(next);
    return next;
  });
  settingsQueue = run.catch(() => undefined);
  return run;
}

/** Reads where server sync stands on this device into {@link useCouchSync}. */
export async function refreshCouchSync(db: FleetDb): Promise<void> {
  const [settings, server, row] = await Promise.all([loadSettings(), keptServer(), ledgerRow(db)]);
  const mine = settings !== null && server !== null && settings.ledgerId === row.ledgerId ? settings : null;
  const view = useCouchSync.getState();
  const status: CouchStatus =
    mine === null ? 'off'
    : server?.password === null ? 'needs-password'
    : mine.paused ? 'paused'
    : view.status === 'off' || view.status === 'needs-password' || view.status === 'paused' ? 'connected'
    : view.status;
  useCouchSync.setState({ status, server: mine === null ? null : server, settings: mine });
}

function httpOf(server: { url: string; user: string; password: string }) {
  return couchHttp(server, platformFetch);
}

let running: Promise<void> | null = null;
let again = false;
let lastRoundOk = false;
/** Moves on at each connect and disconnect: a round begun before drops what it found. */
let generation = 0;
/** While Connect checks a server, no round runs (the kept server may be the one being tried). */
let connecting = false;

/**
 * One round now, or — when one is running — one more right after it (a change made during a
 * round is sent without waiting for the next change on the server). A no-op when not connected,
 * or paused unless `force`.
 */
export async function syncCouchNow(db: FleetDb, force = false): Promise<void> {
  if (running !== null) {
    again = true;
    return running;
  }
  running = (async () => {
    try {
      do {
        again = false;
        await round(db, force);
      } while (again);
    } finally {
      running = null;
    }
  })();
  return running;
}

async function round(db: FleetDb, force: boolean): Promise<void> {
  if (connecting) return;
  const began = generation;
  try {
    await refreshCouchSync(db);
    const view = useCouchSync.getState();
    const { settings, server } = view;
    if (settings === null || server === null || server.password === null || (settings.paused && !force)) return;
    useCouchSync.setState({ status: 'syncing' });
    // Another tab of this profile (the same database, so the same device) in a round of its own:
    // this one skips its turn rather than push the device's segments and head beside it.
    const password = server.password;
    // A round that brings a whole ledger (a new device's first) takes seconds: the card shows how far it has got.
    const locked = await onlyOnePageAtATime(`fleetledger-couch:${db.name}`, async () =>
      withWork('couch-sync', async (report) => syncCouch(await syncLedgerOf(db, settings.deviceName), httpOf({ ...server, password }), settings.state, { ...deps, report })),
    );
    if (!locked.ran) {
      useCouchSync.setState({ status: view.status });
      return;
    }
    const result = locked.value;
    // Kept on what the settings are now: a pause or rename made meanwhile stays; a disconnect or
    // a new connection (even to the same ledger) keeps nothing of this round.
    const ownDevice = (await ledgerRow(db)).deviceId;
    const current = await loadSettings();
    if (began !== generation || current === null || current.ledgerId !== settings.ledgerId) return;
    if (!result.ok) {
      lastRoundOk = false;
      // The database this device synced with is gone or empty: "check the URL" or "connect again"
      // would send the person the wrong way (a team device cannot share a ledger it holds others' changes of).
      const gone = result.error.kind === 'no-ledger' || result.error.kind === 'no-database';
      const message = gone
        ? ledgerGoneFromServer(server.url, await foreignEventCount(db))
        : result.error.kind === 'other-ledger' ? anotherLedgerOnServer(server.url, result.error.message) : result.error.message;
      useCouchSync.setState({ status: result.error.kind === 'offline' ? 'offline' : 'error', message, failure: result.error.kind });
      return;
    }
    lastRoundOk = true;
    const outcome = result.value;
    const next = await updateSettings((latest) => {
      if (began !== generation || latest === null || latest.ledgerId !== settings.ledgerId) return null;
      const names = { ...latest.deviceNames, [ownDevice]: latest.deviceName };
      const devices = { ...latest.devices };
      for (const d of outcome.devices) {
        devices[d.device] = d;
        if (d.name !== null) names[d.device] = d.name;
      }
      return { ...latest, state: outcome.state, lastSyncAt: new Date().toISOString(), up: latest.up + outcome.pushed, down: latest.down + outcome.pulled, deviceNames: names, devices };
    });
    if (next === null) return;
    await rememberDeviceNames(db, next.deviceNames);
    useCouchSync.setState({ settings: next, report: result.value, status: next.paused ? 'paused' : 'connected', message: null, failure: null });
  } catch (e) {
    lastRoundOk = false;
    useCouchSync.setState({ status: 'error', message: `Sync with the server failed: ${e instanceof Error ? e.message : String(e)}`, failure: 'error' });
  } finally {
    // A round that ended early (the ledger replaced, a new connection) leaves no "syncing" behind.
    if (useCouchSync.getState().status === 'syncing') useCouchSync.setState({ status: lastRoundOk ? 'connected' : 'error' });
  }
}

/**
 * Why a round found no ledger where this device synced (the database deleted, emptied or
 * re-created on the server), and what to do: Connect shares the ledger there again, every device's
 * changes this device holds included (./couchSync.ts checkServer); the others' rounds, which go on,
 * then pick it up.
 */
export function ledgerGoneFromServer(url: string, foreign: number): string {
  const what = `The database at ${url} no longer holds this ledger: it was deleted, emptied or re-created on the server. Nothing was synced, and nothing is lost on this device.`;
  const others = foreign === 0 ? '' : ` (with the ${counted(foreign, 'change')} of other devices this device holds)`;
  return `${what} To share this ledger there again${others}, Disconnect, then Connect to the same URL; or ask whoever runs the server to restore the database from its backup. Sync then carries on here by itself.`;
}

/**
 * Why a round found another ledger where this device synced (the database re-created and another
 * ledger shared in it, or the URL now naming another database), and what to do: Connect offers to
 * join the ledger it holds; or this ledger is in another database.
 */
export function anotherLedgerOnServer(url: string, said: string): string {
  return `${said} Nothing is lost on this device. To join the ledger it holds, Disconnect, then Connect to ${url} again and choose how to join it. If this ledger is shared in another database, Disconnect, then Connect to the URL of that database.`;
}

/** Every other device the rounds have seen, by name. */
export function knownDevices(settings: CouchSyncSettings | null): DeviceStatus[] {
  return Object.values(settings?.devices ?? {}).sort((a, b) => (a.name ?? a.device).localeCompare(b.name ?? b.device));
}

/** What the person typed in the CouchDB server form. */
export interface ServerForm {
  url: string;
  user: string;
  password: string;
  /** Browser only: keep the password beyond this session. */
  remember: boolean;
  deviceName: string;
}

/** A database holding another ledger than this device's: the person chooses how to join it. */
export interface ServerJoinOffer {
  form: ServerForm & { url: string };
  ledgerId: string;
  ledgerName: string;
  localLots: number;
  localEvents: number;
  foreignEvents: number;
}

async function begin(db: FleetDb, ledgerId: string, form: ServerForm): Promise<Result<void>> {
  const kept = await keepServer({ url: form.url, user: form.user, password: form.password }, form.remember);
  if (!kept.ok) return kept;
  generation += 1;
  if (running !== null) await running.catch(() => undefined);
  const previous = await loadSettings();
  const same = previous !== null && previous.ledgerId === ledgerId && useCouchSync.getState().server?.url === form.url;
  await saveSettings({
    ledgerId,
    deviceName: form.deviceName,
    paused: same ? previous.paused : false,
    state: same ? previous.state : EMPTY_COUCH_STATE,
    lastSyncAt: same ? previous.lastSyncAt : null,
    up: same ? previous.up : 0,
    down: same ? previous.down : 0,
    deviceNames: same ? previous.deviceNames : {},
    devices: same ? previous.devices : {},
  });
  useCouchSync.setState({ status: 'connected', message: null, failure: null });
  await syncCouchNow(db, true);
  wakeLoop();
  const view = useCouchSync.getState();
  return view.status === 'error' && view.message !== null ? err(view.message) : ok(undefined);
}

/**
 * *Connect*: checks the server and the database, then shares this ledger there (an empty
 * database), or syncs with it (this ledger's), or offers to join the ledger it holds.
 * Nothing is kept when the server refuses or cannot be reached.
 */
export async function connectServer(db: FleetDb, input: ServerForm): Promise<Result<'connected' | ServerJoinOffer>> {
  const url = checkCouchUrl(input.url);
  if (!url.ok) return url;
  const form = { ...input, url: url.value, deviceName: input.deviceName.trim() || 'This device' };
  // The desktop app connects only to the kept server's origin: keep the new one while it is
  // checked, and put back what was kept before if the check fails.
  const previous = await keptServer();
  connecting = true;
  try {
    const tried = await keepServer({ url: form.url, user: form.user, password: form.password }, form.remember);
    if (!tried.ok) return tried;
    const checked = await checkServer(db, form);
    if (!checked.ok || checked.value !== 'connected') {
      if (previous === null) await forgetServer();
      else await keepServer({ url: previous.url, user: previous.user, password: previous.password ?? '' }, previous.remembered);
    }
    if (!checked.ok || checked.value !== 'connected') return checked;
  } finally {
    connecting = false;
  }
  const row = await ledgerRow(db);
  const started = await begin(db, row.ledgerId, form);
  return started.ok ? ok('connected') : started;
}

/**
 * Why Connect failed, in words. A server that does not answer is named, and nothing is promised:
 * a round's "changes are sent when it is back" is untrue here, where nothing was kept.
 */
function connectFailure(form: ServerForm, failure: CouchFailure): string {
  if (failure.kind !== 'offline') return failure.message;
  // A browser says only "Failed to fetch", for a server that is down and for one that does not allow this page's origin alike.
  const cors = isDesktop() ? '' : ', and (in a browser) that it allows this page’s origin: CORS, step 5 of “Running a sync server” in the README';
  return `The server at ${form.url} cannot be reached (${failure.reason ?? 'no answer'}), so nothing was connected. Check the URL, that the server is running${cors}.`;
}

/** What the database holds for this ledger: connectable (shared there now if it was empty), another ledger to join, or why not. */
async function checkServer(db: FleetDb, form: ServerForm): Promise<Result<'connected' | ServerJoinOffer>> {
  const http = httpOf(form);
  const found = await couchLedger(http);
  if (!found.ok && found.error.kind !== 'no-database') return err(connectFailure(form, found.error));
  const row = await ledgerRow(db);
  const theirs = found.ok ? found.value : null;
  if (theirs !== null && theirs.ledgerId !== row.ledgerId) {
    return ok({ form, ledgerId: theirs.ledgerId, ledgerName: theirs.ledgerName, localLots: await db.lots.count(), localEvents: await localEventCount(db), foreignEvents: await foreignEventCount(db) });
  }
  if (theirs === null) {
    const ledger = await syncLedgerOf(db, form.deviceName);
    // A ledger holding other devices' changes (a team's, its database deleted or emptied since; or
    // one restored from a backup): each device sends only its own in its rounds, so theirs go in
    // now, each continuing its device's chain there (from its start in an empty database), or the
    // team's ledger on the server would lack them. Before the ledger's document: until that is
    // there, the other devices' rounds write nothing, so none writes its own chain beside these.
    if ((await foreignEventCount(db)) > 0) {
      const others = (await readLog(db)).filter((e) => parseEventId(e.id)?.device !== ledger.deviceId);
      const made = await checkDatabase(http, true);
      const remote = made.ok ? await serverChains(http, deps) : made;
      const sent = remote.ok ? await pushEventsToServer(http, others, remote.value.chains, remote.value.heads, deps) : remote;
      if (!sent.ok) return err(connectFailure(form, sent.error));
    }
    const shared = await shareOnServer(ledger, http, new Date().toISOString());
    if (!shared.ok) return err(connectFailure(form, shared.error));
  }
  return ok('connected');
}

/** Joins the ledger a database holds: `merge` keeps this device's data, `team` starts from the team's (this device's backed up first). */
export async function joinServerLedger(db: FleetDb, offer: ServerJoinOffer, mode: 'merge' | 'team'): Promise<Result<void>> {
  const adopted = await adoptTeamLedger(db, offer, mode);
  if (!adopted.ok) return adopted;
  return begin(db, offer.ledgerId, offer.form);
}

/**
 * The password again (after a restart in a browser, or when the server refused it), with the user
 * name: the kept one, or another (a server that began asking for users after this device
 * connected without one, a user name mistyped).
 */
export async function enterServerPassword(db: FleetDb, password: string, remember: boolean, user?: string): Promise<Result<void>> {
  const { server, settings } = useCouchSync.getState();
  if (server === null || settings === null) return err('No server is connected.');
  const name = (user ?? server.user).trim();
  const found = await couchLedger(httpOf({ url: server.url, user: name, password }));
  if (!found.ok) return err(found.error.message);
  if (found.value === null || found.value.ledgerId !== settings.ledgerId) return err('The database no longer holds this ledger: disconnect, then connect again to share it or join the one it holds.');
  return begin(db, settings.ledgerId, { url: server.url, user: name, password, remember, deviceName: settings.deviceName });
}

/** *Disconnect*: this device stops syncing with the server and forgets it and its password (the server and the ledger stay). */
export async function disconnectServer(db: FleetDb): Promise<void> {
  generation += 1;
  await forgetServer();
  await saveSettings(null);
  useCouchSync.setState({ status: 'off', server: null, settings: null, report: null, message: null, failure: null });
  await refreshCouchSync(db);
}

export async function setCouchSyncPaused(db: FleetDb, paused: boolean): Promise<void> {
  const settings = await updateSettings((current) => (current === null ? null : { ...current, paused }));
  if (settings === null) return;
  useCouchSync.setState({ status: paused ? 'paused' : 'connected' });
  await refreshCouchSync(db);
  if (!paused) {
    await syncCouchNow(db);
    wakeLoop();
  }
}

export async function renameServerDevice(db: FleetDb, deviceName: string): Promise<void> {
  const settings = await updateSettings((current) => (current === null ? null : { ...current, deviceName }));
  if (settings === null) return;
  await refreshCouchSync(db);
  await syncCouchNow(db);
}

/** How long one longpoll waits for a change on the server. */
export const LONGPOLL_MS = 25_000;
/** The pauses between rounds while the server cannot be reached: doubling from a second to a minute. */
export const RETRY_MIN_MS = 1_000;
export const RETRY_MAX_MS = 60_000;
/** How soon after a change made here it is sent. */
const PUSH_AFTER_MS = 500;

let wake: (() => void) | null = null;
/** Ends the loop's current pause (connected, resumed, or a change made here). */
function wakeLoop(): void {
  wake?.();
}
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      wake = null;
      resolve();
    }
    wake = done;
  });
}

/** Runs rounds while connected: at each change on the server, soon after each change here, retried with backoff when offline. Returns the stop function. */
export function startCouchSync(db: FleetDb): () => void {
  let stopped = false;
  void (async () => {
    let retry = RETRY_MIN_MS;
    await refreshCouchSync(db);
    while (!stopped) {
      const view = useCouchSync.getState();
      if (view.settings === null || view.server === null || view.server.password === null || view.status === 'paused') {
        await pause(5_000);
        await refreshCouchSync(db).catch(() => undefined);
        continue;
      }
      await syncCouchNow(db).catch(() => undefined);
      if (stopped) break;
      const after = useCouchSync.getState();
      if (!lastRoundOk || after.server === null || after.server.password === null || after.report === null) {
        // Offline or refused: wait, longer each time (a change here or a reconnect ends the wait).
        await pause(after.status === 'offline' ? retry : RETRY_MAX_MS);
        retry = Math.min(RETRY_MAX_MS, retry * 2);
        continue;
      }
      retry = RETRY_MIN_MS;
      // Wait on the server's change feed; a quiet feed is asked again without a round (changes
      // made here start their own), and an error answer is waited out before the next round.
      for (let quiet = true; quiet && !stopped; ) {
        let answer: 'changed' | 'timeout' | 'refused' | 'offline';
        try {
          answer = await waitForCouchChange(httpOf({ ...after.server, password: after.server.password }), useCouchSync.getState().report?.lastSeq ?? after.report.lastSeq, LONGPOLL_MS);
        } catch {
          answer = 'offline';
        }
        if (answer === 'refused' || answer === 'offline') await pause(retry);
        quiet = answer === 'timeout' && useCouchSync.getState().settings?.paused !== true && useCouchSync.getState().server !== null;
      }
    }
  })();
  let soon: ReturnType<typeof setTimeout> | null = null;
  const unsubscribe = onEventsCommitted(() => {
    soon ??= setTimeout(() => {
      soon = null;
      void syncCouchNow(db).then(wakeLoop);
    }, PUSH_AFTER_MS);
  });
  return () => {
    stopped = true;
    wakeLoop();
    if (soon !== null) clearTimeout(soon);
    unsubscribe();
  };
}
