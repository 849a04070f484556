/**
 * The team folder in a browser (issue 10): shared/sync/folderSync.ts's FolderTransport over the
 * File System Access API, in browsers that have it (Chromium-based ones). The person picks the
 * folder the team shares (the one Syncthing or a file-sync service replicates); the ledger's
 * folder `fleetledger-<ledgerId>` lives inside it.
 *
 * The folder's handle and this device's sync state are kept in the browser's own small database
 * (`fleetledger-device`, as the backup folder is): they belong to this browser, never to a
 * backup or to the team. The browser asks again for permission in each new session; until the
 * person allows it (a click), nothing is read or written and the Team sync card says so.
 *
 * Writes are whole: the browser writes a file to a temporary one beside it and moves it into
 * place only when it is closed.
 */
import { isDeviceId, type DeviceId } from '../../shared/ledger/clock';
import { classifyDeviceFile, ledgerFolderName, MANIFEST_FILE } from '../../shared/sync/folderFormat';
import { EMPTY_SYNC_STATE, type FolderFile, type FolderTransport, type SyncState } from '../../shared/sync/folderSync';
import { ok, type Result } from '../../shared/result';
import { desktopBridge } from './bridge';
import { deviceStore, pickFolder, writeWholeFile, type FolderHandle } from './folderBackups';

const FOLDER_KEY = 'teamFolder';
const STATE_KEY = 'teamSync';

/** Where this browser stands in team sync: kept with the folder's handle, never in the ledger. */
export interface TeamSyncSettings {
  /** The ledger the folder sync is set up for (a restore of another ledger stops it). */
  ledgerId: string;
  deviceName: string;
  paused: boolean;
  state: SyncState;
  lastSyncAt: string | null;
  /** The names of the team's devices (this one's included) by device id, as their heads give them: shown beside each change in history. */
  deviceNames?: Record<string, string>;
}

/**
 * The folder the team shares, as this device reaches it: through the desktop app's main process
 * (which keeps its path and watches it), or a browser's File System Access handle.
 */
export type TeamFolderRef = { kind: 'desktop'; name: string; ledgers: string[] } | { kind: 'browser'; handle: FolderHandle };

/** Whether this page can use a team folder: in the desktop app, and in browsers with the File System Access API. */
export function supportsTeamFolder(): boolean {
  if (typeof window === 'undefined') return false;
  return desktopBridge() !== undefined || typeof (window as unknown as { showDirectoryPicker?: unknown }).showDirectoryPicker === 'function';
}

/** The chosen folder for this session, when the browser could not keep it (some handles cannot be stored). */
let sessionFolder: FolderHandle | null = null;

/** The team folder chosen on this device, or null. */
export async function teamFolderRef(): Promise<TeamFolderRef | null> {
  const bridge = desktopBridge();
  if (bridge) {
    const r = await bridge.teamFolder();
    return r.ok && r.value !== null ? { kind: 'desktop', name: r.value.name, ledgers: r.value.ledgers } : null;
  }
  const handle = await teamFolder();
  return handle === null ? null : { kind: 'browser', handle };
}

async function teamFolder(): Promise<FolderHandle | null> {
  if (sessionFolder !== null) return sessionFolder;
  if (typeof indexedDB === 'undefined') return null;
  const handle = await deviceStore<unknown>('readonly', (s) => s.get(FOLDER_KEY));
  return handle && typeof handle === 'object' && (handle as { kind?: unknown }).kind === 'directory' ? (handle as FolderHandle) : null;
}

export async function teamSyncSettings(): Promise<TeamSyncSettings | null> {
  if (typeof indexedDB === 'undefined') return null;
  const value = await deviceStore<unknown>('readonly', (s) => s.get(STATE_KEY));
  if (value === null || typeof value !== 'object') return null;
  const v = value as Partial<TeamSyncSettings>;
  if (typeof v.ledgerId !== 'string' || typeof v.deviceName !== 'string') return null;
  const names = v.deviceNames !== null && typeof v.deviceNames === 'object' ? Object.fromEntries(Object.entries(v.deviceNames).filter(([, n]) => typeof n === 'string')) : {};
  return { ledgerId: v.ledgerId, deviceName: v.deviceName, paused: v.paused === true, state: v.state ?? EMPTY_SYNC_STATE, lastSyncAt: v.lastSyncAt ?? null, deviceNames: names };
}

