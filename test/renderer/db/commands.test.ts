import { copyTemplate, DEFAULT_CATEGORY_POLICIES } from '../../../shared/depreciation/policies';
import { readLog } from '../../../renderer/db/eventLog';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FleetDb } from '../../../renderer/db/database';
import { clearDemoFleet, seedDemoFleet } from '../../../renderer/db/demo';
import { importLotsCommand } from '../../../renderer/db/importLots';
import { adjustLotCommand, changeContext, createLotCommand, editLotCommand, lotEvents, moveLotCommand, setFiscalYearStartCommand } from '../../../renderer/db/lotCommands';
import { saveModelCommand } from '../../../renderer/db/catalogCommands';
import { addObservation } from '../../../renderer/db/market';
import { findUnit, importUnits, unitsOfLot } from '../../../renderer/db/units';
import { bareUnit } from '../../../shared/units';
import { LOT_STATUSES } from '../../../shared/lifecycle';
import { costBasis, type Lot } from '../../../shared/lot';
import { parseLotCsv } from '../../../shared/lotCsv';
import { replayLot, type LotDraft } from '../../../shared/lotChanges';
import { uniqueDbName } from './migrationHarness';

let db: FleetDb;

beforeEach(async () => {
  db = new FleetDb(uniqueDbName('commands'));
  await db.open();
});

afterEach(async () => {
  db.close();
  await db.delete();
});

async function aModel(): Promise<string> {
  const r = await saveModelCommand(
    db,
    {
      manufacturer: 'Supermicro', name: 'SYS-821GE', category: 'gpu-server', powerWatts: 10200, rackUnits: 8, listPrice: null, currency: 'USD',
      releaseDate: null, endOfSale: null, endOfSupport: null, successorId: null, performance: null, serialPattern: '', storageBearing: true, notes: '', demo: false,
    },
    null,
    'tester',
  );
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value.id;
}

function draft(modelId: string, overrides: Partial<LotDraft> = {}): LotDraft {
  return {
    code: 'L-1', modelId, quantity: 8, unitCost: 250_000_00, extraCosts: 10_001, currency: 'USD', purchaseDate: '2025-01-10', receivedDate: '2025-02-01',
    inServiceDate: null, siteId: null, supplier: '', poNumber: 'PO-1', warrantyEnd: null, salvageValue: 0, powerWatts: null, supportCostPerYear: 0,
    status: 'received', disposition: null, disposedDate: null, proceeds: null, replacementPlan: '', notes: '', tags: [], demo: false,
    book: copyTemplate(DEFAULT_CATEGORY_POLICIES['gpu-server'].book), tax: copyTemplate(DEFAULT_CATEGORY_POLICIES['gpu-server'].tax), ...overrides,
  };
}

