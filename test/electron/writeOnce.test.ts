/**
 * A team segment is written once and never changed (electron/fileIo.ts writeFileOnce, used by
 * electron/teamFolder.ts diskFolder): two writers of one device at once cannot both put theirs
 * under the same number, and the one there stays whole.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileOnce } from '../../electron/fileIo';
import { diskFolder } from '../../electron/teamFolder';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'write-once-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writing a file once', () => {
  it('puts it in place, takes the same bytes again, and refuses other bytes, keeping the first', async () => {
    const path = join(dir, '00000001.jsonl.gz');
    await writeFileOnce(path, new Uint8Array([1, 2, 3]));
    await writeFileOnce(path, new Uint8Array([1, 2, 3]));
    await expect(writeFileOnce(path, new Uint8Array([9]))).rejects.toThrow('00000001.jsonl.gz is already there with other content; it is written once and never replaced');
    expect([...readFileSync(path)]).toEqual([1, 2, 3]);
    // No temporary file is left behind either way.
    expect(readdirSync(dir)).toEqual(['00000001.jsonl.gz']);
  });

  it('lets only one of two writers at once put its segment under a number', async () => {
    const folder = diskFolder(dir);
    const device = 'dev-a';
    const results = await Promise.allSettled([1, 2].map((b) => folder.writeFile(device, '00000001.jsonl.gz', new Uint8Array(1000).fill(b))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const kept = readFileSync(join(dir, 'devices', device, '00000001.jsonl.gz'));
    expect(new Set(kept).size).toBe(1);
    // The head is rewritten as before.
    await folder.writeFile(device, 'head.json', new TextEncoder().encode('{"a":1}'));
    await folder.writeFile(device, 'head.json', new TextEncoder().encode('{"a":2}'));
    expect(readFileSync(join(dir, 'devices', device, 'head.json'), 'utf8')).toBe('{"a":2}');
  });
});
