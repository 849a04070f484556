/**
 * Folder sync end to end, without Electron (issue 10): two devices (two IndexedDB ledgers) share
 * one ledger through a real folder on disk (electron/teamFolder.ts, the code the desktop main
 * process and the CLI use), with shared/sync/folderSync.ts driving each round. What a sync tool
 * leaves in the folder — its temporary files, its conflict copies, a torn segment — is made by
 * hand here; the Syncthing test (test/sync/) does it with a real one.
 */
import { mkdir, mkdtemp, readdir, readFile, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diskFolder, ledgerFolderPath } from '../../../electron/teamFolder';
import { saveModelCommand, saveSiteCommand } from '../../../renderer/db/catalogCommands';
import { FleetDb } from '../../../renderer/db/database';
import { readLog } from '../../../renderer/db/eventLog';
import { applyRemoteEvents, readSnapshot, verifyLedger } from '../../../renderer/db/ledger';
import { foreignEventCount, joinTeamLedger, syncLedgerOf } from '../../../renderer/db/teamSync';
import type { LotEvent } from '../../../shared/events';
import { encodeSegmentText } from '../../../shared/sync/folderFormat';
import { EMPTY_SYNC_STATE, folderLedger, putBackInFolder, putChainsInFolder, shareInFolder, syncFolder, type FolderTransport, type SyncReport, type SyncState } from '../../../shared/sync/folderSync';
import { gzipText } from '../../../renderer/db/gzip';
import { uniqueDbName } from './migrationHarness';
import type { WorkReport } from '../../../shared/work';
import { MODEL, nodeSyncDeps, ok, SITE } from './teamFixture';

const deps = nodeSyncDeps();

let shared: string;
const dbs: FleetDb[] = [];
beforeEach(async () => {
  shared = await mkdtemp(join(tmpdir(), 'fleetledger-team-'));
});
afterEach(async () => {
  for (const d of dbs.splice(0)) {
    d.close();
    await d.delete();
  }
  await rm(shared, { recursive: true, force: true });
});

interface Device {
  db: FleetDb;
  name: string;
  state: SyncState;
}

async function newDevice(name: string): Promise<Device> {
  const db = new FleetDb(uniqueDbName(name));
  await db.open();
  dbs.push(db);
  return { db, name, state: EMPTY_SYNC_STATE };
}

async function sync(d: Device, root: string): Promise<SyncReport> {
  const report = ok(await syncFolder(await syncLedgerOf(d.db, d.name), diskFolder(root), d.state, deps));
  d.state = report.state;
  return report;
}

const withoutSeq = (events: LotEvent[]): unknown[] => events.map(({ seq: _seq, ...rest }) => rest);

/** Ada shares her ledger (a model, a site) in the folder; Bob, with an empty ledger, joins it. */
async function team(): Promise<{ ada: Device; bob: Device; root: string; modelId: string }> {
  const ada = await newDevice('Ada’s laptop');
  const bob = await newDevice('Bob’s laptop');
  const model = ok(await saveModelCommand(ada.db, MODEL, null, 'ada'));
  ok(await saveSiteCommand(ada.db, SITE, null, 'ada'));
  const ledger = await syncLedgerOf(ada.db, ada.name);
  const root = ledgerFolderPath(shared, ledger.ledgerId);
  ok(await shareInFolder(ledger, diskFolder(root), '2026-12-05T12:00:00.000Z'));
  const joined = ok(await folderLedger(diskFolder(root)));
  expect(await joinTeamLedger(bob.db, joined.ledgerId)).toEqual({ ok: true });
  return { ada, bob, root, modelId: model.id };
}

/** The folder at `root`, but the first head write fails, after the segment is in place (a closed app, a lost share). */
function headWriteFailsOnce(root: string): FolderTransport {
  let failHead = true;
  return {
    ...diskFolder(root),
    writeFile: async (device, name, bytes) => {
      if (name === 'head.json' && failHead) {
        failHead = false;
        throw new Error('the share went away');
      }
      await diskFolder(root).writeFile(device, name, bytes);
    },
  };
}

