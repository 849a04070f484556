/**
 * `npm run bench`: times fleet-scale operations against PERFORMANCE.md's targets and prints a
 * table. It measures; it never fails on a time (machines are noisy: read medians and ratios).
 *
 * Each row is a `BenchRow`; add one to ROWS (forecast, Chromium IndexedDB…) and it is timed and
 * printed the same way. The fleet is generated from a fixed seed, so every run times the same work.
 *
 *     npm run bench                      Node rows, the Chromium units rows, then the production
 *                                        build opened on the bench fleet (~3 minutes)
 *     npm run bench -- --node-only       Node rows only
 *     npm run bench -- --ledger          all of the above, then the ledger rows (backup, verified
 *                                        restore, rebuild of 500,000 events: tens of minutes)
 *     npm run bench -- --ledger-only     the ledger rows alone (with --node-only: their Node part)
 *
 * The ledger rows are scripts/bench-ledger.ts (options there: --ledger-events, --ledger-runs…).
 */
import { lotSchedule } from '../shared/depreciation/lotSchedule';
import { fleetOwnVsRent } from '../shared/ownVsRentFleet';
import { performance } from 'node:perf_hooks';
import { CATEGORIES, type Category } from '../shared/catalog';
import { isoDate, daysInMonth } from '../shared/dates';
import {
  CONVENTIONS,
  DEFAULT_CATEGORY_POLICIES,
  depreciationSchedule,
  salvageFor,
  schedulePeriods,
  type DepreciationPolicy,
  type MonthlySchedule,
  type ScheduleInput,
} from '../shared/depreciation';
import { demoFleet } from '../shared/demoFleet';
import { fleetForecast, type FleetForecastInput, type ForecastObservation } from '../shared/forecast/fleetForecast';
import type { HardwareModel, Site } from '../shared/catalog';
import type { Lot } from '../shared/lot';
import { CONDITIONS } from '../shared/market';
import { buildLotRows, filterLots, sortLots } from '../renderer/features/lots/lotRows';
import { EMPTY_FILTERS } from '../renderer/state/ui';
import { DEFAULT_BROWSER_BENCH, formatMs, median as medianOf, runBrowserBench, unitsVerdicts } from './bench-browser';
import { DEFAULT_OPEN_BENCH, openRows, runOpenBench } from './bench-open';
import { ledgerConfigFrom, runLedgerRows } from './bench-ledger';
import { seededRandom } from '../shared/seededRandom';

const LOTS = 2_000;
const RUNS = 21;
const WARM_UP = 3;


interface BenchLot {
  book: ScheduleInput;
  tax: ScheduleInput;
}

/**
 * Lots with mixed categories, costs, in-service dates and book policies; tax is MACRS. Book lives
 * are 3–10 years, or all `fixedLifeMonths` when given.
 */
function generateFleet(count: number, seed = 20_260_601, fixedLifeMonths?: number): BenchLot[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const lots: BenchLot[] = [];
  for (let i = 0; i < count; i += 1) {
    const category: Category = pick(CATEGORIES);
    const defaults = DEFAULT_CATEGORY_POLICIES[category];
    const quantity = 1 + Math.floor(random() * 64);
    const cost = quantity * (50_000 + Math.floor(random() * 30_000_000)); // $500 .. $300,000 a unit, in cents
    const year = 2020 + Math.floor(random() * 7);
    const month = 1 + Math.floor(random() * 12);
    const inServiceDate = isoDate(year, month, 1 + Math.floor(random() * daysInMonth(year, month)));
    const fiscalYearStartMonth = random() < 0.8 ? 1 : pick([4, 7, 10]);
    const lifeMonths = fixedLifeMonths ?? pick([36, 48, 60, 72, 84, 96, 120]);
    const convention = pick(CONVENTIONS);
    const roll = random();
    let bookPolicy: DepreciationPolicy;
    if (roll < 0.5) bookPolicy = defaults.book.policy.method === 'straight-line' ? { ...defaults.book.policy, lifeMonths, convention } : defaults.book.policy;
    else if (roll < 0.62) bookPolicy = { method: 'sum-of-years-digits', lifeMonths, convention };
    else if (roll < 0.8) bookPolicy = { method: 'declining-balance', lifeMonths, convention, factor: pick([1.5, 2]), switchToStraightLine: random() < 0.7 };
    else if (roll < 0.92) bookPolicy = { method: 'fixed-declining', lifeMonths, convention };
    else if (roll < 0.97) {
      const usage = Array.from({ length: lifeMonths }, (_u, k) => ({
        month: `${year + Math.floor((month - 1 + k) / 12)}-${String(((month - 1 + k) % 12) + 1).padStart(2, '0')}`,
        units: Math.floor(random() * 1_000),
      }));
      bookPolicy = { method: 'units-of-production', lifeMonths, totalUnits: 500 * lifeMonths, usage };
    } else bookPolicy = { method: 'none' };
    const salvage = salvageFor(defaults.book.salvage, cost, 0);
    lots.push({
      book: { cost, salvage, inServiceDate, policy: bookPolicy, fiscalYearStartMonth },
      tax: {
        cost,
        salvage: 0,
        inServiceDate,
        policy: { method: 'macrs', recoveryYears: pick([5, 5, 5, 7, 3] as const), convention: random() < 0.8 ? 'half-year' : 'mid-quarter' },
        fiscalYearStartMonth,
      },
    });
  }
  return lots;
}

