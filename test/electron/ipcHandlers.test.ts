import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';

vi.mock('electron', () => import('./fakeElectron'));

import { BrowserWindow, dialog, ipcMain, resetFakeElectron, shell } from './fakeElectron';
import { guardedHandler, registerIpcHandlers } from '../../electron/ipcHandlers';
import { IPC_CHANNELS, validateIpcRequest, type IpcChannel } from '../../shared/ipc';

const dir = mkdtempSync(join(tmpdir(), 'fleetledger-ipc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Handler = (event: IpcMainInvokeEvent, payload?: unknown) => Promise<unknown>;

let trusted = true;
let window: BrowserWindow;
let event: IpcMainInvokeEvent;

function handler(channel: IpcChannel): Handler {
  const call = ipcMain.handle.mock.calls.find(([c]) => c === channel);
  if (!call) throw new Error(`no handler for ${channel}`);
  return call[1] as Handler;
}

function call(channel: IpcChannel, payload?: unknown): Promise<unknown> {
  return handler(channel)(event, payload);
}

function nothingHappened(): void {
  expect(dialog.showOpenDialog).not.toHaveBeenCalled();
  expect(dialog.showSaveDialog).not.toHaveBeenCalled();
  expect(shell.openExternal).not.toHaveBeenCalled();
  expect(window.webContents.printToPDF).not.toHaveBeenCalled();
}

beforeEach(() => {
  resetFakeElectron();
  trusted = true;
  window = new BrowserWindow();
  event = { sender: window.webContents, senderFrame: null } as unknown as IpcMainInvokeEvent;
  registerIpcHandlers(() => trusted);
});

describe('registration', () => {
  it('handles every channel of the contract, once', () => {
    expect(ipcMain.handle.mock.calls.map(([channel]) => channel).sort()).toEqual([...IPC_CHANNELS].sort());
  });
});

describe('sender check', () => {
  it.each(IPC_CHANNELS.map((c) => [c]))('%s refuses a foreign sender and does nothing', async (channel) => {
    trusted = false;
    const valid: Record<IpcChannel, unknown> = {
      'file:open-csv': {},
      'file:save-text': { suggestedName: 'a.csv', text: 'x', kind: 'csv' },
      'file:open-yaml': { folder: true },
      'app:info': undefined,
      'shell:open-external': { url: 'https://github.com/' },
      'print:to-pdf': { suggestedName: 'a.pdf' },
      'backup:write': { bytes: new Uint8Array([1]), ledgerStem: 'Fleetledger', date: '2026-12-05', reason: 'manual' },
      'backup:list': undefined,
      'backup:read': { name: 'Fleetledger-2026-12-05.fleetledger' },
      'backup:open': undefined,
      'backup:save-as': { suggestedName: 'a.fleetledger', bytes: new Uint8Array([1]) },
      'backup:config': undefined,
      'backup:choose-second-folder': undefined,
      'backup:clear-second-folder': undefined,
      'ledger:read-record': undefined,
      'ledger:write-record': { ledgerId: 'L', devices: {}, updatedAt: '2026-12-05T00:00:00.000Z' },
      'team:choose-folder': undefined,
      'team:folder': undefined,
      'team:forget-folder': undefined,
      'team:read-manifest': { ledgerId: 'L' },
      'team:write-manifest': { ledgerId: 'L', text: '{}' },
      'team:list-devices': { ledgerId: 'L' },
      'team:read-file': { ledgerId: 'L', device: 'D', name: 'head.json' },
      'team:write-file': { ledgerId: 'L', device: 'D', name: 'head.json', bytes: new Uint8Array([1]) },
      'team:wait-for-change': { ledgerId: 'L', timeoutMs: 10 },
      'couch:credentials': undefined,
      'couch:save-credentials': { url: 'https://sync.example.com/fleet', user: 'ada', password: 'pw' },
      'couch:forget-credentials': undefined,
      'origin:handed-over': { outcome: 'moved', backupName: 'Fleetledger-2026-12-06-101500-origin-move.fleetledger' },
      'origin:pending': undefined,
      'origin:done': undefined,
    };
    for (const channel of IPC_CHANNELS) expect(validateIpcRequest(channel, valid[channel]).ok).toBe(true);
    const result = await call(channel, valid[channel]);
    expect(result).toEqual({ ok: false, error: `${channel}: refused, the request did not come from the Fleetledger window.` });
    nothingHappened();
  });

  it('passes the event to the check', async () => {
    const check = vi.fn(() => false);
    const guarded = guardedHandler('app:info', check, async () => ({ ok: true, value: {} as never }));
    await guarded(event, undefined);
    expect(check).toHaveBeenCalledWith(event);
  });
});

describe('payload validation', () => {
  it.each([
    ['file:open-csv', { title: 42 }, 'file:open-csv: "title" must be a string, got number'],
    ['file:open-csv', 'lots.csv', 'file:open-csv: the request must be an object, got string'],
    ['file:save-text', { suggestedName: 'a.csv', text: 'x', kind: 'xlsx' }, 'file:save-text: "kind" must be one of "csv", "json"'],
    ['file:save-text', { suggestedName: '../../etc/passwd', text: 'x', kind: 'csv' }, 'file:save-text: "suggestedName" must be a file name without folders or control characters'],
    ['file:save-text', { suggestedName: 'a.csv', kind: 'csv' }, 'file:save-text: "text" must be a string, got undefined'],
    ['app:info', { please: true }, 'app:info: takes no request, got object'],
    ['shell:open-external', { url: ['https://github.com/'] }, 'shell:open-external: "url" must be a string, got an array'],
    ['shell:open-external', { url: 'https://github.com/', extra: 1 }, 'shell:open-external: unexpected field "extra"'],
    ['print:to-pdf', {}, 'print:to-pdf: "suggestedName" must be a string, got undefined'],
    ['print:to-pdf', null, 'print:to-pdf: the request must be an object, got null'],
    ['backup:write', { bytes: 'AAAA', ledgerStem: 'F', date: '2026-12-05', reason: 'manual' }, 'backup:write: "bytes" must be a Uint8Array, got string'],
    ['backup:write', { bytes: new Uint8Array([1]), ledgerStem: '../F', date: '2026-12-05', reason: 'manual' }, 'backup:write: "ledgerStem" must be 1 to 60 letters, digits, ".", "-" or "_", not starting with "."'],
    ['backup:write', { bytes: new Uint8Array([1]), ledgerStem: 'F', date: '2026-12-05', reason: 'weekly' }, 'backup:write: "reason" must be one of "manual", "daily", "before-restore", "schema-upgrade", "origin-move"'],
    ['backup:list', { folder: '/' }, 'backup:list: takes no request, got object'],
    ['team:write-file', { ledgerId: 'L', device: 'D', name: '00000001.jsonl.gz', bytes: new Uint8Array(0) }, 'team:write-file: bytes is empty: no file of a team folder is.'],
    ['backup:read', { name: '../../.ssh/id_rsa.fleetledger' }, 'backup:read: "name" must be a file name without folders or control characters'],
    ['backup:read', { name: 'passwd' }, 'backup:read: "name" must be a file name ending in .fleetledger'],
    ['backup:open', 'x', 'backup:open: takes no request, got string'],
    ['backup:save-as', { suggestedName: 'a.exe', bytes: new Uint8Array([1]) }, 'backup:save-as: "suggestedName" must be a file name ending in .fleetledger'],
    ['backup:config', {}, 'backup:config: takes no request, got object'],
    ['backup:choose-second-folder', { path: '/' }, 'backup:choose-second-folder: takes no request, got object'],
    ['backup:clear-second-folder', 1, 'backup:clear-second-folder: takes no request, got number'],
    ['ledger:read-record', null, 'ledger:read-record: takes no request, got null'],
    ['ledger:write-record', { ledgerId: 'L', devices: { d: -1 }, updatedAt: 'now' }, 'ledger:write-record: "devices.d" must be a whole number ≥ 0, got -1'],
    ['ledger:write-record', { ledgerId: '', devices: {}, updatedAt: 'now' }, 'ledger:write-record: "ledgerId" is empty'],
  ] as const)('%s rejects %j', async (channel, payload, message) => {
    expect(await call(channel, payload)).toEqual({ ok: false, error: message });
    nothingHappened();
  });
});

describe('file:open-yaml', () => {
  it('reads several chosen files, by base name', async () => {
    const a = join(dir, 'R750.yaml');
    const b = join(dir, 'C6420.yml');
    writeFileSync(a, 'manufacturer: Dell\n');
    writeFileSync(b, 'model: C6420\n');
    dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [a, b] });
    expect(await call('file:open-yaml', { folder: false })).toEqual({ ok: true, value: [{ name: 'R750.yaml', text: 'manufacturer: Dell\n' }, { name: 'C6420.yml', text: 'model: C6420\n' }] });
    const [, options] = dialog.showOpenDialog.mock.calls[0] as [unknown, { properties: string[] }];
    expect(options.properties).toEqual(['openFile', 'multiSelections']);
  });

  it('reads every .yaml and .yml file under a chosen folder, by path inside it, and nothing else', async () => {
    const root = join(dir, 'device-types');
    mkdirSync(join(root, 'Dell'), { recursive: true });
    mkdirSync(join(root, 'Arista'), { recursive: true });
    writeFileSync(join(root, 'Dell', 'R750.yaml'), 'a: 1\n');
    writeFileSync(join(root, 'Arista', '7050.yml'), 'b: 2\n');
    writeFileSync(join(root, 'README.md'), '# no');
    dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [root] });
    const opened = await call('file:open-yaml', { folder: true });
    expect(opened).toEqual({ ok: true, value: [{ name: join('Arista', '7050.yml'), text: 'b: 2\n' }, { name: join('Dell', 'R750.yaml'), text: 'a: 1\n' }] });
  });

  it('passes over hidden files and folders under the chosen folder (a clone of the device-type library: .github, .pre-commit-config.yaml)', async () => {
    const root = join(dir, 'devicetype-library');
    mkdirSync(join(root, 'device-types', 'Dell'), { recursive: true });
    mkdirSync(join(root, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(root, 'device-types', 'Dell', 'R750.yaml'), 'manufacturer: Dell\n');
    writeFileSync(join(root, '.github', 'workflows', 'tests.yml'), 'name: tests\n');
    writeFileSync(join(root, '.pre-commit-config.yaml'), 'repos: []\n');
    dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [root] });
    expect(await call('file:open-yaml', { folder: true })).toEqual({ ok: true, value: [{ name: join('device-types', 'Dell', 'R750.yaml'), text: 'manufacturer: Dell\n' }] });
  });

  it('refuses a file that is not UTF-8, and is null when cancelled', async () => {
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, Buffer.from([0x6d, 0x3a, 0xe9, 0x0a]));
    dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [path] });
    expect(await call('file:open-yaml', { folder: false })).toEqual({ ok: false, error: 'bad.yaml is not UTF-8 text.' });
    dialog.showOpenDialog.mockResolvedValue({ canceled: true, filePaths: [] });
    expect(await call('file:open-yaml', { folder: true })).toEqual({ ok: true, value: null });
    expect(await call('file:open-yaml', { folder: 'yes' })).toEqual({ ok: false, error: 'file:open-yaml: "folder" must be true or false, got string' });
  });
});

