/** Writes to the catalogue (models, sites, suppliers), each with its event in the same transaction. */
import type { HardwareModel, Site } from '../../shared/catalog';
import { saveModel, saveSite, type CatalogErrors, type ModelDraft, type SiteDraft } from '../../shared/catalogChanges';
import type { Uuid } from '../../shared/ids';
import { err, ok, type Result } from '../../shared/result';
import { saveSupplier, type Supplier, type SupplierDraft } from '../../shared/suppliers';
import type { FleetDb } from './database';
import { appendAfterLast, appendEvents, lastSeq } from './eventLog';
import { adoptSupplierTexts } from './suppliers';
import { changeContext } from './lotCommands';

export async function saveModelCommand(
  db: FleetDb,
  draft: ModelDraft,
  existingId: Uuid | null,
  actor: string,
  /** The model as the form showed it when opened: fields left as shown keep the model's current values. */
  opened?: HardwareModel | null,
): Promise<Result<HardwareModel, CatalogErrors<HardwareModel>>> {
  return db.transaction('rw', db.models, db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger, async () => {
    const existing = existingId ? await db.models.get(existingId) : null;
    if (existingId && !existing) return err({ name: 'This model no longer exists.' });
    const r = saveModel(draft, existing ?? null, await db.models.toArray(), changeContext(actor), opened);
    if (!r.ok) return r;
    if (r.value.event) {
      await db.models.put(r.value.record);
      await appendEvents(db, [{ ...r.value.event, seq: (await lastSeq(db, r.value.record.id)) + 1 }]);
    }
    return ok(r.value.record);
  });
}

export async function saveSiteCommand(db: FleetDb, draft: SiteDraft, existingId: Uuid | null, actor: string, opened?: Site | null): Promise<Result<Site, CatalogErrors<Site>>> {
  return db.transaction('rw', db.sites, db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger, async () => {
    const existing = existingId ? await db.sites.get(existingId) : null;
    if (existingId && !existing) return err({ name: 'This site no longer exists.' });
    const r = saveSite(draft, existing ?? null, await db.sites.toArray(), changeContext(actor), opened);
    if (!r.ok) return r;
    if (r.value.event) {
      await db.sites.put(r.value.record);
      await appendEvents(db, [{ ...r.value.event, seq: (await lastSeq(db, r.value.record.id)) + 1 }]);
    }
    return ok(r.value.record);
  });
}

/** Creates a supplier, or saves changes to supplier `existingId`, with its event. */
export async function saveSupplierCommand(
  db: FleetDb,
  draft: SupplierDraft,
  existingId: Uuid | null,
  actor: string,
  opened?: Supplier | null,
): Promise<Result<Supplier, CatalogErrors<Supplier>>> {
  return db.transaction('rw', [db.suppliers, db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger], async () => {
    const all = await db.suppliers.toArray();
    const existing = existingId === null ? null : (all.find((s) => s.id === existingId) ?? null);
    if (existingId !== null && existing === null) return err({ name: 'This supplier no longer exists.' });
    const r = saveSupplier(draft, existing, all, changeContext(actor), opened);
    if (!r.ok) return r;
    if (r.value.event !== null) {
      await db.suppliers.put(r.value.record);
      await appendAfterLast(db, [r.value.event]);
    }
    return ok(r.value.record);
  });
}

/**
 * {@link adoptSupplierTexts} in its own transaction: for lots written as text after the schema
 * upgrade (a restored backup of an earlier version, a team device not yet updated).
 */
export function adoptSupplierTextsCommand(db: FleetDb): Promise<number> {
  return db.transaction('rw', [db.lots, db.suppliers, db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger], async () => await adoptSupplierTexts(db));
}
