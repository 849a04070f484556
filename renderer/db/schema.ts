/**
 * Every IndexedDB schema Fleetledger has ever shipped, oldest first.
 *
 * Rules (ARCHITECTURE.md "Dexie"):
 * - A shipped entry is never edited or removed: some user's disk is still at that version.
 * - A change adds `{ version: n + 1, stores, upgrade }`. `stores` lists only the tables the
 *   version adds or changes (`null` deletes one); Dexie carries the others forward from the
 *   earlier entries. `upgrade` rewrites existing rows into the new shape, using only the
 *   transaction it is given (no fetch, no timers: anything async but Dexie commits it early).
 * - Each new version gets a test in test/renderer/db/migrations.test.ts that opens the previous
 *   version, fills it, reopens with the current `FleetDb` and checks the data.
 *
 * Both `FleetDb` and the migration harness build their versions from this one list, so the
 * harness can open the database exactly as any released build left it.
 *
 * Serial-numbered units (version 3): never a naive `units` table with one record per unit and
 * an index per field. PERFORMANCE.md measures that layout at ~6.5 s to import 100,000 serials
 * and ~0.75 s to read them back, against a ≤ 1.0 s import and ≤ 150 ms start-up budget. Units
 * live in `unitPages` of up to 500 units stored as columns; serials resolve to their page through
 * `serialBuckets` (version 5; version 3 had a unique multiEntry index over them) and asset tags
 * through `assetTagBuckets` (see renderer/db/units.ts).
 */
import type { Transaction } from 'dexie';
import type { Category } from '../../shared/catalog';
import { copyTemplate, DEFAULT_CATEGORY_POLICIES } from '../../shared/depreciation/policies';
import { eventWith, type LotEvent } from '../../shared/events';
import { identifyLegacyEvents } from '../../shared/ledger/legacyEvents';
import { DEFAULT_TEAM_SETTINGS, TEAM_SETTING_CHECKS, TEAM_SETTING_KEYS, TEAM_SETTINGS_ENTITY_ID } from '../../shared/ledger/teamSettings';
import { canonicalJson } from '../../shared/ledger/canonicalJson';
import { blocksOf } from '../../shared/ledger/logBlocks';
import { countersFromKeys, entityBlocksOf, newLedgerRow, sealedBlock, type LedgerRow, type LogTables } from './eventLog';
import { adoptSupplierTexts } from './suppliers';
import { recordUpgradedFields } from './upgradedFields';
import { serialBucket, writeSerialBucket } from './unitIndex';

export interface SchemaVersion {
  /** Dexie version number (IndexedDB sees it ×10). Strictly increasing. */
  readonly version: number;
  /** Dexie store specs: primary key first, then indexes (`&` unique, `*` multiEntry, `[a+b]` compound). */
  readonly stores: Readonly<Record<string, string | null>>;
  /** Migrates rows written by the previous version. Not run when the database is created fresh. */
  readonly upgrade?: (tx: Transaction) => PromiseLike<unknown> | void;
}

/** The log's tables in an upgrade's transaction, for an upgrade that appends events (renderer/db/eventLog.ts appendEvents). */
function logTablesOf(tx: Transaction): LogTables {
  return { logBlocks: tx.table('logBlocks'), entityBlocks: tx.table('entityBlocks'), eventSeqs: tx.table('eventSeqs'), ledger: tx.table('ledger') };
}

