// @vitest-environment jsdom
/**
 * What Share and Join throw (a folder gone, a bridge call that fails) is said in the card: the
 * person clicked a button and must hear why nothing happened.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as TeamSync from '../../../renderer/teamSync';
import { click, render, type Rendered } from './render';

vi.mock('../../../renderer/teamSync', async (importOriginal) => {
  const actual = await importOriginal<typeof TeamSync>();
  return {
    ...actual,
    refreshTeamSync: async () => undefined,
    shareLedger: async () => {
      throw new Error('the share went away');
    },
    findTeamLedger: async () => {
      throw new Error('permission denied');
    },
  };
});

const { useTeamSync } = await import('../../../renderer/teamSync');
const { TeamSyncCard } = await import('../../../renderer/features/settings/TeamSyncCard');

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
});

describe('the Team sync card', () => {
  it('in a browser that cannot use a folder, says what it can do instead: the CouchDB server card below', async () => {
    useTeamSync.setState({ setup: 'unsupported', folderName: null, settings: null });
    shown = await render(<TeamSyncCard />);
    expect(shown.text()).toContain('this browser cannot use a folder');
    expect(shown.text()).toContain('sync it through a CouchDB server instead (Team sync: CouchDB server, below)');
    await shown.unmount();
    shown = null;
  });

  it('says why sharing or joining failed when the step throws', async () => {
    useTeamSync.setState({ setup: 'off', folderName: null, settings: null });
    shown = await render(<TeamSyncCard />);
    await click(shown.container, 'Share this ledger in a folder');
    expect(shown.text()).toContain('Sharing the ledger failed: the share went away');
    await click(shown.container, 'Join a ledger in a folder');
    expect(shown.text()).toContain('Finding a ledger in the folder failed: permission denied');
    expect(shown.text()).not.toContain('Sharing the ledger failed');
  });
});
