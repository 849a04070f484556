/**
 * The app entry: one instance, one hardened window, IPC handlers and the menu. No domain
 * logic lives here; the renderer owns the data (IndexedDB) and all behaviour.
 */
import { app, BrowserWindow, nativeTheme, session } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSyncOrigin, syncOrigin } from './couchCredentials';
import { registerIpcHandlers } from './ipcHandlers';
import { installApplicationMenu } from './menu';
import {
  hardenSession,
  hardenWebContents,
  isTrustedSender,
  rendererLocation,
  type RendererLocation,
} from './security';

/** Matches the renderer's page background so the window never flashes white or black. */
export const WINDOW_BACKGROUND = { light: '#f7f8fa', dark: '#14171c' } as const;

// out/main/index.js → out/preload/index.cjs and out/renderer/index.html
const mainDir = dirname(fileURLToPath(import.meta.url));
const preloadPath = join(mainDir, '../preload/index.cjs');

function windowBackground(): string {
  return nativeTheme.shouldUseDarkColors ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light;
}

export function createMainWindow(location: RendererLocation): BrowserWindow {
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
  if (location.kind === 'dev-server') void window.loadURL(location.url);
  else void window.loadFile(location.indexFile);
  return window;
}

export function start(): void {
  // Every renderer sandboxed, even one created without our webPreferences.
  app.enableSandbox();

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  const location = rendererLocation({
    devServerUrl: process.env.ELECTRON_RENDERER_URL,
    isPackaged: app.isPackaged,
    indexFile: join(mainDir, '../renderer/index.html'),
  });
  let mainWindow: BrowserWindow | null = null;

  const openWindow = (): void => {
    mainWindow = createMainWindow(location);
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
  };

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, location));

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  nativeTheme.on('updated', () => mainWindow?.setBackgroundColor(windowBackground()));

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && app.isReady()) openWindow();
  });

  // The kept sync server's origin, for the request filter (the renderer reads the server through
  // couch:credentials before its first request, which sets it too).
  void loadSyncOrigin();
  void app.whenReady().then(() => {
    hardenSession(session.defaultSession, location, syncOrigin);
    registerIpcHandlers((event) => isTrustedSender(location, event));
    installApplicationMenu(process.platform, app.isPackaged);
    openWindow();
  });
}

start();
