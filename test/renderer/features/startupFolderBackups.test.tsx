// @vitest-environment jsdom
/**
 * In a browser that keeps its automatic backups in a chosen folder (File System Access API), the
 * data-loss alarm offers them as the desktop's are, newest backup of the recorded ledger first.
 * After a reload the browser lets the page read the folder only on a click, so the alarm shows a
 * button naming the folder that asks; nothing is read before. The restore then goes the same way
 * as every other (verified, confirmed, restored only on the person's word).
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { err, ok } from '../../../shared/result';
import { storedGzipMember } from '../../../shared/ledger/gzipMembers';
import { listFolderBackups, type FolderHandle } from '../../../renderer/platform/folderBackups';
import type * as FolderBackups from '../../../renderer/platform/folderBackups';
import type * as LedgerGuard from '../../../renderer/ledgerGuard';
import type { RestorableBackup } from '../../../renderer/ledgerGuard';
import { click, render, type Rendered } from './render';

const fake = vi.hoisted(() => ({ folder: null as unknown, verified: [] as Uint8Array[], restored: [] as unknown[] }));

vi.mock('../../../renderer/platform/folderBackups', async (importOriginal) => {
  const actual = await importOriginal<typeof FolderBackups>();
  // The handle a browser keeps in IndexedDB (a fake one cannot be stored there: it has methods).
  return { ...actual, backupFolder: async () => fake.folder as FolderHandle | null };
});

const backup = {
  kind: 'ledger',
  contents: {
    header: { ledgerId: 'ledger-a', ledgerName: 'Acme GPU fleet', createdAt: '2026-12-06T07:30:00.000Z', counts: { lots: 46, units: 3, models: 17, sites: 3, suppliers: 10, observations: 98, events: 186 } },
  },
} as unknown as RestorableBackup;

vi.mock('../../../renderer/ledgerGuard', async (importOriginal) => {
  const actual = await importOriginal<typeof LedgerGuard>();
  return {
    ...actual,
    verifyBackupFile: async (bytes: Uint8Array) => {
      fake.verified.push(bytes);
      return ok(backup);
    },
    restoreFromBackup: async (_db: unknown, b: unknown) => {
      fake.restored.push(b);
      return err('stopped here by the test');
    },
  };
});

const { StartupScreen } = await import('../../../renderer/features/ledger/StartupScreen');

/** The first bytes of a backup file as this version writes it: its header, stored (the rest is not read to list it). */
function backupBytes(ledgerId: string, events: number, createdAt: string): Uint8Array {
  const header = {
    format: 'fleetledger-backup',
    formatVersion: 2,
    ledgerId,
    ledgerName: 'Acme GPU fleet',
    schemaVersion: 12,
    createdAt,
    counts: { events, lots: 1, units: 1, models: 1, sites: 1, suppliers: 0, observations: 0 },
    bodySha256: 'a'.repeat(64),
    eventBlocks: [10],
    bodyBytes: 10,
  };
  return storedGzipMember(new TextEncoder().encode(`${JSON.stringify(header)}\n`));
}

interface FakeFolder {
  handle: FolderHandle;
  reads: string[];
  asked: number;
}

/** A folder as the File System Access API gives one; `permission` is what the browser answers. */
function folderOf(files: Record<string, Uint8Array>, permission: { now: PermissionState; onAsk: PermissionState }): FakeFolder {
  const made: FakeFolder = { handle: null as unknown as FolderHandle, reads: [], asked: 0 };
  const file = (name: string) => ({
    kind: 'file' as const,
    name,
    getFile: async () => {
      if (permission.now !== 'granted') throw new DOMException('not allowed', 'NotAllowedError');
      made.reads.push(name);
      return new File([files[name] as BlobPart], name, { lastModified: Date.parse('2026-12-07T09:05:00Z') });
    },
  });
  made.handle = {
    kind: 'directory',
    name: 'Fleet backups',
    async *values() {
      if (permission.now !== 'granted') throw new DOMException('not allowed', 'NotAllowedError');
      for (const name of Object.keys(files)) yield file(name) as never;
      yield { kind: 'file', name: 'notes.txt', getFile: async () => new File(['x'], 'notes.txt') } as never;
    },
    getFileHandle: async (name: string) => {
      if (!(name in files)) throw new DOMException('not found', 'NotFoundError');
      return file(name) as never;
    },
    getDirectoryHandle: async () => {
      throw new Error('no folders here');
    },
    removeEntry: async () => {
      throw new Error('the alarm removes nothing');
    },
    queryPermission: async () => permission.now,
    requestPermission: async () => {
      made.asked++;
      permission.now = permission.onAsk;
      return permission.now;
    },
  } as FolderHandle;
  return made;
}

const record = { ledgerId: 'ledger-a', devices: { d1: 150, d2: 36 }, updatedAt: '2026-12-07T08:00:00Z' };
const missing = { kind: 'data-loss', check: { kind: 'missing', message: 'The ledger database is missing.' }, record } as const;

const files = {
  // This ledger, all the recorded events: the one to offer.
  'Acme-GPU-fleet-2026-12-06-daily-a0a0a0.fleetledger': backupBytes('ledger-a', 186, '2026-12-06T07:30:00.000Z'),
  'Acme-GPU-fleet-2026-11-30-daily-a0a0a0.fleetledger': backupBytes('ledger-a', 170, '2026-11-30T07:30:00.000Z'),
  // Newer, but another ledger (another person's in a shared folder).
  'Other-2026-12-07-daily-b1b1b1.fleetledger': backupBytes('ledger-b', 900, '2026-12-07T07:30:00.000Z'),
};

