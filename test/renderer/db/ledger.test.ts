/**
 * The event log is the whole ledger (issue 9): every projection rebuilds from the events alone,
 * *Verify ledger* finds nothing to report after any commands, and a backup restores into an
 * empty profile exactly (the body of a second backup is byte-identical). Damaged, truncated,
 * foreign or newer backups are refused with the reason and change nothing.
 */
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveModelCommand, saveSiteCommand, saveSupplierCommand } from '../../../renderer/db/catalogCommands';
import { FleetDb } from '../../../renderer/db/database';
import { clearDemoFleet, seedDemoFleet } from '../../../renderer/db/demo';
import { entityEvents, readLog, LEDGER_ROW_KEY, sealedBlock } from '../../../renderer/db/eventLog';
import { importLotsCommand } from '../../../renderer/db/importLots';
import { createBackup, gzip, readBackupFile, readSnapshot, rebuildFromEvents, restoreBackup, sha256Bytes, sha256Hex, verifyLedger, type Backup } from '../../../renderer/db/ledger';
import { gunzipText, gzipText } from '../../../renderer/db/gzip';
import { encodeBackupTextV1 } from '../../../shared/ledger/backupFormat';
import { readStoredGzipMember, storedGzipMember } from '../../../shared/ledger/gzipMembers';
import { blocksOf, eventLine } from '../../../shared/ledger/logBlocks';
import type { LotEvent } from '../../../shared/events';
import { adjustLotCommand, changeContext, correctMoveDateCommand, createLotCommand, editLotCommand, moveLotCommand } from '../../../renderer/db/lotCommands';
import { addObservation, importObservations } from '../../../renderer/db/market';
import { editUnits } from '../../../renderer/db/unitEdits';
import { addUnits, moveLotWithUnits, recordSanitisation } from '../../../renderer/db/units';
import { copyTemplate, DEFAULT_CATEGORY_POLICIES } from '../../../shared/depreciation/policies';
import type { Lot } from '../../../shared/lot';
import type { LotStatus } from '../../../shared/lifecycle';
import { foldLedger } from '../../../shared/ledger/fold';
import { parseLotCsv } from '../../../shared/lotCsv';
import type { LotDraft } from '../../../shared/lotChanges';
import { parseMarketCsv } from '../../../shared/marketCsv';
import { bareUnit, type SanitisationRecord } from '../../../shared/units';
import { uniqueDbName } from './migrationHarness';
import type { WorkReport } from '../../../shared/work';
import { answerInflateRequest, setCodecWorker, type InflateReply, type InflateRequest } from '../../../renderer/db/inflate';

const dbs: FleetDb[] = [];
async function newDb(label: string): Promise<FleetDb> {
  const db = new FleetDb(uniqueDbName(label));
  await db.open();
  dbs.push(db);
  return db;
}

let db: FleetDb;
beforeEach(async () => {
  db = await newDb('ledger');
});
afterEach(async () => {
  for (const d of dbs.splice(0)) {
    d.close();
    await d.delete();
  }
});

const RECORD: SanitisationRecord = {
  method: 'purge', technique: 'cryptographic erase', tool: 'nvme-cli', toolVersion: '2.8', verificationMethod: 'full',
  verificationResult: 'passed', performedBy: 'Ada', verifiedBy: '', performedAt: '2026-05-02', mediaSerial: '', note: '',
};

function lotDraft(modelId: string, code: string, overrides: Partial<LotDraft> = {}): LotDraft {
  return {
    code, modelId, quantity: 8, unitCost: 250_000_00, extraCosts: 0, currency: 'USD', purchaseDate: '2025-01-10', receivedDate: '2025-02-01',
    inServiceDate: '2025-02-10', siteId: null, supplier: '', poNumber: 'PO-1', warrantyEnd: null, salvageValue: 0, powerWatts: null, supportCostPerYear: 0,
    status: 'in-service', disposition: null, disposedDate: null, proceeds: null, replacementPlan: '', notes: '', tags: [], demo: false,
    book: copyTemplate(DEFAULT_CATEGORY_POLICIES['gpu-server'].book), tax: copyTemplate(DEFAULT_CATEGORY_POLICIES['gpu-server'].tax), ...overrides,
  };
}

const MODEL_DRAFT = {
  manufacturer: 'Supermicro', name: 'SYS-821GE', category: 'gpu-server' as const, powerWatts: 10200, rackUnits: 8, listPrice: 29_500_000, currency: 'USD',
  releaseDate: '2023-03-01', endOfSale: null, endOfSupport: null, successorId: null, performance: null, serialPattern: '', storageBearing: true, notes: '', demo: false,
};

function ok<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

