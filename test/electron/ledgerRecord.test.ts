import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';

vi.mock('electron', () => import('./fakeElectron'));

import { app, BrowserWindow, ipcMain, resetFakeElectron } from './fakeElectron';
import { registerIpcHandlers } from '../../electron/ipcHandlers';
import type { IpcChannel, LedgerRecord } from '../../shared/ipc';

type Handler = (event: IpcMainInvokeEvent, payload?: unknown) => Promise<unknown>;

let root: string;
let userData: string;
let recordPath: string;
let trusted: boolean;
let event: IpcMainInvokeEvent;

function call(channel: IpcChannel, payload?: unknown): Promise<unknown> {
  const registered = ipcMain.handle.mock.calls.find(([c]) => c === channel);
  if (!registered) throw new Error(`no handler for ${channel}`);
  return (registered[1] as Handler)(event, payload);
}

const record: LedgerRecord = {
  ledgerId: '01JEX5Q4N8ZK3M',
  devices: { 'laptop-7Fq': 1204, desk_2: 0 },
  updatedAt: '2026-12-05T09:30:07.000Z',
};

beforeEach(() => {
  resetFakeElectron();
  root = mkdtempSync(join(tmpdir(), 'fleetledger-record-'));
  userData = join(root, 'userData');
  mkdirSync(userData);
  recordPath = join(userData, 'ledger-record.json');
  app.paths = { userData };
  trusted = true;
  const window = new BrowserWindow();
  event = { sender: window.webContents, senderFrame: null } as unknown as IpcMainInvokeEvent;
  registerIpcHandlers(() => trusted);
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('ledger record', () => {
  it('is null on a new installation', async () => {
    expect(await call('ledger:read-record')).toEqual({ ok: true, value: null });
  });

  it('reads back what was written', async () => {
    expect(await call('ledger:write-record', record)).toEqual({ ok: true, value: true });
    expect(await call('ledger:read-record')).toEqual({ ok: true, value: record });
    expect(JSON.parse(readFileSync(recordPath, 'utf8'))).toEqual(record);
  });

  it('is replaced atomically, leaving no temporary file', async () => {
    await call('ledger:write-record', record);
    const next = { ...record, devices: { ...record.devices, desk_2: 17 }, updatedAt: '2026-12-06T08:00:00.000Z' };
    await call('ledger:write-record', next);
    expect(await call('ledger:read-record')).toEqual({ ok: true, value: next });
    expect(readdirSync(userData)).toEqual(['ledger-record.json']);
  });

  it.each([
    ['', 'it is not valid JSON (Unexpected end of JSON input)'],
    ['{"ledgerId": "L", "devices": {', 'it is not valid JSON'],
    ['null', 'the request must be an object, got null'],
    ['{"ledgerId": "L", "devices": {"d": -3}, "updatedAt": "x"}', '"devices.d" must be a whole number ≥ 0, got -3'],
    ['{"ledgerId": "", "devices": {}, "updatedAt": "x"}', '"ledgerId" is empty'],
  ])('a damaged file (%j) is an error that says so, never null', async (text, reason) => {
    writeFileSync(recordPath, text);
    const result = (await call('ledger:read-record')) as { ok: boolean; error: string };
    expect(result.ok).toBe(false);
    expect(result.error.startsWith(`The ledger record (${recordPath}) is damaged: ${reason}`)).toBe(true);
  });

  it('reports a record it cannot read', async () => {
    mkdirSync(recordPath);
    expect(await call('ledger:read-record')).toEqual({ ok: false, error: `Could not read the ledger record (${recordPath}): it is a folder, not a file.` });
  });

  it('reports a record it cannot write', async () => {
    await call('ledger:write-record', record);
    rmSync(userData, { recursive: true });
    writeFileSync(userData, 'not a folder');
    expect(await call('ledger:write-record', record)).toEqual({
      ok: false,
      error: `Could not save the ledger record (${recordPath}): a file of that name is in the way.`,
    });
  });

  it('refuses a bad record and a foreign sender without touching the file', async () => {
    expect(await call('ledger:write-record', { ...record, devices: { 'a/b': 1 } })).toEqual({
      ok: false,
      error: 'ledger:write-record: "devices" has a key that is not a device id: "a/b"',
    });
    trusted = false;
    expect(await call('ledger:write-record', record)).toEqual({
      ok: false,
      error: 'ledger:write-record: refused, the request did not come from the Fleetledger window.',
    });
    expect(readdirSync(userData)).toEqual([]);
  });
});
