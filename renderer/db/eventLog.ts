/**
 * The event log: the whole ledger (LEDGER.md §1), at the centre of renderer/db. Every other
 * module here depends on it; it depends on none of them (only on the tables it is given).
 *
 * The log is stored in blocks (shared/ledger/logBlocks.ts; schema version 7): runs of about a
 * thousand consecutive events in clock order, keyed by their first stamp, the newest one open
 * (text) and the others sealed (gzip), each holding its events as the lines a backup holds them
 * in. A backup is the sealed blocks laid end to end, and a restore stores them back unchanged.
 * {@link readLog} reads the whole log; {@link entityEvents} one record's history, through the
 * blocks' index of the records they touch.
 *
 * The one way events enter the log is {@link appendEvents}. It gives each event its identity —
 * `<deviceId>:<counter>` from this device's gap-free counter and a hybrid logical clock stamp
 * (shared/ledger/clock.ts) — and records how far each device's events go (`heads`), all in the
 * `ledger` row, in the caller's transaction.
 *
 * Each entity (lot, model, site, the team settings) also numbers its events 1, 2, 3…
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
import { Dexie, type Table } from 'dexie';
import { appendTo } from '../../shared/collections';
import { basisFor, withSeq, type LotEvent } from '../../shared/events';
import type { Uuid } from '../../shared/ids';
import { compareEventsOfEntity } from '../../shared/lotChanges';
import { parseEventId, stampEvents, type DeviceId, type HlcStamp } from '../../shared/ledger/clock';
import { appendToBlocks, blocksOf, parseEventLines, type BlockDraft } from '../../shared/ledger/logBlocks';
import { gunzipText, gzipText, gzipTextOffTransaction } from './gzip';
import { hashBucket } from './hashBucket';

/**
 * A record of `logBlocks` (schema version 7): consecutive events in clock order, as lines.
 * Exactly one of `gz` and `text` is set; only the newest block may be open.
 */
export interface LogBlock {
  /** The first event's clock stamp (the key: blocks in key order are the log in clock order). */
  first: HlcStamp;
  /** The block's number, given once and never reused (unique index): what {@link EntityBlocksBucket} lists. */
  n: number;
  last: HlcStamp;
  count: number;
  /** Sealed: the lines, one gzip member, never changed again. */
  gz?: Uint8Array;
  /** Open: the lines as text. */
  text?: string;
}

/**
 * A row of `entityBlocks` (schema version 7): for the records hashed to this bucket (as the
 * counters are), the numbers of the blocks that hold their events, ascending. A record's
 * history reads only those blocks. (A multiEntry index of every block's records was the first
 * design: at fleet scale it was about a million index entries, and writing them made a restore
 * take 14 s.)
 */
export interface EntityBlocksBucket {
  bucket: number;
  blocks: Record<string, number[]>;
}

/** A block draft as stored, numbered `n`: sealed (compressed) when full, else open. */
export function storedBlock(d: BlockDraft, n: number): LogBlock {
  return d.full ? compressedBlock(d, n, gzipText(d.text)) : { first: d.first, n, last: d.last, count: d.count, text: d.text };
}

/** A sealed block of `draft`, numbered `n`, whatever its size (a restore or a migration seals every block). */
export function sealedBlock(d: BlockDraft, n: number): LogBlock {
  return storedBlock({ ...d, full: true }, n);
}

/**
 * Every draft sealed, numbered from 1, compressed outside any transaction (a format-1 backup's
 * events): with the browser's zlib, block after block.
 */
export async function sealedBlocksOffTransaction(drafts: readonly BlockDraft[]): Promise<LogBlock[]> {
  const out: LogBlock[] = [];
  for (const d of drafts) out.push(compressedBlock(d, out.length + 1, await gzipTextOffTransaction(d.text)));
  return out;
}

/** Draft `d` stored as sealed block `n`, its text compressed elsewhere into `gz`. */
export function compressedBlock(d: BlockDraft, n: number, gz: Uint8Array): LogBlock {
  return { first: d.first, n, last: d.last, count: d.count, gz };
}

