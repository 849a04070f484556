/**
 * Edits of units already received: where they are (site, room, rack, U), their condition and
 * notes. The rules are shared/units.ts `applyUnitEdits`; this writes the changed pages and one
 * `units-updated` event per lot (each unit's changed fields, before and after) in one
 * read-write transaction, so replaying events rebuilds the units and each unit's history shows
 * the edit. Nothing async but Dexie runs inside.
 */
import { appendTo } from '../../shared/collections';
import { transferLicenceNeed } from '../../shared/compliance';
import type { TransferRecord } from '../../shared/events';
import type { Uuid } from '../../shared/ids';
import type { ChangeContext } from '../../shared/lotChanges';
import type { Lot } from '../../shared/lot';
import { err, ok, type Result } from '../../shared/result';
import { applyUnitEdits, describeUnitChanges, normaliseCode, packUnits, unpackUnits, type Unit, type UnitChange, type UnitEdit, type UnitLotEvent } from '../../shared/units';
import type { FleetDb } from './database';
import { appendEvents, lastSeqs } from './eventLog';
import { changeContext } from './lotCommands';
import { pagesOfSerials, type UnitPage } from './unitIndex';

export interface UnitEditSummary {
  /** Units that changed (an edit that sets what is already there changes nothing). */
  units: number;
  lots: number;
}

/** Groups changes by the lot that holds each unit, keeping the edit order within a lot. */
export function changesByLot(changes: readonly UnitChange[], lotOf: (serial: string) => Uuid): Map<Uuid, UnitChange[]> {
  const byLot = new Map<Uuid, UnitChange[]>();
  for (const c of changes) {
    const lotId = lotOf(c.serial);
    appendTo(byLot, lotId, c);
  }
  return byLot;
}

/** One `units-updated` event for a lot's changed units. */
export function unitsUpdatedEvent(lotId: Uuid, seq: number, changes: UnitChange[], ctx: ChangeContext, note = ''): UnitLotEvent {
  return {
    id: ctx.newId(),
    hlc: '',
    entity: 'lot',
    lotId,
    seq,
    at: ctx.now,
    date: null,
    actor: ctx.actor,
    type: 'units-updated',
    from: null,
    to: null,
    quantity: changes.length,
    before: null,
    after: {},
    relatedLotId: null,
    note: note.trim() || describeUnitChanges(changes),
    serials: changes.map((c) => c.serial),
    unitChanges: changes,
  };
}

/** The pages that hold any of `updated`'s units, rewritten with them. */
export function rewritePages(pages: readonly UnitPage[], updated: ReadonlyMap<string, Unit>): UnitPage[] {
  const seen = new Set<Uuid>();
  const out: UnitPage[] = [];
  for (const page of pages) {
    if (seen.has(page.id) || !page.serials.some((s) => updated.has(s))) continue;
    seen.add(page.id);
    const units = unpackUnits(page).map((u) => updated.get(u.serial) ?? u);
    out.push({ id: page.id, ...packUnits(units, (i) => (units[i] as Unit).lotId) });
  }
  return out;
}

/**
 * Applies edits to units anywhere in the fleet, all or nothing. Refused, with a message naming
 * the units: an unknown serial, a bad rack position, an unknown site, one U given to several
 * units, or a unit of a disposed lot (its records are closed).
 */
