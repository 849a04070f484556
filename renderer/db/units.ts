/**
 * Serial-numbered units in IndexedDB (schema version 3; the layout and its measurements are in
 * ./schema.ts). Units live in pages of up to UNIT_PAGE_SIZE, stored in columns
 * (shared/units.ts `PackedUnits`); a page may hold several lots' units. Asset tags are found
 * through hash buckets. Every write is one read-write transaction with the lot events that
 * record it (appended through ./eventLog.ts, which keeps each lot's seq counter), and nothing
 * async but Dexie runs inside. Import figures are in ./schema.ts (versions 3 and 5).
 */
import { Dexie } from 'dexie';
import { appendTo } from '../../shared/collections';
import type { LotEvent } from '../../shared/events';
import type { Uuid } from '../../shared/ids';
import type { Lot } from '../../shared/lot';
import { moveLot, type MoveRequest } from '../../shared/lotChanges';
import { err, ok, type Result } from '../../shared/result';
import {
  checkAssetTag,
  checkSerial,
  DEFAULT_SERIAL_FORMAT,
  encodeEventUnits,
  isUnitCondition,
  listSerials,
  MAX_RACK_U,
  normaliseCode,
  overQuantity,
  packUnits,
  sanitisationBeforeLot,
  sanitisedAfter,
  splitUnits,
  unitHistory,
  unpackUnit,
  unpackUnits,
  unsanitisedUnits,
  validateSanitisationRecord,
  type PackedUnits,
  type SanitisationRecord,
  type SerialFormat,
  type Unit,
  type UnitHolder,
  type UnitInput,
  type UnitLotEvent,
} from '../../shared/units';
import type { FleetDb } from './database';
import { appendEvents, lastSeq, lastSeqs } from './eventLog';
import { changeContext, lastMoveOfLot, lotCodes, lotEvents, moveComplianceFor, recordOwnSale, withStoredChecklist, type MoveOutcome } from './lotCommands';
import { applyUnitEdits, movePlacePatch, type MovePlace } from '../../shared/units';
import { rewritePages, unitsUpdatedEvent } from './unitEdits';
import { contestedCode, storedConflicts } from './storedConflicts';
import { todayIso } from '../lib/clock';
import {
  ASSET_TAG_BUCKETS,
  assetTagBucket,
  pageIdsOfSerials,
  serialBucket,
  serialRowsWithNew,
  type SerialBucket,
  pagesOfSerials,
  UNIT_PAGE_SIZE,
  dedupePages,
  updateSerialIndex,
  type AssetTagBucket,
  type UnitPage,
} from './unitIndex';

// Where units are stored, for the modules that reach it through this one.
export * from './unitIndex';

// ---- Reads -------------------------------------------------------------------------------

/** Every unit of the fleet (the start-up read: 100,000 units in a few hundred records). */
export async function loadAllUnits(db: FleetDb): Promise<Unit[]> {
  const pages = await db.unitPages.toArray();
  return pages.flatMap(unpackUnits);
}

/** A lot's units, in the order they were received. */
export async function unitsOfLot(db: FleetDb, lotId: Uuid): Promise<Unit[]> {
  const pages = dedupePages(await db.unitPages.where('lotIds').equals(lotId).toArray());
  return pages.flatMap(unpackUnits).filter((u) => u.lotId === lotId);
}

export interface FoundUnit {
  unit: Unit;
  lot: Lot | null;
  /** Whether the code scanned or typed was the serial or the asset tag. */
  matchedBy: 'serial' | 'asset-tag';
  /**
   * Set while the code names more than one unit (a code-twice conflict from team sync, not yet
   * settled): the conflict and every unit the code names, the one found first. Callers say so
   * rather than act on the unit as if the code were its alone.
   */
  contested: { conflictId: string; serials: string[] } | null;
}

function unitBySerial(db: FleetDb, serial: string): Promise<Unit | null> {
  return pageIdsOfSerials(db, [serial])
    .then((found) => {
      const pageId = found.get(serial);
      return pageId === undefined ? undefined : db.unitPages.get(pageId);
    })
    .then((page) => (page ? unpackUnit(page, page.serials.indexOf(serial)) : null));
}

/**
 * Finds a unit by serial, else by asset tag (any case, scanner noise ignored): two or three index
 * reads. While a code-twice conflict says the code names more than one unit, the unit it finds
 * is the one whose serial the code is, else the one that had the tag first (the same on every
 * device), and `contested` names them all.
 */
