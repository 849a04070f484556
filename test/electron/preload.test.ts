import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fakeElectron'));

import { contextBridge, ipcRenderer } from './fakeElectron';
import { BRIDGE_CHANNELS, type FleetledgerBridge, type LedgerRecord, type MenuCommand } from '../../shared/ipc';

let bridge: FleetledgerBridge;

beforeAll(async () => {
  await import('../../electron/preload');
  const [name, api] = contextBridge.exposeInMainWorld.mock.calls[0] as [string, FleetledgerBridge];
  expect(name).toBe('fleetledger');
  bridge = api;
});

beforeEach(() => {
  ipcRenderer.invoke.mockClear();
});

describe('preload bridge', () => {
  it('exposes one named function per channel and nothing generic', () => {
    expect(Object.keys(bridge).sort()).toEqual([...Object.keys(BRIDGE_CHANNELS), 'onMenuCommand'].sort());
    expect(Object.keys(bridge)).toEqual(
      expect.arrayContaining([
        'writeBackup',
        'listBackups',
        'readBackup',
        'openBackupFile',
        'saveBackupAs',
        'backupConfig',
        'chooseSecondBackupFolder',
        'clearSecondBackupFolder',
        'readLedgerRecord',
        'writeLedgerRecord',
      ]),
    );
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
  });

  it('invokes the matching channel with the request', async () => {
    await bridge.openCsvFile({ title: 'Import' });
    await bridge.saveTextFile({ suggestedName: 'a.csv', text: 'x', kind: 'csv' });
    await bridge.appInfo();
    await bridge.openExternal({ url: 'https://github.com/' });
    await bridge.printToPdf({ suggestedName: 'c.pdf' });
    expect(ipcRenderer.invoke.mock.calls).toEqual([
      ['file:open-csv', { title: 'Import' }],
      ['file:save-text', { suggestedName: 'a.csv', text: 'x', kind: 'csv' }],
      ['app:info', undefined],
      ['shell:open-external', { url: 'https://github.com/' }],
      ['print:to-pdf', { suggestedName: 'c.pdf' }],
    ]);
  });

  it('invokes the backup and ledger-record channels', async () => {
    const bytes = new Uint8Array([31, 139, 8]);
    const record: LedgerRecord = { ledgerId: 'L1', devices: { dev_1: 42 }, updatedAt: '2026-12-05T10:00:00.000Z' };
    await bridge.writeBackup({ bytes, ledgerStem: 'Fleetledger', date: '2026-12-05', reason: 'manual' });
    await bridge.listBackups();
    await bridge.readBackup({ name: 'Fleetledger-2026-12-05.fleetledger' });
    await bridge.openBackupFile();
    await bridge.saveBackupAs({ suggestedName: 'Fleetledger.fleetledger', bytes });
    await bridge.backupConfig();
    await bridge.chooseSecondBackupFolder();
    await bridge.clearSecondBackupFolder();
    await bridge.readLedgerRecord();
    await bridge.writeLedgerRecord(record);
    expect(ipcRenderer.invoke.mock.calls).toEqual([
      ['backup:write', { bytes, ledgerStem: 'Fleetledger', date: '2026-12-05', reason: 'manual' }],
      ['backup:list', undefined],
      ['backup:read', { name: 'Fleetledger-2026-12-05.fleetledger' }],
      ['backup:open', undefined],
      ['backup:save-as', { suggestedName: 'Fleetledger.fleetledger', bytes }],
      ['backup:config', undefined],
      ['backup:choose-second-folder', undefined],
      ['backup:clear-second-folder', undefined],
      ['ledger:read-record', undefined],
      ['ledger:write-record', record],
    ]);
  });

  it('passes nothing for the channels without a request, whatever the page hands in', async () => {
    const loose = bridge as unknown as Record<string, (payload?: unknown) => Promise<unknown>>;
    for (const name of ['listBackups', 'openBackupFile', 'backupConfig', 'chooseSecondBackupFolder', 'clearSecondBackupFolder', 'readLedgerRecord']) {
      await loose[name]?.({ path: '/etc' });
    }
    expect(ipcRenderer.invoke.mock.calls.every(([, payload]) => payload === undefined)).toBe(true);
    expect(ipcRenderer.invoke).toHaveBeenCalledTimes(6);
  });

  it('returns what main resolved', async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, error: 'nope' });
    expect(await bridge.printToPdf({ suggestedName: 'c.pdf' })).toEqual({ ok: false, error: 'nope' });
  });

  it('keeps a menu command that comes before the page listens (a window opened for it), the last valid one, for the first listener only', () => {
    const event = { sender: ipcRenderer };
    ipcRenderer.emit('menu:command', event, 'go-lots');
    ipcRenderer.emit('menu:command', event, 'back-up-now');
    ipcRenderer.emit('menu:command', event, 'rm -rf');
    const first: unknown[][] = [];
    bridge.onMenuCommand((...args: MenuCommand[]) => first.push(args))();
    expect(first).toEqual([['back-up-now']]);
    const second: unknown[][] = [];
    bridge.onMenuCommand((...args: MenuCommand[]) => second.push(args))();
    expect(second).toEqual([]);
  });

  it('passes menu commands (only valid ones, without the IPC event) until unsubscribed', () => {
    const seen: unknown[][] = [];
    const unsubscribe = bridge.onMenuCommand((...args: MenuCommand[]) => seen.push(args));
    const event = { sender: ipcRenderer };
    ipcRenderer.emit('menu:command', event, 'go-lots');
    ipcRenderer.emit('menu:command', event, 'rm -rf');
    ipcRenderer.emit('menu:command', event, { command: 'go-lots' });
    expect(seen).toEqual([['go-lots']]);
    unsubscribe();
    ipcRenderer.emit('menu:command', event, 'about');
    expect(seen).toHaveLength(1);
    // One IPC listener for the page's life, whatever the page subscribes.
    expect(ipcRenderer.count('menu:command')).toBe(1);
  });
});
