/**
 * The ledger as a whole (LEDGER.md §1–2): its snapshot, *Verify ledger*, the rebuild of every
 * projection from the events alone, and backup and restore. The formats and the fold are pure
 * (shared/ledger/); this module reads and writes IndexedDB, each write in one transaction.
 */
import type { LotEvent } from '../../shared/events';
import {
  BACKUP_FORMAT_VERSION,
  decodeBackup,
  decodeBackupFile,
  encodeBackupFile,
  asBackupMadeIt,
  foldBackupEvents,
  snapshotLineChunks,
  hasStoredHeader,
  isGzip,
  snapshotCounts,
  type BackupContents,
  type BackupHeader,
  type Sha256,
  type Sha256Bytes,
} from '../../shared/ledger/backupFormat';
import { parseEventId } from '../../shared/ledger/clock';
import { blocksOf, cutBlocks, eventLineFrom, parseEventLines, type BlockDraft } from '../../shared/ledger/logBlocks';
import { portableLineOf } from '../../shared/sync/folderFormat';
import { compareSnapshots, type SnapshotDifference, type SnapshotPart } from '../../shared/ledger/compareSnapshots';
import { foldForward, foldLedger, sortSnapshot, type LedgerSnapshot, type ProjectionState } from '../../shared/ledger/fold';
import { eventWith, numberedFromOne } from '../../shared/events';
import { CONFLICTS_KEY, storedConflicts } from './storedConflicts';
import { breaksSchedule, setsFiscalYearStart } from '../../shared/sync/scheduleConflicts';
import { AS_IT_IS, asItIs, changedSince, changedSinceMessage, conflictsAt, ledgerConflicts, receivesHeldSerial, resolutionEvent, settledBy, writesValues, type LedgerConflict, type UnitWalkSeed } from '../../shared/sync/conflicts';
import type { SyncDeps } from '../../shared/sync/folderSync';
import { TEAM_SETTING_KEYS, teamSettingsFrom, type TeamSettings } from '../../shared/ledger/teamSettings';
import { err, ok, type Result } from '../../shared/result';
import { decodeEventUnits, eventSerials, packUnits, serialsChangedBy, unpackUnits, type Unit, type UnitLotEvent } from '../../shared/units';
import type { Uuid } from '../../shared/ids';
import type { Lot } from '../../shared/lot';
import { Dexie, type Table } from 'dexie';
import { CURRENT_SCHEMA_VERSION } from './schema';
import { recordUpgradedFields } from './upgradedFields';
import { fieldsOnlyInTables, UPGRADED_FIELDS_RECORDED_AT_VERSION } from '../../shared/ledger/upgradedFields';
import type { FleetDb } from './database';
import { appendEvents, blockEvents, countersOfEvents, entityBlocksOf, headsOf, lastSeq, LEDGER_ROW_KEY, entityEvents, mergeRemoteEvents, notifyOnCommit, readLog, readLogBlocks, selectFresh, replaceLog, compressedBlock, sealedBlocksOffTransaction, type EntityBlocksBucket, type LedgerRow, type LogBlock } from './eventLog';
import { gunzipMemberAsync, gzipText, gzipTextOffTransaction, utf8Text } from './gzip';
import { startCompression, startStreamedGzip } from './deflate';
import { inflateMembers } from './inflate';
import { assetTagBucket, layoutUnits, pageIdsOfSerials, readSerialBucket, unitCountOfLot, type AssetTagBucket, type SerialBucket, type UnitPage } from './unitIndex';
import { unitsBySerial, writeUnitStates } from './units';
import { UNREPORTED, type WorkReport } from '../../shared/work';

/** Every table the ledger's data lives in: a rebuild or a restore writes them all in one transaction (the bench reads through it too). */
export function ledgerTables(db: FleetDb) {
  return [db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger, db.lots, db.models, db.sites, db.suppliers, db.marketObservations, db.unitPages, db.serialBuckets, db.assetTagBuckets, db.settings];
}

export async function ledgerRow(db: FleetDb): Promise<LedgerRow> {
  const row = await db.ledger.get(LEDGER_ROW_KEY);
  if (row === undefined) throw new Error('The ledger row is missing: the database was not set up.');
  return row;
}

export { readLog };

async function teamSettingsOf(db: FleetDb): Promise<TeamSettings> {
  const rows = await db.settings.bulkGet([...TEAM_SETTING_KEYS]);
  const values: Record<string, unknown> = {};
  for (const row of rows) if (row) values[row.key] = row.value;
  return teamSettingsFrom(values);
}

/** The projections as the tables hold them now. */
export async function readSnapshot(db: FleetDb): Promise<LedgerSnapshot> {
  return (await readSnapshotAndPages(db)).snapshot;
}

/** {@link readSnapshot}, and the unit pages its units were read from. */
async function readSnapshotAndPages(db: FleetDb): Promise<{ snapshot: LedgerSnapshot; pages: UnitPage[] }> {
  const [lots, models, sites, suppliers, observations, pages, settings] = await Promise.all([
    db.lots.toArray(),
    db.models.toArray(),
    db.sites.toArray(),
    db.suppliers.toArray(),
    db.marketObservations.toArray(),
    db.unitPages.toArray(),
    teamSettingsOf(db),
  ]);
  return { snapshot: sortSnapshot({ lots, models, sites, suppliers, observations, units: pages.flatMap(unpackUnits), settings }), pages };
}

export interface LedgerCheck {
  events: number;
  /** Differences between the tables and the events, and problems of the log and its indexes, in words. Empty: the ledger is whole. */
  problems: string[];
}

