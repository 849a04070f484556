// @vitest-environment jsdom
/**
 * Failures of the desktop's backups folder reach the person. The data-loss alarm offers the
 * newest automatic backup; when the folder cannot even be listed, it must say so rather than
 * look as if there were no automatic backups. The Backups card hides its folder settings when
 * they cannot be read; it must say why.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FleetledgerBridge } from '../../../shared/ipc';
import { err, ok } from '../../../shared/result';
import { StartupScreen } from '../../../renderer/features/ledger/StartupScreen';
import { BackupsCard } from '../../../renderer/features/settings/BackupsCard';
import { useUi } from '../../../renderer/state/ui';
import { render, type Rendered } from './render';

const LIST_FAILED = 'Could not list the backups in /home/ada/.config/Fleetledger/backups: permission denied.';
const CONFIG_FAILED = 'Could not read the backup settings (/home/ada/.config/Fleetledger/backup-settings.json): permission denied.';

function desktop(bridge: Partial<FleetledgerBridge>): void {
  (window as { fleetledger?: Partial<FleetledgerBridge> }).fleetledger = bridge;
}

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
  delete (window as { fleetledger?: FleetledgerBridge }).fleetledger;
  useUi.setState({ toasts: [] });
});

describe('the backups folder failing on the desktop', () => {
  it('the data-loss alarm says the automatic backups could not be listed', async () => {
    desktop({ listBackups: async () => err(LIST_FAILED) });
    shown = await render(
      <StartupScreen
        outcome={{ kind: 'data-loss', check: { kind: 'empty', message: 'The database is empty, but this device recorded 186 events.' }, record: { ledgerId: 'l-1', devices: { d: 186 }, updatedAt: '2026-12-01T00:00:00Z' } }}
      />,
    );
    const alert = shown.container.querySelector('[role="alert"]');
    expect(alert?.textContent ?? '').toContain(LIST_FAILED);
  });

  it('the Backups card says why the folder settings are not shown', async () => {
    desktop({ listBackups: async () => ok([]), backupConfig: async () => err(CONFIG_FAILED) });
    shown = await render(<BackupsCard />);
    const said = [shown.text(), ...useUi.getState().toasts.map((t) => t.text)].join('\n');
    expect(said).toContain(CONFIG_FAILED);
  });
});
