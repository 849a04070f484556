/**
 * The one typed contract between the renderer and the Electron main process.
 *
 * - `IpcContract` maps every `invoke`/`handle` channel to its request and result types.
 * - Every channel resolves to `IpcResult<C>` = `Result<IpcContract[C]['result']>`: expected
 *   failures (bad payload, file too large, write refused by the OS…) come back as
 *   `{ ok: false, error }` with a message a person can act on; the promise itself only
 *   rejects on a bug. A cancelled dialog is `{ ok: true, value: null }`, not an error.
 * - The preload exposes one named function per channel (`BRIDGE_CHANNELS`), typed as
 *   `FleetledgerBridge`, plus `onMenuCommand` for the one main → renderer event.
 * - `IPC_REQUEST_VALIDATORS` are the pure payload checks every main handler runs first.
 *
 * Pure: no electron, Node, DOM or clock. Also bundled into the sandboxed preload, so it must
 * stay dependency-free (hence hand-written validators rather than zod).
 */
import { isIsoDate } from './dates';
import { err, ok, type Result } from './result';

// WHATWG URL exists in every runtime this module runs in (Electron main, renderer, Node CLI),
// but shared/ is type-checked without DOM or Node typings, so declare just what is used.
declare const URL: new (input: string) => {
  readonly protocol: string;
  readonly hostname: string;
  readonly port: string;
  readonly username: string;
  readonly password: string;
};

// ---------------------------------------------------------------------------------------------
// Requests and results

/** The largest text file Fleetledger reads or writes through a dialog: 50 MiB. */
export const MAX_TEXT_FILE_BYTES = 50 * 1024 * 1024;
/** Longest suggested file name (most file systems allow 255 bytes). */
export const MAX_FILE_NAME_LENGTH = 200;
export const MAX_DIALOG_TITLE_LENGTH = 200;
export const MAX_EXTERNAL_URL_LENGTH = 2048;

export const SAVE_KINDS = ['csv', 'json'] as const;
export type SaveKind = (typeof SAVE_KINDS)[number];

export interface OpenCsvRequest {
  /** The open dialog's title; a default is used when absent. */
  title?: string;
}
/** Device-type YAML files (NetBox): several files, or a folder searched for .yaml and .yml. */
export interface OpenYamlRequest {
  title?: string;
  folder: boolean;
}

/** One file of an `file:open-yaml` answer: its path inside the chosen folder, or its base name. */
export interface OpenedYamlFile {
  name: string;
  text: string;
}

/** At most this many YAML files at once (the whole device-type library is ~5,000). */
export const MAX_YAML_FILES = 10_000;

export interface OpenedTextFile {
  /** Base name of the chosen file, e.g. "lots.csv" (never a path). */
  name: string;
  /** Its content decoded as UTF-8, byte-order mark removed. */
  text: string;
}

export interface SaveTextRequest {
  /** File name offered in the save dialog, e.g. "lots-2026-03-01.csv". No folders. */
  suggestedName: string;
  text: string;
  /** Picks the dialog's file-type filter. */
  kind: SaveKind;
}
export interface SavedFile {
  /** Where it was written. In the browser fallback, only the download's file name. */
  path: string;
}

export interface AppInfo {
  version: string;
  platform: string;
  electron: string;
  chrome: string;
  userDataPath: string;
}

export interface OpenExternalRequest {
  /** Must pass `isAllowedExternalUrl`. */
  url: string;
}

export interface PrintToPdfRequest {
  /** File name offered in the save dialog, e.g. "disposal-certificate-GPU-2024-001.pdf". */
  suggestedName: string;
}

// ---- Backups and the data-loss record (LEDGER.md §2) -----------------------------------------

/** The largest backup file read or written through IPC: 512 MiB (a full fleet is ~40 MB). */
export const MAX_BACKUP_BYTES = 512 * 1024 * 1024;

/**
 * Why a backup was written. `manual`: *Back up now* into the backups folder; `daily`: the
 * rolling automatic backup (kept 7 daily, 4 weekly, 12 monthly); `before-restore` and
 * `schema-upgrade`: written before a restore replaces the ledger, or before a new version
 * upgrades the database; `origin-move`: the database as it was on the desktop's old `file://`
 * page, carried to the `app://` page (electron/originMove.ts) (each kind: the newest 10 kept).
 */
export const BACKUP_REASONS = ['manual', 'daily', 'before-restore', 'schema-upgrade', 'origin-move'] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];

export interface WriteBackupRequest {
  /** The whole `.fleetledger` file (gzip), as the renderer encoded it. */
  bytes: Uint8Array;
  /** File-name stem of the ledger (shared/ledger/teamSettings.ts `ledgerFileStem`), e.g. "Fleetledger". */
  ledgerStem: string;
  /** The backup's creation date (YYYY-MM-DD) as the renderer's clock has it; names the file. */
  date: string;
  reason: BackupReason;
}

