/**
 * The per-entity seq counters (`eventSeqs`, renderer/db/eventLog.ts) must never drift from the
 * log: every writer goes through `appendEvents`. These tests fail when one does not, either by
 * reading the source (a direct write to `events`) or by running every kind of command and
 * comparing the counters with the log.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveModelCommand, saveSiteCommand } from '../../../renderer/db/catalogCommands';
import { FleetDb } from '../../../renderer/db/database';
import { clearDemoFleet, seedDemoFleet } from '../../../renderer/db/demo';
import { readLog, appendEvents, countersFromKeys, EVENT_SEQ_BUCKETS, eventSeqBucket, lastSeq, lastSeqs } from '../../../renderer/db/eventLog';
import { importLotsCommand } from '../../../renderer/db/importLots';
import { adjustLotCommand, changeContext, createLotCommand, editLotCommand, lotEvents, moveLotCommand } from '../../../renderer/db/lotCommands';
import { addObservation, importObservations } from '../../../renderer/db/market';
import { editUnits } from '../../../renderer/db/unitEdits';
import { addUnits, moveLotWithUnits, recordSanitisation } from '../../../renderer/db/units';
import { copyTemplate, DEFAULT_CATEGORY_POLICIES } from '../../../shared/depreciation/policies';
import type { LotEvent } from '../../../shared/events';
import type { Lot } from '../../../shared/lot';
import { parseLotCsv } from '../../../shared/lotCsv';
import { replayLot, type LotDraft } from '../../../shared/lotChanges';
import { parseMarketCsv } from '../../../shared/marketCsv';
import { bareUnit, type SanitisationRecord } from '../../../shared/units';
import { uniqueDbName } from './migrationHarness';

let db: FleetDb;

beforeEach(async () => {
  db = new FleetDb(uniqueDbName('event-log'));
  await db.open();
});

afterEach(async () => {
  db.close();
  await db.delete();
});

/** What the counters must say: each entity's highest seq, from the log itself. */
async function countersOfLog(): Promise<Map<string, number>> {
  const keys = (await readLog(db)).map((e) => [e.lotId, e.seq] as const);
  return new Map(countersFromKeys(keys).flatMap((row) => Object.entries(row.last)));
}

async function storedCounters(): Promise<Map<string, number>> {
  return new Map((await db.eventSeqs.toArray()).flatMap((row) => Object.entries(row.last)));
}

/**
 * Counters equal the log, and every entity's seqs are exactly 1, 2, … n (`gapless`; clearing the
 * demo fleet deletes demo prices' events from models that stay, so there only: no seq twice).
 */
async function expectCountersMatchLog(gapless = true): Promise<void> {
  expect(await storedCounters()).toEqual(await countersOfLog());
  const seqs = new Map<string, number[]>();
  for (const e of await readLog(db)) seqs.set(e.lotId, [...(seqs.get(e.lotId) ?? []), e.seq]);
  for (const [id, list] of seqs) {
    list.sort((a, b) => a - b);
    if (gapless) expect([id, list]).toEqual([id, list.map((_s, i) => i + 1)]);
    else expect([id, [...new Set(list)]]).toEqual([id, list]);
  }
}

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

function ok<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