/** Problems of the log itself: ids and counters, as a person would need to hear them. */
function logProblems(events: readonly LotEvent[], row: LedgerRow): string[] {
  const problems: string[] = [];
  const seen = new Map<string, Set<number>>();
  for (const e of events) {
    const id = parseEventId(e.id);
    if (id === null) {
      problems.push(`Event ${e.id} has no device id and counter.`);
      continue;
    }
    let set = seen.get(id.device);
    if (!set) seen.set(id.device, (set = new Set()));
    set.add(id.counter);
  }
  for (const [device, counters] of seen) {
    // A loop, not Math.max(...counters): one device may have half a million events.
    let max = 0;
    for (const c of counters) if (c > max) max = c;
    if (counters.size !== max) problems.push(`Device ${device.slice(0, 8)}: ${max - counters.size} of its events 1–${max} are missing from the log.`);
  }
  const heads = headsOf(events);
  for (const device of new Set([...Object.keys(heads), ...Object.keys(row.heads)])) {
    if ((heads[device] ?? 0) !== (row.heads[device] ?? 0)) {
      problems.push(`Device ${device.slice(0, 8)}: the ledger records its events up to ${row.heads[device] ?? 0}, the log holds them up to ${heads[device] ?? 0}.`);
    }
  }
  return problems;
}

/** The events of the log's blocks, in order, each block's or the reason it cannot be read; sealed blocks are inflated ahead of the caller (renderer/db/inflate.ts). */
async function* eventsOfBlocks(blocks: readonly LogBlock[]): AsyncGenerator<LotEvent[] | { unreadable: string }> {
  let from = 0;
  while (from < blocks.length) {
    const rest = blocks.slice(from);
    const sealed = rest.filter((b) => b.gz !== undefined).map((b) => b.gz as Uint8Array);
    const inflated = inflateMembers(sealed)[Symbol.asyncIterator]();
    let failedAt = -1;
    try {
      for (let i = 0; i < rest.length; i++) {
        const b = rest[i] as LogBlock;
        try {
          if (b.gz !== undefined) {
            const next = await inflated.next();
            if (next.done === true) throw new Error('the block was not inflated');
            yield parseEventLines(utf8Text(next.value)) as LotEvent[];
          } else {
            yield blockEvents(b);
          }
        } catch (e) {
          yield { unreadable: e instanceof Error ? e.message : String(e) };
          // An inflation that failed has stopped: start again after this block.
          if (b.gz !== undefined) {
            failedAt = i;
            break;
          }
        }
      }
    } finally {
      await inflated.return?.();
    }
    if (failedAt === -1) return;
    from += failedAt + 1;
  }
}

/** The log's events, and what is wrong with its blocks (one that does not decode, or does not say what it holds), in words. */
async function readBlocksChecked(blocks: readonly LogBlock[], report: WorkReport): Promise<{ events: LotEvent[]; problems: string[]; unreadable: string[]; held: { n: number; entities: Set<string> }[] }> {
  const events: LotEvent[] = [];
  const problems: string[] = [];
  const unreadable: string[] = [];
  const held: { n: number; entities: Set<string> }[] = [];
  let previousLast = '';
  let i = 0;
  for await (const own of eventsOfBlocks(blocks)) {
    const b = blocks[i] as LogBlock;
    const name = `Log block ${i + 1} (from ${b.first})`;
    i += 1;
    if (!Array.isArray(own)) {
      unreadable.push(`${name} cannot be read (${own.unreadable})`);
      problems.push(`${name} cannot be read (${own.unreadable}): its events are missing from the rebuilt ledger.`);
      continue;
    }
    if (b.text !== undefined && i !== blocks.length) problems.push(`${name} is open, but only the newest block may be.`);
    if (own.length !== b.count) problems.push(`${name} says it holds ${b.count} events and holds ${own.length}.`);
    if (own.length > 0 && (own[0]?.hlc !== b.first || own[own.length - 1]?.hlc !== b.last)) problems.push(`${name} does not start and end with the events its key and range name.`);
    const entities = new Set<string>();
    for (const e of own) {
      entities.add(e.lotId);
      if (e.hlc <= previousLast) problems.push(`${name}: event ${e.id} is out of clock order.`);
      previousLast = e.hlc;
      events.push(e);
    }
    held.push({ n: b.n, entities });
    await report.progress(i, blocks.length);
  }
  return { events, problems, unreadable, held };
}

/** Where the index of each record's blocks disagrees with the blocks, in words. */
function entityIndexProblems(rows: readonly EntityBlocksBucket[], held: { n: number; entities: Set<string> }[]): string[] {
  const expected = new Map(entityBlocksOf(held).flatMap((r) => Object.entries(r.blocks)));
  const stored = new Map(rows.flatMap((r) => Object.entries(r.blocks)));
  const problems: string[] = [];
  for (const [id, list] of expected) {
    if ((stored.get(id) ?? []).join(',') !== list.join(',')) problems.push(`The history index of ${id.slice(0, 8)} does not list exactly the ${list.length} log blocks that hold its events.`);
  }
  for (const id of stored.keys()) if (!expected.has(id)) problems.push(`The history index lists ${id.slice(0, 8)}, which no event names.`);
  return problems;
}

/** Where the serial and asset-tag indexes disagree with the unit pages (`units`: the pages' units), in words: every unit found on the page that holds it, nothing else indexed. */
function unitIndexProblems(pages: readonly UnitPage[], serialRows: readonly SerialBucket[], tagRows: readonly AssetTagBucket[], units: readonly Unit[]): string[] {
  const problems: string[] = [];
  const pageOf = new Map<string, string>();
  for (const p of pages) {
    for (const s of p.serials) {
      if (pageOf.has(s)) problems.push(`Unit ${s} is on two unit pages.`);
      pageOf.set(s, p.id);
    }
  }
  const indexed = new Map<string, string>();
  for (const r of serialRows) for (const [s, pageId] of readSerialBucket(r)) indexed.set(s, pageId);
  for (const [s, pageId] of pageOf) if (indexed.get(s) !== pageId) problems.push(`Unit ${s}: the serial index does not find it on its page.`);
  for (const s of indexed.keys()) if (!pageOf.has(s)) problems.push(`The serial index lists ${s}, which no unit page holds.`);
  const tagOf = new Map(units.filter((u) => u.assetTag !== '').map((u) => [u.assetTag, u.serial]));
  const tags = new Map<string, string>();
  for (const r of tagRows) r.tags.forEach((t, i) => tags.set(t, r.serials[i] ?? ''));
  for (const [tag, serial] of tagOf) if (tags.get(tag) !== serial) problems.push(`Asset tag ${tag}: the tag index does not find unit ${serial}.`);
  for (const tag of tags.keys()) if (!tagOf.has(tag)) problems.push(`The asset-tag index lists ${tag}, which no unit carries.`);
  return problems;
}