export const SCHEMA_VERSIONS: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: {
      models: 'id, category, [manufacturer+name]',
      sites: 'id, &code',
      lots: 'id, &code, modelId, siteId, status, parentId',
      events: 'id, lotId, [lotId+seq], at',
      marketObservations: 'id, modelId, [modelId+date]',
      settings: 'key',
    },
  },
  {
    // Issue 3: every lot gets its book and tax depreciation (from its category's built-in
    // template: v1 had no templates setting), no adjustments and no split chain. No index changes.
    version: 2,
    stores: {},
    upgrade: async (tx) => {
      const categories = new Map<string, Category>();
      await tx.table('models').each((m: { id: string; category: Category }) => {
        categories.set(m.id, m.category);
      });
      await tx
        .table('lots')
        .toCollection()
        .modify((lot: Record<string, unknown>) => {
          const category = categories.get(String(lot.modelId)) ?? 'other';
          const templates = DEFAULT_CATEGORY_POLICIES[category];
          if (lot.book === undefined) lot.book = copyTemplate(templates.book);
          if (lot.tax === undefined) lot.tax = copyTemplate(templates.tax);
          if (lot.adjustments === undefined) lot.adjustments = [];
          if (lot.depreciationChain === undefined) lot.depreciationChain = null;
        });
    },
  },
  {
    // Issue 5: serial-numbered units, laid out for 100,000 serials in 2,000 lots (PERFORMANCE.md).
    // Measured with `npm run bench` (scripts/bench-browser.ts) in headless Chromium on the team's
    // 2-core machine, 100,000 units with asset tags and rack locations, medians:
    //   one record per unit, indexes on serial (unique), asset tag, lot:  import 18.5 s, read 2.7 s;
    //   this layout (whole import: pages, tag buckets, 2,000 lot events): import 2.8 s,  read 0.40 s,
    //   of which the pages and their serial index alone: ~0.85 s to write, ~0.21 s to read.
    // Judged by ratio in one run, as PERFORMANCE.md asks, that is ≈ 0.9–1.3 s to import and
    // ≈ 0.1 s to read at its naive figures (6.5 s, 0.75 s); the import's excess over the pages is
    // per-lot work (2,000 last-seq reads and 2,000 receipt events, ~0.2–0.3 ms each).
    // (Version 5 removed the 2,000 last-seq reads; its note has the figures since.)
    // IndexedDB's cost is per index entry (~7 µs), per record or request (~0.2–0.3 ms) and per
    // byte, so (each alternative measured the same way):
    // - `unitPages`: pages of up to UNIT_PAGE_SIZE (500) units in columns (shared/units.ts
    //   PackedUnits: typed arrays and small dictionaries, sparse notes and records, no UUID per
    //   unit: ids cost +0.2 s per read). A page may hold several lots' units (`lotIds`, multiEntry,
    //   for "units of a lot"): 200 records, where a record per lot (2,000) cost +0.3 s to import.
    //   `&*serials` is the one per-unit index: a serial is found in ~2 ms and is unique fleet-wide
    //   whatever code writes. (A multiEntry index dedupes within one record, so the domain also
    //   refuses a serial twice in one write.)
    // - `assetTagBuckets`: asset tag → serial in ASSET_TAG_BUCKETS records keyed by a hash of the
    //   tag, no index: a second multiEntry index, over asset tags, cost +0.8 s per import.
    // No units existed before: nothing to migrate.
    version: 3,
    stores: {
      unitPages: 'id, &*serials, *lotIds',
      assetTagBuckets: 'bucket',
    },
  },
  {
    // Issue 4/5: hardware models gain `performance` (work per unit, for the refresh planner's
    // successor comparison) and `serialPattern` (what the model's serials look like, for scan
    // sessions and unit imports). Unknown for every existing model: null and '' (default format).
    // No index changes.
    version: 4,
    stores: {},
    upgrade: async (tx) => {
      await tx
        .table('models')
        .toCollection()
        .modify((model: Record<string, unknown>) => {
          if (model.performance === undefined) model.performance = null;
          if (model.serialPattern === undefined) model.serialPattern = '';
        });
    },
  },
  {
    // Issue 5 (import budget): each entity's last event seq, kept in `eventSeqs` (EVENT_SEQ_BUCKETS
    // records keyed by a hash of the entity id; renderer/db/eventLog.ts). Writers used to ask the
    // `[lotId+seq]` index for the last seq of every lot they touched: an import of 100,000
    // serials into 2,000 lots made 2,000 such reads (~0.3 ms each, partly hidden behind its checks);
    // now it reads the 64 counter records once. Every event goes through `appendEvents`, which checks the new
    // seqs continue the counter and advances it in the same transaction.
    // The counters start from the log: a walk over the `[lotId+seq]` index keys (no event values
    // are read), so existing logs continue where they stand.
    // With it (and importUnits packing each unit once, cutting pages from the lots' packs, and
    // overlapping its checks with its reads), measured as version 3 was, on a 2-core machine
    // shared with other builds (scripts/bench*.ts; medians, ratios taken in the same run):
    //   import 100,000 serials into 2,000 lots: 2.03 s, 5.8× faster than the naive layout
    //   (≈ 1.1 s at PERFORMANCE.md's 6.5 s; runs 5.5–6.2×); before: 5.2–5.4× (≈ 1.2 s).
    //   Interleaved with the previous code: 2.04–2.09 s against 2.28–2.32 s. Its pages alone: 0.93 s;
    //   start-up read (lots, models, sites: renderer/db/queries.ts readFleet): 0.14 s;
    //   lots + every unit page: 0.32 s, 8.6× faster than naive (≈ 0.09 s at the handbook's 0.75 s).
    // What is left over the pages: the 2,000 `units-received` events (~0.35 s to store, one record
    // each with the units it received, plus ~0.3 s to serialise, overlapped) and rewriting the 256
    // asset-tag buckets (~0.15 s).
    // Since then (no schema change): `units-received` events log their units in the compact event
    // form (shared/units.ts EventUnits: serial and tag columns joined into one string each, the
    // numeric columns in one byte array; earlier events keep the plain pack and are read as they
    // are). Measured as above, scripts/bench-browser.ts, 4 runs each, interleaved with the
    // previous code on a loaded 2-core machine (its naive import ran 12.4–19.0 s):
    //   import medians 2.00, 2.40, 2.75, 2.17 s (fastest 1.89 s) against 3.15, 2.28, 2.91, 2.29 s
    //   (fastest 2.04 s); naive ratios in the same runs 6.3, 7.9, 4.5, 6.6× against 5.5, 6.7, 6.5,
    //   6.3×. About 0.1–0.3 s saved, but the ratio is at the 6.5× line, not reliably under it.
    // What is left: the 2,000 event records themselves and the 256 tag buckets (200,000 small
    // strings to clone; joining them would change the bucket rows: a schema version).
    //
    // Also in version 5, the serial index: `unitPages` drops its unique multiEntry index over
    // the serials, and serial → page lives in `serialBuckets` (SERIAL_BUCKETS records keyed by a
    // hash of the serial, serials joined into one string; renderer/db/units.ts). PERFORMANCE.md
    // measures that index at ~90 % of writing the pages (0.59 s of them against 0.05 s without);
    // here it was about half of the whole import. Serials stay unique fleet-wide because every
    // write that adds units (importUnits) checks them against the index in its transaction, and
    // IndexedDB runs read-write transactions over the same tables one at a time.
    version: 5,
    stores: {
      eventSeqs: 'bucket',
      unitPages: 'id, *lotIds',
      serialBuckets: 'bucket',
    },
    upgrade: async (tx) => {
      const located = new Map<number, Map<string, string>>();
      await tx.table('unitPages').each((page: { id: string; serials: string[] }) => {
        for (const serial of page.serials) {
          const b = serialBucket(serial);
          let map = located.get(b);
          if (map === undefined) located.set(b, (map = new Map()));
          map.set(serial, page.id);
        }
      });
      await tx.table('serialBuckets').bulkPut([...located].map(([b, map]) => writeSerialBucket(b, map)));
      const keys: (readonly [string, number])[] = [];
      await tx
        .table('events')
        .orderBy('[lotId+seq]')
        .eachKey((key) => {
          const [id, seq] = key as [unknown, unknown];
          if (typeof id === 'string' && typeof seq === 'number' && Number.isFinite(seq)) keys.push([id, seq]);
        });
      await tx.table('eventSeqs').bulkPut(countersFromKeys(keys));
    },
  },
  {
    // Issue 9: the event log is the whole ledger (LEDGER.md §1).
    // - `ledger`: one row (renderer/db/eventLog.ts LedgerRow): the ledger id, this installation's
    //   device id, its event counter and clock, and how far each device's events go.
    // - Every existing event gets an id `<deviceId>:<counter>` and a clock stamp (`hlc`, indexed:
    //   the log is read in clock order), in the order they were written, as this device's
    //   (shared/ledger/legacyEvents.ts). The id is the primary key, so the table is rewritten.
    // - The team settings (currency, fiscal year, templates, checklists) become shared data:
    //   their stored values that differ from the defaults are recorded in one `settings-changed`
    //   event, so a rebuild from the events gives them back.
    // - `drafts`: work in progress (an open scan session, the shipment list) kept across a crash.
    // The upgrade uses only its transaction (the ids come from crypto.randomUUID, synchronous).
    version: 6,
    stores: {
      events: 'id, lotId, [lotId+seq], at, hlc',
      ledger: 'key',
      drafts: 'key',
    },
    upgrade: async (tx) => {
      const deviceId = crypto.randomUUID();
      const legacy = (await tx.table('events').toArray()) as LotEvent[];
      const settingRows = (await tx.table('settings').toArray()) as { key: string; value: unknown }[];
      const after: Record<string, unknown> = {};
      const before: Record<string, unknown> = {};
      for (const row of settingRows) {
        const key = TEAM_SETTING_KEYS.find((k) => k === row.key);
        if (key === undefined || !TEAM_SETTING_CHECKS[key](row.value)) continue;
        if (canonicalJson(row.value) === canonicalJson(DEFAULT_TEAM_SETTINGS[key])) continue;
        after[key] = row.value;
        before[key] = DEFAULT_TEAM_SETTINGS[key];
      }
      const withSettings: LotEvent[] = [...legacy];
      if (Object.keys(after).length > 0) {
        const at = legacy.reduce((max, e) => (e.at > max ? e.at : max), '1970-01-01T00:00:00.000Z');
        withSettings.push(
          eventWith({
            entity: 'settings',
            lotId: TEAM_SETTINGS_ENTITY_ID,
            seq: 1,
            at,
            actor: 'Fleetledger',
            type: 'settings-changed',
            before: before as LotEvent['before'],
            after: after as LotEvent['after'],
            note: 'Team settings as they stood when the event log became the whole ledger.',
          }),
        );
      }
      const identified = identifyLegacyEvents(withSettings, deviceId);
      await tx.table('events').clear();
      await tx.table('events').bulkAdd(identified.events);
      if (Object.keys(after).length > 0) {
        const keys = identified.events.map((e) => [e.lotId, e.seq] as const);
        await tx.table('eventSeqs').bulkPut(countersFromKeys(keys));
      }
      const row: LedgerRow = {
        ...newLedgerRow(crypto.randomUUID(), deviceId, new Date().toISOString()),
        clock: identified.clock,
        heads: identified.counter > 0 ? { [deviceId]: identified.counter } : {},
      };
      await tx.table('ledger').put(row);
    },
  },
  {
    // Issue 9, at fleet scale: the log moves from one record per event to blocks of about a
    // thousand consecutive events in clock order (renderer/db/eventLog.ts LogBlock, keyed by
    // the first event's stamp, numbered `n`), and `entityBlocks` lists, per record (hashed into
    // the counters' buckets), the blocks that hold its events. One
    // record per event made a backup of 500,000 events take 59 s and a restore 183 s (160 s of
    // it writing the records); blocks are what a backup holds, compressed once when sealed.
    // The events keep their ids, stamps and order; every migrated block is sealed. The old
    // table is read here and deleted by version 8 (Dexie deletes a table only in a later
    // version than the one whose upgrade reads it).
    version: 7,
    stores: {
      logBlocks: 'first, &n',
      entityBlocks: 'bucket',
    },
    upgrade: async (tx) => {
      const events = (await tx.table('events').orderBy('hlc').toArray()) as LotEvent[];
      const drafts = blocksOf(events);
      await tx.table('logBlocks').bulkAdd(drafts.map((d, i) => sealedBlock(d, i + 1)));
      await tx.table('entityBlocks').bulkAdd(entityBlocksOf(drafts.map((d, i) => ({ n: i + 1, entities: d.entities }))));
    },
  },
  {
    version: 8,
    stores: {
      events: null,
    },
  },
  {
    // Issue 10: lot and site codes are no longer unique indexes. Two devices of a team can each
    // create a lot (or site) with the same code before they see each other's; the fold must then
    // hold both, and the conflict is shown to people, not thrown. On one device the commands
    // still refuse a code that is taken, inside their read-write transaction (as serials are).
    version: 9,
    stores: {
      lots: 'id, code, modelId, siteId, status, parentId',
      sites: 'id, code',
    },
  },
  {
    // Issue 13: suppliers are catalogue records (shared/suppliers.ts). Every lot that named its
    // supplier as text gets the id of a supplier of that name, made here with unknown country and
    // channel; each supplier's creation and each lot's change is an event of the log, appended in
    // this transaction (renderer/db/suppliers.ts adoptSupplierTexts).
    version: 10,
    stores: {
      suppliers: 'id, name',
    },
    upgrade: async (tx) => {
      await adoptSupplierTexts({
        lots: tx.table('lots'),
        suppliers: tx.table('suppliers'),
        ...logTablesOf(tx),
      });
    },
  },
  {
    // Versions 2 and 4 added fields to the lot and model rows (book and tax depreciation,
    // adjustments, split chain; performance, serial pattern) without events, before the log was
    // the whole ledger: a ledger started before them did not verify, and no backup of it could be
    // restored (its events do not give its snapshot). Those fields are now recorded as `edited`
    // events, appended in this transaction (renderer/db/upgradedFields.ts). No index changes.
    version: 11,
    stores: {},
    upgrade: async (tx) => {
      await recordUpgradedFields({
        lots: tx.table('lots'),
        models: tx.table('models'),
        ...logTablesOf(tx),
      });
    },
  },
];

export const CURRENT_SCHEMA_VERSION: number = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]?.version ?? 0;

/** The subset of Dexie a schema is declared on (a `FleetDb` or a raw `Dexie` in tests). */
interface Versionable {
  version(versionNumber: number): {
    stores(schema: { [tableName: string]: string | null }): { upgrade(fn: (tx: Transaction) => PromiseLike<unknown> | void): unknown };
  };
}

/**
 * Declares every version up to and including `upTo` on `db`, in order, each with its upgrade.
 * `history` is the shipped list; tests may pass a longer one to rehearse a future version.
 */
export function declareSchemaVersions(
  db: Versionable,
  upTo: number = CURRENT_SCHEMA_VERSION,
  history: readonly SchemaVersion[] = SCHEMA_VERSIONS,
): void {
  const versions = history.filter((v) => v.version <= upTo);
  if (versions.length === 0) throw new Error(`No schema version ≤ ${upTo}; the first is ${history[0]?.version}`);
  for (const v of versions) {
    const declared = db.version(v.version).stores({ ...v.stores });
    if (v.upgrade) declared.upgrade(v.upgrade);
  }
}
