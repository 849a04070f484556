/**
 * Native dialogs attached to the window that asked (a sheet on macOS), or free-standing when
 * that window is already gone.
 */
import { join } from 'node:path';
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

/** A save dialog in the Documents folder offering `suggestedName`; the path, or `null` when cancelled. */
export async function askSavePath(event: IpcMainInvokeEvent, suggestedName: string, filters: FileFilter[]): Promise<string | null> {
  const choice = await showSaveDialogFor(event, {
    title: 'Save',
    defaultPath: join(app.getPath('documents'), suggestedName),
    filters,
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  return choice.canceled || !choice.filePath ? null : choice.filePath;
}
