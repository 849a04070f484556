import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS } from '../../shared/ipc';
import type * as FakeElectron from './fakeElectron';

vi.mock('electron', () => import('./fakeElectron'));

type Fake = typeof FakeElectron;

/** Resets the electron fake, lets `prepare` configure it, then runs main's top level afresh. */
async function startMain(prepare: (fake: Fake) => void = () => undefined): Promise<Fake> {
  vi.resetModules();
  // The module main will see (the mock registry survives resetModules).
  const fake = (await import('electron')) as unknown as Fake;
  fake.resetFakeElectron();
  prepare(fake);
  await import('../../electron/main');
  await new Promise((resolve) => setTimeout(resolve, 0)); // app.whenReady().then(…)
  return fake;
}

function onlyWindow(fake: Fake): InstanceType<Fake['BrowserWindow']> {
  expect(fake.BrowserWindow.instances).toHaveLength(1);
  return fake.BrowserWindow.instances[0] as InstanceType<Fake['BrowserWindow']>;
}

beforeEach(() => {
  delete process.env.ELECTRON_RENDERER_URL;
});

describe('main', () => {
  it('quits when another instance holds the lock', async () => {
    const { app, BrowserWindow } = await startMain(({ app }) => app.requestSingleInstanceLock.mockReturnValueOnce(false));
    expect(app.enableSandbox).toHaveBeenCalled();
    expect(app.quit).toHaveBeenCalled();
    expect(BrowserWindow.instances).toHaveLength(0);
  });

  it('creates one hardened window that shows when ready', async () => {
    const fake = await startMain();
    expect(fake.app.enableSandbox).toHaveBeenCalled();
    const window = onlyWindow(fake);
    const options = window.options as { show: boolean; minWidth: number; backgroundColor: string; webPreferences: Record<string, unknown> };
    expect(options.show).toBe(false);
    expect(options.minWidth).toBe(960);
    expect(options.backgroundColor).toBe('#f7f8fa');
    // Isolated, sandboxed, no Node; a drop does not navigate and a middle click fires no auxclick.
    expect(options.webPreferences).toEqual({
      preload: expect.stringMatching(/[/\\]preload[/\\]index\.cjs$/u),
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
    });
    expect(window.loadFile).toHaveBeenCalledWith(expect.stringMatching(/[/\\]renderer[/\\]index\.html$/u));
    expect(window.show).not.toHaveBeenCalled();
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalled();
  });

  it('hardens the session, registers every handler and the menu', async () => {
    const { app, ipcMain, Menu, session } = await startMain();
    expect(session.defaultSession.webRequest.onHeadersReceived).toHaveBeenCalledTimes(1);
    expect(session.defaultSession.setPermissionRequestHandler).toHaveBeenCalledTimes(1);
    expect(session.defaultSession.setPermissionCheckHandler).toHaveBeenCalledTimes(1);
    expect(ipcMain.handle.mock.calls.map(([c]) => c).sort()).toEqual([...IPC_CHANNELS].sort());
    expect(Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
    expect(app.count('web-contents-created')).toBe(1);
  });

  it('hardens every web contents that gets created', async () => {
    const { app, FakeWebContents } = await startMain();
    const contents = new FakeWebContents();
    app.emit('web-contents-created', {}, contents);
    expect(contents.setWindowOpenHandler).toHaveBeenCalledTimes(1);
    expect(contents.count('will-navigate')).toBe(1);
  });

  it('uses a dark background in dark mode and the dev server when unpackaged', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173';
    const fake = await startMain(({ nativeTheme }) => {
      nativeTheme.shouldUseDarkColors = true;
    });
    const window = onlyWindow(fake);
    expect(window.options.backgroundColor).toBe('#14171c');
    expect(window.loadURL).toHaveBeenCalledWith('http://localhost:5173');
    expect(window.loadFile).not.toHaveBeenCalled();
  });

  it('ignores ELECTRON_RENDERER_URL in a packaged app', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://evil.example';
    const window = onlyWindow(
      await startMain(({ app }) => {
        app.isPackaged = true;
      }),
    );
    expect(window.loadURL).not.toHaveBeenCalled();
    expect(window.loadFile).toHaveBeenCalled();
  });

  it('focuses the existing window on a second launch', async () => {
    const fake = await startMain();
    const window = onlyWindow(fake);
    window.isMinimized.mockReturnValue(true);
    fake.app.emit('second-instance');
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
    expect(fake.BrowserWindow.instances).toHaveLength(1);
  });
});
