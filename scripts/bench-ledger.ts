/**
 * The ledger rows of `npm run bench` (issue 9; PERFORMANCE.md): a full ledger — 2,000 lots,
 * 100,000 units, 500,000 events — backed up, restored into an empty profile (verified) and
 * rebuilt, each beside its target, with every phase timed on its own so the slow part shows.
 * They take minutes, so they run on request:
 *
 *     npm run bench -- --ledger          every row, then the ledger rows
 *     npm run bench -- --ledger-only     the ledger rows alone (Node, then Chromium)
 *     … --node-only                      without Chromium (the Node ledger rows only)
 *     … --ledger-events N --ledger-runs N --ledger-units N --ledger-lots N   another scale
 *     … --ledger-no-worker   compression on the page only (the worker's effect, by comparison)
 *     … --ledger-sync-only   the team sync rows alone (first sync, one change)
 *     … --ledger-profile DIR a CPU profile of each timed operation's last run written to DIR
 *                            (open in DevTools, or `npx tsx scripts/profileSummary.ts DIR/x.cpuprofile`)
 *
 * Node rows: the pure parts (shared/ledger/: fold, encode, decode, compare) on the same history
 * built in memory, so a regression in the domain code shows without a browser. Chromium rows:
 * scripts/benchLedgerPage.ts over real IndexedDB. Medians of a few runs (3 by default); the
 * history's generation is timed apart and printed, never in the figures. Never fails on a time.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { gunzipSync, gzipSync } from 'node:zlib';
import { decodeBackupFile, encodeBackupFile, inflateInTurn, encodeSnapshotLines, snapshotCounts } from '../shared/ledger/backupFormat';
import { blocksOf } from '../shared/ledger/logBlocks';
import { compareSnapshots } from '../shared/ledger/compareSnapshots';
import { foldLedger } from '../shared/ledger/fold';
import { CURRENT_SCHEMA_VERSION } from '../renderer/db/schema';
import { DEFAULT_LEDGER_BENCH, formatMs, median, runLedgerBench, type LedgerBenchConfig, type LedgerBenchReport, type LedgerRow } from './bench-browser';
import { generateFleet } from './benchFleet';
import { ledgerInMemory, type EventCounts } from './benchLedger';

/** The ledger bench's configuration from the command line (defaults: PERFORMANCE.md's scale, 3 runs). */
export function ledgerConfigFrom(argv: readonly string[]): LedgerBenchConfig {
  const argument = (name: string, fallback: number): number => {
    const i = argv.indexOf(`--${name}`);
    const value = i === -1 ? Number.NaN : Number(argv[i + 1]);
    return Number.isSafeInteger(value) && value > 0 ? value : fallback;
  };
  return {
    lots: argument('ledger-lots', DEFAULT_LEDGER_BENCH.lots),
    units: argument('ledger-units', DEFAULT_LEDGER_BENCH.units),
    events: argument('ledger-events', DEFAULT_LEDGER_BENCH.events),
    runs: argument('ledger-runs', DEFAULT_LEDGER_BENCH.runs),
    chunk: DEFAULT_LEDGER_BENCH.chunk,
    noWorker: argv.includes('--ledger-no-worker'),
    syncOnly: argv.includes('--ledger-sync-only'),
    ...(argv.includes('--ledger-profile') ? { profileDir: argv[argv.indexOf('--ledger-profile') + 1] ?? 'bench-profiles' } : {}),
  };
}

