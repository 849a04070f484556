/**
 * `fleetledger own-vs-rent (--ledger <file> | --folder <dir>) [--as-of] [--horizon-months]
 * [--term] [--utilisation] [--interest-rate] [--json]` (issue 12): what each owned lot has cost
 * since it went into service and will cost over the horizon, against renting the same work at
 * its model's (or category's) price in the rental price book; the break-even utilisation. The
 * same computation as the app's (shared/ownVsRentFleet.ts), from a backup or a team folder.
 */
import { parseIsoDate, type IsoDate } from '../shared/dates';
import { lotSchedule } from '../shared/depreciation/lotSchedule';
import { formatDecimal } from '../shared/money';
import { RENTAL_TERMS, type RentalTerm } from '../shared/ownVsRent';
import { fleetOwnVsRent } from '../shared/ownVsRentFleet';
import { err, ok, type Result } from '../shared/result';
import { readCommandLine } from './args';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from './io';
import { ledgerSourceOf, readLedgerSource, type LedgerSource } from './ledgerSource';
import { localToday } from './teamWrite';

export const DEFAULT_UTILISATION = 0.7;

export const OWN_VS_RENT_HELP = `Usage: fleetledger own-vs-rent (--ledger <file.fleetledger> | --folder <dir>) [options]

What each owned lot in service has cost since it went into service, and will cost over the
horizon — book depreciation + energy + support + space + interest on the book value — against
renting the same work at its model's rental price (or its category's, converted by performance),
with the break-even utilisation. Lots without a rental price are costed but not compared.

Options:
  --ledger <file>          a .fleetledger backup (verified first)
  --folder <dir>           or the folder a team shares
  --as-of <date>           YYYY-MM-DD (default today, local time)
  --horizon-months <n>     months ahead, 1–240 (default 36)
  --term <term>            the rental term to compare with: on-demand, 1-year or 3-year (default on-demand)
  --utilisation <percent>  the assumed utilisation, 0–100 (default 70); always reported as assumed
  --interest-rate <r>      yearly cost of capital, e.g. 0.08 (default 0.08)
  --json                   JSON: every lot, with the scenario
  -h, --help               show this help
`;

const OPTIONS = {
  ledger: { type: 'string' },
  folder: { type: 'string' },
  'as-of': { type: 'string' },
  'horizon-months': { type: 'string' },
  term: { type: 'string' },
  utilisation: { type: 'string' },
  'interest-rate': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

interface Args {
  source: LedgerSource;
  asOf: IsoDate;
  horizonMonths: number;
  term: RentalTerm;
  utilisation: number;
  interestRate: number;
  json: boolean;
}

function parseArgs(argv: readonly string[], today: IsoDate): Result<Args | 'help'> {
  const parsed = readCommandLine(argv, OPTIONS);
  if (!parsed.ok) return parsed;
  const v = parsed.value.values;
  if (v.help === true) return ok('help');
  const source = ledgerSourceOf(v);
  if (!source.ok) return source;
  let asOf = today;
  if (v['as-of'] !== undefined) {
    const d = parseIsoDate(v['as-of']);
    if (!d.ok) return err(`--as-of: ${d.error}`);
    asOf = d.value;
  }
  const horizon = v['horizon-months'] === undefined ? 36 : Number(v['horizon-months']);
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 240) return err('--horizon-months: a whole number from 1 to 240');
  const term = v.term ?? 'on-demand';
  if (!(RENTAL_TERMS as readonly string[]).includes(term)) return err(`--term: one of ${RENTAL_TERMS.join(', ')}`);
  const percent = v.utilisation === undefined ? DEFAULT_UTILISATION * 100 : Number(v.utilisation);
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) return err('--utilisation: a percentage from 0 to 100');
  const rate = v['interest-rate'] === undefined ? 0.08 : Number(v['interest-rate']);
  if (!Number.isFinite(rate) || rate < 0 || rate >= 1) return err('--interest-rate: a yearly rate from 0 to below 1, e.g. 0.08');
  return ok({ source: source.value, asOf, horizonMonths: horizon, term: term as RentalTerm, utilisation: percent / 100, interestRate: rate, json: v.json === true });
}

