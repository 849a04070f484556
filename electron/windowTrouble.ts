/**
 * What the user sees when the app's window cannot do its job. The window is created hidden and
 * shown on `ready-to-show`; a page that never loads (a damaged installation, a missing file of
 * out/renderer, the app:// handler failing) would leave the app running with no window at all,
 * and a renderer that crashed would leave a blank one. So each of these is said in a native
 * dialog (it needs nothing of the page), the window is shown, and the way on is offered.
 *
 * Electron emits (electron.d.ts): `did-fail-load` on the web contents (errorCode, errorDescription,
 * validatedURL, isMainFrame; -3 ERR_ABORTED is a load replaced by another, not a failure),
 * `render-process-gone` on the web contents (details.reason: crashed, oom, killed…), and
 * `unresponsive` / `responsive` on the window.
 */
import { app, type BrowserWindow, dialog } from 'electron';
import { backupsFolder } from './backups';

/** Chromium's ERR_ABORTED: the load was replaced by another (a second load, a hash change), not a failure. */
const ERR_ABORTED = -3;

/** Where the ledger and its backups are, said whenever the window fails: the ledger is not in the installation. */
function whereTheLedgerIs(): string {
  return `Your ledger is not part of the installation and is not affected: it is kept in ${app.getPath('userData')}, and its automatic backups in ${backupsFolder()}.`;
}

export interface WindowTroubleActions {
  /** Loads the window's page again (a new renderer after a crash). */
  reload: () => void;
}

/** Watches `window` for a page that did not load, a renderer that is gone and one that hangs. */
export function watchWindowTrouble(window: BrowserWindow, actions: WindowTroubleActions): void {
  // One question at a time: a reload that fails again asks again once this one is answered.
  let asking: { controller: AbortController; hung: boolean } | null = null;

  const ask = async (options: { message: string; detail: string; buttons: string[]; cancelId: number }, hung = false): Promise<number | null> => {
    if (asking !== null || window.isDestroyed()) return null;
    const controller = new AbortController();
    asking = { controller, hung };
    // A window that never got to ready-to-show is shown now: the app is there, and says what is wrong.
    window.show();
    try {
      const { response } = await dialog.showMessageBox(window, {
        type: 'error',
        title: 'Fleetledger',
        noLink: true,
        defaultId: 0,
        signal: controller.signal,
        ...options,
      });
      return controller.signal.aborted || window.isDestroyed() ? null : response;
    } finally {
      asking = null;
    }
  };

  window.webContents.on('did-fail-load', (_event, errorCode, errorDescription, validatedURL, isMainFrame) => {
    if (!isMainFrame || errorCode === ERR_ABORTED) return;
    void ask({
      message: 'Fleetledger could not open its window.',
      detail:
        `Its page (${validatedURL}) did not load: ${errorDescription} (${errorCode}). ` +
        'The installation may be damaged: reinstall Fleetledger, then start it again.\n\n' +
        whereTheLedgerIs(),
      buttons: ['Try Again', 'Quit'],
      cancelId: 1,
    }).then((choice) => {
      if (choice === 0) actions.reload();
      else if (choice === 1) app.quit();
    });
  });

  window.webContents.on('render-process-gone', (_event, details) => {
    // A page that ended by itself (the window closing, the app quitting) did not fail.
    if (details.reason === 'clean-exit') return;
    const exit = details.reason === 'launch-failed' ? '' : `, exit code ${details.exitCode}`;
    void ask({
      message: 'Fleetledger’s window stopped working.',
      detail:
        `Its page ended (${details.reason}${exit}). Reload it to go on: every change that was saved is kept; ` +
        'what was being typed and not yet saved may be lost. If this keeps happening, reinstall Fleetledger.\n\n' +
        whereTheLedgerIs(),
      buttons: ['Reload', 'Quit'],
      cancelId: 1,
    }).then((choice) => {
      if (choice === 0) actions.reload();
      else if (choice === 1) app.quit();
    });
  });

  window.on('unresponsive', () => {
    void ask({
      message: 'Fleetledger’s window is not responding.',
      detail:
        'It may still be busy with long work (a restore, a large import or sync). Wait for it, or reload it: ' +
        'reloading stops that work; every change that was saved is kept.',
      buttons: ['Wait', 'Reload'],
      cancelId: 0,
    }, true).then((choice) => {
      if (choice === 1) actions.reload();
    });
  });
  // It answers again: the question is closed (the page goes on as it was).
  window.on('responsive', () => {
    if (asking?.hung === true) asking.controller.abort();
  });
}
