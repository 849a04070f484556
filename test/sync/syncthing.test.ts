/**
 * Team sync through a real file-sync tool (issue 10): two Syncthing instances on loopback
 * replicate folder A ⇄ folder B. Ada's device syncs with A, Bob's with B; each makes changes the
 * other has not seen; Syncthing carries the segments across; and `fleetledger export --folder`
 * and `fleetledger conflicts --folder` print the same fleet and the same conflicts on both sides.
 * Then the same with two command-line devices, one per folder, making crossing changes while
 * the link between the instances is cut.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diskFolder, ledgerFolderPath } from '../../electron/teamFolder';
import { saveModelCommand, saveSiteCommand } from '../../renderer/db/catalogCommands';
import { FleetDb } from '../../renderer/db/database';
import { createLotCommand, editLotCommand } from '../../renderer/db/lotCommands';
import { joinTeamLedger, syncLedgerOf } from '../../renderer/db/teamSync';
import { EMPTY_SYNC_STATE, folderLedger, shareInFolder, syncFolder, type SyncState } from '../../shared/sync/folderSync';
import { runCli } from '../cli/ledgerFixture';
import { uniqueDbName } from '../renderer/db/migrationHarness';
import { lotDraft, MODEL, nodeSyncDeps, ok, SITE } from '../renderer/db/teamFixture';
import { setLinked, startSyncthingPair, waitFor } from './syncthingRig';

const deps = nodeSyncDeps(() => new Date().toISOString());

let base: string;
let folderA: string;
let folderB: string;
let rig: Awaited<ReturnType<typeof startSyncthingPair>>;

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'syncthing-team-'));
  folderA = join(base, 'A');
  folderB = join(base, 'B');
  for (const f of [folderA, folderB]) (await import('node:fs')).mkdirSync(f);
  rig = await startSyncthingPair(folderA, folderB);
  process.env.FLEETLEDGER_CLI_HOME = join(base, 'cli-home');
}, 90_000);

afterAll(() => {
  delete process.env.FLEETLEDGER_CLI_HOME;
  rig?.stop();
  rmSync(base, { recursive: true, force: true });
});

describe('two devices through Syncthing', () => {
  it('converge: the same fleet and the same conflicts on both sides', async () => {
    const ada = new FleetDb(uniqueDbName('st-ada'));
    const bob = new FleetDb(uniqueDbName('st-bob'));
    await ada.open();
    await bob.open();
    try {
      const model = ok(await saveModelCommand(ada, MODEL, null, 'ada'));
      const site = ok(await saveSiteCommand(ada, SITE, null, 'ada'));
      const first = ok(await createLotCommand(ada, lotDraft(model.id, 'L-1', site.id), 'ada'));
      const adaLedger = await syncLedgerOf(ada, 'Ada');
      const rootA = ledgerFolderPath(folderA, adaLedger.ledgerId);
      const rootB = ledgerFolderPath(folderB, adaLedger.ledgerId);
      ok(await shareInFolder(adaLedger, diskFolder(rootA), new Date().toISOString()));
      let adaState: SyncState = ok(await syncFolder(adaLedger, diskFolder(rootA), EMPTY_SYNC_STATE, deps)).state;

      // Bob's side sees the ledger once Syncthing has carried it over.
      await waitFor('the ledger to reach folder B', () => existsSync(join(rootB, 'ledger.json')) && existsSync(join(rootB, 'devices', adaLedger.deviceId, 'head.json')));
      const joined = ok(await folderLedger(diskFolder(rootB)));
      expect(joined.ledgerId).toBe(adaLedger.ledgerId);
      expect(await joinTeamLedger(bob, joined.ledgerId)).toEqual({ ok: true });
      let bobState: SyncState = EMPTY_SYNC_STATE;
      await waitFor('Bob to take in Ada’s lot', async () => {
        bobState = ok(await syncFolder(await syncLedgerOf(bob, 'Bob'), diskFolder(rootB), bobState, deps)).state;
        return (await bob.lots.get(first.id)) !== undefined;
      });

      // Changes neither has seen: both create RACK-7, each edits L-1, Bob adds a lot of his own.
      ok(await createLotCommand(ada, lotDraft(model.id, 'RACK-7', site.id), 'ada'));
      ok(await editLotCommand(ada, first.id, { notes: 'from Ada' }, 'ada'));
      ok(await createLotCommand(bob, lotDraft(model.id, 'RACK-7', site.id), 'bob'));
      ok(await createLotCommand(bob, lotDraft(model.id, 'BOB-1', site.id), 'bob'));
      ok(await editLotCommand(bob, first.id, {}, 'bob', '', '', 'Bob’s broker'));

      const lotsOn = async (dir: string): Promise<string> => (await runCli(['export', 'lots', '--folder', dir, '--json'])).stdout;
      await waitFor(
        'both folders to print the same fleet',
        async () => {
          adaState = ok(await syncFolder(await syncLedgerOf(ada, 'Ada'), diskFolder(rootA), adaState, deps)).state;
          bobState = ok(await syncFolder(await syncLedgerOf(bob, 'Bob'), diskFolder(rootB), bobState, deps)).state;
          const [a, b] = [await lotsOn(folderA), await lotsOn(folderB)];
          // The app devices too: each has taken in what Syncthing has carried to its folder.
          const ids = async (db: FleetDb): Promise<string> => (await db.lots.toArray()).map((l) => l.id).sort().join();
          return a === b && (JSON.parse(a) as unknown[]).length === 4 && (await ids(ada)) === (await ids(bob));
        },
        60_000,
      );
      const codes = (JSON.parse(await lotsOn(folderA)) as { lot_code: string; notes: string; supplier: string }[]).map((l) => l.lot_code).sort();
      expect(codes).toEqual(['BOB-1', 'L-1', 'RACK-7', 'RACK-7']);
      const l1 = (JSON.parse(await lotsOn(folderB)) as { lot_code: string; notes: string; supplier: string }[]).find((l) => l.lot_code === 'L-1');
      expect([l1?.notes, l1?.supplier]).toEqual(['from Ada', 'Bob’s broker']);
      const conflictsA = await runCli(['conflicts', '--folder', folderA, '--json']);
      const conflictsB = await runCli(['conflicts', '--folder', folderB, '--json']);
      expect(conflictsA).toEqual(conflictsB);
      expect((JSON.parse(conflictsA.stdout) as { conflicts: { id: string }[] }).conflicts.map((c) => c.id)).toEqual(['lot-code:RACK-7']);
      // Both app devices hold the same four lots, and each wrote only its own folder.
      expect((await ada.lots.toArray()).map((l) => l.id).sort()).toEqual((await bob.lots.toArray()).map((l) => l.id).sort());
      expect(await ada.lots.count()).toBe(4);
      expect(readdirSync(join(rootA, 'devices')).sort()).toEqual(readdirSync(join(rootB, 'devices')).sort());
    } finally {
      ada.close();
      bob.close();
      await ada.delete();
      await bob.delete();
    }
  }, 150_000);

  it('two command-line devices, one per folder, cross changes while offline: the same lots and conflicts on both sides', async () => {
    const [dirA, dirB] = [join(folderA, 'cli'), join(folderB, 'cli')];
    (await import('node:fs')).mkdirSync(dirA);
    const lotsCsv = join(base, 'lots.csv');
    (await import('node:fs')).writeFileSync(
      lotsCsv,
      'lot_code,manufacturer,model,category,quantity,unit_cost,currency,purchase_date,status,site,in_service_date,po_number,received_date\n' +
        'GPU-1,Supermicro,SYS-821GE-TNHR,gpu-server,8,285000.00,USD,2024-03-01,in-service,AMS1,2024-04-15,PO-1,2024-04-01\n' +
        'CPU-1,Dell,R760,cpu-server,4,12500.00,USD,2023-06-10,received,FRA2,,PO-2,2023-06-20\n',
    );
    const cli = async (args: string[]): Promise<string> => {
      const run = await runCli(args);
      expect([run.code, run.stderr]).toEqual([0, '']);
      return run.stdout;
    };
    await cli(['ledger', 'init', '--folder', dirA, '--name', 'Hall fleet', '--device-name', 'hall']);
    await cli(['import', 'lots', lotsCsv, '--folder', dirA, '--device-name', 'hall']);
    const lotsOn = async (dir: string): Promise<string> => (await runCli(['lots', '--folder', dir, '--json'])).stdout;
    await waitFor('the ledger and its lots to reach folder B', async () => existsSync(dirB) && (await lotsOn(dirB)) === (await lotsOn(dirA)) && (JSON.parse(await lotsOn(dirA)) as unknown[]).length === 2);

    // Offline: each device changes GPU-1 without the other's change, and both receive serial SN-0001.
    await setLinked(rig.a, rig.b, false);
    await cli(['move', 'GPU-1', '--to', 'rma', '--date', '2025-01-10', '--folder', dirA, '--device-name', 'hall']);
    const units = join(base, 'units-desk.csv');
    (await import('node:fs')).writeFileSync(units, 'lot_code,serial\nCPU-1,SN-0001\n');
    await cli(['import', 'units', units, '--folder', dirB, '--device-name', 'desk']);
    await cli(['move', 'GPU-1', '--to', 'spare', '--quantity', '3', '--date', '2025-01-11', '--folder', dirB, '--device-name', 'desk']);
    const hallUnits = join(base, 'units-hall.csv');
    (await import('node:fs')).writeFileSync(hallUnits, 'lot_code,serial\nGPU-1,SN-0001\n');
    await cli(['import', 'units', hallUnits, '--folder', dirA, '--device-name', 'hall']);
    expect(await lotsOn(dirA)).not.toEqual(await lotsOn(dirB));
    await setLinked(rig.a, rig.b, true);

    const conflictsOn = async (dir: string): Promise<string> => (await runCli(['conflicts', '--folder', dir, '--json'])).stdout;
    await waitFor('both folders to print the same fleet and the same conflicts', async () => {
      const [la, lb, ca, cb] = [await lotsOn(dirA), await lotsOn(dirB), await conflictsOn(dirA), await conflictsOn(dirB)];
      return la === lb && ca === cb && (JSON.parse(la) as unknown[]).length === 3;
    });
    const { conflicts, problems } = JSON.parse(await conflictsOn(dirA)) as { conflicts: { kind: string; record: string }[]; problems: string[] };
    expect(problems).toEqual([]);
    // The move made without seeing the other, and the serial received into two lots, are both shown.
    expect(conflicts.map((c) => c.kind).sort()).toEqual(['serial-twice', conflicts.some((c) => c.kind === 'stale-move') ? 'stale-move' : 'over-quantity'].sort());
    expect(readdirSync(join(dirA, readdirSync(dirA)[0] as string, 'devices')).length).toBe(2);
  }, 150_000);
});
