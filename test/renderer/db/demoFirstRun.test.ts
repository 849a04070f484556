/**
 * The first run's demo fleet is seeded once per ledger, even when two tabs (or windows) open a
 * new profile at the same time: each finds the ledger uninitialised at start, and only one may
 * seed it.
 */
import { afterEach, expect, it } from 'vitest';
import { FleetDb } from '../../../renderer/db/database';
import { seedDemoOnFirstRun } from '../../../renderer/db/demo';
import { verifyLedger } from '../../../renderer/db/ledger';
import { changeContext } from '../../../renderer/db/lotCommands';
import { uniqueDbName } from './migrationHarness';

const opened: FleetDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) db.close();
});

async function tab(name: string): Promise<FleetDb> {
  const db = new FleetDb(name);
  await db.open();
  opened.push(db);
  return db;
}

it('seeds the demo fleet and marks the ledger initialised, in one go', async () => {
  const db = await tab(uniqueDbName('demo-first-run'));
  expect(await seedDemoOnFirstRun(db, '2026-12-07', changeContext('demo'))).toBe(true);
  expect(await db.getSetting('initialised')).toBe(true);
  expect(await db.getSetting('demoFleet')).toBe(true);
  expect(await db.lots.count()).toBeGreaterThan(0);
  expect(await seedDemoOnFirstRun(db, '2026-12-07', changeContext('demo'))).toBe(false);
  await db.delete();
});

it('two tabs starting on a new profile at once seed the demo fleet once', async () => {
  const name = uniqueDbName('demo-two-tabs');
  const [first, second] = [await tab(name), await tab(name)];
  // Both found the ledger uninitialised at start (as startApp reads it), then seed together.
  expect([await first.getSetting('initialised'), await second.getSetting('initialised')]).toEqual([false, false]);
  const seeded = await Promise.all([seedDemoOnFirstRun(first, '2026-12-07', changeContext('Ada')), seedDemoOnFirstRun(second, '2026-12-07', changeContext('Grace'))]);
  expect(seeded.filter(Boolean)).toHaveLength(1);
  const lots = await first.lots.toArray();
  expect(lots.length).toBeGreaterThan(0);
  expect(new Set(lots.map((l) => l.code)).size).toBe(lots.length);
  expect((await verifyLedger(first)).problems).toEqual([]);
  await first.delete();
});
