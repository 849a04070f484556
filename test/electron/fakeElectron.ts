/**
 * A small stand-in for the `electron` module (the binary cannot run in CI). Tests do
 * `vi.mock('electron', () => import('./fakeElectron'))` and import this file to drive it.
 */
import { vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  removeListener(event: string, listener: Listener): this {
    this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== listener));
    return this;
  }
  count(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
}

/** An Electron-style event: `preventDefault` records that it was called. */
export function fakeEvent<T extends object>(params: T): T & { preventDefault: ReturnType<typeof vi.fn>; defaultPrevented: boolean } {
  const event = {
    ...params,
    defaultPrevented: false,
    preventDefault: vi.fn(() => {
      event.defaultPrevented = true;
    }),
  };
  return event;
}

export class FakeWebContents extends Emitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler = vi.fn((handler: (details: { url: string }) => { action: string }) => {
    this.windowOpenHandler = handler;
  });
  setWebRTCIPHandlingPolicy = vi.fn();
  printToPDF = vi.fn(async () => Buffer.from('%PDF-1.7 fake'));
  send = vi.fn();
}

export class FakeSession {
  headersListener: Listener | null = null;
  permissionRequestHandler: Listener | null = null;
  permissionCheckHandler: Listener | null = null;
  beforeRequestListener: Listener | null = null;
  webRequest = {
    onHeadersReceived: vi.fn((listener: Listener) => {
      this.headersListener = listener;
    }),
    onBeforeRequest: vi.fn((_filter: unknown, listener: Listener) => {
      this.beforeRequestListener = listener;
    }),
  };
  setPermissionRequestHandler = vi.fn((handler: Listener) => {
    this.permissionRequestHandler = handler;
  });
  setPermissionCheckHandler = vi.fn((handler: Listener) => {
    this.permissionCheckHandler = handler;
  });
}

export class BrowserWindow extends Emitter {
  static instances: BrowserWindow[] = [];
  static focused: BrowserWindow | null = null;
  static fromWebContents = vi.fn((contents: unknown) => BrowserWindow.instances.find((w) => w.webContents === contents) ?? null);
  static getFocusedWindow = vi.fn(() => BrowserWindow.focused);
  static getAllWindows = vi.fn(() => BrowserWindow.instances);

  readonly webContents = new FakeWebContents();
  readonly options: Record<string, unknown>;
  show = vi.fn();
  focus = vi.fn();
  restore = vi.fn();
  isMinimized = vi.fn(() => false);
  isDestroyed = vi.fn(() => false);
  loadURL = vi.fn(async () => undefined);
  loadFile = vi.fn(async () => undefined);
  setBackgroundColor = vi.fn();
  destroyed = false;
  destroy = vi.fn(() => {
    if (this.destroyed) return;
    this.destroyed = true;
    this.isDestroyed.mockReturnValue(true);
    this.emit('closed');
  });

  constructor(options: Record<string, unknown> = {}) {
    super();
    this.options = options;
    BrowserWindow.instances.push(this);
  }
}

class FakeApp extends Emitter {
  isPackaged = false;
  enableSandbox = vi.fn();
  requestSingleInstanceLock = vi.fn(() => true);
  quit = vi.fn();
  isReady = vi.fn(() => true);
  whenReady = vi.fn(async () => undefined);
  getVersion = vi.fn(() => '9.8.7');
  /** Overrides for `getPath` (e.g. userData → a temporary folder); others are `/fake/<name>`. */
  paths: Record<string, string> = {};
  getPath = vi.fn((name: string) => this.paths[name] ?? `/fake/${name}`);
}

export const app = new FakeApp();
export const ipcMain = { handle: vi.fn() };

/** Calls the handler registered for `channel` (after registerIpcHandlers) as `event` would. */
export function callHandler<T>(event: unknown, channel: string, payload?: unknown): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  const registered = ipcMain.handle.mock.calls.find(([c]) => c === channel);
  if (!registered) throw new Error(`no handler for ${channel}`);
  return (registered[1] as (event: unknown, payload?: unknown) => Promise<{ ok: true; value: T } | { ok: false; error: string }>)(event, payload);
}