/**
 * *Verify ledger*: folds the events alone and compares the result with the tables, checks the
 * log's ids and counters, and that the serial and asset-tag indexes find every unit. Changes
 * nothing.
 */
export async function verifyLedger(db: FleetDb, report: WorkReport = UNREPORTED): Promise<LedgerCheck> {
  await report.step('Reading the ledger’s log');
  // Everything read in one transaction (one consistent state), then checked outside it: the
  // blocks are inflated in a worker, and a transaction cannot wait for one.
  const [blocks, snapshot, row, serialRows, tagRows, seqRows, indexRows, pages, conflicts] = await db.transaction('r', ledgerTables(db), () =>
    Promise.all([
      readLogBlocks(db),
      readSnapshot(db),
      ledgerRow(db),
      db.serialBuckets.toArray(),
      db.assetTagBuckets.toArray(),
      db.eventSeqs.toArray(),
      db.entityBlocks.toArray(),
      db.unitPages.toArray(),
      storedConflicts(db),
    ]),
  );
  const { events, problems: blockProblems, held } = await readBlocksChecked(blocks, report);
  await report.step('Comparing what is stored with what the events make');
  const problems = [...blockProblems, ...entityIndexProblems(indexRows, held), ...logProblems(events, row)];
  // A loop, not push(...): a badly damaged ledger can differ in more places than a call takes arguments.
  for (const d of compareSnapshots(foldLedger(events), snapshot)) problems.push(d.message);
  for (const p of unitIndexProblems(pages, serialRows, tagRows, snapshot.units)) problems.push(p);
  const fromLog = countersOfEvents(events);
  const counters = new Map(fromLog.flatMap((r) => Object.entries(r.last)));
  const stored = new Map(seqRows.flatMap((r) => Object.entries(r.last)));
  for (const [id, last] of counters) if (stored.get(id) !== last) problems.push(`The event counter of ${id.slice(0, 8)} says ${stored.get(id) ?? 0}, its log goes to ${last}.`);
  // The team-sync conflicts noted with the projections are the ones the events give.
  const found = ledgerConflicts(events).filter(storedKind);
  const noted = new Set(conflicts.map((c) => c.id));
  for (const c of found) if (!noted.has(c.id)) problems.push(`A conflict is not listed: ${c.message}`);
  const given = new Set(found.map((c) => c.id));
  for (const c of conflicts) if (!given.has(c.id)) problems.push(`A conflict is listed that the events do not give (${c.id}).`);
  // Tips (the basis of the next event) where a row has them: rows from before team sync have none.
  const tips = new Map(fromLog.flatMap((r) => Object.entries(r.tips ?? {})));
  for (const r of seqRows) for (const [id, tip] of Object.entries(r.tips ?? {})) if (tips.get(id) !== tip) problems.push(`The last event of ${id.slice(0, 8)} is noted as ${tip}, but the log ends with ${tips.get(id) ?? 'none'}.`);
  return { events: events.length, problems };
}

function packRange(units: readonly Unit[]) {
  return (from: number, to: number) => {
    const slice = units.slice(from, to);
    return packUnits(slice, (i) => (slice[i] as Unit).lotId);
  };
}

const storedKind = (c: LedgerConflict): boolean => c.kind !== 'lot-code' && c.kind !== 'site-code' && c.kind !== 'supplier-name';

// Where the conflicts are noted: a leaf module, so the unit look-up reads them too.
export { CONFLICTS_KEY, storedConflicts } from './storedConflicts';

/** The parts of the projections, each the table (or, for units, the pages and their indexes) that holds it. */
type ProjectionPart = 'lots' | 'models' | 'sites' | 'suppliers' | 'observations' | 'units';
/** The parts a write may leave as they are, because they already hold exactly what it would write. */
type KeptParts = ReadonlySet<ProjectionPart>;

/**
 * Writes `snapshot` as the projections, replacing what the tables held (inside the caller's
 * transaction over {@link ledgerTables}), and the conflicts found in the same events. The parts
 * in `keep` are left untouched (a rebuild that found them equal to the events).
 */
async function writeProjections(db: FleetDb, snapshot: LedgerSnapshot, conflicts: () => readonly LedgerConflict[], keep: KeptParts = new Set()): Promise<void> {
  // Each table is cleared and filled by requests made one after the other without waiting (a
  // transaction runs its requests in order): IndexedDB stores the records while the units are
  // laid out and the conflicts found here.
  const replace = <T>(part: Exclude<ProjectionPart, 'units'>, table: Table<T>, rows: readonly T[]): Promise<unknown>[] =>
    keep.has(part) ? [] : [table.clear(), table.bulkAdd(rows)];
  const writes: Promise<unknown>[] = [
    ...replace('lots', db.lots, snapshot.lots),
    ...replace('models', db.models, snapshot.models),
    ...replace('sites', db.sites, snapshot.sites),
    ...replace('suppliers', db.suppliers, snapshot.suppliers),
    ...replace('observations', db.marketObservations, snapshot.observations),
    db.settings.bulkPut(TEAM_SETTING_KEYS.map((key) => ({ key, value: snapshot.settings[key] }))),
    db.settings.put({ key: 'demoFleet', value: snapshot.lots.some((l) => l.demo) || snapshot.models.some((m) => m.demo) || snapshot.sites.some((s) => s.demo) || snapshot.suppliers.some((s) => s.demo) }),
  ];
  if (!keep.has('units')) {
    writes.push(db.unitPages.clear(), db.serialBuckets.clear(), db.assetTagBuckets.clear());
    const layout = layoutUnits(snapshot.units, packRange(snapshot.units), () => crypto.randomUUID());
    writes.push(db.unitPages.bulkAdd(layout.pages), db.serialBuckets.bulkAdd(layout.serialBuckets), db.assetTagBuckets.bulkAdd(layout.assetTagBuckets));
  }
  writes.push(db.settings.put({ key: CONFLICTS_KEY, value: conflicts().filter(storedKind) }));
  await Promise.all(writes);
}

