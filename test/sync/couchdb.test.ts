/**
 * Team sync through a real CouchDB replication-protocol server (issue 11): PouchDB Server on
 * 127.0.0.1 (test/sync/pouchRig.ts), two or three devices (IndexedDB ledgers) replicating one
 * ledger through it with shared/sync/couchSync.ts over the same HTTP client the app and the CLI
 * use. Concurrent changes converge with the same conflicts as the folder; an interrupted pull
 * resumes from its checkpoint; 10,000 events round-trip; what is not ours on the server is
 * reported and not applied.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFetch, runSync } from '../../cli/sync';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { saveModelCommand, saveSiteCommand } from '../../renderer/db/catalogCommands';
import { FleetDb } from '../../renderer/db/database';
import { appendEvents, lastSeq, readLog } from '../../renderer/db/eventLog';
import { readSnapshot, rebuildFromEvents, storedConflicts, verifyLedger } from '../../renderer/db/ledger';
import { createLotCommand, editLotCommand } from '../../renderer/db/lotCommands';
import { joinTeamLedger, syncLedgerOf } from '../../renderer/db/teamSync';
import { eventWith, type LotEvent } from '../../shared/events';
import { ledgerConflicts } from '../../shared/sync/conflicts';
import { TEAM_SETTINGS_ENTITY_ID } from '../../shared/ledger/teamSettings';
import { checkCouchUrl, couchHttp } from '../../shared/sync/couchHttp';
import { couchLedger, EMPTY_COUCH_STATE, shareOnServer, syncCouch, type CouchHttp, type CouchSyncReport, type CouchSyncState } from '../../shared/sync/couchSync';
import { uniqueDbName } from '../renderer/db/migrationHarness';
import { lotDraft, MODEL, nodeSyncDeps, ok, SITE } from '../renderer/db/teamFixture';
import { startPouchServer, type PouchServer } from './pouchRig';
import type { WorkReport } from '../../shared/work';

const deps = { ...nodeSyncDeps(), newSession: () => randomUUID() };

let server: PouchServer;
beforeAll(async () => {
  server = await startPouchServer();
}, 60_000);
afterAll(async () => {
  await server?.dispose();
});

const dbs: FleetDb[] = [];
afterEach(async () => {
  for (const d of dbs.splice(0)) {
    d.close();
    await d.delete();
  }
});

interface Device {
  db: FleetDb;
  name: string;
  state: CouchSyncState;
}

async function newDevice(name: string): Promise<Device> {
  const db = new FleetDb(uniqueDbName(name));
  await db.open();
  dbs.push(db);
  return { db, name, state: EMPTY_COUCH_STATE };
}

/** A fresh database on the server for one test (its URL kept beside it, for the command line). */
function database(): CouchHttp & { url: string } {
  const url = `${server.origin}/fleet-${randomUUID().slice(0, 8)}`;
  return Object.assign(couchHttp({ url, user: '', password: '' }, nodeFetch), { url });
}

async function sync(d: Device, http: CouchHttp): Promise<CouchSyncReport> {
  const report = await syncCouch(await syncLedgerOf(d.db, d.name), http, d.state, deps);
  if (!report.ok) throw new Error(`${report.error.kind}: ${report.error.message}`);
  d.state = report.value.state;
  return report.value;
}

const withoutSeq = (events: LotEvent[]): unknown[] => events.map(({ seq: _seq, ...rest }) => rest);

/** Ada shares her ledger (a model, a site) on the server; Bob, with an empty ledger, joins it. */
async function team(): Promise<{ ada: Device; bob: Device; http: CouchHttp & { url: string }; modelId: string; siteId: string }> {
  const ada = await newDevice('Ada’s laptop');
  const bob = await newDevice('Bob’s laptop');
  const model = ok(await saveModelCommand(ada.db, MODEL, null, 'ada'));
  const site = ok(await saveSiteCommand(ada.db, SITE, null, 'ada'));
  const http = database();
  const ledger = await syncLedgerOf(ada.db, ada.name);
  expect(await shareOnServer(ledger, http, '2026-12-05T12:00:00.000Z')).toEqual({ ok: true, value: undefined });
  const found = await couchLedger(http);
  if (!found.ok || found.value === null) throw new Error('no ledger on the server');
  expect(await joinTeamLedger(bob.db, found.value.ledgerId)).toEqual({ ok: true });
  return { ada, bob, http, modelId: model.id, siteId: site.id };
}

