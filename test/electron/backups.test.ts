import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, sep } from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import type * as FsPromises from 'node:fs/promises';

// Lets a test make removing one file fail (EBUSY), which root cannot get from permissions.
const { unremovable } = vi.hoisted(() => ({ unremovable: new Set<string>() }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof FsPromises>();
  return {
    ...actual,
    rm: vi.fn(async (path: string, options?: Parameters<typeof actual.rm>[1]) => {
      if (unremovable.has(basename(String(path)))) throw Object.assign(new Error(`EBUSY: resource busy or locked, unlink '${path}'`), { code: 'EBUSY' });
      return actual.rm(path, options);
    }),
  };
});
vi.mock('electron', () => import('./fakeElectron'));

import { app, BrowserWindow, callHandler, dialog, handlerValue, resetFakeElectron } from './fakeElectron';
import { registerIpcHandlers } from '../../electron/ipcHandlers';
import { addDays } from '../../shared/dates';
import type { BackupEntry, BackupWritten, IpcChannel, OpenedBackupFile } from '../../shared/ipc';
import { backupFileName, savedBackupFileName } from '../../shared/ledger/backupRotation';
import { encodeBackupFile } from '../../shared/ledger/backupFormat';
import { createHash } from 'node:crypto';
import type { Result } from '../../shared/result';

let root: string;
let userData: string;
let documents: string;
let backups: string;
let window: BrowserWindow;
let event: IpcMainInvokeEvent;

function call<T>(channel: IpcChannel, payload?: unknown): Promise<Result<T>> {
  return callHandler<T>(event, channel, payload);
}

function value<T>(channel: IpcChannel, payload?: unknown): Promise<T> {
  return handlerValue<T>(event, channel, payload);
}

const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);

function write(date: string, reason = 'daily', data = bytes(31, 139, 8, 0), ledgerStem = 'Fleetledger'): Promise<Result<BackupWritten>> {
  return call<BackupWritten>('backup:write', { bytes: data, ledgerStem, date, reason });
}

function files(folder: string): string[] {
  return readdirSync(folder).sort();
}

function chooseFolder(path: string | null): void {
  dialog.showOpenDialog.mockResolvedValueOnce(path === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [path] });
}

beforeEach(() => {
  resetFakeElectron();
  unremovable.clear();
  root = mkdtempSync(join(tmpdir(), 'fleetledger-backups-'));
  userData = join(root, 'userData');
  documents = join(root, 'Documents');
  mkdirSync(userData);
  mkdirSync(documents);
  backups = join(userData, 'backups');
  app.paths = { userData, documents };
  window = new BrowserWindow();
  event = { sender: window.webContents, senderFrame: null } as unknown as IpcMainInvokeEvent;
  registerIpcHandlers(() => true);
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(2026, 11, 5, 9, 30, 7)); // local time: names carry 093007
});

afterEach(() => {
  vi.useRealTimers();
  rmSync(root, { recursive: true, force: true });
});

