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

export interface IpcContract {
  /** Open dialog (.csv/.txt), read as UTF-8. `null` when cancelled. */
  'file:open-csv': { request: OpenCsvRequest | undefined; result: OpenedTextFile | null };
  /** Save dialog, then write the text as UTF-8. `null` when cancelled. */
  'file:save-text': { request: SaveTextRequest; result: SavedFile | null };
  'app:info': { request: undefined; result: AppInfo };
  /** `true` if handed to the OS, `false` if the URL is not allow-listed. */
  'shell:open-external': { request: OpenExternalRequest; result: boolean };
  /** PDF of the calling window's page, then a save dialog. `null` when cancelled. */
  'print:to-pdf': { request: PrintToPdfRequest; result: SavedFile | null };
}

export type IpcChannel = keyof IpcContract;
export type IpcRequest<C extends IpcChannel> = IpcContract[C]['request'];
export type IpcResult<C extends IpcChannel> = Result<IpcContract[C]['result']>;

export const IPC_CHANNELS = [
  'file:open-csv',
  'file:save-text',
  'app:info',
  'shell:open-external',
  'print:to-pdf',
] as const satisfies readonly IpcChannel[];

// ---------------------------------------------------------------------------------------------
// Main → renderer: menu commands

export const MENU_COMMAND_CHANNEL = 'menu:command';

export const MENU_COMMANDS = [
  'import-lots-csv',
  'export-lots-csv',
  'new-lot',
  'command-palette',
  'go-lots',
  'go-pipeline',
  'go-report',
  'go-forecast',
  'go-models',
  'go-sites',
  'go-settings',
  'shipment-certificate',
  'about',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

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
  appInfo: 'app:info',
  openExternal: 'shell:open-external',
  printToPdf: 'print:to-pdf',
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

export function validateAppInfoRequest(payload: unknown): Result<undefined> {
  return payload === undefined ? ok(undefined) : err(`takes no request, got ${describe(payload)}`);
}

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

export const IPC_REQUEST_VALIDATORS: { readonly [C in IpcChannel]: (payload: unknown) => Result<IpcRequest<C>> } = {
  'file:open-csv': validateOpenCsvRequest,
  'file:save-text': validateSaveTextRequest,
  'app:info': validateAppInfoRequest,
  'shell:open-external': validateOpenExternalRequest,
  'print:to-pdf': validatePrintToPdfRequest,
};

/** Validates a payload for `channel`; the error names the channel and the bad field. */
export function validateIpcRequest<C extends IpcChannel>(channel: C, payload: unknown): Result<IpcRequest<C>> {
  const result = IPC_REQUEST_VALIDATORS[channel](payload);
  return result.ok ? result : err(`${channel}: ${result.error}`);
}
