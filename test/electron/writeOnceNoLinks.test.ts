/**
 * A team segment on a file system where hard links cannot be made (FAT, exFAT, some network
 * shares: link() fails with EPERM or ENOTSUP). writeFileOnce falls back to a rename there, and
 * the rename must not put other bytes over a segment already written: a segment is written once
 * and never changed (README, "The team folder format").
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof FsPromises>();
  const link = async (): Promise<never> => {
    throw Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' });
  };
  return { ...fs, default: { ...fs, link }, link };
});

const { writeFileOnce } = await import('../../electron/fileIo');

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'write-once-no-links-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writing a file once where hard links cannot be made', () => {
  it('puts a new file in place', async () => {
    const path = join(dir, '00000001.jsonl.gz');
    await writeFileOnce(path, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(path)]).toEqual([1, 2, 3]);
    expect(readdirSync(dir)).toEqual(['00000001.jsonl.gz']);
  });

  it('takes the same bytes again, and refuses other bytes, keeping the file there', async () => {
    const path = join(dir, '00000001.jsonl.gz');
    writeFileSync(path, new Uint8Array([1, 2, 3]));
    await writeFileOnce(path, new Uint8Array([1, 2, 3]));
    await expect(writeFileOnce(path, new Uint8Array([9]))).rejects.toThrow('00000001.jsonl.gz is already there with other content; it is written once and never replaced');
    expect([...readFileSync(path)]).toEqual([1, 2, 3]);
    expect(readdirSync(dir)).toEqual(['00000001.jsonl.gz']);
  });
});
