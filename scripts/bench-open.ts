/**
 * PERFORMANCE.md's row "open the app to a usable fleet view (production build, 2,000 lots, 100k
 * units) ≤ 1.0 s", measured in headless Chromium:
 *
 * 1. `vite build` of the renderer (the production build the desktop app loads) into a temporary
 *    folder, served on 127.0.0.1 beside a seeding page (scripts/benchOpenSeed.ts) on the same
 *    origin, so both open the same IndexedDB;
 * 2. the seeding page writes the bench fleet through the real storage code, in a persistent
 *    profile (IndexedDB on disk, as in the app);
 * 3. each run starts the browser afresh on that profile and opens the app: the figure is the
 *    time from the navigation's start until the lots grid shows the whole fleet's rows and the
 *    page answers (the next frame after it, once the main thread is free). The browser's own
 *    launch is not in it, as the desktop app's main-process start is not (it cannot run here).
 *
 *     npx tsx scripts/bench-open.ts [--runs N] [--units N] [--lots N]
 *
 * scripts/bench.ts runs it after the units rows. It measures; it never fails on a time.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from '@playwright/test';
import { build } from 'vite';
import playwrightConfig from '../playwright.config';
import { rendererConfig } from '../vite.config';
import { bundleScript, formatMs, median } from './bench-browser';
import type { OpenSeedConfig } from './benchOpenSeed';

export interface OpenBenchConfig extends OpenSeedConfig {
  runs: number;
}

export const DEFAULT_OPEN_BENCH: OpenBenchConfig = { lots: 2_000, units: 100_000, runs: 5 };

/** One opening of the app, ms from the navigation's start. */
export interface OpenTimes {
  /** The page's HTML and scripts loaded and run (domContentLoadedEventEnd). */
  loaded: number;
  /** The lots grid shows the first lots of the whole fleet (its row count is every lot's). */
  rows: number;
  /** The next frame after that, once the main thread was free: the view answers input. */
  usable: number;
  /** Long tasks (over 50 ms) in the 2 s after `usable`, summed: work the start left that blocks input. */
  blockedAfter: number;
}

export type OpenBenchOutcome = { ok: true; browser: string; seeded: { lots: number; units: number }; buildMs: number; seedMs: number; runs: OpenTimes[] } | { ok: false; reason: string };

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * Runs in the app's page before its own scripts: notes when the lots grid first shows `lots`
 * rows' worth of fleet, then when the next frame after that could run.
 */
