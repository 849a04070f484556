/**
 * The database a device syncs with lost its ledger on the server (deleted, emptied, re-created),
 * as the app's CouchDB card lives it (renderer/couchSync.ts over a real PouchDB Server on
 * 127.0.0.1): what the card says must be what works. A team device holds its teammates' changes,
 * which its rounds never send (each device sends its own), so connecting again puts them in too,
 * each under its own device, and a device that joins afterwards gets the whole ledger; a backup
 * file put back with `fleetledger sync --ledger` works as well, after which the rounds carry on.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nodeFetch, runSync } from '../../cli/sync';
import type { CliIo } from '../../cli/io';
import { connectServer, disconnectServer, joinServerLedger, syncCouchNow, useCouchSync } from '../../renderer/couchSync';
import { saveSiteCommand } from '../../renderer/db/catalogCommands';
import { FleetDb } from '../../renderer/db/database';
import { createBackup } from '../../renderer/db/ledger';
import { syncLedgerOf } from '../../renderer/db/teamSync';
import { couchHttp } from '../../shared/sync/couchHttp';
import { EMPTY_COUCH_STATE, shareOnServer, syncCouch } from '../../shared/sync/couchSync';
import { startPouchServer, type PouchServer } from '../sync/pouchRig';
import { uniqueDbName } from './db/migrationHarness';
import { nodeSyncDeps, ok, SITE } from './db/teamFixture';

let server: PouchServer;
let dir = '';
beforeAll(async () => {
  server = await startPouchServer();
  dir = await mkdtemp(join(tmpdir(), 'couch-gone-'));
}, 60_000);
afterAll(async () => {
  await server?.dispose();
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

const dbs: FleetDb[] = [];
afterEach(async () => {
  // The card's server and settings live in the device store, one per test process.
  if (dbs[0] !== undefined) await disconnectServer(dbs[0]);
  for (const d of dbs.splice(0)) {
    d.close();
    await d.delete();
  }
});

async function device(name: string): Promise<FleetDb> {
  const d = new FleetDb(uniqueDbName(name));
  await d.open();
  dbs.push(d);
  return d;
}

async function call(url: string, method: 'DELETE' | 'PUT'): Promise<void> {
  const r = await fetch(url, { method, signal: AbortSignal.timeout(10_000) });
  if (r.status >= 300) throw new Error(`${method} ${url}: ${r.status}`);
}

/** `fleetledger sync --couchdb <url> --ledger <a backup of db>`, as the message says. */
async function putBack(db: FleetDb, url: string): Promise<void> {
  const file = join(dir, `${randomUUID()}.fleetledger`);
  await writeFile(file, (await createBackup(db)).bytes);
  const said: string[] = [];
  const io = { stdout: (t: string) => said.push(t), stderr: (t: string) => said.push(t) } as unknown as CliIo;
  expect(await runSync(['--couchdb', url, '--ledger', file], io, {}), said.join('')).toBe(0);
}

const form = (url: string, deviceName: string) => ({ url, user: '', password: '', remember: false, deviceName });

/** Ada shares her ledger (one site) in a new database; Bob joins it through the card and takes her change in. */
async function bobJoinsAdasLedger(): Promise<{ bob: FleetDb; url: string }> {
  const ada = await device('ada');
  const bob = await device('bob');
  ok(await saveSiteCommand(ada, SITE, null, 'ada'));
  const url = `${server.origin}/fleet-${randomUUID().slice(0, 8)}`;
  const http = couchHttp({ url, user: '', password: '' }, nodeFetch);
  const adaLedger = await syncLedgerOf(ada, 'Ada');
  ok(await shareOnServer(adaLedger, http, '2026-12-05T12:00:00.000Z'));
  expect((await syncCouch(adaLedger, http, EMPTY_COUCH_STATE, { ...nodeSyncDeps(), newSession: () => randomUUID() })).ok).toBe(true);
  const offer = ok(await connectServer(bob, form(url, 'Bob')));
  if (offer === 'connected') throw new Error('expected the offer to join Ada’s ledger');
  ok(await joinServerLedger(bob, offer, 'merge'));
  return { bob, url };
}

