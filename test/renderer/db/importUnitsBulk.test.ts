/**
 * The bulk path of `importUnits` (more than 2,000 units or 50 lots): every lot, page and tag
 * bucket is read once, the reads start before the batch is checked, and pages are cut from the
 * per-lot packs its events record. Same guarantees as the small path: all or nothing, serials
 * unique fleet-wide, one replayable `units-received` event per lot.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveModelCommand } from '../../../renderer/db/catalogCommands';
import { FleetDb } from '../../../renderer/db/database';
import { readLog, lastSeqs } from '../../../renderer/db/eventLog';
import { createLotCommand, lotEvents } from '../../../renderer/db/lotCommands';
import { findUnit, importUnits, UNIT_PAGE_SIZE, unitsOfLot, type UnitBatch } from '../../../renderer/db/units';
import { copyTemplate, DEFAULT_CATEGORY_POLICIES } from '../../../shared/depreciation/policies';
import type { Lot } from '../../../shared/lot';
import { replayLot } from '../../../shared/lotChanges';
import { bareUnit, replayUnits, type UnitInput } from '../../../shared/units';
import { uniqueDbName } from './migrationHarness';

let db: FleetDb;

beforeEach(async () => {
  db = new FleetDb(uniqueDbName('import-bulk'));
  await db.open();
});

afterEach(async () => {
  db.close();
  await db.delete();
});

async function lots(count: number, quantity: number): Promise<Lot[]> {
  const model = await saveModelCommand(
    db,
    {
      manufacturer: 'Dell', name: 'R760', category: 'cpu-server', powerWatts: 800, rackUnits: 2, listPrice: null, currency: 'USD', releaseDate: null,
      endOfSale: null, endOfSupport: null, successorId: null, performance: null, serialPattern: '', storageBearing: false, notes: '', demo: false,
    },
    null,
    'tester',
  );
  if (!model.ok) throw new Error(JSON.stringify(model.error));
  const out: Lot[] = [];
  for (let i = 0; i < count; i++) {
    const r = await createLotCommand(
      db,
      {
        code: `L-${i}`, modelId: model.value.id, quantity, unitCost: 100_000, extraCosts: 0, currency: 'USD', purchaseDate: '2025-01-10', receivedDate: '2025-02-01',
        inServiceDate: null, siteId: null, supplier: '', poNumber: 'PO-1', warrantyEnd: null, salvageValue: 0, powerWatts: null, supportCostPerYear: 0,
        status: 'received', disposition: null, disposedDate: null, proceeds: null, replacementPlan: '', notes: '', tags: [], demo: false,
        book: copyTemplate(DEFAULT_CATEGORY_POLICIES['cpu-server'].book), tax: copyTemplate(DEFAULT_CATEGORY_POLICIES['cpu-server'].tax),
      },
      'tester',
    );
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    out.push(r.value);
  }
  return out;
}

/** `perLot` units for each lot, serials `<prefix><lot>X<k>`, every other one tagged and racked. */
function batches(of: readonly Lot[], perLot: number, prefix: string): (UnitBatch & { units: UnitInput[] })[] {
  return of.map((lot, l) => ({
    lotId: lot.id,
    units: Array.from({ length: perLot }, (_, k) => ({
      ...bareUnit(`${prefix}${l}X${k}`),
      assetTag: k % 2 === 0 ? `AT-${prefix}-${l}-${k}` : '',
      room: k % 2 === 0 ? `Hall ${l % 3}` : '',
      rack: k % 2 === 0 ? 'R01' : '',
      u: k % 2 === 0 ? 1 + (k % 40) : null,
      notes: k === 3 ? 'dented' : '',
    })),
  }));
}