describe('file:open-csv', () => {
  it('reads the chosen file as UTF-8 without its BOM', async () => {
    const path = join(dir, 'lots.csv');
    writeFileSync(path, '\uFEFFcode,quantity\nGPU-1,8\n', 'utf8');
    dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [path] });
    expect(await call('file:open-csv', { title: 'Import lots' })).toEqual({ ok: true, value: { name: 'lots.csv', text: 'code,quantity\nGPU-1,8\n' } });
    const [parent, options] = dialog.showOpenDialog.mock.calls[0] as [unknown, { title: string; filters: { extensions: string[] }[] }];
    expect(parent).toBe(window);
    expect(options.title).toBe('Import lots');
    expect(options.filters[0]?.extensions).toEqual(['csv', 'txt']);
  });

  it('is null when cancelled', async () => {
    dialog.showOpenDialog.mockResolvedValue({ canceled: true, filePaths: [] });
    expect(await call('file:open-csv')).toEqual({ ok: true, value: null });
  });

  it('refuses a file over 50 MB with a clear message', async () => {
    const path = join(dir, 'huge.csv');
    writeFileSync(path, '');
    truncateSync(path, 51 * 1024 * 1024);
    dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [path] });
    expect(await call('file:open-csv')).toEqual({
      ok: false,
      error: 'huge.csv is 51.0 MB; Fleetledger opens files up to 50 MB. Split it into smaller files.',
    });
  });

  it('refuses a file that is not UTF-8', async () => {
    const path = join(dir, 'latin1.csv');
    writeFileSync(path, Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [path] });
    expect(await call('file:open-csv')).toEqual({ ok: false, error: 'latin1.csv is not UTF-8 text. Save it as "CSV UTF-8" and try again.' });
  });

  it('refuses a device, which would be read without end (/dev/zero reports a size of 0)', async () => {
    dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: ['/dev/zero'] });
    expect(await call('file:open-csv')).toEqual({ ok: false, error: 'zero is not a file.' });
  });

  it('reports a file that vanished', async () => {
    dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [join(dir, 'gone.csv')] });
    expect(await call('file:open-csv')).toEqual({ ok: false, error: 'Could not read gone.csv: the file or folder no longer exists.' });
  });
});

