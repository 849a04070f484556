/**
 * Writes to lots. Each command reads what it needs, asks the pure domain (shared/lotChanges)
 * for the records to write, and writes the lots and their events in ONE read-write
 * transaction, so a change and its event are never apart. Nothing async but Dexie runs inside.
 */
import { ownSaleObservation } from '../../shared/market';
import { describeObservation, observedEvent } from '../../shared/marketEvents';
import { checklistFor, settleAnswers } from '../../shared/checklists';
import type { LotEvent } from '../../shared/events';
import type { Uuid } from '../../shared/ids';
import type { Lot, LotAdjustment, LotPatch } from '../../shared/lot';
import {
  adjustLot,
  correctMoveDate,
  createLot,
  editLot,
  hasErrors,
  lastMoveOf,
  moveLot,
  type ChangeContext,
  type FieldErrors,
  type LotChange,
  type LotDraft,
  type LastMove,
  moveComplianceOf,
  type MoveCompliance,
  type MoveRequest,
} from '../../shared/lotChanges';
import { err, ok, type Result } from '../../shared/result';
import type { FleetDb } from './database';
import { appendEvents, entityEvents, lastSeq } from './eventLog';
import { writeNewSuppliers } from './suppliers';
import { unitCountOfLot } from './unitIndex';
import { lotSupplierName, SupplierResolver, supplierKey } from '../../shared/suppliers';
import { quantityBelowUnits, sanitisedAfter, unpackUnits } from '../../shared/units';
import { fiscalYearChangeProblems } from '../../shared/depreciation/lotSchedule';
import { todayIso } from '../lib/clock';
import { dedupePages } from './unitIndex';

/** The clock and id source for a change made now by `actor`. */
export function changeContext(actor: string): ChangeContext {
  return { now: new Date().toISOString(), newId: () => crypto.randomUUID(), actor: actor.trim() || 'local user' };
}

/** The last seq of a lot's (or model's, site's) events, from the counters every writer keeps through ./eventLog.ts. */
export { lastSeq };

export async function lotCodes(db: FleetDb): Promise<Set<string>> {
  return new Set((await db.lots.orderBy('code').keys()) as string[]);
}

async function write(db: FleetDb, change: LotChange): Promise<void> {
  await db.lots.bulkPut(change.lots);
  await appendEvents(db, change.events);
}

/**
 * Registers a lot. `supplierName`, when given, names its supplier as the person typed it: the
 * supplier of that name (case and spaces aside), made now if there is none.
 */
export async function createLotCommand(db: FleetDb, draft: LotDraft, actor: string, supplierName?: string): Promise<Result<Lot, FieldErrors>> {
  return db.transaction('rw', [db.lots, db.suppliers, db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger], async () => {
    const ctx = changeContext(actor);
    const resolver = supplierName === undefined ? null : new SupplierResolver(await db.suppliers.toArray(), ctx);
    const named = resolver === null ? draft : { ...draft, supplierId: resolver.resolve(supplierName ?? '')?.id ?? null };
    const r = createLot(named, ctx, await lotCodes(db), { today: todayIso() });
    if (!r.ok) return r;
    if (resolver !== null) await writeNewSuppliers(db, resolver);
    await write(db, r.value);
    return ok(r.value.lots[0] as Lot);
  });
}

/**
 * Saves changes to a lot. `supplierName`, when given, names its supplier as {@link createLotCommand}
 * takes it; the name of the supplier it has keeps that one (whatever other record shares the name).
 */