function scheduleOrThrow(input: ScheduleInput): MonthlySchedule {
  const result = depreciationSchedule(input);
  if (!result.ok) throw new Error(`bench fleet is invalid: ${result.error}`);
  return result.value;
}

interface BenchRow {
  operation: string;
  environment: 'Node' | 'Chromium';
  /** Target in ms, or null where PERFORMANCE.md sets none. */
  targetMs: number | null;
  /** Runs once per call; returns something so the work cannot be optimised away. */
  run: () => unknown;
  /** How many operations one run performs (the figure printed is per operation). */
  perRun?: number;
}

const fleet = generateFleet(LOTS);
const longFleet = generateFleet(LOTS, 20_260_601, 120);
const months = (s: MonthlySchedule): number => s.depreciation.length;
let sink = 0;

function bookAndTax(lots: readonly BenchLot[]): number {
  let n = 0;
  for (const lot of lots) n += months(scheduleOrThrow(lot.book)) + months(scheduleOrThrow(lot.tax));
  return n;
}

/** The lots list at fleet scale: the demo fleet's lots repeated to 2,000, as the UI builds its rows. */
function lotListRows() {
  let n = 0;
  const demo = demoFleet({ today: '2026-11-29', now: '2026-11-29T00:00:00.000Z', newId: () => `id-${(n += 1)}` });
  const lots = Array.from({ length: LOTS }, (_, i) => {
    const l = demo.lots[i % demo.lots.length]!;
    return { ...l, id: `lot-${i}`, code: `${l.code}-${i}`, parentId: null, createdAt: '', updatedAt: '' };
  });
  return buildLotRows({ lots, modelsById: new Map(demo.models.map((m) => [m.id, m])), sitesById: new Map(demo.sites.map((s) => [s.id, s])), suppliersById: new Map(demo.suppliers.map((s) => [s.id, s])) }, '2026-11-29');
}
const listRows = lotListRows();
const keystrokes = ['h', 'h1', 'h10', 'h100', 'h100 f', 'h100 fr', 'h100 fra'];

/**
 * The forecast's fleet: 2,000 lots over 5 models per category (40; half with a successor, most
 * with a list price), 4 sites, and 12 market observations for three models in four, so curves
 * come from model data, the category and the prior. Deterministic like the rest.
 */
