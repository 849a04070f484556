/**
 * file:save-text and print:to-pdf write over a file the person chose, often the previous export
 * of the same name. A disk that fills up mid-write must leave that file as it was, never half of
 * the new one: the write goes to a temporary file beside it, then a rename (electron/fileIo.ts).
 *
 * The disk here fills up after half of any write, as a real full disk does (checked by hand on a
 * 64 KiB tmpfs: the old 20 KB export was left as 45 KB of the new one, cut off).
 */
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';

vi.mock('electron', () => import('./fakeElectron'));

function diskFull(): NodeJS.ErrnoException {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
}
function half(data: string | Uint8Array): Uint8Array {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return bytes.subarray(0, Math.floor(bytes.length / 2));
}

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof FsPromises>();
  const writeFile = async (path: Parameters<typeof fs.writeFile>[0], data: string | Uint8Array) => {
    await fs.writeFile(path, half(data));
    throw diskFull();
  };
  const open = async (...args: Parameters<typeof fs.open>) => {
    const handle = await fs.open(...args);
    return new Proxy(handle, {
      get(target, key) {
        if (key === 'writeFile') {
          return async (data: string | Uint8Array) => {
            await target.writeFile(half(data));
            throw diskFull();
          };
        }
        const value = Reflect.get(target, key) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
  return { ...fs, default: { ...fs, writeFile, open }, writeFile, open };
});

const { BrowserWindow, dialog, resetFakeElectron } = await import('./fakeElectron');
const { printToPdf, saveTextFile } = await import('../../electron/ipcHandlers');

const dir = mkdtempSync(join(tmpdir(), 'fleetledger-save-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let event: IpcMainInvokeEvent;
beforeEach(() => {
  resetFakeElectron();
  event = { sender: new BrowserWindow().webContents } as unknown as IpcMainInvokeEvent;
});

describe('saving over an existing file when the disk fills up', () => {
  it('file:save-text leaves the previous export whole', async () => {
    const path = join(dir, 'lots.csv');
    writeFileSync(path, 'code,qty\nGPU-1,8\n');
    dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: path });
    const r = await saveTextFile(event, { suggestedName: 'lots.csv', text: 'code,qty\nGPU-1,8\nGPU-2,4\nCPU-1,2\n', kind: 'csv' });
    expect(r).toEqual({ ok: false, error: 'Could not save lots.csv: the disk is full.' });
    expect(readFileSync(path, 'utf8')).toBe('code,qty\nGPU-1,8\n');
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('print:to-pdf leaves the previous certificate whole', async () => {
    const path = join(dir, 'certificate.pdf');
    writeFileSync(path, '%PDF-1.7 the certificate signed last week');
    dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: path });
    const r = await printToPdf(event, { suggestedName: 'certificate.pdf' });
    expect(r).toEqual({ ok: false, error: 'Could not save certificate.pdf: the disk is full.' });
    expect(readFileSync(path, 'utf8')).toBe('%PDF-1.7 the certificate signed last week');
  });
});