/** One backup file in the app's backups folder (or the second folder). */
export interface BackupEntry {
  /** Base name, e.g. "Fleetledger-2026-12-05.fleetledger"; never a path. */
  name: string;
  size: number;
  /** File modification time, ISO. */
  modifiedAt: string;
  reason: BackupReason;
  /**
   * When the backup says it was made, ISO UTC: its header's createdAt, else the local date and
   * time in its name. Not the modification time, which a copy (`cp`) sets to when it was copied.
   */
  madeAt?: string;
  /** What a ledger backup's header says it holds; absent for a pre-upgrade dump or a file whose header cannot be read. */
  holds?: { ledgerId: string; events: number };
  /** `second`: a file in the second backups folder (this installation's copies and any other there); absent: the app's own backups folder. */
  folder?: 'second';
}

export interface BackupWritten {
  entry: BackupEntry;
  /** Full path in the backups folder. */
  path: string;
  /** The copy in the second folder, when one is set: its path, or why it failed. */
  secondCopy: { path: string } | { error: string } | null;
  /** Names of older automatic backups removed by the rotation. */
  pruned: string[];
  /**
   * Set when the rotation could not remove some older backups (in either folder). The new
   * backup itself was written; this only means old ones are piling up.
   */
  pruneError?: string;
}

export interface ReadBackupRequest {
  /** A name from `backup:list`. */
  name: string;
  /** The entry's folder, from `backup:list`: `second` for one in the second folder. */
  folder?: 'second';
}
export interface OpenedBackupFile {
  name: string;
  bytes: Uint8Array;
}

export interface SaveBackupAsRequest {
  suggestedName: string;
  bytes: Uint8Array;
}

export interface BackupConfig {
  /** The app's own backups folder (in the user-data folder). */
  folder: string;
  /** The optional second folder every automatic backup is also copied to. */
  secondFolder: string | null;
}

/**
 * The data-loss record, kept outside IndexedDB (a file in the user-data folder): which ledger
 * this installation holds and how far each device's events go in it. If at start the database
 * is missing, empty, of another ledger or behind this, the app stops and says so.
 */
export interface LedgerRecord {
  ledgerId: string;
  /** deviceId → its last event counter in this ledger. */
  devices: Record<string, number>;
  updatedAt: string;
}

// ---- The team folder (issue 10; LEDGER.md §3) ------------------------------------------------

/** The largest team-folder file read or written through IPC (a segment is at most a few MB). */
export const MAX_TEAM_FILE_BYTES = 64 * 1024 * 1024;
/** The longest a renderer may wait for a change in the folder in one call. */
export const MAX_TEAM_WAIT_MS = 60_000;

/** The folder the team shares, as chosen on this device (main keeps its path). */
export interface TeamFolderInfo {
  /** Its name, for the Team sync card. */
  name: string;
  path: string;
  /** The ledger folders (`fleetledger-…`) in it; the folder's own name when it is one. */
  ledgers: string[];
}
export interface TeamLedgerRequest {
  /** The ledger whose folder (`fleetledger-<ledgerId>`) is meant. */
  ledgerId: string;
}
export interface TeamManifestWrite extends TeamLedgerRequest {
  text: string;
}
export interface TeamFileRequest extends TeamLedgerRequest {
  device: string;
  /** A file name in `devices/<device>/` (never a path). */
  name: string;
}
export interface TeamFileWrite extends TeamFileRequest {
  bytes: Uint8Array;
}
export interface TeamWaitRequest extends TeamLedgerRequest {
  timeoutMs: number;
}
export interface TeamDeviceListing {
  device: string;
  files: { name: string; size: number }[];
}

/** The CouchDB server a device syncs through (issue 11): the database's URL and who connects. */
export interface CouchCredentials {
  url: string;
  user: string;
  password: string;
}
/**
 * What the main process keeps of them: the password encrypted with the OS keychain
 * (Electron safeStorage) in `keychain`; in memory only, for this session, in `session` (the
 * system offers no keychain); `password` null when none is kept.
 */
export interface StoredCouchCredentials {
  url: string;
  user: string;
  password: string | null;
  kept: 'keychain' | 'session';
}
export const MAX_COUCH_FIELD_LENGTH = 2048;

/**
 * The desktop's move of the ledger from the old `file://` page to `app://fleetledger`
 * (electron/originMove.ts): the old page writes its database as it is into the backups folder
 * (reason `origin-move`) and names that file; or it held no database; or the copy failed.
 */
export type OriginHandedOver = { outcome: 'moved'; backupName: string; preferences?: CarriedPreferences } | { outcome: 'empty' } | { outcome: 'failed'; error: string };

/** The person's view choices kept in the page's local storage (per origin), by key. */
export const LOT_COLUMNS_PREFERENCE_KEY = 'fleetledger.lotColumns';
export const LABEL_LAYOUT_PREFERENCE_KEY = 'fleetledger.labelLayout';
/** The local-storage entries the old page hands over with its ledger, so the app:// page keeps them (and no others). */
export const CARRIED_PREFERENCE_KEYS: readonly string[] = [LOT_COLUMNS_PREFERENCE_KEY, LABEL_LAYOUT_PREFERENCE_KEY];
export const MAX_PREFERENCE_LENGTH = 10_000;
/** Carried preferences: key → the stored text. */
export type CarriedPreferences = Record<string, string>;

