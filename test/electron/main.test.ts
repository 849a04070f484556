import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
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
    // The built renderer comes from app://, never from file://.
    expect(window.loadURL).toHaveBeenCalledWith('app://fleetledger/index.html');
    expect(window.loadFile).not.toHaveBeenCalled();
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
    expect(window.loadURL).toHaveBeenCalledExactlyOnceWith('app://fleetledger/index.html');
  });

  it('registers app:// as a privileged scheme before ready, and serves it from the renderer folder only', async () => {
    const { protocol } = await startMain();
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledExactlyOnceWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    ]);
    expect(protocol.handle).toHaveBeenCalledTimes(1);
    const [scheme, handler] = protocol.handle.mock.calls[0] as unknown as [string, (request: { url: string; method: string }) => Promise<Response>];
    expect(scheme).toBe('app');
    const refused = await handler({ url: 'app://fleetledger/%2e%2e/main/index.js', method: 'GET' });
    expect(refused.status).toBe(403);
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

  it('opens the window on a second launch when there is none (macOS keeps the app without one)', async () => {
    const fake = await startMain();
    onlyWindow(fake).destroy();
    fake.BrowserWindow.instances = [];
    fake.app.emit('second-instance');
    expect(onlyWindow(fake).loadURL).toHaveBeenCalledWith('app://fleetledger/index.html');
  });
});

describe('the menu with no window open (macOS keeps the app and its menu when the last window is closed)', () => {
  it('File → Back Up Now… opens the window and backs up once its page has loaded', async () => {
    const fake = await startMain();
    const first = onlyWindow(fake);
    first.destroy();
    fake.BrowserWindow.instances = [];
    const template = (fake.Menu.buildFromTemplate.mock.calls[0] as [MenuItemConstructorOptions[]])[0];
    const all = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] => items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? all(i.submenu) : [])]);
    const backUp = all(template).find((i) => i.label === 'Back Up Now…');
    (backUp?.click as () => void)();
    const opened = onlyWindow(fake);
    expect(opened.loadURL).toHaveBeenCalledWith('app://fleetledger/index.html');
    expect(opened.webContents.send).not.toHaveBeenCalled();
    opened.webContents.emit('did-finish-load');
    expect(opened.webContents.send).toHaveBeenCalledExactlyOnceWith('menu:command', 'back-up-now');
  });
});

describe('quitting while a file is being written', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'fleetledger-quit-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('waits for the write (a backup, a team segment) to finish, then quits: no file half-written, no temporary file left', async () => {
    const fake = await startMain();
    const { writeFileAtomically } = await import('../../electron/fileIo');
    const path = join(folder, 'Fleetledger-2026-12-07-daily.fleetledger');
    const write = writeFileAtomically(path, new Uint8Array(4 * 1024 * 1024).fill(7));
    const quitting = fake.fakeEvent({});
    fake.app.emit('will-quit', quitting);
    expect(quitting.preventDefault).toHaveBeenCalled();
    expect(fake.app.quit).not.toHaveBeenCalled();
    await write;
    await vi.waitFor(() => expect(fake.app.quit).toHaveBeenCalledTimes(1), { timeout: 5000 });
    expect(readdirSync(folder)).toEqual(['Fleetledger-2026-12-07-daily.fleetledger']);
    // The quit asked for again goes through.
    const again = fake.fakeEvent({});
    fake.app.emit('will-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
  });

  it('quits at once when nothing is being written', async () => {
    const fake = await startMain();
    const quitting = fake.fakeEvent({});
    fake.app.emit('will-quit', quitting);
    expect(quitting.preventDefault).not.toHaveBeenCalled();
  });
});

