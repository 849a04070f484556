/**
 * Writes a rental price import (issue 12): each model the file adds prices to gets one `edited`
 * event with its whole new price book, and the category prices one `settings-changed` event, all
 * in one transaction — or, when any model refuses the change, nothing at all. Planned again
 * inside the transaction from the models and settings as they are then.
 */
import type { HardwareModel } from '../../shared/catalog';
import { saveModel } from '../../shared/catalogChanges';
import type { LotEvent } from '../../shared/events';
import { err, ok, type Result } from '../../shared/result';
import { planRentalPriceImport, type RentalPriceImportPlan, type RentalPriceRow } from '../../shared/rentalPriceCsv';
import type { FleetDb } from './database';
import { appendEvents, lastSeq } from './eventLog';
import { changeContext } from './lotCommands';

export async function importRentalPrices(db: FleetDb, rows: readonly RentalPriceRow[], actor: string, fileName: string): Promise<Result<RentalPriceImportPlan>> {
  return db.transaction('rw', [db.models, db.settings, db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger], async () => {
    const catalogue = await db.models.toArray();
    const missing = rows.find((r) => r.modelId !== null && !catalogue.some((m) => m.id === r.modelId));
    if (missing !== undefined) return err(`${fileName} row ${missing.line}: model ${missing.label} no longer exists. Nothing was imported.`);
    const ctx = changeContext(actor);
    const plan = planRentalPriceImport(rows, catalogue, await db.getSetting('categoryRentalPrices'), ctx.newId);
    const saved: HardwareModel[] = [];
    const events: LotEvent[] = [];
    for (const change of plan.changes) {
      const existing = catalogue.find((m) => m.id === change.modelId) as HardwareModel;
      const { id: _id, createdAt: _c, updatedAt: _u, ...draft } = existing;
      const r = saveModel({ ...draft, rentalPrices: change.rentalPrices }, existing, catalogue, ctx);
      if (!r.ok) return err(`${change.modelLabel}: ${Object.values(r.error).join(' ')} Nothing was imported.`);
      if (r.value.event === null) continue;
      saved.push(r.value.record);
      events.push({ ...r.value.event, seq: (await lastSeq(db, existing.id)) + 1, note: `${change.added} rental price${change.added === 1 ? '' : 's'} imported from ${fileName}.` });
    }
    await db.models.bulkPut(saved);
    await appendEvents(db, events);
    if (plan.categoryPrices !== null) await db.setSetting('categoryRentalPrices', plan.categoryPrices);
    return ok(plan);
  });
}
