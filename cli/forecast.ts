/**
 * `fleetledger forecast`: the fleet forecast (shared/forecast/fleetForecast.ts) from a lots CSV
 * and a market observations CSV, or from a `.fleetledger` backup.
 *
 *   fleetledger forecast --lots lots.csv --market market.csv --as-of 2026-12-01 \
 *     --horizon-months 36 --json
 *   fleetledger forecast --ledger acme-2026-11-29.fleetledger --as-of 2026-12-01 --json
 *
 * With `--ledger` the backup is verified as `backup verify` does, and the forecast uses its real
 * lots, catalogue (successors, performance, power), sites (energy price, PUE), market prices and
 * the team's fiscal year: the input the app's Forecast & refresh view builds from the same data
 * (shared/ledger/forecastInput.ts), so the refresh months are the ones the app shows that day.
 *
 * The lots file is the app's import format (shared/lotCsv.ts). As the app's import does, models
 * and sites the file names are created in memory: a model per manufacturer + model (its category
 * from the row, no list price, release date or successor), a site per code, the category's default
 * depreciation policies. Ids are counter-based (UUID-shaped), so runs are reproducible. Market rows
 * for models no lot uses are ignored (counted in `unmatchedMarketRows`).
 *
 * Bad input gets one line on stderr naming the argument, or the file, row and column, and exit 2.
 */
