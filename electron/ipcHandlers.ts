/**
 * The main-process side of shared/ipc.ts. Every handler first checks that the call came from
 * the app's own page, then validates the payload, and only then acts. All of them resolve to
 * a Result (see shared/ipc.ts); nothing is thrown for expected failures.
 */
import { app, ipcMain, type FileFilter, type IpcMainInvokeEvent, type OpenDialogOptions } from 'electron';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import {
  MAX_TEXT_FILE_BYTES,
  MAX_YAML_FILES,
  validateIpcRequest,
  type IpcChannel,
  type IpcRequest,
  type IpcResult,
  type OpenCsvRequest,
  type OpenedTextFile,
  type OpenedYamlFile,
  type OpenYamlRequest,
  type PrintToPdfRequest,
  type SaveKind,
  type SavedFile,
  type SaveTextRequest,
} from '../shared/ipc';
import { err, ok, type Result } from '../shared/result';
import {
  backupConfig,
  chooseSecondBackupFolder,
  clearSecondBackupFolder,
  listBackups,
  openBackupFile,
  readBackup,
  saveBackupAs,
  writeBackup,
} from './backups';
import { couchCredentials, forgetCouchCredentials, saveCouchCredentials } from './couchCredentials';
import { chooseTeamFolder, forgetTeamFolder, listTeamDevices, readTeamFile, readTeamManifest, teamFolderInfo, waitForTeamChange, writeTeamFile, writeTeamManifest } from './teamSyncHandlers';
import { askSavePath, chosenPath, showOpenDialogFor } from './dialogs';
import { ioMessage, writeFileAtomically } from './fileIo';
import { readLedgerRecord, writeLedgerRecord } from './ledgerRecord';
import { originHandedOver, originMoveDone, pendingOriginMove } from './originMove';
import { openExternalIfAllowed } from './security';

type SenderCheck = (event: IpcMainInvokeEvent) => boolean;
type Implementation<C extends IpcChannel> = (event: IpcMainInvokeEvent, request: IpcRequest<C>) => Promise<IpcResult<C>>;

const MB = 1024 * 1024;

const SAVE_FILTERS: Readonly<Record<SaveKind, FileFilter[]>> = {
  csv: [{ name: 'CSV', extensions: ['csv'] }],
  json: [{ name: 'JSON', extensions: ['json'] }],
};

/** Whole or not at all: the chosen file is often the previous export of that name, which a full disk must not tear. */
async function writeTo(path: string, data: string | Uint8Array): Promise<Result<SavedFile>> {
  try {
    await writeFileAtomically(path, data);
    return ok({ path });
  } catch (error) {
    return err(`Could not save ${basename(path)}: ${ioMessage(error)}.`);
  }
}

export async function openCsvFile(event: IpcMainInvokeEvent, request: OpenCsvRequest | undefined): Promise<Result<OpenedTextFile | null>> {
  const options = {
    title: request?.title ?? 'Open CSV file',
    properties: ['openFile'],
    filters: [
      { name: 'CSV or text', extensions: ['csv', 'txt'] },
      { name: 'All files', extensions: ['*'] },
    ],
  } satisfies OpenDialogOptions;
  const path = chosenPath(await showOpenDialogFor(event, options));
  if (path === null) return ok(null);
  const name = basename(path);
  try {
    const info = await stat(path);
    // A device or a pipe (/dev/zero, a FIFO) reads without end, or never ends: not a file to import.
    if (!info.isFile()) return err(`${name} is not a file.`);
    const { size } = info;
    if (size > MAX_TEXT_FILE_BYTES) {
      return err(`${name} is ${(size / MB).toFixed(1)} MB; Fleetledger opens files up to ${MAX_TEXT_FILE_BYTES / MB} MB. Split it into smaller files.`);
    }
    const bytes = await readFile(path);
    try {
      // fatal: a file in a legacy code page fails loudly instead of importing as mojibake.
      return ok({ name, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) });
    } catch {
      return err(`${name} is not UTF-8 text. Save it as "CSV UTF-8" and try again.`);
    }
  } catch (error) {
    return err(`Could not read ${name}: ${ioMessage(error)}.`);
  }
}

