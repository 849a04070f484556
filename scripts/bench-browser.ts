/**
 * The Chromium rows of `npm run bench`: the units storage (renderer/db/units.ts) over real
 * IndexedDB in headless Chromium, at 100,000 serials in 2,000 lots (PERFORMANCE.md).
 *
 * How: esbuild (which tsx, our TypeScript runner, depends on) bundles scripts/benchUnitsPage.ts
 * with the real FleetDb into one script; a throw-away HTTP server on 127.0.0.1 serves it (an
 * http origin, because IndexedDB is unavailable on data: and about:blank pages); Playwright
 * drives the system Chromium with the same launch options as the e2e tests
 * (playwright.config.ts; CHROMIUM_PATH overrides the path).
 *
 * `tsx scripts/bench-browser.ts [--runs N] [--naive-runs N] [--units N] [--lots N]` prints the
 * table alone; scripts/bench.ts calls {@link runBrowserBench} and prints the rows with its own.
 *
 * The ledger rows (scripts/benchLedgerPage.ts, {@link runLedgerBench}; printed by
 * scripts/bench-ledger.ts) run the same way, but in a persistent profile in a temporary folder:
 * IndexedDB on disk as in the app, where the default off-the-record context keeps it in memory
 * under a quota that 500,000 events exceed. Their progress goes to stderr.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPouchServer } from '../test/sync/pouchRig';
import { build } from 'esbuild';
import { chromium, type BrowserContext } from '@playwright/test';
import playwrightConfig from '../playwright.config';
import type { LedgerBenchConfig, LedgerBenchReport } from './benchLedgerPage';
import type { BenchConfig, BenchResult } from './benchUnitsPage';

export type { BenchResult } from './benchUnitsPage';
export type { LedgerBenchConfig, LedgerBenchReport, LedgerRow } from './benchLedgerPage';

export const DEFAULT_BROWSER_BENCH: BenchConfig = { lots: 2_000, units: 100_000, runs: 5, naiveRuns: 1 };

export type BrowserBenchOutcome = { ok: true; browser: string; results: BenchResult[] } | { ok: false; reason: string };

/** The ledger rows' scale (PERFORMANCE.md): 2,000 lots, 100,000 units, 500,000 events; 3 runs. */
export const DEFAULT_LEDGER_BENCH: LedgerBenchConfig = { lots: 2_000, units: 100_000, events: 500_000, runs: 3, chunk: 25_000 };

export type LedgerBenchOutcome = { ok: true; browser: string; report: LedgerBenchReport } | { ok: false; reason: string };

/** Runs the browser rows; `ok: false` with a reason (never a throw) when Chromium is missing. */
export async function runBrowserBench(config: BenchConfig = DEFAULT_BROWSER_BENCH): Promise<BrowserBenchOutcome> {
  const outcome = await runPage('./benchUnitsPage.ts', (c) => {
    const bench = window.fleetledgerBench;
    if (!bench) throw new Error('bench page did not load');
    return bench(c);
  }, config);
  return outcome.ok ? { ok: true, browser: outcome.browser, results: outcome.value } : outcome;
}

/** The ledger rows (scripts/benchLedgerPage.ts): backup, verified restore and rebuild at fleet scale. */
export async function runLedgerBench(config: LedgerBenchConfig = DEFAULT_LEDGER_BENCH): Promise<LedgerBenchOutcome> {
  // The CouchDB rows run against PouchDB Server (the tests' rig) on loopback, started here.
  const couch = await startPouchServer().catch((e: unknown) => {
    process.stderr.write(`  [ledger bench] PouchDB Server did not start, so the CouchDB rows are skipped: ${e instanceof Error ? e.message : String(e)}\n`);
    return null;
  });
  try {
    const outcome = await runPage('./benchLedgerPage.ts', (c) => {
      const bench = window.fleetledgerLedgerBench;
      if (!bench) throw new Error('ledger bench page did not load');
      return bench(c);
    }, couch === null ? config : { ...config, couchOrigin: couch.origin }, {
      persistent: true,
      onConsole: (text) => process.stderr.write(`  [ledger bench] ${text}\n`),
      ...(config.profileDir === undefined ? {} : { profileDir: config.profileDir }),
    });
    return outcome.ok ? { ok: true, browser: outcome.browser, report: outcome.value } : outcome;
  } finally {
    await couch?.dispose();
  }
}

