/**
 * The browser half of the ledger rows of `npm run bench -- --ledger` (scripts/bench-browser.ts
 * bundles it, serves it and calls `window.fleetledgerLedgerBench` in headless Chromium): backup,
 * verified restore and rebuild (renderer/db/ledger.ts) of a ledger at PERFORMANCE.md's scale —
 * 2,000 lots, 100,000 units, 500,000 events — over real IndexedDB, with the real FleetDb.
 *
 * The ledger is written as the app writes it: the catalogue and lots with their `created` events,
 * the units through importUnits, then the history (scripts/benchLedger.ts) appended with
 * appendEvents in large transactions together with the lots and unit pages it changed. It is
 * verified once (verifyLedger must find nothing, or a restore would refuse the backup), and its
 * generation is timed apart from the figures. Each phase of an operation is also timed on its own,
 * in the same run, so the slow part is visible. It measures; it never fails on a time.
 */
import { Dexie } from 'dexie';
import { encodeSnapshotLines } from '../shared/ledger/backupFormat';
import { parseEventLines } from '../shared/ledger/logBlocks';
import { compareSnapshots } from '../shared/ledger/compareSnapshots';
import type { LotEvent } from '../shared/events';
import { foldLedger } from '../shared/ledger/fold';
import type { UnitPage } from '../renderer/db/unitIndex';
import { FleetDb } from '../renderer/db/database';
import { appendEvents, eventCount, lastSeqs, readLog, readLogBlocks } from '../renderer/db/eventLog';
import { gunzipMember, gzipTextOffTransaction, utf8Text } from '../renderer/db/gzip';
import { inflateMembers, setCodecWorker } from '../renderer/db/inflate';
import { editLotCommand } from '../renderer/db/lotCommands';
import { joinTeamLedger, syncLedgerOf } from '../renderer/db/teamSync';
import type { Lot } from '../shared/lot';
import { EMPTY_SYNC_STATE, shareInFolder, syncFolder, type FolderTransport, type SyncDeps } from '../shared/sync/folderSync';
import { couchHttp } from '../shared/sync/couchHttp';
import { platformFetch } from '../renderer/platform/couchServer';
import { EMPTY_COUCH_STATE, shareOnServer, syncCouch, type CouchDeps } from '../shared/sync/couchSync';
import { createBackup, ledgerRow, ledgerTables, readBackupFile, readSnapshot, rebuildFromEvents, restoreBackup, SEGMENT_CODECS, setApplyPhaseListener, sha256Bytes, verifyLedger } from '../renderer/db/ledger';
import { rewritePages } from '../renderer/db/unitEdits';
import { importUnits, loadAllUnits } from '../renderer/db/units';
import { createdEvent, explainedError, generateFleet } from './benchFleet';
import { benchCatalogue, ledgerHistory, type EventCounts } from './benchLedger';

export interface LedgerBenchConfig {
  lots: number;
  units: number;
  /** Events in the whole log (catalogue, lots' `created`, `units-received`, then the history). */
  events: number;
  /** Runs per row (the median is reported). */
  runs: number;
  /** History events per generating transaction. */
  chunk: number;
  /** Everything on the page, no compression worker (renderer/db/inflate.ts): the worker's effect, by comparison. */
  noWorker?: boolean;
  /** Only the team sync rows (no backup, restore or rebuild runs). */
  syncOnly?: boolean;
  /** Where the Node side writes CPU profiles of the timed operations (scripts/bench-browser.ts), when set. */
  profileDir?: string;
  /** A CouchDB server's root on loopback (PouchDB Server, started by scripts/bench-browser.ts) for the server sync rows; none: they are skipped. */
  couchOrigin?: string;
}

export interface LedgerRow {
  operation: string;
  /** ms, or null where PERFORMANCE.md sets none (phases). */
  targetMs: number | null;
  /** One figure per run, ms. */
  times: number[];
  /** A phase of the operation above it (printed indented). */
  phase?: boolean;
}