/** The value of a call that must succeed. */
export async function handlerValue<T>(event: unknown, channel: string, payload?: unknown): Promise<T> {
  const result = await callHandler<T>(event, channel, payload);
  if (!result.ok) throw new Error(`${channel} failed: ${result.error}`);
  return result.value;
}
/** The fake keychain's tags: what the deprecated synchronous API wrote, and what the asynchronous one writes. */
const SYNC_TAG = Buffer.from('KEYCHAIN:');
const ASYNC_TAG = Buffer.from('KEYCHAIN2:');

function untagged(bytes: Buffer, tag: Buffer): string | null {
  return bytes.subarray(0, tag.length).equals(tag) ? Buffer.from(bytes.subarray(tag.length)).reverse().toString('utf8') : null;
}

/**
 * safeStorage: "encrypts" by reversing and tagging the bytes, so a test sees the password is not
 * written in clear; `available` false is a system with no keychain. The asynchronous API reads
 * what the synchronous one wrote (as Electron's does) and, as after a key rotation, asks for it
 * to be encrypted again.
 */
export const safeStorage = {
  available: true,
  /** Linux only in Electron; `basic_text` is the no-keychain fallback. */
  backend: 'gnome_libsecret',
  isEncryptionAvailable: vi.fn(() => safeStorage.available),
  isAsyncEncryptionAvailable: vi.fn(async () => safeStorage.available),
  getSelectedStorageBackend: vi.fn(() => safeStorage.backend),
  encryptString: vi.fn((text: string) => Buffer.concat([SYNC_TAG, Buffer.from(text, 'utf8').reverse()])),
  decryptString: vi.fn((bytes: Buffer) => {
    const text = untagged(bytes, SYNC_TAG);
    if (text === null) throw new Error('not ours');
    return text;
  }),
  encryptStringAsync: vi.fn(async (text: string) => Buffer.concat([ASYNC_TAG, Buffer.from(text, 'utf8').reverse()])),
  decryptStringAsync: vi.fn(async (bytes: Buffer) => {
    const current = untagged(bytes, ASYNC_TAG);
    if (current !== null) return { result: current, shouldReEncrypt: false };
    const old = untagged(bytes, SYNC_TAG);
    if (old !== null) return { result: old, shouldReEncrypt: true };
    throw new Error('not ours');
  }),
};
/** showMessageBox answers the first button unless a test says otherwise. */
export const dialog = {
  showOpenDialog: vi.fn(),
  showSaveDialog: vi.fn(),
  showMessageBox: vi.fn(async (..._args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> => ({ response: 0, checkboxChecked: false })),
};
export const shell = { openExternal: vi.fn(async () => undefined) };
export const Menu = {
  buildFromTemplate: vi.fn((template: unknown) => ({ template })),
  setApplicationMenu: vi.fn(),
};
export const nativeTheme = Object.assign(new Emitter(), { shouldUseDarkColors: false });
export const session = { defaultSession: new FakeSession() };
export const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
export const contextBridge = { exposeInMainWorld: vi.fn() };
export const ipcRenderer = Object.assign(new Emitter(), {
  invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => ({ ok: true, value: null })),
});

/** Forgets windows, listeners and calls between tests. */
export function resetFakeElectron(): void {
  vi.clearAllMocks();
  BrowserWindow.instances = [];
  BrowserWindow.focused = null;
  app.listeners.clear();
  app.isPackaged = false;
  app.paths = {};
  dialog.showOpenDialog.mockReset();
  dialog.showSaveDialog.mockReset();
  dialog.showMessageBox.mockReset();
  dialog.showMessageBox.mockImplementation(async () => ({ response: 0, checkboxChecked: false }));
  nativeTheme.listeners.clear();
  nativeTheme.shouldUseDarkColors = false;
  ipcRenderer.listeners.clear();
  session.defaultSession = new FakeSession();
  safeStorage.available = true;
  safeStorage.backend = 'gnome_libsecret';
}

export default { app, ipcMain, dialog, shell, Menu, nativeTheme, session, protocol, contextBridge, ipcRenderer, BrowserWindow };
