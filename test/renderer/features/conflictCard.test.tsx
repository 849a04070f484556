// @vitest-environment jsdom
/**
 * A conflict's card (renderer/features/conflicts/ConflictsView.tsx): settling it may fail in
 * storage (a full disk, a closed database); the card says so and its buttons come back, rather
 * than staying disabled with no word.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LedgerConflict } from '../../../shared/sync/conflicts';
import { click, render, type Rendered } from './render';

vi.mock('../../../renderer/db/ledger', async (importOriginal) => ({
  ...(await importOriginal<Record<string, unknown>>()),
  resolveConflictCommand: vi.fn(() => Promise.reject(Object.assign(new Error('The disk is full'), { name: 'QuotaExceededError' }))),
}));

const { ConflictCard } = await import('../../../renderer/features/conflicts/ConflictsView');
const { useTeamSync } = await import('../../../renderer/teamSync');

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
});

const conflict: LedgerConflict = {
  id: 'same-field:dev-b:7',
  kind: 'same-field',
  entity: 'lot',
  recordId: '10000000-0000-4000-8000-000000000001',
  record: 'lot GPU-1',
  recordIds: ['10000000-0000-4000-8000-000000000001'],
  message: 'Two devices changed the notes of lot GPU-1.',
  events: [],
  resolutions: [
    { key: 'keep:dev-a:6', label: 'Keep “Racked”', after: { notes: 'Racked' } },
    { key: 'keep:dev-b:7', label: 'Keep “Moved”', after: { notes: 'Moved' } },
  ],
};

describe('a conflict card’s changes', () => {
  it('say when each was made in UTC, as the lot’s history does: a teammate in another zone must not read it as their own time', async () => {
    const events = [
      { id: 'dev-a:6', device: 'dev-a', actor: 'ada', at: '2026-12-06T09:12:03.000Z', summary: 'set notes to “Racked” on lot GPU-1' },
      { id: 'dev-b:7', device: 'dev-b', actor: 'bob', at: '2026-12-06T09:14:41.000Z', summary: 'set notes to “Moved” on lot GPU-1' },
    ];
    shown = await render(<ConflictCard conflict={{ ...conflict, events }} />);
    const cells = [...shown.container.querySelectorAll('tbody tr')].map((r) => r.querySelector('td')?.textContent);
    expect(cells).toEqual(['2026-12-06 09:12 UTC', '2026-12-06 09:14 UTC']);
  });
});

describe('a conflict card’s devices', () => {
  it('are named as the team folder named them, also while the folder waits for the browser’s permission again (after a reload)', async () => {
    useTeamSync.setState({
      setup: 'needs-permission',
      settings: { ledgerId: 'L', deviceName: 'Desk', paused: false, state: { own: { segments: 0, lastHash: null, lastCounter: 0 }, devices: {} }, lastSyncAt: null, deviceNames: { 'dev-a': 'Hall B scanner', 'dev-b': 'Desk' } },
    });
    const events = [
      { id: 'dev-a:6', device: 'dev-a', actor: 'ada', at: '2026-12-06T09:12:03.000Z', summary: 'set notes to “Racked” on lot GPU-1' },
      { id: 'dev-b:7', device: 'dev-b', actor: 'bob', at: '2026-12-06T09:14:41.000Z', summary: 'set notes to “Moved” on lot GPU-1' },
    ];
    shown = await render(<ConflictCard conflict={{ ...conflict, events }} />);
    const devices = [...shown.container.querySelectorAll('tbody tr')].map((r) => r.querySelectorAll('td')[2]?.textContent);
    expect(devices).toEqual(['Hall B scanner', 'Desk']);
    useTeamSync.setState({ setup: 'off', settings: null });
  });
});

describe('a conflict card whose settling fails in storage', () => {
  it('says it was not settled and gives the buttons back', async () => {
    shown = await render(<ConflictCard conflict={conflict} />);
    await click(shown.container, 'Keep “Racked”');
    expect(shown.text()).toContain('Not settled:');
    const buttons = [...shown.container.querySelectorAll('button')].filter((b) => (b.textContent ?? '').startsWith('Keep'));
    expect(buttons.map((b) => b.disabled)).toEqual([false, false]);
  });
});

describe('a conflict card whose choice is out of date', () => {
  it('says why, and offers to settle it with the lot as it is now, which writes nothing', async () => {
    const { resolveConflictCommand } = await import('../../../renderer/db/ledger');
    const resolve = vi.mocked(resolveConflictCommand);
    resolve.mockResolvedValueOnce({ ok: false, error: 'lot GPU-1 was changed after this conflict was found (ada set notes…). Nothing was changed.' });
    resolve.mockResolvedValueOnce({ ok: true, value: conflict });
    shown = await render(<ConflictCard conflict={conflict} />);
    expect(shown.text()).not.toContain('Keep lot GPU-1 as it is now');
    await click(shown.container, 'Keep “Racked”');
    expect(shown.text()).toContain('lot GPU-1 was changed after this conflict was found');
    await click(shown.container, 'Keep lot GPU-1 as it is now');
    expect(resolve).toHaveBeenLastCalledWith(expect.anything(), conflict.id, 'as-it-is', expect.any(String));
  });
});
