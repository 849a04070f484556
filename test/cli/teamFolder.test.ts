/**
 * The command line on a team folder (issue 10): `export … --folder` and `conflicts --folder`
 * read every device's segments as the app does. The folder is written by two app devices
 * (IndexedDB ledgers) through the same sync code the app runs.
 */
import { mkdir, mkdtemp, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diskFolder, ledgerFolderPath } from '../../electron/teamFolder';
import { saveModelCommand, saveSiteCommand } from '../../renderer/db/catalogCommands';
import { FleetDb } from '../../renderer/db/database';
import { createLotCommand, editLotCommand } from '../../renderer/db/lotCommands';
import { joinTeamLedger, syncLedgerOf } from '../../renderer/db/teamSync';
import { EMPTY_SYNC_STATE, shareInFolder, syncFolder, type SyncState } from '../../shared/sync/folderSync';
import { uniqueDbName } from '../renderer/db/migrationHarness';
import { lotDraft, MODEL, nodeSyncDeps, ok, SITE } from '../renderer/db/teamFixture';
import { runCli } from './ledgerFixture';

const deps = nodeSyncDeps();

let shared: string;
const dbs: FleetDb[] = [];
beforeEach(async () => {
  shared = await mkdtemp(join(tmpdir(), 'team-share-'));
});
afterEach(async () => {
  for (const d of dbs.splice(0)) {
    d.close();
    await d.delete();
  }
  await rm(shared, { recursive: true, force: true });
});

/** Two devices that each made lot RACK-7 before syncing, both synced into the folder. */
async function teamFolder(): Promise<{ root: string; adaId: string; ada: FleetDb; bob: FleetDb; adaState: SyncState; bobState: SyncState }> {
  const ada = new FleetDb(uniqueDbName('cli-ada'));
  const bob = new FleetDb(uniqueDbName('cli-bob'));
  await ada.open();
  await bob.open();
  dbs.push(ada, bob);
  const model = ok(await saveModelCommand(ada, MODEL, null, 'ada'));
  const site = ok(await saveSiteCommand(ada, SITE, null, 'ada'));
  const adaLedger = await syncLedgerOf(ada, 'Ada');
  const root = ledgerFolderPath(shared, adaLedger.ledgerId);
  ok(await shareInFolder(adaLedger, diskFolder(root), '2026-12-05T12:00:00.000Z'));
  let adaState = ok(await syncFolder(adaLedger, diskFolder(root), EMPTY_SYNC_STATE, deps)).state;
  expect(await joinTeamLedger(bob, adaLedger.ledgerId)).toEqual({ ok: true });
  let bobState = ok(await syncFolder(await syncLedgerOf(bob, 'Bob'), diskFolder(root), EMPTY_SYNC_STATE, deps)).state;
  ok(await createLotCommand(ada, lotDraft(model.id, 'RACK-7', site.id), 'ada'));
  ok(await createLotCommand(bob, lotDraft(model.id, 'RACK-7', site.id), 'bob'));
  ok(await createLotCommand(bob, lotDraft(model.id, 'BOB-1', site.id), 'bob'));
  adaState = ok(await syncFolder(await syncLedgerOf(ada, 'Ada'), diskFolder(root), adaState, deps)).state;
  bobState = ok(await syncFolder(await syncLedgerOf(bob, 'Bob'), diskFolder(root), bobState, deps)).state;
  return { root, adaId: adaLedger.deviceId, ada, bob, adaState, bobState };
}

