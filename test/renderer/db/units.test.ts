import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLog } from '../../../renderer/db/eventLog';
import { saveModelCommand } from '../../../renderer/db/catalogCommands';
import { FleetDb } from '../../../renderer/db/database';
import { createLotCommand, editLotCommand, lotEvents } from '../../../renderer/db/lotCommands';
import {
  addUnits,
  ASSET_TAG_BUCKETS,
  assetTagBucket,
  findUnit,
  importUnits,
  loadAllUnits,
  moveLotWithUnits,
  recordSanitisation,
  UNIT_PAGE_SIZE,
  unitHistoryOf,
  unitHolders,
  pageIdInSerialBucket,
  pageIdsOfSerials,
  readSerialBucket,
  unitsBySerial,
  writeSerialBucket,
  unitsOfLot,
  unsanitisedUnitsOfLot,
} from '../../../renderer/db/units';
import { copyTemplate, DEFAULT_CATEGORY_POLICIES } from '../../../shared/depreciation/policies';
import type { Lot } from '../../../shared/lot';
import { replayLot, type LotDraft } from '../../../shared/lotChanges';
import { bareUnit, replayUnits, type SanitisationRecord, type UnitInput } from '../../../shared/units';
import { uniqueDbName } from './migrationHarness';

let db: FleetDb;

beforeEach(async () => {
  db = new FleetDb(uniqueDbName('units'));
  await db.open();
});

afterEach(async () => {
  db.close();
  await db.delete();
});

const RECORD: SanitisationRecord = {
  method: 'purge', technique: 'cryptographic erase', tool: 'nvme-cli', toolVersion: '2.8', verificationMethod: 'full',
  verificationResult: 'passed', performedBy: 'Ada', verifiedBy: '', performedAt: '2026-05-02', mediaSerial: '', note: '',
};

async function aModel(storageBearing = true): Promise<string> {
  const r = await saveModelCommand(
    db,
    {
      manufacturer: 'Supermicro', name: `SYS-${storageBearing}`, category: 'gpu-server', powerWatts: 10200, rackUnits: 8, listPrice: null, currency: 'USD',
      releaseDate: null, endOfSale: null, endOfSupport: null, successorId: null, performance: null, serialPattern: '', storageBearing, notes: '', demo: false,
    },
    null,
    'tester',
  );
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value.id;
}

