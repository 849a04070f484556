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

it('refuses a month that has not begun, or after the lot’s disposal, as the import does, and changes nothing', async () => {
  await seedDemoFleet(db, '2026-11-29', changeContext('demo'));
  const lot = (await db.lots.where('status').equals('in-service').first())!;
  expect(await recordUtilisation(db, lot.id, { '2099-01': 50 }, 'ada')).toEqual({ ok: false, error: expect.stringMatching(/^Utilisation of 2099-01: 2099-01 has not begun yet \(today is \d{4}-\d{2}-\d{2}\)/u) });
  const disposed = (await db.lots.where('status').equals('disposed').first())!;
  // The month after its disposal month (the demo's disposals are months in the past).
  const [y, m] = [Number(disposed.disposedDate!.slice(0, 4)), Number(disposed.disposedDate!.slice(5, 7))];
  const after = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  expect(await recordUtilisation(db, disposed.id, { [after]: 50 }, 'ada')).toEqual({ ok: false, error: `Utilisation of ${after}: ${after} is after ${disposed.code} was disposed of on ${disposed.disposedDate}.` });
  expect((await lotEvents(db, lot.id)).filter((e) => e.type === 'edited')).toHaveLength(0);
  expect((await lotEvents(db, disposed.id)).filter((e) => e.type === 'edited')).toHaveLength(0);
});
