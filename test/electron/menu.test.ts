import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow as ElectronBrowserWindow, MenuItemConstructorOptions } from 'electron';

vi.mock('electron', () => import('./fakeElectron'));

import { BrowserWindow, Menu, resetFakeElectron, shell } from './fakeElectron';
import { installApplicationMenu, menuTemplate, sendMenuCommand } from '../../electron/menu';
import { LEARN_MORE_URL, MENU_COMMANDS, VIEW_KEYS } from '../../shared/ipc';

type Item = MenuItemConstructorOptions;

function items(template: Item[]): Item[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}

function byLabel(template: Item[], label: string): Item {
  const item = items(template).find((i) => i.label === label);
  if (!item) throw new Error(`no menu item "${label}"`);
  return item;
}

function click(item: Item): void {
  (item.click as () => void)();
}

beforeEach(() => resetFakeElectron());

describe('menuTemplate', () => {
  const send = vi.fn();
  const openExternal = vi.fn();
  beforeEach(() => {
    send.mockReset();
    openExternal.mockReset();
  });

  it('has File, Edit, View, Window, Help on Windows/Linux', () => {
    const template = menuTemplate('linux', { send, openExternal });
    expect(template.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Window', '&Help']);
    expect(items(template).some((i) => i.role === 'quit')).toBe(true);
  });

  it('adds the app menu on macOS', () => {
    const template = menuTemplate('darwin', { send, openExternal });
    expect(template.map((m) => m.label)).toEqual(['Fleetledger', 'File', 'Edit', 'View', 'Window', 'Help']);
    const appMenu = template[0]?.submenu as Item[];
    expect(appMenu.map((i) => i.label ?? i.role ?? i.type)).toContain('About Fleetledger');
    expect(appMenu.at(-1)?.role).toBe('quit');
  });

  it('sends every menu command from some item', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      send.mockReset();
      for (const item of items(menuTemplate(platform, { send, openExternal }))) if (item.click && item.label !== 'Learn More') click(item);
      expect(new Set(send.mock.calls.map(([c]) => c))).toEqual(new Set(MENU_COMMANDS));
    }
  });

  it('maps the main items to their commands and shortcuts', () => {
    const template = menuTemplate('win32', { send, openExternal });
    const expected: [string, string, string | undefined][] = [
      ['New Lot', 'new-lot', 'CmdOrCtrl+N'],
      ['Import Lots CSV…', 'import-lots-csv', 'CmdOrCtrl+O'],
      ['Export Lots CSV…', 'export-lots-csv', 'CmdOrCtrl+Shift+E'],
      ['Lots', 'go-lots', 'Alt+1'],
      ['Pipeline', 'go-pipeline', 'Alt+2'],
      ['Shipment Certificate…', 'shipment-certificate', undefined],
      ['Back Up Now…', 'back-up-now', undefined],
      ['Restore from Backup…', 'restore-from-backup', undefined],
      ['Depreciation report', 'go-report', 'Alt+3'],
      ['Forecast and Refresh', 'go-forecast', 'Alt+4'],
      ['Own vs Rent', 'go-own-vs-rent', 'Alt+8'],
      ['Provenance', 'go-provenance', 'Alt+9'],
      ['Models', 'go-models', 'Alt+5'],
      ['Sites', 'go-sites', 'Alt+6'],
      ['Suppliers', 'go-suppliers', 'Alt+0'],
      ['Settings and Storage', 'go-settings', 'Alt+7'],
      ['Command Palette…', 'command-palette', 'CmdOrCtrl+K'],
      ['Settings', 'go-settings', undefined],
      ['About Fleetledger', 'about', undefined],
    ];
    for (const [label, command, accelerator] of expected) {
      const item = byLabel(template, label);
      expect(item.accelerator).toBe(accelerator);
      send.mockReset();
      click(item);
      expect(send).toHaveBeenCalledExactlyOnceWith(command);
    }
  });

  // The page switches views with Alt+digit (its keyboard handler and each navigation link's
  // hint, README "Keyboard"); the web build has no menu. The View menu offers the same keys, for
  // every view the navigation has, so the menu and the page give one answer.
  it('switches every view with the Alt+digit key the page handles and shows', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const template = menuTemplate(platform, { send, openExternal });
      const view = template.find((m) => m.label === 'View' || m.label === '&View')?.submenu as Item[];
      const keys = new Map<string, unknown>();
      for (const item of view) {
        if (!item.click) continue;
        send.mockReset();
        click(item);
        const command = send.mock.calls[0]?.[0] as string;
        if (command.startsWith('go-')) keys.set(command, item.accelerator);
      }
      expect(Object.fromEntries(keys)).toEqual(Object.fromEntries(Object.entries(VIEW_KEYS).map(([c, d]) => [c, `Alt+${d}`])));
    }
    // Every view command has its key.
    expect(MENU_COMMANDS.filter((c) => c.startsWith('go-')).sort()).toEqual(Object.keys(VIEW_KEYS).sort());
    // Settings elsewhere in the menu: the macOS convention (⌘,) on a Mac, no second answer on Windows/Linux.
    expect(byLabel(menuTemplate('darwin', { send, openExternal }), 'Settings…').accelerator).toBe('Cmd+,');
    expect(byLabel(menuTemplate('linux', { send, openExternal }), 'Settings').accelerator).toBeUndefined();
  });

  it('puts the backup items in the File menu, in their own group', () => {
    for (const platform of ['linux', 'darwin'] as const) {
      const template = menuTemplate(platform, { send, openExternal });
      const file = template.find((m) => m.label === 'File' || m.label === '&File')?.submenu as Item[];
      const labels = file.map((i) => i.label ?? i.role ?? i.type);
      const at = labels.indexOf('Back Up Now…');
      expect(labels.slice(at - 1, at + 3)).toEqual(['separator', 'Back Up Now…', 'Restore from Backup…', 'separator']);
    }
  });

  // README, "Moving from Snipe-IT or NetBox": the lots toolbar's Import and Export list every
  // format, "and the File menu has an entry for each".
  it('has a File menu entry for every format the lots toolbar imports and exports', () => {
    const template = menuTemplate('linux', { send, openExternal });
    const file = template.find((m) => m.label === '&File')?.submenu as Item[];
    const sent = (label: string): unknown => {
      const item = file.find((i) => i.label === label);
      if (!item) throw new Error(`no File menu item "${label}"`);
      send.mockReset();
      click(item);
      return send.mock.calls[0]?.[0];
    };
    expect(sent('Import Lots CSV…')).toBe('import-lots-csv');
    expect(sent('Import Units CSV…')).toBe('import-units-csv');
    expect(sent('Import Snipe-IT Assets CSV…')).toBe('import-snipeit');
    expect(sent('Import NetBox Device Types…')).toBe('import-netbox');
    expect(sent('Import NetBox Device Types from a Folder…')).toBe('import-netbox-folder');
    expect(sent('Export Lots CSV…')).toBe('export-lots-csv');
    expect(sent('Export Units CSV…')).toBe('export-units-csv');
    expect(sent('Export Snipe-IT Assets CSV…')).toBe('export-snipeit');
    expect(sent('Export NetBox Devices CSV…')).toBe('export-netbox');
  });

  it('uses no accelerator twice', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const accelerators = items(menuTemplate(platform, { send, openExternal })).flatMap((i) => (i.accelerator ? [String(i.accelerator)] : []));
      expect(new Set(accelerators).size).toBe(accelerators.length);
    }
  });

  it('has the standard view roles', () => {
    const roles = items(menuTemplate('linux', { send, openExternal })).map((i) => i.role);
    for (const role of ['reload', 'toggleDevTools', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen', 'copy', 'paste', 'minimize']) {
      expect(roles).toContain(role);
    }
  });

  it('offers the developer tools only in an unpackaged app', () => {
    const roles = (packaged: boolean) => items(menuTemplate('linux', { send, openExternal, packaged })).map((i) => i.role);
    expect(roles(false)).toContain('toggleDevTools');
    expect(roles(true)).not.toContain('toggleDevTools');
  });

  it('Learn More opens the allow-listed site', () => {
    click(byLabel(menuTemplate('linux', { send, openExternal }), 'Learn More'));
    expect(openExternal).toHaveBeenCalledExactlyOnceWith(LEARN_MORE_URL);
  });
});