/** The index rows for blocks (numbered, in clock order) and the records each holds events of. */
export function entityBlocksOf(blocks: Iterable<{ n: number; entities: Iterable<string> }>): EntityBlocksBucket[] {
  const rows = new Map<number, EntityBlocksBucket>();
  // A record is in many blocks: its bucket is hashed once (at fleet scale a million hashes were 0.4 s of a restore).
  const bucketOf = new Map<string, number>();
  for (const b of blocks) {
    for (const id of b.entities) {
      let bucket = bucketOf.get(id);
      if (bucket === undefined) bucketOf.set(id, (bucket = eventSeqBucket(id)));
      let row = rows.get(bucket);
      if (!row) rows.set(bucket, (row = { bucket, blocks: {} }));
      const list = Object.hasOwn(row.blocks, id) ? (row.blocks[id] as number[]) : (row.blocks[id] = []);
      if (list.at(-1) !== b.n) list.push(b.n);
    }
  }
  for (const row of rows.values()) for (const list of Object.values(row.blocks)) list.sort((a, b) => a - b);
  return [...rows.values()].sort((a, b) => a.bucket - b.bucket);
}

/** A block's lines as text; throws when a sealed block does not decompress. */
export function blockText(b: LogBlock): string {
  if (b.text !== undefined) return b.text;
  if (b.gz !== undefined) return gunzipText(b.gz);
  throw new Error(`Log block ${b.first} holds neither text nor compressed lines.`);
}

/** A block's events (trusted: the log's own). Throws when the block is damaged. */
export function blockEvents(b: LogBlock): LotEvent[] {
  return parseEventLines(blockText(b)) as LotEvent[];
}

/**
 * The row (key `ledger`) of the `ledger` table (schema version 6): which ledger this database
 * holds and where this device stands in it.
 */
export interface LedgerRow {
  key: 'ledger';
  /** Made when the ledger is created; a restore takes the backup's. */
  ledgerId: string;
  createdAt: string;
  /** This installation's device id (made once; kept across restores). */
  deviceId: DeviceId;
  /** The largest clock stamp this device has made or seen; null before any event. */
  clock: HlcStamp | null;
  /** deviceId → its highest event counter in this database (this device's is its own counter). */
  heads: Record<DeviceId, number>;
}

export const LEDGER_ROW_KEY = 'ledger';

/** The tables of the log (a `FleetDb` has them). */
export interface LogTables {
  logBlocks: Table<LogBlock, string>;
  entityBlocks: Table<EntityBlocksBucket, number>;
  eventSeqs: Table<EventSeqBucket, number>;
  ledger: Table<LedgerRow, string>;
}

/** A new ledger's row: fresh ids (passed in), no events yet. */
export function newLedgerRow(ledgerId: string, deviceId: DeviceId, createdAt: string): LedgerRow {
  return { key: 'ledger', ledgerId, createdAt, deviceId, clock: null, heads: {} };
}

/** Listeners told, after a transaction that appended events commits, where the devices now stand. */
type CommitListener = (row: LedgerRow) => void;
const commitListeners = new Set<CommitListener>();

/** Calls `listener` after every committed append (the data-loss record keeps up with it). Returns the unsubscribe. */
export function onEventsCommitted(listener: CommitListener): () => void {
  commitListeners.add(listener);
  return () => commitListeners.delete(listener);
}

/** How many records the counters are hashed into. Changing it needs a migration that rebuilds them. */
export const EVENT_SEQ_BUCKETS = 64;

/**
 * A row of `eventSeqs`: the last seq of each entity hashed to this bucket, and its tip: the id
 * of its last event in clock order, which is the basis of the next event made here (issue 10).
 * Rows written before team sync have no tips; {@link appendEvents} then finds the tip in the
 * entity's last block, once.
 */
export interface EventSeqBucket {
  bucket: number;
  last: Record<Uuid, number>;
  tips?: Record<Uuid, string>;
}