export interface LedgerBenchReport {
  config: LedgerBenchConfig;
  generation: { totalMs: number; catalogueAndLotsMs: number; importUnitsMs: number; historyMs: number; events: number; lots: number; units: number; counts: EventCounts };
  /** verifyLedger on the generated ledger, once. */
  verify: { ms: number; events: number; problems: string[] };
  backup: { compressedBytes: number; textBytes: number; bodyBytes: number; bodySha256: string; sameBodyEveryRun: boolean; blocks: number };
  /** The restored profile, checked once (first run): verifyLedger's problems, and whether a backup of it has the same body. */
  restored: { problems: string[]; sameBody: boolean };
  /** rebuildFromEvents' differences per run (0: the tables already matched the events). */
  rebuildDifferences: number[];
  /** The sync rows' outcome: events taken in by the first sync and by the one-change round, and whether the change arrived. */
  sync: { firstPulled: number; onePulled: number; sameNotes: boolean; couch: { firstPulled: number; onePulled: number; sameNotes: boolean } | null };
  rows: LedgerRow[];
}

const now = (): number => performance.now();
const began = now();
/** A progress line (scripts/bench-browser.ts forwards it to stderr): the run takes minutes. */
function progress(text: string): void {
  console.log(`${((now() - began) / 1000).toFixed(0).padStart(5)} s  ${text}`);
}
/** The createdAt of every backup made here: the body does not depend on it, the header does. */
const BACKUP_AT = '2027-06-01T00:00:00.000Z';

/** Whether the timed operations are CPU-profiled (config.profileDir): each labelled one is wrapped in console.profile. */
let profiling = false;

async function timed<T>(fn: () => Promise<T> | T, profileLabel?: string): Promise<{ ms: number; value: T }> {
  const label = profiling ? profileLabel : undefined;
  if (label !== undefined) console.profile(label);
  const start = now();
  const value = await fn();
  const ms = now() - start;
  if (label !== undefined) console.profileEnd(label);
  return { ms, value };
}

async function generate(config: LedgerBenchConfig, name: string): Promise<{ db: FleetDb; generation: LedgerBenchReport['generation'] }> {
  const started = now();
  const fleet = generateFleet(config.lots, config.units);
  await Dexie.delete(name);
  const db = new FleetDb(name);
  await db.open();
  const catalogue = benchCatalogue();
  // The catalogue and the lots as the app writes them: each record with its `created` event.
  const lotsWritten = await timed(() =>
    db.transaction('rw', [db.sites, db.models, db.lots, db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger], async () => {
      await Promise.all([db.sites.add(catalogue.site), db.models.bulkAdd(catalogue.models), db.lots.bulkAdd(fleet.lots)]);
      await appendEvents(db, [...catalogue.events, ...fleet.lots.map(createdEvent)]);
    }),
  );
  // The units through the real import (one `units-received` event per lot).
  const imported = await timed(() => importUnits(db, fleet.batches, 'bench'));
  if (!imported.value.ok) throw new Error(`bench: import refused: ${imported.value.error}`);
  // The history, appended in large transactions with the lots and pages it changed.
  const historyStart = now();
  const lotIds = fleet.lots.map((l) => l.id);
  const seqs = await lastSeqs(db, lotIds);
  const units = await loadAllUnits(db);
  const pages = new Map<string, UnitPage>((await db.unitPages.toArray()).map((p) => [p.id, p]));
  const counts: EventCounts = {};
  const written = await readLog(db);
  for (const e of written) counts[e.type] = (counts[e.type] ?? 0) + 1;
  const already = written.length;
  const history = ledgerHistory({ lots: fleet.lots, units, lastSeq: (id) => seqs.get(id) ?? 0 }, Math.max(0, config.events - already), config.chunk, counts);
  progress(`history: ${Math.max(0, config.events - already)} events to append`);
  for (const chunk of history) {
    progress(`  appending ${chunk.events.length} events, ${chunk.lots.length} lots, ${chunk.units.size} units`);
    const rewritten = rewritePages([...pages.values()], chunk.units);
    await db.transaction('rw', [db.lots, db.logBlocks, db.entityBlocks, db.eventSeqs, db.ledger, db.unitPages], async () => {
      await Promise.all([db.lots.bulkPut(chunk.lots), db.unitPages.bulkPut(rewritten), appendEvents(db, chunk.events)]);
    });
    for (const p of rewritten) pages.set(p.id, p);
  }
  const historyMs = now() - historyStart;
  return {
    db,
    generation: {
      totalMs: now() - started,
      catalogueAndLotsMs: lotsWritten.ms,
      importUnitsMs: imported.ms,
      historyMs,
      events: eventCount(await ledgerRow(db)),
      lots: await db.lots.count(),
      units: units.length,
      counts,
    },
  };
}