describe('event writers', () => {
  it('write to the log only through appendEvents (renderer/db/eventLog.ts)', () => {
    const root = join(__dirname, '../../../renderer');
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/u.test(name)) files.push(path);
      }
    };
    walk(root);
    const direct = /\.(events|logBlocks)\s*\.\s*(add|bulkAdd|put|bulkPut)\s*\(|table\(\s*['"](events|logBlocks)['"]\s*\)\s*\.\s*(add|bulkAdd|put|bulkPut)\s*\(/u;
    const offenders = files
      // The log itself, and the schema upgrades that gave existing events their ids (version 6) and blocks (version 7).
      .filter((f) => !f.endsWith(join('db', 'eventLog.ts')) && !f.endsWith(join('db', 'schema.ts')))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .map((line, i) => [line, i] as const)
          .filter(([line]) => direct.test(line))
          .map(([line, i]) => `${relative(root, f)}:${i + 1}: ${line.trim()}`),
      );
    expect(offenders, 'write events with appendEvents(db, events) so the seq counters stay right').toEqual([]);
  });

  it('keep the counters equal to the log through every kind of command', async () => {
    const ctx = changeContext('demo');
    await seedDemoFleet(db, '2026-11-29', ctx);
    await expectCountersMatchLog();

    const model = ok(
      await saveModelCommand(
        db,
        {
          manufacturer: 'Supermicro', name: 'SYS-821GE', category: 'gpu-server', powerWatts: 10200, rackUnits: 8, listPrice: 29_500_000, currency: 'USD',
          releaseDate: '2023-03-01', endOfSale: null, endOfSupport: null, successorId: null, performance: null, serialPattern: '', storageBearing: true, notes: '', demo: false,
        },
        null,
        'me',
      ),
    );
    ok(await saveModelCommand(db, { ...model, notes: 'Edited' }, model.id, 'me'));
    const site = ok(await saveSiteCommand(db, { code: 'OSL1', name: 'Oslo', energyPricePerMwh: null, currency: 'USD', pue: null, notes: '', demo: false }, null, 'me'));
    ok(await saveSiteCommand(db, { ...site, name: 'Oslo 1' }, site.id, 'me'));

    const lot = ok(await createLotCommand(db, lotDraft(model.id, 'MINE-1', { siteId: site.id }), 'me'));
    ok(await editLotCommand(db, lot.id, { notes: 'Edited' }, 'me'));
    ok(await adjustLotCommand(db, lot.id, { book: 'book', change: { type: 'impairment', date: '2025-06-30', amount: 100_000 }, note: 'Dent' }, 'me', 1));
    const split = ok(await moveLotCommand(db, lot.id, { to: 'spare', quantity: 2, date: '2025-07-01' }, 'me'));

    ok(await addObservation(db, { modelId: model.id, date: '2026-11-01', unitPrice: 4_200_000, currency: 'USD', condition: 'used', quantity: 2, source: 'Broker', note: '' }, 'me', '2026-11-29'));
    const market = parseMarketCsv('manufacturer,model,date,unit_price,currency,condition,quantity,source\nSupermicro,SYS-821GE,2026-06-30,20000.00,USD,used,1,Broker B\nSupermicro,SYS-821GE,2026-07-30,19000.00,USD,used,1,Broker B', { asOf: '2026-11-29' });
    if (!market.ok) throw new Error(JSON.stringify(market.errors));
    ok(await importObservations(db, market.rows, 'me', 'prices.csv', '2026-11-29'));

    const lots = parseLotCsv(
      'lot_code,manufacturer,model,category,quantity,unit_cost,currency,purchase_date,status,site,in_service_date,po_number\nA-1,Dell,R760,cpu-server,4,100.00,USD,2025-01-01,in-service,FRA9,2025-02-01,PO-1\n',
      { existingCodes: new Set() },
    );
    if (!lots.ok) throw new Error(JSON.stringify(lots.errors));
    ok(await importLotsCommand(db, lots.rows, 'me', 'lots.csv'));

    const remainder = split.remainder as Lot;
    ok(await addUnits(db, remainder.id, ['SN0001', 'SN0002', 'SN0003', 'SN0004'].map(bareUnit), 'me'));
    ok(await addUnits(db, remainder.id, [bareUnit('SN0005')], 'me'));
    ok(await recordSanitisation(db, ['SN0001'], RECORD, 'me', '2026-05-02'));
    ok(await editUnits(db, [{ serial: 'SN0002', patch: { room: 'Hall 1', rack: 'B07', u: 10 } }], 'me'));
    ok(await moveLotWithUnits(db, remainder.id, { to: 'rma', quantity: 2, date: '2025-08-01' }, ['SN0001', 'SN0002'], 'me'));
    await expectCountersMatchLog();

    await clearDemoFleet(db, changeContext('me'));
    await expectCountersMatchLog(false);
    // Writers carry on from the resynced counters.
    ok(await saveModelCommand(db, { ...model, notes: 'After the demo' }, model.id, 'me'));
    ok(await editLotCommand(db, lot.id, { notes: 'After the demo' }, 'me'));
    await expectCountersMatchLog(false);
    for (const l of await db.lots.toArray()) expect(replayLot(await lotEvents(db, l.id))).toEqual(l);
  });
});

describe('appendEvents', () => {
  const event = (lotId: string, seq: number): LotEvent => ({
    id: `${lotId}-e${seq}`, hlc: '', entity: 'lot', lotId, seq, at: '2026-01-01T00:00:00.000Z', date: null, actor: 't', type: 'edited',
    from: null, to: null, quantity: null, before: null, after: {}, relatedLotId: null, note: '',
  });

  it('advances the counters and reads back what it wrote inside the same transaction', async () => {
    await db.transaction('rw', db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger, async () => {
      await appendEvents(db, [event('a', 1), event('b', 1), event('a', 2)]);
      expect(await lastSeqs(db, ['a', 'b', 'c'])).toEqual(new Map([['a', 2], ['b', 1], ['c', 0]]));
      await appendEvents(db, [event('a', 3)]);
    });
    expect(await lastSeq(db, 'a')).toBe(3);
    await expectCountersMatchLog();
  });

  it('refuses seqs that do not continue the log, and the transaction writes nothing', async () => {
    await db.transaction('rw', db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger, () => appendEvents(db, [event('a', 1)]));
    for (const bad of [[event('a', 1)], [event('a', 3)], [event('a', 2), event('a', 2)], [event('b', 2)]]) {
      await expect(db.transaction('rw', db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger, () => appendEvents(db, bad))).rejects.toThrow(/stale or missing lastSeq/u);
    }
    expect((await readLog(db)).length).toBe(1);
    await expectCountersMatchLog();
  });

  it('hashes ids into a fixed, stable set of buckets', () => {
    expect(eventSeqBucket('4d5e6f7a-8b9c-4d0e-9f2a-3b4c5d6e7f80')).toBe(eventSeqBucket('4d5e6f7a-8b9c-4d0e-9f2a-3b4c5d6e7f80'));
    for (let i = 0; i < 200; i++) {
      const b = eventSeqBucket(crypto.randomUUID());
      expect(b >= 0 && b < EVENT_SEQ_BUCKETS && Number.isInteger(b)).toBe(true);
    }
  });
});