function probe(lots: number): void {
  const times: { rows?: number; usable?: number } = {};
  const long: { start: number; duration: number }[] = [];
  (window as unknown as { fleetledgerLongTasks?: unknown }).fleetledgerLongTasks = long;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) long.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const observer = new MutationObserver(() => {
    if (times.rows !== undefined) return;
    const grid = document.querySelector('[role="grid"][aria-label="Lots"]');
    if (grid === null || grid.getAttribute('aria-rowcount') !== String(lots + 1) || grid.querySelector('[role="row"][aria-rowindex="2"]') === null) return;
    times.rows = performance.now();
    observer.disconnect();
    requestAnimationFrame(() =>
      setTimeout(() => {
        times.usable = performance.now();
        (window as unknown as { fleetledgerOpened?: unknown }).fleetledgerOpened = times;
      }, 0),
    );
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-rowcount'] });
}

export async function runOpenBench(config: OpenBenchConfig = DEFAULT_OPEN_BENCH, log: (line: string) => void = () => undefined): Promise<OpenBenchOutcome> {
  const launch = playwrightConfig.use?.launchOptions ?? {};
  const executablePath = process.env.CHROMIUM_PATH ?? launch.executablePath ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) return { ok: false, reason: `Chromium not found at ${executablePath} (set CHROMIUM_PATH): the "open the app" row was skipped.` };
  const work = mkdtempSync(join(tmpdir(), 'fleetledger-bench-open-'));
  const outDir = join(work, 'app');
  const profile = join(work, 'profile');
  const server = createServer();
  try {
    log('building the renderer for production (vite build)');
    const built = performance.now();
    await build({ ...rendererConfig, configFile: false, logLevel: 'warn', build: { ...rendererConfig.build, outDir, emptyOutDir: true, sourcemap: false } });
    const buildMs = performance.now() - built;
    const seedScript = await bundleScript('./benchOpenSeed.ts');
    const workerScript = await bundleScript('../renderer/db/codecWorker.ts');
    server.on('request', (req, res) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (path === '/seed.html') {
        res.writeHead(200, { 'content-type': TYPES['.html'] });
        res.end('<!doctype html><meta charset="utf-8"><title>Fleetledger bench seed</title><script type="module" src="/seed.js"></script>');
        return;
      }
      if (path === '/seed.js' || path === '/codecWorker.ts') {
        res.writeHead(200, { 'content-type': TYPES['.js'] });
        res.end(path === '/seed.js' ? seedScript : workerScript);
        return;
      }
      const file = normalize(join(outDir, path === '/' ? 'index.html' : decodeURIComponent(path)));
      if (!file.startsWith(outDir) || !existsSync(file)) {
        res.writeHead(404);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const open = (): Promise<BrowserContext> => chromium.launchPersistentContext(profile, { ...launch, executablePath });

    log(`seeding ${config.lots.toLocaleString('en-US')} lots and ${config.units.toLocaleString('en-US')} serials`);
    let context = await open();
    const browser = `Chromium ${context.browser()?.version() ?? ''}`.trim();
    const seeding = performance.now();
    let seeded: { lots: number; units: number };
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${origin}/seed.html`);
      await page.waitForFunction(() => typeof window.fleetledgerOpenSeed === 'function');
      seeded = await page.evaluate((c) => (window.fleetledgerOpenSeed as NonNullable<typeof window.fleetledgerOpenSeed>)(c), { lots: config.lots, units: config.units });
    } finally {
      await context.close();
    }
    const seedMs = performance.now() - seeding;

    const runs: OpenTimes[] = [];
    for (let r = 0; r < config.runs; r++) {
      context = await open();
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        await page.addInitScript(probe, config.lots);
        const problems: string[] = [];
        page.on('pageerror', (e) => problems.push(e.message));
        await page.goto(`${origin}/`);
        const handle = await page
          .waitForFunction(() => (window as unknown as { fleetledgerOpened?: { rows: number; usable: number } }).fleetledgerOpened, undefined, { timeout: 60_000 })
          .catch(async () => {
            const seen = await page.locator('[role="grid"][aria-label="Lots"]').getAttribute('aria-rowcount', { timeout: 1_000 }).catch(() => null);
            const text = (await page.locator('body').innerText().catch(() => '')).slice(0, 300).replace(/\s+/gu, ' ');
            throw new Error(`The app did not show the fleet within 60 s (lots grid rows: ${seen ?? 'no grid'}; page: "${text}"${problems.length > 0 ? `; errors: ${problems.join('; ')}` : ''}).`);
          });
        const times = (await handle.jsonValue()) as { rows: number; usable: number };
        // What the start leaves running after the view is shown (a read, an index, a sync) blocks input too.
        await page.waitForTimeout(2_500);
        const { blockedAfter, longTasks } = await page.evaluate((usable) => {
          const long = (window as unknown as { fleetledgerLongTasks: { start: number; duration: number }[] }).fleetledgerLongTasks;
          return { blockedAfter: long.filter((t) => t.start + t.duration > usable && t.start < usable + 2_000).reduce((sum, t) => sum + t.duration, 0), longTasks: long.map((t) => `${t.start.toFixed(0)}+${t.duration.toFixed(0)}`).join(', ') };
        }, times.usable);
        const loaded = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.domContentLoadedEventEnd ?? Number.NaN);
        runs.push({ loaded, rows: times.rows, usable: times.usable, blockedAfter });
        log(`run ${r + 1}: usable at ${formatMs(times.usable)} ms; long tasks (start+duration, ms): ${longTasks || 'none'}`);
      } finally {
        await context.close();
      }
    }
    return { ok: true, browser, seeded, buildMs, seedMs, runs };
  } catch (e) {
    return { ok: false, reason: `The "open the app" row failed: ${e instanceof Error ? e.message : String(e)}` };
  } finally {
    server.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/** The row and its parts, as table lines (operation, median, runs, target), and the verdict. */
export function openRows(outcome: Extract<OpenBenchOutcome, { ok: true }>): { rows: { operation: string; times: number[]; targetMs: number | null }[]; verdict: string } {
  const { lots, units } = outcome.seeded;
  const n = (x: number): string => x.toLocaleString('en-US');
  const usable = outcome.runs.map((r) => r.usable);
  const rows = [
    { operation: `open the app to a usable fleet view (production build, ${n(lots)} lots, ${n(units)} units; navigation start → lots grid shown and answering)`, times: usable, targetMs: 1_000 },
    { operation: '    of which: the page and its scripts loaded and run (DOMContentLoaded)', times: outcome.runs.map((r) => r.loaded), targetMs: null },
    { operation: '    of which: then start-up (ledger check, database open) to the fleet\'s rows shown', times: outcome.runs.map((r) => r.rows - r.loaded), targetMs: null },
    { operation: '    of which: then the next frame (the main thread free again)', times: outcome.runs.map((r) => r.usable - r.rows), targetMs: null },
    { operation: '    after it: long tasks (> 50 ms) in the next 2 s, summed (start-up work left that would delay a click)', times: outcome.runs.map((r) => r.blockedAfter), targetMs: null },
  ];
  const m = median(usable);
  const verdict = `  open the app to a usable fleet view: ${m <= 1_000 ? 'met' : 'not met'} (${formatMs(m)} against ≤ 1,000 ms, median of ${usable.length} starts of a fresh browser on the same profile; the browser's own launch not counted).`;
  return { rows, verdict };
}

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i === -1 ? Number.NaN : Number(process.argv[i + 1]);
  return Number.isSafeInteger(value) && value > 0 ? value : fallback;
}

async function main(): Promise<void> {
  const outcome = await runOpenBench(
    { lots: argument('lots', DEFAULT_OPEN_BENCH.lots), units: argument('units', DEFAULT_OPEN_BENCH.units), runs: argument('runs', DEFAULT_OPEN_BENCH.runs) },
    (line) => process.stderr.write(`  [open bench] ${line}\n`),
  );
  if (!outcome.ok) {
    console.log(outcome.reason);
    return;
  }
  const { rows, verdict } = openRows(outcome);
  console.log(`${outcome.browser}, persistent profile on disk; build ${formatMs(outcome.buildMs)} ms, seeding ${formatMs(outcome.seedMs)} ms (not in the figures)`);
  for (const r of rows) console.log(`${r.operation.padEnd(150)}  ${formatMs(median(r.times)).padStart(7)}  (${r.times.map(formatMs).join(' / ')})${r.targetMs === null ? '' : `  ≤ ${r.targetMs}`}`);
  console.log(verdict);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
