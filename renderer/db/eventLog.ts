/**
 * The one way events enter the log. Each entity (lot, model, site) numbers its events 1, 2, 3…
 * (`seq`, the replay order); the last number given out is kept in `eventSeqs` (schema version 5),
 * so a writer learns where a log stands with one small read instead of a `[lotId+seq]` index
 * read per entity: an import of units into 2,000 lots made 2,000 such reads, and now reads the
 * 64 counter records once (figures in ./schema.ts, version 5).
 *
 * The counters only stay right if every event goes through {@link appendEvents}: it checks that
 * each entity's new events continue its counter (last + 1, consecutive) and advances it, in the
 * caller's transaction. test/renderer/db/eventLog.test.ts fails if a module writes to `events`
 * any other way, and checks counters against the log after every kind of command.
 */
import { Dexie } from 'dexie';
import type { LotEvent } from '../../shared/events';
import type { Uuid } from '../../shared/ids';
import type { FleetDb } from './database';
import { hashBucket } from './hashBucket';

/** How many records the counters are hashed into. Changing it needs a migration that rebuilds them. */
export const EVENT_SEQ_BUCKETS = 64;

/** A row of `eventSeqs`: the last seq of each entity hashed to this bucket. */
export interface EventSeqBucket {
  bucket: number;
  last: Record<Uuid, number>;
}

export function eventSeqBucket(entityId: string): number {
  return hashBucket(entityId, EVENT_SEQ_BUCKETS);
}

/** More buckets than this and one read of the whole (small) table beats a get per bucket. */
const READ_ALL_ABOVE = 8;

async function readBuckets(db: FleetDb, buckets: readonly number[]): Promise<Map<number, EventSeqBucket>> {
  const rows = buckets.length > READ_ALL_ABOVE ? await db.eventSeqs.toArray() : await db.eventSeqs.bulkGet([...buckets]);
  const byBucket = new Map<number, EventSeqBucket>();
  for (const row of rows) if (row) byBucket.set(row.bucket, row);
  return byBucket;
}

function lastOf(row: EventSeqBucket | undefined, id: Uuid): number {
  return row !== undefined && Object.hasOwn(row.last, id) ? (row.last[id] ?? 0) : 0;
}

/** The last seq of each entity's events, 0 for one without events. Inside a transaction, reads what it wrote. */
export async function lastSeqs(db: FleetDb, ids: readonly Uuid[]): Promise<Map<Uuid, number>> {
  const unique = [...new Set(ids)];
  const rows = await readBuckets(db, [...new Set(unique.map(eventSeqBucket))]);
  return new Map(unique.map((id) => [id, lastOf(rows.get(eventSeqBucket(id)), id)]));
}

/** The last seq of one entity's events (0 when it has none). */
export async function lastSeq(db: FleetDb, id: Uuid): Promise<number> {
  const row = await db.eventSeqs.get(eventSeqBucket(id));
  return lastOf(row, id);
}

/** The counter rows after appending these seqs per entity; throws if they do not continue the stored ones. */
function advanceCounters(byEntity: ReadonlyMap<Uuid, number[]>, stored: ReadonlyMap<number, EventSeqBucket>): EventSeqBucket[] {
  const touched = new Map<number, EventSeqBucket>();
  for (const [id, seqs] of byEntity) {
    const b = eventSeqBucket(id);
    let row = touched.get(b);
    if (!row) {
      row = { bucket: b, last: { ...stored.get(b)?.last } };
      touched.set(b, row);
    }
    const last = lastOf(row, id);
    seqs.sort((x, y) => x - y);
    seqs.forEach((seq, i) => {
      if (seq !== last + 1 + i) {
        throw new Error(`Event log of ${id} is at seq ${last}, but a writer appended seqs ${seqs.join(', ')}: it numbered them from a stale or missing lastSeq.`);
      }
    });
    row.last[id] = last + seqs.length;
  }
  return [...touched.values()];
}

/**
 * Appends events to the log and advances their entities' counters, inside the caller's
 * read-write transaction (which must include `events` and `eventSeqs`). Each entity's events
 * must continue its log: seqs last + 1, last + 2… in any order within the call. Anything else
 * is a bug in the writer (a seq computed from a stale read), so it throws and the transaction,
 * with the change it recorded, is rolled back.
 */
export async function appendEvents(db: FleetDb, events: readonly LotEvent[]): Promise<void> {
  if (events.length === 0) return;
  const byEntity = new Map<Uuid, number[]>();
  for (const e of events) {
    const list = byEntity.get(e.lotId);
    if (list) list.push(e.seq);
    else byEntity.set(e.lotId, [e.seq]);
  }
  // The events are handed to IndexedDB first, before the counters are read: serialising them is
  // main-thread work that overlaps what the backend still has queued (an import's pages), where
  // waiting for the read first cost ~0.5 s. If the seqs turn out wrong, the throw below aborts
  // the transaction, and these writes with it.
  const added = db.events.bulkAdd([...events]);
  let touched: EventSeqBucket[];
  try {
    touched = advanceCounters(byEntity, await readBuckets(db, [...new Set([...byEntity.keys()].map(eventSeqBucket))]));
  } catch (e) {
    added.catch(() => undefined); // aborted with the transaction; the error that matters is this one
    throw e;
  }
  await Promise.all([added, db.eventSeqs.bulkPut(touched)]);
}

/**
 * Sets the counters of these entities to what their logs now hold, after events were deleted
 * with them (clearing the demo fleet): 0 (no row) for an entity whose log is gone, else its
 * highest remaining seq. One `[lotId+seq]` read per entity, as writers made before counters.
 */
export async function resyncEventLogs(db: FleetDb, ids: readonly Uuid[]): Promise<void> {
  if (ids.length === 0) return;
  const unique = [...new Set(ids)];
  const [stored, lasts] = await Promise.all([
    readBuckets(db, [...new Set(unique.map(eventSeqBucket))]),
    Promise.all(unique.map(async (id) => (await db.events.where('[lotId+seq]').between([id, Dexie.minKey], [id, Dexie.maxKey]).last())?.seq ?? 0)),
  ]);
  const changed = new Map<number, EventSeqBucket>();
  unique.forEach((id, i) => {
    const b = eventSeqBucket(id);
    const row = changed.get(b) ?? { bucket: b, last: { ...stored.get(b)?.last } };
    const last = lasts[i] ?? 0;
    if (lastOf(row, id) === last) return;
    if (last === 0) delete row.last[id];
    else row.last[id] = last;
    changed.set(b, row);
  });
  if (changed.size > 0) await db.eventSeqs.bulkPut([...changed.values()]);
}

/**
 * Counters rebuilt from the log itself: a walk over the `[lotId+seq]` index keys (no event is
 * read). For the schema upgrade that introduced the counters, and for tests that check them.
 */
export function countersFromKeys(keys: Iterable<readonly [Uuid, number]>): EventSeqBucket[] {
  const rows = new Map<number, EventSeqBucket>();
  for (const [id, seq] of keys) {
    const b = eventSeqBucket(id);
    let row = rows.get(b);
    if (!row) {
      row = { bucket: b, last: {} };
      rows.set(b, row);
    }
    if (!Object.hasOwn(row.last, id) || (row.last[id] ?? 0) < seq) row.last[id] = seq;
  }
  return [...rows.values()].sort((a, b) => a.bucket - b.bucket);
}
