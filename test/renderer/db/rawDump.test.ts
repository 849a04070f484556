/**
 * The backup made before a schema upgrade: the database exactly as the older version left it,
 * read without upgrading it, and put back so that the upgrades run again.
 */
import { readLog } from '../../../renderer/db/eventLog';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { FleetDb } from '../../../renderer/db/database';
import { sha256Hex } from '../../../renderer/db/ledger';
import { decodeRawDump, dumpDatabaseAsIs, restoreRawDump } from '../../../renderer/db/rawDump';
import { CURRENT_SCHEMA_VERSION } from '../../../renderer/db/schema';
import { findUnit } from '../../../renderer/db/units';
import { bareUnit, packUnits } from '../../../shared/units';
import { dropDb, fill, openAtVersion, uniqueDbName } from './migrationHarness';

const LOT = '4d5e6f7a-8b9c-4d0e-9f2a-3b4c5d6e7f80';
const TS = '2026-03-01T09:00:00.000Z';
const names: string[] = [];
afterEach(async () => {
  for (const n of names.splice(0)) await dropDb(n);
});

const V5 = {
  lots: [{ id: LOT, code: 'GPU-1', modelId: 'm', quantity: 2, status: 'in-service', createdAt: TS, updatedAt: TS, parentId: null, siteId: null }],
  events: [{ id: 'e-1', entity: 'lot', lotId: LOT, seq: 1, at: TS, date: null, actor: 'Ada', type: 'created', from: null, to: 'in-service', quantity: 2, before: null, after: { status: 'in-service' }, relatedLotId: null, note: '' }],
  settings: [{ key: 'baseCurrency', value: 'EUR' }],
  unitPages: [{ id: 'p-1', ...packUnits([{ ...bareUnit('SN-1'), sanitisation: null }, { ...bareUnit('SN-2'), sanitisation: null }], () => LOT) }],
};

describe('the pre-upgrade backup', () => {
  it('reads an old database without upgrading it, and puts it back to be upgraded again', async () => {
    const name = uniqueDbName('raw-dump');
    names.push(name);
    // Written at version 4, opened by version 5 (which indexed the pages' serials), then left.
    const v4 = await openAtVersion(name, 4);
    await fill(v4, V5);
    v4.close();
    (await openAtVersion(name, 5)).close();

    const { text, header } = await dumpDatabaseAsIs(name, sha256Hex, TS);
    expect(header).toMatchObject({ format: 'fleetledger-raw-dump', schemaVersion: 5, tables: { lots: 1, events: 1, unitPages: 1, settings: 1, serialBuckets: 2 } });
    // Still version 5 on disk: reading it changed nothing.
    const probe = new Dexie(name);
    await probe.open();
    expect(probe.verno).toBe(5);
    probe.close();

    const decoded = await decodeRawDump(text, sha256Hex, CURRENT_SCHEMA_VERSION);
    if (!decoded.ok) throw new Error(decoded.error);
    const target = uniqueDbName('raw-restore');
    names.push(target);
    await restoreRawDump(target, decoded.value);
    const db = new FleetDb(target);
    await db.open();
    expect(db.verno).toBe(CURRENT_SCHEMA_VERSION);
    expect(await db.lots.count()).toBe(1);
    expect((await readLog(db)).length).toBe(2); // the lot's event, and the team settings recorded by version 6
    expect((await findUnit(db, 'SN-2'))?.unit.lotId).toBe(LOT);
    db.close();
  });

  it('refuses a changed dump', async () => {
    const name = uniqueDbName('raw-dump-bad');
    names.push(name);
    const old = await openAtVersion(name, 5);
    await fill(old, V5);
    old.close();
    const { text } = await dumpDatabaseAsIs(name, sha256Hex, TS);
    const changed = text.replace('GPU-1', 'GPU-2');
    expect(await decodeRawDump(changed, sha256Hex, CURRENT_SCHEMA_VERSION)).toMatchObject({ ok: false, error: expect.stringContaining('damaged') });
  });
});
