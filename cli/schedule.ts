/**
 * `fleetledger schedule`: one asset's depreciation schedule from the command line.
 *
 *   fleetledger schedule --method fixed-declining --cost 1000000.00 --salvage 100000.00 \
 *     --life-years 6 --in-service 2026-06-01 --json
 *
 * Amounts are read and printed as decimals with the currency's minor digits and computed in
 * integer minor units by shared/depreciation. A bad argument gets one line on stderr naming it,
 * and exit code 2.
 */
import { toCsv } from '../shared/csv';
import { parseIsoDate } from '../shared/dates';
import { formatDecimal, isCurrencyCode, minorDigits, parseMoney } from '../shared/money';
import { err, ok, type Result } from '../shared/result';
import {
  CONVENTIONS,
  MACRS_RECOVERY_YEARS,
  MAX_LIFE_MONTHS,
  PERIOD_KINDS,
  depreciationSchedule,
  schedulePeriods,
  totalDepreciation,
  type Convention,
  type DepreciationPolicy,
  type DisposalResult,
  type MacrsRecoveryYears,
  type PeriodKind,
  type SchedulePeriod,
} from '../shared/depreciation';
import { isCommitment } from '../shared/depreciation/fleetValue';
import { lotSchedule } from '../shared/depreciation/lotSchedule';
import { STATUS_LABELS } from '../shared/lifecycle';
import { BOOKS, type BookKind } from '../shared/lot';
import { readCommandLine, type OptionValues } from './args';
import { ledgerSourceOf, readLedgerSource, type LedgerSource } from './ledgerSource';
import { EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from './io';

/** The command line's method names (a subset of the engine's: units-of-production needs usage data). */
export const CLI_METHODS = [
  'straight-line',
  'sum-of-years-digits',
  'declining-balance',
  'fixed-declining',
  'macrs',
  'none',
] as const;
export type CliMethod = (typeof CLI_METHODS)[number];

export const SCHEDULE_HELP = `Usage: fleetledger schedule --method <method> --cost <amount> --salvage <amount>
                           (--life-years <n> | --life-months <n>) --in-service <YYYY-MM-DD>
                           [options] [--json | --csv]
       fleetledger schedule --lot <code> (--folder <dir> | --ledger <file>) [--book book|tax]
                           [--period <p>] [--json | --csv]

Prints one asset's depreciation schedule, or a lot's from a team folder or a backup (its cost,
policies, adjustments and splits, and the team's fiscal year, as the app's Depreciation tab;
a disposed lot's ends in its proceeds, book value then and gain or loss).

  --lot <code>               a lot of the ledger given by --folder or --ledger
  --folder <dir>             a team's shared folder (Settings → Team sync)
  --ledger <file>            or a .fleetledger backup (verified first)
  --book <b>                 book or tax (default book), with --lot

  --method <m>               ${CLI_METHODS.join(' | ')}
  --cost <amount>            cost basis, e.g. 1000000.00
  --salvage <amount>         salvage value (not for macrs; optional for none)
  --life-years <n>           useful life in years (12ths allowed, e.g. 2.5)
  --life-months <n>          useful life in months
  --in-service <date>        in-service date, YYYY-MM-DD
  --convention <c>           ${CONVENTIONS.join(' | ')}
                             (default full-month; macrs: half-year or mid-quarter, default half-year)
  --factor <f>               declining-balance factor (default 2 = double-declining)
  --no-switch                declining-balance without the switch to straight-line (spreadsheet DDB)
  --recovery-years <n>       macrs recovery period: 3, 5 or 7
  --fiscal-year-start <m>    first month of the fiscal year, 1..12 (default 1)
  --period <p>               month | quarter | year (default year)
  --currency <code>          ISO 4217 code (default USD); sets the amounts' decimal places
  --json                     print JSON
  --csv                      print CSV
  -h, --help                 show this help

Fiscal years are named by the calendar year in which they end.
`;

export interface ScheduleOptions {
  cost: number;
  salvage: number;
  inServiceDate: string;
  policy: DepreciationPolicy;
  fiscalYearStartMonth: number;
  period: PeriodKind;
  currency: string;
  format: 'json' | 'csv' | 'text';
}

const OPTIONS = {
  lot: { type: 'string' },
  folder: { type: 'string' },
  ledger: { type: 'string' },
  book: { type: 'string' },
  method: { type: 'string' },
  cost: { type: 'string' },
  salvage: { type: 'string' },
  'life-years': { type: 'string' },
  'life-months': { type: 'string' },
  'in-service': { type: 'string' },
  convention: { type: 'string' },
  factor: { type: 'string' },
  'no-switch': { type: 'boolean' },
  'recovery-years': { type: 'string' },
  'fiscal-year-start': { type: 'string' },
  period: { type: 'string' },
  currency: { type: 'string' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = OptionValues<typeof OPTIONS>;

function oneOf<T extends string>(list: readonly T[], text: string): T | null {
  return (list as readonly string[]).includes(text) ? (text as T) : null;
}

function parseLifeMonths(values: Values): Result<number | null> {
  const years = values['life-years'];
  const months = values['life-months'];
  if (years !== undefined && months !== undefined) return err('--life-months: give --life-years or --life-months, not both');
  if (months !== undefined) {
    if (!/^\d+$/u.test(months)) return err(`--life-months: "${months}" is not a whole number of months`);
    const n = Number(months);
    if (n < 1 || n > MAX_LIFE_MONTHS) return err(`--life-months: must be from 1 to ${MAX_LIFE_MONTHS}`);
    return ok(n);
  }
  if (years !== undefined) {
    if (!/^\d+(\.\d+)?$/u.test(years)) return err(`--life-years: "${years}" is not a number of years`);
    const exact = Number(years) * 12;
    const n = Math.round(exact);
    if (Math.abs(exact - n) > 1e-9) return err(`--life-years: ${years} years is not a whole number of months`);
    if (n < 1 || n > MAX_LIFE_MONTHS) return err(`--life-years: must be from 1 month to ${MAX_LIFE_MONTHS / 12} years`);
    return ok(n);
  }
  return ok(null);
}

function parseAmount(flag: string, text: string, currency: string): Result<number> {
  const parsed = parseMoney(text, currency);
  if (!parsed.ok) return err(`${flag}: ${parsed.error}`);
  if (parsed.value < 0) return err(`${flag}: must not be negative`);
  return parsed;
}

function refuse(flag: string, given: unknown, method: string): string | null {
  return given === undefined ? null : `${flag}: does not apply to --method ${method}`;
}

/** Reads and checks the arguments; an error names the argument at fault. */
export function parseScheduleArgs(argv: readonly string[]): Result<ScheduleOptions | 'help'> {
  const parsed = readCommandLine(argv, OPTIONS);
  if (!parsed.ok) return parsed;
  const values: Values = parsed.value.values;
  if (values.help) return ok('help');

  const currency = values.currency ?? 'USD';
  if (!isCurrencyCode(currency)) return err(`--currency: "${currency}" is not an ISO 4217 code such as USD`);
  if (values.json && values.csv) return err('--csv: choose --json or --csv, not both');

  if (values.method === undefined) return err(`--method: required (${CLI_METHODS.join(', ')})`);
  const method = oneOf(CLI_METHODS, values.method);
  if (method === null) return err(`--method: "${values.method}" is not one of ${CLI_METHODS.join(', ')}`);

  if (values.cost === undefined) return err('--cost: required (e.g. --cost 1000000.00)');
  const cost = parseAmount('--cost', values.cost, currency);
  if (!cost.ok) return cost;

  if (values['in-service'] === undefined) return err('--in-service: required (YYYY-MM-DD)');
  const inService = parseIsoDate(values['in-service']);
  if (!inService.ok) return err(`--in-service: ${inService.error}`);

  let fiscalYearStartMonth = 1;
  const fyText = values['fiscal-year-start'];
  if (fyText !== undefined) {
    if (!/^\d{1,2}$/u.test(fyText) || Number(fyText) < 1 || Number(fyText) > 12) {
      return err(`--fiscal-year-start: "${fyText}" is not a month number 1..12`);
    }
    fiscalYearStartMonth = Number(fyText);
  }

  const period = oneOf(PERIOD_KINDS, values.period ?? 'year');
  if (period === null) return err(`--period: "${values.period ?? ''}" is not one of ${PERIOD_KINDS.join(', ')}`);

  let convention: Convention | null = null;
  if (values.convention !== undefined) {
    convention = oneOf(CONVENTIONS, values.convention);
    if (convention === null) return err(`--convention: "${values.convention}" is not one of ${CONVENTIONS.join(', ')}`);
  }

  const life = parseLifeMonths(values);
  if (!life.ok) return life;
  let salvage = 0;
  if (values.salvage !== undefined) {
    const parsedSalvage = parseAmount('--salvage', values.salvage, currency);
    if (!parsedSalvage.ok) return parsedSalvage;
    salvage = parsedSalvage.value;
    if (salvage > cost.value) return err(`--salvage: ${values.salvage} is more than the cost ${values.cost}`);
  }

  if (method !== 'declining-balance') {
    const problem = refuse('--factor', values.factor, method) ?? refuse('--no-switch', values['no-switch'], method);
    if (problem !== null) return err(problem);
  }
  if (method !== 'macrs') {
    const problem = refuse('--recovery-years', values['recovery-years'], method);
    if (problem !== null) return err(problem);
  }

  let policy: DepreciationPolicy;
  if (method === 'none') {
    // Nothing is depreciated: a life or a convention would be dropped without a word.
    const problem = refuse('--life-years', values['life-years'], method) ?? refuse('--life-months', values['life-months'], method) ?? refuse('--convention', values.convention, method);
    if (problem !== null) return err(problem);
    policy = { method: 'none' };
  } else if (method === 'macrs') {
    if (values.salvage !== undefined && salvage !== 0) return err('--salvage: MACRS recovers the whole basis; leave --salvage out');
    const macrsConvention = convention ?? 'half-year';
    if (macrsConvention !== 'half-year' && macrsConvention !== 'mid-quarter') {
      return err(`--convention: macrs uses half-year or mid-quarter (got ${macrsConvention})`);
    }
    let recoveryYears: MacrsRecoveryYears | null = null;
    const recoveryText = values['recovery-years'];
    if (recoveryText !== undefined) {
      recoveryYears = MACRS_RECOVERY_YEARS.find((y) => String(y) === recoveryText) ?? null;
      if (recoveryYears === null) return err(`--recovery-years: "${recoveryText}" is not 3, 5 or 7`);
    }
    if (life.value !== null) {
      const flag = values['life-years'] !== undefined ? '--life-years' : '--life-months';
      const fromLife = MACRS_RECOVERY_YEARS.find((y) => y * 12 === life.value) ?? null;
      if (fromLife === null || (recoveryYears !== null && recoveryYears !== fromLife)) {
        return err(`${flag}: macrs recovery periods are 3, 5 or 7 years; use --recovery-years`);
      }
      recoveryYears = fromLife;
    }
    if (recoveryYears === null) return err('--recovery-years: required for --method macrs (3, 5 or 7)');
    policy = { method: 'macrs', recoveryYears, convention: macrsConvention };
  } else {
    if (values.salvage === undefined) return err(`--salvage: required for --method ${method} (0 is allowed)`);
    if (life.value === null) return err(`--life-years: required for --method ${method} (or --life-months)`);
    const lifeMonths = life.value;
    const conv = convention ?? 'full-month';
    switch (method) {
      case 'straight-line':
      case 'sum-of-years-digits':
      case 'fixed-declining':
        policy = { method, lifeMonths, convention: conv };
        break;
      case 'declining-balance': {
        let factor = 2;
        if (values.factor !== undefined) {
          if (!/^\d+(\.\d+)?$/u.test(values.factor) || Number(values.factor) <= 0 || Number(values.factor) > 100) {
            return err(`--factor: "${values.factor}" is not a number above 0 (e.g. 1.5 or 2)`);
          }
          factor = Number(values.factor);
        }
        policy = { method, lifeMonths, convention: conv, factor, switchToStraightLine: !values['no-switch'] };
        break;
      }
    }
  }

  return ok({
    cost: cost.value,
    salvage,
    inServiceDate: inService.value,
    policy,
    fiscalYearStartMonth,
    period,
    currency,
    format: values.json ? 'json' : values.csv ? 'csv' : 'text',
  });
}

interface PrintedPeriod {
  label: string;
  start: string;
  end: string;
  depreciation: string;
  /** Only in a lot's schedule (impairments are recorded on lots): without it its rows would not add up. */
  writeDown?: string;
  accumulated: string;
  bookValue: string;
}

function printable(p: SchedulePeriod, currency: string, withWriteDown = false): PrintedPeriod {
  return {
    label: p.label,
    start: p.start,
    end: p.end,
    depreciation: formatDecimal(p.depreciation, currency),
    ...(withWriteDown ? { writeDown: formatDecimal(p.writeDown, currency) } : {}),
    accumulated: formatDecimal(p.accumulated, currency),
    bookValue: formatDecimal(p.bookValue, currency),
  };
}

const COLUMNS = ['label', 'start', 'end', 'depreciation', 'accumulated', 'bookValue'] as const;
/** A lot's schedule: its write-downs too, as the app's Finance tab shows them. */
const LOT_COLUMNS = ['label', 'start', 'end', 'depreciation', 'writeDown', 'accumulated', 'bookValue'] as const;

/** A lot's disposal, as the app's Finance tab shows it: its book value then and the gain (+) or loss (−). */
interface PrintedDisposal {
  date: string;
  proceeds: string;
  bookValue: string;
  gainOrLoss: string;
}

function printableDisposal(d: DisposalResult, currency: string): PrintedDisposal {
  return { date: d.date, proceeds: formatDecimal(d.proceeds, currency), bookValue: formatDecimal(d.bookValue, currency), gainOrLoss: formatDecimal(d.gainOrLoss, currency) };
}

/** `disposal`: only a lot's schedule has one (null while the lot is held); the asset form never does. */
function render(
  options: Pick<ScheduleOptions, 'format' | 'currency'>,
  periods: PrintedPeriod[],
  total: string,
  columns: readonly (keyof PrintedPeriod)[] = COLUMNS,
  disposal?: PrintedDisposal | null,
): string {
  const cells = (p: PrintedPeriod): string[] => columns.map((c) => p[c] ?? '');
  switch (options.format) {
    case 'json':
      return `${JSON.stringify({ currency: options.currency, periods, total, ...(disposal === undefined ? {} : { disposal }) })}\n`;
    case 'csv':
      // The one CSV writer (quoting, formula neutralisation, CRLF), as every other export.
      return toCsv(columns, periods.map(cells));
    case 'text': {
      const rows = [[...columns] as string[], ...periods.map(cells)];
      const widths = columns.map((_c, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
      const line = (r: readonly string[]): string =>
        r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ').trimEnd();
      const digits = minorDigits(options.currency);
      const disposed =
        disposal === undefined || disposal === null
          ? ''
          : `Disposed of on ${disposal.date}: proceeds ${disposal.proceeds}, book value ${disposal.bookValue}, ${disposal.gainOrLoss.startsWith('-') ? 'loss' : 'gain'} ${disposal.gainOrLoss} ${options.currency}\n`;
      return `${rows.map(line).join('\n')}\n\nTotal depreciation: ${total} ${options.currency}${
        digits === 2 ? '' : ` (${digits} decimal places)`
      }\n${disposed}`;
    }
  }
}

/** The lot form: `--lot <code>` with `--folder` or `--ledger`; null when `--lot` is not given. */
export function parseLotScheduleArgs(argv: readonly string[]): Result<{ lot: string; source: LedgerSource; book: BookKind; period: PeriodKind; format: ScheduleOptions['format'] } | null> {
  const parsed = readCommandLine(argv, OPTIONS);
  if (!parsed.ok) return parsed;
  const values: Values = parsed.value.values;
  // --help wins over everything else (./args.ts): the asset form prints it.
  if (values.help) return ok(null);
  if (values.lot === undefined) {
    if (values.folder !== undefined || values.ledger !== undefined || values.book !== undefined) return err('--lot: required with --folder, --ledger or --book (the lot whose schedule to print)');
    return ok(null);
  }
  if (values.lot === '') return err('--lot: needs a lot code');
  for (const flag of ['method', 'cost', 'salvage', 'life-years', 'life-months', 'in-service', 'convention', 'factor', 'no-switch', 'recovery-years', 'fiscal-year-start', 'currency'] as const) {
    if (values[flag] !== undefined) return err(`--${flag}: not with --lot (the lot's own policy, cost and currency, and the team's fiscal year, are used)`);
  }
  const source = ledgerSourceOf(values);
  if (!source.ok) return source;
  const book = oneOf(BOOKS, values.book ?? 'book');
  if (book === null) return err(`--book: "${values.book ?? ''}" is not one of ${BOOKS.join(', ')}`);
  const period = oneOf(PERIOD_KINDS, values.period ?? 'year');
  if (period === null) return err(`--period: "${values.period ?? ''}" is not one of ${PERIOD_KINDS.join(', ')}`);
  if (values.json && values.csv) return err('--csv: choose --json or --csv, not both');
  return ok({ lot: values.lot, source: source.value, book, period, format: values.json ? 'json' : values.csv ? 'csv' : 'text' });
}

async function runLotSchedule(options: NonNullable<Extract<ReturnType<typeof parseLotScheduleArgs>, { ok: true }>['value']>, io: CliIo): Promise<number> {
  const fail = (message: string): number => {
    io.stderr(`fleetledger schedule: ${message}\n`);
    return EXIT_USAGE;
  };
  const read = await readLedgerSource(options.source, (text) => io.stderr(`fleetledger schedule: ${text}\n`));
  if (!read.ok) return fail(read.error);
  const { snapshot } = read.value;
  const lots = snapshot.lots.filter((l) => l.code === options.lot);
  if (lots.length === 0) return fail(`--lot: no lot ${options.lot} in the ledger`);
  if (lots.length > 1) return fail(`--lot: ${lots.length} lots have the code ${options.lot} (a conflict between devices: rename one in the app)`);
  const lot = lots[0]!;
  // The app's Finance tab shows a split part's full history (its share of every month since the
  // original went into service): with the since-split view a fiscal year around the split would
  // print only its months from the split on, under the whole year's label and dates.
  const schedule = lotSchedule(lot, options.book, snapshot.settings.fiscalYearStart, { history: 'full' });
  if (!schedule.ok) return fail(`${lot.code}: ${schedule.error}`);
  if (schedule.value === null) {
    // As the app's Finance tab says it: a lot disposed of before it went into service never will be.
    if (lot.status === 'disposed') {
      return fail(`${lot.code} was disposed of${lot.disposedDate ? ` on ${lot.disposedDate}` : ''} without ever being put in service, so it was never depreciated`);
    }
    return fail(`${lot.code} is not in service yet: its depreciation has not started`);
  }
  const periods = schedulePeriods(schedule.value, options.period).map((p) => printable(p, lot.currency, true));
  const total = schedule.value.openingAccumulated + totalDepreciation(schedule.value);
  const disposal = schedule.value.disposal === null ? null : printableDisposal(schedule.value.disposal, lot.currency);
  io.stdout(render({ format: options.format, currency: lot.currency }, periods, formatDecimal(total, lot.currency), LOT_COLUMNS, disposal));
  // A commitment's schedule is a projection (the app's Finance tab says "Projected"): the books carry nothing for it.
  if (isCommitment(lot)) {
    io.stderr(
      `fleetledger schedule: ${lot.code} is ${STATUS_LABELS[lot.status].toLowerCase()}, a commitment the fleet does not own yet: the books carry no value and no depreciation for it; ` +
        'this is what it would book from its planned in-service date\n',
    );
  }
  // The CSV is the periods' table alone: a disposal is said beside it, not left out unsaid.
  if (options.format === 'csv' && disposal !== null) {
    io.stderr(`fleetledger schedule: ${lot.code} was disposed of on ${disposal.date} (proceeds ${disposal.proceeds}, book value ${disposal.bookValue}, gain or loss ${disposal.gainOrLoss} ${lot.currency}); the CSV holds the periods only, --json has the disposal too\n`);
  }
  return EXIT_OK;
}

/** `fleetledger schedule`: the lot form when `--lot` is given, else one asset's (synchronous). */
export function runSchedule(argv: readonly string[], io: CliIo): number | Promise<number> {
  const lotForm = parseLotScheduleArgs(argv);
  if (!lotForm.ok) {
    io.stderr(`fleetledger schedule: ${lotForm.error}\n`);
    return EXIT_USAGE;
  }
  if (lotForm.value !== null) return runLotSchedule(lotForm.value, io);
  return runAssetSchedule(argv, io);
}

/** One asset's schedule from its arguments. */
export function runAssetSchedule(argv: readonly string[], io: CliIo): number {
  const parsed = parseScheduleArgs(argv);
  if (!parsed.ok) {
    io.stderr(`fleetledger schedule: ${parsed.error}\n`);
    return EXIT_USAGE;
  }
  if (parsed.value === 'help') {
    io.stdout(SCHEDULE_HELP);
    return EXIT_OK;
  }
  const options = parsed.value;
  const schedule = depreciationSchedule({
    cost: options.cost,
    salvage: options.salvage,
    inServiceDate: options.inServiceDate,
    policy: options.policy,
    fiscalYearStartMonth: options.fiscalYearStartMonth,
  });
  if (!schedule.ok) {
    io.stderr(`fleetledger schedule: ${schedule.error}\n`);
    return EXIT_USAGE;
  }
  const periods = schedulePeriods(schedule.value, options.period).map((p) => printable(p, options.currency));
  io.stdout(render(options, periods, formatDecimal(totalDepreciation(schedule.value), options.currency)));
  return EXIT_OK;
}

export const scheduleCommand: CliCommand = {
  name: 'schedule',
  summary: "print one asset's or one lot's depreciation schedule (JSON, CSV or a table)",
  run: runSchedule,
};