export function findUnit(db: FleetDb, serialOrTag: string): Promise<FoundUnit | null> {
  const code = normaliseCode(serialOrTag);
  if (code === '') return Promise.resolve(null);
  // Dexie's promises chained, not native awaits: each await inside a Dexie transaction costs a
  // zone switch, a tenth of a look-up's ~2 ms in Chromium at fleet scale.
  return db.transaction('r', [db.unitPages, db.serialBuckets, db.assetTagBuckets, db.lots, db.settings], () =>
    // Asked together (IndexedDB serves them in one go): the conflicts, the code as a serial, the
    // code's tag bucket. A look-up by serial then takes three round trips, by tag four, not six.
    Dexie.Promise.all([storedConflicts(db), unitBySerial(db, code), db.assetTagBuckets.get(assetTagBucket(code))])
      .then(([conflicts, bySerial, tagBucket]) => {
        const contest = contestedCode(conflicts, code);
        const contested = contest === null ? null : { conflictId: contest.conflictId, serials: contest.contested.serials };
        const first = contest?.contested.serials[0];
        const byTag = (): Promise<{ unit: Unit; matchedBy: FoundUnit['matchedBy'] } | null> => {
          const i = tagBucket ? tagBucket.tags.indexOf(code) : -1;
          const serial = i === -1 ? undefined : tagBucket?.serials[i];
          if (serial === undefined) return Dexie.Promise.resolve(null);
          return unitBySerial(db, serial).then((unit) => (unit === null ? null : { unit, matchedBy: 'asset-tag' as const }));
        };
        const orElse = (unit: Unit | null, matchedBy: FoundUnit['matchedBy']): Promise<{ unit: Unit; matchedBy: FoundUnit['matchedBy'] } | null> =>
          unit !== null ? Dexie.Promise.resolve({ unit, matchedBy }) : bySerial !== null ? Dexie.Promise.resolve({ unit: bySerial, matchedBy: 'serial' as const }) : byTag();
        const pick =
          first === undefined ? orElse(null, 'serial') : first === code ? orElse(bySerial, 'serial') : unitBySerial(db, first).then((unit) => orElse(unit, 'asset-tag'));
        return pick.then((hit) => (hit === null ? null : db.lots.get(hit.unit.lotId).then((lot): FoundUnit => ({ unit: hit.unit, lot: lot ?? null, matchedBy: hit.matchedBy, contested }))));
      }),
  );
}

/**
 * Units by serial (canonical), with their lots: one index query for the lot of serials, so a
 * pallet of 500 re-read after every scan stays one request, not 500. Serials not in the fleet
 * are absent from the map.
 */
export async function unitsBySerial(db: FleetDb, serials: readonly string[]): Promise<Map<string, { unit: Unit; lot: Lot | null }>> {
  const wanted = new Set(serials);
  const found = new Map<string, { unit: Unit; lot: Lot | null }>();
  if (wanted.size === 0) return found;
  return db.transaction('r', [db.unitPages, db.serialBuckets, db.lots], async () => {
    const pages = await pagesOfSerials(db, [...wanted]);
    const units: Unit[] = [];
    for (const page of pages) {
      page.serials.forEach((serial, i) => {
        if (!wanted.has(serial)) return;
        const unit = unpackUnit(page, i);
        if (unit) units.push(unit);
      });
    }
    const lotIds = [...new Set(units.map((u) => u.lotId))];
    const lots = new Map((await db.lots.bulkGet(lotIds)).flatMap((l) => (l ? [[l.id, l] as const] : [])));
    for (const unit of units) found.set(unit.serial, { unit, lot: lots.get(unit.lotId) ?? null });
    return found;
  });
}

/** Where every serial and asset tag of the fleet is, for scan sessions and import checks. */
export interface UnitHolders {
  bySerial: Map<string, UnitHolder>;
  byAssetTag: Map<string, UnitHolder>;
  /** Tracked units per lot. */
  counts: Map<Uuid, number>;
}

export async function unitHolders(db: FleetDb): Promise<UnitHolders> {
  const [pages, lots] = await db.transaction('r', db.unitPages, db.lots, () => Promise.all([db.unitPages.toArray(), db.lots.toArray()]));
  const codes = new Map(lots.map((l) => [l.id, l.code]));
  const bySerial = new Map<string, UnitHolder>();
  const byAssetTag = new Map<string, UnitHolder>();
  const counts = new Map<Uuid, number>();
  for (const page of pages) {
    const holders = page.lotIds.map((lotId) => ({ lotId, lotCode: codes.get(lotId) ?? '?' }));
    for (let i = 0; i < page.serials.length; i++) {
      const at = holders[page.lot[i] ?? 0] as { lotId: Uuid; lotCode: string };
      const serial = page.serials[i] as string;
      const holder: UnitHolder = { serial, lotId: at.lotId, lotCode: at.lotCode };
      bySerial.set(serial, holder);
      const tag = page.assetTags?.[i] ?? '';
      if (tag !== '') byAssetTag.set(tag, holder);
      counts.set(at.lotId, (counts.get(at.lotId) ?? 0) + 1);
    }
  }
  return { bySerial, byAssetTag, counts };
}

/** The events that touched a unit, oldest first; null when no unit has that serial or tag. */
export async function unitHistoryOf(db: FleetDb, serialOrTag: string): Promise<LotEvent[] | null> {
  const found = await findUnit(db, serialOrTag);
  if (found === null) return null;
  const chain: { lotId: Uuid; events: LotEvent[] }[] = [];
  let lotId: Uuid | null = found.unit.lotId;
  const seen = new Set<Uuid>();
  while (lotId !== null && !seen.has(lotId)) {
    seen.add(lotId);
    chain.unshift({ lotId, events: await lotEvents(db, lotId) });
    lotId = (await db.lots.get(lotId))?.parentId ?? null;
  }
  return unitHistory(found.unit.serial, chain);
}

/** Serials of a lot's storage-bearing units still lacking a verified sanitisation record. */
export async function unsanitisedUnitsOfLot(db: FleetDb, lotId: Uuid): Promise<string[]> {
  return db.transaction('r', db.lots, db.models, db.unitPages, async () => {
    const lot = await db.lots.get(lotId);
    if (!lot) return [];
    return unsanitisedUnits(await unitsOfLot(db, lotId), (await db.models.get(lot.modelId))?.storageBearing ?? false);
  });
}

// ---- Receiving units ---------------------------------------------------------------------

/** Units to add to one lot. */
export interface UnitBatch {
  lotId: Uuid;
  units: readonly UnitInput[];
  /** The file row of each unit, when they come from a file: a refusal then names the row. */
  lines?: readonly number[];
}