describe('file:save-text', () => {
  it('writes the text where the user chose', async () => {
    const path = join(dir, 'export.json');
    dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: path });
    expect(await call('file:save-text', { suggestedName: 'lots.json', text: '{"a":1}', kind: 'json' })).toEqual({ ok: true, value: { path } });
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}');
    const [parent, options] = dialog.showSaveDialog.mock.calls[0] as [unknown, { defaultPath: string; filters: unknown }];
    expect(parent).toBe(window);
    expect(options.defaultPath).toBe(join('/fake/documents', 'lots.json'));
    expect(options.filters).toEqual([{ name: 'JSON', extensions: ['json'] }]);
  });

  // Linux: the GTK save dialog does not add the filter's extension to a name typed without one.
  it('adds the extension to a name typed without it, once, whatever its case', async () => {
    const cases: [string, string][] = [
      ['fleet', 'fleet.csv'],
      ['Acme v1.2', 'Acme v1.2.csv'],
      ['Parc é', 'Parc é.csv'],
      ['upper.CSV', 'upper.CSV'],
      ['done.csv', 'done.csv'],
    ];
    for (const [typed, saved] of cases) {
      dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: join(dir, typed) });
      expect(await call('file:save-text', { suggestedName: 'lots.csv', text: 'a,b', kind: 'csv' })).toEqual({ ok: true, value: { path: join(dir, saved) } });
      expect(readFileSync(join(dir, saved), 'utf8')).toBe('a,b');
    }
    expect(existsSync(join(dir, 'fleet'))).toBe(false);
    expect(dialog.showMessageBox).not.toHaveBeenCalled();
  });

  // The dialog asked about replacing "taken", not "taken.csv": that is asked before it is replaced.
  it('asks before replacing a file the added extension names, and keeps it unless told', async () => {
    const taken = join(dir, 'taken.csv');
    writeFileSync(taken, 'old');
    dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: join(dir, 'taken') });
    dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    expect(await call('file:save-text', { suggestedName: 'lots.csv', text: 'new', kind: 'csv' })).toEqual({ ok: true, value: null });
    expect(readFileSync(taken, 'utf8')).toBe('old');
    const [parent, box] = dialog.showMessageBox.mock.calls[0] as [unknown, { message: string; buttons: string[] }];
    expect(parent).toBe(window);
    expect(box.message).toBe('taken.csv already exists. Replace it?');
    expect(box.buttons).toEqual(['Replace', 'Cancel']);
    expect(await call('file:save-text', { suggestedName: 'lots.csv', text: 'new', kind: 'csv' })).toEqual({ ok: true, value: { path: taken } });
    expect(readFileSync(taken, 'utf8')).toBe('new');
  });

  it('writes nothing when cancelled', async () => {
    const path = join(dir, 'never.csv');
    dialog.showSaveDialog.mockResolvedValue({ canceled: true, filePath: path });
    expect(await call('file:save-text', { suggestedName: 'never.csv', text: 'x', kind: 'csv' })).toEqual({ ok: true, value: null });
    expect(existsSync(path)).toBe(false);
  });

  it('reports a failed write as a value', async () => {
    dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: join(dir, 'no-such-dir', 'x.csv') });
    expect(await call('file:save-text', { suggestedName: 'x.csv', text: 'x', kind: 'csv' })).toEqual({
      ok: false,
      error: 'Could not save x.csv: the file or folder no longer exists.',
    });
  });
});

