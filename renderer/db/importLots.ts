/**
 * Importing a validated lots CSV: unknown models and sites are created, every lot gets an
 * `imported` event, and it all happens in one transaction — all or nothing. The plan is
 * shared/lotImport.ts (the command line writes the same).
 */
import type { CsvRowError } from '../../shared/csv';
import type { LotImportRow } from '../../shared/lotCsv';
import { planLotImport, type ImportPlanSummary } from '../../shared/lotImport';
import { err, ok, type Result } from '../../shared/result';
import type { FleetDb } from './database';
import { appendEvents } from './eventLog';
import { changeContext, lotCodes } from './lotCommands';

export { modelKey, summariseImport, type ImportPlanSummary } from '../../shared/lotImport';

export async function importLotsCommand(db: FleetDb, rows: readonly LotImportRow[], actor: string, fileName: string): Promise<Result<ImportPlanSummary, CsvRowError[]>> {
  const ctx = changeContext(actor);
  return db.transaction('rw', [db.models, db.sites, db.lots, db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger, db.settings], async () => {
    const [templates, models, sites, takenCodes] = await Promise.all([db.getSetting('policyTemplates'), db.models.toArray(), db.sites.toArray(), lotCodes(db)]);
    const plan = planLotImport(rows, { models, sites, templates, takenCodes }, ctx, fileName);
    if (!plan.ok) return err(plan.error);
    const { newModels, newSites, lots, events, summary } = plan.value;
    await db.models.bulkAdd(newModels);
    await db.sites.bulkAdd(newSites);
    await db.lots.bulkAdd(lots);
    await appendEvents(db, events);
    return ok(summary);
  });
}