export async function editLotCommand(db: FleetDb, lotId: Uuid, patch: LotPatch, actor: string, note = '', licenceReference = '', supplierName?: string): Promise<Result<Lot, FieldErrors>> {
  return db.transaction('rw', [db.lots, db.models, db.sites, db.suppliers, db.settings, db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger, db.unitPages], async () => {
    const lot = await db.lots.get(lotId);
    if (!lot) return err({ code: 'This lot no longer exists.' });
    // A lot's quantity bounds its serial-numbered units (shared/units.ts): a lower quantity than
    // it tracks would leave more units than the books hold.
    if (patch.quantity !== undefined && patch.quantity < lot.quantity) {
      const below = quantityBelowUnits(lot.code, patch.quantity, await unitCountOfLot(db.unitPages, lotId));
      if (below) return err({ quantity: below });
    }
    const codes = await lotCodes(db);
    codes.delete(lot.code);
    // Only a change of site can be a transfer: the compliance facts are read for that alone.
    const transfer = patch.siteId !== undefined && patch.siteId !== lot.siteId ? { compliance: await moveComplianceFor(db, lot), licenceReference } : undefined;
    const ctx = changeContext(actor);
    let resolver: SupplierResolver | null = null;
    let named = patch;
    if (supplierName !== undefined) {
      const suppliers = await db.suppliers.toArray();
      // The supplier as the person saw it (a text an earlier version wrote, else the record): unchanged, nothing is written.
      const shown = lotSupplierName(lot, new Map(suppliers.map((s) => [s.id, s])));
      if (supplierKey(shown) !== supplierKey(supplierName)) {
        resolver = new SupplierResolver(suppliers, ctx);
        named = { ...patch, supplierId: resolver.resolve(supplierName)?.id ?? null };
      }
    }
    const r = editLot(lot, await lastSeq(db, lotId), named, ctx, codes, note, transfer, await db.getSetting('fiscalYearStart'), todayIso());
    if (!r.ok) return r;
    if (resolver !== null) await writeNewSuppliers(db, resolver);
    if (r.value.event) {
      await db.lots.put(r.value.lot);
      await appendEvents(db, [r.value.event]);
    }
    return ok(r.value.lot);
  });
}

export interface MoveOutcome {
  /** The lot now in the target status (the lot itself, or the split child). */
  moved: Lot;
  /** The lot that stayed behind when the move split it. */
  remainder: Lot | null;
}

/**
 * The move request with its checklist answers judged against the stored checklist of the target
 * status (settings), read in the move's transaction: required items are the settings', not the
 * caller's, so no caller (a script, the planner's button, a stale dialog) can skip them.
 */
export async function withStoredChecklist(db: FleetDb, req: MoveRequest): Promise<MoveRequest> {
  const items = checklistFor(await db.getSetting('checklists'), req.to);
  const checklist = settleAnswers(items, req.checklist);
  const { checklist: _given, ...rest } = req;
  return checklist === undefined ? rest : { ...rest, checklist };
}

export async function moveLotCommand(db: FleetDb, lotId: Uuid, req: MoveRequest, actor: string): Promise<Result<MoveOutcome>> {
  return db.transaction('rw', [db.lots, db.models, db.sites, db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger, db.settings, db.marketObservations], async () => {
    const lot = await db.lots.get(lotId);
    if (!lot) return err('This lot no longer exists.');
    const ctx = changeContext(actor);
    const r = moveLot(lot, await lastSeq(db, lotId), await withStoredChecklist(db, req), ctx, {
      takenCodes: await lotCodes(db),
      compliance: await moveComplianceFor(db, lot),
      today: todayIso(),
      lastMove: await lastMoveOfLot(db, lot),
    });
    if (!r.ok) return r;
    await write(db, r.value);
    const [first, second] = r.value.lots as [Lot, Lot | undefined];
    await recordOwnSale(db, second ?? first, ctx);
    return ok(second ? { moved: second, remainder: first } : { moved: first, remainder: null });
  });
}

/** The compliance facts of moving `lot` (issue 13), read inside the caller's transaction (which must include models, sites and settings). */
export async function moveComplianceFor(db: FleetDb, lot: Lot): Promise<MoveCompliance> {
  return moveComplianceOf(await db.getSetting('compliancePolicy'), await db.models.get(lot.modelId), await db.sites.toArray());
}

/**
 * A lot just disposed of as sold (or returned for credit) with proceeds: its price per unit
 * becomes a market price of its model (source "own sale"), with its event, inside the caller's
 * transaction (which must include `marketObservations` and the log tables). Other lots: nothing.
 */
export async function recordOwnSale(db: FleetDb, lot: Lot, ctx: ChangeContext): Promise<void> {
  const sold = ownSaleObservation(lot, { id: ctx.newId(), createdAt: ctx.now });
  if (sold === null) return;
  await db.marketObservations.add(sold);
  await appendEvents(db, [observedEvent(ctx, sold, (await lastSeq(db, sold.modelId)) + 1, `${describeObservation(sold)}.`)]);
}

