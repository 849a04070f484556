/**
 * The imports from other tools (issue 15), each all or nothing in one transaction:
 * - Snipe-IT assets: the lots (shared/lotImport.ts, as a lots CSV import writes them) and then
 *   their units (as a units CSV import writes them); a refusal of either writes neither.
 * - NetBox device types: the new models and the changes the person ticked, each with its event.
 */
import { STORAGE_BEARING_DEFAULT, type Category, type HardwareModel } from '../../shared/catalog';
import { saveModel, type ModelDraft } from '../../shared/catalogChanges';
import type { CsvRowError } from '../../shared/csv';
import type { LotEvent } from '../../shared/events';
import type { Uuid } from '../../shared/ids';
import type { LotImportRow } from '../../shared/lotCsv';
import type { ImportPlanSummary } from '../../shared/lotImport';
import type { NetBoxModel } from '../../shared/netbox';
import { err, ok, type Result } from '../../shared/result';
import type { UnitImportBatch } from '../../shared/unitCsv';
import { DEFAULT_SERIAL_FORMAT, modelSerialFormat } from '../../shared/units';
import type { FleetDb } from './database';
import { appendEvents, lastSeq } from './eventLog';
import { importTables, planImportHere, writeImportPlan } from './importLots';
import { changeContext } from './lotCommands';
import { importUnits } from './units';

class Refused extends Error {
  constructor(readonly problems: CsvRowError[]) {
    super('refused');
  }
}

/**
 * The lots, then their units (batches keyed by lot code: the lots get their ids here). Returns
 * what was written, or every problem (nothing written).
 */
export async function importSnipeItCommand(
  db: FleetDb,
  rows: readonly LotImportRow[],
  batches: readonly Pick<UnitImportBatch, 'lotCode' | 'units'>[],
  actor: string,
  fileName: string,
): Promise<Result<ImportPlanSummary & { trackedUnits: number }, CsvRowError[]>> {
  try {
    return await db.transaction(
      'rw',
      [...importTables(db), db.unitPages, db.serialBuckets, db.assetTagBuckets],
      async () => {
        const plan = await planImportHere(db, rows, actor, fileName);
        if (!plan.ok) throw new Refused(plan.error);
        const { lots, summary } = plan.value;
        await writeImportPlan(db, plan.value);
        const modelsById = new Map((await db.models.toArray()).map((m) => [m.id, m]));
        const idOf = new Map(lots.map((l) => [l.code, l.id]));
        const received = await importUnits(
          db,
          batches.filter((b) => b.units.length > 0).map((b) => ({ lotId: idOf.get(b.lotCode) as Uuid, units: b.units })),
          actor,
          // A model already in the catalogue may give its serials a format, which a units import and
          // a scan hold them to: so does this import (a lot of a new model has none).
          { note: `Imported from ${fileName} (Snipe-IT).`, formatOf: (lot) => modelSerialFormat(modelsById.get(lot.modelId)) ?? DEFAULT_SERIAL_FORMAT },
        );
        if (!received.ok) throw new Refused([{ row: 0, column: null, message: `The units could not be received, so nothing was imported: ${received.error}` }]);
        return ok({ ...summary, trackedUnits: received.value.units });
      },
    );
  } catch (e) {
    if (e instanceof Refused) return err(e.problems);
    throw e;
  }
}

/** A model the NetBox import creates, with the category the person chose. */
export interface NetBoxCreate {
  model: NetBoxModel & { file: string };
  category: Category;
}

/** A change to a model in the catalogue that the person ticked. */
export interface NetBoxUpdate {
  modelId: Uuid;
  rackUnits?: number | null;
  powerWatts?: number | null;
}

/** The draft of a model created from a NetBox device type; the part number and the power's source go in its notes. */
export function netBoxModelDraft(create: NetBoxCreate, currency: string): ModelDraft {
  const m = create.model;
  const notes = [
    `From the NetBox device type ${m.file}.`,
    m.partNumber !== '' ? `Part number: ${m.partNumber}.` : '',
    m.powerSource === 'estimate' ? 'Power is an estimate: half the sum of the power supplies’ maximum draw.' : m.powerSource === 'allocated' ? 'Power: the largest allocated draw of its power supplies.' : '',
  ].filter(Boolean).join(' ');
  return {
    manufacturer: m.manufacturer, name: m.model, category: create.category, powerWatts: m.powerWatts, rackUnits: m.rackUnits, listPrice: null, currency,
    releaseDate: null, endOfSale: null, endOfSupport: null, successorId: null, performance: null, serialPattern: '', storageBearing: STORAGE_BEARING_DEFAULT[create.category],
    notes, demo: false,
  };
}

export async function importNetBoxCommand(
  db: FleetDb,
  creates: readonly NetBoxCreate[],
  updates: readonly NetBoxUpdate[],
  actor: string,
  currency: string,
): Promise<Result<{ created: number; updated: number }>> {
  const ctx = changeContext(actor);
  try {
    return await db.transaction('rw', [db.models, db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger], async () => {
      const catalogue: HardwareModel[] = await db.models.toArray();
      const events: LotEvent[] = [];
      const records: HardwareModel[] = [];
      for (const c of creates) {
        const saved = saveModel(netBoxModelDraft(c, currency), null, catalogue, ctx);
        if (!saved.ok) throw new Error(`${c.model.manufacturer} ${c.model.model} (${c.model.file}): ${Object.values(saved.error).join(' ')}`);
        catalogue.push(saved.value.record);
        records.push(saved.value.record);
        // A new record's log starts at 1 (as saveModelCommand numbers it).
        if (saved.value.event) events.push({ ...saved.value.event, seq: 1 });
      }
      let updated = 0;
      for (const u of updates) {
        const existing = catalogue.find((m) => m.id === u.modelId);
        if (!existing) throw new Error('A model to update is no longer in the catalogue.');
        const { id: _id, createdAt: _c, updatedAt: _u, ...draft } = existing;
        const saved = saveModel({ ...draft, ...(u.rackUnits !== undefined ? { rackUnits: u.rackUnits } : {}), ...(u.powerWatts !== undefined ? { powerWatts: u.powerWatts } : {}) }, existing, catalogue, ctx);
        if (!saved.ok) throw new Error(`${existing.manufacturer} ${existing.name}: ${Object.values(saved.error).join(' ')}`);
        if (saved.value.event) {
          records.push(saved.value.record);
          events.push({ ...saved.value.event, seq: (await lastSeq(db, existing.id)) + 1 });
          updated += 1;
        }
      }
      await db.models.bulkPut(records);
      await appendEvents(db, events);
      return ok({ created: creates.length, updated });
    });
  } catch (e) {
    return err(`Nothing was imported: ${e instanceof Error ? e.message : String(e)}`);
  }
}
