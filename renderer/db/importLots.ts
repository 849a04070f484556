/**
 * Importing a validated lots CSV: unknown models, sites and suppliers are created, every lot gets an
 * `imported` event, and it all happens in one transaction — all or nothing. The plan is
 * shared/lotImport.ts (the command line writes the same).
 */
import type { CsvRowError } from '../../shared/csv';
import type { LotImportRow } from '../../shared/lotCsv';
import { planLotImport, type ImportPlanSummary, type LotImportPlan } from '../../shared/lotImport';
import { err, ok, type Result } from '../../shared/result';
import type { FleetDb, Settings } from './database';
import type { Fleet } from './queries';
import { appendAfterLast, appendEvents } from './eventLog';
import { changeContext, lotCodes } from './lotCommands';

export { modelKey, summariseImport, type ImportPlanSummary } from '../../shared/lotImport';

/** The tables an import of lots writes (its caller's transaction must include them). */
export function importTables(db: FleetDb) {
  return [db.models, db.sites, db.suppliers, db.lots, db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger, db.settings];
}

/** Plans the import of `rows` against the ledger as it stands, inside the caller's transaction over {@link importTables}. */
export async function planImportHere(db: FleetDb, rows: readonly LotImportRow[], actor: string, fileName: string): Promise<Result<LotImportPlan, CsvRowError[]>> {
  const [templates, models, sites, suppliers, takenCodes] = await Promise.all([db.getSetting('policyTemplates'), db.models.toArray(), db.sites.toArray(), db.suppliers.toArray(), lotCodes(db)]);
  return planLotImport(rows, { models, sites, suppliers, templates, takenCodes }, changeContext(actor), fileName);
}

/**
 * The same plan against a fleet and settings already read: an import dialog's preview, so that
 * what it calls ready is what Import writes (the write plans again, in its transaction).
 */
export function planImportOn(
  rows: readonly LotImportRow[],
  fleet: Pick<Fleet, 'models' | 'sites' | 'suppliers'>,
  settings: Pick<Settings, 'policyTemplates' | 'actorName'>,
  takenCodes: ReadonlySet<string>,
  fileName: string,
): Result<LotImportPlan, CsvRowError[]> {
  return planLotImport(rows, { models: fleet.models, sites: fleet.sites, suppliers: fleet.suppliers, templates: settings.policyTemplates, takenCodes }, changeContext(settings.actorName), fileName);
}

/** Writes a planned import: its new catalogue records, its lots and its events. */
export async function writeImportPlan(db: FleetDb, plan: LotImportPlan): Promise<void> {
  await Promise.all([db.models.bulkAdd(plan.newModels), db.sites.bulkAdd(plan.newSites), db.suppliers.bulkAdd(plan.newSuppliers), db.lots.bulkAdd(plan.lots)]);
  // A supplier's id comes from its name: one removed earlier comes back with its events going on from its last.
  const fromNames = plan.events.filter((e) => e.entity === 'supplier');
  await appendAfterLast(db, fromNames);
  await appendEvents(db, plan.events.filter((e) => e.entity !== 'supplier'));
}

export async function importLotsCommand(db: FleetDb, rows: readonly LotImportRow[], actor: string, fileName: string): Promise<Result<ImportPlanSummary, CsvRowError[]>> {
  return db.transaction('rw', importTables(db), async () => {
    const plan = await planImportHere(db, rows, actor, fileName);
    if (!plan.ok) return err(plan.error);
    await writeImportPlan(db, plan.value);
    return ok(plan.value.summary);
  });
}