/** Which part of the tables each kind of difference is in. */
const PART_TABLE: Record<Exclude<SnapshotPart, 'Team settings'>, ProjectionPart> = {
  Lot: 'lots',
  Model: 'models',
  Site: 'sites',
  Supplier: 'suppliers',
  'Market price': 'observations',
  Unit: 'units',
};

/**
 * The parts a rebuild need not write: those without a difference from the events; the units
 * only when, besides, the serial and asset-tag indexes find every unit where it is (at fleet
 * scale, rewriting 100,000 units and their indexes was about a third of a rebuild).
 */
function partsToKeep(differences: readonly SnapshotDifference[], unitIndexWhole: boolean): KeptParts {
  const keep = new Set(Object.values(PART_TABLE));
  for (const d of differences) if (d.part !== 'Team settings') keep.delete(PART_TABLE[d.part]);
  if (!unitIndexWhole) keep.delete('units');
  return keep;
}

/**
 * Rebuilds every projection (lots, unit pages, serial and tag buckets, models, sites, suppliers, market
 * prices, team settings, the per-entity counters and history index) from the events alone, in
 * one transaction. Returns what changed, in words (empty when the tables already matched).
 * Refused (throws, nothing written) while a log block cannot be read: the tables still hold
 * what its events made, and rebuilding without them would drop that, and lower the records'
 * counters so that their next events took numbers already given out.
 */
export async function rebuildFromEvents(db: FleetDb, report: WorkReport = UNREPORTED): Promise<SnapshotDifference[]> {
  for (let attempt = 1; ; attempt++) {
    await report.step('Reading the ledger’s log');
    // Read in one transaction, fold outside it (the blocks are inflated in a worker, which a
    // transaction cannot wait for), write in another, only if no event came in meanwhile.
    const [blocks, { snapshot: tables, pages }, serialRows, tagRows, row] = await db.transaction('r', ledgerTables(db), () =>
      Promise.all([readLogBlocks(db), readSnapshotAndPages(db), db.serialBuckets.toArray(), db.assetTagBuckets.toArray(), ledgerRow(db)]),
    );
    const { events, held, unreadable } = await readBlocksChecked(blocks, report);
    if (unreadable.length > 0) {
      throw new Error(`${unreadable.join('; ')}. Rebuilding without ${unreadable.length === 1 ? 'its' : 'their'} events would drop what they made from the tables, so nothing was rebuilt. Restore a backup made before the damage (Settings → Backups).`);
    }
    await report.step('Rebuilding the ledger from its events');
    const folded = foldLedger(events);
    const differences = compareSnapshots(folded, tables);
    const keep = partsToKeep(differences, unitIndexProblems(pages, serialRows, tagRows, tables.units).length === 0);
    const written = await db.transaction('rw', ledgerTables(db), async () => {
      if (!sameLogState(await ledgerRow(db), row)) return false;
      // What already equals the events stays as it is; the rest is written from them.
      await writeProjections(db, folded, () => ledgerConflicts(events), keep);
      await Promise.all([db.eventSeqs.clear(), db.entityBlocks.clear()]);
      await Promise.all([db.eventSeqs.bulkPut(countersOfEvents(events)), db.entityBlocks.bulkPut(entityBlocksOf(held))]);
      return true;
    });
    if (written) return differences;
    if (attempt >= REBUILD_ATTEMPTS) throw new Error(`The ledger changed ${REBUILD_ATTEMPTS} times while it was being rebuilt, so nothing was rewritten. Try again when no changes are coming in.`);
  }
}

/** How often a rebuild folds again when events came in while it folded. */
const REBUILD_ATTEMPTS = 3;

/** Whether the log is where it was: the same ledger, and no event made, received or replaced since (every one moves the clock or a device's head). */
function sameLogState(now: LedgerRow, then: LedgerRow): boolean {
  return now.ledgerId === then.ledgerId && now.clock === then.clock && JSON.stringify(now.heads) === JSON.stringify(then.heads);
}

// ---- Team sync ---------------------------------------------------------------------------

/** What {@link applyRemoteEvents} did: the events it took, how many it already had, and what it could not take, in words. */
export interface RemoteApplied {
  applied: number;
  known: number;
  problems: string[];
}

/**
 * Takes other devices' events (read from the team folder or a server) into this ledger, in one
 * transaction: they are merged into the log in clock order (eventLog.ts mergeRemoteEvents) and
 * the projections are folded again from the whole log, so every device holding the same events
 * shows the same fleet, whatever order they arrived in.
 */
export async function applyRemoteEvents(db: FleetDb, incoming: readonly LotEvent[], ledgerId?: string): Promise<RemoteApplied> {
  // A device's first sync (its log empty): the log and projections are made outside the
  // transaction, as a restore makes them, and stored if the log is still empty then.
  const prepared = await prepareFirstSync(db, incoming, ledgerId);
  if (prepared !== null) {
    const stored = await db.transaction('rw', ledgerTables(db), async () => {
      if (!sameLogState(await ledgerRow(db), prepared.row)) return null;
      const started = performance.now();
      const [row] = await Promise.all([
        replaceLog(db, prepared.blocks, prepared.events, prepared.row.ledgerId, prepared.row.createdAt, () => crypto.randomUUID()),
        writeProjections(db, prepared.snapshot, () => prepared.conflicts),
      ]);
      notifyOnCommit(row);
      phaseListener?.('store the log and the projections', performance.now() - started);
      return { applied: prepared.events.length, known: prepared.known, problems: prepared.problems };
    });
    if (stored !== null) return stored;
  }
  return db.transaction('rw', ledgerTables(db), async () => {
    // A round that began before a restore or a join must not merge into the ledger now here.
    if (ledgerId !== undefined && (await ledgerRow(db)).ledgerId !== ledgerId) {
      return { applied: 0, known: 0, problems: ['The ledger on this device was replaced while it synced; nothing from that round was taken in.'] };
    }
    const started = performance.now();
    const before = await ledgerRow(db);
    const merged = await mergeRemoteEvents(db, incoming);
    const { fresh } = merged;
    const mergedAt = performance.now();
    if (fresh.length > 0) {
      phaseListener?.('merge into the log', mergedAt - started);
      const first = fresh[0] as LotEvent;
      // A first sync into an empty log was stored above, made outside this transaction.
      if ((before.clock === null || first.hlc > before.clock) && (await applyForward(db, fresh, merged.tipsBefore))) {
        phaseListener?.('apply forward', performance.now() - mergedAt);
      } else {
        // Events that fall between ones the log held change what follows them: fold it all.
        await refoldAll(db);
        phaseListener?.('fold the whole log again', performance.now() - mergedAt);
      }
    }
    return { applied: fresh.length, known: merged.known, problems: merged.problems };
  });
}