/** Every kind of command the app has, once or more. */
async function everyKindOfCommand(target: FleetDb): Promise<void> {
  await seedDemoFleet(target, '2026-11-29', changeContext('demo'));
  const model = ok(await saveModelCommand(target, MODEL_DRAFT, null, 'me'));
  ok(await saveModelCommand(target, { ...model, notes: 'Edited' }, model.id, 'me'));
  const site = ok(await saveSiteCommand(target, { code: 'OSL1', name: 'Oslo', energyPricePerMwh: null, currency: 'USD', pue: null, notes: '', demo: false }, null, 'me'));
  ok(await saveSiteCommand(target, { ...site, name: 'Oslo 1' }, site.id, 'me'));
  const lot = ok(await createLotCommand(target, lotDraft(model.id, 'MINE-1', { siteId: site.id }), 'me'));
  ok(await editLotCommand(target, lot.id, { notes: 'Edited' }, 'me'));
  // A supplier typed on the lot (made then), described later; a demo supplier a lot of one's own names stays.
  ok(await editLotCommand(target, lot.id, {}, 'me', '', '', 'Arrow'));
  const arrow = (await target.suppliers.toArray()).find((x) => x.name === 'Arrow')!;
  ok(await saveSupplierCommand(target, { ...arrow, country: 'US', channel: 'distributor' }, arrow.id, 'me'));
  const two = ok(await createLotCommand(target, lotDraft(model.id, 'MINE-2', { siteId: site.id, status: 'received', inServiceDate: null }), 'me', 'Rackbroker'));
  // A move typed with the wrong date, corrected (the lot's in-service date with it).
  ok(await moveLotCommand(target, two.id, { to: 'in-service', quantity: 8, date: '2025-03-02' }, 'me'));
  ok(await correctMoveDateCommand(target, two.id, '2025-02-03', 'me', 'Typed the wrong day'));
  ok(await adjustLotCommand(target, lot.id, { book: 'book', change: { type: 'impairment', date: '2025-06-30', amount: 100_000 }, note: 'Dent' }, 'me', 1));
  const split = ok(await moveLotCommand(target, lot.id, { to: 'spare', quantity: 2, date: '2025-07-01' }, 'me'));
  ok(await addObservation(target, { modelId: model.id, date: '2026-11-01', unitPrice: 4_200_000, currency: 'USD', condition: 'used', quantity: 2, source: 'Broker', note: '' }, 'me', '2026-11-29'));
  const market = parseMarketCsv('manufacturer,model,date,unit_price,currency,condition,quantity,source\nSupermicro,SYS-821GE,2026-06-30,20000.00,USD,used,1,Broker B', { asOf: '2026-11-29' });
  if (!market.ok) throw new Error(JSON.stringify(market.errors));
  ok(await importObservations(target, market.rows, 'me', 'prices.csv', '2026-11-29'));
  const lots = parseLotCsv(
    'lot_code,manufacturer,model,category,quantity,unit_cost,currency,purchase_date,status,site,in_service_date,po_number\nA-1,Dell,R760,cpu-server,4,100.00,USD,2025-01-01,in-service,FRA9,2025-02-01,PO-1\n',
    { existingCodes: new Set() },
  );
  if (!lots.ok) throw new Error(JSON.stringify(lots.errors));
  ok(await importLotsCommand(target, lots.rows, 'me', 'lots.csv'));
  const remainder = split.remainder as Lot;
  ok(await addUnits(target, remainder.id, ['SN0001', 'SN0002', 'SN0003', 'SN0004'].map((s) => ({ ...bareUnit(s), assetTag: `AT-${s}` })), 'me'));
  ok(await recordSanitisation(target, ['SN0001'], RECORD, 'me', '2026-05-02'));
  ok(await editUnits(target, [{ serial: 'SN0002', patch: { room: 'Hall 1', rack: 'B07', u: 10 } }], 'me'));
  ok(await moveLotWithUnits(target, remainder.id, { to: 'rma', quantity: 2, date: '2025-08-01' }, ['SN0001', 'SN0002'], 'me'));
  await target.setSetting('baseCurrency', 'EUR');
  await target.setSetting('fiscalYearStart', 4);
  await target.setSetting('ledgerName', 'Acme GPU fleet');
  await clearDemoFleet(target, changeContext('me'));
  ok(await editLotCommand(target, lot.id, { notes: 'After the demo' }, 'me'));
}