export async function runLedgerBench(config: LedgerBenchConfig): Promise<LedgerBenchReport> {
  const name = 'fleetledger-bench-ledger';
  if (config.noWorker === true) setCodecWorker(null);
  profiling = config.profileDir !== undefined;
  progress(`generating ${config.lots} lots, ${config.units} units, ${config.events} events`);
  const { db, generation } = await generate(config, name);
  progress(`generated in ${(generation.totalMs / 1000).toFixed(1)} s; verifying`);
  const checked = await timed(() => verifyLedger(db));
  if (checked.value.problems.length > 0) {
    // A restore would refuse the backup: the figures would mean nothing.
    throw new Error(`bench: the generated ledger does not verify (${checked.value.problems.length} problems): ${checked.value.problems.slice(0, 5).join(' ')}`);
  }

  const rows = new Map<string, LedgerRow>();
  const record = (operation: string, targetMs: number | null, ms: number, phase = false): void => {
    const row = rows.get(operation) ?? { operation, targetMs, times: [], phase };
    row.times.push(ms);
    rows.set(operation, row);
  };
  const n = generation.events.toLocaleString('en-US');
  const scale = `${generation.lots.toLocaleString('en-US')} lots, ${generation.units.toLocaleString('en-US')} units, ${n} events`;
  const rowBackup = `ledger: back up (createBackup: the stored blocks, the snapshot encoded and compressed, SHA-256) — ${scale}`;
  const rowRestore = `ledger: restore into an empty profile, verified (readBackupFile + restoreBackup)`;
  const rowRebuild = `ledger: rebuild every projection from the ${n} events (rebuildFromEvents)`;
  const backupInfo: LedgerBenchReport['backup'] = { compressedBytes: 0, textBytes: 0, bodyBytes: 0, bodySha256: '', sameBodyEveryRun: true, blocks: 0 };
  const restored: LedgerBenchReport['restored'] = { problems: [], sameBody: false };
  const rebuildDifferences: number[] = [];
  const syncInfo: LedgerBenchReport['sync'] = { firstPulled: 0, onePulled: 0, sameNotes: false, couch: null };

  for (let r = 0; r < (config.syncOnly === true ? 0 : config.runs); r++) {
    // ---- Back up, then its phases one by one (same run, same data).
    progress(`run ${r + 1}/${config.runs}: backup`);
    const backup = await timed(() => createBackup(db, BACKUP_AT), 'backup');
    record(rowBackup, 2_000, backup.ms);
    const { bytes, header } = backup.value;
    if (r === 0) {
      // The text a person reads with zcat: every member decompressed.
      let textBytes = 0;
      for (const gz of membersOf(backup.value)) textBytes += gunzipMember(gz).length;
      Object.assign(backupInfo, { compressedBytes: bytes.length, textBytes, bodyBytes: backup.value.body.length, bodySha256: header.bodySha256, blocks: header.eventBlocks?.length ?? 0 });
    } else if (header.bodySha256 !== backupInfo.bodySha256) backupInfo.sameBodyEveryRun = false;
    {
      const read = await timed(() => db.transaction('r', ledgerTables(db), () => Promise.all([readLogBlocks(db), readSnapshot(db), ledgerRow(db)])));
      record('of which: read the blocks + snapshot from IndexedDB (one transaction, as createBackup)', null, read.ms, true);
      const [, snapshot] = read.value;
      record('  the snapshot alone (readSnapshot: lots, catalogue, unit pages unpacked)', null, (await timed(() => db.transaction('r', ledgerTables(db), () => readSnapshot(db)))).ms, true);
      const lines = await timed(() => encodeSnapshotLines(snapshot));
      record('of which: the snapshot as canonical JSON lines (encodeSnapshotLines)', null, lines.ms, true);
      record('of which: compress the snapshot (the browser\'s zlib, gzipTextOffTransaction)', null, (await timed(() => gzipTextOffTransaction(lines.value))).ms, true);
      record('of which: SHA-256 of the body (crypto.subtle.digest)', null, (await timed(() => sha256Bytes(backup.value.body))).ms, true);
    }

    // ---- Restore into a new, empty profile: read + verify, then write; then the phases (in a block,
    // so that its copy of the ledger is garbage before the rebuild).
    {
      progress(`run ${r + 1}/${config.runs}: restore`);
      const restoreName = `${name}-restore-${r}`;
      await Dexie.delete(restoreName);
      const fresh = new FleetDb(restoreName);
      await fresh.open();
      const readFile = await timed(() => readBackupFile(bytes), 'restore-read');
      if (!readFile.value.ok) throw new Error(`bench: the backup was refused: ${readFile.value.error}`);
      const contents = readFile.value.value;
      const write = await timed(() => restoreBackup(fresh, contents), 'restore-write');
      record(rowRestore, 5_000, readFile.ms + write.ms);
      record('of which: read + verify the file (readBackupFile)', null, readFile.ms, true);
      {
        const members = membersOf(backup.value);
        record('  SHA-256 of the body', null, (await timed(() => sha256Bytes(backup.value.body))).ms, true);
        record(`  inflate the ${members.length} members on the page (fflate; what the worker takes off it)`, null, (await timed(() => members.reduce((k, gz) => k + gunzipMember(gz).length, 0))).ms, true);
        const inflated = await timed(() => inflateAll(members));
        record(`  inflate them in the worker alone (inflateMembers, nothing parsed meanwhile)`, null, inflated.ms, true);
        const eventTexts = await timed(() => inflated.value.slice(0, -1).map(utf8Text));
        record('  decode the UTF-8 (utf8Text)', null, eventTexts.ms, true);
        inflated.value.length = 0;
        record('  parse the event lines (parseEventLines: one JSON.parse per block)', null, (await timed(() => eventTexts.value.reduce((k, t) => k + parseEventLines(t).length, 0))).ms, true);
        eventTexts.value.length = 0;
        const folded = await timed(() => foldLedger(contents.events));
        record('  fold the events (foldLedger)', null, folded.ms, true);
        record('  compare with the snapshot (compareSnapshots)', null, (await timed(() => compareSnapshots(folded.value, contents.snapshot, 'events', 'snapshot'))).ms, true);
      }
      record('of which: write the log + projections, one transaction (restoreBackup)', null, write.ms, true);
      if (r === 0) {
        restored.problems = (await verifyLedger(fresh)).problems;
        restored.sameBody = (await createBackup(fresh, BACKUP_AT)).header.bodySha256 === backupInfo.bodySha256;
      }
      fresh.close();
      await Dexie.delete(restoreName);
    }

    // ---- Rebuild every projection from the events; its phases: the log read, the fold, read + compare; the rest writes.
    progress(`run ${r + 1}/${config.runs}: rebuild`);
    const rebuilt = await timed(() => rebuildFromEvents(db), 'rebuild');
    record(rowRebuild, 5_000, rebuilt.ms);
    rebuildDifferences.push(rebuilt.value.length);
    const blocks = await timed(() => db.transaction('r', db.logBlocks, () => readLogBlocks(db)));
    record(`of which: read the ${blocks.value.length} blocks from IndexedDB`, null, blocks.ms, true);
    const inflated = await timed(() => inflateAll(blocks.value.flatMap((b) => (b.gz === undefined ? [] : [b.gz]))));
    record('of which: inflate them in the worker alone (inflateMembers, nothing parsed meanwhile)', null, inflated.ms, true);
    const texts = await timed(() => [...inflated.value.map(utf8Text), ...blocks.value.flatMap((b) => (b.text === undefined ? [] : [b.text]))]);
    inflated.value.length = 0;
    record('of which: decode the UTF-8 (utf8Text)', null, texts.ms, true);
    const parsed = await timed(() => texts.value.flatMap((t) => parseEventLines(t) as LotEvent[]));
    record('of which: parse the event lines (parseEventLines)', null, parsed.ms, true);
    texts.value.length = 0;
    const folded = await timed(() => foldLedger(parsed.value));
    record('of which: fold the events (foldLedger)', null, folded.ms, true);
    const tables = await timed(() => db.transaction('r', ledgerTables(db), () => readSnapshot(db)));
    const compared = await timed(() => compareSnapshots(folded.value, tables.value));
    record('of which: read the tables + compare (readSnapshot, compareSnapshots)', null, tables.ms + compared.ms, true);
    record('of which: write every projection + the counters (the rest: total − read, parse, fold, read + compare; inflating overlaps parsing)', null, rebuilt.ms - blocks.ms - texts.ms - parsed.ms - folded.ms - tables.ms - compared.ms, true);
  }
  // ---- Team sync (issue 10), once: the whole log pushed into an in-memory team folder, then taken
  // in by a new device (first sync); then one change on the first device, taken in by the second.
  {
    progress('team sync: pushing the whole log into a folder (not timed)');
    const folder = memoryFolder();
    const ledgerA = await syncLedgerOf(db, 'Bench A');
    const shared = await shareInFolder(ledgerA, folder, BACKUP_AT);
    if (!shared.ok) throw new Error(`bench: ${shared.error}`);
    const pushed = await syncFolder(ledgerA, folder, EMPTY_SYNC_STATE, SYNC_DEPS);
    if (!pushed.ok) throw new Error(`bench: ${pushed.error}`);
    const nameB = `${name}-device-b`;
    await Dexie.delete(nameB);
    const b = new FleetDb(nameB);
    await b.open();
    const joined = await joinTeamLedger(b, ledgerA.ledgerId);
    if (!joined.ok) throw new Error(`bench: ${joined.error}`);
    progress('team sync: first sync of a new device');
    // The round, and the part of it that takes the events into the ledger, phase by phase (the rest reads and checks).
    let phases: [string, number][] = [];
    setApplyPhaseListener((phase, ms) => phases.push([phase, ms]));
    const first = await timed(async () => syncFolder(await syncLedgerOf(b, 'Bench B'), folder, EMPTY_SYNC_STATE, SYNC_DEPS), 'first-sync-folder');
    if (!first.value.ok) throw new Error(`bench: ${first.value.error}`);
    const rowFirst = `ledger: first sync of the full ledger into a new device (${n} events from an in-memory team folder: read, check, merge, fold, write)`;
    record(rowFirst, 10_000, first.ms);
    for (const [phase, ms] of phases) record(`of which (first sync): ${phase}`, null, ms, true);
    record('of which (first sync): read and check the segments (the rest)', null, first.ms - phases.reduce((t, [, ms]) => t + ms, 0), true);
    phases = [];
    syncInfo.firstPulled = first.value.value.pulled;
    const lot = (await db.lots.toCollection().first()) as Lot;
    const edited = await editLotCommand(db, lot.id, { notes: 'Changed on device A for the sync bench' }, 'bench');
    if (!edited.ok) throw new Error('bench: the edit was refused');
    const pushedOne = await syncFolder(await syncLedgerOf(db, 'Bench A'), folder, pushed.value.state, SYNC_DEPS);
    if (!pushedOne.ok) throw new Error(`bench: ${pushedOne.error}`);
    progress('team sync: one change');
    const one = await timed(async () => syncFolder(await syncLedgerOf(b, 'Bench B'), folder, first.value.ok ? first.value.value.state : EMPTY_SYNC_STATE, SYNC_DEPS));
    if (!one.value.ok) throw new Error(`bench: ${one.value.error}`);
    record('ledger: one change on one device taken in by another after its segment arrived (one sync round)', 1_000, one.ms);
    for (const [phase, ms] of phases) record(`of which (one change): ${phase}`, null, ms, true);
    record('of which (one change): the rest of the round (list, read and check the new segment, push nothing)', null, one.ms - phases.reduce((t, [, ms]) => t + ms, 0), true);
    setApplyPhaseListener(null);
    syncInfo.onePulled = one.value.value.pulled;
    syncInfo.sameNotes = (await b.lots.get(lot.id))?.notes === 'Changed on device A for the sync bench';
    b.close();
    await Dexie.delete(nameB);
  }
  // ---- Team sync through a CouchDB server (issue 11), once: the whole log pushed to PouchDB
  // Server on loopback, then taken in by a new device; then one change, as for the folder.
  if (config.couchOrigin !== undefined) {
    progress('CouchDB: pushing the whole log to the server (not timed)');
    const http = couchHttp({ url: `${config.couchOrigin}/bench-${Date.now()}`, user: '', password: '' }, platformFetch);
    const ledgerA = await syncLedgerOf(db, 'Bench A');
    const shared = await shareOnServer(ledgerA, http, BACKUP_AT);
    if (!shared.ok) throw new Error(`bench: ${shared.error.message}`);
    const pushed = await syncCouch(ledgerA, http, EMPTY_COUCH_STATE, COUCH_DEPS);
    if (!pushed.ok) throw new Error(`bench: ${pushed.error.message}`);
    const nameC = `${name}-device-c`;
    await Dexie.delete(nameC);
    const c = new FleetDb(nameC);
    await c.open();
    const joined = await joinTeamLedger(c, ledgerA.ledgerId);
    if (!joined.ok) throw new Error(`bench: ${joined.error}`);
    progress('CouchDB: first sync of a new device');
    let phases: [string, number][] = [];
    setApplyPhaseListener((phase, ms) => phases.push([phase, ms]));
    const first = await timed(async () => syncCouch(await syncLedgerOf(c, 'Bench C'), http, EMPTY_COUCH_STATE, COUCH_DEPS), 'first-sync-couch');
    if (!first.value.ok) throw new Error(`bench: ${first.value.error.message}`);
    record(`ledger: first sync of the full ledger into a new device through a CouchDB server (${n} events, PouchDB Server on loopback)`, 10_000, first.ms);
    for (const [phase, ms] of phases) record(`of which (first sync, CouchDB): ${phase}`, null, ms, true);
    record('of which (first sync, CouchDB): read the documents and check the segments (the rest)', null, first.ms - phases.reduce((t, [, ms]) => t + ms, 0), true);
    phases = [];
    const lot = (await db.lots.toCollection().first()) as Lot;
    const notes = 'Changed on device A for the CouchDB sync bench';
    const edited = await editLotCommand(db, lot.id, { notes }, 'bench');
    if (!edited.ok) throw new Error('bench: the edit was refused');
    const pushedOne = await syncCouch(await syncLedgerOf(db, 'Bench A'), http, pushed.value.state, COUCH_DEPS);
    if (!pushedOne.ok) throw new Error(`bench: ${pushedOne.error.message}`);
    progress('CouchDB: one change');
    const one = await timed(async () => syncCouch(await syncLedgerOf(c, 'Bench C'), http, first.value.ok ? first.value.value.state : EMPTY_COUCH_STATE, COUCH_DEPS));
    if (!one.value.ok) throw new Error(`bench: ${one.value.error.message}`);
    record('ledger: one change on one device taken in by another after the server has it (one sync round through CouchDB)', 1_000, one.ms);
    for (const [phase, ms] of phases) record(`of which (one change, CouchDB): ${phase}`, null, ms, true);
    record('of which (one change, CouchDB): the rest of the round (changes feed, read the new segment, push nothing)', null, one.ms - phases.reduce((t, [, ms]) => t + ms, 0), true);
    setApplyPhaseListener(null);
    syncInfo.couch = { firstPulled: first.value.value.pulled, onePulled: one.value.value.pulled, sameNotes: (await c.lots.get(lot.id))?.notes === notes };
    c.close();
    await Dexie.delete(nameC);
  }
  progress('done');
  db.close();
  await Dexie.delete(name);
  return {
    config,
    generation,
    verify: { ms: checked.ms, events: checked.value.events, problems: checked.value.problems },
    backup: backupInfo,
    restored,
    rebuildDifferences,
    sync: syncInfo,
    rows: [...rows.values()],
  };
}

