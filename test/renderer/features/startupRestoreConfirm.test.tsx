// @vitest-environment jsdom
/**
 * The data-loss alarm asks before it restores, as Settings → Backups does: it shows what the
 * verified backup holds (which ledger, how many events, against what this computer recorded) and
 * restores only on the person's word. A backup that holds fewer events than recorded says so.
 */
import { afterEach, expect, it, vi } from 'vitest';
import type { BackupEntry, FleetledgerBridge } from '../../../shared/ipc';
import { err, ok } from '../../../shared/result';
import type { RestorableBackup } from '../../../renderer/ledgerGuard';
import type * as LedgerGuard from '../../../renderer/ledgerGuard';
import { click, render, type Rendered } from './render';

const guard = vi.hoisted(() => ({ restored: [] as unknown[] }));

const backup = {
  kind: 'ledger',
  contents: {
    header: {
      ledgerId: 'ledger-a',
      ledgerName: 'Acme GPU fleet',
      createdAt: '2026-12-06T07:30:00.000Z',
      counts: { lots: 46, units: 3, models: 17, sites: 3, suppliers: 10, observations: 98, events: 186 },
    },
  },
} as unknown as RestorableBackup;

vi.mock('../../../renderer/ledgerGuard', async (importOriginal) => {
  const actual = await importOriginal<typeof LedgerGuard>();
  return {
    ...actual,
    verifyBackupFile: async () => ok(backup),
    restoreFromBackup: async (_db: unknown, b: unknown) => {
      guard.restored.push(b);
      return err('stopped here by the test');
    },
  };
});

const { StartupScreen } = await import('../../../renderer/features/ledger/StartupScreen');

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
  guard.restored.length = 0;
  delete (window as { fleetledger?: FleetledgerBridge }).fleetledger;
});

const record = { ledgerId: 'ledger-a', devices: { d1: 200 }, updatedAt: '2026-12-07T08:00:00Z' };
const entry: BackupEntry = { name: 'Acme-2026-12-06-daily.fleetledger', size: 37_107, modifiedAt: '2026-12-06T07:30:00.000Z', reason: 'daily', holds: { ledgerId: 'ledger-a', events: 186 } };

it('shows what the chosen backup holds and restores only when asked', async () => {
  (window as { fleetledger?: Partial<FleetledgerBridge> }).fleetledger = {
    listBackups: async () => ok([entry]),
    readBackup: async () => ok({ name: entry.name, bytes: new Uint8Array([1]) }),
  };
  shown = await render(<StartupScreen outcome={{ kind: 'data-loss', check: { kind: 'missing', message: 'The ledger database is missing.' }, record }} />);
  await click(shown.container, 'Restore the newest backup');
  expect(guard.restored).toEqual([]);
  expect(shown.text()).toContain('Restore this backup?');
  expect(shown.text()).toContain('Acme-2026-12-06-daily.fleetledger is a whole, verified backup of Acme GPU fleet made 2026-12-06 07:30 UTC');
  expect(shown.text()).toContain('it holds 186 of the 200 events recorded: the changes made after it are not in it');
  expect(shown.text()).toContain('Restoring puts it in place of the missing ledger.');
  // Cancel goes back to the choice, nothing restored.
  await click(shown.container, 'Cancel');
  expect(shown.text()).not.toContain('Restore this backup?');
  await click(shown.container, 'Restore the newest backup');
  await click(shown.container, 'Restore this backup');
  expect(guard.restored).toEqual([backup]);
  expect(shown.text()).toContain('stopped here by the test');
});

it('over a database that still holds a ledger, the confirmation says it is replaced and backed up first', async () => {
  (window as { fleetledger?: Partial<FleetledgerBridge> }).fleetledger = {
    listBackups: async () => ok([entry]),
    readBackup: async () => ok({ name: entry.name, bytes: new Uint8Array([1]) }),
  };
  shown = await render(<StartupScreen outcome={{ kind: 'data-loss', check: { kind: 'other-ledger', message: 'The database holds another ledger.' }, record: { ...record, ledgerId: 'ledger-z' } }} />);
  await click(shown.container, 'Restore the newest backup');
  expect(shown.text()).toContain('It is a backup of a different ledger from the one this computer last held.');
  expect(shown.text()).toContain('Restoring replaces what the database holds now; that is backed up first (the backups folder).');
  expect(guard.restored).toEqual([]);
  await click(shown.container, 'Replace the ledger with this backup');
  expect(guard.restored).toEqual([backup]);
});
