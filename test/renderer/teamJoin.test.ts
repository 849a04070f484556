/**
 * Joining a team's ledger in a folder as the app does it (renderer/teamSync.ts: the picker, the
 * offer, merge or start from the team's), the folder a real one on disk: the platform's folder
 * picker and its kept settings are stood in for, the rest is the app's code.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { diskFolder, ledgerFolderPath } from '../../electron/teamFolder';
import type * as TeamFolder from '../../renderer/platform/teamFolder';
import { saveModelCommand, saveSiteCommand } from '../../renderer/db/catalogCommands';
import { FleetDb } from '../../renderer/db/database';
import { ledgerRow, readSnapshot } from '../../renderer/db/ledger';
import { syncLedgerOf } from '../../renderer/db/teamSync';
import { EMPTY_SYNC_STATE, shareInFolder, syncFolder, type SyncState } from '../../shared/sync/folderSync';
import { uniqueDbName } from './db/migrationHarness';
import { MODEL, nodeSyncDeps, ok, SITE } from './db/teamFixture';

/** The shared folder on disk, the folder this device chose (null: none) and its kept team sync settings. */
const platform = vi.hoisted(() => ({ shared: '', chosen: false, settings: null as TeamFolder.TeamSyncSettings | null }));

vi.mock('../../renderer/platform/teamFolder', async () => {
  const { readdir } = await import('node:fs/promises');
  const { diskFolder: disk, ledgerFolderPath: path } = await import('../../electron/teamFolder');
  const ref = async (): Promise<TeamFolder.TeamFolderRef> => ({ kind: 'desktop', name: 'team', ledgers: (await readdir(platform.shared)).filter((n) => n.startsWith('fleetledger-')) });
  return {
    supportsTeamFolder: () => true,
    chooseTeamFolder: async () => {
      platform.chosen = true;
      return { ok: true, value: await ref() };
    },
    teamFolderRef: async () => (platform.chosen ? ref() : null),
    teamFolderAccess: async () => (platform.chosen ? { name: 'team', permission: 'granted' } : null),
    teamFolderName: () => 'team',
    ledgerFoldersIn: async (r: TeamFolder.TeamFolderRef) => (r.kind === 'desktop' ? r.ledgers : []),
    teamTransport: (_r: TeamFolder.TeamFolderRef, ledgerId: string) => disk(path(platform.shared, ledgerId)),
    teamSyncSettings: async () => platform.settings,
    saveTeamSyncSettings: async (s: TeamFolder.TeamSyncSettings) => {
      platform.settings = s;
    },
    updateTeamSyncSettings: async (change: (c: TeamFolder.TeamSyncSettings | null) => TeamFolder.TeamSyncSettings | null) => {
      const next = change(platform.settings);
      if (next !== null) platform.settings = next;
      return next;
    },
    leaveTeamFolder: async () => {
      platform.chosen = false;
      platform.settings = null;
    },
    allowTeamFolder: async () => null,
    waitForTeamChange: async () => false,
  };
});

const { findTeamLedger, joinLedger, shareLedger, stopTeamSync, syncNow, useTeamSync } = await import('../../renderer/teamSync');
const { useShipment } = await import('../../renderer/state/shipment');

const deps = nodeSyncDeps();
const dbs: FleetDb[] = [];
beforeEach(async () => {
  platform.shared = await mkdtemp(join(tmpdir(), 'fleetledger-join-'));
  platform.chosen = false;
  platform.settings = null;
});
afterEach(async () => {
  for (const d of dbs.splice(0)) {
    d.close();
    await d.delete();
  }
  await rm(platform.shared, { recursive: true, force: true });
});

async function newDb(name: string): Promise<FleetDb> {
  const db = new FleetDb(uniqueDbName(name));
  await db.open();
  dbs.push(db);
  return db;
}

/** Ada shares her ledger (a model) in the folder; the state of her rounds. */
async function adaShares(): Promise<{ db: FleetDb; root: string; state: SyncState }> {
  const db = await newDb('ada');
  ok(await saveModelCommand(db, MODEL, null, 'ada'));
  const ledger = await syncLedgerOf(db, 'Ada');
  const root = ledgerFolderPath(platform.shared, ledger.ledgerId);
  ok(await shareInFolder(ledger, diskFolder(root), '2026-12-05T12:00:00.000Z'));
  const state = ok(await syncFolder(ledger, diskFolder(root), EMPTY_SYNC_STATE, deps)).state;
  return { db, root, state };
}

