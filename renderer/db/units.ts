/**
 * Serial-numbered units in IndexedDB (schema version 3; the layout and its measurements are in
 * ./schema.ts). Units live in pages of up to UNIT_PAGE_SIZE, stored in columns
 * (shared/units.ts `PackedUnits`); a page may hold several lots' units. Asset tags are found
 * through hash buckets. Every write is one read-write transaction with the lot events that
 * record it, and nothing async but Dexie runs inside.
 */
import type { LotEvent } from '../../shared/events';
import type { Uuid } from '../../shared/ids';
import type { Lot } from '../../shared/lot';
import { moveLot, type MoveRequest } from '../../shared/lotChanges';
import { err, ok, type Result } from '../../shared/result';
import {
  checkAssetTag,
  checkSerial,
  DEFAULT_SERIAL_FORMAT,
  isUnitCondition,
  listSerials,
  MAX_RACK_U,
  normaliseCode,
  overQuantity,
  packUnits,
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
import { changeContext, lastSeq, lotCodes, lotEvents, type MoveOutcome } from './lotCommands';

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

/** A row of `assetTagBuckets`: parallel arrays, tag → serial. */
export interface AssetTagBucket {
  bucket: number;
  tags: string[];
  serials: string[];
}

/** FNV-1a over the tag's UTF-16 code units: stable across builds, which the stored buckets rely on. */
export function assetTagBucket(tag: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < tag.length; i++) {
    h ^= tag.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % ASSET_TAG_BUCKETS;
}

function dedupePages(pages: readonly UnitPage[]): UnitPage[] {
  const seen = new Set<Uuid>();
  return pages.filter((p) => (seen.has(p.id) ? false : (seen.add(p.id), true)));
}

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
}

async function unitBySerial(db: FleetDb, serial: string): Promise<Unit | null> {
  const page = await db.unitPages.where('serials').equals(serial).first();
  return page ? unpackUnit(page, page.serials.indexOf(serial)) : null;
}