export async function saveTeamSyncSettings(settings: TeamSyncSettings): Promise<void> {
  await deviceStore('readwrite', (s) => s.put(settings, STATE_KEY));
}

let settingsQueue: Promise<unknown> = Promise.resolve();

/**
 * Reads, changes and writes the settings with no other update in between: a round that ends
 * while the person presses Pause must not write back the settings it read before the pause.
 * `change` returns the new settings, or `null` to write nothing.
 */
export function updateTeamSyncSettings(change: (current: TeamSyncSettings | null) => TeamSyncSettings | null): Promise<TeamSyncSettings | null> {
  const run = settingsQueue.then(async () => {
    const next = change(await teamSyncSettings());
    if (next !== null) await saveTeamSyncSettings(next);
    return next;
  });
  settingsQueue = run.catch(() => undefined);
  return run;
}

/** Stops folder sync on this device: forgets the folder and the state (the folder and the ledger stay as they are). */
export async function leaveTeamFolder(): Promise<void> {
  sessionFolder = null;
  await desktopBridge()?.forgetTeamFolder();
  await deviceStore('readwrite', (s) => s.delete(FOLDER_KEY));
  await deviceStore('readwrite', (s) => s.delete(STATE_KEY));
}

export type TeamFolderAccess = { name: string; permission: PermissionState } | null;

export async function teamFolderAccess(): Promise<TeamFolderAccess> {
  const bridge = desktopBridge();
  if (bridge) {
    const r = await bridge.teamFolder();
    return r.ok && r.value !== null ? { name: r.value.name, permission: 'granted' } : null;
  }
  const folder = await teamFolder();
  if (!folder) return null;
  const permission = folder.queryPermission ? await folder.queryPermission({ mode: 'readwrite' }) : 'granted';
  return { name: folder.name, permission };
}

/** Asks again for permission to read and write the folder (must run from a click). */
export async function allowTeamFolder(): Promise<TeamFolderAccess> {
  const folder = await teamFolder();
  if (!folder) return null;
  const permission = folder.requestPermission ? await folder.requestPermission({ mode: 'readwrite' }) : 'granted';
  return { name: folder.name, permission };
}

/**
 * The folder picker. The person may pick the folder the team shares, or the ledger's own
 * `fleetledger-…` folder inside it (the parent is not reachable from there, so that one is kept
 * as it is). `null` when cancelled.
 */
export async function chooseTeamFolder(): Promise<Result<TeamFolderRef | null>> {
  const bridge = desktopBridge();
  if (bridge) {
    const r = await bridge.chooseTeamFolder();
    if (!r.ok) return r;
    return ok(r.value === null ? null : { kind: 'desktop', name: r.value.name, ledgers: r.value.ledgers });
  }
  const picked = await pickFolder('fleetledger-team', 'This browser cannot use a folder; folder sync needs the desktop app or a Chromium-based browser.');
  if (!picked.ok || picked.value === null) return picked.ok ? ok(null) : picked;
  const folder = picked.value;
  sessionFolder = folder;
  try {
    await deviceStore('readwrite', (s) => s.put(folder, FOLDER_KEY));
  } catch {
    // Kept for this session only: after a reload the folder is asked for again.
  }
  return ok({ kind: 'browser', handle: folder });
}

/** The chosen folder's name. */
export function teamFolderName(ref: TeamFolderRef): string {
  return ref.kind === 'desktop' ? ref.name : ref.handle.name;
}

/** The ledger folders (`fleetledger-…`) in the chosen folder, or the chosen folder itself when it is one. */
export async function ledgerFoldersIn(ref: TeamFolderRef): Promise<string[]> {
  if (ref.kind === 'desktop') return ref.ledgers;
  const folder = ref.handle;
  if (folder.name.startsWith('fleetledger-') && (await readBytes(folder, MANIFEST_FILE)) !== null) return [folder.name];
  const names: string[] = [];
  for await (const entry of folder.values()) if (entry.kind === 'directory' && entry.name.startsWith('fleetledger-')) names.push(entry.name);
  return names.sort();
}

async function child(folder: FolderHandle, name: string, create: boolean): Promise<FolderHandle | null> {
  try {
    return await folder.getDirectoryHandle(name, { create });
  } catch (e) {
    if (e instanceof DOMException && (e.name === 'NotFoundError' || e.name === 'TypeMismatchError')) return null;
    throw e;
  }
}