describe('joining a team’s ledger in a folder', () => {
  it('a device that stopped syncing joins the same ledger again keeping what it changed meanwhile', async () => {
    const ada = await adaShares();
    const bob = await newDb('bob');
    const offer = ok(await findTeamLedger(bob));
    ok(await joinLedger(bob, offer!, 'team', 'Bob'));
    expect(useTeamSync.getState().error).toBeNull();
    expect((await readSnapshot(bob)).models).toHaveLength(1);
    const bobDevice = (await ledgerRow(bob)).deviceId;

    // Bob stops syncing, works on, and comes back to the same folder.
    await stopTeamSync(bob);
    const site = ok(await saveSiteCommand(bob, SITE, null, 'bob'));
    const again = ok(await findTeamLedger(bob));
    expect(again!.ledgerId).toBe((await ledgerRow(bob)).ledgerId);
    // The team's own events in this ledger are no reason to refuse keeping his data.
    expect(again!.foreignEvents).toBe(0);
    ok(await joinLedger(bob, again!, 'merge', 'Bob'));
    expect(useTeamSync.getState().error).toBeNull();
    expect((await ledgerRow(bob)).deviceId).toBe(bobDevice);

    // What he made while stopped reaches the team.
    ok(await syncFolder(await syncLedgerOf(ada.db, 'Ada'), diskFolder(ada.root), ada.state, deps));
    expect((await readSnapshot(ada.db)).sites.map((s) => s.id)).toEqual([site.id]);
    expect(await readSnapshot(ada.db)).toEqual(await readSnapshot(bob));
  });

  it('a shipment list in progress goes with the ledger left behind when joining as the team’s, and stays on a merge', async () => {
    await adaShares();
    const bob = await newDb('bob');
    useShipment.setState({ serials: ['BOB-OWN-1', 'BOB-OWN-2'], reference: 'WB-1' });
    ok(await joinLedger(bob, ok(await findTeamLedger(bob))!, 'merge', 'Bob'));
    expect(useShipment.getState()).toMatchObject({ serials: ['BOB-OWN-1', 'BOB-OWN-2'], reference: 'WB-1' });

    const carol = await newDb('carol');
    ok(await joinLedger(carol, ok(await findTeamLedger(carol))!, 'team', 'Carol'));
    expect(useShipment.getState()).toMatchObject({ serials: [], reference: '' });
  });

  it('after merging into the team’s ledger, Settings → Backups does not show the last backup of the ledger left behind as this one’s', async () => {
    await adaShares();
    const bob = await newDb('bob');
    ok(await saveSiteCommand(bob, SITE, null, 'bob'));
    // Bob backed his own ledger up last week.
    await bob.setSetting('lastBackupAt', '2026-12-01T10:00:00.000Z');
    await bob.setSetting('lastBackupBytes', 12_345);
    const offer = ok(await findTeamLedger(bob));
    ok(await joinLedger(bob, offer!, 'merge', 'Bob'));
    expect((await ledgerRow(bob)).ledgerId).toBe(offer!.ledgerId);
    // That file is a backup of another ledger (a restore says so): the team’s ledger has none yet.
    expect(await bob.getSetting('lastBackupAt')).toBe('');
    expect(await bob.getSetting('lastBackupBytes')).toBe(0);

    // Joining the ledger it already holds again changes no ledger, so its last backup stays.
    await bob.setSetting('lastBackupAt', '2026-12-07T10:00:00.000Z');
    await bob.setSetting('lastBackupBytes', 23_456);
    await stopTeamSync(bob);
    ok(await joinLedger(bob, ok(await findTeamLedger(bob))!, 'merge', 'Bob'));
    expect(await bob.getSetting('lastBackupAt')).toBe('2026-12-07T10:00:00.000Z');
  });

  it('a device with models and sites but no lots is offered the team’s ledger as a device that holds something, not as an empty one', async () => {
    await adaShares();
    const bob = await newDb('bob');
    ok(await saveModelCommand(bob, MODEL, null, 'bob'));
    ok(await saveSiteCommand(bob, SITE, null, 'bob'));
    const offer = ok(await findTeamLedger(bob));
    expect(offer!.localLots).toBe(0);
    expect(offer!.localEvents).toBe(2);
  });

  it('a device that holds the team’s ledger shares it again after the team folder was lost: every device’s changes go in, and a new device gets them all', async () => {
    const ada = await adaShares();
    const bob = await newDb('bob');
    ok(await joinLedger(bob, ok(await findTeamLedger(bob))!, 'team', 'Bob'));
    ok(await saveSiteCommand(bob, SITE, null, 'bob'));
    await syncNow(bob, true);
    expect(useTeamSync.getState().error).toBeNull();

    // The team folder is lost; Bob stops syncing and shares his ledger (Ada's model among it) anew.
    await rm(ada.root, { recursive: true, force: true });
    await stopTeamSync(bob);
    const shared = ok(await shareLedger(bob, 'Bob'));
    expect(shared).toEqual({ folder: 'team', otherDevices: 1, otherEvents: 1, skipped: [] });
    expect(useTeamSync.getState().error).toBeNull();

    const carol = await newDb('carol');
    ok(await joinLedger(carol, ok(await findTeamLedger(carol))!, 'team', 'Carol'));
    expect(useTeamSync.getState().error).toBeNull();
    expect(await readSnapshot(carol)).toEqual(await readSnapshot(bob));
    expect((await readSnapshot(carol)).models).toHaveLength(1);
    // Ada's changes went back under her name, which Bob kept after he stopped syncing.
    const adaDevice = (await ledgerRow(ada.db)).deviceId;
    expect(useTeamSync.getState().settings?.deviceNames?.[adaDevice]).toBe('Ada');
    expect((await bob.getSetting('deviceNames'))[adaDevice]).toBe('Ada');
  });
});