describe('sendMenuCommand', () => {
  it('sends the typed command to the focused window', () => {
    const other = new BrowserWindow();
    const focused = new BrowserWindow();
    BrowserWindow.focused = focused;
    sendMenuCommand('go-pipeline');
    expect(focused.webContents.send).toHaveBeenCalledExactlyOnceWith('menu:command', 'go-pipeline');
    expect(other.webContents.send).not.toHaveBeenCalled();
  });

  it('falls back to the first window, and does nothing with none when it cannot open one', () => {
    sendMenuCommand('about');
    const only = new BrowserWindow();
    sendMenuCommand('about');
    expect(only.webContents.send).toHaveBeenCalledExactlyOnceWith('menu:command', 'about');
  });

  it('with no window, opens one and sends the command once its page has loaded', () => {
    const openWindow = vi.fn(() => new BrowserWindow());
    const open = openWindow as unknown as () => ElectronBrowserWindow;
    sendMenuCommand('restore-from-backup', open);
    expect(openWindow).toHaveBeenCalledTimes(1);
    const opened = BrowserWindow.instances[0] as BrowserWindow;
    expect(opened.webContents.send).not.toHaveBeenCalled();
    opened.webContents.emit('did-finish-load');
    expect(opened.webContents.send).toHaveBeenCalledExactlyOnceWith('menu:command', 'restore-from-backup');
    // A window there: no other is opened.
    sendMenuCommand('go-lots', open);
    expect(openWindow).toHaveBeenCalledTimes(1);
  });
});

describe('installApplicationMenu', () => {
  it('sets the menu, whose Learn More goes through the allow-list', () => {
    installApplicationMenu('linux');
    expect(Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
    const template = (Menu.buildFromTemplate.mock.calls[0] as [Item[]])[0];
    click(byLabel(template, 'Learn More'));
    expect(shell.openExternal).toHaveBeenCalledExactlyOnceWith(LEARN_MORE_URL);
  });
});
