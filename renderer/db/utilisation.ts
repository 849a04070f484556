/**
 * Writes utilisation (issue 12). An import gives every lot the file changes one `edited` event
 * naming the months it sets, all in one transaction — or, when any lot refuses the change,
 * nothing at all; a month recorded by hand is one event for that month. Both apply their months
 * to the lot as it is inside the transaction, so months that arrived since the screen was drawn
 * (a sync, another import) are neither lost nor overwritten unseen.
 */
import type { LotEvent } from '../../shared/events';
import type { Lot } from '../../shared/lot';
import { editLot } from '../../shared/lotChanges';
import { err, ok, type Result } from '../../shared/result';
import { applyUtilisationChange, planUtilisationImport, utilisationMonthProblem, type UtilisationChange, type UtilisationImportPlan, type UtilisationRow } from '../../shared/utilisation';
import type { FleetDb } from './database';
import { appendEvents, lastSeq } from './eventLog';
import { changeContext, editLotCommand, lotCodes } from './lotCommands';
import { todayIso } from '../lib/clock';

export async function importUtilisation(db: FleetDb, rows: readonly UtilisationRow[], actor: string, fileName: string): Promise<Result<UtilisationImportPlan>> {
  return db.transaction('rw', db.lots, db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger, async () => {
    const ids = [...new Set(rows.map((r) => r.lotId))];
    const found = await db.lots.bulkGet(ids);
    const missing = rows.find((r) => !found.some((l) => l?.id === r.lotId));
    if (missing !== undefined) return err(`${fileName} row ${missing.line}: lot ${missing.lotCode} no longer exists. Nothing was imported.`);
    const plan = planUtilisationImport(rows, found as Lot[]);
    const ctx = changeContext(actor);
    const codes = await lotCodes(db);
    const lots: Lot[] = [];
    const events: LotEvent[] = [];
    for (const change of plan.changes) {
      const lot = found.find((l) => l?.id === change.lotId) as Lot;
      const others = new Set(codes);
      others.delete(lot.code);
      const note = `Utilisation imported from ${fileName}: ${change.added} month${change.added === 1 ? '' : 's'} added, ${change.replaced} replaced.`;
      const r = editLot(lot, await lastSeq(db, lot.id), { utilisation: change.utilisation }, ctx, others, note);
      if (!r.ok) return err(`${lot.code}: ${Object.values(r.error).join(' ')} Nothing was imported.`);
      if (r.value.event === null) continue;
      lots.push(r.value.lot);
      events.push(r.value.event);
    }
    await db.lots.bulkPut(lots);
    await appendEvents(db, events);
    return ok(plan);
  });
}

/** Sets (a percent) or removes (null) months of one lot's utilisation, on the lot as it is now. */
export async function recordUtilisation(db: FleetDb, lotId: string, change: UtilisationChange, actor: string): Promise<Result<Lot>> {
  // Every table editLotCommand's own transaction names: a nested transaction may only use its parent's tables.
  return db.transaction('rw', [db.lots, db.models, db.sites, db.suppliers, db.settings, db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger, db.unitPages], async () => {
    const lot = await db.lots.get(lotId);
    if (!lot) return err('This lot no longer exists.');
    // As the import: a month that has not begun, or after the lot's disposal, is refused (a removal is not).
    for (const [month, percent] of Object.entries(change)) {
      const problem = percent === null ? null : utilisationMonthProblem(lot, month, todayIso());
      if (problem !== null) return err(`Utilisation of ${month}: ${problem}.`);
    }
    const r = await editLotCommand(db, lotId, { utilisation: applyUtilisationChange(lot.utilisation, change) }, actor);
    return r.ok ? r : err(Object.values(r.error).join(' '));
  });
}
