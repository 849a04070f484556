/**
 * `fleetledger sync --couchdb` (issue 11) against PouchDB Server on 127.0.0.1: a folder team and
 * a server team share one ledger through one machine that mirrors them; a device later syncing
 * with the server directly continues its relayed chain; `--ledger` writes a backup of the
 * server that reads back and equals the devices' fleet.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { diskFolder, ledgerFolderPath } from '../../electron/teamFolder';
import { saveModelCommand, saveSiteCommand } from '../../renderer/db/catalogCommands';
import { FleetDb } from '../../renderer/db/database';
import { readSnapshot } from '../../renderer/db/ledger';
import { createLotCommand } from '../../renderer/db/lotCommands';
import { joinTeamLedger, syncLedgerOf } from '../../renderer/db/teamSync';
import { ledgerFileLine, nodeFetch, runSync, PASSWORD_ENV } from '../../cli/sync';
import { readLedgerFile } from '../../cli/ledgerFile';
import { foldLedger } from '../../shared/ledger/fold';
import { couchHttp } from '../../shared/sync/couchHttp';
import { couchLedger, EMPTY_COUCH_STATE, syncCouch, type CouchHttp, type CouchSyncState } from '../../shared/sync/couchSync';
import { EMPTY_SYNC_STATE, shareInFolder, syncFolder, type SyncState } from '../../shared/sync/folderSync';
import { uniqueDbName } from '../renderer/db/migrationHarness';
import { lotDraft, MODEL, nodeSyncDeps, ok, SITE } from '../renderer/db/teamFixture';
import { startPouchServer, type PouchServer } from './pouchRig';

const deps = { ...nodeSyncDeps(), newSession: () => randomUUID() };

let server: PouchServer;
beforeAll(async () => {
  server = await startPouchServer();
}, 60_000);
afterAll(async () => {
  await server?.dispose();
});

let shared: string;
const dbs: FleetDb[] = [];
beforeEach(async () => {
  shared = await mkdtemp(join(tmpdir(), 'fleetledger-cli-sync-'));
});
afterEach(async () => {
  for (const d of dbs.splice(0)) {
    d.close();
    await d.delete();
  }
  await rm(shared, { recursive: true, force: true });
});

async function device(name: string): Promise<FleetDb> {
  const db = new FleetDb(uniqueDbName(name));
  await db.open();
  dbs.push(db);
  return db;
}

async function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; out: string; errors: string }> {
  let out = '';
  let errors = '';
  const code = await runSync(args, { stdout: (t) => (out += t), stderr: (t) => (errors += t) }, env);
  return { code, out, errors };
}

describe('fleetledger sync --couchdb', () => {
  it('mirrors a folder team and a server team both ways; a relayed device continues its chain on the server', async () => {
    // Ada works through the folder.
    const ada = await device('ada');
    const model = ok(await saveModelCommand(ada, MODEL, null, 'ada'));
    const site = ok(await saveSiteCommand(ada, SITE, null, 'ada'));
    ok(await createLotCommand(ada, lotDraft(model.id, 'FOLDER-1', site.id), 'ada'));
    const adaLedger = await syncLedgerOf(ada, 'Ada');
    const root = ledgerFolderPath(shared, adaLedger.ledgerId);
    ok(await shareInFolder(adaLedger, diskFolder(root), '2026-12-05T12:00:00.000Z'));
    let adaFolder: SyncState = EMPTY_SYNC_STATE;
    const folderRound = async (): Promise<void> => {
      adaFolder = ok(await syncFolder(await syncLedgerOf(ada, 'Ada'), diskFolder(root), adaFolder, deps)).state;
    };
    await folderRound();

    // One machine mirrors the folder to an empty database.
    const url = `${server.origin}/mirror-${randomUUID().slice(0, 8)}`;
    const first = await cli(['--couchdb', url, '--folder', shared]);
    expect(first).toEqual({ code: 0, out: 'To the server: 3 events of 1 device. To the folder: nothing.\n', errors: '' });

    // Bob works through the server: he joins and takes Ada's changes, then makes his own.
    const http: CouchHttp = couchHttp({ url, user: '', password: '' }, nodeFetch);
    const bob = await device('bob');
    const found = await couchLedger(http);
    expect(found.ok && found.value?.ledgerId).toBe(adaLedger.ledgerId);
    expect(await joinTeamLedger(bob, adaLedger.ledgerId)).toEqual({ ok: true });
    let bobState: CouchSyncState = EMPTY_COUCH_STATE;
    const bobRound = async (): Promise<void> => {
      const r = await syncCouch(await syncLedgerOf(bob, 'Bob'), http, bobState, deps);
      if (!r.ok) throw new Error(r.error.message);
      bobState = r.value.state;
    };
    await bobRound();
    expect((await bob.lots.toArray()).map((l) => l.code)).toEqual(['FOLDER-1']);
    ok(await createLotCommand(bob, lotDraft(model.id, 'SERVER-1', site.id), 'bob'));
    await bobRound();

    // The mirror brings Bob's change to the folder; Ada's next folder round takes it.
    const second = await cli(['--couchdb', url, '--folder', shared]);
    expect(second.out).toBe('To the server: nothing. To the folder: 1 event of 1 device.\n');
    await folderRound();
    expect(await readSnapshot(ada)).toEqual(await readSnapshot(bob));

    // Ada now also syncs with the server directly: she finds her relayed segments as her own and continues them.
    ok(await createLotCommand(ada, lotDraft(model.id, 'DIRECT-1', site.id), 'ada'));
    const direct = await syncCouch(await syncLedgerOf(ada, 'Ada'), http, EMPTY_COUCH_STATE, deps);
    if (!direct.ok) throw new Error(direct.error.message);
    expect([direct.value.pushed, direct.value.problems]).toEqual([1, []]);
    await bobRound();
    expect(await readSnapshot(bob)).toEqual(await readSnapshot(ada));

    // Her folder round writes the same event cut the same way, so the mirror finds nothing to copy
    // and nothing diverging; a third run is quiet.
    await folderRound();
    const third = await cli(['--couchdb', url, '--folder', shared]);
    expect(third).toEqual({ code: 0, out: 'To the server: nothing. To the folder: nothing.\n', errors: '' });

    // --ledger: a backup of the server, which reads back verified and holds the same fleet.
    const file = join(shared, 'server.fleetledger');
    const backup = await cli(['--couchdb', url, '--ledger', file]);
    expect(backup).toEqual({ code: 0, out: `Sent nothing to the server; wrote ${file}: a backup of 5 events.\n`, errors: '' });
    const read = await readLedgerFile(file);
    if (!read.ok) throw new Error(read.error.message);
    expect(read.value.contents.snapshot).toEqual(foldLedger(read.value.contents.events));
    expect(read.value.contents.snapshot.lots.map((l) => l.code).sort()).toEqual(['DIRECT-1', 'FOLDER-1', 'SERVER-1']);
    expect(read.value.contents.snapshot).toEqual(await readSnapshot(bob));

    // The backup brings the ledger to a new, empty database (a server restored from it).
    const url2 = `${server.origin}/restored-${randomUUID().slice(0, 8)}`;
    const restored = await cli(['--couchdb', url2, '--ledger', file]);
    expect(restored.out).toBe(`Sent 5 events of 2 devices to the server; wrote ${file}: a backup of 5 events.\n`);
    const carol = await device('carol');
    expect(await joinTeamLedger(carol, adaLedger.ledgerId)).toEqual({ ok: true });
    const taken = await syncCouch(await syncLedgerOf(carol, 'Carol'), couchHttp({ url: url2, user: '', password: '' }, nodeFetch), EMPTY_COUCH_STATE, deps);
    expect(taken.ok && taken.value.pulled).toBe(5);
    expect(await readSnapshot(carol)).toEqual(await readSnapshot(bob));
  });

  it('reports a device that wrote differently to the folder and to the server, and copies nothing of it', async () => {
    const ada = await device('ada');
    ok(await saveSiteCommand(ada, SITE, null, 'ada'));
    const ledger = await syncLedgerOf(ada, 'Ada');
    const root = ledgerFolderPath(shared, ledger.ledgerId);
    ok(await shareInFolder(ledger, diskFolder(root), '2026-12-05T12:00:00.000Z'));
    const url = `${server.origin}/diverge-${randomUUID().slice(0, 8)}`;
    expect((await cli(['--couchdb', url, '--folder', shared])).code).toBe(0);
    // Ada syncs with the server (one event), then makes a second and syncs with the folder (both in one segment).
    const http = couchHttp({ url, user: '', password: '' }, nodeFetch);
    expect((await syncCouch(await syncLedgerOf(ada, 'Ada'), http, EMPTY_COUCH_STATE, deps)).ok).toBe(true);
    ok(await saveModelCommand(ada, MODEL, null, 'ada'));
    ok(await syncFolder(await syncLedgerOf(ada, 'Ada'), diskFolder(root), EMPTY_SYNC_STATE, deps));
    const run = await cli(['--couchdb', url, '--folder', shared]);
    expect(run.code).toBe(0);
    expect(run.out).toBe('To the server: nothing. To the folder: nothing.\n');
    expect(run.errors).toMatch(/wrote segment 1 differently to the folder and to the server/);
  });

  it('counts one event and one device in the singular', () => {
    expect(ledgerFileLine([{ device: 'd1', events: 1 }], 'f.fleetledger', 1)).toBe('Sent 1 event of 1 device to the server; wrote f.fleetledger: a backup of 1 event.');
    expect(ledgerFileLine([], 'f.fleetledger', 0)).toBe('Sent nothing to the server; wrote f.fleetledger: a backup of 0 events.');
  });

  it('says what is wrong with its arguments, and never takes a password from the command line', async () => {
    expect((await cli(['--folder', shared])).errors).toMatch(/--couchdb: required/);
    expect((await cli(['--couchdb', 'http://sync.example.com/x', '--folder', shared])).errors).toMatch(/must use https/);
    expect((await cli(['--couchdb', `${server.origin}/x`])).errors).toMatch(/give one of --folder/);
    expect((await cli(['--couchdb', `${server.origin}/x`, '--folder', shared, '--user', 'ada'])).errors).toMatch(new RegExp(`set the password in ${PASSWORD_ENV}`));
    expect((await cli(['--couchdb', `${server.origin}/x`, '--folder', shared, '--password', 'pw'])).errors).toMatch(/unknown option --password/);
    // A folder that is not a team's and a damaged backup are wrong arguments (exit 2), as for every
    // command that takes --folder or --ledger; the file is named as every reading command names it.
    const notATeam = await cli(['--couchdb', `${server.origin}/x`, '--folder', shared]);
    expect(notATeam).toMatchObject({ code: 2, out: '' });
    expect(notATeam.errors).toMatch(/no Fleetledger ledger/);
    const damaged = join(shared, 'damaged.fleetledger');
    await writeFile(damaged, 'not a backup');
    const fromDamaged = await cli(['--couchdb', `${server.origin}/x`, '--ledger', damaged]);
    expect(fromDamaged).toMatchObject({ code: 2, out: '' });
    expect(fromDamaged.errors).toMatch(new RegExp(`^fleetledger sync: --ledger: ${damaged.replaceAll('.', '\\.')}: `, 'u'));
    await expect(readFile(damaged, 'utf8')).resolves.toBe('not a backup');
  });

  it('a server that does not answer: exit 1, and the message says to run it again (the app’s “sent when it is back” is not true of one run)', async () => {
    // Port 1 on this machine: nothing listens, the connection is refused at once.
    const down = 'http://127.0.0.1:1/fleetledger';
    const expected = /^fleetledger sync: The server cannot be reached \([^)]+\)\. Run the command again when it answers: the command line keeps nothing to send later\.\n$/u;
    const ada = await device('ada-offline');
    const adaLedger = await syncLedgerOf(ada, 'Ada');
    ok(await shareInFolder(adaLedger, diskFolder(ledgerFolderPath(shared, adaLedger.ledgerId)), '2026-12-05T12:00:00.000Z'));
    const viaFolder = await cli(['--couchdb', down, '--folder', shared]);
    expect(viaFolder).toMatchObject({ code: 1, out: '' });
    expect(viaFolder.errors).toMatch(expected);
    const file = join(shared, 'server.fleetledger');
    const viaFile = await cli(['--couchdb', down, '--ledger', file]);
    expect(viaFile).toMatchObject({ code: 1, out: '' });
    expect(viaFile.errors).toMatch(expected);
    await expect(readLedgerFile(file)).resolves.toMatchObject({ ok: false });
  });
});
