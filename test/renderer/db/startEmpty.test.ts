/**
 * *Start an empty ledger* (the data-loss alarm's choice, and joining a team's ledger) leaves
 * nothing of the ledger before it: no record of any kind, suppliers included, and no events.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { FleetDb } from '../../../renderer/db/database';
import { seedDemoFleet } from '../../../renderer/db/demo';
import { readLog } from '../../../renderer/db/eventLog';
import { verifyLedger } from '../../../renderer/db/ledger';
import { changeContext } from '../../../renderer/db/lotCommands';
import { startEmptyLedger } from '../../../renderer/ledgerGuard';
import { uniqueDbName } from './migrationHarness';

let db: FleetDb;
beforeEach(async () => {
  db = new FleetDb(uniqueDbName('start-empty'));
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

it('clears every record table and the log, and the empty ledger verifies', async () => {
  await seedDemoFleet(db, '2026-11-29', changeContext('demo'));
  expect(await db.suppliers.count()).toBeGreaterThan(0);
  await startEmptyLedger(db, 'team-ledger');
  for (const table of [db.lots, db.models, db.sites, db.suppliers, db.marketObservations, db.unitPages]) expect(await table.count(), table.name).toBe(0);
  expect(await readLog(db)).toEqual([]);
  expect((await verifyLedger(db)).problems).toEqual([]);
});