const count = (n: number): string => n.toLocaleString('en-US');
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
/** Bytes as MB (10^6, as file sizes are quoted) with the exact figure. */
export function formatBytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB (${count(bytes)} bytes)`;
}

function countsText(counts: EventCounts): string {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([type, n]) => `${type} ${count(n)}`)
    .join(', ');
}

function printTable(rows: readonly LedgerRow[], env: string): void {
  const head = ['operation', 'env', 'median (ms)', 'runs (ms)', 'target (ms)'];
  const body = rows.map((r) => [
    r.phase ? `    ${r.operation}` : r.operation,
    env,
    formatMs(median(r.times)),
    r.times.map(formatMs).join(' / '),
    r.targetMs === null ? '—' : `≤ ${count(r.targetMs)}`,
  ]);
  const w = head.map((_h, i) => Math.max(...[head, ...body].map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]): string => r.map((c, i) => (i < 2 ? c.padEnd(w[i] ?? 0) : c.padStart(w[i] ?? 0))).join('  ');
  console.log(fmt(head));
  console.log(w.map((x) => '-'.repeat(x)).join('  '));
  for (const r of body) console.log(fmt(r));
}

function timeRuns<T>(runs: number, fn: () => T): { times: number[]; value: T } {
  const times: number[] = [];
  let value: T | undefined;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    value = fn();
    times.push(performance.now() - start);
  }
  return { times, value: value as T };
}

/** The pure parts in Node: what a backup, a restore's verification and a rebuild compute, without storage. */
export async function runNodeLedgerRows(config: LedgerBenchConfig): Promise<void> {
  const started = performance.now();
  const { events, counts } = ledgerInMemory(generateFleet(config.lots, config.units), config.events);
  const generatedMs = performance.now() - started;
  const n = count(events.length);
  console.log(`Ledger, Node ${process.version} — the pure parts (shared/ledger/) on ${count(config.lots)} lots, ${count(config.units)} units, ${n} events; median of ${config.runs} runs`);
  console.log(`  history generated in memory in ${seconds(generatedMs)} (not in the figures): ${countsText(counts)}`);
  const fold = timeRuns(config.runs, () => foldLedger(events));
  const snapshot = fold.value;
  const again = foldLedger(events);
  const compare = timeRuns(config.runs, () => compareSnapshots(snapshot, again).length);
  // The log as the app stores it: blocks, each sealed (compressed) once; then a backup file of them.
  const seal = timeRuns(1, () => blocksOf(events).map((d) => ({ gz: gzipSync(d.text, { level: 6 }), count: d.count })));
  const blocks = seal.value;
  const snapshotGz = gzipSync(encodeSnapshotLines(snapshot), { level: 6 });
  const utf8 = { encode: (t: string) => new TextEncoder().encode(t), decode: (b: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(b) };
  const sha256Bytes = (b: Uint8Array): Promise<string> => Promise.resolve(createHash('sha256').update(b).digest('hex'));
  const file = await encodeBackupFile(
    { ledgerId: 'bench', ledgerName: 'Bench', schemaVersion: CURRENT_SCHEMA_VERSION, createdAt: '2027-06-01T00:00:00.000Z' },
    blocks,
    snapshotGz,
    snapshotCounts(events.length, snapshot),
    { sha256: sha256Bytes, utf8 },
  );
  const decodeTimes: number[] = [];
  for (let i = 0; i < config.runs; i++) {
    const start = performance.now();
    const decoded = await decodeBackupFile(file.bytes, {
      inflate: inflateInTurn((b) => gunzipSync(b)),
      sha256Bytes,
      utf8,
      schemaVersion: CURRENT_SCHEMA_VERSION,
    });
    decodeTimes.push(performance.now() - start);
    if (!decoded.ok) throw new Error(`bench: Node decode refused the file: ${decoded.error}`);
  }
  const rows: LedgerRow[] = [
    { operation: `ledger: fold ${n} events into every projection (foldLedger; rebuild's and restore's pure part)`, targetMs: null, times: fold.times },
    { operation: 'ledger: compare two snapshots of that size (compareSnapshots; verify and restore)', targetMs: null, times: compare.times },
    { operation: `ledger: cut ${n} events into ${count(blocks.length)} blocks and seal each (node:zlib level 6; a migration's or a format-1 restore's work, 1 run)`, targetMs: null, times: seal.times },
    { operation: 'ledger: decode + check a backup file of them (decodeBackupFile: SHA-256, inflate, parse, check every event)', targetMs: null, times: decodeTimes },
  ];
  printTable(rows, 'Node');
  console.log(`  backup file ${formatBytes(file.bytes.length)} (${count(blocks.length)} event blocks). No targets of their own: they are parts of backup ≤ 2 s, restore ≤ 5 s, rebuild ≤ 5 s.`);
}

function printChromiumReport(browser: string, report: LedgerBenchReport): void {
  const { config, generation: g, verify, backup, restored } = report;
  console.log(`Ledger, ${browser}, real IndexedDB — ${count(g.lots)} lots, ${count(g.units)} units, ${count(g.events)} events; median of ${config.runs} runs`);
  console.log(
    `  generated in ${seconds(g.totalMs)} (not in the figures): catalogue + lots with their events ${seconds(g.catalogueAndLotsMs)}, ` +
      `importUnits ${seconds(g.importUnitsMs)}, history ${seconds(g.historyMs)} (appendEvents, ${count(config.chunk)} events a transaction).`,
  );
  console.log(`  events by type: ${countsText(g.counts)}`);
  const found = (problems: readonly string[]): string => (problems.length === 0 ? 'no problems' : `${problems.length} problems: ${problems.slice(0, 3).join(' ')}`);
  console.log(`  verifyLedger on it: ${found(verify.problems)} (${count(verify.events)} events, ${seconds(verify.ms)}, once).`);
  printTable(report.rows, 'Chromium');
  const mb40 = 40e6;
  // In --ledger-sync-only runs there is no backup, restore or rebuild to speak of.
  if (config.syncOnly !== true) console.log(
    `  backup file: ${formatBytes(backup.compressedBytes)} (${count(backup.blocks)} event blocks), ${formatBytes(backup.textBytes)} of text uncompressed; ` +
      `target ≤ 40 MB: ${backup.compressedBytes <= mb40 ? 'met' : `missed by ${((backup.compressedBytes - mb40) / 1e6).toFixed(1)} MB`}. Same body in every run: ${backup.sameBodyEveryRun ? 'yes' : 'NO'}.`,
  );
  if (config.syncOnly !== true) console.log(
    `  restored profile (first run): verifyLedger finds ${found(restored.problems)}; ` +
      `a backup of it has a byte-identical body: ${restored.sameBody ? 'yes' : 'NO'}. rebuildFromEvents differences per run: ${report.rebuildDifferences.join(', ')}.`,
  );
  console.log(`  team sync: the first sync took in ${count(report.sync.firstPulled)} events; the one-change round ${count(report.sync.onePulled)}, and the change ${report.sync.sameNotes ? 'arrived' : 'did NOT arrive'}.`);
  const couch = report.sync.couch;
  console.log(couch === null ? '  CouchDB sync: skipped (PouchDB Server did not start).' : `  CouchDB sync: the first sync took in ${count(couch.firstPulled)} events; the one-change round ${count(couch.onePulled)}, and the change ${couch.sameNotes ? 'arrived' : 'did NOT arrive'}.`);
  for (const r of report.rows) {
    if (r.targetMs === null) continue;
    const m = median(r.times);
    console.log(`  ${r.operation.split(' (')[0]}: ${m <= r.targetMs ? 'within' : `${(m / r.targetMs).toFixed(1)}× over`} its target (${formatMs(m)} against ≤ ${count(r.targetMs)} ms, this machine).`);
  }
  printParseFloor(report.rows);
}

/**
 * The floor the rows that read every event are measured against, in the same run (PERFORMANCE.md:
 * judge by ratios on a noisy machine): parsing the events' text alone, which a restore, a rebuild
 * and a first sync each must do. The lowest of the parse phases measured, so the ratios are not flattering.
 */
function printParseFloor(rows: readonly LedgerRow[]): void {
  const parses = rows.filter((r) => r.phase === true && r.operation.includes('parse the event lines')).map((r) => median(r.times));
  if (parses.length === 0) return;
  const floor = Math.min(...parses);
  const readers = rows.filter((r) => r.targetMs !== null && /restore|rebuild|first sync/u.test(r.operation));
  const ratios = readers.map((r) => `${(r.operation.split(' (')[0] ?? r.operation).replace(/^ledger: /u, '')} ${(median(r.times) / floor).toFixed(1)}×`);
  console.log(
    `  floor, this run: parsing the events' text alone (JSON.parse) ${formatMs(floor)} ms, which every row that reads every event must do; ` +
      `against it: ${ratios.join('; ')}. ≤ 5 s here would leave ${formatMs(Math.max(0, 5_000 - floor))} ms for all the rest.`,
  );
}

/** Runs the ledger rows: Node's, then (unless `nodeOnly`) Chromium's. */
export async function runLedgerRows(config: LedgerBenchConfig, nodeOnly: boolean): Promise<void> {
  await runNodeLedgerRows(config);
  if (nodeOnly) return;
  console.log('');
  const started = performance.now();
  const outcome = await runLedgerBench(config);
  if (!outcome.ok) {
    console.log(outcome.reason);
    return;
  }
  printChromiumReport(outcome.browser, outcome.report);
  console.log(`  (the Chromium ledger rows took ${seconds(performance.now() - started)} in all, generation included)`);
}
