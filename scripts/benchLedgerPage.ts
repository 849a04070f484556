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
import { decodeBackup, encodeBackupBody } from '../shared/ledger/backupFormat';
import { canonicalJson } from '../shared/ledger/canonicalJson';
import { compareSnapshots } from '../shared/ledger/compareSnapshots';
import type { LotEvent } from '../shared/events';
import { foldLedger } from '../shared/ledger/fold';
import type { UnitPage } from '../renderer/db/unitIndex';
import { FleetDb } from '../renderer/db/database';
import { appendEvents, lastSeqs } from '../renderer/db/eventLog';
import { createBackup, gunzip, gzip, ledgerRow, readBackupFile, readLog, readSnapshot, rebuildFromEvents, restoreBackup, sha256Hex, verifyLedger } from '../renderer/db/ledger';
import { CURRENT_SCHEMA_VERSION } from '../renderer/db/schema';
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
  backup: { compressedBytes: number; textBytes: number; bodyBytes: number; bodySha256: string; sameBodyEveryRun: boolean };
  /** The restored profile, checked once (first run): verifyLedger's problems, and whether a backup of it has the same body. */
  restored: { problems: string[]; sameBody: boolean };
  /** rebuildFromEvents' differences per run (0: the tables already matched the events). */
  rebuildDifferences: number[];
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

async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = now();
  const value = await fn();
  return { ms: now() - start, value };
}