async function converged(a: Device, b: Device): Promise<void> {
  expect(withoutSeq(await readLog(b.db))).toEqual(withoutSeq(await readLog(a.db)));
  expect(await readSnapshot(b.db)).toEqual(await readSnapshot(a.db));
  expect((await verifyLedger(a.db)).problems).toEqual([]);
  expect((await verifyLedger(b.db)).problems).toEqual([]);
}

describe('team sync through a CouchDB server (PouchDB Server on 127.0.0.1)', () => {
  it('sends each device’s events as segment documents and the other takes them in; a second round sends and takes nothing', async () => {
    const { ada, bob, http } = await team();
    const first = await sync(ada, http);
    expect([first.pushed, first.pulled]).toEqual([2, 0]);
    const adaId = (await syncLedgerOf(ada.db, ada.name)).deviceId;
    const docs = (await http.request('GET', '_all_docs')).body as { rows: { id: string }[] };
    expect(docs.rows.map((r) => r.id).sort()).toEqual([`${adaId}:1`, `device:${adaId}`, 'fleetledger'].sort());
    const taken = await sync(bob, http);
    expect([taken.pushed, taken.pulled]).toEqual([0, 2]);
    expect(taken.devices.map((d) => [d.device, d.name, d.events, d.waitingFor, d.problems])).toEqual([[adaId, 'Ada’s laptop', 2, [], []]]);
    await converged(ada, bob);
    // Later rounds follow each chain by key: no listing of a device's whole history.
    ok(await saveSiteCommand(ada.db, { ...SITE, code: 'OSL2', name: 'Oslo 2' }, null, 'ada'));
    await sync(ada, http);
    const asked: string[] = [];
    const recording: CouchHttp = { request: (method, path, body, options) => (asked.push(`${method} ${path}`), http.request(method, path, body, options)) };
    const report = await syncCouch(await syncLedgerOf(bob.db, bob.name), recording, bob.state, deps);
    expect(report.ok && report.value.pulled).toBe(1);
    if (report.ok) bob.state = report.value.state;
    expect(asked.filter((a) => a.includes('_all_docs?startkey'))).toEqual([]);
    const again = await sync(bob, http);
    expect([again.pushed, again.pulled, again.problems]).toEqual([0, 0, []]);
    // The checkpoint is kept on the server too, under _local/ (not replicated, not in _all_docs).
    const bobId = (await syncLedgerOf(bob.db, bob.name)).deviceId;
    const checkpoint = (await http.request('GET', `_local/fleetledger-checkpoint-${bobId}`)).body as { since: unknown; session: unknown };
    expect([checkpoint.since, checkpoint.session]).toEqual([bob.state.since, bob.state.session]);
  });

  it('tells how far a round has got: sending, then reading, checking and taking in each other device’s changes', async () => {
    const { ada, bob, http } = await team();
    const told: string[] = [];
    const report: WorkReport = { step: (label) => void told.push(label), progress: (done, total) => void told.push(`${done}/${total}`) };
    const sent = await syncCouch(await syncLedgerOf(ada.db, ada.name), http, ada.state, { ...deps, report });
    expect(sent.ok && sent.value.pushed).toBe(2);
    expect(told).toEqual(['Sending this device’s changes to the server']);
    told.length = 0;
    const taken = await syncCouch(await syncLedgerOf(bob.db, bob.name), http, bob.state, { ...deps, report });
    expect(taken.ok && taken.value.pulled).toBe(2);
    expect(told).toEqual(['Reading the changes from Ada’s laptop on the server', 'Checking the changes from Ada’s laptop', '1/1', 'Taking in 2 changes from Ada’s laptop']);
  });

  it('converges after concurrent changes on both sides, with the same conflict listed on both', async () => {
    const { ada, bob, http, modelId, siteId } = await team();
    const lot = ok(await createLotCommand(ada.db, lotDraft(modelId, 'GPU-1', siteId), 'ada'));
    await sync(ada, http);
    await sync(bob, http);
    // Both edit the same field of the same lot while apart.
    ok(await editLotCommand(ada.db, lot.id, { notes: 'Ada: rack 4' }, 'ada'));
    ok(await editLotCommand(bob.db, lot.id, { notes: 'Bob: rack 9' }, 'bob'));
    await sync(ada, http);
    await sync(bob, http);
    await sync(ada, http);
    await converged(ada, bob);
    const [onAda, onBob] = [await storedConflicts(ada.db), await storedConflicts(bob.db)];
    expect(onAda.map((c) => c.kind)).toEqual(['same-field']);
    expect(onBob).toEqual(onAda);
    // The same conflicts the folder transport finds: both are the ledger's own, found from its events alone.
    expect(onAda).toEqual(ledgerConflicts(await readLog(ada.db)));
  });

  it('resumes an interrupted pull from its checkpoint, applying nothing twice', async () => {
    const { ada, bob, http, modelId, siteId } = await team();
    const carol = await newDevice('Carol’s scanner');
    expect(await joinTeamLedger(carol.db, (await syncLedgerOf(ada.db, ada.name)).ledgerId)).toEqual({ ok: true });
    await sync(ada, http);
    await sync(carol, http);
    for (let i = 0; i < 3; i++) {
      ok(await createLotCommand(ada.db, lotDraft(modelId, `ADA-${i}`, siteId), 'ada'));
      await sync(ada, http);
    }
    await sync(carol, http);
    ok(await createLotCommand(carol.db, lotDraft(modelId, 'CAROL-1', siteId), 'carol'));
    await sync(carol, http);
    // Bob's round is cut off after it took in the first device's events: the second device's listing fails.
    let listings = 0;
    const { CouchUnreachable } = await import('../../shared/sync/couchSync');
    const flaky: CouchHttp = {
      request: async (method, path, body, options) => {
        // A device read from its start is listed: the second one's listing fails.
        if (path.startsWith('_all_docs?startkey=') && ++listings === 2) throw new CouchUnreachable('connection reset');
        return http.request(method, path, body, options);
      },
    };
    const cut = await syncCouch(await syncLedgerOf(bob.db, bob.name), flaky, bob.state, deps);
    expect(cut.ok ? null : cut.error.kind).toBe('offline');
    const partly = await bob.db.lots.count();
    expect([1, 3]).toContain(partly);
    const resumed = await sync(bob, http);
    expect(resumed.problems).toEqual([]);
    // The round after the cut takes in exactly what the cut one did not.
    expect(resumed.pulled).toBe(partly === 3 ? 1 : 5);
    await sync(ada, http);
    await converged(ada, bob);
    await converged(carol, bob);
    expect((await bob.db.lots.toArray()).map((l) => l.code).sort()).toEqual(['ADA-0', 'ADA-1', 'ADA-2', 'CAROL-1']);
  });

  it('reads the changes again from the start when the server’s checkpoint is not this device’s (a re-created database)', async () => {
    const { ada, bob, http } = await team();
    await sync(ada, http);
    await sync(bob, http);
    const bobId = (await syncLedgerOf(bob.db, bob.name)).deviceId;
    const path = `_local/fleetledger-checkpoint-${bobId}`;
    const checkpoint = (await http.request('GET', path)).body as Record<string, unknown>;
    ok2(await http.request('PUT', path, { ...checkpoint, session: 'another' }));
    const again = await sync(bob, http);
    expect(again.pulled).toBe(0);
    expect(bob.state.session).not.toBe('another');
    await converged(ada, bob);
  });

  it('reads every device from its start when the database was re-created and refilled from a backup (its segments cut anew), missing nothing after', async () => {
    const { ada, bob, http, modelId, siteId } = await team();
    for (let i = 0; i < 3; i++) {
      ok(await createLotCommand(ada.db, lotDraft(modelId, `OLD-${i}`, siteId), 'ada'));
      await sync(ada, http);
    }
    await sync(bob, http);
    // The server's database is lost and put back from a backup of it: every device's events are
    // now cut into new segments (one each), unlike the ones the devices' states remember.
    const file = join(await mkdtemp(join(tmpdir(), 'fleetledger-recut-')), 'server.fleetledger');
    const url = http.url;
    let out = '';
    expect(await runSync(['--couchdb', url, '--ledger', file], { stdout: (t) => (out += t), stderr: (t) => (out += t) }, {})).toBe(0);
    const refilled = database();
    expect(await runSync(['--couchdb', refilled.url, '--ledger', file], { stdout: (t) => (out += t), stderr: (t) => (out += t) }, {})).toBe(0);
    // Ada carries on against it (her state from before: her own chain is read from the server anyway).
    ok(await createLotCommand(ada.db, lotDraft(modelId, 'NEW-1', siteId), 'ada'));
    const adaRound = await sync(ada, refilled);
    expect(adaRound.pushed).toBe(1);
    // Bob's state names Ada's old cut; the checkpoints disagree, so he reads her chain afresh.
    const bobRound = await sync(bob, refilled);
    expect(bobRound.problems).toEqual([]);
    expect((await bob.db.lots.toArray()).map((l) => l.code).sort()).toEqual(['NEW-1', 'OLD-0', 'OLD-1', 'OLD-2']);
    await converged(ada, bob);
  });

  it('round-trips 10,000 events', async () => {
    const { ada, bob, http } = await team();
    // 10,000 settings changes in one transaction (the largest kind of round a device makes), then
    // the projections rebuilt from them so Ada's ledger is whole.
    const seq0 = await lastSeq(ada.db, TEAM_SETTINGS_ENTITY_ID);
    await ada.db.transaction('rw', [ada.db.logBlocks, ada.db.entityBlocks, ada.db.eventSeqs, ada.db.ledger], async () => {
      const events = Array.from({ length: 10_000 }, (_, i) =>
        eventWith({ entity: 'settings', lotId: TEAM_SETTINGS_ENTITY_ID, seq: seq0 + i + 1, at: '2026-12-05T12:00:00.000Z', actor: 'ada', type: 'settings-changed', before: {}, after: { ledgerName: `Fleet ${i}` } as unknown as LotEvent['after'] }),
      );
      await appendEvents(ada.db, events);
    });
    expect(await rebuildFromEvents(ada.db)).not.toEqual([]);
    const sent = await sync(ada, http);
    expect(sent.pushed).toBe(10_002);
    const taken = await sync(bob, http);
    expect(taken.pulled).toBe(10_002);
    await converged(ada, bob);
  }, 120_000);

  it('reports what is not ours on the server and applies none of it: a changed segment, a deleted one, an unknown document', async () => {
    const { ada, bob, http, modelId, siteId } = await team();
    await sync(ada, http);
    ok(await createLotCommand(ada.db, lotDraft(modelId, 'GPU-9', siteId), 'ada'));
    await sync(ada, http);
    const adaId = (await syncLedgerOf(ada.db, ada.name)).deviceId;
    // Someone edits Ada's second segment on the server, and drops in a document of their own.
    const second = (await http.request('GET', encodeURIComponent(`${adaId}:3`))).body as Record<string, unknown>;
    ok2(await http.request('PUT', encodeURIComponent(`${adaId}:3`), { ...second, count: 99 }));
    ok2(await http.request('PUT', 'notes', { text: 'hello' }));
    const report = await sync(bob, http);
    expect(report.problems.join('\n')).toMatch(new RegExp(`segment ${adaId}:3 was changed on the server`));
    expect(report.problems.join('\n')).toMatch(/document notes that is not Fleetledger’s/);
    // Ada's first segment was taken; nothing of the changed one.
    expect(await bob.db.lots.count()).toBe(0);
    expect((await bob.db.models.count())).toBe(1);
    expect(report.devices[0]?.waitingFor.length).toBeGreaterThan(0);
    // The card's table of devices says Ada's device has a problem (the changed segment), not that it waits for a copy.
    expect(report.devices[0]?.problems.map((p) => p.message).join('\n')).toMatch(new RegExp(`segment ${adaId}:3 was changed on the server`));
    // Then deleted: named again, still nothing of it applied.
    const changed = (await http.request('GET', encodeURIComponent(`${adaId}:3`))).body as { _rev: string };
    ok2(await http.request('PUT', encodeURIComponent(`${adaId}:3`), { _rev: changed._rev, _deleted: true }));
    const after = await sync(bob, http);
    expect(after.problems.join('\n')).toMatch(new RegExp(`segment ${adaId}:3 was deleted on the server`));
    expect(await bob.db.lots.count()).toBe(0);
    expect(after.devices[0]?.problems.map((p) => p.message).join('\n')).toMatch(/segment 2 is not on the server although the device’s head names 2/u);
    // The foreign document is still there: still said, though no change to it came this round.
    expect(after.problems.join('\n')).toMatch(/document notes that is not Fleetledger’s/);
    expect((await sync(bob, http)).problems.join('\n')).toMatch(/document notes that is not Fleetledger’s/);
    // Removed from the server, it is said no more.
    const notes = (await http.request('GET', 'notes')).body as { _rev: string };
    ok2(await http.request('PUT', 'notes', { _rev: notes._rev, _deleted: true }));
    const cleared = await sync(bob, http);
    expect(cleared.problems.join('\n')).not.toMatch(/document notes/);
    expect(cleared.problems.join('\n')).toMatch(new RegExp(`segment ${adaId}:3 was deleted on the server`));
  });

  it('refuses a database of another ledger, and says what is wrong with a wrong URL, a missing database and a server that is not CouchDB', async () => {
    const { ada, http } = await team();
    const carol = await newDevice('Carol');
    const shared = await shareOnServer(await syncLedgerOf(carol.db, carol.name), http, '2026-12-05T12:00:00.000Z');
    expect(shared.ok ? null : shared.error.kind).toBe('other-ledger');
    const round = await syncCouch(await syncLedgerOf(carol.db, carol.name), http, EMPTY_COUCH_STATE, deps);
    expect(round.ok ? null : round.error.message).toMatch(/another ledger \(“/);
    // Nothing was written for Carol.
    const ids = ((await http.request('GET', '_all_docs')).body as { rows: { id: string }[] }).rows.map((r) => r.id);
    const carolId = (await syncLedgerOf(carol.db, carol.name)).deviceId;
    expect(ids.some((id) => id.includes(carolId))).toBe(false);
    expect(ada).toBeDefined();

    const missing = await couchLedger(couchHttp({ url: `${server.origin}/nothing-here`, user: '', password: '' }, nodeFetch));
    expect(missing.ok ? null : missing.error.kind).toBe('no-database');
    const closed = await couchLedger(couchHttp({ url: 'http://127.0.0.1:9/fleet', user: '', password: '' }, nodeFetch));
    expect(closed.ok ? null : closed.error.kind).toBe('offline');
    expect(checkCouchUrl('http://sync.example.com/fleet')).toEqual({ ok: false, error: expect.stringMatching(/must use https/) });
    expect(checkCouchUrl('https://ada:pw@sync.example.com/fleet')).toEqual({ ok: false, error: expect.stringMatching(/own fields/) });
    expect(checkCouchUrl('https://sync.example.com/')).toEqual({ ok: false, error: expect.stringMatching(/name the database/) });
    expect(checkCouchUrl(' http://127.0.0.1:5984/fleet/ ')).toEqual({ ok: true, value: 'http://127.0.0.1:5984/fleet' });
    expect(checkCouchUrl('HTTPS://Sync.Example.com:443/fleet')).toEqual({ ok: true, value: 'https://sync.example.com/fleet' });
    expect(checkCouchUrl('https://[2001:db8::1]:6984/fleet')).toEqual({ ok: true, value: 'https://[2001:db8::1]:6984/fleet' });
    expect(checkCouchUrl('http://[::1]:5984/fleet')).toEqual({ ok: false, error: expect.stringMatching(/must use https/) });
    // Read one way here and another by fetch: refused rather than stored.
    expect(checkCouchUrl('https://evil.example\\.sync.example.com/db').ok).toBe(false);
    expect(checkCouchUrl('https://x;object-src *;/db').ok).toBe(false);
    expect(checkCouchUrl('https://sync.example.com/my db').ok).toBe(false);
    expect(checkCouchUrl('https://sync.example.com:0/db').ok).toBe(false);
    expect(checkCouchUrl('https://sync.example.com:0443/db')).toEqual({ ok: true, value: 'https://sync.example.com/db' });
    expect(checkCouchUrl('https://sync.example.com/fleet?x=1')).toEqual({ ok: false, error: expect.stringMatching(/after \? or #/) });
    expect(checkCouchUrl('ftp://sync.example.com/fleet')).toEqual({ ok: false, error: expect.stringMatching(/must start with https/) });
    expect(checkCouchUrl('sync.example.com/fleet')).toEqual({ ok: false, error: expect.stringMatching(/not a URL/) });
  });
});

describe('a server that needs a user (PouchDB Server with an admin, the database open to its members)', () => {
  let secure: PouchServer;
  beforeAll(async () => {
    secure = await startPouchServer({ databases: { fleet: ['ada'] }, users: { ada: 'right horse', eve: 'eve' }, admin: { name: 'admin', password: 'admin secret' } });
  }, 60_000);
  afterAll(async () => {
    await secure?.dispose();
  });

  it('syncs with the right password, and says which of user, password or membership is wrong otherwise, sending nothing', async () => {
    const ada = await newDevice('Ada');
    ok(await saveSiteCommand(ada.db, SITE, null, 'ada'));
    const as = (user: string, password: string): CouchHttp => couchHttp({ url: `${secure.origin}/fleet`, user, password }, nodeFetch);
    const ledger = await syncLedgerOf(ada.db, ada.name);
    const wrong = await shareOnServer(ledger, as('ada', 'wrong'), '2026-12-05T12:00:00.000Z');
    expect(wrong.ok ? null : wrong.error).toEqual({ kind: 'auth', message: expect.stringMatching(/refused the user name or password/) });
    const anonymous = await couchLedger(as('', ''));
    expect(anonymous.ok ? null : anonymous.error.kind).toBe('auth');
    const stranger = await couchLedger(as('eve', 'eve'));
    expect(stranger.ok ? null : stranger.error.kind).toMatch(/auth|forbidden/);
    expect(await shareOnServer(ledger, as('ada', 'right horse'), '2026-12-05T12:00:00.000Z')).toEqual({ ok: true, value: undefined });
    const report = await syncCouch(ledger, as('ada', 'right horse'), EMPTY_COUCH_STATE, deps);
    expect(report.ok ? report.value.pushed : report.error).toBe(1);
    // The password never appears in what the server is asked (only in the Authorization header).
    const seen: string[] = [];
    const spying = couchHttp({ url: `${secure.origin}/fleet`, user: 'ada', password: 'right horse' }, (url, init) => {
      seen.push(url, init.body ?? '');
      return nodeFetch(url, init);
    });
    expect((await syncCouch(ledger, spying, EMPTY_COUCH_STATE, deps)).ok).toBe(true);
    expect(seen.join('\n')).not.toMatch(/right horse/);
  });
});

describe('a server that is not CouchDB', () => {
  it('is named as such, not as a network failure', async () => {
    const plain = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<html>hello</html>');
    });
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', () => r()));
    const port = (plain.address() as { port: number }).port;
    try {
      const read = await couchLedger(couchHttp({ url: `http://127.0.0.1:${port}/fleet`, user: '', password: '' }, nodeFetch));
      expect(read.ok ? null : read.error.kind).toBe('not-couch');
    } finally {
      await new Promise((r) => plain.close(r));
    }
  });
});

function ok2(r: { status: number }): void {
  if (r.status >= 300) throw new Error(`server answered ${r.status}`);
}