interface PageOptions {
  /**
   * Run in a persistent profile in a temporary folder (removed afterwards): IndexedDB on disk,
   * as in the app's own profile. Playwright's default context is off the record: IndexedDB in
   * memory, with a quota a full ledger exceeds (QuotaExceededError at 500,000 events).
   */
  persistent?: boolean;
  /** Called with each line the page logs (progress of a long run). */
  onConsole?: (text: string) => void;
  /**
   * Where to write a CPU profile (`<label>.cpuprofile`, for Chromium DevTools or
   * scripts/profileSummary.ts) of each part the page wraps in console.profile; the page's bundle
   * is then not minified, so the profiles name the functions.
   */
  profileDir?: string;
}

/** `entry` (relative to scripts/) bundled for the page with esbuild, as one script. */
export async function bundleScript(entry: string, minify = true): Promise<string> {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify,
    logLevel: 'silent',
  });
  return bundle.outputFiles[0]?.text ?? '';
}

/**
 * Bundles `entry` (relative to scripts/) with esbuild, serves it on 127.0.0.1 and evaluates
 * `call(config)` in it in headless Chromium.
 */
async function runPage<C, R>(entry: string, call: (config: C) => Promise<R>, config: C, options: PageOptions = {}): Promise<{ ok: true; browser: string; value: R } | { ok: false; reason: string }> {
  const launch = playwrightConfig.use?.launchOptions ?? {};
  const executablePath = process.env.CHROMIUM_PATH ?? launch.executablePath ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    return { ok: false, reason: `Chromium not found at ${executablePath} (set CHROMIUM_PATH): the Chromium rows were skipped.` };
  }
  const script = await bundleScript(entry, options.profileDir === undefined);
  // The codec worker the page starts (renderer/db/inflate.ts: new URL('./codecWorker.ts', import.meta.url)).
  const workerScript = await bundleScript('../renderer/db/codecWorker.ts', options.profileDir === undefined);
  const server = createServer((req, res) => {
    if (req.url === '/bench.js' || req.url === '/codecWorker.ts') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(req.url === '/bench.js' ? script : workerScript);
    } else {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><meta charset="utf-8"><title>Fleetledger bench</title><script type="module" src="/bench.js"></script>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const profile = options.persistent ? mkdtempSync(join(tmpdir(), 'fleetledger-bench-profile-')) : null;
  const browser = profile === null ? await chromium.launch({ ...launch, executablePath }) : null;
  const context = browser === null ? await chromium.launchPersistentContext(profile as string, { ...launch, executablePath }) : null;
  try {
    const page = browser !== null ? await browser.newPage() : (context?.pages()[0] ?? (await (context as BrowserContext).newPage()));
    if (options.onConsole) {
      const onConsole = options.onConsole;
      page.on('console', (message) => onConsole(message.text()));
    }
    if (options.profileDir !== undefined) {
      const dir = options.profileDir;
      mkdirSync(dir, { recursive: true });
      const cdp = await page.context().newCDPSession(page);
      cdp.on('Profiler.consoleProfileFinished', (e) => {
        const file = join(dir, `${(e.title ?? 'profile').replace(/[^\w.-]+/g, '-')}.cpuprofile`);
        writeFileSync(file, JSON.stringify(e.profile));
        process.stderr.write(`  [ledger bench] CPU profile written: ${file}\n`);
      });
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    }
    const { port } = server.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => typeof window.fleetledgerBench === 'function' || typeof window.fleetledgerLedgerBench === 'function');
    const version = (browser ?? context?.browser())?.version() ?? '?';
    const value = (await page.evaluate(call as (c: unknown) => Promise<unknown>, config as unknown)) as R;
    return { ok: true, browser: `Chromium ${version}${profile === null ? '' : ' (persistent profile on disk)'}`, value };
  } finally {
    await (browser ?? context)?.close();
    server.close();
    if (profile !== null) rmSync(profile, { recursive: true, force: true });
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** ms with a precision that suits the figure: 0.42, 3.1, 812. */
export function formatMs(ms: number): string {
  return ms < 1 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0);
}

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i === -1 ? Number.NaN : Number(process.argv[i + 1]);
  return Number.isFinite(value) ? value : fallback;
}

