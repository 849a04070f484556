/**
 * The ledger's move from the desktop's old file:// page to app://fleetledger, both halves in the
 * renderer (the two origins are two databases here; the bridge is a fake that keeps the backups
 * folder in memory). The main process's half is test/electron/originMove.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FleetDb } from '../../renderer/db/database';
import { seedDemoFleet } from '../../renderer/db/demo';
import { readLog } from '../../renderer/db/eventLog';
import { ledgerRow } from '../../renderer/db/ledger';
import { changeContext } from '../../renderer/db/lotCommands';
import { handOverLedger, MoveFailed, takeInMovedLedger, type OriginMovePort } from '../../renderer/originMove';
import type { OriginHandedOver, PendingOriginMove } from '../../shared/ipc';
import { err, ok } from '../../shared/result';
import { dropDb, uniqueDbName } from './db/migrationHarness';

const NAME = 'Fleetledger-2026-12-06-101500-origin-move.fleetledger';

/** The main process and its backups folder, in memory. */
function fakeDesktop() {
  const files = new Map<string, Uint8Array>();
  const state: { handedOver: OriginHandedOver[]; pending: PendingOriginMove | null; doneCalls: number } = { handedOver: [], pending: null, doneCalls: 0 };
  const port: OriginMovePort = {
    writeBackup: async (bytes) => {
      files.set(NAME, bytes);
      return ok({ entry: { name: NAME } });
    },
    handedOver: async (outcome) => {
      state.handedOver.push(outcome);
      if (outcome.outcome === 'moved') state.pending = { backupName: outcome.backupName, preferences: outcome.preferences ?? {} };
      return ok(true);
    },
    pending: async () => ok(state.pending),
    readBackup: async (name) => {
      const bytes = files.get(name);
      return bytes === undefined ? err(`${name} is not in the backups folder`) : ok({ bytes });
    },
    done: async () => {
      state.doneCalls += 1;
      state.pending = null;
      return ok(true);
    },
  };
  return { port, files, state };
}

const opened: FleetDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await dropDb(db.name, db);
});

async function ledgerOnOldPage(): Promise<FleetDb> {
  const old = new FleetDb(uniqueDbName('old-page'));
  opened.push(old);
  await old.open();
  await seedDemoFleet(old, '2026-11-29', changeContext('Ada'));
  await old.setSetting('initialised', true);
  await old.setSetting('actorName', 'Ada Lovelace');
  old.close();
  return old;
}