export function eventSeqBucket(entityId: string): number {
  return hashBucket(entityId, EVENT_SEQ_BUCKETS);
}

/** More buckets than this and one read of the whole (small) table beats a get per bucket. */
const READ_ALL_ABOVE = 8;

async function readBuckets(db: LogTables, buckets: readonly number[]): Promise<Map<number, EventSeqBucket>> {
  const rows = buckets.length > READ_ALL_ABOVE ? await db.eventSeqs.toArray() : await db.eventSeqs.bulkGet([...buckets]);
  const byBucket = new Map<number, EventSeqBucket>();
  for (const row of rows) if (row) byBucket.set(row.bucket, row);
  return byBucket;
}

function lastOf(row: EventSeqBucket | undefined, id: Uuid): number {
  return row !== undefined && Object.hasOwn(row.last, id) ? (row.last[id] ?? 0) : 0;
}

/** The last seq of each entity's events, 0 for one without events. Inside a transaction, reads what it wrote. */
export async function lastSeqs(db: LogTables, ids: readonly Uuid[]): Promise<Map<Uuid, number>> {
  const unique = [...new Set(ids)];
  const rows = await readBuckets(db, [...new Set(unique.map(eventSeqBucket))]);
  return new Map(unique.map((id) => [id, lastOf(rows.get(eventSeqBucket(id)), id)]));
}

/**
 * Appends `events` with each record's seqs going on from its last in the log (whatever seqs they
 * were built with), in the order given: for changes built without reading the counters, such as
 * a supplier made from a name, whose id may have a history (one removed earlier).
 */
export async function appendAfterLast(db: LogTables, events: readonly LotEvent[]): Promise<LotEvent[]> {
  if (events.length === 0) return [];
  const last = await lastSeqs(db, events.map((e) => e.lotId));
  return appendEvents(
    db,
    events.map((e) => {
      const seq = (last.get(e.lotId) ?? 0) + 1;
      last.set(e.lotId, seq);
      return { ...e, seq };
    }),
  );
}

