/**
 * The desktop app's team folder channels (electron/teamSyncHandlers.ts) with `electron` faked:
 * the chosen folder is remembered, the renderer reads and writes only the ledger's own files in
 * it (segments and heads, in devices/<id>/, whole), paths and other names are refused, and a
 * change in the folder ends a wait at once.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fakeElectron'));

import { app, BrowserWindow, callHandler, dialog, handlerValue, resetFakeElectron } from './fakeElectron';
import { registerIpcHandlers } from '../../electron/ipcHandlers';
import { MAX_TEAM_FILE_BYTES, type IpcChannel, type TeamDeviceListing, type TeamFolderInfo } from '../../shared/ipc';
import type { Result } from '../../shared/result';

let root: string;
let shared: string;
let event: IpcMainInvokeEvent;

function call<T>(channel: IpcChannel, payload?: unknown): Promise<Result<T>> {
  return callHandler<T>(event, channel, payload);
}

function value<T>(channel: IpcChannel, payload?: unknown): Promise<T> {
  return handlerValue<T>(event, channel, payload);
}

beforeEach(() => {
  resetFakeElectron();
  root = mkdtempSync(join(tmpdir(), 'fleetledger-team-ipc-'));
  const userData = join(root, 'userData');
  shared = join(root, 'Team share');
  mkdirSync(userData);
  mkdirSync(shared);
  app.paths = { userData, documents: root };
  const window = new BrowserWindow();
  event = { sender: window.webContents, senderFrame: null } as unknown as IpcMainInvokeEvent;
  registerIpcHandlers(() => true);
});

afterEach(async () => {
  await call('team:forget-folder');
  rmSync(root, { recursive: true, force: true });
});

const LEDGER = '5b3f0c3e-1111-4222-8333-944445555666';
const DEVICE = 'd2b4c6e8-aaaa-4bbb-8ccc-ddddeeeeffff';

async function choose(): Promise<TeamFolderInfo | null> {
  dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [shared] });
  return value<TeamFolderInfo | null>('team:choose-folder');
}

describe('the team folder channels', () => {
  it('remember the chosen folder and list the ledgers in it', async () => {
    expect(await value('team:folder')).toBeNull();
    mkdirSync(join(shared, `fleetledger-${LEDGER}`));
    expect(await choose()).toEqual({ name: 'Team share', path: shared, ledgers: [`fleetledger-${LEDGER}`] });
    expect(await value('team:folder')).toEqual({ name: 'Team share', path: shared, ledgers: [`fleetledger-${LEDGER}`] });
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await value('team:choose-folder')).toBeNull();
    expect(await value('team:forget-folder')).toBe(true);
    expect(await value('team:folder')).toBeNull();
  });

  it('write the manifest and a device’s segment and head whole, and read them back', async () => {
    await choose();
    const ledgerDir = join(shared, `fleetledger-${LEDGER}`);
    expect(await value('team:read-manifest', { ledgerId: LEDGER })).toBeNull();
    await value('team:write-manifest', { ledgerId: LEDGER, text: '{"format":"fleetledger-folder"}\n' });
    expect(readFileSync(join(ledgerDir, 'ledger.json'), 'utf8')).toBe('{"format":"fleetledger-folder"}\n');
    const bytes = new Uint8Array([31, 139, 8, 0, 1, 2, 3]);
    await value('team:write-file', { ledgerId: LEDGER, device: DEVICE, name: '00000001.jsonl.gz', bytes });
    await value('team:write-file', { ledgerId: LEDGER, device: DEVICE, name: 'head.json', bytes: new TextEncoder().encode('{}\n') });
    expect(readdirSync(join(ledgerDir, 'devices', DEVICE)).sort()).toEqual(['00000001.jsonl.gz', 'head.json']);
    expect(await value<TeamDeviceListing[]>('team:list-devices', { ledgerId: LEDGER })).toEqual([
      { device: DEVICE, files: [{ name: '00000001.jsonl.gz', size: 7 }, { name: 'head.json', size: 3 }] },
    ]);
    expect(await value('team:read-file', { ledgerId: LEDGER, device: DEVICE, name: '00000001.jsonl.gz' })).toEqual(bytes);
    expect(await value('team:read-file', { ledgerId: LEDGER, device: DEVICE, name: '00000002.jsonl.gz' })).toBeNull();
  });

  it('refuse paths, other names and other folders’ ids, writing nothing', async () => {
    await choose();
    const bytes = new Uint8Array([1]);
    for (const payload of [
      { ledgerId: LEDGER, device: DEVICE, name: '../ledger.json', bytes },
      { ledgerId: LEDGER, device: DEVICE, name: 'notes.txt', bytes },
      { ledgerId: LEDGER, device: '../other', name: 'head.json', bytes },
      { ledgerId: '../..', device: DEVICE, name: 'head.json', bytes },
      { ledgerId: LEDGER, device: DEVICE, name: 'head.json', bytes: 'not bytes' },
    ]) {
      expect((await call('team:write-file', payload)).ok, JSON.stringify(payload)).toBe(false);
    }
    expect((await call('team:read-file', { ledgerId: LEDGER, device: DEVICE, name: '../../../etc/passwd' })).ok).toBe(false);
    expect(readdirSync(shared)).toEqual([]);
  });

  it('refuse to read a file larger than any of the ledger’s (a stray file under a segment’s name), reading none of it', async () => {
    await choose();
    const dir = join(shared, `fleetledger-${LEDGER}`, 'devices', DEVICE);
    mkdirSync(dir, { recursive: true });
    // Sparse: MAX_TEAM_FILE_BYTES + 1 bytes on paper, none on the disk.
    writeFileSync(join(dir, '00000001.jsonl.gz'), '');
    truncateSync(join(dir, '00000001.jsonl.gz'), MAX_TEAM_FILE_BYTES + 1);
    const read = await call('team:read-file', { ledgerId: LEDGER, device: DEVICE, name: '00000001.jsonl.gz' });
    // Not toEqual on the whole result: a failure would print 64 MB of bytes.
    expect(read.ok).toBe(false);
    expect(read.ok ? null : read.error).toBe(
      `The team folder could not be read or written: 00000001.jsonl.gz of device ${DEVICE} is 64.0 MB, larger than any file of a team folder (at most 64 MB): it was not read.`,
    );
  });

  it('refuse to read a ledger.json larger than any file of a team folder', async () => {
    await choose();
    const dir = join(shared, `fleetledger-${LEDGER}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'ledger.json'), '');
    truncateSync(join(dir, 'ledger.json'), MAX_TEAM_FILE_BYTES + 1);
    const read = await call('team:read-manifest', { ledgerId: LEDGER });
    expect(read.ok).toBe(false);
    expect(read.ok ? null : read.error).toBe('The team folder could not be read or written: ledger.json is 64.0 MB, larger than any file of a team folder (at most 64 MB): it was not read.');
  });

  it('never follow a link out of the ledger’s folder: a device’s folder, devices/ itself, or a file (put there by hand or by a sync tool)', async () => {
    await choose();
    const ledgerDir = join(shared, `fleetledger-${LEDGER}`);
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'head.json'), 'a secret of this computer');
    const bytes = new Uint8Array([31, 139, 8, 0]);
    const refusedFolder = `The team folder could not be read or written: devices/${DEVICE} in the team folder is a link to another place, not a folder: Fleetledger reads and writes only inside the ledger's folder. Remove the link.`;

    // This device's folder is a link to a folder elsewhere on the computer.
    mkdirSync(join(ledgerDir, 'devices'), { recursive: true });
    symlinkSync(elsewhere, join(ledgerDir, 'devices', DEVICE), 'dir');
    expect(await call('team:write-file', { ledgerId: LEDGER, device: DEVICE, name: '00000001.jsonl.gz', bytes })).toEqual({ ok: false, error: refusedFolder });
    expect(await call('team:write-file', { ledgerId: LEDGER, device: DEVICE, name: 'head.json', bytes })).toEqual({ ok: false, error: refusedFolder });
    expect(await call('team:read-file', { ledgerId: LEDGER, device: DEVICE, name: 'head.json' })).toEqual({ ok: false, error: refusedFolder });
    expect(await value('team:list-devices', { ledgerId: LEDGER })).toEqual([]);
    expect(readdirSync(elsewhere)).toEqual(['head.json']);
    expect(readFileSync(join(elsewhere, 'head.json'), 'utf8')).toBe('a secret of this computer');

    // devices/ itself is a link.
    rmSync(join(ledgerDir, 'devices'), { recursive: true });
    symlinkSync(elsewhere, join(ledgerDir, 'devices'), 'dir');
    const refusedDevices = "The team folder could not be read or written: devices in the team folder is a link to another place, not a folder: Fleetledger reads and writes only inside the ledger's folder. Remove the link.";
    expect(await call('team:write-file', { ledgerId: LEDGER, device: DEVICE, name: 'head.json', bytes })).toEqual({ ok: false, error: refusedDevices });
    expect(await call('team:list-devices', { ledgerId: LEDGER })).toEqual({ ok: false, error: refusedDevices });
    expect(readdirSync(elsewhere)).toEqual(['head.json']);

    // A file under a ledger file's name is a link to a file elsewhere.
    rmSync(join(ledgerDir, 'devices'));
    mkdirSync(join(ledgerDir, 'devices', DEVICE), { recursive: true });
    symlinkSync(join(elsewhere, 'head.json'), join(ledgerDir, 'devices', DEVICE, 'head.json'));
    expect(await call('team:read-file', { ledgerId: LEDGER, device: DEVICE, name: 'head.json' })).toEqual({
      ok: false,
      error: `The team folder could not be read or written: head.json of device ${DEVICE} is a link to another place, not a file of the ledger: it was not read. Remove the link.`,
    });

    // A named pipe under a ledger file's name: opened, it would block the read until something wrote to it.
    rmSync(join(ledgerDir, 'devices', DEVICE, 'head.json'));
    execFileSync('mkfifo', [join(ledgerDir, 'devices', DEVICE, 'head.json')]);
    expect(await call('team:read-file', { ledgerId: LEDGER, device: DEVICE, name: 'head.json' })).toEqual({
      ok: false,
      error: `The team folder could not be read or written: head.json of device ${DEVICE} is not a plain file (a folder, a pipe or a device): it was not read.`,
    });
  });

  it('never make the chosen folder again once it is gone (moved, renamed, its drive pulled): a write says so and writes nothing', async () => {
    await choose();
    await value('team:write-manifest', { ledgerId: LEDGER, text: '{}\n' });
    renameSync(shared, `${shared} (moved)`);
    const gone =
      `${shared} is not there any more: it was moved, renamed or deleted, or its drive is disconnected. Nothing was written. ` +
      'Once it is back, sync goes on; if it has moved, choose it again: Stop syncing on this device, then Join a ledger in a folder… and Merge this device’s data in.';
    // What a round reads before it writes: nothing there, which the round says (shared/sync/folderSync.ts).
    expect(await call('team:read-manifest', { ledgerId: LEDGER })).toEqual({ ok: true, value: null });
    expect(await call('team:write-file', { ledgerId: LEDGER, device: DEVICE, name: 'head.json', bytes: new TextEncoder().encode('{}\n') })).toEqual({ ok: false, error: gone });
    expect(await call('team:write-manifest', { ledgerId: LEDGER, text: '{}\n' })).toEqual({ ok: false, error: gone });
    expect(existsSync(shared)).toBe(false);
    expect(readdirSync(join(`${shared} (moved)`, `fleetledger-${LEDGER}`))).toEqual(['ledger.json']);
  });

  it('say when no folder is chosen', async () => {
    expect(await call('team:list-devices', { ledgerId: LEDGER })).toEqual({ ok: false, error: 'No team folder is chosen on this device: choose it in Settings → Team sync.' });
  });

  it('end a wait when a file changes in the ledger’s folder, and after the timeout otherwise', async () => {
    await choose();
    // No ledger folder yet: the wait ends at its timeout, and nothing is created in the team folder.
    expect(await value('team:wait-for-change', { ledgerId: LEDGER, timeoutMs: 50 })).toBe(false);
    expect(readdirSync(shared)).toEqual([]);
    mkdirSync(join(shared, `fleetledger-${LEDGER}`));
    expect(await value('team:wait-for-change', { ledgerId: LEDGER, timeoutMs: 50 })).toBe(false);
    const waiting = value<boolean>('team:wait-for-change', { ledgerId: LEDGER, timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 100));
    mkdirSync(join(shared, `fleetledger-${LEDGER}`, 'devices', DEVICE), { recursive: true });
    writeFileSync(join(shared, `fleetledger-${LEDGER}`, 'devices', DEVICE, 'head.json'), '{}');
    expect(await waiting).toBe(true);
  });

  it('end the next wait at once for a change made while no one waited (during the round the last change started)', async () => {
    await choose();
    const devices = join(shared, `fleetledger-${LEDGER}`, 'devices', DEVICE);
    mkdirSync(devices, { recursive: true });
    const first = value<boolean>('team:wait-for-change', { ledgerId: LEDGER, timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 100));
    writeFileSync(join(devices, '.syncthing.00000001.jsonl.gz.tmp'), 'x');
    expect(await first).toBe(true);
    // The round runs; meanwhile the sync tool puts the segment in place.
    writeFileSync(join(devices, '00000001.jsonl.gz'), 'x');
    await new Promise((r) => setTimeout(r, 300));
    expect(await value('team:wait-for-change', { ledgerId: LEDGER, timeoutMs: 3_000 })).toBe(true);
    // Heard once: the wait after it ends at its timeout when nothing changes.
    expect(await value('team:wait-for-change', { ledgerId: LEDGER, timeoutMs: 50 })).toBe(false);
  });

  it('keep ending waits at a change after the ledger’s folder went away and came back (a share unmounted, a USB drive pulled)', async () => {
    await choose();
    const ledgerDir = join(shared, `fleetledger-${LEDGER}`);
    mkdirSync(ledgerDir);
    // Watching starts with this wait; the folder then goes away, which ends it.
    const first = value<boolean>('team:wait-for-change', { ledgerId: LEDGER, timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 100));
    rmSync(ledgerDir, { recursive: true });
    expect(await first).toBe(true);
    // Back again (remounted): a teammate's change must end the next wait at once, not at its timeout.
    mkdirSync(ledgerDir);
    // A wait that reaches its timeout answers false: true is the change heard, however slow the machine.
    const waiting = value<boolean>('team:wait-for-change', { ledgerId: LEDGER, timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 100));
    mkdirSync(join(ledgerDir, 'devices', DEVICE), { recursive: true });
    writeFileSync(join(ledgerDir, 'devices', DEVICE, 'head.json'), '{}');
    expect(await waiting).toBe(true);
  });
});