describe('lot commands', () => {
  it('a split move writes both lots and all three events in one go, conserving cost', async () => {
    const created = await createLotCommand(db, draft(await aModel()), 'tester');
    if (!created.ok) throw new Error('setup');
    const r = await moveLotCommand(db, created.value.id, { to: 'in-service', quantity: 3, date: '2025-03-01', siteId: 'site-1' }, 'tech');
    expect(r.ok).toBe(true);
    const lots = await db.lots.toArray();
    expect(lots).toHaveLength(2);
    expect(lots.reduce((a, l) => a + costBasis(l), 0)).toBe(costBasis(created.value));
    const child = lots.find((l) => l.parentId === created.value.id) as Lot;
    expect(child).toMatchObject({ code: 'L-1.1', quantity: 3, status: 'in-service', siteId: 'site-1' });
    for (const lot of lots) expect(replayLot(await lotEvents(db, lot.id))).toEqual(lot);
    expect((await lotEvents(db, child.id)).map((e) => e.actor)).toEqual(['tech', 'tech']);
  });

  it('an illegal move writes nothing at all', async () => {
    const created = await createLotCommand(db, draft(await aModel()), 'tester');
    if (!created.ok) throw new Error('setup');
    const before = { lots: await db.lots.toArray(), events: (await readLog(db)).length };
    const r = await moveLotCommand(db, created.value.id, { to: 'disposed', quantity: 1, date: '2025-03-01' }, 'tech');
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/cannot move to Disposed/u) });
    expect(await db.lots.toArray()).toEqual(before.lots);
    expect((await readLog(db)).length).toBe(before.events);
  });

  it('an edit appends one event with before/after; an invalid one writes nothing', async () => {
    const created = await createLotCommand(db, draft(await aModel()), 'tester');
    if (!created.ok) throw new Error('setup');
    const ok = await editLotCommand(db, created.value.id, { poNumber: 'PO-77' }, 'tester');
    expect(ok.ok).toBe(true);
    const bad = await editLotCommand(db, created.value.id, { quantity: -1 }, 'tester');
    expect(bad.ok).toBe(false);
    const events = await lotEvents(db, created.value.id);
    expect(events.map((e) => e.type)).toEqual(['created', 'edited']);
    expect(events[1]).toMatchObject({ before: { poNumber: created.value.poNumber }, after: { poNumber: 'PO-77' } });
    expect((await db.lots.get(created.value.id))?.quantity).toBe(8);
  });

  it('refuses an edit of cost that an impairment recorded on the lot no longer fits, and writes nothing', async () => {
    const created = await createLotCommand(db, draft(await aModel(), { status: 'in-service', siteId: 'site-1', inServiceDate: '2025-02-10' }), 'tester');
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const impaired = await adjustLotCommand(db, created.value.id, { book: 'book', change: { type: 'impairment', date: '2025-12-15', amount: 1_500_000_00 }, note: '' }, 'tester', 1);
    if (!impaired.ok) throw new Error(impaired.error);
    const bad = await editLotCommand(db, created.value.id, { unitCost: 150_000_00 }, 'tester');
    expect(bad).toEqual({ ok: false, error: { unitCost: expect.stringMatching(/^Book depreciation: impairment on 2025-12-15: .* is more than the book value/u) } });
    expect((await lotEvents(db, created.value.id)).map((e) => e.type)).toEqual(['created', 'adjusted']);
    expect((await db.lots.get(created.value.id))?.unitCost).toBe(250_000_00);
  });

  it('refuses a fiscal year start that an impairment recorded on a lot no longer fits in, naming the lot, and writes nothing', async () => {
    expect(await setFiscalYearStartCommand(db, 10)).toEqual({ ok: true, value: undefined });
    // Double-declining: the book value on a date moves with the fiscal year (its charge is a fiscal year's).
    const ddb = { policy: { method: 'declining-balance' as const, factor: 2, lifeMonths: 60, switchToStraightLine: false, convention: 'full-month' as const }, salvage: { kind: 'lot' as const } };
    const created = await createLotCommand(db, draft(await aModel(), {
      status: 'in-service', siteId: 'site-1', quantity: 10, unitCost: 1_000_00, extraCosts: 0, purchaseDate: '2025-03-01', receivedDate: '2025-03-01', inServiceDate: '2025-03-01', book: ddb,
    }), 'tester');
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    // At the book value of a fiscal year starting in October (less a little), more than that of one starting in April.
    const impaired = await adjustLotCommand(db, created.value.id, { book: 'book', change: { type: 'impairment', date: '2026-06-15', amount: 5_266_65 }, note: '' }, 'tester', 10);
    if (!impaired.ok) throw new Error(impaired.error);
    const settingEvents = async () => (await readLog(db)).filter((e) => e.entity === 'settings').length;
    const eventsBefore = await settingEvents();
    const refused = await setFiscalYearStartCommand(db, 4);
    expect(refused).toEqual({ ok: false, error: expect.stringMatching(/^The fiscal year cannot start in April: the depreciation of L-1 \(book: impairment on 2026-06-15: .* is more than the book value .*\) could not be computed in it\. Nothing was changed\.$/u) });
    expect(await db.getSetting('fiscalYearStart')).toBe(10);
    expect(await settingEvents()).toBe(eventsBefore);
    expect(await setFiscalYearStartCommand(db, 1)).toEqual({ ok: true, value: undefined });
    expect(await db.getSetting('fiscalYearStart')).toBe(1);
    expect(await settingEvents()).toBe(eventsBefore + 1);
  });

  it('refuses a duplicate code', async () => {
    const modelId = await aModel();
    await createLotCommand(db, draft(modelId), 'tester');
    const again = await createLotCommand(db, draft(modelId), 'tester');
    expect(again).toEqual({ ok: false, error: { code: 'Another lot already has the code L-1.' } });
  });
});