const YAML_NAME = /\.ya?ml$/iu;

/**
 * The .yaml/.yml files under `dir`, by path relative to `root`, in name order; at most `limit`.
 * Hidden files and folders are passed over, as the dialog hides them: a clone of the device-type
 * library holds `.github/workflows/*.yml` and `.pre-commit-config.yaml`, which are no device types,
 * and the root of a macOS drive holds `.Trashes` and `.Spotlight-V100`, which cannot be read.
 */
async function yamlFilesUnder(root: string, dir: string, found: string[], limit: number): Promise<void> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (found.length > limit) return;
    if (e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) await yamlFilesUnder(root, path, found, limit);
    else if (e.isFile() && YAML_NAME.test(e.name)) found.push(relative(root, path));
  }
}

/**
 * `file:open-yaml`: several YAML files, or every .yaml/.yml file under a folder (NetBox device
 * types), each read as UTF-8; refused whole past {@link MAX_YAML_FILES} files or
 * {@link MAX_TEXT_FILE_BYTES} in all, or when a file is not UTF-8.
 */
export async function openYamlFiles(event: IpcMainInvokeEvent, request: OpenYamlRequest): Promise<Result<OpenedYamlFile[] | null>> {
  const result = await showOpenDialogFor(event, {
    title: request.title ?? (request.folder ? 'Open a folder of device types' : 'Open device-type YAML files'),
    properties: request.folder ? ['openDirectory'] : ['openFile', 'multiSelections'],
    filters: request.folder ? [] : [{ name: 'YAML', extensions: ['yaml', 'yml'] }, { name: 'All files', extensions: ['*'] }],
  });
  if (result.canceled || result.filePaths.length === 0) return ok(null);
  let files: { path: string; name: string }[];
  try {
    if (request.folder) {
      const root = result.filePaths[0] as string;
      const found: string[] = [];
      await yamlFilesUnder(root, root, found, MAX_YAML_FILES);
      files = found.map((name) => ({ path: join(root, name), name }));
    } else files = result.filePaths.map((path) => ({ path, name: basename(path) }));
  } catch (error) {
    return err(`Could not read the folder: ${ioMessage(error)}.`);
  }
  if (files.length > MAX_YAML_FILES) return err(`More than ${MAX_YAML_FILES} YAML files; choose fewer (a manufacturer's folder, for example).`);
  const opened: OpenedYamlFile[] = [];
  let total = 0;
  for (const f of files) {
    try {
      const info = await stat(f.path);
      if (!info.isFile()) return err(`${f.name} is not a file.`);
      total += info.size;
      if (total > MAX_TEXT_FILE_BYTES) return err(`The files add up to more than ${MAX_TEXT_FILE_BYTES / MB} MB; choose fewer.`);
      opened.push({ name: f.name, text: new TextDecoder('utf-8', { fatal: true }).decode(await readFile(f.path)) });
    } catch (error) {
      return err(error instanceof TypeError ? `${f.name} is not UTF-8 text.` : `Could not read ${f.name}: ${ioMessage(error)}.`);
    }
  }
  return ok(opened);
}

export async function saveTextFile(event: IpcMainInvokeEvent, request: SaveTextRequest): Promise<Result<SavedFile | null>> {
  const path = await askSavePath(event, request.suggestedName, SAVE_FILTERS[request.kind]);
  if (path === null) return ok(null);
  return writeTo(path, request.text);
}

export async function printToPdf(event: IpcMainInvokeEvent, request: PrintToPdfRequest): Promise<Result<SavedFile | null>> {
  let pdf: Buffer;
  try {
    pdf = await event.sender.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
  } catch (error) {
    return err(`Could not create the PDF: ${ioMessage(error)}.`);
  }
  const path = await askSavePath(event, request.suggestedName, [{ name: 'PDF', extensions: ['pdf'] }]);
  if (path === null) return ok(null);
  return writeTo(path, pdf);
}

