/**
 * The app entry: one instance, one hardened window, IPC handlers and the menu. No domain
 * logic lives here; the renderer owns the data (IndexedDB) and all behaviour.
 */
import { app, BrowserWindow, nativeTheme, protocol, session } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OriginHandedOver } from '../shared/ipc';
import { APP_INDEX_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, serveAppFile } from './appProtocol';
import { loadSyncOrigin, syncOrigin } from './couchCredentials';
import { writesSettled, writesUnderWay } from './fileIo';
import { registerIpcHandlers } from './ipcHandlers';
import { installApplicationMenu } from './menu';
import { awaitHandover, HANDOVER_HASH, originMoveNeeded } from './originMove';
import {
  contentSecurityPolicy,
  hardenSession,
  hardenWebContents,
  isTrustedSender,
  rendererLocation,
  type RendererLocation,
} from './security';
import { watchWindowTrouble } from './windowTrouble';

/** Matches the renderer's page background so the window never flashes white or black. */
export const WINDOW_BACKGROUND = { light: '#f7f8fa', dark: '#14171c' } as const;

// out/main/index.js → out/preload/index.cjs and out/renderer/
const mainDir = dirname(fileURLToPath(import.meta.url));
const preloadPath = join(mainDir, '../preload/index.cjs');
const rendererRoot = join(mainDir, '../renderer');

/**
 * The longest quitting waits for a file write under way to finish: a backup or a team segment
 * on a slow network share takes seconds; a share that hangs must not keep the app from quitting.
 */
export const QUIT_WAIT_MS = 30_000;

/**
 * Quitting (or closing the last window on Windows and Linux) while main writes a file — the backup
 * just asked for, its copy in the second folder, a segment of the team folder — would end the
 * process half-way: the file never written, its temporary file left behind. So the quit waits
 * for the writes under way (at most {@link QUIT_WAIT_MS}), then goes on.
 */
function finishWritesBeforeQuitting(): void {
  let state: 'quitting' | 'waiting' | 'written' = 'quitting';
  app.on('will-quit', (event) => {
    if (state === 'written' || writesUnderWay() === 0) return;
    event.preventDefault();
    if (state === 'waiting') return;
    state = 'waiting';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, QUIT_WAIT_MS);
    });
    void Promise.race([writesSettled(), deadline]).then(() => {
      clearTimeout(timer);
      state = 'written';
      app.quit();
    });
  });
}

/** What a window loads: a URL (app:// or the dev server), or the old file:// page. */
export type Page = { kind: 'url'; url: string } | { kind: 'file'; path: string; hash?: string };

function windowBackground(): string {
  return nativeTheme.shouldUseDarkColors ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light;
}

/** The app's window on `page`. */
export function createMainWindow(page: Page): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Fleetledger',
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: windowBackground(),
    // Written out here, not built elsewhere, so a reviewer and a static analyser see the same:
    // isolated, sandboxed, no Node in the page; a dropped file or link does not navigate, a middle
    // click fires no auxclick (new windows are denied in security.ts anyway).
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  loadPage(window, page);
  return window;
}

/**
 * Loads `page`. A load that fails rejects, and emits did-fail-load, which says it (the app's
 * window: windowTrouble.ts; the old page: handOverFromOldPage): the rejection is not reported twice.
 */
function loadPage(window: BrowserWindow, page: Page): void {
  const loading = page.kind === 'url' ? window.loadURL(page.url) : window.loadFile(page.path, page.hash === undefined ? undefined : { hash: page.hash });
  loading.catch(() => undefined);
}

/**
 * Opens the old file:// page — it says "Moving your ledger…" — and waits until it has handed its ledger over
 * (electron/originMove.ts). Returns the outcome and a function that closes that page — called
 * once the main window is open, so that the app does not quit for having no window.
 */
