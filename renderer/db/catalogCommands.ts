/** Writes to the catalogue (models, sites), each with its event in the same transaction. */
import type { HardwareModel, Site } from '../../shared/catalog';
import { saveModel, saveSite, type CatalogErrors, type ModelDraft, type SiteDraft } from '../../shared/catalogChanges';
import type { Uuid } from '../../shared/ids';
import { err, ok, type Result } from '../../shared/result';
import type { FleetDb } from './database';
import { appendEvents, lastSeq } from './eventLog';
import { changeContext } from './lotCommands';

export async function saveModelCommand(
  db: FleetDb,
  draft: ModelDraft,
  existingId: Uuid | null,
  actor: string,
): Promise<Result<HardwareModel, CatalogErrors<HardwareModel>>> {
  return db.transaction('rw', db.models, db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger, async () => {
    const existing = existingId ? await db.models.get(existingId) : null;
    if (existingId && !existing) return err({ name: 'This model no longer exists.' });
    const r = saveModel(draft, existing ?? null, await db.models.toArray(), changeContext(actor));
    if (!r.ok) return r;
    if (r.value.event) {
      await db.models.put(r.value.record);
      await appendEvents(db, [{ ...r.value.event, seq: (await lastSeq(db, r.value.record.id)) + 1 }]);
    }
    return ok(r.value.record);
  });
}

export async function saveSiteCommand(db: FleetDb, draft: SiteDraft, existingId: Uuid | null, actor: string): Promise<Result<Site, CatalogErrors<Site>>> {
  return db.transaction('rw', db.sites, db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger, async () => {
    const existing = existingId ? await db.sites.get(existingId) : null;
    if (existingId && !existing) return err({ name: 'This site no longer exists.' });
    const r = saveSite(draft, existing ?? null, await db.sites.toArray(), changeContext(actor));
    if (!r.ok) return r;
    if (r.value.event) {
      await db.sites.put(r.value.record);
      await appendEvents(db, [{ ...r.value.event, seq: (await lastSeq(db, r.value.record.id)) + 1 }]);
    }
    return ok(r.value.record);
  });
}