describe('print:to-pdf', () => {
  it('prints the sender page and saves it', async () => {
    const path = join(dir, 'certificate.pdf');
    dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: path });
    expect(await call('print:to-pdf', { suggestedName: 'certificate.pdf' })).toEqual({ ok: true, value: { path } });
    expect(window.webContents.printToPDF).toHaveBeenCalledWith({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
    expect(readFileSync(path, 'utf8')).toBe('%PDF-1.7 fake');
  });

  it('saves a name typed without .pdf as a .pdf', async () => {
    dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: join(dir, 'shipment') });
    expect(await call('print:to-pdf', { suggestedName: 'certificate.pdf' })).toEqual({ ok: true, value: { path: join(dir, 'shipment.pdf') } });
    expect(readFileSync(join(dir, 'shipment.pdf'), 'utf8')).toBe('%PDF-1.7 fake');
  });

  it('is null when the save dialog is cancelled', async () => {
    dialog.showSaveDialog.mockResolvedValue({ canceled: true });
    expect(await call('print:to-pdf', { suggestedName: 'c.pdf' })).toEqual({ ok: true, value: null });
  });
});

describe('app:info', () => {
  it('reports versions and the data folder', async () => {
    expect(await call('app:info')).toEqual({
      ok: true,
      value: {
        version: '9.8.7',
        platform: process.platform,
        electron: process.versions.electron,
        chrome: process.versions.chrome,
        userDataPath: '/fake/userData',
      },
    });
  });
});

describe('shell:open-external', () => {
  it('opens an allow-listed https URL', async () => {
    expect(await call('shell:open-external', { url: 'https://fleetledger.app/help' })).toEqual({ ok: true, value: true });
    expect(shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://fleetledger.app/help');
  });

  it.each(['http://fleetledger.app/', 'javascript:alert(1)', 'https://evil.example/', '::not a url::'])('refuses %s', async (url) => {
    expect(await call('shell:open-external', { url })).toEqual({ ok: true, value: false });
    expect(shell.openExternal).not.toHaveBeenCalled();
  });
});
