/**
 * Writes a utilisation import (issue 12): every lot the file changes gets one `edited` event with
 * its whole new utilisation record, all in one transaction — or, when any lot refuses the change,
 * nothing at all. The plan is made again inside the transaction from the lots as they are then,
 * so a change made since the preview is neither lost nor overwritten unseen.
 */
import type { LotEvent } from '../../shared/events';
import type { Lot } from '../../shared/lot';
import { editLot } from '../../shared/lotChanges';
import { err, ok, type Result } from '../../shared/result';
import { planUtilisationImport, type UtilisationImportPlan, type UtilisationRow } from '../../shared/utilisation';
import type { FleetDb } from './database';
import { appendEvents, lastSeq } from './eventLog';
import { changeContext, lotCodes } from './lotCommands';

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