describe('importing lots', () => {
  const header = 'lot_code,manufacturer,model,category,quantity,unit_cost,currency,purchase_date,status,site,in_service_date,po_number';

  it('creates unknown models and sites and an imported event per lot', async () => {
    const parsed = parseLotCsv(`${header}\nA-1,Dell,R760,cpu-server,4,100.00,USD,2025-01-01,in-service,FRA9,2025-02-01,PO-1\nA-2,Dell,R760,cpu-server,2,100.00,USD,2025-01-01,planned,FRA9,,\n`, { existingCodes: new Set() });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const r = await importLotsCommand(db, parsed.rows, 'tester', 'x.csv');
    expect(r).toEqual({ ok: true, value: { lots: 2, units: 6, newModels: ['Dell R760'], newSites: ['FRA9'], newSuppliers: [] } });
    expect(await db.models.count()).toBe(1);
    expect(await db.sites.count()).toBe(1);
    const events = (await readLog(db)).filter((e) => e.type === 'imported');
    expect(events).toHaveLength(2);
  });

  it('is all-or-nothing: a row the domain refuses aborts the whole import, naming the row', async () => {
    const parsed = parseLotCsv(`${header}\nB-1,Dell,R760,cpu-server,4,100.00,USD,2025-01-01,planned,FRA9,,\nB-2,Dell,R760,cpu-server,2,100.00,USD,2025-01-01,planned,FRA9,,\n`, { existingCodes: new Set() });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    // B-2 is taken between the preview and the write.
    await createLotCommand(db, draft(await aModel(), { code: 'B-2' }), 'tester');
    const before = { lots: await db.lots.count(), events: (await readLog(db)).length, models: await db.models.count(), sites: await db.sites.count() };
    const r = await importLotsCommand(db, parsed.rows, 'tester', 'x.csv');
    expect(r).toEqual({ ok: false, error: [{ row: 3, column: 'lot_code', message: 'Another lot already has the code B-2.' }] });
    expect({ lots: await db.lots.count(), events: (await readLog(db)).length, models: await db.models.count(), sites: await db.sites.count() }).toEqual(before);
  });
});