describe('moving the ledger from the old file:// page to app:// (first start of this version)', () => {
  let userData: string;
  beforeEach(() => {
    userData = mkdtempSync(join(tmpdir(), 'fleetledger-origin-'));
  });
  afterEach(() => rmSync(userData, { recursive: true, force: true }));

  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  const frameEvent = (url: string) => ({ senderFrame: { url, parent: null } });
  const marker = () => join(userData, 'renderer-origin.json');

  /** Main started on an installation that held a ledger at the old origin. */
  async function startWithOldLedger(evidence: 'record' | 'indexeddb' = 'record') {
    if (evidence === 'record') writeFileSync(join(userData, 'ledger-record.json'), '{}');
    else mkdirSync(join(userData, 'IndexedDB', 'file__0.indexeddb.leveldb'), { recursive: true });
    const fake = await startMain(({ app }) => {
      app.paths.userData = userData;
    });
    const hidden = onlyWindow(fake);
    const [path, options] = hidden.loadFile.mock.calls[0] as unknown as [string, { hash: string }];
    return { fake, hidden, oldPageUrl: `${pathToFileURL(path).href}#${options.hash}`, path, options };
  }

  it('a new installation opens straight on app:// and records nothing', async () => {
    const fake = await startMain(({ app }) => {
      app.paths.userData = userData;
    });
    expect(onlyWindow(fake).loadURL).toHaveBeenCalledWith('app://fleetledger/index.html');
    expect(existsSync(marker())).toBe(false);
  });

  it.each(['record', 'indexeddb'] as const)('with a ledger at the old origin (%s), the old page opens first to hand it over, saying so', async (evidence) => {
    const { hidden, path, options } = await startWithOldLedger(evidence);
    expect(path).toMatch(/[/\\]renderer[/\\]index\.html$/u);
    expect(options).toEqual({ hash: 'origin-handover' });
    hidden.emit('ready-to-show');
    expect(hidden.show).toHaveBeenCalled();
  });

  it('once the old page has handed over, the window opens on app://, the old page closes and is trusted with nothing more', async () => {
    const { fake, hidden, oldPageUrl } = await startWithOldLedger();
    const name = 'Fleetledger-2026-12-06-101500-origin-move.fleetledger';
    // Only the old page may say it handed over.
    expect(await fake.callHandler(frameEvent('app://fleetledger/index.html'), 'origin:handed-over', { outcome: 'moved', backupName: name })).toMatchObject({ ok: false });
    expect(existsSync(marker())).toBe(false);
    // An entry that is not a carried view choice is refused with the rest of the message.
    expect(await fake.callHandler(frameEvent(oldPageUrl), 'origin:handed-over', { outcome: 'moved', backupName: name, preferences: { 'fleetledger.ledgerRecord.x': '{}' } })).toMatchObject({ ok: false });
    expect(await fake.handlerValue(frameEvent(oldPageUrl), 'origin:handed-over', { outcome: 'moved', backupName: name, preferences: { 'fleetledger.labelLayout': 'avery-l7651' } })).toBe(true);
    await tick();
    expect(fake.BrowserWindow.instances).toHaveLength(2);
    const main = fake.BrowserWindow.instances[1] as InstanceType<Fake['BrowserWindow']>;
    expect(main.loadURL).toHaveBeenCalledWith('app://fleetledger/index.html');
    expect(hidden.destroy).toHaveBeenCalled();
    expect(fake.app.quit).not.toHaveBeenCalled();
    expect(JSON.parse(readFileSync(marker(), 'utf8'))).toMatchObject({ backupName: name, takenIn: false });

    // The app:// page takes it in; the old page can no longer ask anything.
    expect(await fake.callHandler(frameEvent(oldPageUrl), 'origin:pending')).toMatchObject({ ok: false });
    expect(await fake.callHandler(frameEvent(oldPageUrl), 'app:info')).toMatchObject({ ok: false });
    expect(await fake.handlerValue(frameEvent('app://fleetledger/index.html'), 'origin:pending')).toEqual({ backupName: name, preferences: { 'fleetledger.labelLayout': 'avery-l7651' } });
    expect(await fake.handlerValue(frameEvent('app://fleetledger/index.html'), 'origin:done')).toBe(true);
    expect(await fake.handlerValue(frameEvent('app://fleetledger/index.html'), 'origin:pending')).toBeNull();
    expect(JSON.parse(readFileSync(marker(), 'utf8'))).toMatchObject({ backupName: name, takenIn: true });

    // The next start opens straight on app://.
    const again = await startMain(({ app }) => {
      app.paths.userData = userData;
    });
    expect(onlyWindow(again).loadURL).toHaveBeenCalledWith('app://fleetledger/index.html');
  });

  it('an old page with no database: app:// with nothing to take in', async () => {
    const { fake, oldPageUrl } = await startWithOldLedger();
    expect(await fake.handlerValue(frameEvent(oldPageUrl), 'origin:handed-over', { outcome: 'empty' })).toBe(true);
    await tick();
    expect((fake.BrowserWindow.instances[1] as InstanceType<Fake['BrowserWindow']>).loadURL).toHaveBeenCalledWith('app://fleetledger/index.html');
    expect(await fake.handlerValue(frameEvent('app://fleetledger/index.html'), 'origin:pending')).toBeNull();
  });

  it.each([
    ['it says the copy failed', async (fake: Fake, _hidden: InstanceType<Fake['BrowserWindow']>, url: string) => {
      await fake.handlerValue(frameEvent(url), 'origin:handed-over', { outcome: 'failed', error: 'disk full' });
    }],
    ['it does not load', async (_fake: Fake, hidden: InstanceType<Fake['BrowserWindow']>) => {
      hidden.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND');
    }],
    ['it crashes', async (_fake: Fake, hidden: InstanceType<Fake['BrowserWindow']>) => {
      hidden.webContents.emit('render-process-gone', {}, { reason: 'crashed' });
    }],
  ])('when the old page cannot hand over (%s), the window opens on the old page as before and the move waits for the next start', async (_label, fail) => {
    const { fake, hidden, oldPageUrl, path } = await startWithOldLedger();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await fail(fake, hidden, oldPageUrl);
    await tick();
    const main = fake.BrowserWindow.instances[1] as InstanceType<Fake['BrowserWindow']>;
    expect(main.loadFile).toHaveBeenCalledWith(path, undefined);
    expect(main.loadURL).not.toHaveBeenCalled();
    expect(existsSync(marker())).toBe(false);
    expect(error).toHaveBeenCalledWith(expect.stringContaining('the window opens on the old page'));
    // Still the app: the old page keeps its trust until the ledger has moved.
    expect(await fake.handlerValue(frameEvent(pathToFileURL(path).href), 'app:info')).toMatchObject({ version: '9.8.7' });
    error.mockRestore();
  });
});