async function aLot(code: string, quantity: number, modelId: string, overrides: Partial<LotDraft> = {}): Promise<Lot> {
  const r = await createLotCommand(
    db,
    {
      code, modelId, quantity, unitCost: 250_000_00, extraCosts: 0, currency: 'USD', purchaseDate: '2025-01-10', receivedDate: '2025-02-01',
      inServiceDate: null, siteId: null, supplier: '', poNumber: 'PO-1', warrantyEnd: null, salvageValue: 0, powerWatts: null, supportCostPerYear: 0,
      status: 'received', disposition: null, disposedDate: null, proceeds: null, replacementPlan: '', notes: '', tags: [], demo: false,
      book: copyTemplate(DEFAULT_CATEGORY_POLICIES['gpu-server'].book), tax: copyTemplate(DEFAULT_CATEGORY_POLICIES['gpu-server'].tax), ...overrides,
    },
    'tester',
  );
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

const serials = (prefix: string, n: number): UnitInput[] => Array.from({ length: n }, (_, i) => bareUnit(`${prefix}${String(i).padStart(4, '0')}`));

describe('adding and finding units', () => {
  it('adds units with one units-received event and finds them by serial or asset tag, any case', async () => {
    const lot = await aLot('GPU-1', 4, await aModel());
    const r = await addUnits(db, lot.id, [{ ...bareUnit('sn0001\r'), assetTag: 'at-7', rack: 'R01', u: 12 }, bareUnit('SN0002')], 'tech', { date: '2025-02-01' });
    expect(r).toEqual({ ok: true, value: { units: 2, lots: 1 } });
    expect((await unitsOfLot(db, lot.id)).map((u) => u.serial)).toEqual(['SN0001', 'SN0002']);

    const bySerial = await findUnit(db, ' sn0001 ');
    expect(bySerial).toMatchObject({ matchedBy: 'serial', unit: { serial: 'SN0001', assetTag: 'AT-7', rack: 'R01', u: 12, lotId: lot.id }, lot: { code: 'GPU-1' } });
    expect(await findUnit(db, 'AT-7')).toMatchObject({ matchedBy: 'asset-tag', unit: { serial: 'SN0001' } });
    expect(await findUnit(db, 'NOPE0001')).toBeNull();
    expect(await findUnit(db, '')).toBeNull();

    const events = await lotEvents(db, lot.id);
    expect(events.map((e) => [e.seq, e.type, e.quantity, e.date])).toEqual([[1, 'created', 4, null], [2, 'units-received', 2, '2025-02-01']]);
    expect(events[1]?.note).toBe('Received 2 serials (2 of 4 tracked).');
    expect(replayLot(events)).toEqual(lot);
    expect([...replayUnits(events).values()]).toEqual(await unitsOfLot(db, lot.id));
  });

  it('refuses a serial already in another lot, naming that lot, and writes nothing', async () => {
    const model = await aModel();
    const a = await aLot('GPU-1', 4, model);
    const b = await aLot('GPU-2', 4, model);
    await addUnits(db, a.id, [bareUnit('SN0001')], 'tech');
    const before = (await readLog(db)).length;
    const r = await addUnits(db, b.id, [bareUnit('SN0009'), bareUnit('sn0001')], 'tech');
    expect(r).toEqual({ ok: false, error: 'SN0001 is already in the fleet, in lot GPU-1.' });
    expect(await unitsOfLot(db, b.id)).toEqual([]);
    expect((await readLog(db)).length).toBe(before);
  });

  it('two imports of the same serial at once: one wins, the other is refused and writes nothing', async () => {
    const model = await aModel();
    const a = await aLot('GPU-1', 4, model);
    const b = await aLot('GPU-2', 4, model);
    // Read-write transactions over the serial index run one at a time, so the second sees the first.
    const results = await Promise.all([addUnits(db, a.id, [bareUnit('SN0001'), bareUnit('SN0002')], 'tech'), addUnits(db, b.id, [bareUnit('SN0002')], 'tech')]);
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    expect(results[1]).toEqual({ ok: false, error: 'SN0002 is already in the fleet, in lot GPU-1.' });
    expect(await unitsOfLot(db, b.id)).toEqual([]);
    expect((await findUnit(db, 'SN0002'))?.unit.lotId).toBe(a.id);
  });

  it('the serial index follows every page a bulk import writes', async () => {
    const model = await aModel();
    const lots = await Promise.all(Array.from({ length: 60 }, (_, i) => aLot(`BULK-${i}`, 50, model)));
    const r = await importUnits(db, lots.map((l, i) => ({ lotId: l.id, units: serials(`B${String(i).padStart(2, '0')}X`, 50) })), 'tech');
    if (!r.ok) throw new Error(r.error);
    const pages = await db.unitPages.toArray();
    const all = pages.flatMap((p) => p.serials.map((s) => [s, p.id] as const));
    expect(all).toHaveLength(3_000);
    const indexed = await pageIdsOfSerials(db, all.map(([s]) => s));
    expect(indexed).toEqual(new Map(all));
    expect(await pageIdsOfSerials(db, ['NOPE0001'])).toEqual(new Map());
    // A few serials at a time are searched for in their buckets' text rather than read into maps.
    for (const [s, pageId] of all.filter((_, i) => i % 97 === 0)) expect(await pageIdsOfSerials(db, [s, 'NOPE0001'])).toEqual(new Map([[s, pageId]]));
  });

  it('imports into a fleet append to the serial index: every serial once, on the page that holds it', async () => {
    const model = await aModel();
    const lots = await Promise.all(Array.from({ length: 60 }, (_, i) => aLot(`MORE-${i}`, 60, model)));
    // 2,950 units: the last page is left with room, which the next imports top up.
    const first = await importUnits(db, lots.map((l, i) => ({ lotId: l.id, units: serials(`M${String(i).padStart(2, '0')}A`, i === 59 ? 0 : 50) })), 'tech');
    if (!first.ok) throw new Error(first.error);
    const second = await importUnits(db, lots.map((l, i) => ({ lotId: l.id, units: serials(`M${String(i).padStart(2, '0')}B`, 5) })), 'tech');
    if (!second.ok) throw new Error(second.error);
    const third = await addUnits(db, lots[3]!.id, serials('M03C', 2), 'tech');
    if (!third.ok) throw new Error(third.error);
    const pages = await db.unitPages.toArray();
    const all = new Map(pages.flatMap((p) => p.serials.map((s) => [s, p.id] as const)));
    expect(all.size).toBe(2_950 + 300 + 2);
    const rows = await db.serialBuckets.toArray();
    const indexed = rows.flatMap((r) => (r.serials === '' ? [] : r.serials.split('\n').map((s, i) => [s, r.pages[r.at[i]!]] as const)));
    expect(indexed).toHaveLength(all.size);
    expect(new Map(indexed)).toEqual(all);
    for (const r of rows) expect(new Set(r.pages).size).toBe(r.pages.length);
    for (const [s, pageId] of [...all].filter((_, i) => i % 101 === 0)) expect(await pageIdsOfSerials(db, [s])).toEqual(new Map([[s, pageId]]));
  });

  it('a serial is found in its bucket row whole, not as a part of another serial', () => {
    const map = new Map([
      ['SN00011', 'page-a'],
      ['SN0001', 'page-b'],
      ['XSN0001', 'page-a'],
      ['SN0001-2', 'page-c'],
      ['AB12', 'page-c'],
    ]);
    const row = writeSerialBucket(7, map);
    expect(readSerialBucket(row)).toEqual(map);
    for (const [serial, pageId] of map) expect(pageIdInSerialBucket(row, serial)).toBe(pageId);
    for (const absent of ['SN000', 'SN00', 'N0001', 'SN0001-', 'AB1', 'B12', '', 'SN0001\nSN0001-2']) expect(pageIdInSerialBucket(row, absent)).toBeUndefined();
    expect(pageIdInSerialBucket(undefined, 'SN0001')).toBeUndefined();
    expect(pageIdInSerialBucket(writeSerialBucket(7, new Map()), 'SN0001')).toBeUndefined();
  });

  it('refuses repeats in the batch, bad serials, a taken asset tag and an exceeded quantity', async () => {
    const model = await aModel();
    const lot = await aLot('GPU-1', 3, model);
    await addUnits(db, lot.id, [{ ...bareUnit('SN0001'), assetTag: 'AT-1' }], 'tech');
    expect(await addUnits(db, lot.id, [bareUnit('SN0002'), bareUnit('sn0002')], 'tech')).toEqual({ ok: false, error: 'SN0002 is in the batch twice.' });
    expect((await addUnits(db, lot.id, [bareUnit('x')], 'tech')).ok).toBe(false);
    expect(await addUnits(db, lot.id, [{ ...bareUnit('SN0003'), assetTag: 'at-1' }], 'tech')).toEqual({
      ok: false,
      error: 'Asset tag AT-1 of SN0003 is already on SN0001 in the fleet.',
    });
    expect(await addUnits(db, lot.id, serials('NEW', 3), 'tech')).toEqual({
      ok: false,
      error: 'GPU-1 has a quantity of 3 and already tracks 1 unit: room for 2 more, not 3.',
    });
    expect(await unitsOfLot(db, lot.id)).toHaveLength(1);
    expect((await addUnits(db, lot.id, serials('NEW', 2), 'tech')).ok).toBe(true);
  });

  it('refuses a serial that is a unit’s asset tag, or a tag that is a unit’s serial, in the fleet or the batch, naming both and writing nothing', async () => {
    // A label's QR code is the asset tag, else the serial: one code on two units would find only
    // one of them. The parser checks a file against the fleet it read; the write checks again
    // against the fleet as it is (team sync may have brought units in meanwhile), row and all.
    const model = await aModel();
    const a = await aLot('GPU-1', 4, model);
    const b = await aLot('GPU-2', 4, model);
    ok(await addUnits(db, a.id, [{ ...bareUnit('SN0001'), assetTag: 'AT-1' }], 'tech'));
    const before = { pages: await db.unitPages.toArray(), tags: await db.assetTagBuckets.toArray(), events: (await readLog(db)).length };
    expect(await importUnits(db, [{ lotId: b.id, units: [bareUnit('SN0002'), bareUnit('at-1')], lines: [2, 3] }], 'tech')).toEqual({
      ok: false,
      error: 'Row 3: serial AT-1 is already the asset tag of SN0001 in the fleet; a serial may not be another unit’s asset tag.',
    });
    expect(await addUnits(db, b.id, [{ ...bareUnit('SN0005'), assetTag: 'sn0001' }], 'tech')).toEqual({
      ok: false,
      error: 'Asset tag SN0001 of SN0005 is already the serial of a unit in lot GPU-1; an asset tag may not be another unit’s serial.',
    });
    expect(await addUnits(db, b.id, [{ ...bareUnit('SN0006'), assetTag: 'SN0007' }, bareUnit('SN0007')], 'tech')).toEqual({
      ok: false,
      error: 'Asset tag SN0007 of SN0006 is the serial of another unit in the batch; an asset tag may not be another unit’s serial.',
    });
    expect(await db.unitPages.toArray()).toEqual(before.pages);
    expect(await db.assetTagBuckets.toArray()).toEqual(before.tags);
    expect((await readLog(db)).length).toBe(before.events);
    expect((await findUnit(db, 'AT-1'))?.unit.serial).toBe('SN0001');
    // A unit's own serial as its tag is one unit, one code.
    ok(await addUnits(db, b.id, [{ ...bareUnit('SN0008'), assetTag: 'SN0008' }], 'tech'));
  });

  it('imports many lots at once, all or nothing, filling pages of at most UNIT_PAGE_SIZE', async () => {
    const model = await aModel();
    const lots = await Promise.all([aLot('A', 700, model), aLot('B', 400, model), aLot('C', 10, model)]);
    const bad = await importUnits(db, [{ lotId: lots[0].id, units: serials('A', 700) }, { lotId: lots[2].id, units: serials('C', 11) }], 'tech');
    expect(bad.ok).toBe(false);
    expect(await db.unitPages.count()).toBe(0);
    const r = await importUnits(db, [{ lotId: lots[0].id, units: serials('A', 700) }, { lotId: lots[1].id, units: serials('B', 400) }], 'tech');
    expect(r).toEqual({ ok: true, value: { units: 1100, lots: 2 } });
    const pages = await db.unitPages.toArray();
    expect(pages.map((p) => p.serials.length)).toEqual(expect.arrayContaining([UNIT_PAGE_SIZE, UNIT_PAGE_SIZE, 100]));
    expect(await loadAllUnits(db)).toHaveLength(1100);
    expect(await unitsOfLot(db, lots[1].id)).toHaveLength(400);
    // A later receipt tops up a page the lot already has rather than starting a new one.
    await addUnits(db, lots[2].id, serials('C', 5), 'tech');
    await addUnits(db, lots[2].id, serials('D', 5), 'tech');
    expect(await db.unitPages.count()).toBe(4);
    const holders = await unitHolders(db);
    expect(holders.bySerial.get('B0007')).toEqual({ serial: 'B0007', lotId: lots[1].id, lotCode: 'B' });
    expect(holders.counts.get(lots[2].id)).toBe(10);
  });

  it('refuses a lot that is disposed or does not exist', async () => {
    expect(await addUnits(db, 'e0000000-0000-4000-8000-000000000000', [bareUnit('SN0001')], 'tech')).toEqual({
      ok: false,
      error: 'Lot e0000000-0000-4000-8000-000000000000 does not exist.',
    });
  });

  it('reads many units by serial in one go, with their lots; unknown serials are absent', async () => {
    const model = await aModel();
    const a = await aLot('LOT-A', 3, model);
    const b = await aLot('LOT-B', 2, model);
    await importUnits(db, [{ lotId: a.id, units: serials('A', 3) }, { lotId: b.id, units: [{ ...bareUnit('B0000'), assetTag: 'TAG-B0' }] }], 'tech');
    const found = await unitsBySerial(db, ['A0002', 'B0000', 'NOPE0001', 'TAG-B0']);
    expect([...found.keys()].sort()).toEqual(['A0002', 'B0000']);
    expect(found.get('A0002')).toMatchObject({ unit: { serial: 'A0002', lotId: a.id }, lot: { code: 'LOT-A' } });
    expect(found.get('B0000')?.lot?.code).toBe('LOT-B');
    expect(await unitsBySerial(db, [])).toEqual(new Map());
  });

  it('hashes asset tags stably into the buckets', () => {
    expect(assetTagBucket('AT-1')).toBe(assetTagBucket('AT-1'));
    const spread = new Set(Array.from({ length: 5_000 }, (_, i) => assetTagBucket(`AT-${i}`)));
    expect(spread.size).toBe(ASSET_TAG_BUCKETS);
  });
});

describe('moves that name units', () => {
  it('the named units follow the split; the split event records them; each unit’s history follows it', async () => {
    const lot = await aLot('GPU-1', 4, await aModel());
    await addUnits(db, lot.id, serials('SN', 4), 'tech');
    const r = await moveLotWithUnits(db, lot.id, { to: 'spare', quantity: 2, date: '2025-03-01' }, ['sn0001', 'SN0003'], 'tech');
    if (!r.ok) throw new Error(r.error);
    const child = r.value.moved;
    expect(child.code).toBe('GPU-1.1');
    expect((await unitsOfLot(db, child.id)).map((u) => u.serial)).toEqual(['SN0001', 'SN0003']);
    expect((await unitsOfLot(db, lot.id)).map((u) => u.serial)).toEqual(['SN0000', 'SN0002']);
    const split = (await lotEvents(db, lot.id)).find((e) => e.type === 'split');
    expect(split).toMatchObject({ relatedLotId: child.id, serials: ['SN0001', 'SN0003'] });

    const moved = await unitHistoryOf(db, 'SN0001');
    expect(moved?.map((e) => `${e.lotId === lot.id ? 'parent' : 'child'}:${e.type}`)).toEqual([
      'parent:created', 'parent:units-received', 'parent:split', 'child:created', 'child:transitioned',
    ]);
    const stayed = await unitHistoryOf(db, 'SN0000');
    expect(stayed?.map((e) => e.type)).toEqual(['created', 'units-received']);

    const all = [...(await lotEvents(db, lot.id)), ...(await lotEvents(db, child.id))];
    expect(new Map([...replayUnits(all)].map(([s, u]) => [s, u.lotId]))).toEqual(new Map((await loadAllUnits(db)).map((u) => [u.serial, u.lotId])));
  });

  it('asks for the units to be named when the lot is fully tracked', async () => {
    const lot = await aLot('GPU-1', 4, await aModel());
    await addUnits(db, lot.id, serials('SN', 4), 'tech');
    const r = await moveLotWithUnits(db, lot.id, { to: 'spare', quantity: 2, date: '2025-03-01' }, [], 'tech');
    expect(r).toEqual({ ok: false, error: 'GPU-1 tracks 4 units and 2 stay, so name 2 more units that move (0 of 2 named).' });
    expect(await db.lots.count()).toBe(1);
  });
});

describe('sanitisation and the disposal guard', () => {
  async function sanitisedLot(storageBearing: boolean): Promise<Lot> {
    const lot = await aLot('SRV-1', 3, await aModel(storageBearing), { status: 'sanitised', receivedDate: '2025-02-01' });
    await addUnits(db, lot.id, serials('SRV', 3), 'tech');
    return lot;
  }
  const dispose = { to: 'disposed' as const, quantity: 3, date: '2026-05-03', disposition: 'recycled' as const, proceeds: 0 };

  it('refuses disposal while storage-bearing units lack a verified record, naming them', async () => {
    const lot = await sanitisedLot(true);
    expect(await unsanitisedUnitsOfLot(db, lot.id)).toEqual(['SRV0000', 'SRV0001', 'SRV0002']);
    await recordSanitisation(db, ['srv0000'], RECORD, 'tech', '2026-05-02');
    await recordSanitisation(db, ['SRV0001'], { ...RECORD, verificationResult: 'failed' }, 'tech', '2026-05-02');
    const refused = await moveLotWithUnits(db, lot.id, dispose, [], 'tech');
    expect(refused).toEqual({ ok: false, error: expect.stringMatching(/missing for SRV0001, SRV0002\.$/u) });

    await recordSanitisation(db, ['SRV0001', 'SRV0002'], { ...RECORD, method: 'destroy', technique: 'shred', tool: 'Shredder', toolVersion: '' }, 'tech', '2026-05-02');
    expect(await unsanitisedUnitsOfLot(db, lot.id)).toEqual([]);
    const done = await moveLotWithUnits(db, lot.id, dispose, [], 'tech');
    expect(done.ok && done.value.moved.status).toBe('disposed');

    const events = await lotEvents(db, lot.id);
    expect(events.map((e) => e.type)).toEqual(['created', 'units-received', 'sanitised', 'sanitised', 'sanitised', 'transitioned']);
    expect((await findUnit(db, 'SRV0002'))?.unit.sanitisation).toMatchObject({ method: 'destroy', technique: 'shred' });
    expect((await unitHistoryOf(db, 'SRV0001'))?.filter((e) => e.type === 'sanitised')).toHaveLength(2);
    expect(replayLot(events)).toEqual(await db.lots.get(lot.id));
  });

  it('does not ask for records when the model is not storage-bearing', async () => {
    const lot = await sanitisedLot(false);
    expect((await moveLotWithUnits(db, lot.id, dispose, [], 'tech')).ok).toBe(true);
  });

  it('refuses an incomplete record or unknown serials, writing nothing', async () => {
    await sanitisedLot(true);
    const before = (await readLog(db)).length;
    expect((await recordSanitisation(db, ['SRV0000'], { ...RECORD, tool: '' }, 'tech', '2026-05-02')).ok).toBe(false);
    expect(await recordSanitisation(db, ['SRV0000', 'NOPE0001'], RECORD, 'tech', '2026-05-02')).toEqual({ ok: false, error: 'NOPE0001 is not a unit in the fleet.' });
    expect((await readLog(db)).length).toBe(before);
  });
});

describe('review: quantities, record dates and the disposal guard', () => {
  it('refuses an edit that puts a lot’s quantity below the units it tracks, writing nothing', async () => {
    const lot = await aLot('QTY-1', 5, await aModel(false));
    await addUnits(db, lot.id, serials('QTY', 4), 'tech');
    const before = (await readLog(db)).length;
    const r = await editLotCommand(db, lot.id, { quantity: 3 }, 'tester');
    expect(r).toEqual({ ok: false, error: { quantity: expect.stringMatching(/QTY-1 tracks 4 serial-numbered units, so its quantity cannot be below 4/u) } });
    expect((await db.lots.get(lot.id))?.quantity).toBe(5);
    expect((await readLog(db)).length).toBe(before);
    expect((await editLotCommand(db, lot.id, { quantity: 4 }, 'tester')).ok).toBe(true);
  });
});

describe('review: a sanitisation record’s date', () => {
  it('refuses a record dated before its lot was received, naming the lot and its receipt date, writing nothing', async () => {
    const lot = await aLot('SAN-1', 2, await aModel(true), { status: 'draining', receivedDate: '2025-02-01' });
    await addUnits(db, lot.id, serials('SAN', 2), 'tech');
    const before = (await readLog(db)).length;
    const r = await recordSanitisation(db, ['SAN0000'], { ...RECORD, performedAt: '2025-01-20' }, 'tech', '2026-05-02');
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/2025-01-20 is before SAN-1 was received \(2025-02-01\)/u) });
    expect((await findUnit(db, 'SAN0000'))?.unit.sanitisation).toBeNull();
    expect((await readLog(db)).length).toBe(before);
    expect((await recordSanitisation(db, ['SAN0000'], { ...RECORD, performedAt: '2025-02-01' }, 'tech', '2026-05-02')).ok).toBe(true);
  });
});

describe('review: the disposal date and the records', () => {
  it('refuses a disposal dated before the units’ sanitisation, naming them, writing nothing', async () => {
    const lot = await aLot('DSP-1', 2, await aModel(true), { status: 'sanitised', receivedDate: '2025-02-01' });
    await addUnits(db, lot.id, serials('DSP', 2), 'tech');
    ok(await recordSanitisation(db, ['DSP0000', 'DSP0001'], { ...RECORD, performedAt: '2026-05-02' }, 'tech', '2026-05-02'));
    const before = (await readLog(db)).length;
    const early = await moveLotWithUnits(db, lot.id, { to: 'disposed', quantity: 2, date: '2026-04-01', disposition: 'recycled', proceeds: 0 }, [], 'tech');
    expect(early).toEqual({ ok: false, error: expect.stringMatching(/DSP0000, DSP0001/u) });
    expect((await db.lots.get(lot.id))?.status).toBe('sanitised');
    expect((await readLog(db)).length).toBe(before);
    expect((await moveLotWithUnits(db, lot.id, { to: 'disposed', quantity: 2, date: '2026-05-02', disposition: 'recycled', proceeds: 0 }, [], 'tech')).ok).toBe(true);
  });
});

function ok<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}