/** A first sync made ready outside a transaction ({@link applyRemoteEvents}). */
interface PreparedFirstSync {
  /** The ledger row it was made for: stored only if the log is still there. */
  row: LedgerRow;
  events: LotEvent[];
  blocks: LogBlock[];
  snapshot: LedgerSnapshot;
  conflicts: LedgerConflict[];
  known: number;
  problems: string[];
}

/**
 * When the log is empty (a device that joined a team and syncs for the first time), everything
 * it takes in is the whole log: numbered, cut into blocks and compressed, folded and checked for
 * conflicts here, outside any transaction (as a restore prepares a backup), to be stored in one
 * short one. Each block goes to the codec worker to be compressed as soon as it is cut, so the
 * worker compresses while the page cuts the rest and folds. Null when the log is not empty, or
 * nothing is taken.
 */
async function prepareFirstSync(db: FleetDb, incoming: readonly LotEvent[], ledgerId: string | undefined): Promise<PreparedFirstSync | null> {
  const row = await db.ledger.get(LEDGER_ROW_KEY);
  if (row === undefined || (ledgerId !== undefined && row.ledgerId !== ledgerId) || !Object.values(row.heads).every((n) => n === 0)) return null;
  const started = performance.now();
  const { fresh, known, problems } = selectFresh(row, incoming);
  if (fresh.length === 0) return null;
  const compression = startCompression();
  await compression.ready();
  const events = numberedFromOne(fresh);
  // The lines are made from the text each event had in its segment, with its seq put in.
  const lineOf = (e: LotEvent, i: number): string => eventLineFrom(e, portableLineOf(fresh[i] as LotEvent));
  const drafts: BlockDraft[] = [];
  for (const d of cutBlocks(null, events, lineOf)) {
    drafts.push(d);
    compression.add(d.text);
  }
  const cutAt = performance.now();
  phaseListener?.('number and cut into blocks', cutAt - started);
  const snapshot = foldLedger(events);
  const conflicts = ledgerConflicts(events);
  const foldedAt = performance.now();
  phaseListener?.('fold + find conflicts', foldedAt - cutAt);
  const gz = await compression.done();
  const blocks = drafts.map((d, i) => compressedBlock(d, i + 1, gz[i] as Uint8Array));
  phaseListener?.('compress the blocks (what was left after folding)', performance.now() - foldedAt);
  return { row, events, blocks, snapshot, conflicts, known, problems };
}

/** Hears how long each part of taking in other devices' events took (the bench's phase rows). */
type PhaseListener = (phase: string, ms: number) => void;
let phaseListener: PhaseListener | null = null;

export function setApplyPhaseListener(listener: PhaseListener | null): void {
  phaseListener = listener;
}

/**
 * Takes in events that come after every event the log held (the usual team sync round: changes
 * made elsewhere since), inside the caller's transaction, without reading the log: the records
 * and units they touch are read from the tables, the events applied to them as a fold would
 * (shared/ledger/fold.ts foldForward), and written back; the conflicts they make are added to
 * those found before (shared/sync/conflicts.ts conflictsAt), from their records' histories.
 * Returns false, having written nothing, for what it does not take in this way (a record taken
 * out of the ledger; a serial received while another lot holds it, or an asset tag another unit
 * carries): the caller folds it all.
 */
