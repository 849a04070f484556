/**
 * The seeding half of the "open the app" bench row (scripts/bench-open.ts serves it beside the
 * production build, on the same origin): writes the bench fleet (scripts/benchFleet.ts: 2,000
 * lots, 100,000 serials with asset tags and rack places) into the database the app opens, through
 * the real storage code, and marks it initialised so the app shows it rather than seeding the demo.
 */
import { Dexie } from 'dexie';
import { DEFAULT_DB_NAME, FleetDb } from '../renderer/db/database';
import { appendEvents } from '../renderer/db/eventLog';
import { importUnits } from '../renderer/db/units';
import { benchModel, benchSite, createdEvent, explainedError, generateFleet } from './benchFleet';

export interface OpenSeedConfig {
  lots: number;
  units: number;
}

async function seed(config: OpenSeedConfig): Promise<{ lots: number; units: number }> {
  const fleet = generateFleet(config.lots, config.units);
  await Dexie.delete(DEFAULT_DB_NAME);
  const db = new FleetDb(DEFAULT_DB_NAME);
  await db.open();
  await db.transaction('rw', [db.lots, db.sites, db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger, db.models], async () => {
    await db.models.bulkAdd(Array.from({ length: 8 }, (_, i) => benchModel(i)));
    await db.sites.add(benchSite());
    await db.lots.bulkAdd(fleet.lots);
    await appendEvents(db, fleet.lots.map(createdEvent));
  });
  const imported = await importUnits(db, fleet.batches, 'bench');
  if (!imported.ok) throw new Error(imported.error);
  await db.setSetting('initialised', true);
  const counts = { lots: await db.lots.count(), units: fleet.serials.length };
  db.close();
  return counts;
}

declare global {
  interface Window {
    fleetledgerOpenSeed?: (config: OpenSeedConfig) => Promise<{ lots: number; units: number }>;
  }
}
window.fleetledgerOpenSeed = (config) => seed(config).catch((e: unknown) => Promise.reject(explainedError(e)));