export interface ReceiveOptions {
  /** The business date of the receipt, recorded on the events. */
  date?: string | null;
  note?: string;
  /** The serial format of a lot (its model's), when the catalogue has one. */
  formatOf?: (lot: Lot) => SerialFormat;
}

export interface ReceiveSummary {
  units: number;
  lots: number;
}

/** More units than this, or this many lots, and checks read every page once instead of querying per key. */
const BULK_UNITS = 2_000;
const BULK_LOTS = 50;

/** `issues` as one message: the first ten, and how many more. */
function summarise(issues: readonly string[]): string {
  const shown = issues.slice(0, 10).join(' ');
  return issues.length > 10 ? `${shown} (and ${issues.length - 10} more problems)` : shown;
}

/** What the unique serial index says when a write races another one. */
function isConstraintError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const { name, failures } = e as { name?: unknown; failures?: unknown };
  if (name === 'ConstraintError') return true;
  return name === 'BulkError' && Array.isArray(failures) && failures.some(isConstraintError);
}

/** Units in canonical form per lot, and what is wrong with them that needs no database to tell. */
interface CanonicalBatches {
  issues: string[];
  seenSerial: Set<string>;
  /** Asset tag → serial. */
  seenTag: Map<string, string>;
  byLot: Map<Uuid, Unit[]>;
  /** "Row 4: " for a serial whose file row is known, else "". */
  rowOf: (serial: string) => string;
}

/** `text` after a row prefix ("Row 4: "): its first letter lower-case there, as the sentence goes on. */
function atRow(row: string, text: string): string {
  return row === '' ? text : `${row}${text.charAt(0).toLowerCase()}${text.slice(1)}`;
}

function canonicalBatches(batches: readonly UnitBatch[]): CanonicalBatches {
  const issues: string[] = [];
  const seenSerial = new Set<string>();
  const seenTag = new Map<string, string>();
  const byLot = new Map<Uuid, Unit[]>();
  const rows = new Map<string, number>();
  for (const batch of batches) {
    const list = byLot.get(batch.lotId) ?? [];
    byLot.set(batch.lotId, list);
    for (const [k, input] of batch.units.entries()) {
      const serial = normaliseCode(input.serial);
      const line = batch.lines?.[k];
      if (line !== undefined && !rows.has(serial)) rows.set(serial, line);
      const assetTag = normaliseCode(input.assetTag);
      if (seenSerial.has(serial)) issues.push(`${serial} is in the batch twice.`);
      seenSerial.add(serial);
      const tagCheck = checkAssetTag(assetTag);
      if (!tagCheck.ok) issues.push(tagCheck.error);
      else if (assetTag !== '') {
        const other = seenTag.get(assetTag);
        if (other !== undefined) issues.push(`Asset tag ${assetTag} is given to both ${other} and ${serial}.`);
        seenTag.set(assetTag, serial);
      }
      if (input.u !== null && (!Number.isInteger(input.u) || input.u < 1 || input.u > MAX_RACK_U)) {
        issues.push(`${serial}: rack position ${input.u} is not a whole number from 1 to ${MAX_RACK_U}.`);
      } else if (input.u !== null && input.rack.trim() === '') {
        // As an edit (shared/units.ts applyUnitEdits): a U means nothing without its rack, and a
        // unit received so could not be edited afterwards without first being given one.
        issues.push(`${serial}: a rack position (U${input.u}) needs a rack.`);
      }
      if (!isUnitCondition(input.status)) issues.push(`${serial}: “${String(input.status)}” is not a unit status.`);
      // Field by field rather than spread: one object shape for every unit, nothing but its fields.
      list.push({
        serial,
        lotId: batch.lotId,
        assetTag,
        siteId: input.siteId,
        room: input.room.trim(),
        rack: input.rack.trim(),
        u: input.u,
        status: input.status,
        notes: input.notes.trim(),
        sanitisation: input.sanitisation ?? null,
      });
    }
  }
  for (const [lotId, list] of byLot) if (list.length === 0) byLot.delete(lotId);
  const rowOf = (serial: string): string => {
    const line = rows.get(serial);
    return line === undefined ? '' : `Row ${line}: `;
  };
  // A label's QR code is the asset tag, else the serial: a tag that is another unit's serial puts
  // one code on two labels, and a look-up of it finds only one of them (a unit's own serial as its
  // tag is one unit, one code).
  for (const [tag, serial] of seenTag) {
    if (tag !== serial && seenSerial.has(tag)) issues.push(atRow(rowOf(serial), `Asset tag ${tag} of ${serial} is the serial of another unit in the batch; an asset tag may not be another unit’s serial.`));
  }
  return { issues, seenSerial, seenTag, byLot, rowOf };
}

/**
 * Adds units to lots, all or nothing, in one transaction: the pages, the asset-tag buckets and
 * one `units-received` event per lot (with the units, so replaying events rebuilds them).
 * Refused, with a message naming what is wrong: a serial or asset tag already in the fleet
 * (and in which lot) or twice in the batch, a serial that is a unit's asset tag or a tag that is
 * a unit's serial (in the fleet or the batch: one code, one unit), a bad serial, a lot's quantity
 * exceeded, a lot that does not exist or is disposed. The file row, when the batch gives it.
 *
 * At fleet scale every IndexedDB request costs (~0.2 ms each on the team's machines), so the
 * reads are issued together up front and the JavaScript work runs while they are served.
 */
