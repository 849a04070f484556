/**
 * The sandboxed preload: exposes `window.fleetledger`, one named function per channel of
 * shared/ipc.ts and nothing else (no generic send, no ipcRenderer, no event objects).
 * Bundled as CJS; it may require only 'electron'.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  BRIDGE_CHANNELS,
  BRIDGE_GLOBAL,
  isMenuCommand,
  MENU_COMMAND_CHANNEL,
  type FleetledgerBridge,
  type IpcChannel,
  type IpcResult,
  type MenuCommand,
} from '../shared/ipc';

function invoke<C extends IpcChannel>(channel: C, request?: unknown): Promise<IpcResult<C>> {
  return ipcRenderer.invoke(channel, request) as Promise<IpcResult<C>>;
}

/**
 * Menu commands. One IPC listener for the page's life: a command that comes before the page
 * listens (a menu click on macOS with no window opens one, and the command is sent once its page
 * has loaded, before the app has started) is kept, the last one only, and handed to the first
 * listener.
 */
const menuListeners = new Set<(command: MenuCommand) => void>();
let pageListened = false;
let commandBeforeListening: MenuCommand | null = null;
// The renderer gets the command only: the IPC event would leak `sender` across the bridge.
ipcRenderer.on(MENU_COMMAND_CHANNEL, (_event: IpcRendererEvent, command: unknown) => {
  if (!isMenuCommand(command)) return;
  if (!pageListened) commandBeforeListening = command;
  for (const listener of [...menuListeners]) listener(command);
});

const bridge = {
  openCsvFile: (request) => invoke(BRIDGE_CHANNELS.openCsvFile, request),
  saveTextFile: (request) => invoke(BRIDGE_CHANNELS.saveTextFile, request),
  openYamlFiles: (request) => invoke(BRIDGE_CHANNELS.openYamlFiles, request),
  appInfo: () => invoke(BRIDGE_CHANNELS.appInfo),
  openExternal: (request) => invoke(BRIDGE_CHANNELS.openExternal, request),
  printToPdf: (request) => invoke(BRIDGE_CHANNELS.printToPdf, request),
  writeBackup: (request) => invoke(BRIDGE_CHANNELS.writeBackup, request),
  listBackups: () => invoke(BRIDGE_CHANNELS.listBackups),
  readBackup: (request) => invoke(BRIDGE_CHANNELS.readBackup, request),
  openBackupFile: () => invoke(BRIDGE_CHANNELS.openBackupFile),
  saveBackupAs: (request) => invoke(BRIDGE_CHANNELS.saveBackupAs, request),
  backupConfig: () => invoke(BRIDGE_CHANNELS.backupConfig),
  chooseSecondBackupFolder: () => invoke(BRIDGE_CHANNELS.chooseSecondBackupFolder),
  clearSecondBackupFolder: () => invoke(BRIDGE_CHANNELS.clearSecondBackupFolder),
  readLedgerRecord: () => invoke(BRIDGE_CHANNELS.readLedgerRecord),
  writeLedgerRecord: (request) => invoke(BRIDGE_CHANNELS.writeLedgerRecord, request),
  chooseTeamFolder: () => invoke(BRIDGE_CHANNELS.chooseTeamFolder),
  teamFolder: () => invoke(BRIDGE_CHANNELS.teamFolder),
  forgetTeamFolder: () => invoke(BRIDGE_CHANNELS.forgetTeamFolder),
  readTeamManifest: (request) => invoke(BRIDGE_CHANNELS.readTeamManifest, request),
  writeTeamManifest: (request) => invoke(BRIDGE_CHANNELS.writeTeamManifest, request),
  listTeamDevices: (request) => invoke(BRIDGE_CHANNELS.listTeamDevices, request),
  readTeamFile: (request) => invoke(BRIDGE_CHANNELS.readTeamFile, request),
  writeTeamFile: (request) => invoke(BRIDGE_CHANNELS.writeTeamFile, request),
  waitForTeamChange: (request) => invoke(BRIDGE_CHANNELS.waitForTeamChange, request),
  couchCredentials: () => invoke(BRIDGE_CHANNELS.couchCredentials),
  saveCouchCredentials: (request) => invoke(BRIDGE_CHANNELS.saveCouchCredentials, request),
  forgetCouchCredentials: () => invoke(BRIDGE_CHANNELS.forgetCouchCredentials),
  originHandedOver: (request) => invoke(BRIDGE_CHANNELS.originHandedOver, request),
  pendingOriginMove: () => invoke(BRIDGE_CHANNELS.pendingOriginMove),
  originMoveDone: () => invoke(BRIDGE_CHANNELS.originMoveDone),
  onMenuCommand: (listener: (command: MenuCommand) => void) => {
    const own = (command: MenuCommand): void => listener(command);
    menuListeners.add(own);
    if (!pageListened) {
      pageListened = true;
      const waiting = commandBeforeListening;
      commandBeforeListening = null;
      if (waiting !== null) own(waiting);
    }
    return () => {
      menuListeners.delete(own);
    };
  },
} satisfies FleetledgerBridge;

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