describe('backup:write, backup:list, backup:read', () => {
  it('round-trips: the written backup is listed and reads back byte for byte', async () => {
    const data = bytes(31, 139, 8, 0, 1, 2, 3, 255);
    const written = await value<BackupWritten>('backup:write', { bytes: data, ledgerStem: 'Acme', date: '2026-12-05', reason: 'manual' });
    const name = 'Acme-2026-12-05-093007-manual.fleetledger';
    expect(written).toEqual({
      entry: { name, size: 8, modifiedAt: expect.any(String), madeAt: new Date(2026, 11, 5, 9, 30, 7).toISOString(), reason: 'manual' },
      path: join(backups, name),
      secondCopy: null,
      pruned: [],
    });
    expect(files(backups)).toEqual([name]);

    const listed = await value<BackupEntry[]>('backup:list');
    expect(listed).toEqual([written.entry]);

    const read = await value<OpenedBackupFile>('backup:read', { name });
    expect(read.name).toBe(name);
    expect(read.bytes).toBeInstanceOf(Uint8Array);
    expect(Array.from(read.bytes)).toEqual(Array.from(data));
  });

  it('creates the backups folder on demand, and lists nothing before', async () => {
    expect(existsSync(backups)).toBe(false);
    expect(await call('backup:list')).toEqual({ ok: true, value: [] });
    expect((await write('2026-12-05')).ok).toBe(true);
    expect(existsSync(backups)).toBe(true);
  });

  it('writes atomically: no temporary file is left behind', async () => {
    await write('2026-12-05', 'daily');
    await write('2026-12-05', 'manual');
    await value('ledger:write-record', { ledgerId: 'L', devices: {}, updatedAt: 'now' });
    expect(files(backups).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(files(userData).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('names a backup other than the daily by one reading of its own clock, date and time', async () => {
    // The page asked on the 5th at 23:59:59; the file is written a second after midnight.
    vi.setSystemTime(new Date(2026, 11, 6, 0, 0, 1));
    await write('2026-12-05', 'before-restore');
    expect(files(backups)).toEqual(['Fleetledger-2026-12-06-000001-before-restore.fleetledger']);
  });

  it('keeps backups a wrong clock dated in the future, and the ones made since', async () => {
    mkdirSync(backups);
    const future = Array.from({ length: 12 }, (_, i) => backupFileName({ stem: 'Fleetledger', date: addDays('2031-01-01', i), time: '120000', reason: 'before-restore' }));
    for (const name of future) writeFileSync(join(backups, name), 'then');
    vi.setSystemTime(new Date(2026, 11, 4, 9, 0, 0));
    await write('2026-12-04', 'before-restore');
    vi.setSystemTime(new Date(2026, 11, 5, 9, 30, 7));
    const second = await write('2026-12-05', 'before-restore');
    expect(second.ok && second.value.pruned).toEqual([]);
    expect(files(backups)).toEqual([...future, 'Fleetledger-2026-12-04-090000-before-restore.fleetledger', 'Fleetledger-2026-12-05-093007-before-restore.fleetledger'].sort());
  });

  it('replaces the day’s daily backup with a second one the same day', async () => {
    await write('2026-12-05', 'daily', bytes(1, 1, 1));
    await write('2026-12-05', 'daily', bytes(2, 2));
    expect(files(backups)).toEqual(['Fleetledger-2026-12-05-daily.fleetledger']);
    expect(Array.from(readFileSync(join(backups, 'Fleetledger-2026-12-05-daily.fleetledger')))).toEqual([2, 2]);
  });

  it('never writes over nor prunes a backup saved by hand under Back up now’s name', async () => {
    mkdirSync(backups);
    const saved = Array.from({ length: 40 }, (_, i) => savedBackupFileName('Fleetledger', addDays('2026-01-01', i)));
    for (const name of saved) writeFileSync(join(backups, name), 'mine');
    await write('2026-02-09', 'daily', bytes(7));
    expect(files(backups)).toEqual([...saved, 'Fleetledger-2026-02-09-daily.fleetledger'].sort());
    for (const name of saved) expect(readFileSync(join(backups, name), 'utf8')).toBe('mine');
    expect((await value<BackupEntry[]>('backup:list')).filter((e) => e.reason === 'manual')).toHaveLength(40);
  });

  it('a failed write is an error that says why, and leaves no temporary file', async () => {
    // A folder where the file should go: the final rename fails.
    mkdirSync(join(backups, 'Fleetledger-2026-12-05-daily.fleetledger'), { recursive: true });
    expect(await write('2026-12-05')).toEqual({ ok: false, error: 'Backup failed: it is a folder, not a file.' });
    expect(files(backups)).toEqual(['Fleetledger-2026-12-05-daily.fleetledger']);
  });

  it('reports a backups folder that cannot be created', async () => {
    rmSync(userData, { recursive: true });
    writeFileSync(userData, 'not a folder');
    // The backup settings live there too: whether a second folder was chosen cannot be read, and that is said.
    expect(await write('2026-12-05')).toEqual({
      ok: false,
      error: `Backup failed: part of the path is a file, not a folder. The backup was not copied to the second folder. Could not read the backup settings (${join(userData, 'backup-settings.json')}): part of the path is a file, not a folder.`,
    });
  });

  it('lists only our files, newest first by modification time, then name', async () => {
    mkdirSync(backups);
    const names = ['F-2026-12-01-daily.fleetledger', 'F-2026-12-02-daily.fleetledger', 'F-2026-12-03-101010-before-restore.fleetledger', 'F-2026-12-04.fleetledger'];
    for (const name of [...names, 'notes.txt', 'F-2026-12-04.fleetledger.tmp-abc', '.F-2026-12-04.fleetledger']) writeFileSync(join(backups, name), 'x');
    mkdirSync(join(backups, 'F-2026-11-30.fleetledger')); // a folder with our name is not a backup
    const at = (day: number): Date => new Date(Date.UTC(2026, 11, day, 12));
    utimesSync(join(backups, names[0] as string), at(9), at(9)); // touched last
    utimesSync(join(backups, names[1] as string), at(2), at(2));
    utimesSync(join(backups, names[2] as string), at(2), at(2));
    utimesSync(join(backups, names[3] as string), at(4), at(4));
    const listed = await value<BackupEntry[]>('backup:list');
    expect(listed.map((e) => [e.name, e.reason, e.size])).toEqual([
      ['F-2026-12-01-daily.fleetledger', 'daily', 1],
      ['F-2026-12-04.fleetledger', 'manual', 1], // saved by hand under Back up now's name
      ['F-2026-12-03-101010-before-restore.fleetledger', 'before-restore', 1],
      ['F-2026-12-02-daily.fleetledger', 'daily', 1],
    ]);
    expect(listed[0]?.modifiedAt).toBe(at(9).toISOString());
  });

  it('lists when each backup says it was made and which ledger it holds, not when the file was copied', async () => {
    mkdirSync(backups);
    const utf8 = { encode: (t: string) => new TextEncoder().encode(t), decode: (b: Uint8Array) => new TextDecoder().decode(b) };
    const sha256 = async (b: Uint8Array): Promise<string> => createHash('sha256').update(b).digest('hex');
    const counts = { events: 186, lots: 3, units: 40, models: 2, sites: 1, observations: 0, suppliers: 0 };
    const file = await encodeBackupFile({ ledgerId: 'ledger-a', ledgerName: 'Acme', schemaVersion: 11, createdAt: '2026-11-20T07:15:00.000Z' }, [], new Uint8Array([31, 139, 8, 0]), counts, { sha256, utf8 });
    // An old daily backup copied in by hand today (cp gives it a new modification time).
    writeFileSync(join(backups, 'Acme-2026-11-20-daily.fleetledger'), file.bytes);
    // This start's pre-upgrade dump: no stored header, so its name says when it was made.
    writeFileSync(join(backups, 'Fleetledger-2026-12-05-093007-schema-upgrade.fleetledger'), bytes(31, 139, 8, 0));
    const listed = await value<BackupEntry[]>('backup:list');
    const copied = listed.find((e) => e.name === 'Acme-2026-11-20-daily.fleetledger');
    expect(copied?.madeAt).toBe('2026-11-20T07:15:00.000Z');
    expect(copied?.holds).toEqual({ ledgerId: 'ledger-a', events: 186 });
    const dump = listed.find((e) => e.reason === 'schema-upgrade');
    expect(dump?.madeAt).toBe(new Date(2026, 11, 5, 9, 30, 7).toISOString());
    expect(dump?.holds).toBeUndefined();
  });

  it('refuses to read a file that is not one of our backups', async () => {
    mkdirSync(backups);
    writeFileSync(join(backups, 'stolen.fleetledger'), 'x');
    expect(await call('backup:read', { name: 'stolen.fleetledger' })).toEqual({ ok: false, error: 'stolen.fleetledger is not a Fleetledger backup in the backups folder.' });
    expect(await call('backup:read', { name: '../ledger-record.fleetledger' })).toEqual({
      ok: false,
      error: 'backup:read: "name" must be a file name without folders or control characters',
    });
  });

  it('reports a listed backup that has gone, and one too large to be a backup', async () => {
    expect(await call('backup:read', { name: 'F-2026-12-01.fleetledger' })).toEqual({
      ok: false,
      error: 'Could not read F-2026-12-01.fleetledger: the file or folder no longer exists.',
    });
    mkdirSync(backups);
    const huge = join(backups, 'F-2026-12-02.fleetledger');
    writeFileSync(huge, '');
    truncateSync(huge, 513 * 1024 * 1024); // sparse: no real disk use
    expect(await call('backup:read', { name: 'F-2026-12-02.fleetledger' })).toEqual({
      ok: false,
      error: 'F-2026-12-02.fleetledger is 513.0 MB; a Fleetledger backup is at most 512 MB, so this is not one.',
    });
  });
});

describe('rotation', () => {
  it('of 40 days of daily backups keeps 7 days, 4 weeks and the months: 10 files', async () => {
    mkdirSync(backups);
    const dates = Array.from({ length: 40 }, (_, i) => addDays('2026-01-01', i)); // .. 2026-02-09
    for (const date of dates.slice(0, 39)) writeFileSync(join(backups, backupFileName({ stem: 'Fleetledger', date, reason: 'daily' })), 'x');
    const others = ['notes.txt', 'Fleetledger-2025-12-24-120000-manual.fleetledger', 'Other-2025-01-01.fleetledger'];
    for (const name of others) writeFileSync(join(backups, name), 'x');

    const written = await value<BackupWritten>('backup:write', { bytes: bytes(9), ledgerStem: 'Fleetledger', date: '2026-02-09', reason: 'daily' });
    expect(written.pruned).toHaveLength(30);
    expect(written.pruneError).toBeUndefined();
    const kept = ['2026-01-25', '2026-01-31', '2026-02-01', '2026-02-03', '2026-02-04', '2026-02-05', '2026-02-06', '2026-02-07', '2026-02-08', '2026-02-09'];
    expect(files(backups)).toEqual([...others, ...kept.map((d) => `Fleetledger-${d}-daily.fleetledger`)].sort());
    expect(await value<BackupEntry[]>('backup:list')).toHaveLength(12);
  });

  it('never prunes the backup it just wrote, even if its date is older than the rest', async () => {
    mkdirSync(backups);
    for (let i = 0; i < 10; i += 1) writeFileSync(join(backups, `F-2027-01-${String(i + 10)}-120000-manual.fleetledger`), 'x');
    const written = await value<BackupWritten>('backup:write', { bytes: bytes(1), ledgerStem: 'F', date: '2026-12-05', reason: 'manual' });
    expect(written.pruned).toEqual([]);
    expect(existsSync(written.path)).toBe(true);
  });

  it('reports old backups it could not remove, and still returns the new one', async () => {
    mkdirSync(backups);
    for (let i = 1; i <= 11; i += 1) writeFileSync(join(backups, `F-2026-11-${String(i).padStart(2, '0')}-120000-manual.fleetledger`), 'x');
    unremovable.add('F-2026-11-01-120000-manual.fleetledger');
    const result = await call<BackupWritten>('backup:write', { bytes: bytes(1), ledgerStem: 'F', date: '2026-12-05', reason: 'manual' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.pruned).toEqual(['F-2026-11-02-120000-manual.fleetledger']);
    expect(result.value.pruneError).toBe(
      `Could not remove an old backup from ${backups}: F-2026-11-01-120000-manual.fleetledger (the file is in use by another program).`,
    );
    expect(existsSync(result.value.path)).toBe(true);
  });
});

describe('second folder', () => {
  let second: string;
  beforeEach(() => {
    second = join(root, 'USB', 'Fleetledger backups');
    mkdirSync(second, { recursive: true });
  });

  it('has none at first', async () => {
    expect(await call('backup:config')).toEqual({ ok: true, value: { folder: backups, secondFolder: null } });
  });

  it('is chosen with a folder dialog, checked with a probe file, and kept', async () => {
    chooseFolder(second);
    expect(await call('backup:choose-second-folder')).toEqual({ ok: true, value: { folder: backups, secondFolder: second } });
    const [parent, options] = dialog.showOpenDialog.mock.calls[0] as [unknown, { properties: string[] }];
    expect(parent).toBe(window);
    expect(options.properties).toEqual(['openDirectory', 'createDirectory']);
    expect(files(second)).toEqual([]); // the probe is gone
    // With this installation's tag for its copies there, kept when the folder changes.
    const settings = JSON.parse(readFileSync(join(userData, 'backup-settings.json'), 'utf8')) as { installation: string };
    expect(settings).toEqual({ secondFolder: second, installation: expect.stringMatching(/^[0-9a-f]{6}$/u) });
    expect(await call('backup:config')).toEqual({ ok: true, value: { folder: backups, secondFolder: second } });

    expect(await call('backup:clear-second-folder')).toEqual({ ok: true, value: { folder: backups, secondFolder: null } });
    expect(await call('backup:config')).toEqual({ ok: true, value: { folder: backups, secondFolder: null } });
    chooseFolder(second);
    await value('backup:choose-second-folder');
    expect(JSON.parse(readFileSync(join(userData, 'backup-settings.json'), 'utf8'))).toEqual({ secondFolder: second, installation: settings.installation });
  });

  it('is unchanged when the dialog is cancelled', async () => {
    chooseFolder(null);
    expect(await call('backup:choose-second-folder')).toEqual({ ok: true, value: null });
    expect(existsSync(join(userData, 'backup-settings.json'))).toBe(false);
  });

  it('refuses a folder it cannot write to, and the backups folder itself', async () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    chooseFolder(file);
    expect(await call('backup:choose-second-folder')).toEqual({
      ok: false,
      error: `Fleetledger cannot write to ${file}: part of the path is a file, not a folder. Choose a folder you can write to.`,
    });
    chooseFolder(backups);
    expect(await call('backup:choose-second-folder')).toEqual({
      ok: false,
      error: 'That is the app’s own backups folder. Choose another one, ideally on another disk or a synced drive.',
    });
    expect(await call('backup:config')).toEqual({ ok: true, value: { folder: backups, secondFolder: null } });
  });

  it('refuses the backups folder however it is reached: with a trailing separator, through a link', async () => {
    mkdirSync(backups);
    const link = join(root, 'Backups link');
    symlinkSync(backups, link, 'dir');
    for (const folder of [`${backups}${sep}`, link, join(link, '.')]) {
      chooseFolder(folder);
      expect(await call('backup:choose-second-folder')).toEqual({
        ok: false,
        error: 'That is the app’s own backups folder. Choose another one, ideally on another disk or a synced drive.',
      });
    }
    expect(await call('backup:config')).toEqual({ ok: true, value: { folder: backups, secondFolder: null } });
  });

  it('makes no copy in a second folder that is the backups folder (kept by an earlier version), and says so', async () => {
    mkdirSync(backups);
    const link = join(root, 'Backups link');
    symlinkSync(backups, link, 'dir');
    writeFileSync(join(userData, 'backup-settings.json'), JSON.stringify({ secondFolder: link, installation: 'abc123' }));
    const written = await value<BackupWritten>('backup:write', { bytes: bytes(7), ledgerStem: 'Fleetledger', date: '2026-12-05', reason: 'daily' });
    expect(files(backups)).toEqual(['Fleetledger-2026-12-05-daily.fleetledger']);
    expect(written.secondCopy).toEqual({
      error: `The backup was not copied to the second folder ${link}: it is the app’s own backups folder, so a copy there would not be a second one. Choose another second folder, ideally on another disk or a synced drive.`,
    });
    expect((await value<BackupEntry[]>('backup:list')).map((e) => e.name)).toEqual(['Fleetledger-2026-12-05-daily.fleetledger']);
  });

  it('reads a damaged settings file as "no second folder"', async () => {
    for (const text of ['{not json', '[]', 'null', '{"secondFolder": 3}', '{"secondFolder": "relative/path"}']) {
      writeFileSync(join(userData, 'backup-settings.json'), text);
      expect(await call('backup:config')).toEqual({ ok: true, value: { folder: backups, secondFolder: null } });
    }
  });

  /** This installation's tag (in the settings once the second folder is chosen). */
  function tag(): string {
    return (JSON.parse(readFileSync(join(userData, 'backup-settings.json'), 'utf8')) as { installation: string }).installation;
  }

  it('gets a copy of every backup, named with this installation\'s tag, and is pruned too', async () => {
    chooseFolder(second);
    await value('backup:choose-second-folder');
    for (let i = 1; i <= 10; i += 1) writeFileSync(join(second, `Fleetledger-2026-11-${String(i).padStart(2, '0')}-080000-manual-${tag()}.fleetledger`), 'old');
    writeFileSync(join(second, 'someone-elses.txt'), 'x');
    const written = await value<BackupWritten>('backup:write', { bytes: bytes(7, 7), ledgerStem: 'Fleetledger', date: '2026-12-05', reason: 'manual' });
    const name = `Fleetledger-2026-12-05-093007-manual-${tag()}.fleetledger`;
    expect(written.secondCopy).toEqual({ path: join(second, name) });
    expect(written.entry.name).toBe('Fleetledger-2026-12-05-093007-manual.fleetledger');
    expect(Array.from(readFileSync(join(second, name)))).toEqual([7, 7]);
    expect(existsSync(join(second, `Fleetledger-2026-11-01-080000-manual-${tag()}.fleetledger`))).toBe(false);
    expect(files(second)).toHaveLength(11); // 10 manual + the other file
    expect(files(second).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('settings of a version before tags: the tag is made at the first copy and kept', async () => {
    writeFileSync(join(userData, 'backup-settings.json'), JSON.stringify({ secondFolder: second }));
    const written = await value<BackupWritten>('backup:write', { bytes: bytes(7), ledgerStem: 'Fleetledger', date: '2026-12-05', reason: 'daily' });
    expect(tag()).toMatch(/^[0-9a-f]{6}$/u);
    expect(written.secondCopy).toEqual({ path: join(second, `Fleetledger-2026-12-05-daily-${tag()}.fleetledger`) });
    expect(await call('backup:config')).toEqual({ ok: true, value: { folder: backups, secondFolder: second } });
  });

  describe('shared by two installations of one team ledger (a synced folder)', () => {
    const userDataOf = (who: string) => join(root, who);
    function as(who: string): void {
      app.paths = { userData: userDataOf(who), documents };
    }
    beforeEach(() => {
      for (const [who, installation] of [['ada', 'aaaaaa'], ['bo', 'bbbbbb']] as const) {
        mkdirSync(userDataOf(who));
        writeFileSync(join(userDataOf(who), 'backup-settings.json'), JSON.stringify({ secondFolder: second, installation }));
      }
    });

    it('one installation\'s daily never writes over the other\'s', async () => {
      as('ada');
      await value('backup:write', { bytes: bytes(1), ledgerStem: 'Team', date: '2026-12-05', reason: 'daily' });
      as('bo');
      await value('backup:write', { bytes: bytes(2), ledgerStem: 'Team', date: '2026-12-05', reason: 'daily' });
      expect(files(second)).toEqual(['Team-2026-12-05-daily-aaaaaa.fleetledger', 'Team-2026-12-05-daily-bbbbbb.fleetledger']);
      expect(Array.from(readFileSync(join(second, 'Team-2026-12-05-daily-aaaaaa.fleetledger')))).toEqual([1]);
      expect(Array.from(readFileSync(join(second, 'Team-2026-12-05-daily-bbbbbb.fleetledger')))).toEqual([2]);
      // Its own second daily of the day replaces its own.
      as('ada');
      await value('backup:write', { bytes: bytes(3), ledgerStem: 'Team', date: '2026-12-05', reason: 'daily' });
      expect(Array.from(readFileSync(join(second, 'Team-2026-12-05-daily-aaaaaa.fleetledger')))).toEqual([3]);
      expect(files(second)).toHaveLength(2);
    });

    it('one installation\'s rotation never prunes the other\'s backups', async () => {
      as('bo');
      vi.setSystemTime(new Date(2026, 11, 5, 10, 0, 0));
      await value('backup:write', { bytes: bytes(2), ledgerStem: 'Team', date: '2026-12-05', reason: 'before-restore' });
      for (let day = 1; day <= 30; day += 1) await value('backup:write', { bytes: bytes(2), ledgerStem: 'Team', date: `2026-10-${String(day).padStart(2, '0')}`, reason: 'daily' });
      const bos = files(second);
      as('ada');
      for (let minute = 1; minute <= 12; minute += 1) {
        vi.setSystemTime(new Date(2026, 11, 5, 11, minute, 0));
        await value('backup:write', { bytes: bytes(1), ledgerStem: 'Team', date: '2026-12-05', reason: 'before-restore' });
      }
      for (let day = 1; day <= 30; day += 1) await value('backup:write', { bytes: bytes(1), ledgerStem: 'Team', date: `2026-11-${String(day).padStart(2, '0')}`, reason: 'daily' });
      const adas = files(second).filter((f) => f.includes('-aaaaaa.'));
      expect(files(second).filter((f) => !f.includes('-aaaaaa.'))).toEqual(bos);
      // Ada's own are rotated as ever: the newest 10 before-restore, 7 daily + weeks + months.
      expect(adas.filter((f) => f.includes('before-restore'))).toHaveLength(10);
      expect(adas.filter((f) => f.includes('daily'))).toEqual(files(join(userDataOf('ada'), 'backups')).filter((f) => f.includes('daily')).map((f) => f.replace('-daily.', '-daily-aaaaaa.')));
    });

    it('copies made before tags: each is pruned with its twin in the installation\'s own folder, only when it is that installation\'s (same bytes)', async () => {
      // Both wrote untagged copies, the last one each day winning; Ada's are left on 2026-11-02 and 03, Bo's on 01.
      const old = (date: string) => `Team-${date}-daily.fleetledger`;
      for (const [date, ada, bo] of [['2026-11-01', 1, 2], ['2026-11-02', 1, 2], ['2026-11-03', 1, 2]] as const) {
        for (const [who, data] of [['ada', ada], ['bo', bo]] as const) {
          mkdirSync(join(userDataOf(who), 'backups'), { recursive: true });
          writeFileSync(join(userDataOf(who), 'backups', old(date)), Buffer.from([data]));
        }
        writeFileSync(join(second, old(date)), Buffer.from([date === '2026-11-01' ? bo : ada]));
      }
      // Ada backs up every day from 2026-11-25: her rotation prunes her three November dailies (weeks and months keep newer ones).
      as('ada');
      for (let day = 25; day <= 30; day += 1) await value('backup:write', { bytes: bytes(1), ledgerStem: 'Team', date: `2026-11-${day}`, reason: 'daily' });
      for (let day = 1; day <= 20; day += 1) await value('backup:write', { bytes: bytes(1), ledgerStem: 'Team', date: `2026-12-${String(day).padStart(2, '0')}`, reason: 'daily' });
      for (const date of ['2026-11-01', '2026-11-02', '2026-11-03']) expect(existsSync(join(userDataOf('ada'), 'backups', old(date)))).toBe(false);
      // Her copies went with them; Bo's stays until Bo's rotation prunes it.
      expect(files(second).filter((f) => !f.includes('-aaaaaa.'))).toEqual([old('2026-11-01')]);
      as('bo');
      for (let day = 1; day <= 20; day += 1) await value('backup:write', { bytes: bytes(2), ledgerStem: 'Team', date: `2026-12-${String(day).padStart(2, '0')}`, reason: 'daily' });
      expect(files(second).filter((f) => !f.includes('-aaaaaa.') && !f.includes('-bbbbbb.'))).toEqual([]);
    });
  });

  it('still gets its copy when the backups folder cannot be written, and the backup is reported as failed', async () => {
    chooseFolder(second);
    await value('backup:choose-second-folder');
    for (let i = 1; i <= 10; i += 1) writeFileSync(join(second, `Fleetledger-2026-11-${String(i).padStart(2, '0')}-080000-manual-${tag()}.fleetledger`), 'old');
    // The user-data disk: a file where the backups folder should be.
    writeFileSync(backups, 'not a folder');
    const result = await call('backup:write', { bytes: bytes(4, 2), ledgerStem: 'Fleetledger', date: '2026-12-05', reason: 'manual' });
    const name = `Fleetledger-2026-12-05-093007-manual-${tag()}.fleetledger`;
    expect(result).toEqual({ ok: false, error: `Backup failed: a file of that name is in the way. A copy was written to the second folder: ${join(second, name)}.` });
    expect(Array.from(readFileSync(join(second, name)))).toEqual([4, 2]);
    // Rotated there as on any other backup.
    expect(existsSync(join(second, `Fleetledger-2026-11-01-080000-manual-${tag()}.fleetledger`))).toBe(false);
  });

  it('says both failures when neither folder can be written', async () => {
    chooseFolder(second);
    await value('backup:choose-second-folder');
    writeFileSync(backups, 'not a folder');
    rmSync(join(root, 'USB'), { recursive: true });
    expect(await call('backup:write', { bytes: bytes(1), ledgerStem: 'Fleetledger', date: '2026-12-05', reason: 'daily' })).toEqual({
      ok: false,
      error:
        'Backup failed: a file of that name is in the way. ' +
        `The backup was not copied to the second folder ${second}: the file or folder no longer exists. ` +
        'Check that the folder is there and writable (an external or network drive may be disconnected), or choose another second folder.',
    });
  });

  it('reports a copy that failed without failing the backup, and does not create the folder', async () => {
    chooseFolder(second);
    await value('backup:choose-second-folder');
    rmSync(join(root, 'USB'), { recursive: true }); // the drive is gone
    const written = await value<BackupWritten>('backup:write', { bytes: bytes(1), ledgerStem: 'Fleetledger', date: '2026-12-05', reason: 'daily' });
    expect(existsSync(written.path)).toBe(true);
    expect(written.secondCopy).toEqual({
      error:
        `The backup was not copied to the second folder ${second}: the file or folder no longer exists. ` +
        'Check that the folder is there and writable (an external or network drive may be disconnected), or choose another second folder.',
    });
    expect(existsSync(second)).toBe(false);
    expect(written.pruneError).toBeUndefined();
  });

  it('its backups are listed, marked as the second folder’s, and read from there; a folder not there now lists the rest', async () => {
    chooseFolder(second);
    await value('backup:choose-second-folder');
    await value<BackupWritten>('backup:write', { bytes: bytes(7, 7), ledgerStem: 'Fleetledger', date: '2026-12-05', reason: 'daily' });
    // Another installation's copy of the team ledger, in the same synced folder.
    writeFileSync(join(second, 'Fleetledger-2026-12-04-daily-abcdef.fleetledger'), Buffer.from([9, 9, 9]));
    const listed = await value<BackupEntry[]>('backup:list');
    const own = 'Fleetledger-2026-12-05-daily.fleetledger';
    const copy = `Fleetledger-2026-12-05-daily-${tag()}.fleetledger`;
    expect(listed.map((b) => [b.name, b.folder ?? 'own']).sort()).toEqual([
      ['Fleetledger-2026-12-04-daily-abcdef.fleetledger', 'second'],
      [copy, 'second'],
      [own, 'own'],
    ]);
    expect(await value<OpenedBackupFile>('backup:read', { name: 'Fleetledger-2026-12-04-daily-abcdef.fleetledger', folder: 'second' })).toEqual({ name: 'Fleetledger-2026-12-04-daily-abcdef.fleetledger', bytes: bytes(9, 9, 9) });
    expect(await call('backup:read', { name: 'Fleetledger-2026-12-04-daily-abcdef.fleetledger' })).toMatchObject({ ok: false });
    expect(await call('backup:read', { name: copy, folder: 'elsewhere' })).toMatchObject({ ok: false });
    rmSync(join(root, 'USB'), { recursive: true }); // the drive is gone
    expect((await value<BackupEntry[]>('backup:list')).map((b) => b.name)).toEqual([own]);
  });
});

describe('backup:open', () => {
  it('opens a .fleetledger file from the backups folder by default', async () => {
    const path = join(root, 'from-colleague.fleetledger');
    writeFileSync(path, Buffer.from([5, 6, 7]));
    chooseFolder(path);
    const opened = await value<OpenedBackupFile | null>('backup:open');
    expect(opened?.name).toBe('from-colleague.fleetledger');
    expect(Array.from(opened?.bytes ?? [])).toEqual([5, 6, 7]);
    const [parent, options] = dialog.showOpenDialog.mock.calls[0] as [unknown, Record<string, unknown>];
    expect(parent).toBe(window);
    expect(options).toEqual({
      title: 'Restore from backup',
      defaultPath: backups,
      properties: ['openFile'],
      filters: [{ name: 'Fleetledger backup', extensions: ['fleetledger'] }],
    });
  });

  it('is null when cancelled', async () => {
    chooseFolder(null);
    expect(await call('backup:open')).toEqual({ ok: true, value: null });
  });

  it('refuses a file too large to be a backup', async () => {
    const path = join(root, 'disk.img');
    writeFileSync(path, '');
    truncateSync(path, 600 * 1024 * 1024);
    chooseFolder(path);
    expect(await call('backup:open')).toEqual({ ok: false, error: 'disk.img is 600.0 MB; a Fleetledger backup is at most 512 MB, so this is not one.' });
  });
});

describe('backup:save-as', () => {
  it('offers Documents and the suggested name, and writes the bytes there', async () => {
    const path = join(documents, 'Acme 2026-12-05.fleetledger');
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: path });
    expect(await call('backup:save-as', { suggestedName: 'Acme 2026-12-05.fleetledger', bytes: bytes(1, 2, 3) })).toEqual({ ok: true, value: { path } });
    expect(Array.from(readFileSync(path))).toEqual([1, 2, 3]);
    expect(files(documents)).toEqual(['Acme 2026-12-05.fleetledger']);
    const [parent, options] = dialog.showSaveDialog.mock.calls[0] as [unknown, { defaultPath: string; filters: unknown }];
    expect(parent).toBe(window);
    expect(options.defaultPath).toBe(path);
    expect(options.filters).toEqual([{ name: 'Fleetledger backup', extensions: ['fleetledger'] }]);
  });

  // Linux: the GTK save dialog does not add .fleetledger to a name typed without it.
  it('saves a name typed without .fleetledger as a .fleetledger', async () => {
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: join(documents, 'before move') });
    const path = join(documents, 'before move.fleetledger');
    expect(await call('backup:save-as', { suggestedName: 'Acme 2026-12-05.fleetledger', bytes: bytes(4) })).toEqual({ ok: true, value: { path } });
    expect(files(documents)).toEqual(['before move.fleetledger']);
  });

  it('writes nothing when cancelled', async () => {
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    expect(await call('backup:save-as', { suggestedName: 'a.fleetledger', bytes: bytes(1) })).toEqual({ ok: true, value: null });
    expect(files(documents)).toEqual([]);
  });

  it('reports a failed write as a value', async () => {
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: join(root, 'gone', 'a.fleetledger') });
    expect(await call('backup:save-as', { suggestedName: 'a.fleetledger', bytes: bytes(1) })).toEqual({
      ok: false,
      error: 'Could not save a.fleetledger: the file or folder no longer exists.',
    });
  });
});
