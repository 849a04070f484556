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
 * Serial-numbered units (planned, not yet a table): do NOT add a naive `units` table with one
 * record per unit and an index per field. PERFORMANCE.md measures that layout at ~6.5 s to
 * import 100,000 serials and ~0.75 s to read them back, against a ≤ 1.0 s import and ≤ 150 ms
 * start-up budget. The layout that fits: units grouped per lot, one record holding that lot's
 * units as arrays, with a unique multiEntry index over the serial array, e.g.
 * `unitGroups: 'lotId, &*serials'` (measured 0.59 s write / 0.06 s read for 100,000 units,
 * 1.1 ms per serial look-up). Other look-ups (asset tag, location) scan in memory (~5 ms).
 * A lot bigger than one comfortable record can span several groups (key `id, lotId, &*serials`).
 */
import type { Transaction } from 'dexie';

export interface SchemaVersion {
  /** Dexie version number (IndexedDB sees it ×10). Strictly increasing. */
  readonly version: number;
  /** Dexie store specs: primary key first, then indexes (`&` unique, `*` multiEntry, `[a+b]` compound). */
  readonly stores: Readonly<Record<string, string | null>>;
  /** Migrates rows written by the previous version. Not run when the database is created fresh. */
  readonly upgrade?: (tx: Transaction) => PromiseLike<unknown> | void;
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
