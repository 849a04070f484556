/**
 * *Start an empty ledger* (the data-loss alarm's choice, and joining a team's ledger) leaves
 * nothing of the ledger before it: no record of any kind, suppliers included, and no events.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { FleetDb } from '../../../renderer/db/database';
import { seedDemoFleet } from '../../../renderer/db/demo';
import { readLog } from '../../../renderer/db/eventLog';
import { readSnapshot, verifyLedger } from '../../../renderer/db/ledger';
import { changeContext } from '../../../renderer/db/lotCommands';
import { startEmptyLedger } from '../../../renderer/ledgerGuard';
import { DEFAULT_TEAM_SETTINGS } from '../../../shared/ledger/teamSettings';
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

it('leaves none of the ledger before its team settings: the empty ledger has the defaults, as its (no) events give them', async () => {
  // Joining a team's ledger as "start from the team's": until (and unless) the team's events
  // set them, this device must not show, name its backups after, or fold new events onto the
  // name and currency of the ledger it left.
  await db.setSetting('ledgerName', 'Ada’s own fleet');
  await db.setSetting('baseCurrency', 'EUR');
  await db.setSetting('fiscalYearStart', 4);
  await startEmptyLedger(db, 'team-ledger');
  expect((await readSnapshot(db)).settings).toEqual(DEFAULT_TEAM_SETTINGS);
  expect(await db.getSetting('ledgerName')).toBe(DEFAULT_TEAM_SETTINGS.ledgerName);
  expect((await verifyLedger(db)).problems).toEqual([]);
});

it('leaves the last backup with the ledger it was a backup of: a new ledger has none yet', async () => {
  // Settings → Backups said the ledger left behind's date, so the new one looked backed up.
  await db.setSetting('lastBackupAt', '2026-11-28T09:00:00.000Z');
  await db.setSetting('lastBackupBytes', 4096);
  await startEmptyLedger(db, 'team-ledger');
  expect([await db.getSetting('lastBackupAt'), await db.getSetting('lastBackupBytes')]).toEqual(['', 0]);
  // Started again as the same ledger (its backups are still of it): the last one stays.
  await db.setSetting('lastBackupAt', '2026-11-29T09:00:00.000Z');
  await db.setSetting('lastBackupBytes', 2048);
  await startEmptyLedger(db, 'team-ledger');
  expect([await db.getSetting('lastBackupAt'), await db.getSetting('lastBackupBytes')]).toEqual(['2026-11-29T09:00:00.000Z', 2048]);
});