/** The longest failure message the old page may send. */
export const MAX_HANDOVER_ERROR_LENGTH = 4000;

/** A move waiting for the `app://` page to take the ledger in, with the old page's view choices. */
export interface PendingOriginMove {
  backupName: string;
  preferences: CarriedPreferences;
}

/** Whether `value` is carried preferences: only the listed keys, each with a text of bounded length. */
export function isCarriedPreferences(value: unknown): value is CarriedPreferences {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.entries(value).every(([k, v]) => CARRIED_PREFERENCE_KEYS.includes(k) && typeof v === 'string' && v.length <= MAX_PREFERENCE_LENGTH);
}

export interface IpcContract {
  /** Open dialog (.csv/.txt), read as UTF-8. `null` when cancelled. */
  'file:open-csv': { request: OpenCsvRequest | undefined; result: OpenedTextFile | null };
  /** Save dialog, then write the text as UTF-8. `null` when cancelled. */
  'file:save-text': { request: SaveTextRequest; result: SavedFile | null };
  /** Open dialog for YAML files (or a folder of them), each read as UTF-8. `null` when cancelled. */
  'file:open-yaml': { request: OpenYamlRequest; result: OpenedYamlFile[] | null };
  'app:info': { request: undefined; result: AppInfo };
  /** `true` if handed to the OS, `false` if the URL is not allow-listed. */
  'shell:open-external': { request: OpenExternalRequest; result: boolean };
  /** PDF of the calling window's page, then a save dialog. `null` when cancelled. */
  'print:to-pdf': { request: PrintToPdfRequest; result: SavedFile | null };
  /** Writes a backup into the backups folder (and the second folder), then prunes old automatic ones. */
  'backup:write': { request: WriteBackupRequest; result: BackupWritten };
  /** The backups folder's `.fleetledger` files, newest first. */
  'backup:list': { request: undefined; result: BackupEntry[] };
  /** Reads one backup of `backup:list` by name. */
  'backup:read': { request: ReadBackupRequest; result: OpenedBackupFile };
  /** Open dialog for a `.fleetledger` file anywhere. `null` when cancelled. */
  'backup:open': { request: undefined; result: OpenedBackupFile | null };
  /** Save dialog, then writes the backup there (*Back up now*). `null` when cancelled. */
  'backup:save-as': { request: SaveBackupAsRequest; result: SavedFile | null };
  'backup:config': { request: undefined; result: BackupConfig };
  /** Folder dialog for the second backup folder; `null` when cancelled. */
  'backup:choose-second-folder': { request: undefined; result: BackupConfig | null };
  'backup:clear-second-folder': { request: undefined; result: BackupConfig };
  /** The data-loss record, or `null` when there is none yet (a new installation). */
  'ledger:read-record': { request: undefined; result: LedgerRecord | null };
  /** Replaces the data-loss record (written atomically: temporary file, then rename). */
  'ledger:write-record': { request: LedgerRecord; result: true };
  /** Folder dialog for the folder the team shares; main keeps it. `null` when cancelled. */
  'team:choose-folder': { request: undefined; result: TeamFolderInfo | null };
  /** The team folder chosen on this device, or `null`. */
  'team:folder': { request: undefined; result: TeamFolderInfo | null };
  /** Forgets the team folder (the folder itself stays). */
  'team:forget-folder': { request: undefined; result: true };
  /** `ledger.json` of the ledger's folder, or `null` when there is none. */
  'team:read-manifest': { request: TeamLedgerRequest; result: string | null };
  'team:write-manifest': { request: TeamManifestWrite; result: true };
  'team:list-devices': { request: TeamLedgerRequest; result: TeamDeviceListing[] };
  /** A file in `devices/<device>/`, or `null` when it is gone. */
  'team:read-file': { request: TeamFileRequest; result: Uint8Array | null };
  /** Writes a segment or head file into `devices/<device>/`, whole (temporary name, then rename). */
  'team:write-file': { request: TeamFileWrite; result: true };
  /** Resolves `true` when something in the ledger's folder changes, `false` after `timeoutMs`. */
  'team:wait-for-change': { request: TeamWaitRequest; result: boolean };
  /** The CouchDB server kept on this device, or `null`. */
  'couch:credentials': { request: undefined; result: StoredCouchCredentials | null };
  /** Keeps the server (password in the keychain) and lets the app connect to exactly its origin. */
  'couch:save-credentials': { request: CouchCredentials; result: StoredCouchCredentials };
  /** Forgets the server and its password; the app may connect to no server again. */
  'couch:forget-credentials': { request: undefined; result: true };
  /** From the old `file://` page only: its database is in the backups folder under this name (or there was none). */
  'origin:handed-over': { request: OriginHandedOver; result: true };
  /** The move the `app://` page has yet to take in, or `null`. */
  'origin:pending': { request: undefined; result: PendingOriginMove | null };
  /** The `app://` page took the ledger in (or found its own database already there). */
  'origin:done': { request: undefined; result: true };
}

export type IpcChannel = keyof IpcContract;
export type IpcRequest<C extends IpcChannel> = IpcContract[C]['request'];
export type IpcResult<C extends IpcChannel> = Result<IpcContract[C]['result']>;