function generateForecastInput(count: number, horizonMonths: number, seed = 20_261_201): FleetForecastInput {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const stamp = '2026-12-01T00:00:00.000Z';
  const models: HardwareModel[] = [];
  const observations: ForecastObservation[] = [];
  for (const category of CATEGORIES) {
    for (let k = 0; k < 5; k += 1) {
      const id = `model-${category}-${k}`;
      const listPrice = 100_000 + Math.floor(random() * 30_000_000);
      const releaseYear = 2018 + k * 2;
      models.push({
        id,
        manufacturer: 'Bench',
        name: id,
        category,
        powerWatts: 200 + Math.floor(random() * 10_000),
        rackUnits: null,
        listPrice: random() < 0.85 ? listPrice : null,
        currency: 'USD',
        releaseDate: isoDate(releaseYear, 1 + Math.floor(random() * 12), 1),
        endOfSale: null,
        endOfSupport: null,
        successorId: k < 4 && random() < 0.6 ? `model-${category}-${k + 1}` : null,
        performance: 1 + k,
        serialPattern: '',
        storageBearing: false,
        notes: '',
        demo: false,
        createdAt: stamp,
        updatedAt: stamp,
      });
      if (random() < 0.75) {
        for (let o = 0; o < 12; o += 1) {
          const year = Math.min(2026, releaseYear + Math.floor(random() * 4));
          observations.push({
            modelId: id,
            date: isoDate(year, 1 + Math.floor(random() * 11), 1 + Math.floor(random() * 28)),
            unitPrice: Math.max(1_000, Math.floor(listPrice * Math.exp(-0.4 * (year - releaseYear)) * (0.8 + 0.4 * random()))),
            currency: 'USD',
            condition: pick(CONDITIONS),
          });
        }
      }
    }
  }
  const sites: Site[] = ['AMS1', 'FRA2', 'IAD3', 'SIN1'].map((code, i) => ({
    id: `site-${i}`,
    code,
    name: code,
    energyPricePerMwh: 8_000 + i * 3_000,
    currency: 'USD',
    pue: 1.2 + i * 0.1,
    notes: '',
    demo: false,
    createdAt: stamp,
    updatedAt: stamp,
  }));
  const lots: Lot[] = [];
  for (let i = 0; i < count; i += 1) {
    const model = pick(models);
    const defaults = DEFAULT_CATEGORY_POLICIES[model.category];
    const year = 2020 + Math.floor(random() * 7);
    const month = 1 + Math.floor(random() * 12);
    const inService = random() < 0.9;
    const lifeMonths = pick([36, 48, 60, 72]);
    lots.push({
      id: `lot-${i}`,
      code: `LOT-${i}`,
      modelId: model.id,
      quantity: 1 + Math.floor(random() * 64),
      unitCost: 50_000 + Math.floor(random() * 30_000_000),
      extraCosts: Math.floor(random() * 100_000),
      currency: 'USD',
      purchaseDate: isoDate(year, month, 1),
      receivedDate: isoDate(year, month, 10),
      inServiceDate: inService ? isoDate(year, month, 1 + Math.floor(random() * 28)) : null,
      siteId: pick(sites).id,
      supplierId: null,
      poNumber: 'PO',
      warrantyEnd: null,
      salvageValue: 0,
      powerWatts: null,
      supportCostPerYear: Math.floor(random() * 200_000),
      status: inService ? pick(['in-service', 'in-service', 'spare', 'refresh-candidate'] as const) : pick(['ordered', 'received', 'staged'] as const),
      disposition: null,
      disposedDate: null,
      proceeds: null,
      replacementPlan: '',
      notes: '',
      tags: [],
      parentId: null,
      book: { policy: pick([{ method: 'straight-line', lifeMonths, convention: 'full-month' }, { method: 'declining-balance', lifeMonths, convention: 'mid-month', factor: 2, switchToStraightLine: true }] as const), salvage: defaults.book.salvage },
      tax: defaults.tax,
      adjustments: [],
      depreciationChain: null,
      demo: false,
      createdAt: stamp,
      updatedAt: stamp,
    });
  }
  return { lots, models, sites, observations, asOf: '2026-12-01', horizonMonths, fiscalYearStartMonth: 1 };
}

const forecastInput = generateForecastInput(LOTS, 120);
function runForecast(extra: Partial<FleetForecastInput> = {}): number {
  const result = fleetForecast({ ...forecastInput, ...extra });
  if (!result.ok) throw new Error(`bench forecast failed: ${result.error}`);
  return result.value.lots.length;
}

