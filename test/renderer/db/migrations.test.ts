/**
 * Every shipped schema version is opened, filled and reopened by the current build.
 *
 * Adding version 2 (say, units grouped per lot, or a new index on lots):
 * 1. In renderer/db/schema.ts append `{ version: 2, stores: { …changed tables… }, upgrade }`.
 *    Never touch the version 1 entry.
 * 2. Here, add `describe('from version 1 to 2')` that calls `migrateFrom(name, 1, V1_FIXTURE)`
 *    (or openAtVersion → fill → reopenCurrent) and asserts what the upgrade promised: rows
 *    reshaped, new fields defaulted, new indexes answering `where(…)`, nothing lost (counts).
 * 3. Keep the version 1 tests: they now check that v1 data still opens after two upgrades.
 *    Add a `V2_FIXTURE` in version 2's shape (plain literals, never typed with today's
 *    domain types) and a `from version 2` block, for the day version 3 ships.
 */
import type { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, FleetDb } from '../../../renderer/db/database';
import { CURRENT_SCHEMA_VERSION, SCHEMA_VERSIONS, type SchemaVersion } from '../../../renderer/db/schema';
import { dropDb, fill, migrateFrom, openAtVersion, reopenCurrent, uniqueDbName, type Fixture } from './migrationHarness';
import { addUnits, findUnit } from '../../../renderer/db/units';
import { entityEvents, readLog, eventSeqBucket, lastSeqs, LEDGER_ROW_KEY } from '../../../renderer/db/eventLog';
import { parseEventId, parseHlc } from '../../../shared/ledger/clock';
import { TEAM_SETTINGS_ENTITY_ID } from '../../../shared/ledger/teamSettings';
import { bareUnit, packUnits } from '../../../shared/units';
import type { LotEvent } from '../../../shared/events';
import type { Lot } from '../../../shared/lot';
import { emptyProjections, foldForward } from '../../../shared/ledger/fold';
import { supplierIdFromName } from '../../../shared/suppliers';
import { adoptSupplierTextsCommand } from '../../../renderer/db/catalogCommands';
import { createBackup, readBackupFile, verifyLedger } from '../../../renderer/db/ledger';

const MODEL_H100 = '8f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const MODEL_R760 = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const SITE_FRA = '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e';
const SITE_LAB = '3c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f';
const LOT_A = '4d5e6f7a-8b9c-4d0e-9f2a-3b4c5d6e7f80';
const LOT_B = '5e6f7a8b-9c0d-4e1f-8a3b-4c5d6e7f8091';
const LOT_C = '6f7a8b9c-0d1e-4f2a-9b4c-5d6e7f8091a2';
const TS = '2026-03-01T09:00:00.000Z';

function lot(id: string, code: string, modelId: string, status: string, extra: object = {}): object {
  return {
    id, code, modelId, quantity: 16, unitCost: 29_500_000, extraCosts: 1_200_000, currency: 'USD',
    purchaseDate: '2025-01-10', receivedDate: '2025-03-01', inServiceDate: '2025-03-20', siteId: SITE_FRA,
    supplier: '', poNumber: 'PO-2025-0042', warrantyEnd: '2028-03-01', salvageValue: 2_000_000,
    powerWatts: null, supportCostPerYear: 650_000, status, disposition: null, disposedDate: null,
    proceeds: null, replacementPlan: '', notes: '', tags: ['training'], parentId: null, demo: false,
    createdAt: TS, updatedAt: TS, ...extra,
  };
}

function event(lotId: string, seq: number, type: string, at: string): object {
  return {
    id: `${lotId.slice(0, -4)}e${String(seq).padStart(3, '0')}`, lotId, seq, at, date: at.slice(0, 10),
    actor: 'Ada', type, from: null, to: 'in-service', quantity: null, before: null, after: { status: 'in-service' },
    relatedLotId: null, note: '',
  };
}

/** The rows version 1 stored, one or more per table. */
const V1_FIXTURE: Fixture = {
  models: [
    {
      id: MODEL_H100, manufacturer: 'Supermicro', name: 'SYS-821GE-TNHR', category: 'gpu-server', powerWatts: 8500,
      rackUnits: 8, listPrice: 29_500_000, currency: 'USD', releaseDate: '2023-03-21', endOfSale: null,
      endOfSupport: null, successorId: null, storageBearing: true, notes: '', demo: false, createdAt: TS, updatedAt: TS,
    },
    {
      id: MODEL_R760, manufacturer: 'Dell', name: 'PowerEdge R760', category: 'cpu-server', powerWatts: 800,
      rackUnits: 2, listPrice: 2_600_000, currency: 'USD', releaseDate: '2023-02-10', endOfSale: null,
      endOfSupport: null, successorId: null, storageBearing: true, notes: '', demo: false, createdAt: TS, updatedAt: TS,
    },
  ],
  sites: [
    { id: SITE_FRA, code: 'FRA1', name: 'Frankfurt', energyPricePerMwh: 19_000, currency: 'USD', pue: 1.35, notes: '', demo: false, createdAt: TS, updatedAt: TS },
    { id: SITE_LAB, code: 'LAB', name: 'Store room', energyPricePerMwh: null, currency: 'USD', pue: null, notes: '', demo: false, createdAt: TS, updatedAt: TS },
  ],
  lots: [
    lot(LOT_A, 'GPU-2025-001', MODEL_H100, 'in-service'),
    lot(LOT_B, 'CPU-2025-001', MODEL_R760, 'in-service', { quantity: 40, unitCost: 2_300_000 }),
    lot(LOT_C, 'GPU-2025-001.1', MODEL_H100, 'spare', { quantity: 2, parentId: LOT_A, siteId: SITE_LAB }),
  ],
  events: [
    event(LOT_A, 1, 'created', '2025-01-10T08:00:00.000Z'),
    event(LOT_A, 2, 'transitioned', '2025-03-20T08:00:00.000Z'),
    event(LOT_A, 3, 'split', '2025-06-02T08:00:00.000Z'),
    event(LOT_B, 1, 'created', '2025-01-11T08:00:00.000Z'),
  ],
  marketObservations: [
    { id: '7a8b9c0d-1e2f-4a3b-8c5d-6e7f8091a2b3', modelId: MODEL_H100, date: '2025-09-01', unitPrice: 21_000_000, currency: 'USD', condition: 'used', quantity: 8, source: 'broker quote', note: '', createdAt: TS },
    { id: '8b9c0d1e-2f3a-4b4c-9d6e-7f8091a2b3c4', modelId: MODEL_H100, date: '2026-02-01', unitPrice: 18_500_000, currency: 'USD', condition: 'refurbished', quantity: 4, source: 'marketplace', note: '', createdAt: TS },
  ],
  settings: [
    { key: 'actorName', value: 'Ada' },
    { key: 'baseCurrency', value: 'EUR' },
    { key: 'fiscalYearStart', value: 4 },
    { key: 'theme', value: 'sepia' },
  ],
};

