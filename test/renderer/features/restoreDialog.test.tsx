// @vitest-environment jsdom
/**
 * The confirmation before a restore says where the current ledger is backed up first. In a
 * browser that keeps automatic backups in a chosen folder, ledgerGuard.automaticBackup writes
 * that backup into the folder (renderer/platform/folderBackups.ts writeFolderBackup) and
 * downloads nothing: the dialog must not send the person looking in Downloads.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RestorableBackup } from '../../../renderer/ledgerGuard';
import type * as FolderBackups from '../../../renderer/platform/folderBackups';
import { render, settle, type Rendered } from './render';

const folder = vi.hoisted(() => ({ state: null as { name: string; permission: PermissionState } | null }));

vi.mock('../../../renderer/platform/folderBackups', async (importOriginal) => {
  const actual = await importOriginal<typeof FolderBackups>();
  return {
    ...actual,
    supportsFolderBackups: () => true,
    backupFolderState: async () => folder.state,
  };
});

const { RestoreDialog, useRestoreFlow } = await import('../../../renderer/features/settings/BackupsCard');

const backup = {
  kind: 'ledger',
  contents: {
    header: {
      ledgerId: 'another-ledger',
      ledgerName: 'Acme GPU fleet',
      createdAt: '2026-11-29T10:00:00.000Z',
      counts: { lots: 46, units: 3, models: 17, sites: 3, suppliers: 10, observations: 98, events: 186 },
    },
  },
} as unknown as RestorableBackup;

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
  useRestoreFlow.getState().set(null);
});

describe('the restore confirmation in a browser', () => {
  it('says the current ledger goes to the chosen backups folder when automatic backups are written there', async () => {
    folder.state = { name: 'Fleet backups', permission: 'granted' };
    useRestoreFlow.getState().set({ source: 'acme-2026-11-29.fleetledger', backup });
    shown = await render(<RestoreDialog />);
    expect(shown.text()).toContain('backed up to the folder Fleet backups first');
    expect(shown.text()).not.toContain('downloaded');
  });

  it('says it is downloaded when no folder may be written', async () => {
    folder.state = { name: 'Fleet backups', permission: 'prompt' };
    useRestoreFlow.getState().set({ source: 'acme-2026-11-29.fleetledger', backup });
    shown = await render(<RestoreDialog />);
    expect(shown.text()).toContain('the current ledger is downloaded as a backup first');
  });
});

describe('a backup of the open ledger that is behind it', () => {
  it('says it holds fewer events than the ledger here, so the changes made since are replaced', async () => {
    const { db } = await import('../../../renderer/db/db');
    await db.open();
    await db.ledger.put({ key: 'ledger', ledgerId: 'another-ledger', createdAt: '2026-01-01T00:00:00.000Z', deviceId: 'dev-1', clock: null, heads: { 'dev-1': 150, 'dev-2': 50 } });
    folder.state = null;
    useRestoreFlow.getState().set({ source: 'acme-2026-11-29.fleetledger', backup });
    shown = await render(<RestoreDialog />);
    await settle();
    expect(shown.text()).toContain('It is a backup of this ledger from before its last changes: it holds 186 of the 200 events here, so the changes made since are replaced.');
    await db.ledger.put({ key: 'ledger', ledgerId: 'another-ledger', createdAt: '2026-01-01T00:00:00.000Z', deviceId: 'dev-1', clock: null, heads: { 'dev-1': 186 } });
    await settle();
    expect(shown.text()).toContain('It is a backup of this ledger.');
    await db.ledger.clear();
  });
});

describe('what a backup holds, in words', () => {
  it('gives each noun the form its count needs', async () => {
    const { backupCounts } = await import('../../../renderer/features/settings/BackupsCard');
    expect(backupCounts({ lots: 1_000, units: 40_000, models: 8, sites: 1, suppliers: 0, observations: 1, events: 202_009 })).toBe(
      '1,000 lots, 40,000 units, 8 models, 1 site, 0 suppliers, 1 market price and 202,009 events',
    );
    expect(backupCounts({ lots: 1, units: 1, models: 1, sites: 2, observations: 0, events: 1 })).toBe('1 lot, 1 unit, 1 model, 2 sites, 0 suppliers, 0 market prices and 1 event');
  });
});