import { ACCURACY_LEADS, forecastAccuracy, type ForecastAccuracy } from '../shared/forecast/accuracy';
import { readFileSync } from 'node:fs';
import { STORAGE_BEARING_DEFAULT, type HardwareModel, type Site } from '../shared/catalog';
import { formatCsvErrors } from '../shared/csv';
import { compareIso, type IsoDate } from '../shared/dates';
import { copyTemplate, DEFAULT_CATEGORY_POLICIES } from '../shared/depreciation/policies';
import {
  DEFAULT_HORIZON_MONTHS,
  DEFAULT_INTEREST_RATE,
  MAX_HORIZON_MONTHS,
  fleetForecast,
  lotMarketAt,
  type FleetForecast,
  type FleetForecastInput,
  type ForecastObservation,
  type ForecastTotal,
  type LotForecast,
} from '../shared/forecast/fleetForecast';
import { forecastInputFromLedger } from '../shared/ledger/forecastInput';
import type { Lot } from '../shared/lot';
import { parseLotCsv, type LotImportRow } from '../shared/lotCsv';
import { parseMarketCsv } from '../shared/marketCsv';
import { formatDecimal } from '../shared/money';
import { OUTLIER_MIN_FACTOR } from '../shared/forecast/residual';
import { err, ok, type Result } from '../shared/result';
import { asOfOption, readCommandLine } from './args';
import { textTable } from './textTable';
import { EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from './io';
import { readLedgerSource, type LedgerSource as SourceOfLedger } from './ledgerSource';
import { localToday } from './teamWrite';
import { utf8Text } from './textFile';

export const FORECAST_HELP = `Usage: fleetledger forecast --lots <lots.csv> [--market <market.csv>] [options] [--json]
       fleetledger forecast --ledger <file.fleetledger> [options] [--json]
       fleetledger forecast --folder <dir> [options] [--json]

Forecasts every lot's book value, market value (p10 / p50 / p90) and unrealised gain or loss
month by month, recommends a refresh month, and totals the fleet by category, site and stage.

  --lots <file>              lots CSV, the app's import format (this or --ledger)
  --market <file>            market observations CSV, the app's import format (with --lots)
  --ledger <file>            a .fleetledger backup instead of CSV files: its lots, models
                             (successors, performance, power), sites (energy price, PUE),
                             market prices and fiscal year, as the app's Forecast view uses them;
                             the file is verified first, as \`backup verify\` does
  --folder <dir>             or a team's shared folder (Settings → Team sync), as --ledger
  --as-of <date>             forecast date, YYYY-MM-DD (default today, in local time)
  --horizon-months <n>       months to forecast, 1..${MAX_HORIZON_MONTHS} (default ${DEFAULT_HORIZON_MONTHS})
  --fiscal-year-start <m>    first month of the fiscal year, 1..12 (default 1; with --ledger,
                             the team's setting)
  --interest-rate <r>        yearly cost of capital for the refresh plan, 0 to below 1, e.g. 0.08 (default ${DEFAULT_INTEREST_RATE})
  --hold-until-years <y>     refresh a lot when it reaches this age (from in-service, else
                             receipt, else purchase), e.g. 5 or 4.5 (default: no limit)
  --json                     print JSON (default: a table)
  -h, --help                 show this help

Values are at the end of each month; amounts are lot totals in the lot's currency. Proceeds if
sold are the market p50, before selling costs.
`;

export interface ForecastOptions {
  /** Exactly one of lotsPath, ledgerPath and folderPath is set. */
  lotsPath: string | null;
  marketPath: string | null;
  ledgerPath: string | null;
  folderPath: string | null;
  asOf: IsoDate;
  horizonMonths: number;
  /** null: the default (1, or the team's setting in a ledger). */
  fiscalYearStartMonth: number | null;
  interestRate: number;
  /** Hold-until age in whole months, or null for none. */
  holdUntilAgeMonths: number | null;
  json: boolean;
}

const OPTIONS = {
  lots: { type: 'string' },
  market: { type: 'string' },
  ledger: { type: 'string' },
  folder: { type: 'string' },
  'as-of': { type: 'string' },
  'horizon-months': { type: 'string' },
  'fiscal-year-start': { type: 'string' },
  'interest-rate': { type: 'string' },
  'hold-until-years': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Reads and checks the arguments; `today` is the default --as-of. */
export function parseForecastArgs(argv: readonly string[], today: IsoDate): Result<ForecastOptions | 'help'> {
  const parsed = readCommandLine(argv, OPTIONS);
  if (!parsed.ok) return parsed;
  const values = parsed.value.values;
  if (values.help) return ok('help');
  if (values.lots === '') return err('--lots: needs a file name');
  if (values.ledger === '') return err('--ledger: needs a file name');
  if (values.market === '') return err('--market: needs a file name');
  if (values.folder === '') return err('--folder: needs a folder');
  if (values.lots !== undefined && values.ledger !== undefined) return err('--ledger: give --lots (CSV files) or --ledger (a backup), not both');
  if (values.folder !== undefined && (values.lots !== undefined || values.ledger !== undefined)) return err('--folder: give --lots (CSV files), --ledger (a backup) or --folder (a team folder), one of them');
  if (values.lots === undefined && values.ledger === undefined && values.folder === undefined) return err('--lots or --ledger: required (a lots CSV file, or a .fleetledger backup), or --folder (a team folder)');
  if (values.ledger !== undefined && values.market !== undefined) return err('--market: not with --ledger (the backup holds its market prices)');
  if (values.folder !== undefined && values.market !== undefined) return err('--market: not with --folder (the ledger holds its market prices)');

  const asOfValue = asOfOption(values['as-of'], today);
  if (!asOfValue.ok) return asOfValue;
  const asOf = asOfValue.value;

  let horizonMonths = DEFAULT_HORIZON_MONTHS;
  const horizonText = values['horizon-months'];
  if (horizonText !== undefined) {
    if (!/^\d{1,4}$/u.test(horizonText) || Number(horizonText) < 1 || Number(horizonText) > MAX_HORIZON_MONTHS) {
      return err(`--horizon-months: "${horizonText}" is not a whole number of months from 1 to ${MAX_HORIZON_MONTHS}`);
    }
    horizonMonths = Number(horizonText);
  }

  let fiscalYearStartMonth: number | null = null;
  const fyText = values['fiscal-year-start'];
  if (fyText !== undefined) {
    if (!/^\d{1,2}$/u.test(fyText) || Number(fyText) < 1 || Number(fyText) > 12) return err(`--fiscal-year-start: "${fyText}" is not a month number 1..12`);
    fiscalYearStartMonth = Number(fyText);
  }

  let interestRate = DEFAULT_INTEREST_RATE;
  const rateText = values['interest-rate'];
  if (rateText !== undefined) {
    // The range the Forecast view and own-vs-rent take: a cost of capital from 0 to below 100 %.
    if (!/^\d+(\.\d+)?$/u.test(rateText) || !(Number(rateText) < 1)) {
      return err(`--interest-rate: "${rateText}" is not a yearly rate from 0 to below 1, such as 0.08`);
    }
    interestRate = Number(rateText);
  }

  let holdUntilAgeMonths: number | null = null;
  const holdText = values['hold-until-years'];
  if (holdText !== undefined) {
    const months = Math.round(Number(holdText) * 12);
    if (!/^\d{1,2}(\.\d+)?$/u.test(holdText) || Number(holdText) > 50 || (Number(holdText) > 0 && months === 0)) {
      return err(`--hold-until-years: "${holdText}" is not an age in years such as 5 or 4.5 (0 to 50, at least a month unless 0)`);
    }
    holdUntilAgeMonths = months;
  }

  return ok({
    lotsPath: values.lots ?? null,
    marketPath: values.market ?? null,
    ledgerPath: values.ledger ?? null,
    folderPath: values.folder ?? null,
    asOf,
    horizonMonths,
    fiscalYearStartMonth,
    interestRate,
    holdUntilAgeMonths,
    json: values.json === true,
  });
}

function readText(flag: string, path: string): Result<string> {
  try {
    return utf8Text(readFileSync(path), path);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    return err(`${flag}: cannot read "${path}"${typeof code === 'string' ? ` (${code})` : ''}`);
  }
}

/** The first CSV problem as one line, with how many more there are. */
function csvProblem(lines: readonly string[]): string {
  const first = lines[0] ?? 'unreadable file';
  return lines.length > 1 ? `${first} (and ${lines.length - 1} more problem${lines.length > 2 ? 's' : ''})` : first;
}

/** Deterministic UUID-shaped ids: the CLI builds its catalogue in memory on every run. */
function idCounter(): () => string {
  let n = 0;
  return () => `00000000-0000-4000-8000-${(n += 1).toString(16).padStart(12, '0')}`;
}

export interface CliFleet {
  lots: Lot[];
  models: HardwareModel[];
  sites: Site[];
  /** Model id by lower-cased manufacturer + name. */
  modelIdByName: Map<string, string>;
}

const nameKey = (manufacturer: string, name: string): string => `${manufacturer.trim().toLowerCase()}\u0000${name.trim().toLowerCase()}`;

/** Lots, models and sites from import rows, as the app's import creates them. */
export function fleetFromRows(rows: readonly LotImportRow[], asOf: IsoDate): CliFleet {
  const newId = idCounter();
  const now = `${asOf}T00:00:00.000Z`;
  const models: HardwareModel[] = [];
  const sites: Site[] = [];
  const modelIdByName = new Map<string, string>();
  const siteIdByCode = new Map<string, string>();
  const lots: Lot[] = [];
  for (const row of rows) {
    const key = nameKey(row.manufacturer, row.model);
    let modelId = modelIdByName.get(key);
    if (modelId === undefined) {
      modelId = newId();
      modelIdByName.set(key, modelId);
      models.push({
        id: modelId,
        manufacturer: row.manufacturer,
        name: row.model,
        category: row.category,
        powerWatts: null,
        rackUnits: null,
        listPrice: null,
        currency: row.currency,
        releaseDate: null,
        endOfSale: null,
        endOfSupport: null,
        successorId: null,
        performance: null,
        serialPattern: '',
        storageBearing: STORAGE_BEARING_DEFAULT[row.category],
        notes: '',
        demo: false,
        createdAt: now,
        updatedAt: now,
      });
    }
    let siteId: string | null = null;
    if (row.siteCode !== '') {
      const code = row.siteCode.toLowerCase();
      siteId = siteIdByCode.get(code) ?? null;
      if (siteId === null) {
        siteId = newId();
        siteIdByCode.set(code, siteId);
        sites.push({ id: siteId, code: row.siteCode, name: row.siteCode, energyPricePerMwh: null, currency: row.currency, pue: null, notes: '', demo: false, createdAt: now, updatedAt: now });
      }
    }
    const policies = DEFAULT_CATEGORY_POLICIES[row.category];
    lots.push({
      id: newId(),
      code: row.lotCode,
      modelId,
      quantity: row.quantity,
      unitCost: row.unitCost,
      extraCosts: row.extraCosts,
      currency: row.currency,
      purchaseDate: row.purchaseDate,
      receivedDate: row.receivedDate,
      inServiceDate: row.inServiceDate,
      siteId,
      supplier: row.supplier,
      poNumber: row.poNumber,
      warrantyEnd: row.warrantyEnd,
      salvageValue: row.salvageValue,
      powerWatts: row.powerWatts,
      supportCostPerYear: row.supportCostPerYear,
      status: row.status,
      disposition: null,
      disposedDate: null,
      proceeds: null,
      replacementPlan: row.replacementPlan,
      notes: row.notes,
      tags: [],
      parentId: null,
      book: copyTemplate(policies.book),
      tax: copyTemplate(policies.tax),
      adjustments: [],
      depreciationChain: null,
      demo: false,
      createdAt: now,
      updatedAt: now,
    });
  }
  return { lots, models, sites, modelIdByName };
}

// ---- Output -------------------------------------------------------------------------------

interface PrintedQuantiles {
  p10: string;
  p50: string;
  p90: string;
}

interface PrintedMonth {
  month: string;
  bookValue: string;
  market: PrintedQuantiles | null;
  gainLoss: string | null;
  proceedsIfSold: string | null;
}

/** `gainBase`: the book value the gain / loss is against (a total's is that of its lots with a market value). */
function printedMonth(month: string, currency: string, book: number, p10: number | null, p50: number | null, p90: number | null, gainBase = book): PrintedMonth {
  const market = p10 === null || p50 === null || p90 === null ? null : { p10: formatDecimal(p10, currency), p50: formatDecimal(p50, currency), p90: formatDecimal(p90, currency) };
  return {
    month,
    bookValue: formatDecimal(book, currency),
    market,
    gainLoss: p50 === null ? null : formatDecimal(p50 - gainBase, currency),
    proceedsIfSold: p50 === null ? null : formatDecimal(p50, currency),
  };
}

function lotMonth(f: FleetForecast, lot: LotForecast, i: number): PrintedMonth {
  const m = lotMarketAt(lot, i);
  return printedMonth(f.months[i] ?? '', lot.currency, lot.book[i] ?? 0, m?.p10 ?? null, m?.p50 ?? null, m?.p90 ?? null);
}

function totalMonth(f: FleetForecast, t: ForecastTotal, i: number): PrintedMonth {
  const hasMarket = t.marketLotCount > 0;
  return printedMonth(f.months[i] ?? '', t.currency, t.book[i] ?? 0, hasMarket ? (t.p10[i] ?? 0) : null, hasMarket ? (t.p50[i] ?? 0) : null, hasMarket ? (t.p90[i] ?? 0) : null, t.marketBook[i] ?? 0);
}

function printedLot(f: FleetForecast, lot: LotForecast, modelName: string) {
  const c = lot.curve;
  const months: PrintedMonth[] = [];
  for (let i = 1; i <= f.horizonMonths; i++) months.push(lotMonth(f, lot, i));
  return {
    lotCode: lot.lotCode,
    model: modelName,
    category: lot.category,
    site: lot.siteCode,
    stage: lot.stage,
    currency: lot.currency,
    quantity: lot.quantity,
    condition: lot.condition,
    curve:
      c === null
        ? null
        : {
            source: c.source,
            listPriceSource: lot.listPriceSource,
            originDate: c.originDate,
            originKind: c.originKind,
            decayPerYear: round(c.decayPerYear, 6),
            retainedPerYear: round(Math.exp(-c.decayPerYear), 6),
            levelAtOrigin: formatDecimal(Math.round(Math.exp(c.logIntercept)), lot.currency),
            bandSigma: round(Math.sqrt(c.noiseVariance), 6),
            bandMultiplier: round(c.bandMultiplier, 6),
            observations: c.observationCount,
            categoryObservations: c.categoryObservationCount,
            skippedObservations: c.skippedObservationCount,
            outliers: c.outliers.map((o) => ({ date: o.date, unitPrice: formatDecimal(o.unitPrice, o.currency), currency: o.currency, condition: o.condition })),
            suspects: c.suspects.map((o) => ({ date: o.date, unitPrice: formatDecimal(o.unitPrice, o.currency), currency: o.currency, condition: o.condition })),
            dataWeight: round(c.dataWeight, 6),
          },
    marketProblem: lot.marketProblem,
    atAsOf: lotMonth(f, lot, 0),
    months,
    refresh: {
      recommendedMonth: lot.refresh.recommendedMonth,
      trigger: lot.refresh.trigger,
      reason: lot.refresh.reason,
      proceeds: decimalOrNull(lot.refresh.proceeds, lot.currency),
      replacementUnits: lot.refresh.replacementUnits,
      replacementCapex: decimalOrNull(lot.refresh.replacementCapex, lot.currency),
      energySavedPerYear: decimalOrNull(lot.refresh.energySavedPerYear, lot.currency),
      energySavedMwhPerYear: lot.refresh.energySavedMwhPerYear === null ? null : round(lot.refresh.energySavedMwhPerYear, 3),
    },
  };
}

function decimalOrNull(minor: number | null, currency: string): string | null {
  return minor === null ? null : formatDecimal(Math.round(minor), currency);
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Where the forecast's data came from, for the JSON output: the backup's ledger, or null for CSV files. */
interface LedgerSource {
  ledgerId: string;
  ledgerName: string;
  createdAt: string;
}

interface ForecastRun {
  forecast: FleetForecast;
  fiscalYearStartMonth: number;
  modelNames: Map<string, string>;
  unmatchedMarketRows: number;
  ledger: LedgerSource | null;
  /** Own sales against the forecast 6 and 12 months before (a ledger's; CSV input has no own sales). */
  accuracy: ForecastAccuracy | null;
}

function renderJson(run: ForecastRun, options: ForecastOptions): string {
  const { forecast: f, modelNames } = run;
  const fleet = f.totals.map((t) => {
    const months: PrintedMonth[] = [];
    for (let i = 1; i <= f.horizonMonths; i++) months.push(totalMonth(f, t, i));
    return { by: t.by, key: t.key, currency: t.currency, lotCount: t.lotCount, marketLotCount: t.marketLotCount, atAsOf: totalMonth(f, t, 0), months };
  });
  return `${JSON.stringify({
    asOf: f.asOf,
    horizonMonths: f.horizonMonths,
    fiscalYearStartMonth: run.fiscalYearStartMonth,
    interestRate: options.interestRate,
    holdUntilAgeMonths: options.holdUntilAgeMonths,
    ledger: run.ledger,
    unmatchedMarketRows: run.unmatchedMarketRows,
    lots: f.lots.map((lot) => printedLot(f, lot, modelNames.get(lot.modelId) ?? '')),
    fleet,
    // Planned and ordered lots: the capex pipeline, never fleet value (PRODUCT.md "Fleet value").
    accuracy: run.accuracy === null ? null : printedAccuracy(run.accuracy),
    commitments: { lots: f.commitments.lots, cost: Object.fromEntries(Object.entries(f.commitments.cost).map(([c, n]) => [c, formatDecimal(n, c)])) },
  })}\n`;
}

/** The accuracy report with amounts as decimal strings, as every amount the command prints. */
function printedAccuracy(a: ForecastAccuracy) {
  return {
    summary: a.summary,
    sales: a.sales.map((s) => ({
      lotCode: s.lotCode,
      date: s.date,
      currency: s.currency,
      quantity: s.quantity,
      realised: formatDecimal(s.realised, s.currency),
      forecasts: ACCURACY_LEADS.map((lead) => {
        const f = s.forecasts[lead];
        return f === null ? { monthsBefore: lead, forecast: null } : { monthsBefore: lead, p10: formatDecimal(f.p10, s.currency), p50: formatDecimal(f.p50, s.currency), p90: formatDecimal(f.p90, s.currency), error: f.error, inside: f.inside };
      }),
    })),
  };
}


/** The prices left out of the curves as far outside their model's others, and those kept though far (fewer than three prices), once each (lots of one model share a curve). */
function outliersText(f: FleetForecast, modelNames: ReadonlyMap<string, string>): string {
  const seen = new Set<string>();
  const listed: string[] = [];
  const kept: string[] = [];
  for (const lot of f.lots) {
    const key = `${lot.modelId} ${lot.currency}`;
    if (lot.curve === null || seen.has(key)) continue;
    seen.add(key);
    const name = modelNames.get(lot.modelId) ?? lot.modelId;
    for (const o of lot.curve.outliers) listed.push(`${name} ${o.date} ${formatDecimal(o.unitPrice, o.currency)} ${o.currency} ${o.condition}`);
    for (const o of lot.curve.suspects) kept.push(`${name} ${o.date} ${formatDecimal(o.unitPrice, o.currency)} ${o.currency} ${o.condition}`);
  }
  return (
    (listed.length === 0 ? '' : `\n${listed.length} market price(s) left out of the curves, more than ${OUTLIER_MIN_FACTOR} times above or below their model's others (check the amount and currency): ${listed.join('; ')}.`) +
    (kept.length === 0
      ? ''
      : `\n${kept.length} market price(s) more than ${OUTLIER_MIN_FACTOR} times above or below their model's other price or list price, kept in the curves, as with fewer than three prices none is left out (check the amount and currency, and the list price): ${kept.join('; ')}.`)
  );
}

/** `unmatchedMarketRows`: market rows for a model no lot has, said as the JSON says it (a misspelt model name is not dropped silently). */
function renderText(f: FleetForecast, unmatchedMarketRows = 0, modelNames: ReadonlyMap<string, string> = new Map()): string {
  const end = f.horizonMonths;
  const last = f.months[end] ?? '';
  const first = f.months[0] ?? '';
  const lotRows = [
    ['lot', 'cur', 'qty', `book ${first}`, `p50 ${first}`, `book ${last}`, `p10 ${last}`, `p50 ${last}`, `p90 ${last}`, 'refresh'],
    ...f.lots.map((lot) => {
      const now = lotMarketAt(lot, 0);
      const m = lotMarketAt(lot, end);
      const money = (v: number | undefined): string => (v === undefined ? '—' : formatDecimal(v, lot.currency));
      return [
        lot.lotCode,
        lot.currency,
        String(lot.quantity),
        money(lot.book[0]),
        money(now?.p50),
        money(lot.book[end]),
        money(m?.p10),
        money(m?.p50),
        money(m?.p90),
        lot.refresh.recommendedMonth ?? '—',
      ];
    }),
  ];
  const totalRows = [
    ['total', 'group', 'cur', 'lots', `book ${last}`, `p10 ${last}`, `p50 ${last}`, `p90 ${last}`],
    ...f.totals.map((t) => {
      // A group none of whose lots has a market curve has no market value ('—', as the JSON's null), not 0.00.
      const market = (v: number | undefined): string => (t.marketLotCount === 0 ? '—' : formatDecimal(v ?? 0, t.currency));
      return [
        t.by,
        t.key === '' ? '(no site)' : t.key,
        t.currency,
        String(t.lotCount),
        formatDecimal(t.book[end] ?? 0, t.currency),
        market(t.p10[end]),
        market(t.p50[end]),
        market(t.p90[end]),
      ];
    }),
  ];
  const committed = Object.entries(f.commitments.cost).map(([c, n]) => `${formatDecimal(n, c)} ${c}`).join(' + ');
  const skipped =
    (f.disposedSkipped > 0 ? `\n${f.disposedSkipped} disposed lot(s) skipped.` : '') +
    (f.commitments.lots > 0 ? `\n${f.commitments.lots} planned or ordered lot(s) not counted: committed, not owned yet (${committed} at cost).` : '') +
    (unmatchedMarketRows > 0 ? `\n${unmatchedMarketRows} market price row(s) not used: no lot in the lots file has their manufacturer and model.` : '') +
    outliersText(f, modelNames);
  return `${textTable(lotRows, 2)}\n\n${textTable(totalRows, 3)}\n\nValues at the end of each month; p50 is also the proceeds if sold, before selling costs. Use --json for every month and the refresh reasons.${skipped}\n`;
}



type Prepared = Result<Omit<ForecastRun, 'forecast'> & { input: FleetForecastInput }>;

/** The forecast's input from the CSV files, as the app's import would create the fleet. */
function inputFromCsv(options: ForecastOptions, lotsPath: string, today: IsoDate): Prepared {
  const lotsText = readText('--lots', lotsPath);
  if (!lotsText.ok) return lotsText;
  const lotRows = parseLotCsv(lotsText.value, { existingCodes: new Set() });
  if (!lotRows.ok) return err(csvProblem(formatCsvErrors(lotRows.errors, lotsPath)));
  const fleet = fleetFromRows(lotRows.rows, options.asOf);

  const observations: ForecastObservation[] = [];
  let unmatchedMarketRows = 0;
  if (options.marketPath !== null) {
    const marketText = readText('--market', options.marketPath);
    if (!marketText.ok) return marketText;
    // Prices dated after today are refused (as in the app); those after --as-of are read but not used.
    const marketRows = parseMarketCsv(marketText.value, { asOf: compareIso(options.asOf, today) > 0 ? options.asOf : today });
    if (!marketRows.ok) return err(csvProblem(formatCsvErrors(marketRows.errors, options.marketPath)));
    for (const row of marketRows.rows) {
      const modelId = fleet.modelIdByName.get(nameKey(row.manufacturer, row.model));
      if (modelId === undefined) {
        unmatchedMarketRows += 1;
        continue;
      }
      observations.push({ modelId, date: row.date, unitPrice: row.unitPrice, currency: row.currency, condition: row.condition });
    }
  }
  const fiscalYearStartMonth = options.fiscalYearStartMonth ?? 1;
  return ok({
    input: {
      lots: fleet.lots,
      models: fleet.models,
      sites: fleet.sites,
      observations,
      asOf: options.asOf,
      horizonMonths: options.horizonMonths,
      fiscalYearStartMonth,
      interestRate: options.interestRate,
      holdUntilAgeMonths: options.holdUntilAgeMonths,
    },
    fiscalYearStartMonth,
    modelNames: new Map(fleet.models.map((m) => [m.id, `${m.manufacturer} ${m.name}`])),
    unmatchedMarketRows,
    ledger: null,
    accuracy: null,
  });
}

/** The forecast's input from a verified backup or a team folder: the same input the app's Forecast view builds. */
async function inputFromLedger(options: ForecastOptions, source: SourceOfLedger, warn: (text: string) => void): Promise<Prepared> {
  const read = await readLedgerSource(source, warn);
  if (!read.ok) return read;
  const { snapshot, ledgerId, ledgerName, createdAt } = read.value;
  const input = forecastInputFromLedger(snapshot, {
    asOf: options.asOf,
    horizonMonths: options.horizonMonths,
    interestRate: options.interestRate,
    holdUntilAgeMonths: options.holdUntilAgeMonths,
    ...(options.fiscalYearStartMonth === null ? {} : { fiscalYearStartMonth: options.fiscalYearStartMonth }),
  });
  return ok({
    input,
    fiscalYearStartMonth: input.fiscalYearStartMonth,
    modelNames: new Map(snapshot.models.map((m) => [m.id, `${m.manufacturer} ${m.name}`])),
    unmatchedMarketRows: 0,
    ledger: { ledgerId, ledgerName, createdAt },
    accuracy: forecastAccuracy({ lots: snapshot.lots, models: snapshot.models, sites: snapshot.sites, observations: snapshot.observations, fiscalYearStartMonth: input.fiscalYearStartMonth }),
  });
}

export async function runForecast(argv: readonly string[], io: CliIo, today: IsoDate = localToday()): Promise<number> {
  const fail = (message: string): number => {
    io.stderr(`fleetledger forecast: ${message}\n`);
    return EXIT_USAGE;
  };
  const parsed = parseForecastArgs(argv, today);
  if (!parsed.ok) return fail(parsed.error);
  if (parsed.value === 'help') {
    io.stdout(FORECAST_HELP);
    return EXIT_OK;
  }
  const options = parsed.value;
  const warn = (text: string): void => io.stderr(`fleetledger forecast: ${text}\n`);
  const prepared =
    options.ledgerPath !== null
      ? await inputFromLedger(options, { ledger: options.ledgerPath }, warn)
      : options.folderPath !== null
        ? await inputFromLedger(options, { folder: options.folderPath }, warn)
        : options.lotsPath !== null
          ? inputFromCsv(options, options.lotsPath, today)
          : err('--lots or --ledger: required');
  if (!prepared.ok) return fail(prepared.error);
  const { input, ...rest } = prepared.value;
  const forecast = fleetForecast(input);
  if (!forecast.ok) return fail(forecast.error);
  // A CSV's lots print in the file's order; a ledger's (which come by id) by lot code.
  const printed = rest.ledger === null ? forecast.value : { ...forecast.value, lots: [...forecast.value.lots].sort((a, b) => a.lotCode.localeCompare(b.lotCode, 'en', { numeric: true })) };
  const run: ForecastRun = { ...rest, forecast: printed };
  io.stdout(options.json ? renderJson(run, options) : renderText(printed, run.unmatchedMarketRows, run.modelNames));
  return EXIT_OK;
}

export const forecastCommand: CliCommand = {
  name: 'forecast',
  summary: 'forecast book and market value of every lot by month, with refresh months (CSV files or --ledger)',
  run: (argv, io) => runForecast(argv, io),
};
