/** The events a provenance record is made of (issue 13): a lot's with the lots it was split from, or a unit's. */
import type { LotEvent } from '../../shared/events';
import type { Uuid } from '../../shared/ids';
import { lotChainHistory } from '../../shared/provenanceRecord';
import type { FleetDb } from './database';
import { lotEvents } from './lotCommands';

/** A lot's history, its ancestors' up to each split included (shared/provenanceRecord.ts lotChainHistory). */
export async function lotProvenanceHistory(db: FleetDb, lotId: Uuid): Promise<LotEvent[]> {
  const chain: { lotId: Uuid; events: LotEvent[] }[] = [];
  const seen = new Set<Uuid>();
  let id: Uuid | null = lotId;
  while (id !== null && !seen.has(id)) {
    seen.add(id);
    chain.unshift({ lotId: id, events: await lotEvents(db, id) });
    id = (await db.lots.get(id))?.parentId ?? null;
  }
  return lotChainHistory(chain);
}
