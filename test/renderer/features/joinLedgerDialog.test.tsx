// @vitest-environment jsdom
/**
 * The dialog that asks how to join a team's ledger (renderer/features/settings/teamDevices.tsx):
 * what it says this device holds decides whether the person merges or starts over, so it must
 * not call a ledger empty that holds models and sites but no lots.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { JoinLedgerDialog } from '../../../renderer/features/settings/teamDevices';
import { render, type Rendered } from './render';

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
});

const join = (offer: { localLots: number; localEvents: number }) => <JoinLedgerDialog where="folder" offer={{ ledgerName: 'Acme GPU fleet', foreignEvents: 0, ...offer }} onJoin={() => undefined} onClose={() => undefined} />;

describe('the Join the team’s ledger dialog', () => {
  it('does not call a ledger of models and sites without lots empty, and says it is backed up before it is replaced', async () => {
    shown = await render(join({ localLots: 0, localEvents: 2 }));
    expect(shown.text()).not.toContain('empty');
    expect(shown.text()).toContain('2 changes');
    expect(shown.text()).toContain('Start from the team’s ledger (this device’s is backed up first)');
    // Which choice keeps what this device changed and had not shared (a device rejoining after Stop syncing).
    expect(shown.text()).toContain('Merge keeps everything on this device, changes not yet shared included');
    expect(shown.text()).toContain('the backup made first is then the only copy of any change it had not shared');
  });

  it('says one lot and one change as such, not “1 lots” or “1 changes”', async () => {
    shown = await render(join({ localLots: 1, localEvents: 3 }));
    expect(shown.text()).toContain('This device already has its own ledger with 1 lot.');
    await shown.unmount();
    shown = await render(join({ localLots: 0, localEvents: 1 }));
    expect(shown.text()).toContain('no lots, but 1 change (models, sites');
  });

  it('calls a ledger that holds nothing empty, with nothing to back up', async () => {
    shown = await render(join({ localLots: 0, localEvents: 0 }));
    expect(shown.text()).toContain('This device’s ledger is empty.');
    expect(shown.text()).not.toContain('backed up first');
    expect(shown.text()).not.toContain('Merge keeps');
  });
});
