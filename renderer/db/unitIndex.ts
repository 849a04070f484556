/**
 * Where units are stored and how a serial or an asset tag finds its page (schema versions 3
 * and 5; the layout and its measurements are in ./schema.ts). The storage layout only: the
 * schema's upgrades and every unit command build on it; it depends on no other module here.
 */
import { Dexie, type Table } from 'dexie';
import type { Uuid } from '../../shared/ids';
import type { PackedUnits } from '../../shared/units';
import { hashBucket } from './hashBucket';

/** The tables the unit index reads and writes (a `FleetDb` has them). */
export interface UnitTables {
  unitPages: Table<UnitPage, Uuid>;
  serialBuckets: Table<SerialBucket, number>;
}

/**
 * Units per page. Small enough that rewriting a page (a move, a sanitisation: every serial of
 * the page is re-indexed) stays a few milliseconds; large enough that 100,000 units are 200
 * records, not 2,000.
 */
export const UNIT_PAGE_SIZE = 500;

/** How many records asset tags are hashed into. Changing it needs a migration that rebuilds them. */
export const ASSET_TAG_BUCKETS = 256;

/** A row of `unitPages`. */
export interface UnitPage extends PackedUnits {
  id: Uuid;
}

/** Each page once: a look-up on the multi-entry `lotIds` index gives a page once per lot it matches. */
export function dedupePages(pages: readonly UnitPage[]): UnitPage[] {
  const seen = new Set<Uuid>();
  return pages.filter((p) => (seen.has(p.id) ? false : (seen.add(p.id), true)));
}

/** How many units a lot has, counted on its pages without unpacking them (inside the caller's transaction, if any). */
export async function unitCountOfLot(unitPages: Table<UnitPage, string>, lotId: Uuid): Promise<number> {
  let n = 0;
  for (const page of dedupePages(await unitPages.where('lotIds').equals(lotId).toArray())) {
    const at = page.lotIds.indexOf(lotId);
    for (let i = 0; i < page.serials.length; i++) if ((page.lot[i] ?? 0) === at) n++;
  }
  return n;
}

/** A row of `assetTagBuckets`: parallel arrays, tag → serial. */
export interface AssetTagBucket {
  bucket: number;
  tags: string[];
  serials: string[];
}

export function assetTagBucket(tag: string): number {
  return hashBucket(tag, ASSET_TAG_BUCKETS);
}

/** How many records the serial → page index is hashed into. Changing it needs a migration that rebuilds them. */
export const SERIAL_BUCKETS = 256;

/**
 * A row of `serialBuckets` (schema version 5): which page holds each serial hashed here. Serials
 * are one string joined by line feeds (a canonical serial has no control characters), pages a
 * short list with one index per serial: a record of ~400 serials clones as a few strings and a
 * typed array, where ~400 small strings each would cost IndexedDB per string.
 */
export interface SerialBucket {
  bucket: number;
  serials: string;
  pages: Uuid[];
  at: Uint16Array;
}

export function serialBucket(serial: string): number {
  return hashBucket(serial, SERIAL_BUCKETS);
}

/**
 * The page id one bucket row gives `serial`, found in the row's joined serials without splitting
 * them: a look-up reads one serial of a bucket of ~400, and building the whole map for it (each
 * serial its own string, then hashed into a Map) was a fifth of a look-up's time in Chromium.
 */
export function pageIdInSerialBucket(row: SerialBucket | undefined, serial: string): Uuid | undefined {
  if (row === undefined || serial === '') return undefined;
  const text = row.serials;
  for (let p = text.indexOf(serial); p !== -1; p = text.indexOf(serial, p + 1)) {
    const end = p + serial.length;
    if ((p === 0 || text.charCodeAt(p - 1) === 10) && (end === text.length || text.charCodeAt(end) === 10)) {
      let line = 0;
      for (let nl = text.indexOf('\n'); nl !== -1 && nl < p; nl = text.indexOf('\n', nl + 1)) line++;
      return row.pages[row.at[line] ?? 0];
    }
  }
  return undefined;
}