async function readBytes(folder: FolderHandle, name: string): Promise<Uint8Array | null> {
  try {
    const file = await (await folder.getFileHandle(name)).getFile();
    return new Uint8Array(await file.arrayBuffer());
  } catch (e) {
    if (e instanceof DOMException && (e.name === 'NotFoundError' || e.name === 'TypeMismatchError')) return null;
    throw e;
  }
}


/** The ledger `ledgerId`'s folder in the chosen `folder`, as a transport. */
export function browserTeamFolder(folder: FolderHandle, ledgerId: string): FolderTransport {
  const name = ledgerFolderName(ledgerId);
  const root = async (create: boolean): Promise<FolderHandle | null> => (folder.name === name ? folder : child(folder, name, create));
  const devices = async (create: boolean): Promise<FolderHandle | null> => {
    const r = await root(create);
    return r === null ? null : child(r, 'devices', create);
  };
  const deviceFolder = async (device: DeviceId, create: boolean): Promise<FolderHandle | null> => {
    if (!isDeviceId(device)) throw new Error(`Not a device id: ${device}`);
    const d = await devices(create);
    return d === null ? null : child(d, device, create);
  };
  return {
    async readManifest() {
      const r = await root(false);
      const bytes = r === null ? null : await readBytes(r, MANIFEST_FILE);
      return bytes === null ? null : new TextDecoder().decode(bytes);
    },
    async writeManifest(text) {
      await writeWholeFile((await root(true)) as FolderHandle, MANIFEST_FILE, new TextEncoder().encode(text));
    },
    async listDevices() {
      const d = await devices(false);
      if (d === null) return [];
      const out: { device: string; files: FolderFile[] }[] = [];
      for await (const entry of d.values()) {
        if (entry.kind !== 'directory' || entry.name.startsWith('.')) continue;
        const files: FolderFile[] = [];
        for await (const f of entry.values()) if (f.kind === 'file') files.push({ name: f.name, size: (await f.getFile()).size });
        out.push({ device: entry.name, files: files.sort((a, b) => a.name.localeCompare(b.name)) });
      }
      return out.sort((a, b) => a.device.localeCompare(b.device));
    },
    async readFile(device, file) {
      const d = await deviceFolder(device, false);
      return d === null ? null : readBytes(d, file);
    },
    async writeFile(device, file, bytes) {
      const kind = classifyDeviceFile(file).kind;
      if (kind !== 'segment' && kind !== 'head') throw new Error(`The team folder takes only segments and head files, not ${file}`);
      await writeWholeFile((await deviceFolder(device, true)) as FolderHandle, file, bytes);
    },
  };
}

function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** The ledger `ledgerId`'s folder through the desktop app's main process, as a transport. */
function desktopTeamFolder(ledgerId: string): FolderTransport {
  const bridge = desktopBridge();
  if (!bridge) throw new Error('desktopTeamFolder: not in the desktop app');
  return {
    readManifest: async () => unwrap(await bridge.readTeamManifest({ ledgerId })),
    writeManifest: async (text) => void unwrap(await bridge.writeTeamManifest({ ledgerId, text })),
    listDevices: async () => unwrap(await bridge.listTeamDevices({ ledgerId })),
    readFile: async (device, name) => unwrap(await bridge.readTeamFile({ ledgerId, device, name })),
    writeFile: async (device, name, bytes) => void unwrap(await bridge.writeTeamFile({ ledgerId, device, name, bytes })),
  };
}

/** The ledger's folder in the chosen team folder, as a transport. */
export function teamTransport(ref: TeamFolderRef, ledgerId: string): FolderTransport {
  return ref.kind === 'desktop' ? desktopTeamFolder(ledgerId) : browserTeamFolder(ref.handle, ledgerId);
}

/**
 * Waits until something in the ledger's folder changes (desktop: the main process watches it),
 * or `ms` pass (a browser cannot watch a folder: it looks again then). True when it changed.
 */
export async function waitForTeamChange(ledgerId: string, ms: number): Promise<boolean> {
  const bridge = desktopBridge();
  if (bridge) {
    const r = await bridge.waitForTeamChange({ ledgerId, timeoutMs: ms });
    if (r.ok) return r.value;
  }
  await new Promise((resolve) => setTimeout(resolve, ms));
  return false;
}