const money = (n: number | null, currency: string): string => (n === null ? '—' : formatDecimal(n, currency));
const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

export async function runOwnVsRent(argv: readonly string[], io: CliIo, today: IsoDate = localToday()): Promise<number> {
  const fail = (message: string, code = EXIT_USAGE): number => {
    io.stderr(`fleetledger own-vs-rent: ${message}\n`);
    return code;
  };
  const args = parseArgs(argv, today);
  if (!args.ok) return fail(args.error);
  if (args.value === 'help') {
    io.stdout(OWN_VS_RENT_HELP);
    return EXIT_OK;
  }
  const a = args.value;
  const read = await readLedgerSource(a.source, (text) => io.stderr(`fleetledger own-vs-rent: ${text}\n`));
  if (!read.ok) return fail(read.error, EXIT_FAILURE);
  const { snapshot } = read.value;
  const schedules = new Map(snapshot.lots.map((l) => {
    const s = lotSchedule(l, 'book', snapshot.settings.fiscalYearStart);
    return [l.id, s.ok ? s.value : null] as const;
  }));
  const result = fleetOwnVsRent(
    { lots: snapshot.lots, models: snapshot.models, sites: snapshot.sites, schedules },
    { asOf: a.asOf, horizonMonths: a.horizonMonths, term: a.term, interestRate: a.interestRate, assumedUtilisation: a.utilisation },
  );
  if (a.json) {
    io.stdout(`${JSON.stringify({
      scenario: { asOf: a.asOf, horizonMonths: a.horizonMonths, term: a.term, interestRate: a.interestRate, utilisation: { value: a.utilisation, assumed: true } },
      lots: result.lots.map((l) => ({
        lotCode: l.lotCode,
        currency: l.currency,
        price: l.price === null ? null : { ...l.price, pricePerHour: formatDecimal(l.price.pricePerHour, l.currency) },
        breakEvenUtilisation: l.breakEven,
        costPerUsefulHour: l.perUsefulHour === null ? null : formatDecimal(Math.round(l.perUsefulHour), l.currency),
        toDate: { owned: formatDecimal(l.toDate.owned, l.currency), rental: l.toDate.rental === null ? null : formatDecimal(l.toDate.rental, l.currency), saving: l.toDate.saving === null ? null : formatDecimal(l.toDate.saving, l.currency) },
        ahead: { owned: formatDecimal(l.ahead.owned, l.currency), rental: l.ahead.rental === null ? null : formatDecimal(l.ahead.rental, l.currency), saving: l.ahead.saving === null ? null : formatDecimal(l.ahead.saving, l.currency) },
      })),
    })}\n`);
    return EXIT_OK;
  }
  const header = ['LOT', 'CUR', 'BREAK-EVEN', 'OWNED TO DATE', 'SAVED TO DATE', `SAVED NEXT ${a.horizonMonths} MO`];
  const rows = result.lots.map((l) => [l.lotCode, l.currency, pct(l.breakEven), money(l.toDate.owned, l.currency), money(l.toDate.saving, l.currency), money(l.ahead.saving, l.currency)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]): string => `${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ').trimEnd()}\n`;
  io.stdout(line(header));
  for (const r of rows) io.stdout(line(r));
  const unpriced = result.lots.filter((l) => l.price === null).length;
  io.stdout(`\n${a.term} rental, utilisation ${(a.utilisation * 100).toFixed(0)}% assumed for every lot, interest ${(a.interestRate * 100).toFixed(1)}%, as of ${a.asOf}.${unpriced > 0 ? ` ${unpriced} lot(s) have no rental price in the book (— above).` : ''}\n`);
  return EXIT_OK;
}

export const ownVsRentCommand: CliCommand = {
  name: 'own-vs-rent',
  summary: 'what owned lots cost against renting the same work (--ledger <file> | --folder <dir>)',
  run: (argv, io) => runOwnVsRent(argv, io),
};