/** The last seq of one entity's events (0 when it has none). */
export async function lastSeq(db: LogTables, id: Uuid): Promise<number> {
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
      row = { bucket: b, last: { ...stored.get(b)?.last }, tips: { ...stored.get(b)?.tips } };
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
 * read-write transaction (which must include `logBlocks`, `entityBlocks`, `eventSeqs` and `ledger`). The events
 * go into the open block, and new blocks once it is full; a full block is sealed (compressed)
 * here, about once per thousand events. Each entity's events
 * must continue its log: seqs last + 1, last + 2… in any order within the call. Anything else
 * is a bug in the writer (a seq computed from a stale read), so it throws and the transaction,
 * with the change it recorded, is rolled back. Returns the events as stored (ids, stamps, basis).
 */
export async function appendEvents(db: LogTables, events: readonly LotEvent[], nowMs: number = Date.now()): Promise<LotEvent[]> {
  if (events.length === 0) return [];
  const byEntity = new Map<Uuid, number[]>();
  for (const e of events) {
    const list = byEntity.get(e.lotId);
    if (list) list.push(e.seq);
    else byEntity.set(e.lotId, [e.seq]);
  }
  // A split's other lot is part of its basis: its counter row is read with the others.
  const related = events.flatMap((e) => (e.relatedLotId !== null ? [e.relatedLotId] : []));
  const entityBuckets = [...new Set([...byEntity.keys(), ...related].map(eventSeqBucket))];
  const [row, tail, lastN, stored, indexRows] = await Promise.all([
    db.ledger.get(LEDGER_ROW_KEY),
    db.logBlocks.toCollection().last(),
    db.logBlocks.orderBy('n').lastKey(),
    readBuckets(db, entityBuckets),
    db.entityBlocks.bulkGet(entityBuckets),
  ]);
  if (row === undefined) throw new Error('The ledger row is missing: the database was not set up (see renderer/db/ledger.ts).');
  // Throws (and the transaction, with the change it recorded, rolls back) when the seqs are wrong.
  const touched = advanceCounters(byEntity, stored);
  const own = row.heads[row.deviceId] ?? 0;
  const { ids, stamps, next } = stampEvents({ device: row.deviceId, counter: own, clock: row.clock }, events.length, nowMs);
  // Each event's basis: the last event of its record (and of a split's other lot) this log held.
  const index = new Map<number, EntityBlocksBucket>();
  for (const r of indexRows) if (r) index.set(r.bucket, r);
  const { tips, lookUp } = tipsOf([...byEntity.keys(), ...related], stored, index);
  // Only a ledger from before team sync has records without tips (each looked up once).
  if (lookUp.size > 0) legacyTips(await db.logBlocks.where('n').anyOf([...lookUp.keys()]).toArray(), lookUp, tips);
  const stamped = events.map((e, i) => {
    const id = ids[i] as string;
    const basis = basisFor(e, tips);
    tips.set(e.lotId, id);
    return { ...e, id, hlc: stamps[i] as string, basis };
  });
  setTips(touched, byEntity.keys(), tips);
  const nextRow: LedgerRow = { ...row, clock: next.clock, heads: { ...row.heads, [row.deviceId]: next.counter } };
  const open = tail?.text !== undefined ? { first: tail.first, last: tail.last, count: tail.count, text: tail.text } : null;
  let nextN = typeof lastN === 'number' ? lastN + 1 : 1;
  const drafts = appendToBlocks(open, stamped);
  const numbered = drafts.map((d) => ({ draft: d, n: tail !== undefined && open !== null && d.first === open.first ? tail.n : nextN++ }));
  const blocks = numbered.map(({ draft, n }) => storedBlock(draft, n));
  const changedIndex = new Map<number, EntityBlocksBucket>();
  for (const { draft, n } of numbered) {
    for (const id of draft.entities) {
      const bucket = eventSeqBucket(id);
      const current = changedIndex.get(bucket) ?? index.get(bucket);
      const list = current !== undefined && Object.hasOwn(current.blocks, id) ? (current.blocks[id] as number[]) : [];
      if (list.at(-1) === n) continue;
      changedIndex.set(bucket, { bucket, blocks: { ...current?.blocks, [id]: [...list, n] } });
    }
  }
  await Promise.all([db.logBlocks.bulkPut(blocks), db.entityBlocks.bulkPut([...changedIndex.values()]), db.eventSeqs.bulkPut(touched), db.ledger.put(nextRow)]);
  notifyOnCommit(nextRow);
  return stamped;
}

/** Records the tips of `ids` in their (already advanced) counter rows. */
function setTips(rows: readonly EventSeqBucket[], ids: Iterable<Uuid>, tips: ReadonlyMap<Uuid, string>): void {
  const byBucket = new Map(rows.map((r) => [r.bucket, r]));
  for (const id of ids) {
    const r = byBucket.get(eventSeqBucket(id));
    const tip = tips.get(id);
    if (r !== undefined && tip !== undefined) (r.tips ??= {})[id] = tip;
  }
}

/**
 * The tip (last event id in clock order) of each of `ids` this log holds, from the counter rows
 * (`rows` must hold the rows of the `ids`' buckets), and the records whose rows predate tips,
 * with the last block that holds each ({@link legacyTips} reads them).
 */
function tipsOf(ids: readonly Uuid[], rows: ReadonlyMap<number, EventSeqBucket>, index: ReadonlyMap<number, EntityBlocksBucket>): { tips: Map<Uuid, string>; lookUp: Map<number, Uuid[]> } {
  const tips = new Map<Uuid, string>();
  const lookUp = new Map<number, Uuid[]>();
  for (const id of new Set(ids)) {
    const row = rows.get(eventSeqBucket(id));
    const tip = row?.tips !== undefined && Object.hasOwn(row.tips, id) ? row.tips[id] : undefined;
    if (tip !== undefined) tips.set(id, tip);
    else if (lastOf(row, id) > 0) {
      const bucket = index.get(eventSeqBucket(id));
      const n = bucket !== undefined && Object.hasOwn(bucket.blocks, id) ? bucket.blocks[id]?.at(-1) : undefined;
      if (n !== undefined) appendTo(lookUp, n, id);
    }
  }
  return { tips, lookUp };
}

/** The tips of records whose counter rows predate tips: the last of their events in the block that holds their last ones. */
function legacyTips(blocks: readonly (LogBlock | undefined)[], lookUp: ReadonlyMap<number, Uuid[]>, into: Map<Uuid, string>): void {
  for (const block of blocks) {
    if (block === undefined) continue;
    const want = new Set(lookUp.get(block.n));
    for (const e of blockEvents(block)) if (want.has(e.lotId)) into.set(e.lotId, e.id);
  }
}

/** Tells the commit listeners where the ledger stands once the caller's transaction commits (not if it rolls back). */
export function notifyOnCommit(row: LedgerRow): void {
  const tx = Dexie.currentTransaction;
  if (tx !== null && commitListeners.size > 0) {
    tx.on('complete', () => {
      for (const listener of commitListeners) listener(row);
    });
  }
}

/** What {@link mergeRemoteEvents} did. */
export interface RemoteMerge {
  /** The events new to this log, in clock order, as stored (each with this log's `seq`). */
  fresh: LotEvent[];
  /** How many given events the log already held. */
  known: number;
  /** Events not taken, and why, in words (a gap in a device's counter, this device's own id). */
  problems: string[];
  /** The tip (last event id) each record of the new events had before them, where the log notes it. */
  tipsBefore: Map<Uuid, string>;
}

/**
 * Which of `incoming` a log at `row` takes (see {@link mergeRemoteEvents}), in clock order:
 * each device's run from where the log has it on, without gaps; the first given for an id;
 * never this device's own id. With the heads after them, and what is held back, in words.
 */
export function selectFresh(row: LedgerRow, incoming: readonly LotEvent[]): { fresh: LotEvent[]; known: number; problems: string[]; heads: Record<DeviceId, number> } {
  const problems: string[] = [];
  const byDevice = new Map<DeviceId, Map<number, LotEvent>>();
  let known = 0;
  for (const e of incoming) {
    const id = parseEventId(e.id);
    if (id === null) {
      problems.push(`Event ${e.id} has no device id and counter: not taken.`);
      continue;
    }
    if (id.counter <= (row.heads[id.device] ?? 0)) {
      known += 1;
      continue;
    }
    let list = byDevice.get(id.device);
    if (list === undefined) byDevice.set(id.device, (list = new Map()));
    // The first given for an id is kept: a later one with other content never replaces it.
    if (!list.has(id.counter)) list.set(id.counter, e);
  }
  const fresh: LotEvent[] = [];
  const heads = { ...row.heads };
  for (const [device, events] of byDevice) {
    if (device === row.deviceId) {
      problems.push(`${events.size} events carry this device’s id (${device.slice(0, 8)}) but were not made here: another installation copied from this one is writing under its id. They were not taken; give that installation a new device id (restore a backup there, or reinstall).`);
      continue;
    }
    let next = (heads[device] ?? 0) + 1;
    const takenBefore = fresh.length;
    for (let e = events.get(next); e !== undefined; e = events.get(next)) {
      fresh.push(e);
      next += 1;
    }
    // Taken: the run from the device's head on; any given beyond a gap waits (counted, not spread: a first sync gives half a million).
    if (fresh.length - takenBefore < events.size) problems.push(`Device ${device.slice(0, 8)}: its events from ${next} on have not all arrived; ${events.size - (next - 1 - (heads[device] ?? 0))} later ones wait for them.`);
    if (next - 1 > (heads[device] ?? 0)) heads[device] = next - 1;
  }
  fresh.sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0));
  return { fresh, known, problems, heads };
}