/** serial → page id of one bucket row. */
export function readSerialBucket(row: SerialBucket | undefined): Map<string, Uuid> {
  const map = new Map<string, Uuid>();
  if (row === undefined || row.serials === '') return map;
  const serials = row.serials.split('\n');
  for (let i = 0; i < serials.length; i++) map.set(serials[i] as string, row.pages[row.at[i] ?? 0] as Uuid);
  return map;
}

export function writeSerialBucket(bucket: number, map: ReadonlyMap<string, Uuid>): SerialBucket {
  const pages: Uuid[] = [];
  const pageIndex = new Map<Uuid, number>();
  const at = new Uint16Array(map.size);
  let i = 0;
  for (const pageId of map.values()) {
    let k = pageIndex.get(pageId);
    if (k === undefined) {
      k = pages.length;
      pages.push(pageId);
      pageIndex.set(pageId, k);
    }
    at[i++] = k;
  }
  return { bucket, serials: [...map.keys()].join('\n'), pages, at };
}

// These readers chain Dexie's own promises (`.then`) rather than nest native async functions:
// they run inside other transactions, including live queries, where a native promise between
// two requests lets IndexedDB commit the transaction early ("Transaction committed too early").

/** The serial → page maps of the buckets these serials hash to, and only those (a scan session touches a few dozen). */
function serialMaps(db: UnitTables, serials: Iterable<string>): Promise<Map<number, Map<string, Uuid>>> {
  const wanted = [...new Set([...serials].map(serialBucket))];
  return db.serialBuckets.bulkGet(wanted).then((rows) => {
    const maps = new Map<number, Map<string, Uuid>>(wanted.map((b) => [b, new Map()]));
    for (const row of rows) if (row && maps.has(row.bucket)) maps.set(row.bucket, readSerialBucket(row));
    return maps;
  });
}

/** Up to this many serials wanted from one bucket, each is searched for in its text; more, and the bucket is read into a map once. */
const SEARCH_AT_MOST = 8;

/** Which page holds each of these serials (absent: not in the fleet). */
export function pageIdsOfSerials(db: UnitTables, serials: readonly string[]): Promise<Map<string, Uuid>> {
  const byBucket = new Map<number, string[]>();
  for (const s of serials) {
    const b = serialBucket(s);
    const list = byBucket.get(b);
    if (list === undefined) byBucket.set(b, [s]);
    else list.push(s);
  }
  const wanted = [...byBucket.keys()];
  return db.serialBuckets.bulkGet(wanted).then((rows) => {
    const where = new Map<string, Uuid>();
    rows.forEach((row, i) => {
      const list = byBucket.get(wanted[i] as number) as string[];
      if (list.length <= SEARCH_AT_MOST) {
        for (const s of list) {
          const pageId = pageIdInSerialBucket(row, s);
          if (pageId !== undefined) where.set(s, pageId);
        }
      } else {
        const map = readSerialBucket(row);
        for (const s of list) {
          const pageId = map.get(s);
          if (pageId !== undefined) where.set(s, pageId);
        }
      }
    });
    const found = new Map<string, Uuid>();
    for (const s of serials) {
      const pageId = where.get(s);
      if (pageId !== undefined) found.set(s, pageId);
    }
    return found;
  });
}

/** The pages holding any of these serials, each once. */
export function pagesOfSerials(db: UnitTables, serials: readonly string[]): Promise<UnitPage[]> {
  return pageIdsOfSerials(db, serials)
    .then((found) => db.unitPages.bulkGet([...new Set(found.values())]))
    .then((pages) => pages.flatMap((p) => (p ? [p] : [])));
}

/**
 * Records serials as held by pages (`set`) and forgets others (`drop`), in the caller's
 * read-write transaction (which must include `serialBuckets`). Every write that adds or removes
 * units goes through here; rewriting a page in place keeps its serials where they are.
 */
export function updateSerialIndex(db: UnitTables, set: ReadonlyMap<string, Uuid>, drop: Iterable<string> = []): Promise<unknown> {
  const dropped = [...drop];
  if (set.size === 0 && dropped.length === 0) return Dexie.Promise.resolve();
  return serialMaps(db, [...set.keys(), ...dropped]).then((maps) => {
    for (const s of dropped) maps.get(serialBucket(s))?.delete(s);
    for (const [s, pageId] of set) maps.get(serialBucket(s))?.set(s, pageId);
    return db.serialBuckets.bulkPut([...maps].map(([b, map]) => writeSerialBucket(b, map)));
  });
}