const V1_TABLES = ['models', 'sites', 'lots', 'events', 'marketObservations', 'settings'];
const V6_TABLES = ['ledger', 'drafts'];

/**
 * Rows a table holds after the upgrade to the current version: the fixture's, and in `events`
 * one more when the fixture's team settings differ from the defaults (version 6 records them
 * as a `settings-changed` event; every fixture here sets baseCurrency EUR and fiscal year 4).
 */
/** Rows of a table of any shipped version in the current database: the events are in the log's blocks since version 7. */
async function rowCount(db: FleetDb, table: string): Promise<number> {
  return table === 'events' ? (await readLog(db)).length : db.table(table).count();
}

function rowsAfterUpgrade(fixture: Fixture, table: string): number | undefined {
  const n = fixture[table]?.length;
  return table === 'events' && n !== undefined ? n + 1 : n;
}

/**
 * What version 6 promised for any older database: every event has an id `<device>:<n>` of
 * this device, numbered 1…n without gaps in clock order, stamps strictly increasing, the
 * team settings event last, and the ledger row says where the device stands.
 */
async function expectLedgerIdentity(db: FleetDb, legacyEvents: number): Promise<void> {
  const row = await db.ledger.get(LEDGER_ROW_KEY);
  expect(row).toBeDefined();
  const events = await readLog(db);
  expect(events).toHaveLength(legacyEvents + 1);
  const counters = events.map((e) => parseEventId(e.id));
  expect(counters.every((c) => c?.device === row?.deviceId)).toBe(true);
  expect(counters.map((c) => c?.counter)).toEqual(events.map((_e, i) => i + 1));
  expect(events.every((e) => parseHlc(e.hlc)?.device === row?.deviceId)).toBe(true);
  expect(row?.heads).toEqual({ [row?.deviceId ?? '']: legacyEvents + 1 });
  expect(row?.clock).toBe(events[events.length - 1]?.hlc);
  const last = events[events.length - 1];
  expect(last).toMatchObject({ entity: 'settings', lotId: TEAM_SETTINGS_ENTITY_ID, type: 'settings-changed', seq: 1, after: { baseCurrency: 'EUR', fiscalYearStart: 4 } });
  // Each entity's events keep their seq order in the clock order.
  const seqs = new Map<string, number[]>();
  for (const e of events) seqs.set(e.lotId, [...(seqs.get(e.lotId) ?? []), e.seq]);
  for (const [id, list] of seqs) expect([id, list]).toEqual([id, [...list].sort((a, b) => a - b)]);
}

const names: string[] = [];
const open: Dexie[] = [];
function track<T extends Dexie>(db: T): T {
  open.push(db);
  return db;
}

afterEach(async () => {
  const dbs = open.splice(0);
  for (const name of names.splice(0)) await dropDb(name, ...dbs);
});

function newName(label: string): string {
  const name = uniqueDbName(label);
  names.push(name);
  return name;
}