describe('folder sync between two devices', () => {
  it('writes each device’s events as segments under devices/<id>/, and the other takes them in', async () => {
    const { ada, bob, root } = await team();
    const first = await sync(ada, root);
    expect([first.pushed, first.pulled]).toEqual([2, 0]);
    const adaId = (await syncLedgerOf(ada.db, ada.name)).deviceId;
    expect(await readdir(join(root, 'devices', adaId))).toEqual(['00000001.jsonl.gz', 'head.json']);
    const taken = await sync(bob, root);
    expect([taken.pushed, taken.pulled]).toEqual([0, 2]);
    expect(taken.devices).toEqual([{ device: adaId, name: 'Ada’s laptop', lastSeen: '2026-12-05T12:00:00.000Z', events: 2, waitingFor: [], problems: [] }]);
    expect(withoutSeq(await readLog(bob.db))).toEqual(withoutSeq(await readLog(ada.db)));
    expect(await readSnapshot(bob.db)).toEqual(await readSnapshot(ada.db));
  });

  it('tells how far a round has got: writing this device’s changes, then reading, checking and taking in each other device’s', async () => {
    const { ada, bob, root, modelId } = await team();
    const model = (await ada.db.models.get(modelId))!;
    // Changes of several megabytes: more than one segment.
    for (let i = 0; i < 4; i++) ok(await saveModelCommand(ada.db, { ...model, notes: `pass ${i} ${'x'.repeat(1_500_000)}` }, modelId, 'ada'));
    const told: string[] = [];
    const report: WorkReport = { step: (label) => void told.push(label), progress: (done, total) => void told.push(`${done}/${total}`) };
    const pushed = ok(await syncFolder(await syncLedgerOf(ada.db, ada.name), diskFolder(root), ada.state, { ...deps, report }));
    ada.state = pushed.state;
    const segments = pushed.state.own.segments;
    expect(segments).toBeGreaterThan(1);
    expect(told[0]).toBe('Writing this device’s changes to the team folder');
    expect(told.at(-1)).toBe('6/6');
    expect(told).toHaveLength(1 + segments);

    told.length = 0;
    const taken = ok(await syncFolder(await syncLedgerOf(bob.db, bob.name), diskFolder(root), bob.state, { ...deps, report }));
    expect(taken.pulled).toBe(6);
    const counts = (n: number): string[] => Array.from({ length: n }, (_, i) => `${i + 1}/${n}`);
    expect(told).toEqual([
      'Reading the changes from Ada’s laptop',
      ...counts(segments),
      'Checking the changes from Ada’s laptop',
      ...counts(segments),
      'Taking in 6 changes from Ada’s laptop',
    ]);
    // A round with nothing new tells nothing.
    told.length = 0;
    ok(await syncFolder(await syncLedgerOf(bob.db, bob.name), diskFolder(root), taken.state, { ...deps, report }));
    expect(told).toEqual([]);
  });

  it('converges after concurrent changes on both sides; a second round writes and reads nothing new', async () => {
    const { ada, bob, root, modelId } = await team();
    await sync(ada, root);
    await sync(bob, root);
    const model = (await bob.db.models.get(modelId))!;
    ok(await saveModelCommand(bob.db, { ...model, notes: 'from bob' }, modelId, 'bob'));
    ok(await saveModelCommand(ada.db, { ...model, powerWatts: 9000 }, modelId, 'ada'));
    await sync(bob, root);
    await sync(ada, root);
    await sync(bob, root);
    expect(withoutSeq(await readLog(bob.db))).toEqual(withoutSeq(await readLog(ada.db)));
    expect(await readSnapshot(bob.db)).toEqual(await readSnapshot(ada.db));
    expect((await verifyLedger(ada.db)).problems).toEqual([]);
    const again = await sync(ada, root);
    expect([again.pushed, again.pulled, again.problems]).toEqual([0, 0, []]);
    // Each device has written only into its own folder.
    expect((await readdir(join(root, 'devices'))).length).toBe(2);
  });

  it('ignores a sync tool’s temporary files, and reports a torn segment by device and segment, taking nothing after it', async () => {
    const { ada, bob, root, modelId } = await team();
    await sync(ada, root);
    const adaId = (await syncLedgerOf(ada.db, ada.name)).deviceId;
    ok(await saveModelCommand(ada.db, { ...(await ada.db.models.get(modelId))!, notes: 'second' }, modelId, 'ada'));
    await sync(ada, root);
    ok(await saveModelCommand(ada.db, { ...(await ada.db.models.get(modelId))!, notes: 'third' }, modelId, 'ada'));
    await sync(ada, root);
    const dir = join(root, 'devices', adaId);
    await writeFile(join(dir, '~syncthing~00000004.jsonl.gz.tmp'), 'partial');
    await writeFile(join(dir, '.syncthing.00000004.jsonl.gz.tmp'), 'partial');
    // Segment 2 cut short, as a sync tool that died mid-copy leaves it.
    const whole2 = await readFile(join(dir, '00000002.jsonl.gz'));
    await truncate(join(dir, '00000002.jsonl.gz'), 20);
    const torn = await sync(bob, root);
    expect(torn.problems).toEqual([`Device ${adaId}, segment 2 is torn or damaged (it cannot be decompressed). Nothing after it from this device is applied until it is whole, nor segment 1 before it, which only segment 2 confirms.`]);
    expect(torn.devices[0]?.problems.map((p) => [p.segment, p.file])).toEqual([[2, '00000002.jsonl.gz']]);
    // Nothing of Ada's is taken: segment 1 is confirmed only by segment 2 (the head names segment 3).
    expect(await bob.db.models.get(modelId)).toBeUndefined();
    // The sync tool finishes the copy: everything comes in.
    await writeFile(join(dir, '00000002.jsonl.gz'), whole2);
    const whole = await sync(bob, root);
    expect(whole.problems).toEqual([]);
    expect((await bob.db.models.get(modelId))?.notes).toBe('third');
  });

  it('merges a conflict copy’s events by event id', async () => {
    const { ada, bob, root, modelId } = await team();
    await sync(ada, root);
    const adaId = (await syncLedgerOf(ada.db, ada.name)).deviceId;
    const dir = join(root, 'devices', adaId);
    const copy = await readFile(join(dir, '00000001.jsonl.gz'));
    await writeFile(join(dir, '00000001.jsonl.sync-conflict-20261205-120000-ABCDEFG.gz'), copy);
    const report = await sync(bob, root);
    expect(report.problems).toEqual([]);
    expect(report.pulled).toBe(2);
    expect(await bob.db.models.get(modelId)).toBeDefined();
  });

  it('reads a device again from its start when the ledger holds less of it than the cached state says (an older backup restored)', async () => {
    const { ada, bob, root, modelId } = await team();
    await sync(ada, root);
    await sync(bob, root);
    expect(await bob.db.models.get(modelId)).toBeDefined();
    // Bob's ledger loses Ada's events (as a restore of an older backup would), the cache stays.
    const fresh = await newDevice('Bob again');
    expect(await joinTeamLedger(fresh.db, (await syncLedgerOf(ada.db, ada.name)).ledgerId)).toEqual({ ok: true });
    fresh.state = bob.state;
    const again = await sync(fresh, root);
    expect(again.pulled).toBe(2);
    expect(await fresh.db.models.get(modelId)).toBeDefined();
  });

  it('picks up after a round cut off between its segments and its head, and refuses segments it did not write', async () => {
    const { ada, bob, root, modelId } = await team();
    const flaky = headWriteFailsOnce(root);
    await expect(syncFolder(await syncLedgerOf(ada.db, ada.name), flaky, ada.state, deps)).rejects.toThrow('the share went away');
    ok(await saveModelCommand(ada.db, { ...(await ada.db.models.get(modelId))!, notes: 'after the cut' }, modelId, 'ada'));
    const resumed = await sync(ada, root);
    expect([resumed.pushed, resumed.problems]).toEqual([1, []]);
    await sync(bob, root);
    expect((await bob.db.models.get(modelId))?.notes).toBe('after the cut');
    // A segment under this device's id that it did not write is refused, and nothing is written.
    const adaId = (await syncLedgerOf(ada.db, ada.name)).deviceId;
    const foreign = encodeSegmentText(adaId, 3, 'c'.repeat(64), [{ ...(await readLog(ada.db)).at(-1)!, id: `${adaId}:99`, note: 'not mine' }]);
    await writeFile(join(root, 'devices', adaId, '00000003.jsonl.gz'), gzipText(foreign.text));
    const refused = await syncFolder(await syncLedgerOf(ada.db, ada.name), diskFolder(root), ada.state, deps);
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/holds segment 3 of this device, but its head names 2, and segment 3 does not follow the one before it: another installation/u) });
  });

  it('confirms the segments of a round cut off before its head on the next round, even when nothing new was made', async () => {
    const { ada, bob, root, modelId } = await team();
    await sync(ada, root);
    ok(await saveModelCommand(ada.db, { ...(await ada.db.models.get(modelId))!, notes: 'cut off' }, modelId, 'ada'));
    const flaky = headWriteFailsOnce(root);
    await expect(syncFolder(await syncLedgerOf(ada.db, ada.name), flaky, ada.state, deps)).rejects.toThrow('the share went away');
    // The next round: no new change on Ada's side. Her segment must still reach Bob.
    const resumed = await sync(ada, root);
    expect(resumed.problems).toEqual([]);
    const got = await sync(bob, root);
    expect(got.devices[0]?.waitingFor).toEqual([]);
    expect(got.pulled).toBe(3);
    expect((await bob.db.models.get(modelId))?.notes).toBe('cut off');
  });

  it('never applies a sync tool’s copy that differs from the confirmed segment; it names the event instead', async () => {
    const { ada, bob, root, modelId } = await team();
    await sync(ada, root);
    const adaId = (await syncLedgerOf(ada.db, ada.name)).deviceId;
    const events = (await readLog(ada.db)).filter((e) => e.id.startsWith(`${adaId}:`));
    const forged = events.map((e) => (e.lotId === modelId ? { ...e, after: { ...e.after, name: 'Forged' } } : e));
    await writeFile(join(root, 'devices', adaId, '00000001.jsonl.sync-conflict-20261205-120000-ABCDEFG.gz'), gzipText(encodeSegmentText(adaId, 1, null, forged).text));
    const report = await sync(bob, root);
    expect(report.problems).toEqual([expect.stringMatching(new RegExp(`^Device ${adaId}: event ${adaId}:1 is in the folder twice with different content`, 'u'))]);
    expect((await bob.db.models.get(modelId))?.name).toBe(MODEL.name);
    // The card's table of devices says so beside Ada's device, not "up to date" above the problem.
    expect(report.devices[0]?.problems.map((p) => p.message)).toEqual(report.problems);
  });

  it('reports a folder in devices/ that is not named as a device, and still syncs the devices that are', async () => {
    const { ada, bob, root, modelId } = await team();
    await sync(ada, root);
    // Made by hand, or a file-sync service's copy of a folder ("New folder", "<id> (1)").
    await mkdir(join(root, 'devices', 'New folder'));
    await writeFile(join(root, 'devices', 'New folder', 'notes.txt'), 'hello');
    const report = await sync(bob, root);
    expect(report.pulled).toBe(2);
    expect(await bob.db.models.get(modelId)).toBeDefined();
    expect(report.problems).toEqual(['The folder devices/New folder is not named as a device (letters, digits, - and _): it is not read.']);
  });

  it('reads a device folder written again from its start (deleted, then rewritten by its device) from there, not from the cached point', async () => {
    const { ada, bob, root, modelId } = await team();
    await sync(ada, root);
    ok(await saveModelCommand(ada.db, { ...(await ada.db.models.get(modelId))!, notes: 'two' }, modelId, 'ada'));
    await sync(ada, root);
    await sync(bob, root);
    expect((await bob.db.models.get(modelId))?.notes).toBe('two');
    const adaId = (await syncLedgerOf(ada.db, ada.name)).deviceId;
    await rm(join(root, 'devices', adaId), { recursive: true });
    // Ada's next round writes her whole log again, as segment 1.
    expect((await sync(ada, root)).pushed).toBe(3);
    ok(await saveModelCommand(ada.db, { ...(await ada.db.models.get(modelId))!, notes: 'three' }, modelId, 'ada'));
    await sync(ada, root);
    // Bob's cached point names Ada's segment 2 of before: her new segment 2 must not be skipped.
    const report = await sync(bob, root);
    expect([report.pulled, report.problems]).toEqual([1, []]);
    expect((await bob.db.models.get(modelId))?.notes).toBe('three');
    expect((await verifyLedger(bob.db)).problems).toEqual([]);
  });

  it('reads a device folder written again from its start and grown past the cached point from its start too', async () => {
    const { ada, bob, root, modelId } = await team();
    await sync(ada, root);
    ok(await saveModelCommand(ada.db, { ...(await ada.db.models.get(modelId))!, notes: 'two' }, modelId, 'ada'));
    await sync(ada, root);
    await sync(bob, root);
    const adaId = (await syncLedgerOf(ada.db, ada.name)).deviceId;
    await rm(join(root, 'devices', adaId), { recursive: true });
    await sync(ada, root);
    // Two more rounds with a change each: her folder now holds segments 1–3, past Bob's point (2).
    for (const notes of ['three', 'four']) {
      ok(await saveModelCommand(ada.db, { ...(await ada.db.models.get(modelId))!, notes }, modelId, 'ada'));
      await sync(ada, root);
    }
    const report = await sync(bob, root);
    expect([report.pulled, report.problems]).toEqual([2, []]);
    expect((await bob.db.models.get(modelId))?.notes).toBe('four');
    expect((await verifyLedger(bob.db)).problems).toEqual([]);
  });

  it('refuses a folder of another ledger, and a folder whose ledger.json is gone', async () => {
    const { ada, root } = await team();
    const other = await newDevice('Other');
    const otherLedger = await syncLedgerOf(other.db, other.name);
    expect(await shareInFolder(otherLedger, diskFolder(root), '2026-12-05T12:00:00.000Z')).toMatchObject({ ok: false, error: expect.stringMatching(/^This folder already holds another ledger/u) });
    expect(await syncFolder(otherLedger, diskFolder(root), EMPTY_SYNC_STATE, deps)).toMatchObject({ ok: false, error: expect.stringMatching(/^The team folder holds another ledger/u) });
    await rm(join(root, 'ledger.json'));
    expect(await syncFolder(await syncLedgerOf(ada.db, ada.name), diskFolder(root), ada.state, deps)).toMatchObject({ ok: false, error: expect.stringMatching(/no ledger\.json any more/u) });
  });

  it('lets only a ledger of this device’s own changes join as it is: another installation’s changes cannot be shared from here', async () => {
    const { ada, root } = await team();
    await sync(ada, root);
    // Carol's ledger holds Ada's changes (as a restored backup of Ada's would): they are not hers to share.
    const carol = await newDevice('Carol');
    await applyRemoteEvents(carol.db, await readLog(ada.db));
    expect(await foreignEventCount(carol.db)).toBe(2);
    const ledgerId = (await syncLedgerOf(ada.db, ada.name)).ledgerId;
    expect(await joinTeamLedger(carol.db, ledgerId)).toEqual({ ok: false, error: 'This ledger holds 2 events made on other devices (a restored backup); only the device that made them can share them. Start from the team’s ledger instead.' });
    expect((await syncLedgerOf(carol.db, carol.name)).ledgerId).not.toBe(ledgerId);
  });

  it('puts a lost team folder back from one device: every device’s changes it holds, which a new device then gets whole, and each device continues its own chain', async () => {
    const { ada, bob, root } = await team();
    ok(await saveSiteCommand(bob.db, { ...SITE, code: 'BER1', name: 'Berlin' }, null, 'bob'));
    await sync(ada, root);
    await sync(bob, root);
    await sync(ada, root);
    const adaLedger = await syncLedgerOf(ada.db, ada.name);
    const bobId = (await syncLedgerOf(bob.db, bob.name)).deviceId;
    // The whole team folder is lost (a share wiped, the last replica gone).
    await rm(root, { recursive: true, force: true });
    expect(await syncFolder(adaLedger, diskFolder(root), ada.state, deps)).toMatchObject({ ok: false, error: expect.stringMatching(/no ledger\.json any more/u) });

    // Ada shares her ledger again: her own changes by her rounds, Bob's put in under his device.
    const put = ok(await putBackInFolder(adaLedger, diskFolder(root), await readLog(ada.db), adaLedger.deviceId, { [bobId]: 'Bob’s laptop' }, '2026-12-06T09:00:00.000Z', deps));
    expect(put.skipped).toEqual([]);
    expect(ok(await folderLedger(diskFolder(root)))).toMatchObject({ ledgerId: adaLedger.ledgerId });
    expect(JSON.parse((await diskFolder(root).readManifest())!)).toMatchObject({ putBack: { [bobId]: 1 } });
    expect(put.written.map((w) => [w.device, w.events])).toEqual([[bobId, 1]]);
    ada.state = { own: EMPTY_SYNC_STATE.own, devices: Object.fromEntries(put.written.map((w) => [w.device, w.point])) };
    const round = await sync(ada, root);
    expect([round.pushed, round.pulled, round.problems]).toEqual([2, 0, []]);
    expect(round.devices.map((d) => [d.device, d.name, d.events])).toEqual([[bobId, 'Bob’s laptop', 1]]);

    // A new device gets the whole ledger: Ada's changes and Bob's.
    const carol = await newDevice('Carol');
    expect(await joinTeamLedger(carol.db, adaLedger.ledgerId)).toEqual({ ok: true });
    const taken = await sync(carol, root);
    expect([taken.pulled, taken.problems]).toEqual([3, []]);
    expect((await carol.db.sites.toArray()).map((x) => x.code).sort()).toEqual(['BER1', 'OSL1']);
    expect((await verifyLedger(carol.db)).problems).toEqual([]);

    // Bob's next change waits while the chain Ada wrote for him is still on its way (the sync tool
    // copied ledger.json first): written now, his own segments would fork his chain beside hers.
    ok(await saveSiteCommand(bob.db, { ...SITE, code: 'PAR1', name: 'Paris' }, null, 'bob'));
    const bobFolder = join(root, 'devices', bobId);
    const copied = join(shared, 'copying');
    await rename(bobFolder, copied);
    const waiting = await sync(bob, root);
    expect(waiting.pushed).toBe(0);
    expect(waiting.problems).toEqual(['This device’s changes up to 1, put back in the team folder for it when the folder was made anew, have arrived here only up to 0: the sync tool is still copying them. This device writes its own changes once they are all here.']);
    expect(await readdir(join(root, 'devices'))).not.toContain(bobId);
    // Once it is there, he carries on in it: his change reaches the others.
    await rename(copied, bobFolder);
    const bobRound = await sync(bob, root);
    expect([bobRound.pushed, bobRound.problems]).toEqual([1, []]);
    expect((await sync(carol, root)).pulled).toBe(1);
    expect((await sync(ada, root)).pulled).toBe(1);
    expect(await readSnapshot(carol.db)).toEqual(await readSnapshot(ada.db));

    // Later Bob's folder alone is lost (deleted by hand): his chain had arrived, so it is not on its
    // way; he writes it again, as any device whose folder went, rather than waiting for ever.
    await rm(bobFolder, { recursive: true, force: true });
    ok(await saveSiteCommand(bob.db, { ...SITE, code: 'ROM1', name: 'Rome' }, null, 'bob'));
    const again = await sync(bob, root);
    expect([again.pushed, again.problems]).toEqual([3, []]);
    expect((await sync(carol, root)).pulled).toBe(1);
    expect((await carol.db.sites.toArray()).map((x) => x.code).sort()).toEqual(['BER1', 'OSL1', 'PAR1', 'ROM1']);
  });

  it('puts in only devices the folder holds nothing of, whose changes run from their first without a gap', async () => {
    const { ada, bob, root } = await team();
    await sync(ada, root);
    ok(await saveSiteCommand(bob.db, { ...SITE, code: 'BER1', name: 'Berlin' }, null, 'bob'));
    ok(await saveSiteCommand(bob.db, { ...SITE, code: 'PAR1', name: 'Paris' }, null, 'bob'));
    const adaId = (await syncLedgerOf(ada.db, ada.name)).deviceId;
    const bobEvents = (await readLog(bob.db)).filter((e) => !e.id.startsWith(`${adaId}:`));
    // Ada's device already has files in the folder: left to her. Bob's first change missing: left to him.
    const put = await putChainsInFolder(diskFolder(root), [...(await readLog(ada.db)), ...bobEvents.slice(1)], null, {}, deps);
    expect(put.written).toEqual([]);
    expect(put.skipped).toEqual([`${bobEvents[0]?.id.split(':')[0]}: this ledger lacks its change 1, so its changes were left for that device to write`]);
    expect(await readdir(join(root, 'devices'))).toEqual([adaId]);
  });
});

