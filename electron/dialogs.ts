/**
 * Native dialogs attached to the window that asked (a sheet on macOS), or free-standing when
 * that window is already gone.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  type FileFilter,
  type IpcMainInvokeEvent,
  type OpenDialogOptions,
  type OpenDialogReturnValue,
  type SaveDialogOptions,
  type SaveDialogReturnValue,
} from 'electron';

function parentWindow(event: IpcMainInvokeEvent): BrowserWindow | null {
  return BrowserWindow.fromWebContents(event.sender);
}

export function showOpenDialogFor(event: IpcMainInvokeEvent, options: OpenDialogOptions): Promise<OpenDialogReturnValue> {
  const window = parentWindow(event);
  return window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options);
}

export function showSaveDialogFor(event: IpcMainInvokeEvent, options: SaveDialogOptions): Promise<SaveDialogReturnValue> {
  const window = parentWindow(event);
  return window ? dialog.showSaveDialog(window, options) : dialog.showSaveDialog(options);
}

/** The chosen path of an open dialog, or `null` when cancelled. */
export function chosenPath(choice: OpenDialogReturnValue): string | null {
  const path = choice.filePaths[0];
  return choice.canceled || path === undefined ? null : path;
}

/**
 * `path` ending in one of the filters' extensions: the first one added when it ends in none (the
 * GTK save dialog on Linux saves "fleet" as typed). Any case counts ("a.CSV" is kept as it is).
 */
export function withFilterExtension(path: string, filters: readonly FileFilter[]): string {
  const extensions = filters.flatMap((f) => f.extensions).filter((e) => e !== '*' && e !== '');
  const first = extensions[0];
  if (first === undefined) return path;
  const lower = path.toLowerCase();
  return extensions.some((e) => lower.endsWith(`.${e.toLowerCase()}`)) ? path : `${path}.${first}`;
}

/**
 * A save dialog in the Documents folder offering `suggestedName`; the path, or `null` when cancelled.
 * A name typed without the extension gets it; when that names a file already there (the dialog
 * asked about replacing the name as typed, not this one), the user is asked before it is replaced.
 */
export async function askSavePath(event: IpcMainInvokeEvent, suggestedName: string, filters: FileFilter[]): Promise<string | null> {
  const choice = await showSaveDialogFor(event, {
    title: 'Save',
    defaultPath: join(app.getPath('documents'), suggestedName),
    filters,
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (choice.canceled || !choice.filePath) return null;
  const path = withFilterExtension(choice.filePath, filters);
  if (path !== choice.filePath && existsSync(path)) {
    const options = {
      type: 'question' as const,
      buttons: ['Replace', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: `${basename(path)} already exists. Replace it?`,
    };
    const window = parentWindow(event);
    const { response } = await (window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options));
    if (response !== 0) return null;
  }
  return path;
}
