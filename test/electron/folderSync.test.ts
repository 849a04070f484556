/**
 * A file written through electron/fileIo.ts survives a power cut once the write has returned:
 * its bytes are flushed before the rename (or link), and its folder after it, or the new name
 * can be lost while the write was already reported done (a backup listed, a segment counted by
 * the head file written next). Where a folder cannot be flushed (Windows cannot open one), the
 * write still succeeds.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** What happened, in order: `open <path>`, `sync <path>`, `rename <to>`, `link <to>`. */
const steps: string[] = [];
let folderOpenError: string | null = null;

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof FsPromises>();
  const open = async (...args: Parameters<typeof fs.open>) => {
    const [path] = args;
    const isFolder = (await fs.stat(path).catch(() => null))?.isDirectory() ?? false;
    if (isFolder && folderOpenError !== null) throw Object.assign(new Error(`${folderOpenError}: illegal operation on a directory, open`), { code: folderOpenError });
    const handle = await fs.open(...args);
    return new Proxy(handle, {
      get(target, key) {
        if (key === 'sync') {
          return async () => {
            steps.push(`sync ${String(path)}`);
            await target.sync();
          };
        }
        const value = Reflect.get(target, key) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
  const rename = async (from: string, to: string) => {
    await fs.rename(from, to);
    steps.push(`rename ${to}`);
  };
  const link = async (from: string, to: string) => {
    await fs.link(from, to);
    steps.push(`link ${to}`);
  };
  return { ...fs, default: { ...fs, open, rename, link }, open, rename, link };
});

const { writeFileAtomically, writeFileOnce } = await import('../../electron/fileIo');

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'folder-sync-'));
  steps.length = 0;
  folderOpenError = null;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a write is on the disk when it returns', () => {
  it('writeFileAtomically flushes the folder after the rename', async () => {
    const path = join(dir, 'ledger-record.json');
    await writeFileAtomically(path, '{}\n');
    expect(steps.at(-2)).toBe(`rename ${path}`);
    expect(steps.at(-1)).toBe(`sync ${dir}`);
  });

  it('writeFileOnce flushes the folder after the link', async () => {
    const path = join(dir, '00000001.jsonl.gz');
    await writeFileOnce(path, new Uint8Array([1, 2, 3]));
    expect(steps.indexOf(`link ${path}`)).toBeGreaterThan(-1);
    expect(steps.at(-1)).toBe(`sync ${dir}`);
  });

  it('still writes where a folder cannot be opened to flush it (Windows)', async () => {
    folderOpenError = 'EISDIR';
    const path = join(dir, 'backup.fleetledger');
    await writeFileAtomically(path, 'bytes');
    await writeFileOnce(join(dir, 'segment'), new Uint8Array([7]));
    expect(readFileSync(path, 'utf8')).toBe('bytes');
    expect([...readFileSync(join(dir, 'segment'))]).toEqual([7]);
  });
});
