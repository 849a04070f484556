/**
 * The imports from other tools write all or nothing, and what they write is the ledger's own:
 * the events rebuild the tables exactly (Settings → Verify ledger finds nothing).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FleetDb } from '../../../renderer/db/database';
import { verifyLedger } from '../../../renderer/db/ledger';
import { saveModelCommand } from '../../../renderer/db/catalogCommands';
import { importNetBoxCommand, importSnipeItCommand } from '../../../renderer/db/migrationImports';
import { loadAllUnits } from '../../../renderer/db/units';
import { parseLotCsv } from '../../../shared/lotCsv';
import { readDeviceTypes } from '../../../shared/netbox';
import { convertSnipeItAssets, defaultSnipeItMapping, readSnipeItAssets } from '../../../shared/snipeit';
import { parseUnitCsv, type UnitCsvLot } from '../../../shared/unitCsv';
import { dropDb, uniqueDbName } from './migrationHarness';

const opened: FleetDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await dropDb(db.name, db);
});

async function emptyDb(): Promise<FleetDb> {
  const db = new FleetDb(uniqueDbName('migration'));
  opened.push(db);
  await db.open();
  return db;
}

function snipeItPlan(text: string) {
  const read = readSnipeItAssets(text, 'USD');
  if (!read.ok) throw new Error(JSON.stringify(read.error));
  const converted = convertSnipeItAssets(read.value, defaultSnipeItMapping(read.value), { currency: 'USD', existingCodes: new Set(), fileName: 'a.csv' });
  if (!converted.ok) throw new Error(JSON.stringify(converted.error));
  const lots = parseLotCsv(converted.value.lotsCsv, { existingCodes: new Set() });
  if (!lots.ok) throw new Error(JSON.stringify(lots.errors));
  const byCode = new Map<string, UnitCsvLot>(lots.rows.map((r) => [r.lotCode, { id: r.lotCode, code: r.lotCode, quantity: r.quantity, trackedUnits: 0, status: r.status, siteId: null }]));
  const units = parseUnitCsv(converted.value.unitsCsv, { lots: byCode, sites: new Map(), knownSerials: () => null, knownAssetTags: () => null });
  if (!units.ok) throw new Error(JSON.stringify(units.errors));
  return { rows: lots.rows, batches: units.batches };
}

const ASSETS = [
  'Asset Tag,Model,Category,Manufacturer,Serial,Purchased,Cost,Order Number,Location,Status',
  'A-1,R750,Servers,Dell,SN-0001,2024-01-15,9500.00,PO-1,AMS1,Deployed',
  'A-2,R750,Servers,Dell,SN-0002,2024-01-15,9500.00,PO-1,AMS1,Deployed',
  'A-3,R750,Servers,Dell,SN-0003,2024-01-15,9500.00,PO-1,AMS1,Ready to Deploy',
].join('\n');

describe('importing Snipe-IT assets', () => {
  it('writes the lots and their units in one go, as the ledger’s own events', async () => {
    const db = await emptyDb();
    const plan = snipeItPlan(ASSETS);
    const r = await importSnipeItCommand(db, plan.rows, plan.batches, 'ada', 'a.csv');
    expect(r).toMatchObject({ ok: true, value: { lots: 2, units: 3, trackedUnits: 3 } });
    expect((await db.lots.toArray()).map((l) => [l.code, l.quantity, l.status]).sort()).toEqual([['PO-1', 2, 'in-service'], ['PO-1-2', 1, 'staged']]);
    expect((await loadAllUnits(db)).map((u) => u.serial).sort()).toEqual(['SN-0001', 'SN-0002', 'SN-0003']);
    expect((await verifyLedger(db)).problems).toEqual([]);
  });

  it('writes nothing when the units cannot be received (a serial already in the fleet)', async () => {
    const db = await emptyDb();
    const first = snipeItPlan(ASSETS);
    expect((await importSnipeItCommand(db, first.rows, first.batches, 'ada', 'a.csv')).ok).toBe(true);
    const before = { lots: await db.lots.count(), models: await db.models.count(), events: (await verifyLedger(db)).events };
    // The same serials again, under another order number: the lots would be new, the serials are not.
    const again = snipeItPlan(ASSETS.replaceAll('PO-1', 'PO-2'));
    const r = await importSnipeItCommand(db, again.rows, again.batches, 'ada', 'b.csv');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error[0]?.message).toMatch(/^The units could not be received, so nothing was imported: .*SN-000/u);
    expect({ lots: await db.lots.count(), models: await db.models.count(), events: (await verifyLedger(db)).events }).toEqual(before);
    expect((await verifyLedger(db)).problems).toEqual([]);
  });

  it('holds the serials to the catalogue model’s serial format, as a units import and a scan do', async () => {
    const db = await emptyDb();
    const model = await saveModelCommand(db, {
      manufacturer: 'Dell', name: 'R750', category: 'cpu-server', powerWatts: null, rackUnits: 2, listPrice: null, currency: 'USD',
      releaseDate: null, endOfSale: null, endOfSupport: null, successorId: null, performance: null, serialPattern: '^SN-[0-9]{4}$', storageBearing: true, notes: '', demo: false,
    }, null, 'ada');
    expect(model.ok).toBe(true);
    const before = { lots: await db.lots.count(), events: (await verifyLedger(db)).events };
    const plan = snipeItPlan(`${ASSETS}\nA-4,R750,Servers,Dell,XY-12345,2024-01-15,9500.00,PO-1,AMS1,Deployed`);
    const r = await importSnipeItCommand(db, plan.rows, plan.batches, 'ada', 'a.csv');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error[0]?.message).toMatch(/XY-12345.* is not a valid serial/u);
    expect({ lots: await db.lots.count(), events: (await verifyLedger(db)).events }).toEqual(before);
    // Serials the format accepts import as before.
    const good = snipeItPlan(ASSETS);
    expect((await importSnipeItCommand(db, good.rows, good.batches, 'ada', 'a.csv')).ok).toBe(true);
  });
});

describe('importing NetBox device types', () => {
  it('creates models and applies the ticked changes, each with its event', async () => {
    const db = await emptyDb();
    const catalog = readDeviceTypes([
      { name: 'Dell/R750.yaml', text: 'manufacturer: Dell\nmodel: R750\npart_number: R750-B\nu_height: 2\npower-ports:\n  - name: P1\n    maximum_draw: 1400\n  - name: P2\n    maximum_draw: 1400\n' },
    ]);
    const created = await importNetBoxCommand(db, catalog.models.map((m) => ({ model: m, category: 'cpu-server' as const })), [], 'ada', 'EUR');
    expect(created).toEqual({ ok: true, value: { created: 1, updated: 0 } });
    const [model] = await db.models.toArray();
    expect(model).toMatchObject({ manufacturer: 'Dell', name: 'R750', category: 'cpu-server', rackUnits: 2, powerWatts: 1400, currency: 'EUR', notes: expect.stringContaining('Part number: R750-B. Power is an estimate') });
    const updated = await importNetBoxCommand(db, [], [{ modelId: model?.id as string, powerWatts: 900 }], 'ada', 'EUR');
    expect(updated).toEqual({ ok: true, value: { created: 0, updated: 1 } });
    expect((await db.models.get(model?.id as string))?.powerWatts).toBe(900);
    expect((await verifyLedger(db)).problems).toEqual([]);
    // A second create of the same model is refused whole.
    const twice = await importNetBoxCommand(db, catalog.models.map((m) => ({ model: m, category: 'cpu-server' as const })), [], 'ada', 'EUR');
    expect(twice.ok).toBe(false);
    expect(await db.models.count()).toBe(1);
  });
});
