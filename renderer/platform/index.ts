/**
 * The one place the renderer talks to the desktop shell. Inside Electron it calls the preload
 * bridge (`window.fleetledger`); in a plain browser it falls back to browser APIs. Either way
 * every call resolves to the same `Result` shape as shared/ipc.ts: `{ ok: false, error }` for
 * an expected failure (file too large, not UTF-8, write refused), `value: null` when the user
 * cancels.
 */
import { version as packageVersion } from '../../package.json';
import {
  isAllowedExternalUrl,
  safeFileName,
  type AppInfo,
  type MenuCommand,
  type OpenedTextFile,
  type OpenedYamlFile,
  type SaveKind,
  type SavedFile,
} from '../../shared/ipc';
import { ok, type Result } from '../../shared/result';
import { desktopBridge } from './bridge';
import { downloadText, pickTextFile, pickYamlFiles } from './browser';

export type { MenuCommand, OpenedTextFile, SaveKind, SavedFile } from '../../shared/ipc';

/** True inside the Electron app, false in the web build. */
export const isDesktop: boolean = desktopBridge() !== undefined;

/** `AppInfo` where the desktop-only fields are null in a browser. */
export interface PlatformInfo extends Omit<AppInfo, 'electron' | 'chrome' | 'userDataPath'> {
  desktop: boolean;
  electron: string | null;
  chrome: string | null;
  userDataPath: string | null;
  userAgent: string;
}

/** Asks for a .csv/.txt file and reads it as UTF-8. `null` when cancelled. */
export function openCsvFile(options: { title?: string } = {}): Promise<Result<OpenedTextFile | null>> {
  const bridge = desktopBridge();
  return bridge ? bridge.openCsvFile(options) : pickTextFile();
}

/** Device-type YAML files, or a folder of them, each read as UTF-8. `null` when cancelled. */
export function openYamlFiles(folder: boolean): Promise<Result<OpenedYamlFile[] | null>> {
  const bridge = desktopBridge();
  return bridge ? bridge.openYamlFiles({ folder }) : pickYamlFiles(folder);
}

/** Saves text through a save dialog (desktop) or as a download (browser). `null` when cancelled. */
export async function saveTextFile(suggested: string, text: string, kind: SaveKind): Promise<Result<SavedFile | null>> {
  const bridge = desktopBridge();
  const suggestedName = safeFileName(suggested);
  return bridge ? bridge.saveTextFile({ suggestedName, text, kind }) : downloadText(suggestedName, text, kind);
}

/**
 * Desktop: the current page as a PDF, saved where the user chooses. Browser: the print
 * dialog (which offers "Save as PDF"); resolves `null` since no path is known.
 */
export async function printToPdf(suggestedName: string): Promise<Result<SavedFile | null>> {
  const bridge = desktopBridge();
  if (bridge) return bridge.printToPdf({ suggestedName: safeFileName(suggestedName) });
  window.print();
  return ok(null);
}

export async function appInfo(): Promise<Result<PlatformInfo>> {
  const userAgent = navigator.userAgent;
  const bridge = desktopBridge();
  if (!bridge) {
    return ok({ desktop: false, version: packageVersion, platform: 'web', electron: null, chrome: null, userDataPath: null, userAgent });
  }
  const info = await bridge.appInfo();
  return info.ok ? ok({ ...info.value, desktop: true, userAgent }) : info;
}

/**
 * Opens an allow-listed https link (shared/ipc.ts EXTERNAL_HOST_ALLOW_LIST) in the user's
 * browser. `false` if the URL is not allowed.
 */
export async function openExternal(url: string): Promise<Result<boolean>> {
  const bridge = desktopBridge();
  if (bridge) return bridge.openExternal({ url });
  if (!isAllowedExternalUrl(url)) return ok(false);
  window.open(url, '_blank', 'noopener,noreferrer');
  return ok(true);
}

/** Listens for application-menu commands; returns the unsubscribe function. No-op in a browser. */
export function onMenuCommand(listener: (command: MenuCommand) => void): () => void {
  const bridge = desktopBridge();
  return bridge ? bridge.onMenuCommand(listener) : () => undefined;
}