/**
 * Merges other devices' events into the log (team sync), inside the caller's read-write
 * transaction over the log's tables. Each device's events must continue where the log has that
 * device (`heads`), without gaps: events it already holds are skipped; events after a gap are
 * held back (reported) until the missing ones come. The new events take their place in clock
 * order: the blocks from the first one they fall into to the end are rewritten (usually just the
 * open tail; sealed blocks before it stay byte for byte). Each event's `seq` is its entity's next
 * number here, in clock order among the new ones: `seq` is this log's own numbering, the order
 * of arrival; replay follows the clock. The clock moves past every stamp received.
 *
 * Events with this device's id that it does not hold are refused: another installation is
 * writing under this device's id (a copied profile), and taking them would give two events one id.
 */
export async function mergeRemoteEvents(db: LogTables, incoming: readonly LotEvent[]): Promise<RemoteMerge> {
  const row = await db.ledger.get(LEDGER_ROW_KEY);
  if (row === undefined) throw new Error('The ledger row is missing: the database was not set up (see renderer/db/ledger.ts).');
  const { fresh, known, problems, heads } = selectFresh(row, incoming);
  if (fresh.length === 0) return { fresh: [], known, problems, tipsBefore: new Map() };

  // Number the new events of each entity after its last seq here, in clock order.
  const counterRows = await readBuckets(db, [...new Set(fresh.map((e) => eventSeqBucket(e.lotId)))]);
  const tipsBefore = new Map<Uuid, string>();
  for (const e of fresh) {
    const tip = counterRows.get(eventSeqBucket(e.lotId))?.tips?.[e.lotId];
    if (tip !== undefined) tipsBefore.set(e.lotId, tip);
  }
  const nextSeq = new Map<Uuid, number>();
  const numbered = fresh.map((e) => {
    const seq = (nextSeq.get(e.lotId) ?? lastOf(counterRows.get(eventSeqBucket(e.lotId)), e.lotId)) + 1;
    nextSeq.set(e.lotId, seq);
    return withSeq(e, seq);
  });
  const byEntity = new Map<Uuid, number[]>();
  for (const e of numbered) {
    const list = byEntity.get(e.lotId);
    if (list) list.push(e.seq);
    else byEntity.set(e.lotId, [e.seq]);
  }
  const touched = advanceCounters(byEntity, counterRows);

  // The blocks from the one the earliest new event falls into, to the end, are rewritten.
  const earliest = (numbered[0] as LotEvent).hlc;
  const [before, after, lastN] = await Promise.all([db.logBlocks.where(':id').below(earliest).last(), db.logBlocks.where(':id').aboveOrEqual(earliest).toArray(), db.logBlocks.orderBy('n').lastKey()]);
  // The block the earliest falls into, or the open tail it would follow (only the newest block may be open).
  const rewritten = before !== undefined && (before.last > earliest || before.text !== undefined) ? [before, ...after] : after;
  const kept: LotEvent[] = [];
  for (const b of rewritten) for (const e of blockEvents(b)) kept.push(e);
  const merged: LotEvent[] = [];
  for (let i = 0, j = 0; i < kept.length || j < numbered.length; ) {
    const k = kept[i];
    const n = numbered[j];
    if (n === undefined || (k !== undefined && k.hlc < n.hlc)) {
      merged.push(k as LotEvent);
      i += 1;
    } else {
      if (k !== undefined && k.hlc === n.hlc) throw new Error(`mergeRemoteEvents: two events share the stamp ${n.hlc}`);
      merged.push(n);
      j += 1;
    }
  }
  // The rewritten range starts at a block boundary: the blocks before it stay sealed as they are.
  const drafts = blocksOf(merged);
  let nextN = typeof lastN === 'number' ? lastN + 1 : 1;
  const blocks = drafts.map((d) => storedBlock(d, nextN++));
  // The history index: the rewritten blocks' numbers out, the new ones in.
  const oldNumbers = new Set(rewritten.map((b) => b.n));
  const entities = new Set<string>();
  for (const e of kept) entities.add(e.lotId);
  for (const d of drafts) for (const id of d.entities) entities.add(id);
  const indexRows = await db.entityBlocks.bulkGet([...new Set([...entities].map(eventSeqBucket))]);
  const index = new Map<number, EntityBlocksBucket>();
  for (const r of indexRows) if (r) index.set(r.bucket, { bucket: r.bucket, blocks: { ...r.blocks } });
  for (const id of entities) {
    const bucket = eventSeqBucket(id);
    let r = index.get(bucket);
    if (r === undefined) index.set(bucket, (r = { bucket, blocks: {} }));
    r.blocks[id] = (Object.hasOwn(r.blocks, id) ? (r.blocks[id] as number[]) : []).filter((n) => !oldNumbers.has(n));
  }
  drafts.forEach((d, i) => {
    for (const id of d.entities) (index.get(eventSeqBucket(id)) as EntityBlocksBucket).blocks[id]?.push((blocks[i] as LogBlock).n);
  });
  for (const r of index.values()) for (const id of Object.keys(r.blocks)) if ((r.blocks[id] as number[]).length === 0) delete r.blocks[id];
  // The rewritten range runs to the end of the log: a record's last event in it is its tip.
  const mergedTips = new Map<Uuid, string>();
  for (const e of merged) mergedTips.set(e.lotId, e.id);
  setTips(touched, byEntity.keys(), mergedTips);
  let clock = row.clock;
  for (const e of numbered) if (clock === null || e.hlc > clock) clock = e.hlc;
  const nextRow: LedgerRow = { ...row, clock, heads };
  await db.logBlocks.bulkDelete(rewritten.map((b) => b.first));
  await Promise.all([db.logBlocks.bulkAdd(blocks), db.entityBlocks.bulkPut([...index.values()]), db.eventSeqs.bulkPut(touched), db.ledger.put(nextRow)]);
  notifyOnCommit(nextRow);
  return { fresh: numbered, known, problems, tipsBefore };
}

