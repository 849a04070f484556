import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fakeElectron'));

import { contextBridge, ipcRenderer } from './fakeElectron';
import type { FleetledgerBridge, MenuCommand } from '../../shared/ipc';

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
    expect(Object.keys(bridge).sort()).toEqual(['appInfo', 'onMenuCommand', 'openCsvFile', 'openExternal', 'printToPdf', 'saveTextFile']);
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

  it('returns what main resolved', async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, error: 'nope' });
    expect(await bridge.printToPdf({ suggestedName: 'c.pdf' })).toEqual({ ok: false, error: 'nope' });
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
    expect(ipcRenderer.count('menu:command')).toBe(0);
    ipcRenderer.emit('menu:command', event, 'about');
    expect(seen).toHaveLength(1);
  });
});
