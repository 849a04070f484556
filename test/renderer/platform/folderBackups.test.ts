import { describe, expect, it } from 'vitest';
import { browserInstallationTag, hasDailyBackupOf, hasDailyOf, INSTALLATION_TAG_KEY, writeBackupInto, type FolderHandle } from '../../../renderer/platform/folderBackups';
import { storedGzipMember } from '../../../shared/ledger/gzipMembers';
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

const days = (n: number, installation?: string): string[] =>
  Array.from({ length: n }, (_, i) => backupFileName({ stem: 'Fleetledger', date: `2026-01-${String(i + 1).padStart(2, '0')}`, reason: 'daily', ...(installation === undefined ? {} : { installation }) }));

const A = 'a0a0a0';
const B = 'b1b1b1';

describe('a backup written into the folder chosen in a browser', () => {
  it('writes it, then prunes the old ones as the desktop does', async () => {
    const { folder, files } = memoryFolder(days(20, A));
    const written = await writeBackupInto(folder, new Uint8Array([7]), 'Fleetledger', '2026-01-21', 'daily', new Date(), A);
    expect(written).toMatchObject({ ok: true, value: { name: `Fleetledger-2026-01-21-daily-${A}.fleetledger` } });
    expect(files.get(`Fleetledger-2026-01-21-daily-${A}.fleetledger`)).toEqual(new Uint8Array([7]));
    expect(files.size).toBeLessThan(21);
  });

  it('says the backup was written when only removing old ones failed', async () => {
    const { folder, files } = memoryFolder(days(20, A), true);
    const written = await writeBackupInto(folder, new Uint8Array([7]), 'Fleetledger', '2026-01-21', 'daily', new Date(), A);
    expect(written).toEqual({ ok: true, value: { name: `Fleetledger-2026-01-21-daily-${A}.fleetledger`, pruned: [], pruneError: 'Old backups could not be removed from the folder Backups: permission to delete was withdrawn' } });
    expect(files.has(`Fleetledger-2026-01-21-daily-${A}.fleetledger`)).toBe(true);
  });

  it('two browsers sharing one synced folder neither write over each other’s daily backup nor prune each other’s', async () => {
    const { folder, files } = memoryFolder([...days(20, A), ...days(20, B)]);
    await writeBackupInto(folder, new Uint8Array([7]), 'Fleetledger', '2026-01-21', 'daily', new Date(), A);
    await writeBackupInto(folder, new Uint8Array([8]), 'Fleetledger', '2026-01-21', 'daily', new Date(), B);
    expect(files.get(`Fleetledger-2026-01-21-daily-${A}.fleetledger`)).toEqual(new Uint8Array([7]));
    expect(files.get(`Fleetledger-2026-01-21-daily-${B}.fleetledger`)).toEqual(new Uint8Array([8]));
    // Each kept its own 7 days (and its weeks and month), whatever the other did.
    const mine = (tag: string) => [...files.keys()].filter((n) => n.endsWith(`-${tag}.fleetledger`));
    expect(mine(A)).toEqual(mine(B).map((n) => n.replace(B, A)));
    expect(mine(A)).toContain(`Fleetledger-2026-01-15-daily-${A}.fleetledger`);
    expect(mine(A)).not.toContain(`Fleetledger-2026-01-10-daily-${A}.fleetledger`);
  });

  it('never prunes backups written there before they carried a tag (which browser wrote each cannot be told)', async () => {
    const { folder, files } = memoryFolder(days(20));
    const written = await writeBackupInto(folder, new Uint8Array([7]), 'Fleetledger', '2026-01-21', 'daily', new Date(), A);
    expect(written).toMatchObject({ ok: true, value: { pruned: [] } });
    expect(files.size).toBe(21);
  });

  it('the tag is made once and kept in localStorage; today’s daily backup of another browser does not count as this one’s', () => {
    const kept = new Map<string, string>();
    const storage = { getItem: (k: string) => kept.get(k) ?? null, setItem: (k: string, v: string) => void kept.set(k, v) };
    const tag = browserInstallationTag(storage);
    expect(tag).toMatch(/^[0-9a-f]{6}$/u);
    expect(kept.get(INSTALLATION_TAG_KEY)).toBe(tag);
    expect(browserInstallationTag(storage)).toBe(tag);
    const other = tag === A ? B : A;
    expect(hasDailyOf([`Fleetledger-2026-01-21-daily-${other}.fleetledger`, 'Fleetledger-2026-01-21-daily.fleetledger'], '2026-01-21', tag)).toBe(false);
    expect(hasDailyOf([`Fleetledger-2026-01-21-daily-${tag}.fleetledger`], '2026-01-21', tag)).toBe(true);
  });
});

describe('the daily backup in a browser’s folder', () => {
  /** The first bytes of a backup of `ledgerId` as this version writes it: its header, stored. */
  const backupOf = (ledgerId: string): Uint8Array =>
    storedGzipMember(new TextEncoder().encode(`${JSON.stringify({ format: 'fleetledger-backup', formatVersion: 2, ledgerId, ledgerName: 'Fleet', schemaVersion: 12, createdAt: '2026-01-21T07:00:00.000Z', counts: { events: 3, lots: 1, units: 0, models: 1, sites: 1, suppliers: 0, observations: 0 }, bodySha256: 'a'.repeat(64), eventBlocks: [10], bodyBytes: 10 })}\n`));
  const folderWith = (files: Record<string, Uint8Array>): FolderHandle =>
    ({
      kind: 'directory',
      name: 'Backups',
      async *values() {
        for (const name of Object.keys(files)) yield { kind: 'file', name } as never;
      },
      getFileHandle: async (name: string) => ({ kind: 'file', name, getFile: async () => new Blob([files[name] as BlobPart]) }),
    }) as unknown as FolderHandle;
  const today = `Fleetledger-2026-01-21-daily-${A}.fleetledger`;

  it('is done for today only when today’s daily of this browser holds the ledger held now', async () => {
    expect(await hasDailyBackupOf(folderWith({ [today]: backupOf('ledger-now') }), '2026-01-21', A, 'ledger-now')).toBe(true);
    // Of the ledger left behind by joining a team's: today's is still due.
    expect(await hasDailyBackupOf(folderWith({ [today]: backupOf('ledger-before') }), '2026-01-21', A, 'ledger-now')).toBe(false);
    // Another browser's, or yesterday's, never counted.
    expect(await hasDailyBackupOf(folderWith({ [`Fleetledger-2026-01-21-daily-${B}.fleetledger`]: backupOf('ledger-now') }), '2026-01-21', A, 'ledger-now')).toBe(false);
    expect(await hasDailyBackupOf(folderWith({ [today]: new Uint8Array([1, 2, 3]) }), '2026-01-21', A, 'ledger-now')).toBe(false);
  });
});