/** Applies a change computed elsewhere inside the caller's transaction, which must include `lots`, `events` and `eventSeqs`. */
export async function writeChange(db: FleetDb, change: LotChange): Promise<void> {
  await write(db, change);
}

/** A lot's own events, oldest first. */
export async function lotEvents(db: FleetDb, lotId: Uuid): Promise<LotEvent[]> {
  return entityEvents(db, lotId);
}

/** The lot's latest move (a move may not be dated before it), read inside the caller's transaction (lots and the log). */
export async function lastMoveOfLot(db: FleetDb, lot: Pick<Lot, 'id' | 'parentId'>): Promise<LastMove | null> {
  const parent = lot.parentId === null ? undefined : await db.lots.get(lot.parentId);
  return lastMoveOf(await entityEvents(db, lot.id), parent?.code);
}

/**
 * Corrects the date of the lot's latest move (shared/lotChanges.ts correctMoveDate): the lot and
 * its one event, in one transaction. `reason` is kept on the event as its note.
 */
export async function correctMoveDateCommand(db: FleetDb, lotId: Uuid, date: string, actor: string, reason = ''): Promise<Result<Lot>> {
  return db.transaction('rw', [db.lots, db.models, db.settings, db.unitPages, db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger], async () => {
    const lot = await db.lots.get(lotId);
    if (!lot) return err('This lot no longer exists.');
    const parent = lot.parentId === null ? undefined : await db.lots.get(lot.parentId);
    // A disposal may not be dated before its units' sanitisation, as the move itself may not.
    let late: string[] = [];
    if (lot.status === 'disposed') {
      const storageBearing = (await db.models.get(lot.modelId))?.storageBearing ?? false;
      const units = dedupePages(await db.unitPages.where('lotIds').equals(lotId).toArray()).flatMap(unpackUnits).filter((u) => u.lotId === lotId);
      late = sanitisedAfter(units, storageBearing, date);
    }
    const r = correctMoveDate(lot, await entityEvents(db, lotId), await lastSeq(db, lotId), date, changeContext(actor), {
      today: todayIso(),
      fiscalYearStart: await db.getSetting('fiscalYearStart'),
      ...(parent ? { parentCode: parent.code } : {}),
      sanitisedAfter: late,
    }, reason);
    if (!r.ok) return r;
    await db.lots.put(r.value.lot);
    await appendEvents(db, [r.value.event]);
    return ok(r.value.lot);
  });
}

export { hasErrors };

/** Records an impairment or a revision of life/salvage in one book, with its event. */
export async function adjustLotCommand(
  db: FleetDb,
  lotId: Uuid,
  adjustment: Omit<LotAdjustment, 'id'>,
  actor: string,
  fiscalYearStart: number,
): Promise<Result<Lot>> {
  return db.transaction('rw', db.lots, db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger, async () => {
    const lot = await db.lots.get(lotId);
    if (!lot) return err('This lot no longer exists.');
    const r = adjustLot(lot, await lastSeq(db, lotId), adjustment, changeContext(actor), fiscalYearStart);
    if (!r.ok) return r;
    await db.lots.put(r.value.lot);
    await appendEvents(db, [r.value.event]);
    return ok(r.value.lot);
  });
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * Sets the month the team's fiscal year starts in, with its event, unless that would leave a lot
 * whose depreciation cannot be computed any more (an impairment recorded at the book value of the
 * current fiscal year can be more than the book value in the new one): then it is refused, naming
 * the lots and why, and nothing is written.
 */
export async function setFiscalYearStartCommand(db: FleetDb, month: number): Promise<Result<void>> {
  return db.transaction('rw', [db.lots, db.settings, db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger], async () => {
    const current = await db.getSetting('fiscalYearStart');
    const problems = fiscalYearChangeProblems(await db.lots.toArray(), current, month);
    if (problems.length > 0) {
      const shown = problems.slice(0, 5).map((p) => `${p.code} (${p.book === 'book' ? 'book' : 'tax'}: ${p.error})`).join('; ');
      const more = problems.length > 5 ? ` and ${problems.length - 5} more` : '';
      return err(`The fiscal year cannot start in ${MONTH_NAMES[month - 1] ?? month}: the depreciation of ${shown}${more} could not be computed in it. Nothing was changed.`);
    }
    await db.setSetting('fiscalYearStart', month);
    return ok(undefined);
  });
}