/** Finds a unit by serial, else by asset tag (any case, scanner noise ignored): two or three index reads. */
export async function findUnit(db: FleetDb, serialOrTag: string): Promise<FoundUnit | null> {
  const code = normaliseCode(serialOrTag);
  if (code === '') return null;
  return db.transaction('r', db.unitPages, db.assetTagBuckets, db.lots, async () => {
    let unit = await unitBySerial(db, code);
    let matchedBy: FoundUnit['matchedBy'] = 'serial';
    if (unit === null) {
      const bucket = await db.assetTagBuckets.get(assetTagBucket(code));
      const i = bucket ? bucket.tags.indexOf(code) : -1;
      const serial = i === -1 ? undefined : bucket?.serials[i];
      if (serial !== undefined) {
        unit = await unitBySerial(db, serial);
        matchedBy = 'asset-tag';
      }
    }
    if (unit === null) return null;
    return { unit, lot: (await db.lots.get(unit.lotId)) ?? null, matchedBy };
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

/**
 * Adds units to lots, all or nothing, in one transaction: the pages, the asset-tag buckets and
 * one `units-received` event per lot (with the units, so replaying events rebuilds them).
 * Refused, with a message naming what is wrong: a serial or asset tag already in the fleet
 * (and in which lot) or twice in the batch, a bad serial, a lot's quantity exceeded, a lot that
 * does not exist or is disposed.
 *
 * At fleet scale every IndexedDB request costs (~0.2 ms each on the team's machines), so the
 * reads are issued together up front and the JavaScript work runs while they are served.
 */
export async function importUnits(db: FleetDb, batches: readonly UnitBatch[], actor: string, options: ReceiveOptions = {}): Promise<Result<ReceiveSummary>> {
  // Canonical forms and the checks that need no database.
  const issues: string[] = [];
  const seenSerial = new Set<string>();
  const seenTag = new Map<string, string>();
  const byLot = new Map<Uuid, Unit[]>();
  for (const batch of batches) {
    const list = byLot.get(batch.lotId) ?? [];
    byLot.set(batch.lotId, list);
    for (const input of batch.units) {
      const serial = normaliseCode(input.serial);
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
      }
      if (!isUnitCondition(input.status)) issues.push(`${serial}: “${String(input.status)}” is not a unit status.`);
      list.push({ ...input, serial, assetTag, lotId: batch.lotId, room: input.room.trim(), rack: input.rack.trim(), notes: input.notes.trim(), sanitisation: input.sanitisation ?? null });
    }
  }
  for (const [lotId, list] of byLot) if (list.length === 0) byLot.delete(lotId);
  if (issues.length > 0) return err(summarise(issues));
  if (byLot.size === 0) return ok({ units: 0, lots: 0 });
  const lotIds = [...byLot.keys()];
  const serials = [...seenSerial];
  const ctx = changeContext(actor);

  try {
    return await db.transaction('rw', [db.lots, db.events, db.unitPages, db.assetTagBuckets], async () => {
      // A big import reads every page and lot once; a scan session only the ones it touches.
      const bulk = serials.length > BULK_UNITS || lotIds.length > BULK_LOTS;
      const wanted = new Set(lotIds);
      const lotsRead = bulk ? db.lots.toArray().then((all) => all.filter((l) => wanted.has(l.id))) : db.lots.bulkGet(lotIds);
      const lotPagesRead = bulk ? db.unitPages.toArray() : db.unitPages.where('lotIds').anyOf(lotIds).toArray().then(dedupePages);
      const clashPagesRead = bulk ? lotPagesRead : db.unitPages.where('serials').anyOf(serials).toArray().then(dedupePages);
      const tagged = [...seenTag.keys()];
      const bucketIds = [...new Set(tagged.map(assetTagBucket))];
      const bucketsRead = db.assetTagBuckets.bulkGet(bucketIds);
      // Served while the checks below run; unused if they refuse.
      const seqsRead = Promise.all(lotIds.map((id) => lastSeq(db, id)));
      const [lots, lotPages, clashPages, buckets] = await Promise.all([lotsRead, lotPagesRead, clashPagesRead, bucketsRead]);

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
          if (seenSerial.has(s)) clashes.push(`${s} is already in the fleet, in lot ${await codeOf(page.lotIds[page.lot[i] ?? 0] as Uuid)}.`);
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
          if (mine !== undefined) clashes.push(`Asset tag ${tag} of ${mine} is already on ${bucket.serials[i]} in the fleet.`);
        });
      }
      if (clashes.length > 0) {
        await seqsRead;
        return err(summarise(clashes));
      }
      for (const [tag, serial] of seenTag) {
        const bucket = touched.get(assetTagBucket(tag)) as AssetTagBucket;
        bucket.tags.push(tag);
        bucket.serials.push(serial);
      }

      // Placement: top up pages that already hold these lots, then fill new pages in lot order.
      const remaining = new Map([...byLot].map(([id, list]) => [id, [...list]]));
      const changedPages: UnitPage[] = [];
      for (const page of lotPages) {
        if (page.serials.length >= UNIT_PAGE_SIZE || !page.lotIds.some((id) => remaining.has(id))) continue;
        const units = unpackUnits(page);
        for (const id of page.lotIds) {
          const list = remaining.get(id);
          while (list && list.length > 0 && units.length < UNIT_PAGE_SIZE) units.push(list.shift() as Unit);
        }
        if (units.length > page.serials.length) changedPages.push(packPage(page.id, units));
      }
      const pending = [...remaining.values()].flat();
      for (let i = 0; i < pending.length; i += UNIT_PAGE_SIZE) changedPages.push(packPage(ctx.newId(), pending.slice(i, i + UNIT_PAGE_SIZE)));
      const writes: Promise<unknown>[] = [db.unitPages.bulkPut(changedPages), db.assetTagBuckets.bulkPut([...touched.values()])];

      // One event per lot, with the units it received (built while the pages are written).
      const seqs = await seqsRead;
      const events: UnitLotEvent[] = lotIds.map((lotId, i) => {
        const units = byLot.get(lotId) ?? [];
        const lot = lotById.get(lotId) as Lot;
        const tracked = (counts.get(lotId) ?? 0) + units.length;
        return {
          id: ctx.newId(),
          entity: 'lot',
          lotId,
          seq: (seqs[i] ?? 0) + 1,
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
          units: packUnits(units, () => lotId),
        };
      });
      writes.push(db.events.bulkAdd(events));
      await Promise.all(writes);
      return ok({ units: serials.length, lots: lotIds.length });
    });
  } catch (e) {
    if (isConstraintError(e)) return err('A serial in this batch was added to the fleet meanwhile (by another window?). Nothing was added; check the fleet and try again.');
    throw e;
  }
}