async function applyForward(db: FleetDb, fresh: readonly LotEvent[], tipsBefore: ReadonlyMap<Uuid, string>): Promise<boolean> {
  if (fresh.some((e) => e.type === 'removed')) return false;
  // A tag taken off a unit (a code-twice conflict settled): another unit may carry it too, and
  // which one the index then names is the fold's to say.
  if (fresh.some((e: UnitLotEvent) => e.type === 'resolved' && (e.unitRestores ?? []).some((r) => Object.hasOwn(r.after, 'assetTag')))) return false;
  const ids = { lot: new Set<Uuid>(), model: new Set<Uuid>(), site: new Set<Uuid>(), supplier: new Set<Uuid>(), settings: new Set<Uuid>() };
  const observationIds = new Set<Uuid>();
  const serials = new Set<string>();
  for (const e of fresh) {
    ids[e.entity].add(e.lotId);
    if (e.type === 'observed') observationIds.add((e.after as { id: Uuid }).id);
    if (e.type === 'prices-removed') for (const id of ((e.after as { observationIds?: Uuid[] }).observationIds ?? [])) observationIds.add(id);
    for (const s of serialsChangedBy(e)) serials.add(s);
  }
  const held = await unitsBySerial(db, [...serials]);
  if (fresh.some((e) => receivesHeldSerial(e, (s) => held.has(s)))) return false;
  // An asset tag received twice (two devices tagging two units alike), a serial received that a
  // unit carries as its tag, or a tag that is a unit's serial: one code on two units, a conflict
  // found from the whole log (a seed does not hold the unit it collides with), and which unit
  // the index names is the fold's to say.
  const tags = fresh.flatMap(receivedTags);
  const receivedSerials = fresh.flatMap((e) => (e.type === 'units-received' ? eventSerials(e) : []));
  if (tags.length > 0 || receivedSerials.length > 0) {
    if (new Set(tags).size !== tags.length) return false;
    const rows = await db.assetTagBuckets.bulkGet([...new Set([...tags, ...receivedSerials].map(assetTagBucket))]);
    const taken = new Map(rows.flatMap((r) => (r ? r.tags.map((t, i) => [t, r.serials[i]] as const) : [])));
    if (tags.some((t) => taken.has(t))) return false;
    if (receivedSerials.some((s) => taken.has(s) && taken.get(s) !== s)) return false;
    if (tags.length > 0 && (await pageIdsOfSerials(db, tags)).size > 0) return false;
  }
  // Lots whose units the events count: theirs, a split's other part, those holding the units they change.
  const counted = new Set<Uuid>([...ids.lot, ...fresh.flatMap((e) => (e.relatedLotId !== null ? [e.relatedLotId] : [])), ...[...held.values()].map((h) => h.unit.lotId)]);
  // Only records changed apart can hold a conflict, and only a conflict's words need the records' names.
  const apart = madeApart(fresh, tipsBefore);
  const [lotRows, models, sites, suppliers, observations, settings, unitCounts, recordEvents, stored, names] = await Promise.all([
    db.lots.bulkGet([...counted]),
    db.models.bulkGet([...ids.model]),
    db.sites.bulkGet([...ids.site]),
    db.suppliers.bulkGet([...ids.supplier]),
    db.marketObservations.bulkGet([...observationIds]),
    teamSettingsOf(db),
    Promise.all([...counted].map((id) => unitCountOfLot(db.unitPages, id).then((n) => [id, n] as const))),
    Promise.all(apart.records.map((id) => entityEvents(db, id))),
    storedConflicts(db),
    apart.records.length > 0 ? recordNamesOf(db) : Dexie.Promise.resolve(new Map<Uuid, { entity: 'supplier' | 'site' | 'model'; fields: Record<string, unknown> }>()),
  ]);
  const lotsById = new Map<Uuid, Lot>();
  for (const l of lotRows) if (l) lotsById.set(l.id, l);
  // A lot left without a schedule: its conflict's words and choices need the lot's history (and a
  // new fiscal year start reaches every lot). A lot with no write-down is checked only at an event
  // made apart: a device's own changes compute no schedule here.
  const scheduled = fresh.some(setsFiscalYearStart) ? new Map((await db.lots.toArray()).map((l) => [l.id, l] as const)) : lotsById;
  if (breaksSchedule(fresh, scheduled, settings.fiscalYearStart, apart.events)) return false;
  // A change to a lot that is not here (removed meanwhile): the units walk needs the removal, in the whole log.
  const made = new Set(fresh.flatMap((e) => (e.entity === 'lot' && (e.type === 'created' || e.type === 'imported') ? [e.lotId] : [])));
  if (fresh.some((e) => e.entity === 'lot' && !lotsById.has(e.lotId) && !made.has(e.lotId))) return false;
  const state: ProjectionState = {
    lots: new Map([...ids.lot].map((id) => [id, lotsById.get(id) ?? null])),
    models: new Map([...ids.model].map((id, i) => [id, models[i] ?? null])),
    sites: new Map([...ids.site].map((id, i) => [id, sites[i] ?? null])),
    suppliers: new Map([...ids.supplier].map((id, i) => [id, suppliers[i] ?? null])),
    observations: new Map([...observationIds].map((id, i) => [id, observations[i] ?? null])),
    units: new Map([...held].map(([serial, h]) => [serial, h.unit])),
    settings,
  };
  const seed: UnitWalkSeed = {
    units: state.units,
    count: new Map(unitCounts),
    quantity: new Map([...lotsById.values()].map((l) => [l.id, l.quantity])),
    chained: new Set([...lotsById.values()].flatMap((l) => (l.depreciationChain !== null && l.depreciationChain !== undefined ? [l.id] : []))),
    code: new Map([...lotsById.values()].map((l) => [l.id, l.code])),
  };
  const settled = settledBy(fresh);
  const found = conflictsAt(fresh, recordEvents.flat(), seed, settled, names);
  foldForward(state, fresh);
  const gone = <T>(m: Map<Uuid, T | null>): Uuid[] => [...m].flatMap(([id, v]) => (v === null ? [id] : []));
  const kept = <T>(m: Map<Uuid, T | null>): T[] => [...m.values()].filter((v): v is T => v !== null);
  const demo = fresh.some((e) => (e.type === 'created' || e.type === 'imported') && (e.after as { demo?: unknown }).demo === true);
  await Promise.all([
    db.lots.bulkPut(kept(state.lots)),
    db.lots.bulkDelete(gone(state.lots)),
    db.models.bulkPut(kept(state.models)),
    db.sites.bulkPut(kept(state.sites)),
    db.suppliers.bulkPut(kept(state.suppliers)),
    db.marketObservations.bulkPut(kept(state.observations)),
    db.marketObservations.bulkDelete(gone(state.observations)),
    writeUnitStates(db, new Map([...serials].map((s) => [s, state.units.get(s) ?? null]))),
    ids.settings.size > 0 ? db.settings.bulkPut(TEAM_SETTING_KEYS.map((key) => ({ key, value: state.settings[key] }))) : Dexie.Promise.resolve(),
    demo ? db.settings.put({ key: 'demoFleet', value: true }) : Dexie.Promise.resolve(),
    db.settings.put({ key: CONFLICTS_KEY, value: [...stored.filter((c) => !settled.has(c.id)), ...found.filter(storedKind)] }),
  ]);
  return true;
}

/** The suppliers, sites and models as the tables hold them: what a conflict's words name them by (shared/sync/conflicts.ts RecordNames). */
async function recordNamesOf(db: FleetDb): Promise<Map<Uuid, { entity: 'supplier' | 'site' | 'model'; fields: Record<string, unknown> }>> {
  const [suppliers, sites, models] = await Promise.all([db.suppliers.toArray(), db.sites.toArray(), db.models.toArray()]);
  const of = (entity: 'supplier' | 'site' | 'model') => (x: { id: Uuid }) => [x.id, { entity, fields: x as unknown as Record<string, unknown> }] as const;
  return new Map([...suppliers.map(of('supplier')), ...sites.map(of('site')), ...models.map(of('model'))]);
}

