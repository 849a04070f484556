/**
 * Recording a month's utilisation on a lot (the Value tab): it runs the lot edit inside its own
 * transaction, which must name every table the edit uses (a nested Dexie transaction may use only
 * its parent's), and records one event per change.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { FleetDb } from '../../../renderer/db/database';
import { seedDemoFleet } from '../../../renderer/db/demo';
import { verifyLedger } from '../../../renderer/db/ledger';
import { changeContext, lotEvents } from '../../../renderer/db/lotCommands';
import { recordUtilisation } from '../../../renderer/db/utilisation';
import { uniqueDbName } from './migrationHarness';

let db: FleetDb;
beforeEach(async () => {
  db = new FleetDb(uniqueDbName('record-utilisation'));
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

it('sets, changes and removes a month, each an edit of the lot, and the ledger stays whole', async () => {
  await seedDemoFleet(db, '2026-11-29', changeContext('demo'));
  const lot = (await db.lots.where('status').equals('in-service').first())!;
  expect(await recordUtilisation(db, lot.id, { '2026-10': 64 }, 'ada')).toMatchObject({ ok: true });
  expect(await recordUtilisation(db, lot.id, { '2026-10': 66.5 }, 'ada')).toMatchObject({ ok: true });
  expect((await db.lots.get(lot.id))?.utilisation).toEqual({ '2026-10': 66.5 });
  expect(await recordUtilisation(db, lot.id, { '2026-10': null }, 'ada')).toMatchObject({ ok: true });
  expect((await db.lots.get(lot.id))?.utilisation ?? {}).toEqual({});
  expect((await lotEvents(db, lot.id)).filter((e) => e.type === 'edited')).toHaveLength(3);
  expect(await recordUtilisation(db, lot.id, { '2026-10': 101 }, 'ada')).toMatchObject({ ok: false });
  expect((await verifyLedger(db)).problems).toEqual([]);
});