// Own vs rent (issue 12) over the same fleet: every model priced in the rental book, every other lot
// with 24 months of recorded utilisation, schedules made beforehand (the app computes them once per
// fleet for every view).
const recordedMonths = Object.fromEntries(Array.from({ length: 24 }, (_, k) => [`${2024 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`, 40 + (k % 50)]));
const ownVsRentInput = {
  lots: forecastInput.lots.map((l, i) => (i % 2 === 0 ? { ...l, utilisation: recordedMonths } : l)),
  models: forecastInput.models.map((m) => ({ ...m, rentalPrices: [{ id: `rent-${m.id}`, term: 'on-demand' as const, pricePerHour: 4_000, currency: m.currency, performancePerInstance: m.performance ?? 1, date: '2024-01-01', source: 'bench' }] })),
  sites: forecastInput.sites,
  schedules: new Map(forecastInput.lots.map((l) => {
    const s = lotSchedule(l, 'book', 1);
    return [l.id, s.ok ? s.value : null] as const;
  })),
};

const ROWS: BenchRow[] = [
  {
    operation: `lots list: filter + sort ${LOTS.toLocaleString('en-US')} lots, per keystroke (mean of ${keystrokes.length})`,
    environment: 'Node',
    targetMs: 16,
    run: () => {
      let shown = 0;
      for (const text of keystrokes) shown += sortLots(filterLots(listRows, { ...EMPTY_FILTERS, text, stage: 'deploy' }), 'costBasis', 'desc').length;
      return shown;
    },
    perRun: keystrokes.length,
  },
  {
    operation: `depreciation: book + tax monthly schedules, ${LOTS.toLocaleString('en-US')} lots, lives 3–10 y`,
    environment: 'Node',
    targetMs: 50,
    run: () => bookAndTax(fleet),
  },
  {
    operation: `depreciation: same, every book life 120 months`,
    environment: 'Node',
    targetMs: 50,
    run: () => bookAndTax(longFleet),
  },
  {
    operation: `depreciation: book + tax schedules and their fiscal-year views`,
    environment: 'Node',
    targetMs: null,
    run: () => {
      let n = 0;
      for (const lot of fleet) {
        n += schedulePeriods(scheduleOrThrow(lot.book), 'year').length;
        n += schedulePeriods(scheduleOrThrow(lot.tax), 'year').length;
      }
      return n;
    },
  },
  {
    operation: `forecast: book + market, ${LOTS.toLocaleString('en-US')} lots × 120 months`,
    environment: 'Node',
    targetMs: 100,
    run: () => runForecast({ refresh: false }),
  },
  {
    operation: `forecast: same, with each lot's refresh plan`,
    environment: 'Node',
    targetMs: null,
    run: () => runForecast(),
  },
  {
    operation: `own vs rent: ${LOTS.toLocaleString('en-US')} lots (half with 24 months of recorded utilisation), since in service and 120 months ahead`,
    environment: 'Node',
    targetMs: 50,
    run: () => fleetOwnVsRent(ownVsRentInput, { asOf: '2026-12-01', horizonMonths: 120, term: 'on-demand', interestRate: 0.08, assumedUtilisation: 0.7 }).lots.length,
  },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function measure(row: BenchRow): { median: number; min: number } {
  for (let i = 0; i < WARM_UP; i += 1) row.run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    const out = row.run();
    times.push((performance.now() - start) / (row.perRun ?? 1));
    if (typeof out === 'number') sink += out;
  }
  return { median: median(times), min: Math.min(...times) };
}

const argv = process.argv.slice(2);
const nodeOnly = argv.includes('--node-only');
const ledgerOnly = argv.includes('--ledger-only');