describe('importUnits, bulk path', () => {
  it('imports 60 lots at once: pages of at most UNIT_PAGE_SIZE, one replayable event per lot after its own', async () => {
    const fleet = await lots(60, 80);
    const r = await importUnits(db, batches(fleet, 45, 'SN'), 'tech');
    expect(r).toEqual({ ok: true, value: { units: 2700, lots: 60 } });
    const pages = await db.unitPages.toArray();
    expect(pages.map((p) => p.serials.length).sort((a, b) => b - a)).toEqual([...Array<number>(5).fill(UNIT_PAGE_SIZE), 200]);
    for (const lot of [fleet[0], fleet[17], fleet[59]] as Lot[]) {
      const events = await lotEvents(db, lot.id);
      expect(events.map((e) => [e.seq, e.type, e.quantity])).toEqual([[1, 'created', 80], [2, 'units-received', 45]]);
      expect(replayLot(events)).toEqual(lot);
      expect([...replayUnits(events).values()]).toEqual(await unitsOfLot(db, lot.id));
    }
    expect((await findUnit(db, 'at-sn-17-4'))?.unit).toMatchObject({ serial: 'SN17X4', lotId: fleet[17]?.id, room: 'Hall 2', u: 5 });
    expect((await findUnit(db, 'SN17X3'))?.unit.notes).toBe('dented');
    expect([...(await lastSeqs(db, fleet.map((l) => l.id))).values()]).toEqual(fleet.map(() => 2));
  });

  it('refuses, writing nothing, a batch with problems, a serial or tag already in the fleet, or too many units', async () => {
    const fleet = await lots(60, 80);
    expect((await importUnits(db, batches(fleet, 40, 'SN'), 'tech')).ok).toBe(true);
    const before = { pages: await db.unitPages.toArray(), events: (await readLog(db)).length, seqs: await db.eventSeqs.toArray() };

    const twice = batches(fleet, 40, 'NEW');
    twice[5]?.units.push(bareUnit('new0X1'));
    expect(await importUnits(db, twice, 'tech')).toEqual({ ok: false, error: 'NEW0X1 is in the batch twice.' });

    const taken = batches(fleet, 10, 'MORE');
    taken[9]?.units.push(bareUnit('SN3X7'));
    expect(await importUnits(db, taken, 'tech')).toEqual({ ok: false, error: 'SN3X7 is already in the fleet, in lot L-3.' });

    const tagged = batches(fleet, 10, 'MORE');
    tagged[2]?.units.push({ ...bareUnit('MORE2X99'), assetTag: 'AT-SN-0-0' });
    expect(await importUnits(db, tagged, 'tech')).toEqual({ ok: false, error: 'Asset tag AT-SN-0-0 of MORE2X99 is already on SN0X0 in the fleet.' });

    const serialIsTag = batches(fleet, 10, 'MORE');
    serialIsTag[4]?.units.push(bareUnit('at-sn-0-0'));
    expect(await importUnits(db, serialIsTag, 'tech')).toEqual({ ok: false, error: 'Serial AT-SN-0-0 is already the asset tag of SN0X0 in the fleet; a serial may not be another unit’s asset tag.' });

    const tagIsSerial = batches(fleet, 10, 'MORE');
    tagIsSerial[4]?.units.push({ ...bareUnit('MORE4X99'), assetTag: 'SN3X7' });
    expect(await importUnits(db, tagIsSerial, 'tech')).toEqual({ ok: false, error: 'Asset tag SN3X7 of MORE4X99 is already the serial of a unit in lot L-3; an asset tag may not be another unit’s serial.' });

    const over = await importUnits(db, batches(fleet, 41, 'MORE'), 'tech');
    expect(over.ok).toBe(false);

    expect(await db.unitPages.toArray()).toEqual(before.pages);
    expect((await readLog(db)).length).toBe(before.events);
    expect(await db.eventSeqs.toArray()).toEqual(before.seqs);
  });

  it('tops up the pages a lot already has, then continues each lot’s log', async () => {
    const fleet = await lots(60, 80);
    expect((await importUnits(db, batches(fleet, 40, 'SN'), 'tech')).ok).toBe(true);
    expect(await db.unitPages.count()).toBe(5);
    expect((await importUnits(db, batches(fleet, 40, 'MORE'), 'tech')).ok).toBe(true);
    expect((await db.unitPages.toArray()).every((p) => p.serials.length <= UNIT_PAGE_SIZE)).toBe(true);
    expect(await db.unitPages.count()).toBe(10);
    for (const lot of [fleet[0], fleet[31]] as Lot[]) {
      const events = await lotEvents(db, lot.id);
      expect(events.map((e) => [e.seq, e.type])).toEqual([[1, 'created'], [2, 'units-received'], [3, 'units-received']]);
      const units = await unitsOfLot(db, lot.id);
      expect(units).toHaveLength(80);
      expect(new Set([...replayUnits(events).values()].map((u) => u.serial))).toEqual(new Set(units.map((u) => u.serial)));
    }
  });
});