describe('SCHEMA_VERSIONS', () => {
  it('is strictly increasing and ends at the current version', () => {
    const versions = SCHEMA_VERSIONS.map((v) => v.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(CURRENT_SCHEMA_VERSION).toBe(versions[versions.length - 1]);
  });

  it('is what FleetDb declares', async () => {
    const db = track(new FleetDb(newName('fresh')));
    await db.open();
    expect(db.verno).toBe(CURRENT_SCHEMA_VERSION);
    // Version 7 moved the events into `logBlocks`; version 8 dropped the `events` table.
    expect(db.tables.map((t) => t.name).sort()).toEqual([...V1_TABLES.filter((t) => t !== 'events'), ...V3_TABLES, ...V5_TABLES, ...V6_TABLES, 'logBlocks', 'entityBlocks', 'suppliers'].sort());
  });
});

describe('from version 1', () => {
  it('keeps every row when the current build opens it', async () => {
    const name = newName('v1-rows');
    const db = track(await migrateFrom(name, 1, V1_FIXTURE));
    expect(db.verno).toBe(CURRENT_SCHEMA_VERSION);
    for (const table of V1_TABLES) {
      expect(await rowCount(db, table), table).toBe(rowsAfterUpgrade(V1_FIXTURE, table));
    }
    await expectLedgerIdentity(db, V1_FIXTURE.events?.length ?? 0);
    // Lots and models keep every v1 field (versions 2 and 4 only add fields; see below).
    expect(await db.lots.get(LOT_C)).toMatchObject(V1_FIXTURE.lots?.[2] ?? {});
    expect(await db.models.get(MODEL_H100)).toEqual({ ...V1_FIXTURE.models?.[0], performance: null, serialPattern: '' });
  });
});

describe('from version 1 to 2 (book and tax depreciation on every lot)', () => {
  it('gives each lot its category’s built-in templates, no adjustments and no split chain', async () => {
    const db = track(await migrateFrom(newName('v1-v2'), 1, V1_FIXTURE));
    const gpu = await db.lots.get(LOT_A);
    const cpu = await db.lots.get(LOT_B);
    expect(gpu).toMatchObject({
      book: { policy: { method: 'straight-line', lifeMonths: 60, convention: 'full-month' }, salvage: { kind: 'percent-of-cost', basisPoints: 1000 } },
      tax: { policy: { method: 'macrs', recoveryYears: 5, convention: 'half-year' }, salvage: { kind: 'zero' } },
      adjustments: [],
      depreciationChain: null,
    });
    expect(cpu?.book).toEqual({ policy: { method: 'straight-line', lifeMonths: 60, convention: 'full-month' }, salvage: { kind: 'percent-of-cost', basisPoints: 500 } });
    // Each lot has its own copy: changing one never changes another.
    expect(gpu?.book).not.toBe((await db.lots.get(LOT_C))?.book);
    expect(await db.lots.count()).toBe(3);
  });

  it('a lot whose model is missing falls back to the "other" templates rather than failing the upgrade', async () => {
    const orphan = lot('7a8b9c0d-1e2f-4a3b-8c5d-000000000001', 'ORPHAN-1', '00000000-0000-4000-8000-00000000dead', 'planned');
    const db = track(await migrateFrom(newName('v1-v2-orphan'), 1, { ...V1_FIXTURE, lots: [...(V1_FIXTURE.lots ?? []), orphan] }));
    expect((await db.lots.get('7a8b9c0d-1e2f-4a3b-8c5d-000000000001'))?.tax.policy).toEqual({ method: 'macrs', recoveryYears: 7, convention: 'half-year' });
  });

  it('answers the indexed queries the app makes', async () => {
    const db = track(await migrateFrom(newName('v1-indexes'), 1, V1_FIXTURE));

    const inService = await db.lots.where('status').equals('in-service').primaryKeys();
    expect(inService.sort()).toEqual([LOT_A, LOT_B].sort());
    expect(await db.lots.where('parentId').equals(LOT_A).primaryKeys()).toEqual([LOT_C]);
    expect(await db.lots.where('siteId').equals(SITE_LAB).count()).toBe(1);
    expect(await db.lots.where('modelId').equals(MODEL_H100).count()).toBe(2);
    expect((await db.lots.where('code').equals('CPU-2025-001').first())?.id).toBe(LOT_B);

    const history = await entityEvents(db, LOT_A);
    expect(history.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect((await readLog(db)).filter((e) => e.at > '2025-03-01' && e.lotId !== TEAM_SETTINGS_ENTITY_ID).length).toBe(2);

    expect(await db.models.where('category').equals('cpu-server').primaryKeys()).toEqual([MODEL_R760]);
    expect(await db.models.where('[manufacturer+name]').equals(['Supermicro', 'SYS-821GE-TNHR']).count()).toBe(1);
    expect((await db.sites.where('code').equals('FRA1').first())?.id).toBe(SITE_FRA);

    const prices = await db.marketObservations
      .where('[modelId+date]')
      .between([MODEL_H100, '2026-01-01'], [MODEL_H100, '2026-12-31'], true, true)
      .toArray();
    expect(prices.map((p) => p.unitPrice)).toEqual([18_500_000]);
  });

  it('keeps the code indexes, which from version 9 hold two lots or sites of one code (made on two devices before they synced)', async () => {
    const db = track(await migrateFrom(newName('v1-unique'), 1, V1_FIXTURE));
    const original = await db.lots.get(LOT_A);
    if (!original) throw new Error('fixture lot missing');
    await db.lots.add({ ...original, id: '9c0d1e2f-3a4b-4c5d-8e7f-8091a2b3c4d5' });
    expect(await db.lots.where('code').equals(original.code).count()).toBe(2);
    const site = await db.sites.get(SITE_LAB);
    if (!site) throw new Error('fixture site missing');
    await db.sites.add({ ...site, id: '0d1e2f3a-4b5c-4d6e-9f80-91a2b3c4d5e6' });
    expect(await db.sites.where('code').equals(site.code).count()).toBe(2);
    expect(await db.lots.count()).toBe(4);
    expect(await db.sites.count()).toBe(3);
  });

  it('reads settings through the typed helper, with defaults for missing and invalid rows', async () => {
    const db = track(await migrateFrom(newName('v1-settings'), 1, V1_FIXTURE));
    expect(await db.getSettings()).toEqual({
      ...DEFAULT_SETTINGS,
      actorName: 'Ada',
      baseCurrency: 'EUR',
      fiscalYearStart: 4,
      theme: 'system', // 'sepia' is not a theme
    });
    expect(await db.getSetting('demoFleet')).toBe(false);
    expect(await db.getSetting('initialised')).toBe(false);
    await db.setSetting('demoFleet', true);
    await db.setSetting('theme', 'dark');
    expect(await db.getSetting('demoFleet')).toBe(true);
    expect(await db.getSetting('theme')).toBe('dark');
    await expect(db.setSetting('fiscalYearStart', 13)).rejects.toThrow(/fiscalYearStart/u);
  });

  it('opens step by step with the harness and matches a freshly created database', async () => {
    const name = newName('v1-steps');
    const old = track(await openAtVersion(name, 1));
    expect(old.verno).toBe(1);
    await fill(old, V1_FIXTURE);
    const upgraded = track(await reopenCurrent(old));

    const fresh = track(new FleetDb(newName('v1-fresh')));
    await fresh.open();
    const shape = (db: Dexie): Record<string, string[]> =>
      Object.fromEntries(
        db.tables.map((t) => [t.name, [t.schema.primKey.src, ...t.schema.indexes.map((i) => i.src).sort()]]),
      );
    expect(shape(upgraded)).toEqual(shape(fresh));
  });
});

describe('the harness itself', () => {
  // Rehearses the v2 recipe above on a made-up version, so the pattern is known to work before a
  // real version 2 depends on it: only changed tables listed, the rest carried forward, the
  // upgrade run on rows written at version 1.
  const REHEARSAL: readonly SchemaVersion[] = [
    ...SCHEMA_VERSIONS.filter((v) => v.version === 1),
    {
      version: 2,
      stores: { lots: 'id, &code, modelId, siteId, status, parentId, stage' },
      upgrade: (tx) =>
        tx
          .table('lots')
          .toCollection()
          .modify((row: { status: string; stage?: string }) => {
            row.stage = row.status === 'spare' ? 'deploy' : 'other';
          }),
    },
  ];

  it('runs a later version’s upgrade over data written at an earlier one', async () => {
    const name = newName('rehearsal');
    const v1 = track(await openAtVersion(name, 1, REHEARSAL));
    await fill(v1, V1_FIXTURE);
    v1.close();
    const v2 = track(await openAtVersion(name, 2, REHEARSAL));
    expect(v2.verno).toBe(2);
    expect(await v2.table('lots').where('stage').equals('deploy').primaryKeys()).toEqual([LOT_C]);
    expect(await v2.table('events').count()).toBe(V1_FIXTURE.events?.length);
  });

  it('refuses a version that was never shipped', async () => {
    await expect(openAtVersion(newName('unknown'), 99)).rejects.toThrow(/No schema version 99/u);
  });
});

// ---- Version 3: serial-numbered units (unitPages, assetTagBuckets) ----------------------------

/** The tables version 3 added. */
const V3_TABLES = ['unitPages', 'assetTagBuckets'];

const POLICY_GPU = {
  book: { policy: { method: 'straight-line', lifeMonths: 60, convention: 'full-month' }, salvage: { kind: 'percent-of-cost', basisPoints: 1000 } },
  tax: { policy: { method: 'macrs', recoveryYears: 5, convention: 'half-year' }, salvage: { kind: 'zero' } },
};

/** The rows version 2 stored: version 1's, lots with their depreciation fields. */
const V2_FIXTURE: Fixture = {
  ...V1_FIXTURE,
  lots: [
    lot(LOT_A, 'GPU-2025-001', MODEL_H100, 'in-service', { ...POLICY_GPU, adjustments: [], depreciationChain: null }),
    lot(LOT_B, 'CPU-2025-001', MODEL_R760, 'in-service', { quantity: 40, unitCost: 2_300_000, ...POLICY_GPU, adjustments: [], depreciationChain: null }),
    lot(LOT_C, 'GPU-2025-001.1', MODEL_H100, 'spare', { quantity: 2, parentId: LOT_A, siteId: SITE_LAB, ...POLICY_GPU, adjustments: [], depreciationChain: null }),
  ],
};

describe('from version 2 to 3 (serial-numbered units)', () => {
  it('keeps every row and adds the empty unit tables', async () => {
    const db = track(await migrateFrom(newName('v2-v3'), 2, V2_FIXTURE));
    expect(db.verno).toBe(CURRENT_SCHEMA_VERSION);
    for (const table of V1_TABLES) expect(await rowCount(db, table), table).toBe(rowsAfterUpgrade(V2_FIXTURE, table));
    await expectLedgerIdentity(db, V2_FIXTURE.events?.length ?? 0);
    expect(await db.lots.get(LOT_B)).toEqual(V2_FIXTURE.lots?.[1]);
    expect(await db.unitPages.count()).toBe(0);
    expect(await db.assetTagBuckets.count()).toBe(0);
  });

  it('takes units after the upgrade: serial look-up, lot index, unique serials fleet-wide', async () => {
    const db = track(await migrateFrom(newName('v2-v3-units'), 2, V2_FIXTURE));
    const added = await addUnits(db, LOT_A, [{ ...bareUnit('SN-0001'), assetTag: 'AT-1' }, bareUnit('SN-0002')], 'Ada');
    expect(added.ok).toBe(true);
    expect((await findUnit(db, 'SN-0002'))?.unit.lotId).toBe(LOT_A);
    expect(await db.unitPages.where('lotIds').equals(LOT_A).count()).toBe(1);
    expect((await findUnit(db, 'at-1'))?.unit.serial).toBe('SN-0001');
    expect(await addUnits(db, LOT_B, [bareUnit('SN-0001')], 'Ada')).toEqual({ ok: false, error: 'SN-0001 is already in the fleet, in lot GPU-2025-001.' });
    // Its event joins the lot's history after the version 1 events.
    const history = await entityEvents(db, LOT_A);
    expect(history.map((e) => [e.seq, e.type])).toEqual([[1, 'created'], [2, 'transitioned'], [3, 'split'], [4, 'units-received']]);
  });

  it('a version 1 database upgrades through 2 to 3 and matches a fresh one', async () => {
    const upgraded = track(await migrateFrom(newName('v1-v3'), 1, V1_FIXTURE));
    const fresh = track(new FleetDb(newName('v3-fresh')));
    await fresh.open();
    const shape = (db: Dexie): Record<string, string[]> =>
      Object.fromEntries(db.tables.map((t) => [t.name, [t.schema.primKey.src, ...t.schema.indexes.map((i) => i.src).sort()]]));
    expect(shape(upgraded)).toEqual(shape(fresh));
    expect(shape(upgraded).unitPages).toEqual(['id', '*lotIds']);
    expect((await upgraded.lots.get(LOT_A))?.book).toEqual(POLICY_GPU.book);
  });
});

// Version 3's rows are version 2's (it only added the unit tables).
const V3_FIXTURE: Fixture = V2_FIXTURE;

describe('from version 3 to 4 (model performance and serial pattern)', () => {
  it('gives every model an unknown performance and the default serial format, keeping the rest', async () => {
    const db = track(await migrateFrom(newName('v3-v4'), 3, V3_FIXTURE));
    expect(db.verno).toBe(CURRENT_SCHEMA_VERSION);
    const models = await db.models.orderBy('id').toArray();
    expect(models.map((m) => [m.id, m.performance, m.serialPattern])).toEqual([
      [MODEL_R760, null, ''],
      [MODEL_H100, null, ''],
    ]);
    const h100 = V3_FIXTURE.models?.find((m) => (m as { id: string }).id === MODEL_H100);
    expect(await db.models.get(MODEL_H100)).toEqual({ ...h100, performance: null, serialPattern: '' });
    for (const table of V1_TABLES) expect(await rowCount(db, table), table).toBe(rowsAfterUpgrade(V3_FIXTURE, table));
    await expectLedgerIdentity(db, V3_FIXTURE.events?.length ?? 0);
  });

  it('keeps a value a model already has (an upgrade is safe to run over rows it already shaped)', async () => {
    const shaped = { ...V3_FIXTURE, models: (V3_FIXTURE.models ?? []).map((m) => ({ ...m, performance: 2.5, serialPattern: 'S[0-9]{6}' })) };
    const db = track(await migrateFrom(newName('v3-v4-kept'), 3, shaped));
    expect((await db.models.get(MODEL_H100))?.performance).toBe(2.5);
    expect((await db.models.get(MODEL_H100))?.serialPattern).toBe('S[0-9]{6}');
  });
});

// ---- Version 5: per-entity event seq counters (eventSeqs) -------------------------------------

/** The table version 5 added. */
const V5_TABLES = ['eventSeqs', 'serialBuckets'];

/** The rows version 4 stored: version 3's, models with performance and serial pattern, and model events. */
const V4_FIXTURE: Fixture = {
  ...V3_FIXTURE,
  models: (V3_FIXTURE.models ?? []).map((m) => ({ ...m, performance: null, serialPattern: '' })),
  events: [
    ...(V3_FIXTURE.events ?? []),
    { ...event(MODEL_H100, 2, 'observed', '2025-09-02T08:00:00.000Z'), entity: 'model' },
    { ...event(MODEL_H100, 1, 'created', '2025-01-02T08:00:00.000Z'), entity: 'model' },
  ],
};

describe('from version 4 to 5 (event seq counters)', () => {
  it('starts each entity’s counter at its last seq in the log, keeping every row', async () => {
    const db = track(await migrateFrom(newName('v4-v5'), 4, V4_FIXTURE));
    expect(db.verno).toBe(CURRENT_SCHEMA_VERSION);
    for (const table of V1_TABLES) expect(await rowCount(db, table), table).toBe(rowsAfterUpgrade(V4_FIXTURE, table));
    await expectLedgerIdentity(db, V4_FIXTURE.events?.length ?? 0);
    expect(await lastSeqs(db, [LOT_A, LOT_B, LOT_C, MODEL_H100, MODEL_R760])).toEqual(
      new Map([[LOT_A, 3], [LOT_B, 1], [LOT_C, 0], [MODEL_H100, 2], [MODEL_R760, 0]]),
    );
    const rows = await db.eventSeqs.toArray();
    expect(rows.every((r) => r.bucket === eventSeqBucket(Object.keys(r.last)[0] ?? ''))).toBe(true);
    expect(rows.flatMap((r) => Object.keys(r.last)).sort()).toEqual([LOT_A, LOT_B, MODEL_H100, TEAM_SETTINGS_ENTITY_ID].sort());
  });

  it('lets writers continue each log where it stands', async () => {
    const db = track(await migrateFrom(newName('v4-v5-write'), 4, V4_FIXTURE));
    expect((await addUnits(db, LOT_A, [bareUnit('SN-0001')], 'Ada')).ok).toBe(true);
    expect((await addUnits(db, LOT_C, [bareUnit('SN-0002')], 'Ada')).ok).toBe(true);
    const seqsOf = async (id: string): Promise<number[]> =>
      (await entityEvents(db, id)).map((e) => e.seq);
    expect(await seqsOf(LOT_A)).toEqual([1, 2, 3, 4]);
    expect(await seqsOf(LOT_C)).toEqual([1]);
    expect(await lastSeqs(db, [LOT_A, LOT_C])).toEqual(new Map([[LOT_A, 4], [LOT_C, 1]]));
  });

  it('moves the serials of existing unit pages into the serial index, and drops the index on pages', async () => {
    const name = newName('v4-v5-units');
    const v4 = track(await openAtVersion(name, 4));
    await fill(v4, V4_FIXTURE);
    // Two pages as version 3/4 wrote them (the packed columns are unchanged by version 5).
    const page = (id: string, lotId: string, serials: string[]) => ({ id, ...packUnits(serials.map((s) => ({ ...bareUnit(s), sanitisation: null })), () => lotId) });
    await v4.table('unitPages').bulkAdd([page('p0000000-0000-4000-8000-000000000001', LOT_A, ['SN-A1', 'SN-A2']), page('p0000000-0000-4000-8000-000000000002', LOT_B, ['SN-B1'])]);
    v4.close();
    const db = track(await reopenCurrent(v4));
    expect(db.verno).toBe(CURRENT_SCHEMA_VERSION);
    expect(await db.unitPages.count()).toBe(2);
    expect((await findUnit(db, 'sn-a2'))?.unit).toMatchObject({ serial: 'SN-A2', lotId: LOT_A });
    expect((await findUnit(db, 'SN-B1'))?.lot?.code).toBe('CPU-2025-001');
    expect(await addUnits(db, LOT_C, [bareUnit('SN-A1')], 'Ada')).toEqual({ ok: false, error: 'SN-A1 is already in the fleet, in lot GPU-2025-001.' });
    expect((await addUnits(db, LOT_C, [bareUnit('SN-C1')], 'Ada')).ok).toBe(true);
    expect((await findUnit(db, 'SN-C1'))?.unit.lotId).toBe(LOT_C);
  });

  it('a version 1 database upgrades through every version and has the counters of its log', async () => {
    const db = track(await migrateFrom(newName('v1-v5'), 1, V1_FIXTURE));
    expect(await lastSeqs(db, [LOT_A, LOT_B])).toEqual(new Map([[LOT_A, 3], [LOT_B, 1]]));
  });
});

/** The rows version 5 stored: version 4's (events without ids of a device or clock stamps), and its counters. */
const V5_FIXTURE: Fixture = {
  ...V4_FIXTURE,
  events: [
    ...(V4_FIXTURE.events ?? []),
    // The wall clock went back between two events of one lot: the lot's order still holds.
    event(LOT_B, 2, 'transitioned', '2025-01-09T08:00:00.000Z'),
  ],
  eventSeqs: [
    { bucket: eventSeqBucket(LOT_A), last: { [LOT_A]: 3 } },
    { bucket: eventSeqBucket(LOT_B), last: { [LOT_B]: 2 } },
    { bucket: eventSeqBucket(MODEL_H100), last: { [MODEL_H100]: 2 } },
  ].reduce<object[]>((rows, r) => {
    const same = rows.find((x) => (x as { bucket: number }).bucket === r.bucket) as { last: Record<string, number> } | undefined;
    if (same) Object.assign(same.last, r.last);
    else rows.push(r);
    return rows;
  }, []),
};

describe('from version 5 to 6 (the event log is the whole ledger)', () => {
  it('gives every event an id of this device and a clock stamp, in the order they were written', async () => {
    const db = track(await migrateFrom(newName('v5-v6'), 5, V5_FIXTURE));
    expect(db.verno).toBe(CURRENT_SCHEMA_VERSION);
    for (const table of V1_TABLES) expect(await rowCount(db, table), table).toBe(rowsAfterUpgrade(V5_FIXTURE, table));
    await expectLedgerIdentity(db, V5_FIXTURE.events?.length ?? 0);
    const order = (await readLog(db)).map((e) => `${e.lotId === LOT_A ? 'A' : e.lotId === LOT_B ? 'B' : e.lotId === MODEL_H100 ? 'M' : 'S'}${e.seq}`);
    // By time: M1 (Jan 2), A1 (Jan 10), B1 (Jan 11), B2 (dated Jan 9, but after B1), A2, A3, M2, settings.
    expect(order).toEqual(['M1', 'A1', 'B1', 'B2', 'A2', 'A3', 'M2', 'S1']);
  });

  it('lets writers continue: the next event is this device’s next counter, stamped after the last', async () => {
    const db = track(await migrateFrom(newName('v5-v6-write'), 5, V5_FIXTURE));
    const before = await db.ledger.get(LEDGER_ROW_KEY);
    expect((await addUnits(db, LOT_C, [bareUnit('SN-0001')], 'Ada')).ok).toBe(true);
    const last = (await readLog(db)).at(-1);
    expect(parseEventId(last?.id ?? '')).toEqual({ device: before?.deviceId, counter: (V5_FIXTURE.events?.length ?? 0) + 2 });
    expect((last?.hlc ?? '') > (before?.clock ?? '')).toBe(true);
    expect((await db.ledger.get(LEDGER_ROW_KEY))?.heads).toEqual({ [before?.deviceId ?? '']: (V5_FIXTURE.events?.length ?? 0) + 2 });
  });

  it('writes no settings event when the team settings are the defaults', async () => {
    const db = track(await migrateFrom(newName('v5-v6-defaults'), 5, { ...V5_FIXTURE, settings: [{ key: 'actorName', value: 'Ada' }, { key: 'baseCurrency', value: 'USD' }] }));
    expect((await readLog(db)).length).toBe(V5_FIXTURE.events?.length);
    expect((await readLog(db)).filter((e) => e.entity === 'settings').length).toBe(0);
  });

  it('a fresh database starts a new ledger with its own device and no events', async () => {
    const db = track(new FleetDb(newName('v6-fresh')));
    await db.open();
    const row = await db.ledger.get(LEDGER_ROW_KEY);
    expect(row).toMatchObject({ key: 'ledger', clock: null, heads: {} });
    expect(row?.ledgerId).not.toBe(row?.deviceId);
  });
});

describe('from version 6 to 8 (the log in blocks)', () => {
  it('moves every event into sealed blocks, unchanged and in clock order, and drops the events table', async () => {
    const name = newName('v6-v8');
    const v5 = await openAtVersion(name, 5);
    await fill(v5, V5_FIXTURE);
    v5.close();
    const v6 = await openAtVersion(name, 6);
    const atV6 = (await v6.table('events').orderBy('hlc').toArray()) as LotEvent[];
    const rowAtV6 = await v6.table('ledger').get(LEDGER_ROW_KEY);
    v6.close();
    const db = track(new FleetDb(name));
    await db.open();
    expect(db.tables.map((t) => t.name)).not.toContain('events');
    expect(await readLog(db)).toEqual(atV6);
    const blocks = await db.logBlocks.toArray();
    expect(blocks.every((b) => b.gz !== undefined && b.text === undefined)).toBe(true);
    expect(blocks[0]?.first).toBe(atV6[0]?.hlc);
    expect(await entityEvents(db, LOT_A)).toEqual(atV6.filter((e) => e.lotId === LOT_A));
    expect(await db.ledger.get(LEDGER_ROW_KEY)).toEqual(rowAtV6);
    // The next change opens a new block after the sealed ones.
    expect((await addUnits(db, LOT_C, [bareUnit('SN-0001')], 'Ada')).ok).toBe(true);
    const after = await db.logBlocks.toArray();
    expect(after).toHaveLength(blocks.length + 1);
    expect(after.at(-1)?.text).toMatch(/"type":"units-received"/u);
  });
});

describe('from version 9 to 10 (suppliers are records)', () => {
  /** Version 9 as a build left it: the version-5 rows upgraded through 6–9, with supplier texts on the lots as people typed them. */
  async function atVersion9(label: string, suppliers: readonly string[]): Promise<{ name: string; log: LotEvent[]; lots: Record<string, unknown>[]; row: unknown }> {
    const name = newName(label);
    const v5 = await openAtVersion(name, 5);
    await fill(v5, { ...V5_FIXTURE, lots: (V5_FIXTURE.lots ?? []).map((l, i) => ({ ...l, supplier: suppliers[i] ?? '' })) });
    v5.close();
    const v9 = await openAtVersion(name, 9);
    expect(v9.tables.map((t) => t.name)).not.toContain('suppliers');
    const blocks = await v9.table('logBlocks').orderBy('n').toArray();
    const { blockEvents } = await import('../../../renderer/db/eventLog');
    const log = blocks.flatMap((b) => blockEvents(b));
    const lots = (await v9.table('lots').orderBy('id').toArray()) as Record<string, unknown>[];
    const row = await v9.table('ledger').get(LEDGER_ROW_KEY);
    v9.close();
    return { name, log, lots, row };
  }

  it('makes a supplier of each name the lots wrote, links every such lot to it, and records it all as events after the log', async () => {
    const v9 = await atVersion9('v9-v10', ['Supermicro', ' SUPERMICRO  ', 'Arrow']);
    const db = track(new FleetDb(v9.name));
    await db.open();
    expect(db.verno).toBe(CURRENT_SCHEMA_VERSION);
    const SUPERMICRO = supplierIdFromName('Supermicro');
    const ARROW = supplierIdFromName('Arrow');
    expect((await db.suppliers.orderBy('name').toArray()).map((s) => [s.id, s.name, s.country, s.channel, s.demo])).toEqual([
      [ARROW, 'Arrow', null, null, false],
      [SUPERMICRO, 'Supermicro', null, null, false],
    ]);
    // Every lot keeps every field it had (its text too), and now names its supplier by id.
    const lots = await db.lots.orderBy('id').toArray();
    expect(lots.map((l) => [l.id, l.supplierId])).toEqual([[LOT_A, SUPERMICRO], [LOT_B, SUPERMICRO], [LOT_C, ARROW]]);
    lots.forEach((l, i) => expect({ ...l, supplierId: undefined, supplier: undefined, updatedAt: undefined }).toEqual({ ...v9.lots[i], supplierId: undefined, supplier: undefined, updatedAt: undefined }));
    // The text is taken in: emptied on the lot, kept in its history as the value before.
    expect(lots.map((l) => l.supplier)).toEqual(['', '', '']);
    // The log: what version 9 held, unchanged, then the suppliers' creation and one edit per lot, this device's next counters.
    const log = await readLog(db);
    expect(log.slice(0, v9.log.length)).toEqual(v9.log);
    const added = log.slice(v9.log.length);
    expect(added.filter((e) => e.entity === 'lot').map((e) => e.before?.supplier)).toEqual([' SUPERMICRO  ', 'Supermicro', 'Arrow']);
    expect(added.map((e) => [e.entity, e.type, e.lotId, e.after.supplierId ?? null])).toEqual([
      ['supplier', 'created', SUPERMICRO, null],
      ['supplier', 'created', ARROW, null],
      // The lots in code order: CPU-2025-001, GPU-2025-001, GPU-2025-001.1.
      ['lot', 'edited', LOT_B, SUPERMICRO],
      ['lot', 'edited', LOT_A, SUPERMICRO],
      ['lot', 'edited', LOT_C, ARROW],
    ]);
    const row = v9.row as { deviceId: string; heads: Record<string, number> };
    expect(added.map((e) => parseEventId(e.id))).toEqual(added.map((_e, i) => ({ device: row.deviceId, counter: v9.log.length + i + 1 })));
    // Each record's events go on from its last seq.
    expect(added.filter((e) => e.entity === 'lot').map((e) => e.seq)).toEqual([3, 4, 1]);
    expect(await lastSeqs(db, [LOT_A, SUPERMICRO])).toEqual(new Map([[LOT_A, 4], [SUPERMICRO, 1]]));
    // Applying the added events to version 9's lots gives the tables: the events say what changed.
    const state = emptyProjections();
    for (const l of v9.lots) state.lots.set(l.id as string, l as unknown as Lot);
    foldForward(state, added);
    expect([...state.lots.values()].sort((a, b) => (a!.id < b!.id ? -1 : 1))).toEqual(lots);
    expect([...state.suppliers.values()].sort((a, b) => (a!.name < b!.name ? -1 : 1))).toEqual(await db.suppliers.orderBy('name').toArray());
  });

  it('changes nothing when opened again, or when no lot wrote a supplier', async () => {
    const v9 = await atVersion9('v9-v10-again', ['Supermicro']);
    const first = new FleetDb(v9.name);
    await first.open();
    const log = await readLog(first);
    first.close();
    const db = track(new FleetDb(v9.name));
    await db.open();
    expect(await readLog(db)).toEqual(log);
    expect(await adoptSupplierTextsCommand(db)).toBe(0);
    const none = await atVersion9('v9-v10-none', []);
    const empty = track(new FleetDb(none.name));
    await empty.open();
    expect(await empty.suppliers.count()).toBe(0);
    expect(await readLog(empty)).toEqual(none.log);
  });
});

// ---- Every version as its build wrote it: the records and the events that made them ---------

/**
 * A ledger as the app (not a hand-made fixture) wrote it at versions 1–3: each record's
 * `created` event carries the whole record as it was then. Versions 2 and 4 later added fields
 * to the rows (lots: book, tax, adjustments, depreciationChain; models: performance,
 * serialPattern) that those events do not hold.
 */
const APP_TS = '2026-03-01T09:00:00.000Z';
const APP_MODEL = {
  id: MODEL_R760, manufacturer: 'Dell', name: 'PowerEdge R740', category: 'cpu-server', powerWatts: 550, rackUnits: 2, listPrice: 1_750_000,
  currency: 'USD', releaseDate: '2017-08-01', endOfSale: '2024-06-01', endOfSupport: '2027-06-01', successorId: null, storageBearing: true,
  notes: '', demo: false, createdAt: APP_TS, updatedAt: APP_TS,
};
const APP_SITE = { id: SITE_LAB, code: 'LAB', name: 'Store room', energyPricePerMwh: 14_000, currency: 'USD', pue: null, notes: '', demo: false, createdAt: APP_TS, updatedAt: APP_TS };
const APP_LOT_V1 = {
  id: LOT_B, code: 'CPU-R740-2021-05', modelId: MODEL_R760, quantity: 12, unitCost: 1_455_900, extraCosts: 251_700, currency: 'USD',
  purchaseDate: '2021-04-07', receivedDate: '2021-05-03', inServiceDate: '2021-05-19', siteId: SITE_LAB, supplier: '', poNumber: 'PO-2021-0325',
  warrantyEnd: '2026-05-03', salvageValue: 157_800, powerWatts: null, supportCostPerYear: 65_000, status: 'in-service', disposition: null,
  disposedDate: null, proceeds: null, replacementPlan: '', notes: '', tags: [], parentId: null, demo: false, createdAt: APP_TS, updatedAt: APP_TS,
};
function createdEvent(id: string, entity: string, record: { id: string }, extra: object = {}): object {
  return {
    id, entity, lotId: record.id, seq: 1, at: APP_TS, date: null, actor: 'Ada', type: 'created', from: null, to: null, quantity: null,
    before: null, after: record, relatedLotId: null, note: '', ...extra,
  };
}
function appFixture(lotRow: object): Fixture {
  return {
    models: [APP_MODEL],
    sites: [APP_SITE],
    lots: [lotRow],
    events: [
      createdEvent('e0000000-0000-4000-8000-000000000001', 'model', APP_MODEL),
      createdEvent('e0000000-0000-4000-8000-000000000002', 'site', APP_SITE),
      createdEvent('e0000000-0000-4000-8000-000000000003', 'lot', lotRow as { id: string }, { to: 'in-service', quantity: 12 }),
    ],
    settings: [{ key: 'initialised', value: true }],
  };
}

describe('a ledger the app wrote at any version', () => {
  const cpu = { book: { policy: { method: 'straight-line', lifeMonths: 60, convention: 'full-month' }, salvage: { kind: 'percent-of-cost', basisPoints: 1000 } }, tax: { policy: { method: 'macrs', recoveryYears: 5, convention: 'half-year' }, salvage: { kind: 'zero' } } };
  const lotV2 = { ...APP_LOT_V1, ...cpu, adjustments: [], depreciationChain: null };
  for (const [version, fixture] of [[1, appFixture(APP_LOT_V1)], [2, appFixture(lotV2)], [3, appFixture(lotV2)]] as const) {
    it(`upgrades from version ${version} to a ledger that verifies, and whose backup restores`, async () => {
      const db = track(await migrateFrom(newName(`app-v${version}`), version, fixture));
      const backup = await readBackupFile((await createBackup(db)).bytes);
      expect(backup.ok ? 'restorable' : backup.error).toBe('restorable');
      expect((await verifyLedger(db)).problems).toEqual([]);
    });
  }
});
