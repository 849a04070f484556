import { describe, expect, it } from 'vitest';
import { writeBackupInto, type FolderHandle } from '../../../renderer/platform/folderBackups';
import { backupFileName } from '../../../shared/ledger/backupRotation';

/** A folder in memory, as the File System Access API gives one; removing fails when `removeFails`. */
function memoryFolder(names: string[], removeFails = false): { folder: FolderHandle; files: Map<string, Uint8Array> } {
  const files = new Map<string, Uint8Array>(names.map((n) => [n, new Uint8Array([1])]));
  const folder = {
    kind: 'directory' as const,
    name: 'Backups',
    async *values() {
      for (const name of [...files.keys()]) yield { kind: 'file' as const, name } as never;
    },
    getFileHandle: async (name: string) => ({
      kind: 'file',
      name,
      createWritable: async () => {
        let data: Uint8Array = new Uint8Array();
        return { write: async (b: Uint8Array) => void (data = b), close: async () => void files.set(name, data), abort: async () => undefined };
      },
    }),
    getDirectoryHandle: async () => {
      throw new Error('no folders here');
    },
    removeEntry: async (name: string) => {
      if (removeFails) throw new Error('permission to delete was withdrawn');
      files.delete(name);
    },
  } as unknown as FolderHandle;
  return { folder, files };
}

const days = (n: number): string[] => Array.from({ length: n }, (_, i) => backupFileName({ stem: 'Fleetledger', date: `2026-01-${String(i + 1).padStart(2, '0')}`, reason: 'daily' }));

describe('a backup written into the folder chosen in a browser', () => {
  it('writes it, then prunes the old ones as the desktop does', async () => {
    const { folder, files } = memoryFolder(days(20));
    const written = await writeBackupInto(folder, new Uint8Array([7]), 'Fleetledger', '2026-01-21', 'daily', new Date());
    expect(written).toMatchObject({ ok: true, value: { name: 'Fleetledger-2026-01-21-daily.fleetledger' } });
    expect(files.get('Fleetledger-2026-01-21-daily.fleetledger')).toEqual(new Uint8Array([7]));
    expect(files.size).toBeLessThan(21);
  });

  it('says the backup was written when only removing old ones failed', async () => {
    const { folder, files } = memoryFolder(days(20), true);
    const written = await writeBackupInto(folder, new Uint8Array([7]), 'Fleetledger', '2026-01-21', 'daily', new Date());
    expect(written).toEqual({ ok: true, value: { name: 'Fleetledger-2026-01-21-daily.fleetledger', pruned: [], pruneError: 'Old backups could not be removed from the folder Backups: permission to delete was withdrawn' } });
    expect(files.has('Fleetledger-2026-01-21-daily.fleetledger')).toBe(true);
  });
});