const implementations: { readonly [C in IpcChannel]: Implementation<C> } = {
  'file:open-csv': openCsvFile,
  'file:save-text': saveTextFile,
  'file:open-yaml': openYamlFiles,
  'app:info': async () =>
    ok({
      version: app.getVersion(),
      platform: process.platform,
      electron: process.versions.electron,
      chrome: process.versions.chrome,
      userDataPath: app.getPath('userData'),
    }),
  'shell:open-external': async (_event, { url }) => ok(openExternalIfAllowed(url)),
  'print:to-pdf': printToPdf,
  'backup:write': writeBackup,
  'backup:list': listBackups,
  'backup:read': readBackup,
  'backup:open': openBackupFile,
  'backup:save-as': saveBackupAs,
  'backup:config': backupConfig,
  'backup:choose-second-folder': chooseSecondBackupFolder,
  'backup:clear-second-folder': clearSecondBackupFolder,
  'ledger:read-record': readLedgerRecord,
  'ledger:write-record': writeLedgerRecord,
  'team:choose-folder': chooseTeamFolder,
  'team:folder': teamFolderInfo,
  'team:forget-folder': forgetTeamFolder,
  'team:read-manifest': readTeamManifest,
  'team:write-manifest': writeTeamManifest,
  'team:list-devices': listTeamDevices,
  'team:read-file': readTeamFile,
  'team:write-file': writeTeamFile,
  'team:wait-for-change': waitForTeamChange,
  'couch:credentials': couchCredentials,
  'couch:save-credentials': saveCouchCredentials,
  'couch:forget-credentials': forgetCouchCredentials,
  'origin:handed-over': originHandedOver,
  'origin:pending': pendingOriginMove,
  'origin:done': originMoveDone,
};

/** Sender check, then payload validation, then the implementation. Exported for tests. */
export function guardedHandler<C extends IpcChannel>(
  channel: C,
  isTrustedSender: SenderCheck,
  implementation: Implementation<C>,
): (event: IpcMainInvokeEvent, payload?: unknown) => Promise<IpcResult<C>> {
  return async (event, payload) => {
    if (!isTrustedSender(event)) {
      return err(`${channel}: refused, the request did not come from the Fleetledger window.`);
    }
    const request = validateIpcRequest(channel, payload);
    if (!request.ok) return request;
    return implementation(event, request.value);
  };
}

function register<C extends IpcChannel>(channel: C, isTrustedSender: SenderCheck): void {
  ipcMain.handle(channel, guardedHandler(channel, isTrustedSender, implementations[channel]));
}

export function registerIpcHandlers(isTrustedSender: SenderCheck): void {
  register('file:open-csv', isTrustedSender);
  register('file:save-text', isTrustedSender);
  register('file:open-yaml', isTrustedSender);
  register('app:info', isTrustedSender);
  register('shell:open-external', isTrustedSender);
  register('print:to-pdf', isTrustedSender);
  register('backup:write', isTrustedSender);
  register('backup:list', isTrustedSender);
  register('backup:read', isTrustedSender);
  register('backup:open', isTrustedSender);
  register('backup:save-as', isTrustedSender);
  register('backup:config', isTrustedSender);
  register('backup:choose-second-folder', isTrustedSender);
  register('backup:clear-second-folder', isTrustedSender);
  register('ledger:read-record', isTrustedSender);
  register('ledger:write-record', isTrustedSender);
  for (const channel of ['team:choose-folder', 'team:folder', 'team:forget-folder', 'team:read-manifest', 'team:write-manifest', 'team:list-devices', 'team:read-file', 'team:write-file', 'team:wait-for-change'] as const) {
    register(channel, isTrustedSender);
  }
  for (const channel of ['couch:credentials', 'couch:save-credentials', 'couch:forget-credentials'] as const) register(channel, isTrustedSender);
  // Each also checks which of the two pages sent it (electron/originMove.ts).
  for (const channel of ['origin:handed-over', 'origin:pending', 'origin:done'] as const) register(channel, isTrustedSender);
}