describe('the demo fleet', () => {
  it('seeds a valid fleet in every status, with split families whose events replay', async () => {
    const ctx = changeContext('demo');
    await seedDemoFleet(db, '2026-11-29', ctx);
    const lots = await db.lots.toArray();
    expect(lots.length).toBeGreaterThanOrEqual(30);
    expect(new Set(lots.map((l) => l.status))).toEqual(new Set(LOT_STATUSES));
    expect(lots.some((l) => l.parentId !== null)).toBe(true);
    for (const lot of lots) expect(replayLot(await lotEvents(db, lot.id))).toEqual(lot);
    expect(await db.getSetting('demoFleet')).toBe(true);
    // Market prices, each with its event on the model's history after the model's creation.
    const prices = await db.marketObservations.toArray();
    expect(prices.length).toBeGreaterThanOrEqual(80);
    const [first] = prices;
    const history = await lotEvents(db, first?.modelId ?? '');
    expect(history[0]?.type).toBe('created');
    expect(history.slice(1).every((e) => e.type === 'observed')).toBe(true);
    expect(history.map((e) => e.seq)).toEqual(history.map((_e, i) => i + 1));
    expect(history.length - 1).toBe(prices.filter((o) => o.modelId === first?.modelId).length);
  });

  it('clears every demo record but keeps models and sites the user’s own lots use', async () => {
    const ctx = changeContext('demo');
    await seedDemoFleet(db, '2026-11-29', ctx);
    // A model with demo market prices (ids are random, so not simply the first model).
    const priced = (await db.marketObservations.toArray())[0]!;
    const someModel = (await db.models.get(priced.modelId))!;
    const mine = await createLotCommand(db, draft(someModel.id, { code: 'MINE-1' }), 'me');
    if (!mine.ok) throw new Error('setup');
    expect(await db.marketObservations.where('modelId').equals(someModel.id).count()).toBeGreaterThan(0);
    const seen = await addObservation(
      db,
      { modelId: someModel.id, date: '2026-11-01', unitPrice: 4_200_000, currency: 'USD', condition: 'used', quantity: 2, source: 'My broker', note: '' },
      'me',
      '2026-11-29',
    );
    if (!seen.ok) throw new Error('setup');
    const removed = await clearDemoFleet(db, changeContext('me'));
    expect(removed.lots).toBeGreaterThanOrEqual(30);
    expect((await db.lots.toArray()).map((l) => l.code)).toEqual(['MINE-1']);
    const models = await db.models.toArray();
    expect(models).toHaveLength(1);
    expect(models[0]).toMatchObject({ id: someModel.id, demo: false });
    // The demo's prices are gone; the price the user recorded stays. The log is append-only: the
    // model's history keeps what happened and records the removal (and the model kept).
    expect((await db.marketObservations.toArray()).map((o) => o.source)).toEqual(['My broker']);
    const history = (await lotEvents(db, someModel.id)).map((e) => e.type);
    expect(history[0]).toBe('created');
    expect(history.slice(-2)).toEqual(['prices-removed', 'edited']);
    expect(history.slice(1, -2).every((t) => t === 'observed')).toBe(true);
    // Every removed demo lot has its `removed` event; rebuilding from the events gives the same ledger.
    const removedLots = (await readLog(db)).filter((e) => e.type === 'removed' && e.entity === 'lot').length;
    expect(removedLots).toBe(removed.lots);
    expect(await db.sites.count()).toBe(0);
    expect(await db.getSetting('demoFleet')).toBe(false);
  });

  it('takes the units scanned into demo lots with it, keeping the user’s units on the same pages', async () => {
    await seedDemoFleet(db, '2026-11-29', changeContext('demo'));
    const demoLot = (await db.lots.toArray()).find((l) => l.status === 'in-service' && l.quantity >= 3)!;
    const mine = await createLotCommand(db, draft(demoLot.modelId, { code: 'MINE-2', quantity: 2 }), 'me');
    if (!mine.ok) throw new Error('setup');
    const added = await importUnits(
      db,
      [
        { lotId: demoLot.id, units: [{ ...bareUnit('DEMO0001'), assetTag: 'TAG-DEMO' }, bareUnit('DEMO0002')] },
        { lotId: mine.value.id, units: [bareUnit('MINE0001'), { ...bareUnit('MINE0002'), assetTag: 'TAG-MINE' }] },
      ],
      'me',
    );
    if (!added.ok) throw new Error(added.error);
    expect(await db.unitPages.count()).toBe(1); // one page holds both lots' units
    await clearDemoFleet(db, changeContext('me'));
    expect((await unitsOfLot(db, mine.value.id)).map((u) => u.serial)).toEqual(['MINE0001', 'MINE0002']);
    expect(await findUnit(db, 'DEMO0001')).toBeNull();
    expect(await findUnit(db, 'TAG-DEMO')).toBeNull();
    expect((await findUnit(db, 'TAG-MINE'))?.unit.serial).toBe('MINE0002');
    // The serial and the tag are free again.
    const other = await createLotCommand(db, draft(demoLot.modelId, { code: 'MINE-3', quantity: 1 }), 'me');
    if (!other.ok) throw new Error('setup');
    expect((await importUnits(db, [{ lotId: other.value.id, units: [{ ...bareUnit('DEMO0001'), assetTag: 'TAG-DEMO' }] }], 'me')).ok).toBe(true);
  });
});