export const IPC_CHANNELS = [
  'file:open-csv',
  'file:save-text',
  'file:open-yaml',
  'app:info',
  'shell:open-external',
  'print:to-pdf',
  'backup:write',
  'backup:list',
  'backup:read',
  'backup:open',
  'backup:save-as',
  'backup:config',
  'backup:choose-second-folder',
  'backup:clear-second-folder',
  'ledger:read-record',
  'ledger:write-record',
  'team:choose-folder',
  'team:folder',
  'team:forget-folder',
  'team:read-manifest',
  'team:write-manifest',
  'team:list-devices',
  'team:read-file',
  'team:write-file',
  'team:wait-for-change',
  'couch:credentials',
  'couch:save-credentials',
  'couch:forget-credentials',
  'origin:handed-over',
  'origin:pending',
  'origin:done',
] as const satisfies readonly IpcChannel[];

// ---------------------------------------------------------------------------------------------
// Main → renderer: menu commands

export const MENU_COMMAND_CHANNEL = 'menu:command';

export const MENU_COMMANDS = [
  'import-lots-csv',
  'export-lots-csv',
  'import-units-csv',
  'export-units-csv',
  'import-snipeit',
  'import-netbox',
  'import-netbox-folder',
  'export-snipeit',
  'export-netbox',
  'new-lot',
  'command-palette',
  'go-lots',
  'go-pipeline',
  'go-report',
  'go-forecast',
  'go-own-vs-rent',
  'go-provenance',
  'go-models',
  'go-sites',
  'go-suppliers',
  'go-settings',
  'shipment-certificate',
  'back-up-now',
  'restore-from-backup',
  'about',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/**
 * The digit that, with Alt (Option on a Mac), switches to each view: the page handles these keys
 * (the web build has no menu) and shows them on its navigation, and the desktop View menu offers
 * the same ones, so both give one answer.
 */
export const VIEW_KEYS = {
  'go-lots': '1',
  'go-pipeline': '2',
  'go-report': '3',
  'go-forecast': '4',
  'go-models': '5',
  'go-sites': '6',
  'go-suppliers': '0',
  'go-settings': '7',
  'go-own-vs-rent': '8',
  'go-provenance': '9',
} as const satisfies Partial<Record<MenuCommand, string>>;

/** Events main sends to the renderer (`webContents.send`), by channel. */
export interface IpcEvents {
  [MENU_COMMAND_CHANNEL]: MenuCommand;
}

export function isMenuCommand(value: unknown): value is MenuCommand {
  return typeof value === 'string' && (MENU_COMMANDS as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------
// The preload bridge (`window.fleetledger`)

/** One named bridge function per channel; the preload is checked against this. */
export const BRIDGE_CHANNELS = {
  openCsvFile: 'file:open-csv',
  saveTextFile: 'file:save-text',
  openYamlFiles: 'file:open-yaml',
  appInfo: 'app:info',
  openExternal: 'shell:open-external',
  printToPdf: 'print:to-pdf',
  writeBackup: 'backup:write',
  listBackups: 'backup:list',
  readBackup: 'backup:read',
  openBackupFile: 'backup:open',
  saveBackupAs: 'backup:save-as',
  backupConfig: 'backup:config',
  chooseSecondBackupFolder: 'backup:choose-second-folder',
  clearSecondBackupFolder: 'backup:clear-second-folder',
  readLedgerRecord: 'ledger:read-record',
  writeLedgerRecord: 'ledger:write-record',
  chooseTeamFolder: 'team:choose-folder',
  teamFolder: 'team:folder',
  forgetTeamFolder: 'team:forget-folder',
  readTeamManifest: 'team:read-manifest',
  writeTeamManifest: 'team:write-manifest',
  listTeamDevices: 'team:list-devices',
  readTeamFile: 'team:read-file',
  writeTeamFile: 'team:write-file',
  waitForTeamChange: 'team:wait-for-change',
  couchCredentials: 'couch:credentials',
  saveCouchCredentials: 'couch:save-credentials',
  forgetCouchCredentials: 'couch:forget-credentials',
  originHandedOver: 'origin:handed-over',
  pendingOriginMove: 'origin:pending',
  originMoveDone: 'origin:done',
} as const satisfies Record<string, IpcChannel>;

type BridgeChannels = typeof BRIDGE_CHANNELS;
/** Compile error here if a channel has no bridge function. */
type UnbridgedChannel = Exclude<IpcChannel, BridgeChannels[keyof BridgeChannels]>;
const _everyChannelBridged: [UnbridgedChannel] extends [never] ? true : UnbridgedChannel = true;
void _everyChannelBridged;

type Invoker<C extends IpcChannel> = undefined extends IpcRequest<C>
  ? (request?: IpcRequest<C>) => Promise<IpcResult<C>>
  : (request: IpcRequest<C>) => Promise<IpcResult<C>>;

export type FleetledgerBridge = {
  readonly [M in keyof BridgeChannels]: Invoker<BridgeChannels[M]>;
} & {
  /** Calls `listener` for each menu command; returns the unsubscribe function. */
  readonly onMenuCommand: (listener: (command: MenuCommand) => void) => () => void;
};

/** The global name the preload exposes the bridge under. */
export const BRIDGE_GLOBAL = 'fleetledger';

// ---------------------------------------------------------------------------------------------
// External links

/**
 * Hosts `shell.openExternal` (and the browser fallback) may open, compared exactly (no
 * sub-domain wildcards). Only https, default port, no credentials in the URL.
 */
export const EXTERNAL_HOST_ALLOW_LIST: readonly string[] = [
  'fleetledger.app',
  'www.fleetledger.app',
  'github.com',
  'www.irs.gov',
  'www.nber.org',
  'csrc.nist.gov',
];

/** Help → Learn more. */
export const LEARN_MORE_URL = 'https://fleetledger.app/';

export function isAllowedExternalUrl(text: string): boolean {
  if (typeof text !== 'string' || text.length > MAX_EXTERNAL_URL_LENGTH) return false;
  let url: InstanceType<typeof URL>;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    url.port === '' &&
    EXTERNAL_HOST_ALLOW_LIST.includes(url.hostname)
  );
}

// ---------------------------------------------------------------------------------------------
// Payload validators (run by every main handler before it acts)

type Fields = Record<string, unknown>;

function objectWithOnly(payload: unknown, allowed: readonly string[]): Result<Fields> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return err(`the request must be an object, got ${describe(payload)}`);
  }
  const extra = Object.keys(payload).filter((k) => !allowed.includes(k));
  if (extra.length > 0) return err(`unexpected field "${extra[0]}"`);
  return ok(payload as Fields);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/**
 * A suggested file name made safe to offer (a lot code may hold a `/`, e.g. "GPU/2024/01"):
 * path separators, characters Windows forbids and control characters become `-`, leading and
 * trailing dots and spaces go, the length is bounded. The bridge still refuses anything else.
 */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[/\\:*?"<>|\u0000-\u001f\u007f]+/gu, '-').replace(/^[\s.]+|[\s.]+$/gu, '');
  const bounded = cleaned.length > MAX_FILE_NAME_LENGTH ? cleaned.slice(cleaned.length - MAX_FILE_NAME_LENGTH) : cleaned;
  return bounded === '' ? 'fleetledger' : bounded;
}

function fileName(fields: Fields, field: string): Result<string> {
  const value = fields[field];
  if (typeof value !== 'string') return err(`"${field}" must be a string, got ${describe(value)}`);
  if (value.trim() === '') return err(`"${field}" is empty`);
  if (value.length > MAX_FILE_NAME_LENGTH) return err(`"${field}" is longer than ${MAX_FILE_NAME_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[/\\\u0000-\u001f]/u.test(value)) return err(`"${field}" must be a file name without folders or control characters`);
  if (value === '.' || value === '..') return err(`"${field}" is not a file name`);
  return ok(value);
}

export function validateOpenYamlRequest(payload: unknown): Result<OpenYamlRequest> {
  const fields = objectWithOnly(payload, ['title', 'folder']);
  if (!fields.ok) return fields;
  const { title, folder } = fields.value;
  if (typeof folder !== 'boolean') return err(`"folder" must be true or false, got ${describe(folder)}`);
  if (title === undefined) return ok({ folder });
  if (typeof title !== 'string') return err(`"title" must be a string, got ${describe(title)}`);
  if (title.length > MAX_DIALOG_TITLE_LENGTH) return err(`"title" is longer than ${MAX_DIALOG_TITLE_LENGTH} characters`);
  return ok({ title, folder });
}

export function validateOpenCsvRequest(payload: unknown): Result<OpenCsvRequest | undefined> {
  if (payload === undefined) return ok(undefined);
  const fields = objectWithOnly(payload, ['title']);
  if (!fields.ok) return fields;
  const title = fields.value.title;
  if (title === undefined) return ok({});
  if (typeof title !== 'string') return err(`"title" must be a string, got ${describe(title)}`);
  if (title.length > MAX_DIALOG_TITLE_LENGTH) return err(`"title" is longer than ${MAX_DIALOG_TITLE_LENGTH} characters`);
  return ok({ title });
}

export function validateSaveTextRequest(payload: unknown): Result<SaveTextRequest> {
  const fields = objectWithOnly(payload, ['suggestedName', 'text', 'kind']);
  if (!fields.ok) return fields;
  const suggestedName = fileName(fields.value, 'suggestedName');
  if (!suggestedName.ok) return suggestedName;
  const { text, kind } = fields.value;
  if (typeof text !== 'string') return err(`"text" must be a string, got ${describe(text)}`);
  // A UTF-16 code unit is at least one UTF-8 byte, so this bounds the size cheaply.
  if (text.length > MAX_TEXT_FILE_BYTES) return err(`"text" is larger than ${MAX_TEXT_FILE_BYTES / 1024 / 1024} MB`);
  if (typeof kind !== 'string' || !(SAVE_KINDS as readonly string[]).includes(kind)) {
    return err(`"kind" must be one of ${SAVE_KINDS.map((k) => `"${k}"`).join(', ')}`);
  }
  return ok({ suggestedName: suggestedName.value, text, kind: kind as SaveKind });
}

/** For the channels that take no request ('app:info', 'backup:list', …). */
export function validateNoRequest(payload: unknown): Result<undefined> {
  return payload === undefined ? ok(undefined) : err(`takes no request, got ${describe(payload)}`);
}
export const validateAppInfoRequest = validateNoRequest;

export function validateOpenExternalRequest(payload: unknown): Result<OpenExternalRequest> {
  const fields = objectWithOnly(payload, ['url']);
  if (!fields.ok) return fields;
  const url = fields.value.url;
  if (typeof url !== 'string') return err(`"url" must be a string, got ${describe(url)}`);
  if (url.length > MAX_EXTERNAL_URL_LENGTH) return err(`"url" is longer than ${MAX_EXTERNAL_URL_LENGTH} characters`);
  return ok({ url });
}

export function validatePrintToPdfRequest(payload: unknown): Result<PrintToPdfRequest> {
  const fields = objectWithOnly(payload, ['suggestedName']);
  if (!fields.ok) return fields;
  const suggestedName = fileName(fields.value, 'suggestedName');
  if (!suggestedName.ok) return suggestedName;
  return ok({ suggestedName: suggestedName.value });
}

// ---- Backups and the data-loss record

export const BACKUP_FILE_EXTENSION = '.fleetledger';
export const MAX_LEDGER_STEM_LENGTH = 60;
export const MAX_LEDGER_ID_LENGTH = 100;
export const MAX_RECORD_DEVICES = 10_000;
const LEDGER_STEM = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,59}$/u;
const DEVICE_ID = /^[A-Za-z0-9_-]{1,64}$/u;
const MAX_UPDATED_AT_LENGTH = 100;

/** A ledger's file-name stem as backups use it: letters, digits, `.`, `-`, `_`; ≤ 60; no leading dot. */
export function isLedgerFileStem(text: string): boolean {
  return LEDGER_STEM.test(text);
}

function backupBytes(fields: Fields, field: string): Result<Uint8Array> {
  const value = fields[field];
  if (!(value instanceof Uint8Array)) return err(`"${field}" must be a Uint8Array, got ${describe(value)}`);
  // A zero-byte backup can only be a bug upstream, and would still count as "the newest" in the rotation.
  if (value.byteLength === 0) return err(`"${field}" is empty`);
  if (value.byteLength > MAX_BACKUP_BYTES) return err(`"${field}" is larger than ${MAX_BACKUP_BYTES / 1024 / 1024} MB`);
  return ok(value);
}

function backupFileName(fields: Fields, field: string): Result<string> {
  const name = fileName(fields, field);
  if (!name.ok) return name;
  if (!name.value.endsWith(BACKUP_FILE_EXTENSION) || name.value === BACKUP_FILE_EXTENSION) {
    return err(`"${field}" must be a file name ending in ${BACKUP_FILE_EXTENSION}`);
  }
  return name;
}

export function validateWriteBackupRequest(payload: unknown): Result<WriteBackupRequest> {
  const fields = objectWithOnly(payload, ['bytes', 'ledgerStem', 'date', 'reason']);
  if (!fields.ok) return fields;
  const bytes = backupBytes(fields.value, 'bytes');
  if (!bytes.ok) return bytes;
  const { ledgerStem, date, reason } = fields.value;
  if (typeof ledgerStem !== 'string') return err(`"ledgerStem" must be a string, got ${describe(ledgerStem)}`);
  if (!isLedgerFileStem(ledgerStem)) {
    return err(`"ledgerStem" must be 1 to ${MAX_LEDGER_STEM_LENGTH} letters, digits, ".", "-" or "_", not starting with "."`);
  }
  if (typeof date !== 'string' || !isIsoDate(date)) return err('"date" must be a calendar date in YYYY-MM-DD form');
  if (typeof reason !== 'string' || !(BACKUP_REASONS as readonly string[]).includes(reason)) {
    return err(`"reason" must be one of ${BACKUP_REASONS.map((r) => `"${r}"`).join(', ')}`);
  }
  return ok({ bytes: bytes.value, ledgerStem, date, reason: reason as BackupReason });
}

export function validateReadBackupRequest(payload: unknown): Result<ReadBackupRequest> {
  const fields = objectWithOnly(payload, ['name', 'folder']);
  if (!fields.ok) return fields;
  const name = backupFileName(fields.value, 'name');
  if (!name.ok) return name;
  const folder = fields.value['folder'];
  if (folder === undefined) return ok({ name: name.value });
  if (folder !== 'second') return err(`"folder" must be "second" or absent, got ${describe(folder)}`);
  return ok({ name: name.value, folder });
}

export function validateOriginHandedOver(payload: unknown): Result<OriginHandedOver> {
  const outcome = (payload as Fields | null)?.outcome;
  if (outcome === 'empty') {
    const fields = objectWithOnly(payload, ['outcome']);
    return fields.ok ? ok({ outcome }) : fields;
  }
  if (outcome === 'moved') {
    const fields = objectWithOnly(payload, ['outcome', 'backupName', 'preferences']);
    if (!fields.ok) return fields;
    const name = backupFileName(fields.value, 'backupName');
    if (!name.ok) return name;
    const { preferences } = fields.value;
    if (preferences === undefined) return ok({ outcome, backupName: name.value });
    if (!isCarriedPreferences(preferences)) return err(`"preferences" may hold only ${CARRIED_PREFERENCE_KEYS.join(', ')}, each a text of at most ${MAX_PREFERENCE_LENGTH} characters`);
    return ok({ outcome, backupName: name.value, preferences: { ...preferences } });
  }
  if (outcome === 'failed') {
    const fields = objectWithOnly(payload, ['outcome', 'error']);
    if (!fields.ok) return fields;
    const { error } = fields.value;
    if (typeof error !== 'string' || error.length === 0 || error.length > MAX_HANDOVER_ERROR_LENGTH) {
      return err(`"error" must be a message of 1 to ${MAX_HANDOVER_ERROR_LENGTH} characters`);
    }
    return ok({ outcome, error });
  }
  return err('"outcome" must be "moved", "empty" or "failed"');
}

export function validateSaveBackupAsRequest(payload: unknown): Result<SaveBackupAsRequest> {
  const fields = objectWithOnly(payload, ['suggestedName', 'bytes']);
  if (!fields.ok) return fields;
  const suggestedName = backupFileName(fields.value, 'suggestedName');
  if (!suggestedName.ok) return suggestedName;
  const bytes = backupBytes(fields.value, 'bytes');
  if (!bytes.ok) return bytes;
  return ok({ suggestedName: suggestedName.value, bytes: bytes.value });
}

/**
 * Also used by main to check the record it reads back from disk, so a hand-edited or
 * truncated file is reported as damaged rather than trusted.
 */
export function validateLedgerRecord(payload: unknown): Result<LedgerRecord> {
  const fields = objectWithOnly(payload, ['ledgerId', 'devices', 'updatedAt']);
  if (!fields.ok) return fields;
  const { ledgerId, devices, updatedAt } = fields.value;
  if (typeof ledgerId !== 'string') return err(`"ledgerId" must be a string, got ${describe(ledgerId)}`);
  if (ledgerId === '') return err('"ledgerId" is empty');
  if (ledgerId.length > MAX_LEDGER_ID_LENGTH) return err(`"ledgerId" is longer than ${MAX_LEDGER_ID_LENGTH} characters`);
  if (typeof updatedAt !== 'string') return err(`"updatedAt" must be a string, got ${describe(updatedAt)}`);
  if (updatedAt.length > MAX_UPDATED_AT_LENGTH) return err(`"updatedAt" is longer than ${MAX_UPDATED_AT_LENGTH} characters`);
  if (typeof devices !== 'object' || devices === null || Array.isArray(devices)) {
    return err(`"devices" must be an object, got ${describe(devices)}`);
  }
  const entries = Object.entries(devices);
  if (entries.length > MAX_RECORD_DEVICES) return err(`"devices" has more than ${MAX_RECORD_DEVICES} entries`);
  for (const [deviceId, counter] of entries) {
    if (!DEVICE_ID.test(deviceId)) return err(`"devices" has a key that is not a device id: ${JSON.stringify(deviceId.slice(0, 80))}`);
    if (typeof counter !== 'number' || !Number.isSafeInteger(counter) || counter < 0) {
      return err(`"devices.${deviceId}" must be a whole number ≥ 0, got ${typeof counter === 'number' ? String(counter) : describe(counter)}`);
    }
  }
  // fromEntries defines own properties, so a "__proto__" device id cannot reach the prototype.
  return ok({ ledgerId, devices: Object.fromEntries(entries) as Record<string, number>, updatedAt });
}

const TEAM_ID = /^[A-Za-z0-9_-]{1,64}$/u;
/** What a team folder's segment or head file is named (shared/sync/folderFormat.ts). */
const TEAM_WRITABLE_FILE = /^([0-9]{8}\.jsonl\.gz|head\.json)$/u;

function teamId(fields: Record<string, unknown>, key: string): Result<string> {
  const v = fields[key];
  return typeof v === 'string' && TEAM_ID.test(v) ? ok(v) : err(`${key} must be letters, digits, - or _ (at most 64).`);
}

export function validateTeamLedgerRequest(payload: unknown): Result<TeamLedgerRequest> {
  const fields = objectWithOnly(payload, ['ledgerId']);
  if (!fields.ok) return fields;
  const ledgerId = teamId(fields.value, 'ledgerId');
  return ledgerId.ok ? ok({ ledgerId: ledgerId.value }) : ledgerId;
}

export function validateTeamManifestWrite(payload: unknown): Result<TeamManifestWrite> {
  const fields = objectWithOnly(payload, ['ledgerId', 'text']);
  if (!fields.ok) return fields;
  const ledgerId = teamId(fields.value, 'ledgerId');
  if (!ledgerId.ok) return ledgerId;
  const text = fields.value.text;
  if (typeof text !== 'string' || text.length > 64 * 1024) return err('text must be a manifest of at most 64 KiB.');
  return ok({ ledgerId: ledgerId.value, text });
}

function teamFile(fields: Record<string, unknown>, writable: boolean): Result<TeamFileRequest> {
  const ledgerId = teamId(fields, 'ledgerId');
  if (!ledgerId.ok) return ledgerId;
  const device = teamId(fields, 'device');
  if (!device.ok) return device;
  const name = fields.name;
  if (typeof name !== 'string' || name.length === 0 || name.length > 255 || name === '.' || name === '..' || /[/\\\0]/u.test(name)) return err('name must be a file name, not a path.');
  if (writable && !TEAM_WRITABLE_FILE.test(name)) return err('name must be a segment (00000001.jsonl.gz) or head.json.');
  return ok({ ledgerId: ledgerId.value, device: device.value, name });
}

export function validateTeamFileRequest(payload: unknown): Result<TeamFileRequest> {
  const fields = objectWithOnly(payload, ['ledgerId', 'device', 'name']);
  return fields.ok ? teamFile(fields.value, false) : fields;
}

export function validateTeamFileWrite(payload: unknown): Result<TeamFileWrite> {
  const fields = objectWithOnly(payload, ['ledgerId', 'device', 'name', 'bytes']);
  if (!fields.ok) return fields;
  const file = teamFile(fields.value, true);
  if (!file.ok) return file;
  const bytes = fields.value.bytes;
  if (!(bytes instanceof Uint8Array) || bytes.length > MAX_TEAM_FILE_BYTES) return err(`bytes must be at most ${MAX_TEAM_FILE_BYTES} bytes.`);
  // No file of the format is empty (a segment is gzip, a head is JSON): zero bytes can only be a bug
  // upstream, and a segment is written once, so an empty one would stop the device's chain for good.
  if (bytes.length === 0) return err('bytes is empty: no file of a team folder is.');
  return ok({ ...file.value, bytes });
}

export function validateTeamWaitRequest(payload: unknown): Result<TeamWaitRequest> {
  const fields = objectWithOnly(payload, ['ledgerId', 'timeoutMs']);
  if (!fields.ok) return fields;
  const ledgerId = teamId(fields.value, 'ledgerId');
  if (!ledgerId.ok) return ledgerId;
  const timeoutMs = fields.value.timeoutMs;
  if (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs < 0 || timeoutMs > MAX_TEAM_WAIT_MS) return err(`timeoutMs must be a whole number of milliseconds up to ${MAX_TEAM_WAIT_MS}.`);
  return ok({ ledgerId: ledgerId.value, timeoutMs });
}

export function validateCouchCredentials(payload: unknown): Result<CouchCredentials> {
  const fields = objectWithOnly(payload, ['url', 'user', 'password']);
  if (!fields.ok) return fields;
  const { url, user, password } = fields.value;
  for (const [name, value] of [['url', url], ['user', user], ['password', password]] as const) {
    if (typeof value !== 'string' || value.length > MAX_COUCH_FIELD_LENGTH) return err(`${name} must be text of at most ${MAX_COUCH_FIELD_LENGTH} characters.`);
  }
  if (!/^https?:\/\/[^\s]+$/u.test(url as string)) return err('url must be an http(s) URL.');
  return ok({ url: url as string, user: user as string, password: password as string });
}

export const IPC_REQUEST_VALIDATORS: { readonly [C in IpcChannel]: (payload: unknown) => Result<IpcRequest<C>> } = {
  'file:open-csv': validateOpenCsvRequest,
  'file:save-text': validateSaveTextRequest,
  'file:open-yaml': validateOpenYamlRequest,
  'app:info': validateNoRequest,
  'shell:open-external': validateOpenExternalRequest,
  'print:to-pdf': validatePrintToPdfRequest,
  'backup:write': validateWriteBackupRequest,
  'backup:list': validateNoRequest,
  'backup:read': validateReadBackupRequest,
  'backup:open': validateNoRequest,
  'backup:save-as': validateSaveBackupAsRequest,
  'backup:config': validateNoRequest,
  'backup:choose-second-folder': validateNoRequest,
  'backup:clear-second-folder': validateNoRequest,
  'ledger:read-record': validateNoRequest,
  'ledger:write-record': validateLedgerRecord,
  'team:choose-folder': validateNoRequest,
  'team:folder': validateNoRequest,
  'team:forget-folder': validateNoRequest,
  'team:read-manifest': validateTeamLedgerRequest,
  'team:write-manifest': validateTeamManifestWrite,
  'team:list-devices': validateTeamLedgerRequest,
  'team:read-file': validateTeamFileRequest,
  'team:write-file': validateTeamFileWrite,
  'team:wait-for-change': validateTeamWaitRequest,
  'couch:credentials': validateNoRequest,
  'couch:save-credentials': validateCouchCredentials,
  'couch:forget-credentials': validateNoRequest,
  'origin:handed-over': validateOriginHandedOver,
  'origin:pending': validateNoRequest,
  'origin:done': validateNoRequest,
};

/** Validates a payload for `channel`; the error names the channel and the bad field. */
export function validateIpcRequest<C extends IpcChannel>(channel: C, payload: unknown): Result<IpcRequest<C>> {
  const result = IPC_REQUEST_VALIDATORS[channel](payload);
  return result.ok ? result : err(`${channel}: ${result.error}`);
}