function packPage(id: Uuid, units: readonly Unit[]): UnitPage {
  return { id, ...packUnits(units, (i) => (units[i] as Unit).lotId) };
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
  return db.transaction('rw', [db.lots, db.events, db.unitPages], async () => {
    const pages = dedupePages(await db.unitPages.where('serials').anyOf([...wanted]).toArray());
    const found = new Set(pages.flatMap((p) => p.serials.filter((s) => wanted.has(s))));
    const unknown = [...wanted].filter((s) => !found.has(s));
    if (unknown.length > 0) return err(`${listSerials(unknown)} ${unknown.length === 1 ? 'is not a unit' : 'are not units'} in the fleet.`);
    const byLot = new Map<Uuid, string[]>();
    const changed = pages.map((page) => {
      const units = unpackUnits(page).map((u) => {
        if (!wanted.has(u.serial)) return u;
        byLot.set(u.lotId, [...(byLot.get(u.lotId) ?? []), u.serial]);
        return { ...u, sanitisation: checked.value };
      });
      return packPage(page.id, units);
    });
    const lotIds = [...byLot.keys()];
    const lots = await db.lots.bulkGet(lotIds);
    const disposed = lots.filter((l): l is Lot => l?.status === 'disposed').map((l) => l.code);
    if (disposed.length > 0) return err(`${disposed.join(', ')} ${disposed.length === 1 ? 'is' : 'are'} disposed; their records are closed.`);
    const seqs = await Promise.all(lotIds.map((id) => lastSeq(db, id)));
    const r = checked.value;
    const events: UnitLotEvent[] = lotIds.map((lotId, i) => {
      const lotSerials = byLot.get(lotId) ?? [];
      return {
        id: ctx.newId(),
        entity: 'lot',
        lotId,
        seq: (seqs[i] ?? 0) + 1,
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
    await db.events.bulkAdd(events);
    return ok({ units: found.size, lots: lotIds.length });
  });
}

// ---- Moves that name units ---------------------------------------------------------------

/**
 * Moves all or part of a lot like `moveLotCommand`, with its units: the named serials follow a
 * split to the child lot (the split event records them), and a disposal is refused while any
 * storage-bearing unit that moves lacks a verified sanitisation record, naming them.
 */
export async function moveLotWithUnits(db: FleetDb, lotId: Uuid, req: MoveRequest, serials: readonly string[], actor: string): Promise<Result<MoveOutcome>> {
  return db.transaction('rw', [db.lots, db.events, db.unitPages, db.models], async () => {
    const lot = await db.lots.get(lotId);
    if (!lot) return err('This lot no longer exists.');
    const pages = dedupePages(await db.unitPages.where('lotIds').equals(lotId).toArray());
    const units = pages.flatMap(unpackUnits).filter((u) => u.lotId === lotId);
    const split = splitUnits(lot, units, req.quantity, serials);
    if (!split.ok) return split;
    const storageBearing = (await db.models.get(lot.modelId))?.storageBearing ?? false;
    const r = moveLot(lot, await lastSeq(db, lotId), req, changeContext(actor), {
      takenCodes: await lotCodes(db),
      unsanitisedUnits: req.to === 'disposed' ? unsanitisedUnits(split.value.moving, storageBearing) : [],
    });
    if (!r.ok) return r;
    const [parent, child] = r.value.lots as [Lot, Lot | undefined];
    const events: UnitLotEvent[] = [...r.value.events];
    if (child && split.value.moving.length > 0) {
      const moving = new Set(split.value.moving.map((u) => u.serial));
      const splitAt = events.findIndex((e) => e.type === 'split');
      const splitEvent = events[splitAt];
      if (splitEvent) events[splitAt] = { ...splitEvent, serials: [...moving] };
      const changed = pages
        .filter((p) => p.serials.some((s) => moving.has(s)))
        .map((p) => packPage(p.id, unpackUnits(p).map((u) => (moving.has(u.serial) ? { ...u, lotId: child.id } : u))));
      await db.unitPages.bulkPut(changed);
    }
    await db.lots.bulkPut(r.value.lots);
    await db.events.bulkAdd(events);
    return ok(child ? { moved: child, remainder: parent } : { moved: parent, remainder: null });
  });
}
