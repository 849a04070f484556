/**
 * Records as events the fields that schema upgrades 2 and 4 added to lots and models without one
 * (shared/ledger/upgradedFields.ts), so that the events alone give the tables again: run by the
 * upgrade to schema version 11, and by a restore of a backup made before it. Inside the caller's
 * read-write transaction over the log's tables, the lots and the models.
 */
import type { Table } from 'dexie';
import type { HardwareModel } from '../../shared/catalog';
import { eventWith, type LotEvent } from '../../shared/events';
import type { Uuid } from '../../shared/ids';
import { foldLedger } from '../../shared/ledger/fold';
import { fieldsOnlyInTables, type FieldsOnlyInTable } from '../../shared/ledger/upgradedFields';
import type { Lot } from '../../shared/lot';
import { appendAfterLast, readLog, type LogTables } from './eventLog';
import { UPGRADE_ACTOR } from './suppliers';

export interface UpgradedFieldTables extends LogTables {
  lots: Table<Lot, Uuid>;
  models: Table<HardwareModel, Uuid>;
}

const NOTE = 'Fields an upgrade of the app (schema version 2 or 4) added to this record without recording them in the ledger.';

/**
 * Appends an `edited` event for each record of `found` (all of them, when absent: the log is
 * folded and compared with the tables here), with the fields its events lack. A model's edit
 * stamps its `updatedAt` (shared/ledger/fold.ts), so its row follows. Returns how many records.
 */
export async function recordUpgradedFields(db: UpgradedFieldTables, found?: readonly FieldsOnlyInTable[], now: string = new Date().toISOString()): Promise<number> {
  let records = found;
  if (records === undefined) {
    const [events, lots, models] = await Promise.all([readLog(db), db.lots.toArray(), db.models.toArray()]);
    try {
      records = fieldsOnlyInTables(foldLedger(events), { lots, models });
    } catch {
      // A log this build cannot fold (Verify ledger says why) gains nothing here: an upgrade that
      // threw would keep the person out of their ledger altogether.
      return 0;
    }
  }
  if (records.length === 0) return 0;
  const events: LotEvent[] = records.map((r) =>
    eventWith({ entity: r.entity, lotId: r.id, seq: 0, at: now, actor: UPGRADE_ACTOR, type: 'edited', after: r.fields as LotEvent['after'], note: NOTE }),
  );
  await appendAfterLast(db, events);
  const modelIds = records.flatMap((r) => (r.entity === 'model' ? [r.id] : []));
  if (modelIds.length > 0) {
    const models = await db.models.bulkGet(modelIds);
    await db.models.bulkPut(models.flatMap((m) => (m === undefined ? [] : [{ ...m, updatedAt: now }])));
  }
  return records.length;
}