/** The tables renderer/db/ledger.ts reads a snapshot from in one transaction (its ledgerTables). */
function ledgerTables(db: FleetDb) {
  return [db.events, db.eventSeqs, db.ledger, db.lots, db.models, db.sites, db.marketObservations, db.unitPages, db.serialBuckets, db.assetTagBuckets, db.settings];
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
    db.transaction('rw', [db.sites, db.models, db.lots, db.events, db.eventSeqs, db.ledger], async () => {
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
  for (const e of await db.events.toArray()) counts[e.type] = (counts[e.type] ?? 0) + 1;
  const already = await db.events.count();
  const history = ledgerHistory({ lots: fleet.lots, units, lastSeq: (id) => seqs.get(id) ?? 0 }, Math.max(0, config.events - already), config.chunk, counts);
  progress(`history: ${Math.max(0, config.events - already)} events to append`);
  for (const chunk of history) {
    progress(`  appending ${chunk.events.length} events, ${chunk.lots.length} lots, ${chunk.units.size} units`);
    const rewritten = rewritePages([...pages.values()], chunk.units);
    await db.transaction('rw', [db.lots, db.events, db.eventSeqs, db.ledger, db.unitPages], async () => {
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
      events: await db.events.count(),
      lots: await db.lots.count(),
      units: units.length,
      counts,
    },
  };
}

export async function runLedgerBench(config: LedgerBenchConfig): Promise<LedgerBenchReport> {
  const name = 'fleetledger-bench-ledger';
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
  const rowBackup = `ledger: back up (createBackup: read, canonical JSON, SHA-256, gzip) — ${scale}`;
  const rowRestore = `ledger: restore into an empty profile, verified (readBackupFile + restoreBackup)`;
  const rowRebuild = `ledger: rebuild every projection from the ${n} events (rebuildFromEvents)`;
  const backupInfo: LedgerBenchReport['backup'] = { compressedBytes: 0, textBytes: 0, bodyBytes: 0, bodySha256: '', sameBodyEveryRun: true };
  const restored: LedgerBenchReport['restored'] = { problems: [], sameBody: false };
  const rebuildDifferences: number[] = [];

  const logAlone = `of which: read the log (readLog: ${n} events in clock order, through the hlc index)`;
  for (let r = 0; r < config.runs; r++) {
    // ---- Back up, then its phases one by one (same run, same data).
    progress(`run ${r + 1}/${config.runs}: backup`);
    const backup = await timed(() => createBackup(db, BACKUP_AT));
    record(rowBackup, 2_000, backup.ms);
    const { bytes, header } = backup.value;
    if (r === 0) {
      const body = backup.value.body;
      Object.assign(backupInfo, { compressedBytes: bytes.length, textBytes: new Blob([`${canonicalJson(header)}\n`, body]).size, bodyBytes: new Blob([body]).size, bodySha256: header.bodySha256 });
    } else if (header.bodySha256 !== backupInfo.bodySha256) backupInfo.sameBodyEveryRun = false;
    backup.value.body = '';
    {
      const read = await timed(() => db.transaction('r', ledgerTables(db), () => Promise.all([readLog(db), readSnapshot(db), ledgerRow(db)])));
      record('of which: read the log + snapshot from IndexedDB (one transaction, as createBackup)', null, read.ms, true);
      const [events, snapshot] = read.value;
      record('  the snapshot alone (readSnapshot: lots, catalogue, unit pages unpacked)', null, (await timed(() => db.transaction('r', ledgerTables(db), () => readSnapshot(db)))).ms, true);
      const encoded = await timed(() => encodeBackupBody(events, snapshot));
      record('of which: encode the body (encodeBackupBody: canonical JSON lines)', null, encoded.ms, true);
      const body = encoded.value;
      record('of which: SHA-256 of the body (sha256Hex)', null, (await timed(() => sha256Hex(body))).ms, true);
      const utf8 = await timed(() => new TextEncoder().encode(body));
      record('  UTF-8 encode alone (TextEncoder)', null, utf8.ms, true);
      record('  digest alone (crypto.subtle.digest)', null, (await timed(() => crypto.subtle.digest('SHA-256', utf8.value))).ms, true);
      const text = `${canonicalJson(header)}\n${body}`;
      record('of which: gzip the file (gzip: CompressionStream)', null, (await timed(() => gzip(text))).ms, true);
    }

    // ---- Restore into a new, empty profile: read + verify, then write; then the phases (in a block,
    // so that its copy of the ledger is garbage before the rebuild).
    {
      progress(`run ${r + 1}/${config.runs}: restore`);
      const restoreName = `${name}-restore-${r}`;
      await Dexie.delete(restoreName);
      const fresh = new FleetDb(restoreName);
      await fresh.open();
      const readFile = await timed(() => readBackupFile(bytes));
      if (!readFile.value.ok) throw new Error(`bench: the backup was refused: ${readFile.value.error}`);
      const contents = readFile.value.value;
      const write = await timed(() => restoreBackup(fresh, contents));
      record(rowRestore, 5_000, readFile.ms + write.ms);
      record('of which: read + verify the file (readBackupFile)', null, readFile.ms, true);
      {
        const unzipped = await timed(() => gunzip(bytes));
        record('  gunzip (gunzip: DecompressionStream)', null, unzipped.ms, true);
        record('  decode + check every line and the SHA-256 (decodeBackup)', null, (await timed(() => decodeBackup(unzipped.value, sha256Hex, CURRENT_SCHEMA_VERSION))).ms, true);
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
    const rebuilt = await timed(() => rebuildFromEvents(db));
    record(rowRebuild, 5_000, rebuilt.ms);
    rebuildDifferences.push(rebuilt.value.length);
    const log = await timed(() => db.transaction('r', db.events, () => readLog(db)));
    record(logAlone, null, log.ms, true);
    const folded = await timed(() => foldLedger(log.value));
    record('of which: fold the events (foldLedger)', null, folded.ms, true);
    const tables = await timed(() => db.transaction('r', ledgerTables(db), () => readSnapshot(db)));
    const compared = await timed(() => compareSnapshots(folded.value, tables.value));
    record('of which: read the tables + compare (readSnapshot, compareSnapshots)', null, tables.ms + compared.ms, true);
    record('of which: write every projection + the counters (the rest: total − the three above)', null, rebuilt.ms - log.ms - folded.ms - tables.ms - compared.ms, true);
  }
  progress('probes');
  await probes(db, n, record);
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
    rows: [...rows.values()],
  };
}

/** Events per segment in the probes: LEDGER.md §5 cuts segments at about 1 MB (~1,500 events here). */
const SEGMENT = 1_000;

/**
 * Not the app's code: what other layouts of the log would cost, measured once on the same events
 * in the same run, to judge proposals by (PERFORMANCE.md: ratios in one run).
 */
async function probes(db: FleetDb, n: string, record: (operation: string, targetMs: number | null, ms: number, phase?: boolean) => void): Promise<void> {
  const byKey = await timed(async () => {
    const all = await db.transaction('r', db.events, () => db.events.toArray());
    return all.sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0));
  });
  record(`probe (1 run): read the log by primary key (getAll) and sort it by hlc in memory`, null, byKey.ms);
  const events = byKey.value;

  const floorName = 'fleetledger-bench-ledger-floor';
  await Dexie.delete(floorName);
  const floor = new FleetDb(floorName);
  await floor.open();
  record(`probe (1 run): the ${n} events alone into an empty log, the app's 4 indexes, one bulkAdd (restore's floor)`, null, (await timed(() => floor.transaction('rw', floor.events, () => floor.events.bulkAdd(events)))).ms);
  floor.close();
  await Dexie.delete(floorName);

  const probeName = 'fleetledger-bench-ledger-probe';
  await Dexie.delete(probeName);
  const raw = new Dexie(probeName, { chromeTransactionDurability: 'strict' });
  raw.version(1).stores({ plain: 'id', segments: 'id', texts: 'id' });
  await raw.open();
  record('probe (1 run): the same events, no secondary index (primary key only), one bulkAdd', null, (await timed(() => raw.transaction('rw', raw.table('plain'), () => raw.table('plain').bulkAdd(events)))).ms);
  const segments: { id: number; events: LotEvent[] }[] = [];
  for (let i = 0; i < events.length; i += SEGMENT) segments.push({ id: i / SEGMENT, events: events.slice(i, i + SEGMENT) });
  record(`probe (1 run): the same as ${segments.length} segments of ${SEGMENT} events (one record each, objects): write`, null, (await timed(() => raw.transaction('rw', raw.table('segments'), () => raw.table('segments').bulkAdd(segments)))).ms);
  record('probe (1 run):   … read those segments back (getAll)', null, (await timed(() => raw.transaction('r', raw.table('segments'), () => raw.table('segments').toArray()))).ms);
  const texts = segments.map((s) => ({ id: s.id, text: s.events.map((e) => canonicalJson(e)).join('\n') }));
  segments.length = 0;
  record(`probe (1 run): the same as ${texts.length} segments of canonical JSON lines (one string each): write`, null, (await timed(() => raw.transaction('rw', raw.table('texts'), () => raw.table('texts').bulkAdd(texts)))).ms);
  const readTexts = await timed(() => raw.transaction('r', raw.table('texts'), () => raw.table('texts').toArray() as Promise<{ id: number; text: string }[]>));
  record('probe (1 run):   … read those text segments back (getAll)', null, readTexts.ms);
  record('probe (1 run):   … and parse them into events (JSON.parse per line, no reviver)', null, (await timed(() => readTexts.value.reduce((k, t) => k + t.text.split('\n').map((line) => JSON.parse(line) as unknown).length, 0))).ms);
  raw.close();
  await Dexie.delete(probeName);
}

declare global {
  interface Window {
    fleetledgerLedgerBench?: (config: LedgerBenchConfig) => Promise<LedgerBenchReport>;
  }
}

window.fleetledgerLedgerBench = (config) => runLedgerBench(config).catch((e: unknown) => Promise.reject(explainedError(e)));