describe('when the window cannot do its job (a damaged installation, a crashed or hung page)', () => {
  type Window = InstanceType<Fake['BrowserWindow']>;
  type Box = { message: string; detail: string; buttons: string[]; signal: AbortSignal };
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  const box = (fake: Fake, n = 0): Box => (fake.dialog.showMessageBox.mock.calls[n] as unknown as [Window, Box])[1];
  /** Answers the next question with `button` (its label), or leaves it open until `answer` is called. */
  function answer(fake: Fake, button: string): void {
    fake.dialog.showMessageBox.mockImplementationOnce(async (...args: unknown[]) => ({ response: (args[1] as Box).buttons.indexOf(button), checkboxChecked: false }));
  }
  async function started(): Promise<{ fake: Fake; window: Window }> {
    const fake = await startMain(({ app }) => {
      app.paths.userData = '/home/ada/.config/Fleetledger';
    });
    return { fake, window: onlyWindow(fake) };
  }

  it('a page that does not load: the window shows, the dialog says what failed, what to do and where the ledger and backups are; Try Again loads it again', async () => {
    const { fake, window } = await started();
    answer(fake, 'Try Again');
    window.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', 'app://fleetledger/index.html', true, 1, 1);
    await tick();
    expect(window.show).toHaveBeenCalled();
    expect(fake.dialog.showMessageBox).toHaveBeenCalledTimes(1);
    expect((fake.dialog.showMessageBox.mock.calls[0] as unknown[])[0]).toBe(window);
    const { message, detail } = box(fake);
    expect(message).toBe('Fleetledger could not open its window.');
    expect(detail).toContain('Its page (app://fleetledger/index.html) did not load: ERR_FILE_NOT_FOUND (-6).');
    expect(detail).toContain('reinstall Fleetledger');
    expect(detail).toContain('/home/ada/.config/Fleetledger');
    expect(detail).toContain(join('/home/ada/.config/Fleetledger', 'backups'));
    expect(window.loadURL).toHaveBeenCalledTimes(2);
    expect(window.loadURL).toHaveBeenLastCalledWith('app://fleetledger/index.html');
    expect(fake.app.quit).not.toHaveBeenCalled();
  });

  it('Quit quits; a sub-frame or an aborted load (replaced by another) is no failure', async () => {
    const { fake, window } = await started();
    window.webContents.emit('did-fail-load', {}, -3, 'ERR_ABORTED', 'app://fleetledger/index.html', true, 1, 1);
    window.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', 'app://fleetledger/frame.html', false, 1, 2);
    await tick();
    expect(fake.dialog.showMessageBox).not.toHaveBeenCalled();
    answer(fake, 'Quit');
    window.webContents.emit('did-fail-load', {}, -2, 'ERR_FAILED', 'app://fleetledger/index.html', true, 1, 1);
    await tick();
    expect(fake.app.quit).toHaveBeenCalledTimes(1);
    expect(window.loadURL).toHaveBeenCalledTimes(1);
  });

  it('a crashed page: the dialog offers to reload it, and Reload loads the page again', async () => {
    const { fake, window } = await started();
    answer(fake, 'Reload');
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 11 });
    await tick();
    expect(box(fake).message).toBe('Fleetledger’s window stopped working.');
    expect(box(fake).detail).toContain('Its page ended (crashed, exit code 11). Reload it to go on');
    expect(box(fake).buttons).toEqual(['Reload', 'Quit']);
    expect(window.loadURL).toHaveBeenCalledTimes(2);
    // A page that ended by itself (the app quitting) is not asked about.
    window.webContents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    await tick();
    expect(fake.dialog.showMessageBox).toHaveBeenCalledTimes(1);
  });

  it('a hung page: Wait leaves it, the question closes when it answers again, and one question at a time', async () => {
    const { fake, window } = await started();
    let aborted = false;
    fake.dialog.showMessageBox.mockImplementationOnce(
      async (...args: unknown[]) =>
        new Promise((resolve) => {
          (args[1] as Box).signal.addEventListener('abort', () => {
            aborted = true;
            resolve({ response: 0, checkboxChecked: false });
          });
        }),
    );
    window.emit('unresponsive');
    window.emit('unresponsive');
    await tick();
    expect(fake.dialog.showMessageBox).toHaveBeenCalledTimes(1);
    expect(box(fake).buttons).toEqual(['Wait', 'Reload']);
    window.emit('responsive');
    await tick();
    expect(aborted).toBe(true);
    expect(window.loadURL).toHaveBeenCalledTimes(1);
    answer(fake, 'Reload');
    window.emit('unresponsive');
    await tick();
    expect(window.loadURL).toHaveBeenCalledTimes(2);
  });

  it('the old page handing over its ledger is not asked about: its failure opens the window on it instead', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'fleetledger-trouble-'));
    try {
      writeFileSync(join(userData, 'ledger-record.json'), '{}');
      const fake = await startMain(({ app }) => {
        app.paths.userData = userData;
      });
      const hidden = onlyWindow(fake);
      const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      hidden.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', 'file:///x/index.html', true, 1, 1);
      await tick();
      error.mockRestore();
      expect(fake.dialog.showMessageBox).not.toHaveBeenCalled();
      expect(fake.BrowserWindow.instances).toHaveLength(2);
    } finally {
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
