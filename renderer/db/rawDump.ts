/**
 * The backup made before a schema upgrade (LEDGER.md §2): the database exactly as the previous
 * version left it, every table and row, before the new version's upgrade touches it. It cannot
 * be a ledger backup (an older database has no event identity yet), so it is a dump of the raw
 * tables, restored by re-creating the database at that version and letting the upgrades run
 * again, as they would have.
 *
 *     {"format":"fleetledger-raw-dump","formatVersion":1,"schemaVersion":5,…,"bodySha256":"…"}
 *     {"table":"lots","row":{…}}          one line per row, canonical JSON, tables by name
 *
 * Also gzip on disk, with the `.fleetledger` extension: the same Restore from backup… reads it.
 */
import { Dexie } from 'dexie';
import { canonicalJson, parseCanonicalJson } from '../../shared/ledger/canonicalJson';
import { err, ok, type Result } from '../../shared/result';
import { declareSchemaVersions, SCHEMA_VERSIONS } from './schema';

export const RAW_DUMP_FORMAT = 'fleetledger-raw-dump';
export const RAW_DUMP_FORMAT_VERSION = 1;

export interface RawDumpHeader {
  format: typeof RAW_DUMP_FORMAT;
  formatVersion: number;
  schemaVersion: number;
  createdAt: string;
  /** Rows per table. */
  tables: Record<string, number>;
  bodySha256: string;
}

export interface RawDump {
  header: RawDumpHeader;
  rows: Map<string, unknown[]>;
}

/** Every table and row of the database `name` at whatever version it is, without upgrading it. */
export async function dumpDatabaseAsIs(name: string, sha256: (text: string) => Promise<string>, createdAt: string): Promise<{ text: string; header: RawDumpHeader }> {
  // No versions declared: Dexie opens the database at the version on disk and changes nothing.
  const raw = new Dexie(name);
  await raw.open();
  try {
    const version = raw.verno;
    const names = raw.tables.map((t) => t.name).sort();
    const lines: string[] = [];
    const counts: Record<string, number> = {};
    await raw.transaction('r', names, async () => {
      for (const table of names) {
        const rows = await raw.table(table).toArray();
        counts[table] = rows.length;
        for (const row of rows) lines.push(`{"row":${canonicalJson(row)},"table":${JSON.stringify(table)}}`);
      }
    });
    const body = lines.length === 0 ? '' : `${lines.join('\n')}\n`;
    const header: RawDumpHeader = {
      format: RAW_DUMP_FORMAT,
      formatVersion: RAW_DUMP_FORMAT_VERSION,
      schemaVersion: version,
      createdAt,
      tables: counts,
      bodySha256: await sha256(body),
    };
    return { text: `${canonicalJson(header)}\n${body}`, header };
  } finally {
    raw.close();
  }
}

export function isRawDump(text: string): boolean {
  const first = text.slice(0, Math.max(0, text.indexOf('\n')));
  return first.includes(`"format":"${RAW_DUMP_FORMAT}"`);
}

/** Reads and verifies a raw dump: header, checksum, every line, the counts. */
export async function decodeRawDump(text: string, sha256: (text: string) => Promise<string>, currentVersion: number): Promise<Result<RawDump>> {
  const newline = text.indexOf('\n');
  let header: RawDumpHeader;
  try {
    header = JSON.parse(newline === -1 ? text : text.slice(0, newline)) as RawDumpHeader;
  } catch {
    return err('This is not a Fleetledger backup: its first line is not a backup header.');
  }
  if (header.format !== RAW_DUMP_FORMAT) return err('This is not a Fleetledger pre-upgrade backup.');
  if (header.formatVersion > RAW_DUMP_FORMAT_VERSION || header.schemaVersion > currentVersion) {
    return err(`This backup was written by a newer Fleetledger (database version ${header.schemaVersion}): update Fleetledger to restore it.`);
  }
  if (!SCHEMA_VERSIONS.some((v) => v.version === header.schemaVersion)) return err(`This backup is of database version ${header.schemaVersion}, which no Fleetledger release had.`);
  const body = newline === -1 ? '' : text.slice(newline + 1);
  if ((await sha256(body)) !== header.bodySha256) return err('The backup is damaged: its contents do not match the checksum in its header. Nothing was restored.');
  const rows = new Map<string, unknown[]>();
  const lines = body.split('\n');
  lines.pop();
  for (let i = 0; i < lines.length; i++) {
    let parsed: { table?: unknown; row?: unknown };
    try {
      parsed = parseCanonicalJson(lines[i] as string) as { table?: unknown; row?: unknown };
    } catch {
      return err(`Line ${i + 2} of the backup is not valid JSON.`);
    }
    if (typeof parsed.table !== 'string' || parsed.row === undefined) return err(`Line ${i + 2} of the backup is not a table row.`);
    const list = rows.get(parsed.table);
    if (list) list.push(parsed.row);
    else rows.set(parsed.table, [parsed.row]);
  }
  for (const [table, n] of Object.entries(header.tables)) {
    if ((rows.get(table)?.length ?? 0) !== n) return err(`The backup's header counts ${n} rows of ${table} but it holds ${rows.get(table)?.length ?? 0}.`);
  }
  return ok({ header, rows });
}

/**
 * Puts a raw dump back: deletes the database `name`, re-creates it at the dump's version with
 * every row, and closes it. Opening it with the current FleetDb then runs the upgrades again.
 */
export async function restoreRawDump(name: string, dump: RawDump): Promise<void> {
  await Dexie.delete(name);
  const old = new Dexie(name);
  declareSchemaVersions(old, dump.header.schemaVersion);
  await old.open();
  try {
    const tables = [...dump.rows.keys()].filter((t) => old.tables.some((x) => x.name === t));
    await old.transaction('rw', tables, async () => {
      for (const t of tables) await old.table(t).bulkAdd(dump.rows.get(t) ?? []);
    });
  } finally {
    old.close();
  }
}