/**
 * The lines under the units table: each row against PERFORMANCE.md's target, the two targets
 * that are ratios taken in the same run (the read against the naive layout, the import against
 * its pages alone) included. Machines are noisy: judge by these ratios and medians.
 */
export function unitsVerdicts(results: readonly { operation: string; targetMs: number | null; times: number[]; naiveMs?: number; handbookNaiveMs?: number }[]): string[] {
  const lines: string[] = [];
  const verdict = (met: boolean): string => (met ? 'met' : 'not met');
  const name = (operation: string): string => operation.split(' (')[0] ?? operation;
  for (const r of results) {
    if (r.naiveMs === undefined || r.handbookNaiveMs === undefined) continue;
    const ratio = median(r.times) / r.naiveMs;
    // PERFORMANCE.md: reading every lot and unit page ≥ 10× faster than the naive layout in the same run.
    const target = r.operation.startsWith('units: read the fleet') ? ` (target ≥ 10×: ${verdict(1 / ratio >= 10)})` : '';
    lines.push(`  ${name(r.operation)}: ${(1 / ratio).toFixed(1)}× faster than the naive layout in this run${target}; at PERFORMANCE.md's naive ${formatMs(r.handbookNaiveMs)} ms that is ≈ ${formatMs(ratio * r.handbookNaiveMs)} ms.`);
  }
  const imported = results[0];
  const floor = results.find((r) => r.operation.includes('pages alone'));
  if (imported && floor) {
    // PERFORMANCE.md: an import ≤ 3× the time of writing its unit pages alone (and ≤ 0.5 s, its row's target).
    const ratio = median(imported.times) / median(floor.times);
    lines.push(`  units: import / its pages alone, this run: ${ratio.toFixed(2)}× (checks, tag buckets, lot events and their counters on top of the floor; target ≤ 3×: ${verdict(ratio <= 3)}).`);
  }
  for (const r of results) {
    if (r.targetMs !== null) lines.push(`  ${name(r.operation)}: ${verdict(median(r.times) <= r.targetMs)} (${formatMs(median(r.times))} against ≤ ${r.targetMs} ms).`);
  }
  return lines;
}

async function main(): Promise<void> {
  const config: BenchConfig = {
    lots: argument('lots', DEFAULT_BROWSER_BENCH.lots),
    units: argument('units', DEFAULT_BROWSER_BENCH.units),
    runs: argument('runs', DEFAULT_BROWSER_BENCH.runs),
    naiveRuns: argument('naive-runs', DEFAULT_BROWSER_BENCH.naiveRuns),
  };
  const outcome = await runBrowserBench(config);
  if (!outcome.ok) {
    console.log(outcome.reason);
    return;
  }
  console.log(`Fleetledger units bench — ${outcome.browser}, real IndexedDB`);
  const rows = outcome.results.map((r) => [r.operation, `${formatMs(median(r.times))} (${r.times.length})`, formatMs(Math.min(...r.times)), r.targetMs === null ? '—' : `≤ ${r.targetMs}`]);
  const header = ['operation', 'median (runs), ms', 'fastest, ms', 'target, ms'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  for (const line of unitsVerdicts(outcome.results)) console.log(line);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
