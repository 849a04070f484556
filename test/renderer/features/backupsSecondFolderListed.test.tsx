// @vitest-environment jsdom
/**
 * Settings → Backups on the desktop lists the backups in the second folder too (this
 * installation's copies, and other installations' in a shared folder), marked as the second
 * folder's, and restores one from there. Each row says when the backup was made (its header or
 * name), not its file's modification time.
 */
import { afterEach, expect, it } from 'vitest';
import type { BackupEntry, FleetledgerBridge, ReadBackupRequest } from '../../../shared/ipc';
import { err, ok } from '../../../shared/result';
import { BackupsCard } from '../../../renderer/features/settings/BackupsCard';
import { useUi } from '../../../renderer/state/ui';
import { act } from 'react';
import { click, render, settle, type Rendered } from './render';

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
  delete (window as { fleetledger?: FleetledgerBridge }).fleetledger;
  useUi.setState({ toasts: [] });
});

it('lists the second folder’s backups, marked, and reads one from there to restore', async () => {
  const listed: BackupEntry[] = [
    { name: 'Acme-2026-12-06-daily.fleetledger', size: 1000, modifiedAt: '2026-12-06T07:30:00.000Z', reason: 'daily' },
    { name: 'Acme-2026-12-06-daily-a1b2c3.fleetledger', size: 1000, modifiedAt: '2026-12-06T07:30:00.000Z', reason: 'daily', folder: 'second' },
  ];
  const reads: ReadBackupRequest[] = [];
  (window as { fleetledger?: Partial<FleetledgerBridge> }).fleetledger = {
    listBackups: async () => ok(listed),
    backupConfig: async () => ok({ folder: '/home/ada/.config/Fleetledger/backups', secondFolder: '/mnt/sync/backups' }),
    readBackup: async (request: ReadBackupRequest) => {
      reads.push(request);
      return err('stopped here by the test');
    },
  };
  shown = await render(<BackupsCard />);
  const rows = [...shown.container.querySelectorAll('table[aria-label="Automatic backups"] tbody tr')].map((r) => r.querySelector('td')?.textContent ?? '');
  expect(rows).toEqual(['Acme-2026-12-06-daily.fleetledger', 'Acme-2026-12-06-daily-a1b2c3.fleetledger (second folder)']);
  const restoreCopy = shown.container.querySelector('button[aria-label="Restore Acme-2026-12-06-daily-a1b2c3.fleetledger (second folder)…"]') as HTMLButtonElement;
  expect(restoreCopy).not.toBeNull();
  await click(shown.container, 'Restore…'); // the first row's: the app's own folder
  expect(reads).toEqual([{ name: 'Acme-2026-12-06-daily.fleetledger' }]);
  await act(async () => restoreCopy.click());
  await settle();
  expect(reads).toEqual([{ name: 'Acme-2026-12-06-daily.fleetledger' }, { name: 'Acme-2026-12-06-daily-a1b2c3.fleetledger', folder: 'second' }]);
});

it('says when each backup was made, not when its file was last copied or touched, newest made first', async () => {
  const listed: BackupEntry[] = [
    // Copied in by hand today: an old backup.
    { name: 'Acme-2026-11-02-daily.fleetledger', size: 1000, modifiedAt: '2026-12-07T09:05:00.000Z', madeAt: '2026-11-02T07:00:00.000Z', reason: 'daily' },
    { name: 'Acme-2026-12-06-daily.fleetledger', size: 1000, modifiedAt: '2026-12-06T07:30:00.000Z', madeAt: '2026-12-06T07:30:00.000Z', reason: 'daily' },
  ];
  (window as { fleetledger?: Partial<FleetledgerBridge> }).fleetledger = {
    listBackups: async () => ok(listed),
    backupConfig: async () => ok({ folder: '/home/ada/.config/Fleetledger/backups', secondFolder: null }),
  };
  shown = await render(<BackupsCard />);
  const rows = [...shown.container.querySelectorAll('table[aria-label="Automatic backups"] tbody tr')].map((r) => [...r.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent ?? ''));
  expect(rows).toEqual([
    ['Acme-2026-12-06-daily.fleetledger', '2026-12-06 07:30 UTC'],
    ['Acme-2026-11-02-daily.fleetledger', '2026-11-02 07:00 UTC'],
  ]);
});