describe('fleetledger on a team folder', () => {
  it('export lots --folder prints every device’s lots, merged', async () => {
    await teamFolder();
    const { code, stdout, stderr } = await runCli(['export', 'lots', '--folder', shared, '--json']);
    expect([code, stderr]).toEqual([0, '']);
    const lots = JSON.parse(stdout) as { lot_code: string }[];
    expect(lots.map((l) => l.lot_code).sort()).toEqual(['BOB-1', 'RACK-7', 'RACK-7']);
  });

  it('conflicts --folder names the code made on two devices', async () => {
    const { root } = await teamFolder();
    const text = await runCli(['conflicts', '--folder', root]);
    expect(text).toEqual({ code: 0, stdout: 'lot-code:RACK-7\n  Lot code RACK-7 is used by 2 lots, created on different devices before they synced. Rename all but one (Edit lot).\n', stderr: '' });
    const json = JSON.parse((await runCli(['conflicts', '--folder', shared, '--json'])).stdout) as { conflicts: { id: string }[]; problems: string[] };
    expect(json.conflicts.map((c) => c.id)).toEqual(['lot-code:RACK-7']);
    expect(json.problems).toEqual([]);
  });

  it('conflicts --folder says on which device each change was made, by the name the device gave itself', async () => {
    const { root, ada, bob, adaId, adaState, bobState } = await teamFolder();
    // Ada takes in Bob's lots; then each sets BOB-1's notes before seeing the other's.
    const adaNext = ok(await syncFolder(await syncLedgerOf(ada, 'Ada'), diskFolder(root), adaState, deps)).state;
    const lot = (await ada.lots.toArray()).find((l) => l.code === 'BOB-1')!;
    ok(await editLotCommand(ada, lot.id, { notes: 'racked' }, 'ada'));
    ok(await editLotCommand(bob, lot.id, { notes: 'in RMA' }, 'bob'));
    const bobId = (await syncLedgerOf(bob, 'Bob')).deviceId;
    ok(await syncFolder(await syncLedgerOf(ada, 'Ada'), diskFolder(root), adaNext, deps));
    ok(await syncFolder(await syncLedgerOf(bob, 'Bob'), diskFolder(root), bobState, deps));
    const { code, stdout } = await runCli(['conflicts', '--folder', root]);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`  \\S+  ada \\(on Ada, device ${adaId.slice(0, 8)}\\): set notes to “racked” on lot BOB-1\n`, 'u'));
    expect(stdout).toMatch(new RegExp(`  \\S+  bob \\(on Bob, device ${bobId.slice(0, 8)}\\): set notes to “in RMA” on lot BOB-1\n`, 'u'));
  });

  it('names a torn segment by device and segment, and reads the rest', async () => {
    const { root, adaId } = await teamFolder();
    const dir = join(root, 'devices', adaId);
    expect(await readdir(dir)).toContain('00000002.jsonl.gz');
    await truncate(join(dir, '00000002.jsonl.gz'), 25);
    const { code, stdout, stderr } = await runCli(['export', 'lots', '--folder', shared, '--json']);
    expect(code).toBe(0);
    expect(stderr).toBe(`fleetledger export: warning: Device ${adaId}, segment 2 is torn or damaged (it cannot be decompressed). Nothing after it from this device is applied until it is whole, nor segment 1 before it, which only segment 2 confirms.\n`);
    // Ada's segment 1 (model, site) waits on segment 2 too: only Bob's lots show, of a model not read.
    expect((JSON.parse(stdout) as { lot_code: string }[]).map((l) => l.lot_code).sort()).toEqual(['BOB-1', 'RACK-7']);
  });

  it('names a folder in devices/ that is not a device, and reads the rest', async () => {
    const { root } = await teamFolder();
    await mkdir(join(root, 'devices', 'New folder'));
    await writeFile(join(root, 'devices', 'New folder', 'notes.txt'), 'hello');
    const { code, stdout, stderr } = await runCli(['export', 'lots', '--folder', shared, '--json']);
    expect([code, stderr]).toEqual([0, 'fleetledger export: warning: The folder devices/New folder is not named as a device (letters, digits, - and _): it is not read.\n']);
    expect((JSON.parse(stdout) as { lot_code: string }[]).map((l) => l.lot_code).sort()).toEqual(['BOB-1', 'RACK-7', 'RACK-7']);
  });

  it('names the folder when the file system refuses a read in it (its own message may not)', async () => {
    const root = join(shared, 'fleetledger-0b7a3c1e-0000-4000-8000-000000000001');
    await mkdir(join(root, 'ledger.json'), { recursive: true });
    const out = await runCli(['lots', '--folder', shared]);
    expect(out.code).toBe(2);
    // A folder under ledger.json's name is no plain file: refused before it is opened (electron/teamFolder.ts readBounded).
    expect(out.stderr).toBe(`fleetledger lots: --folder: the team folder ${root} cannot be read (ledger.json is not a plain file (a folder, a pipe or a device): it was not read.)\n`);
  });

  it('refuses a folder that holds no ledger', async () => {
    expect(await runCli(['conflicts', '--folder', shared])).toEqual({ code: 2, stdout: '', stderr: `fleetledger conflicts: --folder: ${shared} holds no Fleetledger ledger (no folder named fleetledger-…)\n` });
  });
});
