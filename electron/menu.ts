/**
 * The application menu. Items that belong to the app send a typed `MenuCommand` to the
 * focused window; the renderer decides what it means. Everything else is a standard role.
 */
import { BrowserWindow, Menu, type MenuItemConstructorOptions } from 'electron';
import { LEARN_MORE_URL, MENU_COMMAND_CHANNEL, VIEW_KEYS, type IpcEvents, type MenuCommand } from '../shared/ipc';
import { openExternalIfAllowed } from './security';

export interface MenuActions {
  send: (command: MenuCommand) => void;
  openExternal: (url: string) => void;
  /** The packaged app has no developer tools in its menu (they would open the page to anyone at the keyboard). */
  packaged?: boolean;
}

/**
 * Sends to the focused window, else the first one (a macOS menu click can come with none focused).
 * With no window at all (on macOS the app and its menu stay when the last window is closed),
 * `openWindow` opens the app's window and the command goes to it once its page has loaded (the
 * preload keeps it until the app listens): File → Back Up Now… then backs up, as it says.
 */
export function sendMenuCommand(command: MenuCommand, openWindow?: () => BrowserWindow): void {
  const payload: IpcEvents[typeof MENU_COMMAND_CHANNEL] = command;
  const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  if (window && !window.isDestroyed()) {
    window.webContents.send(MENU_COMMAND_CHANNEL, payload);
    return;
  }
  if (!openWindow) return;
  const opened = openWindow();
  opened.webContents.once('did-finish-load', () => {
    if (!opened.isDestroyed()) opened.webContents.send(MENU_COMMAND_CHANNEL, payload);
  });
}

export function menuTemplate(platform: NodeJS.Platform, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  // Access-key mnemonics (Alt+F…) are a Windows/Linux convention.
  const top = (name: string): string => (mac ? name : `&${name}`);
  const command = (label: string, cmd: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    click: () => actions.send(cmd),
    ...(accelerator ? { accelerator } : {}),
  });
  // The views switch with Alt+digit, as the page does and shows (VIEW_KEYS). Settings keeps ⌘, on
  // a Mac, where every app has it; on Windows/Linux its key is the View menu's Alt+7 alone.
  const go = (label: string, cmd: keyof typeof VIEW_KEYS): MenuItemConstructorOptions => command(label, cmd, `Alt+${VIEW_KEYS[cmd]}`);
  const settings = command(mac ? 'Settings…' : 'Settings', 'go-settings', mac ? 'Cmd+,' : undefined);
  const about = command('About Fleetledger', 'about');

  const appMenu: MenuItemConstructorOptions[] = mac
    ? [
        {
          label: 'Fleetledger',
          submenu: [
            about,
            { type: 'separator' },
            settings,
            { type: 'separator' },
            { role: 'services' },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        },
      ]
    : [];

  const file: MenuItemConstructorOptions = {
    label: top('File'),
    submenu: [
      command('New Lot', 'new-lot', 'CmdOrCtrl+N'),
      command('Import Lots CSV…', 'import-lots-csv', 'CmdOrCtrl+O'),
      command('Import Units CSV…', 'import-units-csv'),
      command('Import Snipe-IT Assets CSV…', 'import-snipeit'),
      command('Import NetBox Device Types…', 'import-netbox'),
      command('Import NetBox Device Types from a Folder…', 'import-netbox-folder'),
      command('Export Lots CSV…', 'export-lots-csv', 'CmdOrCtrl+Shift+E'),
      command('Export Units CSV…', 'export-units-csv'),
      command('Export Snipe-IT Assets CSV…', 'export-snipeit'),
      command('Export NetBox Devices CSV…', 'export-netbox'),
      { type: 'separator' },
      command('Shipment Certificate…', 'shipment-certificate'),
      { type: 'separator' },
      command('Back Up Now…', 'back-up-now'),
      command('Restore from Backup…', 'restore-from-backup'),
      { type: 'separator' },
      ...(mac ? [{ role: 'close' } as const] : [settings, { type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: top('Edit'),
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
      { role: 'delete' },
      { type: 'separator' },
      { role: 'selectAll' },
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: top('View'),
    submenu: [
      // In the navigation's order.
      go('Lots', 'go-lots'),
      go('Pipeline', 'go-pipeline'),
      go('Depreciation report', 'go-report'),
      go('Forecast and Refresh', 'go-forecast'),
      go('Models', 'go-models'),
      go('Sites', 'go-sites'),
      go('Suppliers', 'go-suppliers'),
      go('Settings and Storage', 'go-settings'),
      go('Own vs Rent', 'go-own-vs-rent'),
      go('Provenance', 'go-provenance'),
      command('Command Palette…', 'command-palette', 'CmdOrCtrl+K'),
      { type: 'separator' },
      { role: 'reload' },
      { role: 'forceReload' },
      ...(actions.packaged === true ? [] : [{ role: 'toggleDevTools' } as const]),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };

  const window: MenuItemConstructorOptions = {
    label: top('Window'),
    submenu: mac
      ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }, { type: 'separator' }, { role: 'window' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  };

  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: top('Help'),
    submenu: [
      ...(mac ? [] : [about, { type: 'separator' } as const]),
      { label: 'Learn More', click: () => actions.openExternal(LEARN_MORE_URL) },
    ],
  };

  return [...appMenu, file, edit, view, window, help];
}

/** `openWindow` opens the app's window, for a menu command given when there is none (macOS). */
export function installApplicationMenu(platform: NodeJS.Platform = process.platform, packaged = true, openWindow?: () => BrowserWindow): void {
  const template = menuTemplate(platform, {
    packaged,
    send: (command) => sendMenuCommand(command, openWindow),
    openExternal: (url) => {
      openExternalIfAllowed(url);
    },
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