/**
 * The rows of `serialBuckets` once the serials of `pages` that `isNew` names are indexed as held
 * by those pages: `stored` holds the current rows of (at least) every bucket they hash to, and the
 * caller's read-write transaction has checked that none of them is in the fleet. Each is appended
 * to its bucket's joined serials, rather than every stored serial of the bucket being read into a
 * map and written back ({@link updateSerialIndex}): what an import of many serials writes.
 */
export function serialRowsWithNew(stored: ReadonlyMap<number, SerialBucket>, pages: readonly UnitPage[], isNew: (serial: string) => boolean): SerialBucket[] {
  const added = new Map<number, { serials: string[]; at: number[]; pages: Uuid[]; pageIndex: Map<Uuid, number> }>();
  for (const page of pages) {
    for (const serial of page.serials) {
      if (!isNew(serial)) continue;
      const b = serialBucket(serial);
      let a = added.get(b);
      if (a === undefined) {
        const known = stored.get(b)?.pages ?? [];
        a = { serials: [], at: [], pages: [...known], pageIndex: new Map(known.map((id, k) => [id, k])) };
        added.set(b, a);
      }
      let k = a.pageIndex.get(page.id);
      if (k === undefined) {
        k = a.pages.push(page.id) - 1;
        a.pageIndex.set(page.id, k);
      }
      a.serials.push(serial);
      a.at.push(k);
    }
  }
  return [...added].map(([bucket, a]) => {
    const row = stored.get(bucket);
    const before = row === undefined || row.serials === '' ? null : row;
    const at = new Uint16Array((before?.at.length ?? 0) + a.at.length);
    if (before) at.set(before.at);
    at.set(a.at, before?.at.length ?? 0);
    const joined = a.serials.join('\n');
    return { bucket, serials: before ? `${before.serials}\n${joined}` : joined, pages: a.pages, at };
  });
}

/** A row of `assetTagBuckets`' tag → serial map, rebuilt. */
function writeTagBucket(bucket: number, map: ReadonlyMap<string, string>): AssetTagBucket {
  return { bucket, tags: [...map.keys()], serials: [...map.values()] };
}

/**
 * Pages and both indexes for a whole fleet of units (a rebuild from the events, a restore):
 * units in the order given, UNIT_PAGE_SIZE to a page, the serial and asset-tag buckets that
 * find them. Page ids come from `newId` (they are storage, not ledger, identity).
 */
export function layoutUnits(
  units: readonly { serial: string; assetTag: string }[],
  pack: (from: number, to: number) => PackedUnits,
  newId: () => Uuid,
): { pages: UnitPage[]; serialBuckets: SerialBucket[]; assetTagBuckets: AssetTagBucket[] } {
  const pages: UnitPage[] = [];
  const serials = new Map<number, Map<string, Uuid>>();
  const tags = new Map<number, Map<string, string>>();
  for (let from = 0; from < units.length; from += UNIT_PAGE_SIZE) {
    const to = Math.min(units.length, from + UNIT_PAGE_SIZE);
    const page: UnitPage = { id: newId(), ...pack(from, to) };
    pages.push(page);
    for (let i = from; i < to; i++) {
      const u = units[i] as { serial: string; assetTag: string };
      const b = serialBucket(u.serial);
      let map = serials.get(b);
      if (map === undefined) serials.set(b, (map = new Map()));
      map.set(u.serial, page.id);
      if (u.assetTag !== '') {
        const t = assetTagBucket(u.assetTag);
        let tmap = tags.get(t);
        if (tmap === undefined) tags.set(t, (tmap = new Map()));
        tmap.set(u.assetTag, u.serial);
      }
    }
  }
  return {
    pages,
    serialBuckets: [...serials].map(([b, map]) => writeSerialBucket(b, map)),
    assetTagBuckets: [...tags].map(([b, map]) => writeTagBucket(b, map)),
  };
}
