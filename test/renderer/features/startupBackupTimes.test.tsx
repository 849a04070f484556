// @vitest-environment jsdom
/**
 * The data-loss alarm lists the other automatic backups with when each was made. The times are
 * UTC (as everywhere in the app, and in the Backups card's list), while a backup's file name
 * carries the local date and time it was made: unlabelled, a backup made at 00:30 in Berlin read
 * as made the evening before, beside a name saying the day after.
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

it('says the times of the other automatic backups are UTC', async () => {
  const backups: BackupEntry[] = [
    { name: 'Acme-2026-12-06-daily.fleetledger', size: 37_107, modifiedAt: '2026-12-06T08:00:00.000Z', reason: 'daily' },
    { name: 'Acme-2026-12-06-003000-before-restore.fleetledger', size: 36_000, modifiedAt: '2026-12-05T23:30:00.000Z', reason: 'before-restore' },
  ];
  (window as { fleetledger?: Partial<FleetledgerBridge> }).fleetledger = { listBackups: async () => ok(backups) };
  shown = await render(
    <StartupScreen
      outcome={{ kind: 'data-loss', check: { kind: 'missing', message: 'The ledger database is missing.' }, record: { ledgerId: 'l-1', devices: { d: 186 }, updatedAt: '2026-12-06T00:00:00Z' } }}
    />,
  );
  const item = [...shown.container.querySelectorAll('li')].find((li) => (li.textContent ?? '').includes('before-restore'));
  expect(item?.textContent ?? '').toContain('2026-12-05 23:30 UTC');
});