export async function importUnits(db: FleetDb, batches: readonly UnitBatch[], actor: string, options: ReceiveOptions = {}): Promise<Result<ReceiveSummary>> {
  // A big import reads every lot, page and tag bucket once, and starts those reads before the
  // canonical forms are computed (that main-thread work then overlaps them, ~0.1–0.2 s at
  // 100,000 units); a scan session checks first and reads only what it touches.
  let unitCount = 0;
  const receiving = new Set<Uuid>();
  for (const batch of batches) {
    unitCount += batch.units.length;
    if (batch.units.length > 0) receiving.add(batch.lotId);
  }
  if (receiving.size === 0) return ok({ units: 0, lots: 0 });
  const bulk = unitCount > BULK_UNITS || receiving.size > BULK_LOTS;
  const early = bulk ? null : canonicalBatches(batches);
  if (early && early.issues.length > 0) return err(summarise(early.issues));
  const ctx = changeContext(actor);

  try {
    return await db.transaction('rw', [db.lots, db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger, db.unitPages, db.serialBuckets, db.assetTagBuckets], async () => {
      const bulkReads = bulk
        ? ([db.lots.toArray(), db.unitPages.toArray(), db.assetTagBuckets.toArray(), lastSeqs(db, [...receiving]), db.serialBuckets.toArray()] as const)
        : null;
      const { issues, seenSerial, seenTag, byLot, rowOf } = early ?? canonicalBatches(batches);
      if (issues.length > 0) {
        await Promise.all(bulkReads ?? []);
        return err(summarise(issues));
      }
      const lotIds = [...byLot.keys()];
      const serials = [...seenSerial];
      const tagged = [...seenTag.keys()];
      // The buckets of the new tags (checked, then rewritten with them), and of the new serials
      // (checked only: a serial may not be a unit's asset tag); a big import reads them all.
      const bucketIds = bulkReads ? Array.from({ length: ASSET_TAG_BUCKETS }, (_, b) => b) : [...new Set([...tagged, ...serials].map(assetTagBucket))];
      let lotsRead: Promise<(Lot | undefined)[]>;
      let lotPagesRead: Promise<UnitPage[]>;
      let clashPagesRead: Promise<UnitPage[]>;
      let bucketsRead: Promise<(AssetTagBucket | undefined)[]>;
      let seqsRead: Promise<Map<Uuid, number>>;
      // The serial index's rows of the new serials' buckets, which they are appended to.
      let serialRowsRead: Promise<(SerialBucket | undefined)[]>;
      if (bulkReads) {
        const [allLots, allPages, allBuckets, seqs, allSerialRows] = bulkReads;
        const wanted = new Set(lotIds);
        lotsRead = allLots.then((all) => all.filter((l) => wanted.has(l.id)));
        lotPagesRead = allPages;
        clashPagesRead = allPages;
        bucketsRead = allBuckets.then((all) => {
          const byId = new Map(all.map((b) => [b.bucket, b]));
          return bucketIds.map((b) => byId.get(b));
        });
        seqsRead = seqs;
        serialRowsRead = allSerialRows;
      } else {
        lotsRead = db.lots.bulkGet(lotIds);
        lotPagesRead = db.unitPages.where('lotIds').anyOf(lotIds).toArray().then(dedupePages);
        // The pages of the new serials and of the new tags: a tag may not be a unit's serial.
        clashPagesRead = pagesOfSerials(db, [...new Set([...serials, ...tagged])]);
        bucketsRead = db.assetTagBuckets.bulkGet(bucketIds);
        // Served while the checks below run; unused if they refuse. A read of the counters
        // (./eventLog.ts), not a [lotId+seq] index read per lot.
        seqsRead = lastSeqs(db, lotIds);
        serialRowsRead = db.serialBuckets.bulkGet([...new Set(serials.map(serialBucket))]);
      }
      const [lots, lotPages, clashPages, buckets, serialRowList] = await Promise.all([lotsRead, lotPagesRead, clashPagesRead, bucketsRead, serialRowsRead]);
      const lotById = new Map<Uuid, Lot>();
      for (const lot of lots) if (lot) lotById.set(lot.id, lot);
      const clashes: string[] = [];
      for (const lotId of lotIds) {
        const lot = lotById.get(lotId);
        if (!lot) clashes.push(`Lot ${lotId} does not exist.`);
        else if (lot.status === 'disposed') clashes.push(`${lot.code} is disposed; it cannot receive units.`);
      }
      if (clashes.length > 0) {
        await seqsRead;
        return err(summarise(clashes));
      }
      const codeOf = async (lotId: Uuid): Promise<string> => lotById.get(lotId)?.code ?? (await db.lots.get(lotId))?.code ?? lotId;
      for (const page of clashPages) {
        for (let i = 0; i < page.serials.length; i++) {
          const s = page.serials[i] as string;
          if (seenSerial.has(s)) clashes.push(atRow(rowOf(s), `${s} is already in the fleet, in lot ${await codeOf(page.lotIds[page.lot[i] ?? 0] as Uuid)}.`));
          else {
            const mine = seenTag.get(s);
            if (mine !== undefined) clashes.push(atRow(rowOf(mine), `Asset tag ${s} of ${mine} is already the serial of a unit in lot ${await codeOf(page.lotIds[page.lot[i] ?? 0] as Uuid)}; an asset tag may not be another unit’s serial.`));
          }
        }
      }
      const counts = new Map<Uuid, number>();
      for (const page of lotPages) for (let i = 0; i < page.serials.length; i++) {
        const id = page.lotIds[page.lot[i] ?? 0] as Uuid;
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      for (const [lotId, list] of byLot) {
        const lot = lotById.get(lotId) as Lot;
        const over = overQuantity(lot, counts.get(lotId) ?? 0, list.length);
        if (over) clashes.push(over);
        const format = options.formatOf?.(lot) ?? DEFAULT_SERIAL_FORMAT;
        for (const u of list) {
          const check = checkSerial(u.serial, format);
          if (!check.ok) clashes.push(`${lot.code}: ${check.error}`);
        }
      }

      // Asset tags: the buckets they hash to are checked, then rewritten with the new tags.
      const touched = new Map<number, AssetTagBucket>();
      bucketIds.forEach((b, i) => {
        const stored = buckets[i];
        touched.set(b, stored ? { bucket: b, tags: [...stored.tags], serials: [...stored.serials] } : { bucket: b, tags: [], serials: [] });
      });
      for (const bucket of touched.values()) {
        bucket.tags.forEach((tag, i) => {
          const mine = seenTag.get(tag);
          const holder = bucket.serials[i] as string;
          if (mine !== undefined) clashes.push(atRow(rowOf(mine), `Asset tag ${tag} of ${mine} is already on ${holder} in the fleet.`));
          // A unit whose tag is its own serial is found as that serial is, above.
          else if (seenSerial.has(tag) && holder !== tag) clashes.push(atRow(rowOf(tag), `Serial ${tag} is already the asset tag of ${holder} in the fleet; a serial may not be another unit’s asset tag.`));
        });
      }
      if (clashes.length > 0) {
        await seqsRead;
        return err(summarise(clashes));
      }
      const tagBucketIds = new Set<number>();
      for (const [tag, serial] of seenTag) {
        const b = assetTagBucket(tag);
        tagBucketIds.add(b);
        const bucket = touched.get(b) as AssetTagBucket;
        bucket.tags.push(tag);
        bucket.serials.push(serial);
      }

      // Each lot's units packed once: its event records that pack, and new pages are cut from the
      // packs (repackUnits: columns copied, nothing re-keyed) rather than packed again from units.
      const lotPacks = new Map<Uuid, PackedUnits>();
      for (const [lotId, list] of byLot) lotPacks.set(lotId, packUnits(list, () => lotId));

      // One event per lot, with the units it received, appended before the pages are written:
      // the log's few reads are then served first, and its main-thread work (each event as a
      // line, full blocks sealed with gzip: a third of the import) runs while IndexedDB writes
      // the pages, rather than after.
      const seqs = await seqsRead;
      const events: UnitLotEvent[] = lotIds.map((lotId) => {
        const units = byLot.get(lotId) ?? [];
        const lot = lotById.get(lotId) as Lot;
        const tracked = (counts.get(lotId) ?? 0) + units.length;
        return {
          id: ctx.newId(),
          hlc: '',
          entity: 'lot',
          lotId,
          seq: (seqs.get(lotId) ?? 0) + 1,
          at: ctx.now,
          date: options.date ?? null,
          actor: ctx.actor,
          type: 'units-received',
          from: null,
          to: null,
          quantity: units.length,
          before: null,
          after: {},
          relatedLotId: null,
          note: options.note?.trim() || `Received ${units.length} serial${units.length === 1 ? '' : 's'} (${tracked} of ${lot.quantity} tracked).`,
          // The event form (shared/units.ts EventUnits: joined string columns, one byte array) clones
          // ~2–3× faster than the pack (Node); in Chromium it saved ~0.1–0.3 s (./schema.ts, version 5).
          units: encodeEventUnits(lotPacks.get(lotId) as PackedUnits),
        };
      });
      const appended = appendEvents(db, events);

      // Placement: top up pages that already hold these lots, then fill new pages in lot order.
      const placed = new Map<Uuid, number>();
      const changedPages: UnitPage[] = [];
      for (const page of lotPages) {
        if (page.serials.length >= UNIT_PAGE_SIZE || !page.lotIds.some((id) => byLot.has(id))) continue;
        const units = unpackUnits(page);
        for (const id of page.lotIds) {
          const list = byLot.get(id);
          if (!list) continue;
          const from = placed.get(id) ?? 0;
          const take = Math.min(list.length - from, UNIT_PAGE_SIZE - units.length);
          if (take <= 0) continue;
          for (let k = from; k < from + take; k++) units.push(list[k] as Unit);
          placed.set(id, from + take);
        }
        if (units.length > page.serials.length) changedPages.push(packPage(page.id, units));
      }
      let part: PackRange[] = [];
      let size = 0;
      for (const [lotId, pack] of lotPacks) {
        for (let from = placed.get(lotId) ?? 0; from < pack.serials.length; ) {
          const to = Math.min(pack.serials.length, from + UNIT_PAGE_SIZE - size);
          part.push({ pack, from, to });
          size += to - from;
          from = to;
          if (size === UNIT_PAGE_SIZE) {
            changedPages.push({ id: ctx.newId(), ...repackUnits(part) });
            part = [];
            size = 0;
          }
        }
      }
      if (size > 0) changedPages.push({ id: ctx.newId(), ...repackUnits(part) });
      // The serial → page index learns where each new serial went (topped-up pages keep the rest),
      // appended to its rows: every new serial was checked above not to be in the fleet.
      const serialRows = new Map<number, SerialBucket>();
      for (const row of serialRowList) if (row) serialRows.set(row.bucket, row);
      await Promise.all([
        appended,
        db.unitPages.bulkPut(changedPages),
        db.assetTagBuckets.bulkPut([...touched.values()].filter((b) => tagBucketIds.has(b.bucket))),
        db.serialBuckets.bulkPut(serialRowsWithNew(serialRows, changedPages, (s) => seenSerial.has(s))),
      ]);
      return ok({ units: serials.length, lots: lotIds.length });
    });
  } catch (e) {
    if (isConstraintError(e)) return err('A serial in this batch was added to the fleet meanwhile (by another window?). Nothing was added; check the fleet and try again.');
    throw e;
  }
}

/**
 * Deletes every unit of `lotIds` (lots being deleted whole, e.g. the demo fleet cleared), with
 * their asset tags, inside the caller's read-write transaction (which must include `unitPages`,
 * `serialBuckets` and `assetTagBuckets`). Pages shared with other lots keep those lots' units. Returns how many
 * units went. Nothing else deletes units: a lot that stays keeps its units and their history.
 */
export async function deleteUnitsOfLots(db: FleetDb, lotIds: readonly Uuid[]): Promise<number> {
  const drop = new Set(lotIds);
  if (drop.size === 0) return 0;
  const pages = dedupePages(await db.unitPages.where('lotIds').anyOf([...drop]).toArray());
  const goneTags = new Set<string>();
  const goneSerials: string[] = [];
  const emptied: Uuid[] = [];
  const kept: UnitPage[] = [];
  let deleted = 0;
  for (const page of pages) {
    const units = unpackUnits(page);
    const stay = units.filter((u) => !drop.has(u.lotId));
    for (const u of units) {
      if (!drop.has(u.lotId)) continue;
      goneSerials.push(u.serial);
      if (u.assetTag !== '') goneTags.add(u.assetTag);
    }
    deleted += units.length - stay.length;
    if (stay.length === 0) emptied.push(page.id);
    else kept.push(packPage(page.id, stay));
  }
  const bucketIds = [...new Set([...goneTags].map(assetTagBucket))];
  const buckets = (await db.assetTagBuckets.bulkGet(bucketIds)).flatMap((b) => (b ? [b] : []));
  const rewritten = buckets.map((b) => {
    const keep = b.tags.map((tag, i) => (goneTags.has(tag) ? -1 : i)).filter((i) => i !== -1);
    return { bucket: b.bucket, tags: keep.map((i) => b.tags[i] as string), serials: keep.map((i) => b.serials[i] as string) };
  });
  await Promise.all([db.unitPages.bulkDelete(emptied), db.unitPages.bulkPut(kept), db.assetTagBuckets.bulkPut(rewritten), updateSerialIndex(db, new Map(), goneSerials)]);
  return deleted;
}

/**
 * Writes units as they now are (null: gone), inside the caller's read-write transaction over the
 * unit tables: a page holding one is rewritten in place (emptied pages deleted), units not held
 * yet go on new pages, and the serial and asset-tag indexes follow. What team sync uses to take
 * in other devices' unit changes without rewriting every page.
 */
export async function writeUnitStates(db: FleetDb, states: ReadonlyMap<string, Unit | null>): Promise<void> {
  if (states.size === 0) return;
  const pages = dedupePages(await pagesOfSerials(db, [...states.keys()]));
  const found = new Set<string>();
  const goneTags = new Map<string, string>();
  const newTags = new Map<string, string>();
  const dropSerials: string[] = [];
  const emptied: Uuid[] = [];
  const rewritten: UnitPage[] = [];
  for (const page of pages) {
    const units: Unit[] = [];
    let changed = false;
    for (const u of unpackUnits(page)) {
      if (!states.has(u.serial)) {
        units.push(u);
        continue;
      }
      found.add(u.serial);
      changed = true;
      const next = states.get(u.serial) ?? null;
      if (u.assetTag !== '' && u.assetTag !== next?.assetTag) goneTags.set(u.assetTag, u.serial);
      if (next === null) {
        dropSerials.push(u.serial);
        continue;
      }
      if (next.assetTag !== '' && next.assetTag !== u.assetTag) newTags.set(next.assetTag, next.serial);
      units.push(next);
    }
    if (!changed) continue;
    if (units.length === 0) emptied.push(page.id);
    else rewritten.push(packPage(page.id, units));
  }
  const added = [...states.values()].filter((u): u is Unit => u !== null && !found.has(u.serial));
  const located = new Map<string, Uuid>();
  for (let from = 0; from < added.length; from += UNIT_PAGE_SIZE) {
    const page = packPage(crypto.randomUUID(), added.slice(from, from + UNIT_PAGE_SIZE));
    rewritten.push(page);
    for (const serial of page.serials) located.set(serial, page.id);
  }
  for (const u of added) if (u.assetTag !== '') newTags.set(u.assetTag, u.serial);
  const bucketIds = [...new Set([...goneTags.keys(), ...newTags.keys()].map(assetTagBucket))];
  const buckets = await db.assetTagBuckets.bulkGet(bucketIds);
  const tagRows = bucketIds.map((bucket, i) => {
    const map = new Map<string, string>();
    const row = buckets[i];
    if (row) row.tags.forEach((tag, k) => map.set(tag, row.serials[k] as string));
    for (const tag of goneTags.keys()) map.delete(tag);
    for (const [tag, serial] of newTags) if (assetTagBucket(tag) === bucket) map.set(tag, serial);
    return { bucket, tags: [...map.keys()], serials: [...map.values()] };
  });
  await Promise.all([db.unitPages.bulkDelete(emptied), db.unitPages.bulkPut(rewritten), db.assetTagBuckets.bulkPut(tagRows), updateSerialIndex(db, located, dropSerials)]);
}

function packPage(id: Uuid, units: readonly Unit[]): UnitPage {
  return { id, ...packUnits(units, (i) => (units[i] as Unit).lotId) };
}

/** Units `from` to `to` (exclusive) of a pack. */
export interface PackRange {
  pack: PackedUnits;
  from: number;
  to: number;
}

/**
 * The pack of the units the ranges name, in order: the same as `packUnits` over those units
 * (test/renderer/db/repackUnits.test.ts checks it), but by copying columns and renumbering the
 * small lot and place dictionaries, so an import packs each unit once, not once per lot event
 * and again per page (~40 % of its main-thread time at 100,000 units).
 */
export function repackUnits(ranges: readonly PackRange[]): PackedUnits {
  let n = 0;
  for (const r of ranges) n += r.to - r.from;
  const serials = new Array<string>(n);
  const tags = new Array<string>(n);
  let anyTag = false;
  const lotIds: Uuid[] = [];
  const lotIndex = new Map<Uuid, number>();
  const lot = new Uint16Array(n);
  const places: [string, string, string][] = [];
  const placeIndex = new Map<string, number>();
  const place = new Uint16Array(n);
  const u = new Uint8Array(n);
  const status = new Uint8Array(n);
  const notes: [number, string][] = [];
  const sanitisation: [number, SanitisationRecord][] = [];
  let at = 0;
  for (const { pack, from, to } of ranges) {
    // This pack's lot and place numbers → the result's, resolved on first use (as packUnits numbers them).
    const lotMap = new Int32Array(pack.lotIds.length).fill(-1);
    const placeMap = new Int32Array(pack.places.length + 1).fill(-1);
    placeMap[0] = 0;
    const start = at;
    for (let i = from; i < to; i++, at++) {
      serials[at] = pack.serials[i] as string;
      const tag = pack.assetTags?.[i] ?? '';
      tags[at] = tag;
      if (tag !== '') anyTag = true;
      const l = pack.lot[i] ?? 0;
      let li = lotMap[l] ?? -1;
      if (li === -1) {
        const id = pack.lotIds[l] as Uuid;
        li = lotIndex.get(id) ?? -1;
        if (li === -1) {
          li = lotIds.push(id) - 1;
          lotIndex.set(id, li);
        }
        lotMap[l] = li;
      }
      lot[at] = li;
      const p = pack.place[i] ?? 0;
      let pi = placeMap[p] ?? -1;
      if (pi === -1) {
        const [site, room, rack] = pack.places[p - 1] as [string, string, string];
        const key = `${site}\u0000${room}\u0000${rack}`;
        pi = placeIndex.get(key) ?? -1;
        if (pi === -1) {
          pi = places.push([site, room, rack]);
          placeIndex.set(key, pi);
        }
        placeMap[p] = pi;
      }
      place[at] = pi;
      u[at] = pack.u[i] ?? 0;
      status[at] = pack.status[i] ?? 0;
    }
    for (const [i, text] of pack.notes) if (i >= from && i < to) notes.push([start + i - from, text]);
    for (const [i, record] of pack.sanitisation) if (i >= from && i < to) sanitisation.push([start + i - from, record]);
  }
  const packed: PackedUnits = { serials, lotIds, lot, places, place, u, status, notes, sanitisation };
  if (anyTag) packed.assetTags = tags;
  return packed;
}

/** Adds units to one lot (a committed scan session, a pasted column): see {@link importUnits}. */
export async function addUnits(db: FleetDb, lotId: Uuid, units: readonly UnitInput[], actor: string, options: ReceiveOptions = {}): Promise<Result<ReceiveSummary>> {
  return importUnits(db, [{ lotId, units }], actor, options);
}

// ---- Sanitisation ------------------------------------------------------------------------

/**
 * Records one sanitisation (NIST SP 800-88) on units, replacing each one's latest record, with a
 * `sanitised` event per lot. Refused if the record is incomplete, a serial is unknown or its lot
 * is disposed. `today` bounds the record's date (default: today, UTC).
 */
export async function recordSanitisation(
  db: FleetDb,
  serials: readonly string[],
  record: SanitisationRecord,
  actor: string,
  today: string = new Date().toISOString().slice(0, 10),
): Promise<Result<ReceiveSummary>> {
  const checked = validateSanitisationRecord(record, today);
  if (!checked.ok) return checked;
  const wanted = new Set(serials.map(normaliseCode).filter((s) => s !== ''));
  if (wanted.size === 0) return err('Scan or choose the units that were sanitised.');
  const ctx = changeContext(actor);
  return db.transaction('rw', [db.lots, db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger, db.unitPages, db.serialBuckets], async () => {
    const pages = await pagesOfSerials(db, [...wanted]);
    const found = new Set(pages.flatMap((p) => p.serials.filter((s) => wanted.has(s))));
    const unknown = [...wanted].filter((s) => !found.has(s));
    if (unknown.length > 0) return err(`${listSerials(unknown)} ${unknown.length === 1 ? 'is not a unit' : 'are not units'} in the fleet.`);
    const byLot = new Map<Uuid, string[]>();
    const changed = pages.map((page) => {
      const units = unpackUnits(page).map((u) => {
        if (!wanted.has(u.serial)) return u;
        appendTo(byLot, u.lotId, u.serial);
        return { ...u, sanitisation: checked.value };
      });
      return packPage(page.id, units);
    });
    const lotIds = [...byLot.keys()];
    const lots = await db.lots.bulkGet(lotIds);
    const disposed = lots.filter((l): l is Lot => l?.status === 'disposed').map((l) => l.code);
    if (disposed.length > 0) return err(`${disposed.join(', ')} ${disposed.length === 1 ? 'is' : 'are'} disposed; their records are closed.`);
    const early = lots.flatMap((l) => (l ? [sanitisationBeforeLot(checked.value, l)] : [])).filter((m): m is string => m !== null);
    if (early.length > 0) return err(early.join(' '));
    const seqs = await lastSeqs(db, lotIds);
    const r = checked.value;
    const events: UnitLotEvent[] = lotIds.map((lotId) => {
      const lotSerials = byLot.get(lotId) ?? [];
      return {
        id: ctx.newId(),
        hlc: '',
        entity: 'lot',
        lotId,
        seq: (seqs.get(lotId) ?? 0) + 1,
        at: ctx.now,
        date: r.performedAt,
        actor: ctx.actor,
        type: 'sanitised',
        from: null,
        to: null,
        quantity: lotSerials.length,
        before: null,
        after: {},
        relatedLotId: null,
        note: r.note || `${r.method} (${r.technique}, ${r.tool}${r.toolVersion ? ` ${r.toolVersion}` : ''}), verification ${r.verificationResult}: ${listSerials(lotSerials, 5)}`,
        serials: lotSerials,
        sanitisation: r,
      };
    });
    await db.unitPages.bulkPut(changed);
    await appendEvents(db, events);
    return ok({ units: found.size, lots: lotIds.length });
  });
}

// ---- Moves that name units ---------------------------------------------------------------

/**
 * Moves all or part of a lot like `moveLotCommand`, with its units: the named serials follow a
 * split to the child lot (the split event records them), and a disposal is refused while any
 * storage-bearing unit that moves lacks a verified sanitisation record, naming them.
 *
 * Scan-to-move: with a `place`, the units that move also get that room and rack (see
 * shared/units.ts `movePlacePatch`), recorded by a `units-updated` event on the lot that holds
 * them after the move, in the same transaction, so the status and the place change at once.
 */
export async function moveLotWithUnits(
  db: FleetDb,
  lotId: Uuid,
  req: MoveRequest,
  serials: readonly string[],
  actor: string,
  place: MovePlace = { room: '', rack: '' },
): Promise<Result<MoveOutcome>> {
  const placing = movePlacePatch(place, Boolean(req.siteId));
  if (placing && req.to === 'disposed') return err('Units that are disposed of leave the racks: leave the room and rack blank for a disposal.');
  const ctx = changeContext(actor);
  return db.transaction('rw', [db.lots, db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger, db.unitPages, db.models, db.sites, db.settings, db.marketObservations], async () => {
    const lot = await db.lots.get(lotId);
    if (!lot) return err('This lot no longer exists.');
    const pages = dedupePages(await db.unitPages.where('lotIds').equals(lotId).toArray());
    const units = pages.flatMap(unpackUnits).filter((u) => u.lotId === lotId);
    const split = splitUnits(lot, units, req.quantity, serials);
    if (!split.ok) return split;
    const storageBearing = (await db.models.get(lot.modelId))?.storageBearing ?? false;
    // A room or rack for the moving units needs units that move: say so rather than drop it.
    if (placing && split.value.moving.length === 0) {
      return err(`A room or rack was given, but no tracked unit of ${lot.code} moves: scan or choose the units that go there, or leave the room and rack blank.`);
    }
    const r = moveLot(lot, await lastSeq(db, lotId), await withStoredChecklist(db, req), ctx, {
      takenCodes: await lotCodes(db),
      unsanitisedUnits: req.to === 'disposed' ? unsanitisedUnits(split.value.moving, storageBearing) : [],
      sanitisedAfter: req.to === 'disposed' ? sanitisedAfter(split.value.moving, storageBearing, req.date) : [],
      compliance: await moveComplianceFor(db, lot),
      today: todayIso(),
      lastMove: await lastMoveOfLot(db, lot),
    });
    if (!r.ok) return r;
    const [parent, child] = r.value.lots as [Lot, Lot | undefined];
    const holder = child ?? parent;
    const events: UnitLotEvent[] = [...r.value.events];
    const moving = split.value.moving.map((u) => (child ? { ...u, lotId: child.id } : u));
    const updated = new Map<string, Unit>();
    if (child && moving.length > 0) {
      const splitAt = events.findIndex((e) => e.type === 'split');
      const splitEvent = events[splitAt];
      if (splitEvent) events[splitAt] = { ...splitEvent, serials: moving.map((u) => u.serial) };
      for (const u of moving) updated.set(u.serial, u);
    }
    if (placing && moving.length > 0) {
      // The patch names no site (only null, "at the lot's site") and no U, so nothing to look up.
      const placed = applyUnitEdits(moving, moving.map((u) => ({ serial: u.serial, patch: placing })), { siteExists: () => true });
      if (!placed.ok) return placed;
      for (const u of placed.value.units) updated.set(u.serial, u);
      if (placed.value.changes.length > 0) {
        // After the move's own events for that lot (a child's `created`, the lot's `transitioned`).
        const seq = Math.max(0, ...events.filter((e) => e.lotId === holder.id).map((e) => e.seq));
        events.push(unitsUpdatedEvent(holder.id, seq + 1, placed.value.changes, ctx));
      }
    }
    if (updated.size > 0) await db.unitPages.bulkPut(rewritePages(pages, updated));
    await db.lots.bulkPut(r.value.lots);
    await appendEvents(db, events);
    // A sale is a price the market paid: the model's curve learns from it (source "own sale").
    await recordOwnSale(db, holder, ctx);
    return ok(child ? { moved: child, remainder: parent } : { moved: parent, remainder: null });
  });
}