/** The asset tags of the units an event receives. */
function receivedTags(event: LotEvent): string[] {
  const e: UnitLotEvent = event;
  return e.type === 'units-received' && e.units ? unpackUnits(decodeEventUnits(e.units)).flatMap((u) => (u.assetTag === '' ? [] : [u.assetTag])) : [];
}

/**
 * The records of `fresh` (events after all the log held) whose history a conflict check needs:
 * those with an event made without the one before it (its basis is not the record's previous
 * event), or whose last event before them is not noted. For the others every new event saw the
 * one before it: none can be in conflict, and their history is not read. `events`: those events
 * (the only ones at which a lot with no write-down can be left without a schedule).
 */
function madeApart(fresh: readonly LotEvent[], tipsBefore: ReadonlyMap<Uuid, string>): { records: Uuid[]; events: Set<string> } {
  const previous = new Map<Uuid, string>();
  const apart = new Set<Uuid>();
  const events = new Set<string>();
  for (const e of fresh) {
    // The record's event before this one: the previous new one, the noted tip, none (its first
    // event here: seq 1), or unknown (a ledger from before tips were noted).
    const prev = previous.get(e.lotId) ?? tipsBefore.get(e.lotId) ?? (e.seq === 1 ? null : undefined);
    const basis = e.basis?.[e.lotId];
    // Without a basis nothing is concluded from an event (as the full check does).
    if (basis !== undefined && (prev === undefined || basis !== prev)) {
      apart.add(e.lotId);
      events.add(e.id);
    }
    previous.set(e.lotId, e.id);
  }
  return { records: [...apart], events };
}

/** Folds every projection and the conflicts from the whole log again (inside the caller's transaction over {@link ledgerTables}). */
async function refoldAll(db: FleetDb): Promise<void> {
  const events = await readLog(db);
  await writeProjections(db, foldLedger(events), () => ledgerConflicts(events));
}

/**
 * Settles a team-sync conflict (issue 10) the way the user chose: one `resolved` event naming
 * it, with the fields or units it puts back, applied to the projections, in one transaction. Refused, changing nothing, when the conflict is no longer there (settled on
 * another device meanwhile) or the choice is not one it offers.
 */
export async function resolveConflictCommand(db: FleetDb, conflictId: string, resolutionKey: string, actor: string): Promise<Result<LedgerConflict>> {
  return db.transaction('rw', ledgerTables(db), async () => {
    const conflict = (await storedConflicts(db)).find((c) => c.id === conflictId);
    if (conflict === undefined) return err('That conflict is no longer there: it was resolved, perhaps on another device. Nothing was changed.');
    const resolution = resolutionKey === AS_IT_IS ? asItIs(conflict) : conflict.resolutions.find((r) => r.key === resolutionKey);
    if (resolution === undefined) return err(`“${resolutionKey}” is not a way to resolve this conflict. Nothing was changed.`);
    const fields = resolutionEvent(conflict, resolution);
    // A choice's values are those the record stood on when the conflict was found: written over a
    // later change to what it writes, they would undo that change. Refused; the record as it is stays.
    const later = writesValues(resolution) ? changedSince(conflict, resolution, await entityEvents(db, fields.lotId)) : [];
    if (later.length > 0) return err(changedSinceMessage(conflict, resolution, later));
    // On the record the choice is written on: the conflict's, or another (the team's fiscal year start).
    const seq = (await lastSeq(db, fields.lotId)) + 1;
    const stored = await appendEvents(db, [{ ...eventWith({ ...fields, seq, at: new Date().toISOString(), actor: actor.trim() || 'local user' }), ...fields }]);
    // The resolution comes after everything the log holds: applied forward, as a sync round's
    // changes are (its basis is the record's event before it), or, where that cannot be, folded.
    const tips = new Map<Uuid, string>();
    for (const e of stored) {
      const before = e.basis?.[e.lotId];
      if (typeof before === 'string') tips.set(e.lotId, before);
    }
    if (!(await applyForward(db, stored, tips))) await refoldAll(db);
    return ok(conflict);
  });
}

// ---- Backups -------------------------------------------------------------------------------

