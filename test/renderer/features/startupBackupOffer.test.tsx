// @vitest-environment jsdom
/**
 * The data-loss alarm's first offer is the newest backup that holds the recorded ledger as far as
 * the record goes, by when each backup says it was made. The newest file is not it: after an
 * update the backup before this start's database upgrade is newest, and holds the very database
 * that raised the alarm; a backup copied into the folder by hand is newest by modification time.
 */
import { afterEach, expect, it } from 'vitest';
import type { BackupEntry, FleetledgerBridge } from '../../../shared/ipc';
import { ok } from '../../../shared/result';
import { StartupScreen } from '../../../renderer/features/ledger/StartupScreen';
import { render, type Rendered } from './render';

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
  delete (window as { fleetledger?: FleetledgerBridge }).fleetledger;
});

const record = { ledgerId: 'ledger-a', devices: { d1: 150, d2: 36 }, updatedAt: '2026-12-07T08:00:00Z' };

it('offers the newest backup that holds the recorded ledger, not the pre-upgrade dump or a file copied in', async () => {
  // As the desktop lists them: newest modification time first.
  const backups: BackupEntry[] = [
    // Copied in by hand just now: an old backup, behind the record.
    { name: 'Acme-2026-11-02-daily.fleetledger', size: 30_000, modifiedAt: '2026-12-07T09:05:00.000Z', madeAt: '2026-11-02T07:00:00.000Z', reason: 'daily', holds: { ledgerId: 'ledger-a', events: 120 } },
    // This start's backup before the upgrade: the broken database as it is.
    { name: 'Fleetledger-2026-12-07-100000-schema-upgrade.fleetledger', size: 2_000, modifiedAt: '2026-12-07T09:00:00.000Z', madeAt: '2026-12-07T09:00:00.000Z', reason: 'schema-upgrade' },
    { name: 'Acme-2026-12-07-daily.fleetledger', size: 37_107, modifiedAt: '2026-12-07T07:30:00.000Z', madeAt: '2026-12-07T07:30:00.000Z', reason: 'daily', holds: { ledgerId: 'ledger-a', events: 186 } },
    { name: 'Other-2026-12-06-daily.fleetledger', size: 9_000, modifiedAt: '2026-12-06T07:30:00.000Z', madeAt: '2026-12-06T07:30:00.000Z', reason: 'daily', holds: { ledgerId: 'ledger-b', events: 500 } },
  ];
  (window as { fleetledger?: Partial<FleetledgerBridge> }).fleetledger = { listBackups: async () => ok(backups) };
  shown = await render(<StartupScreen outcome={{ kind: 'data-loss', check: { kind: 'empty', message: 'The ledger database is empty.' }, record }} />);
  const first = shown.container.querySelector('button.btn-primary');
  expect(first?.textContent ?? '').toContain('Acme-2026-12-07-daily.fleetledger');
  // The others are all still there, newest made first.
  const others = [...shown.container.querySelectorAll('li')].map((li) => li.textContent ?? '');
  expect(others.map((t) => /Restore (\S+)/u.exec(t)?.[1])).toEqual([
    'Fleetledger-2026-12-07-100000-schema-upgrade.fleetledger',
    'Other-2026-12-06-daily.fleetledger',
    'Acme-2026-11-02-daily.fleetledger',
  ]);
  expect(others[2]).toContain('2026-11-02 07:00 UTC');
});