describe('the database lost this ledger on the server', () => {
  it('a team device is told how the ledger goes back (not to check the URL), and connecting again puts every device’s changes back', async () => {
    const { bob, url } = await bobJoinsAdasLedger();
    expect(await bob.sites.count()).toBe(1);

    // The database is deleted on the server, then made again empty.
    await call(url, 'DELETE');
    await syncCouchNow(bob, true);
    for (const step of ['deleted', 'emptied'] as const) {
      if (step === 'emptied') {
        await call(url, 'PUT');
        await syncCouchNow(bob, true);
      }
      const view = useCouchSync.getState();
      expect(view.status).toBe('error');
      expect(view.message).toContain(`The database at ${url} no longer holds this ledger`);
      expect(view.message).toContain('To share this ledger there again (with the 1 change of other devices this device holds), Disconnect, then Connect to the same URL');
      expect(view.message).not.toMatch(/Check the URL/u);
    }

    // Done as said: Ada's change goes back under her device, and a device that joins now gets it.
    await disconnectServer(bob);
    expect(await connectServer(bob, form(url, 'Bob'))).toEqual({ ok: true, value: 'connected' });
    expect(useCouchSync.getState()).toMatchObject({ status: 'connected', message: null });
    await disconnectServer(bob);
    const carol = await device('carol');
    const offer = ok(await connectServer(carol, form(url, 'Carol')));
    if (offer === 'connected') throw new Error('expected the offer to join the team’s ledger');
    ok(await joinServerLedger(carol, offer, 'team'));
    expect(useCouchSync.getState()).toMatchObject({ status: 'connected', message: null });
    expect(await carol.sites.count()).toBe(1);
  }, 60_000);

  it('a backup file put back with the command line brings the ledger back too, and the team device’s next round syncs', async () => {
    const { bob, url } = await bobJoinsAdasLedger();
    await call(url, 'DELETE');
    await call(url, 'PUT');
    await syncCouchNow(bob, true);
    expect(useCouchSync.getState().status).toBe('error');
    await putBack(bob, url);
    await syncCouchNow(bob, true);
    expect(useCouchSync.getState()).toMatchObject({ status: 'connected', message: null });
  }, 60_000);

  it('a device holding only its own changes is told to connect again, and that shares the ledger there', async () => {
    const ada = await device('ada');
    ok(await saveSiteCommand(ada, SITE, null, 'ada'));
    const url = `${server.origin}/fleet-${randomUUID().slice(0, 8)}`;
    expect(await connectServer(ada, form(url, 'Ada'))).toEqual({ ok: true, value: 'connected' });
    await call(url, 'DELETE');
    await syncCouchNow(ada, true);
    expect(useCouchSync.getState().message).toContain('To share this ledger there again, Disconnect, then Connect to the same URL');
    await disconnectServer(ada);
    expect(await connectServer(ada, form(url, 'Ada'))).toEqual({ ok: true, value: 'connected' });
    expect(useCouchSync.getState()).toMatchObject({ status: 'connected', message: null });
  }, 60_000);
});

describe('the database holds another ledger now', () => {
  it('a round says what to do: Disconnect, then Connect to join it, or to the right database', async () => {
    const ada = await device('ada');
    ok(await saveSiteCommand(ada, SITE, null, 'ada'));
    const url = `${server.origin}/fleet-${randomUUID().slice(0, 8)}`;
    expect(await connectServer(ada, form(url, 'Ada'))).toEqual({ ok: true, value: 'connected' });
    // The database is re-created on the server and Carol shares her own ledger in it.
    await call(url, 'DELETE');
    const carol = await device('carol');
    ok(await shareOnServer(await syncLedgerOf(carol, 'Carol'), couchHttp({ url, user: '', password: '' }, nodeFetch), '2026-12-05T12:00:00.000Z'));

    await syncCouchNow(ada, true);
    const view = useCouchSync.getState();
    expect(view.status).toBe('error');
    expect(view.message).toMatch(/^The database holds another ledger \(“.*”\) than this one\. Nothing was synced\./u);
    expect(view.message).toContain(`To join the ledger it holds, Disconnect, then Connect to ${url} again`);
    expect(view.message).toContain('Disconnect, then Connect to the URL of that database');

    // Done as said: Connect to the same URL offers to join the ledger it holds.
    await disconnectServer(ada);
    const offer = ok(await connectServer(ada, form(url, 'Ada')));
    expect(offer === 'connected' ? null : offer.ledgerId).toBe((await syncLedgerOf(carol, 'Carol')).ledgerId);
  }, 60_000);
});