/** The sync rows' deps, as the app's (renderer/teamSync.ts). */
const SYNC_DEPS: SyncDeps = {
  ...SEGMENT_CODECS,
  now: () => BACKUP_AT,
};

const COUCH_DEPS: CouchDeps = { ...SYNC_DEPS, newSession: () => crypto.randomUUID() };

/** A team folder in memory: the transport without a disk, so the rows measure the app's own work. */
function memoryFolder(): FolderTransport {
  let manifest: string | null = null;
  const devices = new Map<string, Map<string, Uint8Array>>();
  return {
    readManifest: async () => manifest,
    writeManifest: async (text) => {
      manifest = text;
    },
    listDevices: async () => [...devices].map(([device, files]) => ({ device, files: [...files].map(([f, bytes]) => ({ name: f, size: bytes.length })) })),
    readFile: async (device, file) => devices.get(device)?.get(file) ?? null,
    writeFile: async (device, file, bytes) => {
      const files = devices.get(device) ?? new Map<string, Uint8Array>();
      files.set(file, bytes);
      devices.set(device, files);
    },
  };
}

/** Every member inflated through the page's inflater (a worker), collected. */
async function inflateAll(members: readonly Uint8Array[]): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const bytes of inflateMembers(members)) out.push(bytes);
  return out;
}

/** A backup's body members: its event blocks, then its snapshot. */
function membersOf(backup: { header: { eventBlocks?: number[] }; body: Uint8Array }): Uint8Array[] {
  const members: Uint8Array[] = [];
  let at = 0;
  for (const size of backup.header.eventBlocks ?? []) {
    members.push(backup.body.subarray(at, at + size));
    at += size;
  }
  members.push(backup.body.subarray(at));
  return members;
}

declare global {
  interface Window {
    fleetledgerLedgerBench?: (config: LedgerBenchConfig) => Promise<LedgerBenchReport>;
  }
}

window.fleetledgerLedgerBench = (config) => runLedgerBench(config).catch((e: unknown) => Promise.reject(explainedError(e)));