let shown: Rendered | null = null;
beforeEach(() => {
  (window as { showDirectoryPicker?: unknown }).showDirectoryPicker = () => Promise.reject(new Error('not in this test'));
});
afterEach(async () => {
  await shown?.unmount();
  shown = null;
  fake.folder = null;
  fake.verified.length = 0;
  fake.restored.length = 0;
  delete (window as { showDirectoryPicker?: unknown }).showDirectoryPicker;
});

const buttons = (): string[] => [...(shown?.container.querySelectorAll('button') ?? [])].map((b) => b.textContent ?? '');

it('asks for the folder on a click, then offers the newest backup of this ledger there first and restores it as the alarm does', async () => {
  const folder = folderOf(files, { now: 'prompt', onAsk: 'granted' });
  fake.folder = folder.handle;
  shown = await render(<StartupScreen outcome={missing} />);
  // Nothing read before the person allows it.
  expect(folder.reads).toEqual([]);
  expect(folder.asked).toBe(0);
  const ask = shown.container.querySelector('button.btn-primary');
  expect(ask?.textContent).toBe('Find the backups in the folder Fleet backups…');
  expect(document.activeElement).toBe(ask);

  await click(shown.container, 'Find the backups in the folder Fleet backups…');
  expect(folder.asked).toBe(1);
  const first = shown.container.querySelector('button.btn-primary');
  expect(first?.textContent).toContain('Restore the newest backup of this ledger (Acme-GPU-fleet-2026-12-06-daily-a0a0a0.fleetledger');
  expect(buttons()).not.toContain('Find the backups in the folder Fleet backups…');
  // The others are all offered too, newest made first.
  const others = [...shown.container.querySelectorAll('li')].map((li) => /Restore (\S+)/u.exec(li.textContent ?? '')?.[1]);
  expect(others).toEqual(['Other-2026-12-07-daily-b1b1b1.fleetledger', 'Acme-GPU-fleet-2026-11-30-daily-a0a0a0.fleetledger']);

  await click(shown.container, 'Restore the newest backup of this ledger');
  // Read from the folder and verified, then the person is asked; nothing restored yet.
  expect(fake.verified).toEqual([files['Acme-GPU-fleet-2026-12-06-daily-a0a0a0.fleetledger']]);
  expect(fake.restored).toEqual([]);
  expect(shown.text()).toContain('Restore this backup?');
  expect(shown.text()).toContain('It is a backup of the ledger this computer last held, with all the events recorded.');
  await click(shown.container, 'Restore this backup');
  expect(fake.restored).toEqual([backup]);
});

it('lists the folder at once when the browser still allows it', async () => {
  const folder = folderOf(files, { now: 'granted', onAsk: 'granted' });
  fake.folder = folder.handle;
  shown = await render(<StartupScreen outcome={missing} />);
  expect(folder.asked).toBe(0);
  expect(shown.container.querySelector('button.btn-primary')?.textContent).toContain('Acme-GPU-fleet-2026-12-06-daily-a0a0a0.fleetledger');
});

it('says so when the person does not allow the folder, and offers the file instead', async () => {
  const folder = folderOf(files, { now: 'prompt', onAsk: 'denied' });
  fake.folder = folder.handle;
  shown = await render(<StartupScreen outcome={missing} />);
  await click(shown.container, 'Find the backups in the folder Fleet backups…');
  expect(folder.reads).toEqual([]);
  expect(shown.container.querySelector('[role="alert"]')?.textContent).toBe(
    'This browser was not allowed to read the folder Fleet backups, so its backups are not offered here. Restore from backup… can still open one of them as a file.',
  );
  expect(buttons()).toContain('Restore from backup…');
});

it('offers no folder where none was chosen (or its handle is gone)', async () => {
  shown = await render(<StartupScreen outcome={missing} />);
  expect(buttons().some((b) => b.includes('folder'))).toBe(false);
  expect(shown.container.querySelector('button.btn-primary')?.textContent).toBe('Restore from backup…');
});

it('lists a folder’s backups with what each header says, and a file it cannot read without it', async () => {
  const folder = folderOf({ ...files, 'Acme-GPU-fleet-2026-12-01-093000-manual-a0a0a0.fleetledger': new Uint8Array([1, 2, 3]) }, { now: 'granted', onAsk: 'granted' });
  const listed = await listFolderBackups(folder.handle);
  expect(listed.map((b) => b.name).sort()).toEqual([...Object.keys(files), 'Acme-GPU-fleet-2026-12-01-093000-manual-a0a0a0.fleetledger'].sort());
  expect(listed.find((b) => b.name === 'Acme-GPU-fleet-2026-12-06-daily-a0a0a0.fleetledger')).toEqual({
    name: 'Acme-GPU-fleet-2026-12-06-daily-a0a0a0.fleetledger',
    size: files['Acme-GPU-fleet-2026-12-06-daily-a0a0a0.fleetledger'].length,
    modifiedAt: '2026-12-07T09:05:00.000Z',
    madeAt: '2026-12-06T07:30:00.000Z',
    reason: 'daily',
    holds: { ledgerId: 'ledger-a', events: 186 },
  });
  const unreadable = listed.find((b) => b.reason === 'manual');
  expect(unreadable?.holds).toBeUndefined();
  expect(unreadable?.madeAt).toBe(new Date(2026, 11, 1, 9, 30, 0).toISOString());
});