function printNodeRows(): void {
  const totalMonths = bookAndTax(fleet);
  const longMonths = bookAndTax(longFleet);
  const results = ROWS.map((row) => ({ row, ...measure(row) }));
  const header = ['operation', 'env', `median of ${RUNS} (ms)`, 'fastest (ms)', 'target (ms)'];
  const table = [
    header,
    ...results.map(({ row, median: m, min }) => [
      row.operation,
      row.environment,
      m.toFixed(1),
      min.toFixed(1),
      row.targetMs === null ? '—' : `≤ ${row.targetMs}`,
    ]),
  ];
  const widths = header.map((_h, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
  const print = (r: string[]): string => r.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(
    `Fleetledger bench — Node ${process.version}; ${LOTS.toLocaleString('en-US')} lots; schedule months computed per run: ` +
      `${totalMonths.toLocaleString('en-US')} (lives 3–10 y), ${longMonths.toLocaleString('en-US')} (120-month book lives)`,
  );
  console.log(print(table[0] ?? header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of table.slice(1)) console.log(print(r));
  if (sink < 0) console.log(sink);
}

// Chromium rows (scripts/bench-browser.ts): the units storage over real IndexedDB, 100,000
// serials in 2,000 lots. Skipped with a line saying so when Chromium is missing; `--node-only` skips it.
async function printChromiumRows(): Promise<void> {
  const browser = await runBrowserBench(DEFAULT_BROWSER_BENCH);
  console.log('');
  if (!browser.ok) {
    console.log(browser.reason);
  } else {
    const runs = DEFAULT_BROWSER_BENCH.runs;
    console.log(`${browser.browser}, real IndexedDB — median of ${runs} runs (the naive layout: ${DEFAULT_BROWSER_BENCH.naiveRuns} run, for the ratio)`);
    const head = ['operation', 'env', 'median (ms)', 'fastest (ms)', 'target (ms)'];
    const body = browser.results.map((r) => [r.operation, 'Chromium', formatMs(medianOf(r.times)), formatMs(Math.min(...r.times)), r.targetMs === null ? '—' : `≤ ${r.targetMs}`]);
    const w = head.map((_h, i) => Math.max(...[head, ...body].map((r) => (r[i] ?? '').length)));
    const fmt = (r: string[]): string => r.map((c, i) => (i < 2 ? c.padEnd(w[i] ?? 0) : c.padStart(w[i] ?? 0))).join('  ');
    console.log(fmt(head));
    console.log(w.map((x) => '-'.repeat(x)).join('  '));
    for (const r of body) console.log(fmt(r));
    // PERFORMANCE.md: judge by ratios taken in one run (machines are noisy and differ).
    for (const line of unitsVerdicts(browser.results)) console.log(line);
  }
}

// The production build opened on the bench fleet (scripts/bench-open.ts): PERFORMANCE.md's
// "open the app to a usable fleet view".
async function printOpenRows(): Promise<void> {
  const outcome = await runOpenBench(DEFAULT_OPEN_BENCH, (line) => process.stderr.write(`  [open bench] ${line}\n`));
  console.log('');
  if (!outcome.ok) {
    console.log(outcome.reason);
    return;
  }
  const { rows, verdict } = openRows(outcome);
  console.log(`${outcome.browser}, the production build (vite build) opened ${outcome.runs.length} times, each in a freshly started browser on one persistent profile`);
  const head = ['operation', 'env', 'median (ms)', 'runs (ms)', 'target (ms)'];
  const body = rows.map((r) => [r.operation, 'Chromium', formatMs(medianOf(r.times)), r.times.map(formatMs).join(' / '), r.targetMs === null ? '—' : `≤ ${r.targetMs}`]);
  const w = head.map((_h, i) => Math.max(...[head, ...body].map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]): string => r.map((c, i) => (i < 2 ? c.padEnd(w[i] ?? 0) : c.padStart(w[i] ?? 0))).join('  ');
  console.log(fmt(head));
  console.log(w.map((x) => '-'.repeat(x)).join('  '));
  for (const r of body) console.log(fmt(r));
  console.log(verdict);
}

if (!ledgerOnly) {
  printNodeRows();
  if (!nodeOnly) {
    await printChromiumRows();
    await printOpenRows();
  }
}
// The ledger rows (scripts/bench-ledger.ts): minutes at fleet scale, so on request.
if (ledgerOnly || argv.includes('--ledger')) {
  if (!ledgerOnly) console.log('');
  await runLedgerRows(ledgerConfigFrom(argv), nodeOnly);
} else {
  console.log('\n(The ledger rows — backup, restore and rebuild of 500,000 events — run with `npm run bench -- --ledger`, or alone with `-- --ledger-only`.)');
}
