/**
 * Opens the database as an old build left it, fills it, then lets the current build open it:
 * Dexie's own "tests-upgrading" pattern, driven by the one list of shipped schemas.
 */
import { Dexie } from 'dexie';
import { FleetDb } from '../../../renderer/db/database';
import { SCHEMA_VERSIONS, declareSchemaVersions, type SchemaVersion } from '../../../renderer/db/schema';

/**
 * Rows per table, as that version stored them. Kept as plain object literals (not typed with
 * today's domain types), so a later change to `Lot` & co. does not silently rewrite what an old
 * version's data looked like.
 */
export type Fixture = Readonly<Record<string, readonly object[]>>;

let counter = 0;

/** A database name no other test (or test file running in parallel) uses. */
export function uniqueDbName(label: string): string {
  counter += 1;
  return `fleetledger-test-${label}-${process.pid}-${counter}`;
}

/**
 * The databases one test file opens, each under a unique name: `open` makes and opens one (a
 * device, a profile), `track` takes one made otherwise, `drop` closes and deletes one (a property
 * test's run), `dropAll` (the file's afterEach) every one still there.
 */
export function testDatabases(): { open: (label: string) => Promise<FleetDb>; track: (db: FleetDb) => FleetDb; drop: (db: FleetDb) => Promise<void>; dropAll: () => Promise<void> } {
  const opened: FleetDb[] = [];
  const drop = async (db: FleetDb): Promise<void> => {
    const at = opened.indexOf(db);
    if (at !== -1) opened.splice(at, 1);
    db.close();
    await db.delete();
  };
  return {
    async open(label) {
      const db = new FleetDb(uniqueDbName(label));
      await db.open();
      opened.push(db);
      return db;
    },
    track(db) {
      opened.push(db);
      return db;
    },
    drop,
    async dropAll() {
      for (const d of [...opened]) await drop(d);
    },
  };
}

/**
 * A raw Dexie on `name` with the shipped schemas up to and including version `n` (their
 * upgrades too, so opening at n over an older database migrates it like build n did).
 * `history` defaults to the shipped list; the harness's own test passes a rehearsal one.
 */
export async function openAtVersion(
  name: string,
  n: number,
  history: readonly SchemaVersion[] = SCHEMA_VERSIONS,
): Promise<Dexie> {
  if (!history.some((v) => v.version === n)) {
    throw new Error(`No schema version ${n}; known: ${history.map((v) => v.version).join(', ')}`);
  }
  const db = new Dexie(name);
  declareSchemaVersions(db, n, history);
  await db.open();
  return db;
}

/** Writes every table of `fixture` in one read-write transaction. */
export async function fill(db: Dexie, fixture: Fixture): Promise<void> {
  const tables = Object.keys(fixture);
  await db.transaction('rw', tables, async () => {
    for (const table of tables) {
      await db.table(table).bulkAdd([...(fixture[table] ?? [])]);
    }
  });
}

/** Closes the old-version connection and opens the same database with the current `FleetDb`. */
export async function reopenCurrent(db: Dexie): Promise<FleetDb> {
  const name = db.name;
  db.close();
  const current = new FleetDb(name);
  await current.open();
  return current;
}

/** openAtVersion → fill → reopenCurrent, the usual shape of a migration test. */
export async function migrateFrom(name: string, n: number, fixture: Fixture): Promise<FleetDb> {
  const old = await openAtVersion(name, n);
  await fill(old, fixture);
  return reopenCurrent(old);
}

/** Closes any connection given and deletes the database. */
export async function dropDb(name: string, ...open: (Dexie | undefined)[]): Promise<void> {
  for (const db of open) db?.close();
  await Dexie.delete(name);
}