/**
 * Counters rebuilt from the log itself, from each event's entity and seq: for the schema
 * upgrade that introduced them, a restore, a rebuild, and tests that check them.
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

/** Counters and tips rebuilt from identified events (a restore, a rebuild): each record's highest seq, and its event latest in clock order. */
export function countersOfEvents(events: readonly Pick<LotEvent, 'lotId' | 'seq' | 'id' | 'hlc'>[]): EventSeqBucket[] {
  const last = new Map<Uuid, number>();
  const tipStamp = new Map<Uuid, string>();
  const tipId = new Map<Uuid, string>();
  for (const e of events) {
    const seq = last.get(e.lotId);
    if (seq === undefined || seq < e.seq) last.set(e.lotId, e.seq);
    const at = tipStamp.get(e.lotId);
    if (at !== undefined && at > e.hlc) continue;
    tipStamp.set(e.lotId, e.hlc);
    tipId.set(e.lotId, e.id);
  }
  // Hashed once per record, not per event.
  const rows = countersFromKeys(last);
  const byBucket = new Map(rows.map((r) => [r.bucket, r]));
  for (const [id, eventId] of tipId) {
    const r = byBucket.get(eventSeqBucket(id)) as EventSeqBucket;
    (r.tips ??= {})[id] = eventId;
  }
  return rows;
}