async function handOverFromOldPage(location: RendererLocation, oldIndexFile: string): Promise<{ outcome: OriginHandedOver; close: () => void }> {
  let markGone: (why: string) => void = () => undefined;
  const gone = new Promise<string>((resolve) => {
    markGone = resolve;
  });
  const outcome = awaitHandover(location, gone);
  const window = createMainWindow({ kind: 'file', path: oldIndexFile, hash: HANDOVER_HASH });
  window.webContents.once('render-process-gone', (_event: unknown, details: { reason?: string } | undefined) => markGone(`the old page stopped (${details?.reason ?? 'unknown reason'})`));
  window.webContents.once('did-fail-load', (_event: unknown, _code: unknown, description: unknown) => markGone(`the old page did not load (${String(description)})`));
  window.once('closed', () => markGone('the old page was closed'));
  return {
    outcome: await outcome,
    close: () => {
      if (!window.isDestroyed()) window.destroy();
    },
  };
}

/**
 * The page the window opens on: the dev server; app:// once the ledger lives there; otherwise
 * the old page hands over first, and if it cannot, the window opens on the old page as before
 * (nothing is lost; the move is tried again at the next start).
 */
async function pageToOpen(location: RendererLocation): Promise<{ page: Page; afterOpen: () => void }> {
  const nothing = (): void => undefined;
  if (location.kind === 'dev-server') return { page: { kind: 'url', url: location.url }, afterOpen: nothing };
  const oldIndexFile = location.legacyIndexFile;
  if (oldIndexFile === null) return { page: { kind: 'url', url: APP_INDEX_URL }, afterOpen: nothing };
  const { outcome, close } = await handOverFromOldPage(location, oldIndexFile);
  if (outcome.outcome === 'failed') {
    console.error(`Fleetledger: the ledger could not move to the app:// page this time, so the window opens on the old page: ${outcome.error}`);
    return { page: { kind: 'file', path: oldIndexFile }, afterOpen: close };
  }
  // Moved: from now on the old page is trusted with nothing.
  location.legacyIndexFile = null;
  return { page: { kind: 'url', url: APP_INDEX_URL }, afterOpen: close };
}

export function start(): void {
  // Every renderer sandboxed, even one created without our webPreferences.
  app.enableSandbox();

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  // A privileged scheme must be registered before the app is ready.
  protocol.registerSchemesAsPrivileged([{ ...APP_SCHEME_PRIVILEGES, privileges: { ...APP_SCHEME_PRIVILEGES.privileges } }]);

  const location = rendererLocation({
    devServerUrl: process.env.ELECTRON_RENDERER_URL,
    isPackaged: app.isPackaged,
    root: rendererRoot,
    legacyIndexFile: originMoveNeeded() ? join(rendererRoot, 'index.html') : null,
  });
  let mainWindow: BrowserWindow | null = null;
  let page: Page = { kind: 'url', url: APP_INDEX_URL };

  const openWindow = (): BrowserWindow => {
    const window = createMainWindow(page);
    const opened = page;
    // A page that does not load, a crashed or hung renderer: said, with the way on (not for the
    // old page handing over, whose failure opens the window on it instead).
    watchWindowTrouble(window, { reload: () => loadPage(window, opened) });
    mainWindow = window;
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    return window;
  };

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, location));

  // Started again: the window comes to the front; with none (on macOS the app stays when its last
  // window is closed), one opens, as a click on the Dock icon does (Electron emits this after ready).
  app.on('second-instance', () => {
    const window = mainWindow ?? BrowserWindow.getAllWindows()[0];
    if (!window) {
      openWindow();
      return;
    }
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  nativeTheme.on('updated', () => mainWindow?.setBackgroundColor(windowBackground()));

  finishWritesBeforeQuitting();

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && app.isReady()) openWindow();
  });

  // The kept sync server's origin, for the request filter (the renderer reads the server through
  // couch:credentials before its first request, which sets it too).
  void loadSyncOrigin();
  void app.whenReady().then(async () => {
    hardenSession(session.defaultSession, location, syncOrigin);
    if (location.kind === 'app') {
      const root = location.root;
      const csp = contentSecurityPolicy(location);
      protocol.handle(APP_SCHEME, (request) => serveAppFile(root, request, csp));
    }
    registerIpcHandlers((event) => isTrustedSender(location, event));
    installApplicationMenu(process.platform, app.isPackaged, openWindow);
    const opening = await pageToOpen(location);
    page = opening.page;
    openWindow();
    opening.afterOpen();
  });
}

start();