/** A page's local storage, in memory. */
function memoryStorage(entries: Record<string, string> = {}): Pick<Storage, 'getItem' | 'setItem'> & { entries: Map<string, string> } {
  const map = new Map(Object.entries(entries));
  return { entries: map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
}

describe('moving the ledger to the app:// page', () => {
  it('takes the view choices along (lot columns, label layout), only those, and never over the new page’s own', async () => {
    const old = await ledgerOnOldPage();
    const desktop = fakeDesktop();
    const oldStorage = memoryStorage({ 'fleetledger.lotColumns': '{"state":{"shown":{"market":true}},"version":1}', 'fleetledger.labelLayout': 'avery-l7651', 'fleetledger.ledgerRecord.fleetledger': '{}', other: 'x' });
    const handed = await handOverLedger(old.name, desktop.port, oldStorage);
    expect(handed).toEqual({ outcome: 'moved', backupName: NAME, preferences: { 'fleetledger.lotColumns': '{"state":{"shown":{"market":true}},"version":1}', 'fleetledger.labelLayout': 'avery-l7651' } });
    const fresh = new FleetDb(uniqueDbName('app-page-prefs'));
    opened.push(fresh);
    const newStorage = memoryStorage({ 'fleetledger.labelLayout': 'avery-5160' });
    expect(await takeInMovedLedger(fresh, desktop.port, newStorage)).toBe('taken-in');
    expect(Object.fromEntries(newStorage.entries)).toEqual({ 'fleetledger.labelLayout': 'avery-5160', 'fleetledger.lotColumns': '{"state":{"shown":{"market":true}},"version":1}' });
  });

  it('hands the old database over whole and takes it into the new, empty one: same ledger, device, events, lots and settings', async () => {
    const old = await ledgerOnOldPage();
    const desktop = fakeDesktop();
    expect(await handOverLedger(old.name, desktop.port)).toEqual({ outcome: 'moved', backupName: NAME });
    expect(desktop.state.handedOver).toEqual([{ outcome: 'moved', backupName: NAME }]);

    const fresh = new FleetDb(uniqueDbName('app-page'));
    opened.push(fresh);
    expect(await takeInMovedLedger(fresh, desktop.port)).toBe('taken-in');
    expect(desktop.state.doneCalls).toBe(1);

    await old.open();
    if (!fresh.isOpen()) await fresh.open();
    const [a, b] = [await ledgerRow(old), await ledgerRow(fresh)];
    expect(b.ledgerId).toBe(a.ledgerId);
    expect(b.deviceId).toBe(a.deviceId);
    expect(b.heads).toEqual(a.heads);
    expect((await readLog(fresh)).map((e) => e.id)).toEqual((await readLog(old)).map((e) => e.id));
    expect(await fresh.lots.orderBy('id').toArray()).toEqual(await old.lots.orderBy('id').toArray());
    expect(await fresh.getSetting('actorName')).toBe('Ada Lovelace');
    expect(await fresh.getSetting('initialised')).toBe(true);

    // Taken in once: the next start finds nothing pending.
    expect(await takeInMovedLedger(fresh, desktop.port)).toBe('nothing');
  });

  it('never restores over a database the app:// page already has; the handed-over file stays', async () => {
    const old = await ledgerOnOldPage();
    const desktop = fakeDesktop();
    await handOverLedger(old.name, desktop.port);
    const own = new FleetDb(uniqueDbName('own'));
    opened.push(own);
    await own.open();
    await seedDemoFleet(own, '2026-12-01', changeContext('Bo'));
    const before = { row: await ledgerRow(own), lots: await own.lots.count() };
    expect(await takeInMovedLedger(own, desktop.port)).toBe('kept-own');
    expect((await ledgerRow(own)).ledgerId).toBe(before.row.ledgerId);
    expect(await own.lots.count()).toBe(before.lots);
    expect(desktop.files.has(NAME)).toBe(true);
  });

  it('an old page with no database hands over nothing, and the new page starts as a new installation', async () => {
    const desktop = fakeDesktop();
    expect(await handOverLedger(uniqueDbName('never-created'), desktop.port)).toEqual({ outcome: 'empty' });
    expect(desktop.files.size).toBe(0);
    expect(await takeInMovedLedger(new FleetDb(uniqueDbName('unused')), desktop.port)).toBe('nothing');
  });

  it('says so when the copy cannot be written, so the window stays on the old page', async () => {
    const old = await ledgerOnOldPage();
    const desktop = fakeDesktop();
    desktop.port.writeBackup = async () => err('Backup failed: disk full.');
    const outcome = await handOverLedger(old.name, desktop.port);
    expect(outcome).toEqual({ outcome: 'failed', error: 'the copy could not be written: Backup failed: disk full.' });
    expect(desktop.state.handedOver).toEqual([outcome]);
  });

  it('a damaged file is refused with its name, restores nothing and stays pending', async () => {
    const old = await ledgerOnOldPage();
    const desktop = fakeDesktop();
    await handOverLedger(old.name, desktop.port);
    const bytes = desktop.files.get(NAME) as Uint8Array;
    desktop.files.set(NAME, bytes.slice(0, Math.floor(bytes.length / 2)));
    const fresh = new FleetDb(uniqueDbName('app-page'));
    opened.push(fresh);
    await expect(takeInMovedLedger(fresh, desktop.port)).rejects.toThrow(`The ledger moved from the old page (${NAME} in the backups folder) is damaged`);
    expect(desktop.state.doneCalls).toBe(0);
    expect(desktop.state.pending).toEqual({ backupName: NAME, preferences: {} });
    if (!fresh.isOpen()) await fresh.open();
    expect(await fresh.lots.count()).toBe(0);

    // The failed start left an empty database behind: that is not a ledger of its own, so the
    // next start, with the file readable again, takes the moved ledger in.
    desktop.files.set(NAME, bytes);
    expect(await takeInMovedLedger(fresh, desktop.port)).toBe('taken-in');
    expect(await fresh.lots.count()).toBeGreaterThan(0);
    expect(desktop.state.doneCalls).toBe(1);
  });

  it('a failure says which file it was taking in', async () => {
    const old = await ledgerOnOldPage();
    const desktop = fakeDesktop();
    await handOverLedger(old.name, desktop.port);
    desktop.port.readBackup = async () => err('permission denied');
    const fresh = new FleetDb(uniqueDbName('app-page'));
    opened.push(fresh);
    const failure = await takeInMovedLedger(fresh, desktop.port).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(MoveFailed);
    expect(failure).toMatchObject({ backupName: NAME, message: `The ledger moved from the old page (${NAME} in the backups folder) could not be read: permission denied` });
  });
});