/** How far each device's events go: deviceId → highest counter (from the events' ids). */
export function headsOf(events: readonly LotEvent[]): Record<DeviceId, number> {
  const heads: Record<DeviceId, number> = {};
  for (const e of events) {
    const colon = e.id.lastIndexOf(':');
    const device = e.id.slice(0, colon);
    const counter = Number(e.id.slice(colon + 1));
    if ((heads[device] ?? 0) < counter) heads[device] = counter;
  }
  return heads;
}

/**
 * Replaces the whole log with `blocks` (a restored backup's, holding `events` in that order,
 * already identified), inside the caller's read-write transaction over `logBlocks`,
 * `entityBlocks`, `eventSeqs` and `ledger`. The device keeps its id, and its counter continues after its own events in the new
 * log; its clock moves past every stamp there. If the new log holds fewer of this device's
 * events than the old one (an older backup), the device takes a new id: the ids it gave out
 * since may exist elsewhere, and giving them again to different events would make two events
 * with one id. `givenOut` adds how far each device's events are known to go beyond this
 * database (the data-loss record: a database behind it has lost events whose ids were given out).
 */
export async function replaceLog(
  db: LogTables,
  blocks: readonly LogBlock[],
  events: readonly LotEvent[],
  ledgerId: string,
  createdAt: string,
  newDeviceId: () => DeviceId,
  givenOut: Readonly<Record<DeviceId, number>> = {},
): Promise<LedgerRow> {
  // The blocks (the bulk of what is written) are handed to IndexedDB first, so it stores them
  // while the indexes below are worked out here.
  const blocksWritten = Promise.all([db.logBlocks.clear(), db.logBlocks.bulkAdd([...blocks])]);
  const current = await db.ledger.get(LEDGER_ROW_KEY);
  if (current === undefined) throw new Error('The ledger row is missing: the database was not set up.');
  let clock = current.clock;
  for (const e of events) if (clock === null || e.hlc > clock) clock = e.hlc;
  const heads = headsOf(events);
  const behind = (heads[current.deviceId] ?? 0) < Math.max(current.heads[current.deviceId] ?? 0, givenOut[current.deviceId] ?? 0);
  const row: LedgerRow = { key: 'ledger', ledgerId, createdAt, deviceId: behind ? newDeviceId() : current.deviceId, clock, heads };
  const held: { n: number; entities: Set<string> }[] = [];
  let at = 0;
  for (const b of blocks) {
    held.push({ n: b.n, entities: new Set(events.slice(at, at + b.count).map((e) => e.lotId)) });
    at += b.count;
  }
  await Promise.all([
    blocksWritten,
    db.entityBlocks.clear(),
    db.entityBlocks.bulkAdd(entityBlocksOf(held)),
    db.eventSeqs.clear(),
    db.eventSeqs.bulkPut(countersOfEvents(events)),
    db.ledger.put(row),
  ]);
  return row;
}