function hex(digest: ArrayBuffer): string {
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export const sha256Hex: Sha256 = async (text) => hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
export const sha256Bytes: Sha256Bytes = async (bytes) => hex(await crypto.subtle.digest('SHA-256', bytes as BufferSource));

const UTF8 = { encode: (text: string) => new TextEncoder().encode(text), decode: utf8Text };

/** How the renderer reads and writes team segments (folder and CouchDB alike): the browser's zlib, inflating ahead in the codec worker. */
export const SEGMENT_CODECS: Pick<SyncDeps, 'gunzip' | 'inflate' | 'gzip' | 'sha256Bytes' | 'utf8'> = {
  gunzip: gunzipMemberAsync,
  inflate: inflateMembers,
  gzip: (text) => gzipText(text),
  sha256Bytes,
  utf8: UTF8,
};

export interface Backup {
  /** The `.fleetledger` file. */
  bytes: Uint8Array;
  header: BackupHeader;
  /** The body (every byte after the header): equal for two backups of the same ledger. */
  body: Uint8Array;
}

/**
 * Reads the whole ledger in one transaction and writes it as a backup file: the sealed blocks
 * as they are stored, the open one compressed now, the snapshot compressed now with the
 * browser's zlib (0.3 s for the fleet-scale snapshot's 38 MB, against 1.1 s with fflate at
 * level 3). Two backups of the same ledger by the same app version have the same body; the
 * snapshot's bytes may differ after a browser update changes its zlib (the text never does).
 */
export async function createBackup(db: FleetDb, now: string = new Date().toISOString()): Promise<Backup> {
  // The codec worker compresses the snapshot piece by piece while the page encodes the next
  // piece; the snapshot is encoded as soon as it is read, while IndexedDB still reads the blocks.
  const snapshotGz = startStreamedGzip();
  // It starts while IndexedDB reads the snapshot; a piece encoded before it runs makes the page
  // compress the whole text at the end instead (the same bytes).
  const workerReady = snapshotGz.ready();
  let read: { blocks: LogBlock[]; snapshot: LedgerSnapshot; row: LedgerRow };
  try {
    read = await db.transaction('r', ledgerTables(db), async () => {
      const blocksRead = readLogBlocks(db);
      const rowRead = ledgerRow(db);
      const snapshot = await readSnapshot(db);
      for (const piece of snapshotLineChunks(snapshot)) snapshotGz.write(piece);
      return { blocks: await blocksRead, snapshot, row: await rowRead };
    });
  } catch (e) {
    snapshotGz.abandon();
    throw e;
  }
  await workerReady;
  const { blocks, snapshot, row } = read;
  let events = 0;
  const stored = blocks.map((b) => {
    events += b.count;
    return { gz: b.gz ?? gzipText(b.text ?? ''), count: b.count };
  });
  const { bytes, header, body } = await encodeBackupFile(
    { ledgerId: row.ledgerId, ledgerName: snapshot.settings.ledgerName, schemaVersion: CURRENT_SCHEMA_VERSION, createdAt: now },
    stored,
    await snapshotGz.end(),
    snapshotCounts(events, snapshot),
    { sha256: sha256Bytes, utf8: UTF8 },
  );
  return { bytes, header, body };
}

/** A backup file's text, for the files compressed whole (format 1, raw dumps): gunzipped, or as it is when it is plain text. */
export async function backupText(bytes: Uint8Array): Promise<Result<string>> {
  try {
    return ok(bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b ? await gunzip(bytes) : new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return err('The backup is damaged: it cannot be decompressed (the file was cut short or changed). Nothing was restored.');
  }
}

async function agreesWithItself(decoded: Result<BackupContents>, report: WorkReport): Promise<Result<BackupContents>> {
  if (!decoded.ok) return decoded;
  await report.step('Checking that its events rebuild its snapshot');
  const folded = foldBackupEvents(decoded.value.events);
  if (!folded.ok) return folded;
  const differences = compareSnapshots(asBackupMadeIt(folded.value, decoded.value), decoded.value.snapshot, 'events', 'snapshot');
  if (differences.length > 0) {
    const first = differences.slice(0, 3).map((d) => d.message).join(' ');
    return err(`The backup does not agree with itself: rebuilding from its events does not give its snapshot (${differences.length} differences). ${first}`);
  }
  return decoded;
}

/** Reads a backup file (either format, or plain text) and verifies it: checksum, form, and that its events rebuild its snapshot. */
export async function readBackupFile(bytes: Uint8Array, report: WorkReport = UNREPORTED): Promise<Result<BackupContents>> {
  await report.step('Checking the backup');
  if (!hasStoredHeader(bytes)) {
    const text = await backupText(bytes);
    return text.ok ? readBackupText(text.value, report, isGzip(bytes) ? 'recompressed' : 'text') : text;
  }
  const decoded = await decodeBackupFile(bytes, {
    inflate: inflateMembers,
    sha256Bytes,
    utf8: UTF8,
    schemaVersion: CURRENT_SCHEMA_VERSION,
    progress: (done, total) => report.progress(done, total),
  });
  return agreesWithItself(decoded, report);
}

/** A format-1 backup's text, verified as {@link readBackupFile} does. */
export async function readBackupText(text: string, report: WorkReport = UNREPORTED, from: 'text' | 'recompressed' = 'text'): Promise<Result<BackupContents>> {
  return agreesWithItself(await decodeBackup(text, sha256Hex, CURRENT_SCHEMA_VERSION, from), report);
}

/** The log's blocks for a verified backup: a format-2 file's exactly as it holds them, a format-1 file's events cut into blocks. */
async function restoredBlocks(contents: BackupContents): Promise<LogBlock[]> {
  if (contents.blocks === null) return sealedBlocksOffTransaction(blocksOf(contents.events));
  const out: LogBlock[] = [];
  let at = 0;
  for (const b of contents.blocks) {
    const own = contents.events.slice(at, at + b.count);
    at += b.count;
    const first = own[0];
    const last = own[own.length - 1];
    if (first === undefined || last === undefined) throw new Error('restoreBackup: an empty block in a verified backup');
    out.push({ first: first.hlc, n: out.length + 1, last: last.hlc, count: own.length, gz: b.gz.slice() });
  }
  return out;
}

/**
 * Replaces the whole ledger with a verified backup's, in one transaction: the log, every
 * projection (folded from the events, which equal the snapshot), the ledger id. The device
 * keeps its id unless the backup is behind it, or behind `givenOut` (the data-loss record's
 * counters; see replaceLog). Personal settings stay.
 */
export async function restoreBackup(db: FleetDb, contents: BackupContents, givenOut: Readonly<Record<string, number>> = {}): Promise<LedgerRow> {
  if (contents.header.formatVersion > BACKUP_FORMAT_VERSION) throw new Error('restoreBackup: unverified backup');
  const blocks = await restoredBlocks(contents);
  // A backup made before schema version 11 may lack events for fields an upgrade added (its
  // snapshot holds them): they are recorded as this device's events, as the upgrade does.
  const upgraded = contents.header.schemaVersion < UPGRADED_FIELDS_RECORDED_AT_VERSION ? fieldsOnlyInTables(foldLedger(contents.events), contents.snapshot) : [];
  return db.transaction('rw', ledgerTables(db), async () => {
    const [row] = await Promise.all([
      replaceLog(db, blocks, contents.events, contents.header.ledgerId, contents.header.createdAt, () => crypto.randomUUID(), givenOut),
      writeProjections(db, contents.snapshot, () => ledgerConflicts(contents.events)),
    ]);
    await db.settings.put({ key: 'initialised', value: true });
    if (upgraded.length === 0) return row;
    await recordUpgradedFields(db, upgraded);
    return ledgerRow(db);
  });
}

// ---- gzip of whole texts (format-1 backups, raw dumps): the browser's zlib, as renderer/db/gzip.ts uses it ----

export async function gzip(text: string): Promise<Uint8Array> {
  return gzipTextOffTransaction(text);
}

export async function gunzip(bytes: Uint8Array): Promise<string> {
  return new TextDecoder('utf-8', { fatal: true }).decode(await gunzipMemberAsync(bytes));
}