export async function editUnits(db: FleetDb, edits: readonly UnitEdit[], actor: string, note = ''): Promise<Result<UnitEditSummary>> {
  const serials = [...new Set(edits.map((e) => normaliseCode(e.serial)).filter((s) => s !== ''))];
  if (serials.length === 0) return err('Choose the units to edit.');
  const siteIds = [...new Set(edits.map((e) => e.patch.siteId).filter((id): id is Uuid => typeof id === 'string'))];
  const ctx = changeContext(actor);
  return db.transaction('rw', [db.lots, db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger, db.unitPages, db.serialBuckets, db.sites, db.models, db.settings], async () => {
    const [pages, sites] = await Promise.all([pagesOfSerials(db, serials), db.sites.bulkGet(siteIds)]);
    const known = new Set(sites.filter((s) => s !== undefined).map((s) => s.id));
    const seen = new Set<Uuid>();
    const units = pages.filter((p) => (seen.has(p.id) ? false : (seen.add(p.id), true))).flatMap(unpackUnits);
    const plan = applyUnitEdits(units, edits, { siteExists: (id) => known.has(id) });
    if (!plan.ok) return plan;
    const { changes } = plan.value;
    if (changes.length === 0) return ok({ units: 0, lots: 0 });

    const updated = new Map<string, Unit>();
    const changed = new Set(changes.map((c) => c.serial));
    for (const u of plan.value.units) if (changed.has(u.serial)) updated.set(u.serial, u);
    const byLot = changesByLot(changes, (s) => (updated.get(s) as Unit).lotId);
    const lotIds = [...byLot.keys()];
    const lots = await db.lots.bulkGet(lotIds);
    const disposed = lots.filter((l): l is Lot => l?.status === 'disposed').map((l) => l.code);
    if (disposed.length > 0) return err(`${disposed.join(', ')} ${disposed.length === 1 ? 'is' : 'are'} disposed; their units’ records are closed.`);
    // A unit sent to a site in another country is a transfer (issue 13), recorded on its event.
    // Unit edits carry no licence reference, so one the team's policy needs a licence for goes
    // through the lot's Move or Edit.
    const transfers = await unitTransfers(db, changes, new Map(lots.filter((l): l is Lot => l !== undefined).map((l) => [l.id, l])), (s) => (updated.get(s) as Unit).lotId);
    if (transfers.refused.length > 0) return err(transfers.refused.join(' '));

    const seqs = await lastSeqs(db, lotIds);
    const events: UnitLotEvent[] = [];
    for (const lotId of lotIds) {
      // One event per border crossed (its transfer on it), and one for the rest of the lot's changes.
      const groups = new Map<string, { transfer: TransferRecord | undefined; changes: UnitChange[] }>();
      for (const change of byLot.get(lotId) ?? []) {
        const transfer = transfers.bySerial.get(change.serial);
        const key = transfer === undefined ? '' : `${transfer.from}>${transfer.to}`;
        const group = groups.get(key) ?? { transfer, changes: [] };
        group.changes.push(change);
        groups.set(key, group);
      }
      let seq = seqs.get(lotId) ?? 0;
      for (const group of [...groups.values()].sort((a, b) => (a.transfer === undefined ? -1 : b.transfer === undefined ? 1 : 0))) {
        seq += 1;
        const event = unitsUpdatedEvent(lotId, seq, group.changes, ctx, note);
        events.push(group.transfer === undefined ? event : { ...event, transfer: group.transfer });
      }
    }
    await db.unitPages.bulkPut(rewritePages(pages, updated));
    await appendEvents(db, events);
    return ok({ units: changes.length, lots: lotIds.length });
  });
}

/**
 * The unit site changes that cross a border: each one's transfer (from and to country, the
 * model's classification, no licence reference), and, in words, those the compliance policy needs
 * a licence for. A site without a country crosses no border that can be told.
 */
async function unitTransfers(
  db: FleetDb,
  changes: readonly UnitChange[],
  lots: ReadonlyMap<Uuid, Lot>,
  lotOf: (serial: string) => Uuid,
): Promise<{ bySerial: Map<string, TransferRecord>; refused: string[] }> {
  const bySerial = new Map<string, TransferRecord>();
  const refused: string[] = [];
  const moving = changes.filter((c) => 'siteId' in c.after);
  if (moving.length === 0) return { bySerial, refused };
  const policy = await db.getSetting('compliancePolicy');
  const sites = new Map((await db.sites.toArray()).map((s) => [s.id, s.country ?? null]));
  const modelIds = [...new Set([...lots.values()].map((l) => l.modelId))];
  const models = new Map((await db.models.bulkGet(modelIds)).map((m, i) => [modelIds[i] as Uuid, m]));
  for (const c of moving) {
    const lot = lots.get(lotOf(c.serial));
    if (lot === undefined) continue;
    const classification = models.get(lot.modelId)?.exportClassification || undefined;
    const from = sites.get((c.before.siteId ?? lot.siteId) as Uuid) ?? null;
    const to = sites.get((c.after.siteId ?? lot.siteId) as Uuid) ?? null;
    if (from === null || to === null || from === to) continue;
    bySerial.set(c.serial, { from, to, classification: classification ?? null, licenceReference: null, toBuyer: false });
    const need = transferLicenceNeed(classification, from, to, policy);
    if (need !== null) refused.push(`${c.serial}: moving ${need.classification} hardware from ${need.from} to ${need.to} is a transfer that needs a licence under the team’s policy; move its lot with Move… or Edit, which take the licence reference.`);
  }
  return { bySerial, refused };
}
