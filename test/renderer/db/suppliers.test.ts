/**
 * Suppliers in the database (issue 13): the lot form names a supplier by typing it, the
 * catalogue dialog saves one, lots written as text (a backup or a device of an earlier version)
 * are adopted, and the demo fleet's suppliers come and go with it. After each, the events
 * rebuild exactly the tables.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adoptSupplierTextsCommand, saveModelCommand, saveSupplierCommand } from '../../../renderer/db/catalogCommands';
import { FleetDb } from '../../../renderer/db/database';
import { clearDemoFleet, seedDemoFleet } from '../../../renderer/db/demo';
import { appendEvents, entityEvents, lastSeq, readLog } from '../../../renderer/db/eventLog';
import { eventWith } from '../../../shared/events';
import { rebuildFromEvents, verifyLedger } from '../../../renderer/db/ledger';
import { changeContext, createLotCommand, editLotCommand, lotEvents } from '../../../renderer/db/lotCommands';
import { copyTemplate, DEFAULT_CATEGORY_POLICIES } from '../../../shared/depreciation/policies';
import type { LotDraft } from '../../../shared/lotChanges';
import type { Result } from '../../../shared/result';
import { supplierIdFromName } from '../../../shared/suppliers';
import { uniqueDbName } from './migrationHarness';

let db: FleetDb;
beforeEach(async () => {
  db = new FleetDb(uniqueDbName('suppliers'));
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

function ok<T, E>(r: Result<T, E>): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

async function aModel(): Promise<string> {
  const m = await saveModelCommand(
    db,
    { manufacturer: 'Dell', name: 'R760', category: 'cpu-server', powerWatts: 800, rackUnits: 2, listPrice: null, currency: 'USD', releaseDate: null, endOfSale: null, endOfSupport: null, successorId: null, performance: null, serialPattern: '', storageBearing: true, notes: '', demo: false },
    null,
    'me',
  );
  return ok(m).id;
}

function draft(modelId: string, code: string, overrides: Partial<LotDraft> = {}): LotDraft {
  return {
    code, modelId, quantity: 4, unitCost: 100_000, extraCosts: 0, currency: 'USD', purchaseDate: '2025-01-10', receivedDate: null, inServiceDate: null, siteId: null,
    poNumber: 'PO-1', warrantyEnd: null, salvageValue: 0, powerWatts: null, supportCostPerYear: 0, status: 'ordered', disposition: null, disposedDate: null,
    proceeds: null, replacementPlan: '', notes: '', tags: [], demo: false,
    book: copyTemplate(DEFAULT_CATEGORY_POLICIES['cpu-server'].book), tax: copyTemplate(DEFAULT_CATEGORY_POLICIES['cpu-server'].tax), ...overrides,
  };
}

async function expectWhole(): Promise<void> {
  expect((await verifyLedger(db)).problems).toEqual([]);
  expect(await rebuildFromEvents(db)).toEqual([]);
}

describe('the lot form’s supplier', () => {
  it('makes a supplier of a new name once, finds it again by name, and changes a lot’s supplier by an event', async () => {
    const model = await aModel();
    const first = ok(await createLotCommand(db, draft(model, 'L-1'), 'ada', ' Arrow '));
    const arrow = supplierIdFromName('Arrow');
    expect(first.supplierId).toBe(arrow);
    expect(await db.suppliers.toArray()).toEqual([expect.objectContaining({ id: arrow, name: 'Arrow', country: null, channel: null })]);
    expect((await entityEvents(db, arrow)).map((e) => [e.type, e.actor])).toEqual([['created', 'ada']]);
    const second = ok(await createLotCommand(db, draft(model, 'L-2'), 'bob', 'ARROW'));
    expect(second.supplierId).toBe(arrow);
    expect(await db.suppliers.count()).toBe(1);
    // Saving the form with the same supplier records nothing about it; another name moves the lot to that supplier.
    ok(await editLotCommand(db, first.id, { notes: 'racked' }, 'ada', '', '', 'arrow'));
    expect((await lotEvents(db, first.id)).map((e) => Object.keys(e.after).filter((k) => k !== 'updatedAt'))).toEqual([expect.any(Array), ['notes']]);
    ok(await editLotCommand(db, first.id, {}, 'ada', '', '', 'CDW'));
    expect((await db.lots.get(first.id))?.supplierId).toBe(supplierIdFromName('CDW'));
    ok(await editLotCommand(db, first.id, {}, 'ada', '', '', ''));
    expect((await db.lots.get(first.id))?.supplierId).toBeNull();
    await expectWhole();
  });

  it('refuses a lot that cannot be saved, or an edit that cannot, without leaving a supplier behind', async () => {
    const model = await aModel();
    const r = await createLotCommand(db, draft(model, ''), 'ada', 'Ghost Co');
    expect(r.ok).toBe(false);
    expect(await db.suppliers.count()).toBe(0);
    expect(await readLog(db)).toHaveLength(1); // the model's creation only
    const lot = ok(await createLotCommand(db, draft(model, 'L-1'), 'ada'));
    const refused = await editLotCommand(db, lot.id, { quantity: 0 }, 'ada', '', '', 'Ghost Co');
    expect(refused.ok).toBe(false);
    expect(await db.suppliers.count()).toBe(0);
    expect(await readLog(db)).toHaveLength(2);
  });
});

describe('the Suppliers dialog', () => {
  it('creates and edits a supplier, each with its event, and refuses a name taken or a bad country', async () => {
    const made = ok(await saveSupplierCommand(db, { name: 'Rackbroker', country: 'NL', channel: 'broker', notes: 'Refurbished spares', demo: false }, null, 'ada'));
    ok(await saveSupplierCommand(db, { ...made, channel: 'reseller' }, made.id, 'bob'));
    expect((await entityEvents(db, made.id)).map((e) => [e.type, e.actor, (e.after as { channel?: string }).channel ?? null])).toEqual([['created', 'ada', 'broker'], ['edited', 'bob', 'reseller']]);
    const taken = await saveSupplierCommand(db, { name: 'rackbroker', country: null, channel: null, notes: '', demo: false }, null, 'ada');
    expect(taken.ok ? null : taken.error).toEqual({ name: 'rackbroker is already a supplier.' });
    const bad = await saveSupplierCommand(db, { ...made, country: 'XX' }, made.id, 'ada');
    expect(bad.ok).toBe(false);
    expect(await readLog(db)).toHaveLength(2);
    await expectWhole();
  });
});

describe('lots written with the supplier as text', () => {
  it('get supplier records by events, after which the events still rebuild the tables exactly', async () => {
    const model = await aModel();
    // What an earlier version wrote: the name on the lot, and no supplier records.
    for (const [code, text] of [['L-1', 'Supermicro'], ['L-2', 'supermicro'], ['L-3', 'Arrow'], ['L-4', '']]) {
      ok(await createLotCommand(db, { ...draft(model, code as string), supplier: text } as LotDraft, 'old build'));
    }
    await expectWhole();
    expect(await adoptSupplierTextsCommand(db)).toBe(3);
    expect((await db.suppliers.orderBy('name').toArray()).map((s) => s.name)).toEqual(['Arrow', 'Supermicro']);
    expect((await db.lots.orderBy('code').toArray()).map((l) => [l.code, l.supplierId ?? null])).toEqual([
      ['L-1', supplierIdFromName('Supermicro')],
      ['L-2', supplierIdFromName('Supermicro')],
      ['L-3', supplierIdFromName('Arrow')],
      ['L-4', null],
    ]);
    await expectWhole();
    expect(await adoptSupplierTextsCommand(db)).toBe(0);
    // A team device of an earlier version still edits the text: that edit is taken in, not lost.
    const l1 = (await db.lots.where('code').equals('L-1').first())!;
    await db.transaction('rw', [db.lots, db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger], async () => {
      await db.lots.put({ ...l1, supplier: 'Insight', updatedAt: '2026-12-06T12:00:00.000Z' });
      await appendEvents(db, [eventWith({ entity: 'lot', lotId: l1.id, seq: (await lastSeq(db, l1.id)) + 1, at: '2026-12-06T12:00:00.000Z', actor: 'old build', type: 'edited', before: { supplier: '' }, after: { supplier: 'Insight', updatedAt: '2026-12-06T12:00:00.000Z' } })]);
    });
    await expectWhole();
    expect(await adoptSupplierTextsCommand(db)).toBe(1);
    expect((await db.lots.get(l1.id))?.supplierId).toBe(supplierIdFromName('Insight'));
    await expectWhole();
    // A supplier chosen in the form after such a text arrived is the newer word: the text is emptied with it, so adoption leaves the choice alone.
    const l3 = (await db.lots.where('code').equals('L-3').first())!;
    await db.transaction('rw', [db.lots, db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger], async () => {
      await db.lots.put({ ...l3, supplier: 'Foo' });
      await appendEvents(db, [eventWith({ entity: 'lot', lotId: l3.id, seq: (await lastSeq(db, l3.id)) + 1, at: '2026-12-06T12:00:00.000Z', actor: 'old build', type: 'edited', before: { supplier: '' }, after: { supplier: 'Foo' } })]);
    });
    ok(await editLotCommand(db, l3.id, {}, 'ada', '', '', 'Arrow'));
    expect(await db.lots.get(l3.id)).toMatchObject({ supplierId: supplierIdFromName('Arrow'), supplier: '' });
    expect(await adoptSupplierTextsCommand(db)).toBe(0);
    expect((await db.lots.get(l3.id))?.supplierId).toBe(supplierIdFromName('Arrow'));
    await expectWhole();
  });
});

describe('the demo fleet’s suppliers', () => {
  it('come with the demo, and go with it unless a lot of one’s own names them (that one stays, as one’s own)', async () => {
    await seedDemoFleet(db, '2026-11-29', changeContext('demo'));
    const demoSuppliers = await db.suppliers.toArray();
    expect(demoSuppliers.length).toBeGreaterThanOrEqual(8);
    expect(demoSuppliers.every((s) => s.demo && s.channel !== null && s.country !== null)).toBe(true);
    expect((await db.lots.toArray()).every((l) => demoSuppliers.some((s) => s.id === l.supplierId))).toBe(true);
    const model = await aModel();
    ok(await createLotCommand(db, draft(model, 'MINE-1'), 'me', 'Arrow'));
    await clearDemoFleet(db, changeContext('me'));
    const left = await db.suppliers.toArray();
    expect(left.map((s) => [s.name, s.demo])).toEqual([['Arrow', false]]);
    await expectWhole();
  });
});