/** Every block of the log, in clock order. */
export function readLogBlocks(db: LogTables): Promise<LogBlock[]> {
  return db.logBlocks.toArray();
}

/** Every event, in clock order (works inside a transaction: decompression is synchronous). */
export async function readLog(db: LogTables): Promise<LotEvent[]> {
  const events: LotEvent[] = [];
  for (const b of await readLogBlocks(db)) for (const e of blockEvents(b)) events.push(e);
  return events;
}

/**
 * One record's own events (a lot's, a model's, a site's, the team settings'), oldest first:
 * only the blocks that hold any are read, and of those only the lines that name the record.
 */
export async function entityEvents(db: LogTables, id: string): Promise<LotEvent[]> {
  const row = await db.entityBlocks.get(eventSeqBucket(id));
  const numbers = row !== undefined && Object.hasOwn(row.blocks, id) ? (row.blocks[id] as number[]) : [];
  const blocks = numbers.length === 0 ? [] : await db.logBlocks.where('n').anyOf(numbers).toArray();
  const needle = `"lotId":${JSON.stringify(id)}`;
  const events: LotEvent[] = [];
  for (const b of blocks) {
    const lines = blockText(b).split('\n');
    const mine = lines.filter((line) => line.includes(needle)).join('\n');
    if (mine === '') continue;
    for (const e of parseEventLines(`${mine}\n`) as LotEvent[]) if (e.lotId === id) events.push(e);
  }
  // Clock order: a remote event merged later may stand before this device's own (seq is arrival order).
  return events.sort(compareEventsOfEntity);
}

/** How many events the log holds (every device's counter is gap-free, so it is the sum of the heads). */
export function eventCount(row: LedgerRow): number {
  let n = 0;
  for (const head of Object.values(row.heads)) n += head;
  return n;
}