describe('the event log is the whole ledger', () => {
  it('after every kind of command, the events alone give the tables, and Verify ledger finds nothing', async () => {
    await everyKindOfCommand(db);
    const check = await verifyLedger(db);
    expect(check.problems).toEqual([]);
    expect(check.events).toBeGreaterThan(100);
    expect(foldLedger(await readLog(db))).toEqual(await readSnapshot(db));
  });

  it('rebuildFromEvents rewrites every projection and they come out the same', async () => {
    await everyKindOfCommand(db);
    const before = await readSnapshot(db);
    expect(await rebuildFromEvents(db)).toEqual([]);
    expect(await readSnapshot(db)).toEqual(before);
    expect((await verifyLedger(db)).problems).toEqual([]);
    // The rebuilt indexes answer look-ups and guard uniqueness as before.
    expect(await addUnits(db, (await db.lots.toArray())[0]!.id, [bareUnit('SN0003')], 'me')).toMatchObject({ ok: false });
  });

  it('Verify ledger reports a changed table in words, and a rebuild repairs it', async () => {
    await everyKindOfCommand(db);
    const lot = (await db.lots.where('code').equals('MINE-1').first())!;
    await db.lots.put({ ...lot, quantity: lot.quantity + 5 });
    await db.settings.put({ key: 'fiscalYearStart', value: 7 });
    const problems = (await verifyLedger(db)).problems;
    expect(problems).toContain(`Lot MINE-1: quantity is ${lot.quantity + 5} in the tables but ${lot.quantity} in the events.`);
    expect(problems.some((p) => p.startsWith('Team settings: fiscalYearStart is 7 in the tables but 4 in the events'))).toBe(true);
    const repaired = await rebuildFromEvents(db);
    expect(repaired).toHaveLength(2);
    expect((await verifyLedger(db)).problems).toEqual([]);
  });

  it('a rebuild writes only what differs from the events: the unit pages stay when the units and their indexes are whole', async () => {
    await everyKindOfCommand(db);
    const pageIds = async (): Promise<string[]> => (await db.unitPages.toArray()).map((p) => p.id).sort();
    const pagesBefore = await pageIds();
    expect(pagesBefore.length).toBeGreaterThan(0);
    const lot = (await db.lots.where('code').equals('MINE-1').first())!;
    await db.lots.put({ ...lot, notes: 'changed behind the ledger’s back' });
    expect(await rebuildFromEvents(db)).toEqual([expect.objectContaining({ part: 'Lot', what: 'Lot MINE-1' })]);
    expect((await db.lots.get(lot.id))!.notes).toBe(lot.notes);
    // A rewrite lays the units out on new pages (new ids): these are the same pages.
    expect(await pageIds()).toEqual(pagesBefore);
    expect((await verifyLedger(db)).problems).toEqual([]);
  });

  it('a rebuild rewrites the unit pages when a unit differs, or the serial or asset-tag index does not find one', async () => {
    await everyKindOfCommand(db);
    const pageIds = async (): Promise<string[]> => (await db.unitPages.toArray()).map((p) => p.id).sort();
    // The serial index forgets every unit of one bucket: the units themselves are equal.
    const bucket = (await db.serialBuckets.toArray()).find((r) => r.serials !== '')!;
    await db.serialBuckets.delete(bucket.bucket);
    expect((await verifyLedger(db)).problems.some((p) => /the serial index does not find it on its page/u.test(p))).toBe(true);
    let pagesBefore = await pageIds();
    expect(await rebuildFromEvents(db)).toEqual([]);
    expect(await pageIds()).not.toEqual(pagesBefore);
    expect((await verifyLedger(db)).problems).toEqual([]);
    // The asset-tag index loses a tag.
    const tags = (await db.assetTagBuckets.toArray()).find((r) => r.tags.length > 0)!;
    await db.assetTagBuckets.put({ ...tags, tags: tags.tags.slice(1), serials: tags.serials.slice(1) });
    pagesBefore = await pageIds();
    expect(await rebuildFromEvents(db)).toEqual([]);
    expect(await pageIds()).not.toEqual(pagesBefore);
    expect((await verifyLedger(db)).problems).toEqual([]);
    // A unit on two pages.
    const pages = await db.unitPages.toArray();
    await db.unitPages.put({ ...pages[0]!, id: crypto.randomUUID() });
    expect((await verifyLedger(db)).problems.some((p) => /is on two unit pages/u.test(p))).toBe(true);
    await rebuildFromEvents(db);
    expect((await verifyLedger(db)).problems).toEqual([]);
    expect(await db.unitPages.count()).toBe(pages.length);
  });

  it('finds a record\'s history through the index, across many blocks; a damaged index is reported and rebuilt', async () => {
    const model = ok(await saveModelCommand(db, MODEL_DRAFT, null, 'me'));
    const site = ok(await saveSiteCommand(db, { code: 'OSL1', name: 'Oslo', energyPricePerMwh: null, currency: 'USD', pue: null, notes: '', demo: false }, null, 'me'));
    for (let i = 0; i < 120; i++) {
      ok(await saveModelCommand(db, { ...model, notes: `pass ${i} ${'x'.repeat(3000)}` }, model.id, 'me'));
      if (i % 40 === 0) ok(await saveSiteCommand(db, { ...site, notes: `visit ${i}` }, site.id, 'me'));
    }
    expect(await db.logBlocks.count()).toBeGreaterThan(1);
    const log = await readLog(db);
    for (const id of [model.id, site.id]) expect(await entityEvents(db, id)).toEqual(log.filter((e) => e.lotId === id));
    expect((await entityEvents(db, site.id)).length).toBe(4);
    // Damage the index: the model's first block is forgotten.
    const bucket = (await db.entityBlocks.toArray()).find((r) => Object.hasOwn(r.blocks, model.id))!;
    await db.transaction('rw', db.entityBlocks, () => db.entityBlocks.put({ ...bucket, blocks: { ...bucket.blocks, [model.id]: bucket.blocks[model.id]!.slice(1) } }));
    expect((await verifyLedger(db)).problems).toEqual([expect.stringMatching(/^The history index of .{8} does not list exactly the \d+ log blocks that hold its events\.$/u)]);
    await rebuildFromEvents(db);
    expect((await verifyLedger(db)).problems).toEqual([]);
    expect(await entityEvents(db, model.id)).toEqual(log.filter((e) => e.lotId === model.id));
  });

  it('refuses to rebuild while a log block cannot be read, and changes nothing', async () => {
    await everyKindOfCommand(db);
    const before = await readSnapshot(db);
    const counters = await db.eventSeqs.toArray();
    const blocks = await db.logBlocks.toArray();
    const damaged = blocks[blocks.length - 1]!;
    // The open block's text, cut mid-line (as a torn write would leave it).
    await db.transaction('rw', db.logBlocks, () => db.logBlocks.put({ ...damaged, text: damaged.text!.slice(0, 40) }));
    expect((await verifyLedger(db)).problems.some((p) => /^Log block \d+ \(from .+\) cannot be read/u.test(p))).toBe(true);
    await expect(rebuildFromEvents(db)).rejects.toThrow(/^Log block \d+ \(from .+\) cannot be read \(.+\)\. Rebuilding without its events would drop what they made from the tables, so nothing was rebuilt\./u);
    expect(await readSnapshot(db)).toEqual(before);
    expect(await db.eventSeqs.toArray()).toEqual(counters);
  });

  it('a missing event is reported with its device', async () => {
    await everyKindOfCommand(db);
    const events = await readLog(db);
    const some = events[10]!;
    // The log without that event, in blocks as the app stores them.
    await db.transaction('rw', db.logBlocks, async () => {
      await db.logBlocks.clear();
      await db.logBlocks.bulkAdd(blocksOf(events.filter((e) => e.id !== some.id)).map((d, i) => sealedBlock(d, i + 1)));
    });
    const problems = (await verifyLedger(db)).problems;
    expect(problems.some((p) => /1 of its events 1–\d+ are missing from the log/u.test(p))).toBe(true);
  });

  // Random command sequences: whatever is done, the tables equal the fold of the events.
  it('random command sequences leave tables equal to the events (property)', async () => {
    const statuses: LotStatus[] = ['received', 'staged', 'in-service', 'spare', 'rma', 'refresh-candidate', 'draining'];
    const command = fc.oneof(
      fc.record({ kind: fc.constant('create' as const), quantity: fc.integer({ min: 1, max: 12 }) }),
      fc.record({ kind: fc.constant('edit' as const), lot: fc.nat(), notes: fc.string({ maxLength: 8 }) }),
      fc.record({ kind: fc.constant('move' as const), lot: fc.nat(), to: fc.constantFrom(...statuses), share: fc.double({ min: 0.1, max: 1, noNaN: true }) }),
      fc.record({ kind: fc.constant('units' as const), lot: fc.nat(), count: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ kind: fc.constant('unitEdit' as const), unit: fc.nat(), rack: fc.constantFrom('A01', 'B02', '') }),
      fc.record({ kind: fc.constant('price' as const), price: fc.integer({ min: 1, max: 9_000_000 }) }),
      fc.record({ kind: fc.constant('setting' as const), month: fc.integer({ min: 1, max: 12 }) }),
      fc.record({ kind: fc.constant('model' as const), notes: fc.string({ maxLength: 8 }) }),
      // Utilisation: months set, changed and removed (the event names only the months it changes).
      fc.record({ kind: fc.constant('redate' as const), lot: fc.nat(), date: fc.constantFrom('2025-08-15', '2025-09-02', '2025-10-01') }),
      fc.record({ kind: fc.constant('utilisation' as const), lot: fc.nat(), month: fc.constantFrom('2026-09', '2026-10', '2026-11'), percent: fc.option(fc.integer({ min: 0, max: 100 })) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 12 }), async (commands) => {
        const target = await newDb('ledger-prop');
        const model = ok(await saveModelCommand(target, MODEL_DRAFT, null, 'me'));
        let serial = 0;
        let code = 0;
        for (const c of commands) {
          const lots = await target.lots.toArray();
          const pick = (n: number) => lots[n % Math.max(1, lots.length)];
          switch (c.kind) {
            case 'create':
              await createLotCommand(target, lotDraft(model.id, `P-${code++}`, { quantity: c.quantity }), 'me');
              break;
            case 'edit': {
              const l = pick(c.lot);
              if (l) await editLotCommand(target, l.id, { notes: c.notes }, 'me');
              break;
            }
            case 'move': {
              const l = pick(c.lot);
              if (l) await moveLotCommand(target, l.id, { to: c.to, quantity: Math.max(1, Math.round(l.quantity * c.share)), date: '2025-09-01', siteId: null }, 'me');
              break;
            }
            case 'units': {
              const l = pick(c.lot);
              if (l) await addUnits(target, l.id, Array.from({ length: c.count }, () => bareUnit(`SN${String(serial++).padStart(5, '0')}`)), 'me');
              break;
            }
            case 'unitEdit':
              if (serial > 0) await editUnits(target, [{ serial: `SN${String(c.unit % serial).padStart(5, '0')}`, patch: { rack: c.rack } }], 'me');
              break;
            case 'price':
              await addObservation(target, { modelId: model.id, date: '2026-01-01', unitPrice: c.price, currency: 'USD', condition: 'used', quantity: 1, source: 'Broker', note: '' }, 'me', '2026-11-29');
              break;
            case 'setting':
              await target.setSetting('fiscalYearStart', c.month);
              break;
            case 'model':
              await saveModelCommand(target, { ...MODEL_DRAFT, notes: c.notes }, model.id, 'me');
              break;
            case 'redate': {
              const l = pick(c.lot);
              if (l) await correctMoveDateCommand(target, l.id, c.date, 'me');
              break;
            }
            case 'utilisation': {
              const l = pick(c.lot);
              if (!l) break;
              const next = { ...(l.utilisation ?? {}) };
              if (c.percent === null) delete next[c.month];
              else next[c.month] = c.percent;
              await editLotCommand(target, l.id, { utilisation: next }, 'me');
              break;
            }
            default: {
              const never: never = c;
              throw new Error(String(never));
            }
          }
        }
        expect(foldLedger(await readLog(target))).toEqual(await readSnapshot(target));
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});

/** A worker stand-in that runs `meanwhile` (once per worker) before it answers: what a page does while the worker inflates. */
function workerDoingMeanwhile(meanwhile: (n: number) => Promise<void>): () => Worker {
  let n = 0;
  return () => {
    const run = ++n;
    const worker = {
      onmessage: null as ((e: MessageEvent<InflateReply>) => void) | null,
      onerror: null,
      onmessageerror: null,
      terminate() {},
      postMessage(request: InflateRequest) {
        void meanwhile(run).then(() => answerInflateRequest(request, (reply) => setTimeout(() => worker.onmessage?.({ data: reply } as MessageEvent<InflateReply>))));
      },
    };
    return worker as unknown as Worker;
  };
}

describe('rebuild while changes come in', () => {
  afterEach(() => setCodecWorker(null));

  async function sealedLog(): Promise<{ modelId: string }> {
    const model = ok(await saveModelCommand(db, MODEL_DRAFT, null, 'me'));
    for (let i = 0; i < 260; i++) ok(await saveModelCommand(db, { ...model, notes: `pass ${i} ${'x'.repeat(1000)}` }, model.id, 'me'));
    expect((await db.logBlocks.toArray()).some((b) => b.gz !== undefined)).toBe(true);
    return { modelId: model.id };
  }

  it('folds again when an event came in while it folded, and keeps that event\'s change', async () => {
    const { modelId } = await sealedLog();
    setCodecWorker(workerDoingMeanwhile(async (run) => {
      if (run === 1) ok(await saveModelCommand(db, { ...(await db.models.get(modelId))!, notes: 'Changed during the rebuild' }, modelId, 'me'));
    }));
    expect(await rebuildFromEvents(db)).toEqual([]);
    expect((await db.models.get(modelId))?.notes).toBe('Changed during the rebuild');
    expect((await verifyLedger(db)).problems).toEqual([]);
  });

  it('gives up, rewriting nothing, when the ledger keeps changing', async () => {
    const { modelId } = await sealedLog();
    // A table damaged on purpose: a rebuild that wrote anything would repair it.
    await db.models.update(modelId, { notes: 'damaged' });
    setCodecWorker(workerDoingMeanwhile(async (run) => {
      await db.transaction('rw', [db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger], async () => {
        const row = (await db.ledger.get(LEDGER_ROW_KEY))!;
        await db.ledger.put({ ...row, clock: `${row.clock}-${run}` as typeof row.clock });
      });
    }));
    await expect(rebuildFromEvents(db)).rejects.toThrow('The ledger changed 3 times while it was being rebuilt, so nothing was rewritten.');
    expect((await db.models.get(modelId))?.notes).toBe('damaged');
  });
});

describe('backups', () => {
  it('back up → restore into an empty profile → back up again gives a byte-identical body', async () => {
    await everyKindOfCommand(db);
    const first = await createBackup(db, '2026-12-05T10:00:00.000Z');
    expect(first.header).toMatchObject({ format: 'fleetledger-backup', formatVersion: 2, ledgerName: 'Acme GPU fleet' });
    expect(first.header.counts.units).toBe(4);
    const read = ok(await readBackupFile(first.bytes));
    const empty = await newDb('restore-target');
    const row = await restoreBackup(empty, read);
    expect(row.ledgerId).toBe(first.header.ledgerId);
    const second = await createBackup(empty, '2026-12-06T10:00:00.000Z');
    expect(second.body).toEqual(first.body);
    expect(second.header.bodySha256).toBe(first.header.bodySha256);
    expect(await readSnapshot(empty)).toEqual(await readSnapshot(db));
    expect((await verifyLedger(empty)).problems).toEqual([]);
    // The restored ledger takes new work: the next event continues the device's own counter.
    const lot = (await empty.lots.where('code').equals('MINE-1').first())!;
    ok(await editLotCommand(empty, lot.id, { notes: 'On the new laptop' }, 'me'));
    expect((await verifyLedger(empty)).problems).toEqual([]);
  });

  it('keeps the sealed blocks byte for byte, across several blocks', async () => {
    const model = ok(await saveModelCommand(db, MODEL_DRAFT, null, 'me'));
    // More than one block's worth of events, in transactions of a few each.
    for (let i = 0; i < 260; i++) ok(await saveModelCommand(db, { ...model, notes: `pass ${i} ${'x'.repeat(1000)}` }, model.id, 'me'));
    const blocks = await db.logBlocks.toArray();
    expect(blocks.length).toBeGreaterThan(1);
    expect(blocks.slice(0, -1).every((b) => b.gz !== undefined)).toBe(true);
    const backup = await createBackup(db);
    expect(backup.header.eventBlocks).toHaveLength(blocks.length);
    const empty = await newDb('blocks-target');
    await restoreBackup(empty, ok(await readBackupFile(backup.bytes)));
    const restored = await empty.logBlocks.toArray();
    expect(restored.slice(0, -1).map((b) => b.gz)).toEqual(blocks.slice(0, -1).map((b) => b.gz));
    expect((await createBackup(empty)).body).toEqual(backup.body);
    expect((await verifyLedger(empty)).problems).toEqual([]);
  });

  it('tells how far reading a backup, verifying and rebuilding have got, step by step and block by block', async () => {
    const model = ok(await saveModelCommand(db, MODEL_DRAFT, null, 'me'));
    for (let i = 0; i < 260; i++) ok(await saveModelCommand(db, { ...model, notes: `pass ${i} ${'x'.repeat(1000)}` }, model.id, 'me'));
    const blocks = await db.logBlocks.count();
    expect(blocks).toBeGreaterThan(1);
    const told: string[] = [];
    const report: WorkReport = { step: (label) => void told.push(label), progress: (done, total) => void told.push(`${done}/${total}`) };
    const backup = await createBackup(db);
    ok(await readBackupFile(backup.bytes, report));
    // Every event block and the snapshot, in order, between the two steps.
    const members = backup.header.eventBlocks!.length + 1;
    expect(told).toEqual(['Checking the backup', ...Array.from({ length: members }, (_, i) => `${i + 1}/${members}`), 'Checking that its events rebuild its snapshot']);
    told.length = 0;
    expect((await verifyLedger(db, report)).problems).toEqual([]);
    expect(told).toEqual(['Reading the ledger’s log', ...Array.from({ length: blocks }, (_, i) => `${i + 1}/${blocks}`), 'Comparing what is stored with what the events make']);
    told.length = 0;
    expect(await rebuildFromEvents(db, report)).toEqual([]);
    expect(told).toEqual(['Reading the ledger’s log', ...Array.from({ length: blocks }, (_, i) => `${i + 1}/${blocks}`), 'Rebuilding the ledger from its events']);
  });

  it('is one gzip stream: the header stored as text first, then the events and the snapshot (zcat reads it)', async () => {
    await everyKindOfCommand(db);
    const backup = await createBackup(db);
    expect([backup.bytes[0], backup.bytes[1]]).toEqual([0x1f, 0x8b]);
    const stored = readStoredGzipMember(backup.bytes)!;
    expect(JSON.parse(new TextDecoder().decode(stored.content))).toEqual(backup.header);
    // The header is readable in the file's first bytes, uncompressed.
    expect(new TextDecoder().decode(backup.bytes.subarray(0, stored.end))).toContain('"format":"fleetledger-backup"');
    const text = gunzipSync(backup.bytes).toString('utf8');
    const lines = text.split('\n');
    expect(JSON.parse(lines[0]!)).toEqual(backup.header);
    expect(lines[1]).toMatch(/^\{"event":\{/u);
    expect(lines.filter((l) => l.startsWith('{"event":')).length).toBe(backup.header.counts.events);
    expect(lines.at(-2)).toMatch(/^\{"settings":/u);
  });

  async function refused(bytes: Uint8Array): Promise<string> {
    const before = await readSnapshot(db);
    const r = await readBackupFile(bytes);
    expect(r.ok).toBe(false);
    expect(await readSnapshot(db)).toEqual(before);
    return r.ok ? '' : r.error;
  }

  /** A format-2 file from a header and body members (the header as given: its checksum may be stale on purpose). */
  function assemble(header: Record<string, unknown>, members: readonly Uint8Array[]): Uint8Array {
    const parts = [storedGzipMember(new TextEncoder().encode(`${JSON.stringify(header)}\n`)), ...members];
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  /** The members of a format-2 backup's body: its event blocks, then its snapshot. */
  function membersOf(backup: Backup): { blocks: Uint8Array[]; snapshot: Uint8Array } {
    const blocks: Uint8Array[] = [];
    let at = 0;
    for (const size of backup.header.eventBlocks!) {
      blocks.push(backup.body.subarray(at, at + size));
      at += size;
    }
    return { blocks, snapshot: backup.body.subarray(at) };
  }

  it('refuses a damaged, truncated, foreign or newer backup with the reason, changing nothing', async () => {
    await everyKindOfCommand(db);
    const backup = await createBackup(db);
    const header = backup.header as unknown as Record<string, unknown>;
    const { blocks, snapshot } = membersOf(backup);

    // One flipped byte in the compressed body, and one in the header.
    const flipped = backup.bytes.slice();
    const at = flipped.length - Math.floor(backup.body.length / 2);
    flipped[at] = (flipped[at] as number) ^ 0x01;
    expect(await refused(flipped)).toMatch(/damaged: its contents do not match the checksum/u);
    const flippedHeader = backup.bytes.slice();
    flippedHeader[40] = (flippedHeader[40] as number) ^ 0x01;
    expect(await refused(flippedHeader)).toMatch(/damaged|not a Fleetledger backup/u);

    // One changed character in the events (the block recompressed): the checksum catches it.
    const text = gunzipText(blocks[0]!);
    const i = text.indexOf('"quantity":') + 11;
    const changed = `${text.slice(0, i)}${text[i] === '1' ? '2' : '1'}${text.slice(i + 1)}`;
    const sizes = [gzipText(changed).length, ...blocks.slice(1).map((b) => b.length)];
    const bodyBytes = sizes.reduce((a, b) => a + b, snapshot.length);
    expect(await refused(assemble({ ...header, eventBlocks: sizes, bodyBytes }, [gzipText(changed), ...blocks.slice(1), snapshot]))).toMatch(/damaged: its contents do not match the checksum/u);

    // Something appended.
    expect(await refused(assemble(header, [backup.body, new Uint8Array([1, 2, 3])]))).toMatch(/damaged: it has 3 bytes more than its header says/u);

    // Cut short, at several places.
    for (const share of [0.2, 0.6, 0.99]) expect(await refused(backup.bytes.slice(0, Math.floor(backup.bytes.length * share)))).toMatch(/damaged: it ends early \(the file was cut short\)/u);
    expect(await refused(backup.bytes.slice(0, 30))).toMatch(/damaged|not a Fleetledger backup/u);

    // Not a backup at all.
    expect(await refused(new TextEncoder().encode('lot_code,model\nA-1,R760\n'))).toMatch(/not a Fleetledger backup/u);

    // Its text (as zcat prints it), and that text compressed again: each named for what it is.
    const whole = gunzipSync(backup.bytes).toString('utf8');
    expect(await refused(new TextEncoder().encode(whole))).toMatch(/^This is the text of a backup \(as zcat prints it\)/u);
    expect(await refused(gzipText(whole))).toMatch(/^This backup was decompressed and compressed again/u);

    // A newer format and a newer database version.
    expect(await refused(assemble({ ...header, formatVersion: 3 }, [backup.body]))).toMatch(/newer Fleetledger \(backup format 3/u);
    expect(await refused(assemble({ ...header, schemaVersion: 99 }, [backup.body]))).toMatch(/newer Fleetledger \(database version 99/u);
  });

  it('refuses a backup whose events do not give its snapshot, even with a valid checksum', async () => {
    await everyKindOfCommand(db);
    const backup = await createBackup(db);
    const { blocks, snapshot } = membersOf(backup);
    const forgedText = gunzipText(snapshot).replace(/("lot":\{[^\n]*?"notes":")After the demo"/u, '$1Forged"');
    const forged = gzipText(forgedText);
    const body = new Uint8Array([...blocks.flatMap((b) => [...b]), ...forged]);
    const header = { ...(backup.header as unknown as Record<string, unknown>), bodySha256: await sha256Bytes(body), bodyBytes: body.length };
    expect(await refused(assemble(header, [body]))).toMatch(/does not agree with itself.*Lot MINE-1: notes/u);
  });

  it('refuses a backup whose events cannot be applied, naming the event, instead of throwing', async () => {
    await everyKindOfCommand(db);
    const backup = await createBackup(db);
    const { blocks, snapshot } = membersOf(backup);
    // A units-received event whose units are not units (a file written by another program, its checksum made anew).
    let forgedId = '';
    const forgedBlocks = blocks.map((b) => {
      const lines = gunzipText(b).split('\n');
      const text = lines
        .map((line) => {
          if (forgedId !== '' || !line.includes('"type":"units-received"')) return line;
          const e = (JSON.parse(line) as { event: LotEvent }).event;
          forgedId = e.id;
          return eventLine({ ...e, units: 123 } as unknown as LotEvent).slice(0, -1);
        })
        .join('\n');
      return gzipText(text);
    });
    expect(forgedId).not.toBe('');
    const body = new Uint8Array([...forgedBlocks.flatMap((b) => [...b]), ...snapshot]);
    const header = { ...(backup.header as unknown as Record<string, unknown>), eventBlocks: forgedBlocks.map((b) => b.length), bodySha256: await sha256Bytes(body), bodyBytes: body.length };
    const error = await refused(assemble(header, [body]));
    expect(error).toContain(`event ${forgedId}`);
    expect(error).toMatch(/^Line \d+ of the backup/u);
  });

  it('reads and restores a format-1 backup, as the first release wrote them', async () => {
    await everyKindOfCommand(db);
    const events = await readLog(db);
    const snapshot = await readSnapshot(db);
    const row = (await db.ledger.get(LEDGER_ROW_KEY))!;
    const v1 = await encodeBackupTextV1({ ledgerId: row.ledgerId, ledgerName: 'Acme GPU fleet', schemaVersion: 6, createdAt: '2026-12-01T10:00:00.000Z' }, events, snapshot, sha256Hex);
    const contents = ok(await readBackupFile(await gzip(v1.text)));
    expect(contents.header.formatVersion).toBe(1);
    expect(contents.blocks).toBeNull();
    const empty = await newDb('v1-target');
    await restoreBackup(empty, contents);
    expect(await readSnapshot(empty)).toEqual(snapshot);
    expect(await readLog(empty)).toEqual(events);
    expect((await verifyLedger(empty)).problems).toEqual([]);
    // A damaged format-1 file is refused as before.
    const flipped = `${v1.text.slice(0, -20)}X${v1.text.slice(-19)}`;
    expect(await refused(await gzip(flipped))).toMatch(/damaged: its contents do not match the checksum/u);
  });

  it('a backup made before version 11 whose events lack the fields upgrades 2 and 4 added is verified from its snapshot, restored, and the fields recorded', async () => {
    await everyKindOfCommand(db);
    // As a ledger started at version 1 logged them: its records' created events without the fields the upgrades added.
    const added: Record<string, readonly string[]> = { lot: ['book', 'tax', 'adjustments', 'depreciationChain'], model: ['performance', 'serialPattern'] };
    const events = (await readLog(db)).map((e) => {
      const fields = added[e.entity];
      if (e.type !== 'created' || fields === undefined) return e;
      const after = { ...(e.after as Record<string, unknown>) };
      for (const f of fields) delete after[f];
      return { ...e, after } as LotEvent;
    });
    const snapshot = await readSnapshot(db);
    const row = (await db.ledger.get(LEDGER_ROW_KEY))!;
    const made = (schemaVersion: number) => encodeBackupTextV1({ ledgerId: row.ledgerId, ledgerName: 'Acme GPU fleet', schemaVersion, createdAt: '2026-12-01T10:00:00.000Z' }, events, snapshot, sha256Hex);
    // Written by version 11 or later, such a file does not agree with itself: its events are to hold the fields.
    expect(await refused(await gzip((await made(11)).text))).toMatch(/^The backup does not agree with itself/u);
    const contents = ok(await readBackupFile(await gzip((await made(10)).text)));
    const empty = await newDb('pre-11-target');
    await restoreBackup(empty, contents);
    expect((await verifyLedger(empty)).problems).toEqual([]);
    const restored = await readSnapshot(empty);
    expect(restored.lots).toEqual(snapshot.lots);
    expect(restored.models.map(({ updatedAt: _, ...m }) => m)).toEqual(snapshot.models.map(({ updatedAt: _, ...m }) => m));
    const recorded = (await readLog(empty)).slice(events.length);
    expect(recorded.length).toBeGreaterThan(0);
    expect(recorded.every((e) => e.type === 'edited' && e.actor === 'Fleetledger')).toBe(true);
    expect(new Set(recorded.map((e) => e.lotId)).size).toBe(recorded.length);
    // Its own backup now holds them in its events.
    expect((await readBackupFile((await createBackup(empty)).bytes)).ok).toBe(true);
  });

  it('restoring an older backup gives the device a new id, so it never reuses an event id', async () => {
    const model = ok(await saveModelCommand(db, MODEL_DRAFT, null, 'me'));
    const old = ok(await readBackupFile((await createBackup(db)).bytes));
    ok(await saveModelCommand(db, { ...model, notes: 'later' }, model.id, 'me'));
    const before = (await db.ledger.get(LEDGER_ROW_KEY))!;
    const after = await restoreBackup(db, old);
    expect(after.deviceId).not.toBe(before.deviceId);
    expect(after.heads).toEqual({ [before.deviceId]: 1 });
    ok(await saveModelCommand(db, { ...model, notes: 'again' }, model.id, 'me'));
    expect((await verifyLedger(db)).problems).toEqual([]);
  });
});
